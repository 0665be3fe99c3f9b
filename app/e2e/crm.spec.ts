/** The operator's whole journey on the real backend and a real demo database: upload a messy
 * export, fix its mapping, review and apply it, settle an identity question from the demo
 * data and a doubt between two rows of one file, work a client's 360 and its Oracle proposal,
 * and take the import back out. */
import type { ReviewDecision } from "../src/api/types";
import { expect, test } from "./fixtures";
import { saveScreenshot } from "./pages/screenshots";

// A small export with the usual problems: a column no profile knows and an invalid e-mail.
const MESSY_EXPORT = [
  "First Name,Last Name,Email,Phone,Company,Shoe Size",
  "Dana,Scully,dana.scully@@fbi.gov,+1 202 555 0199,FBI,39",
  "Fox,Mulder,fox.mulder@fbi.gov,+1 202 555 0198,FBI,43",
  "Walter,Skinner,w.skinner@fbi.gov,+1 202 555 0100,FBI,45",
].join("\n");

// Two rows of one household export that share a mailbox but not a name.
const SHARED_MAILBOX = [
  "First Name,Last Name,Email,Phone,Company",
  "John,Miller,millers.home@gmail.com,+1 512 555 0101,Miller Household",
  "Alice,Brown,millers.home@gmail.com,+1 512 555 0102,Miller Household",
].join("\n");

test.describe.configure({ mode: "serial" });

test.describe("CRM import review and Client 360", () => {
  let replayedImportId = "";

  test("upload a messy export by drag and drop and fix its mapping", async ({ page, importsPage, importPage }) => {
    await importsPage.goto();
    await expect(importsPage.row("01_salesforce_accounts.csv")).toBeVisible();
    await saveScreenshot(page, "01-import-list");

    await importsPage.dropFile("fbi_contacts.csv", MESSY_EXPORT);
    const firstImportId = await importsPage.upload();
    await expect(importPage.heading).toContainText("fbi_contacts.csv");
    await expect(importPage.summary).toContainText("5/6");
    await saveScreenshot(page, "02-import-summary");

    await importPage.openTab("Unresolved");
    await expect(importPage.unresolved).toContainText("Shoe Size");
    await expect(importPage.unresolved.getByRole("row").filter({ hasText: "dana.scully@@fbi.gov" })).toContainText("Invalid value");
    await saveScreenshot(page, "03-unresolved-fields");

    await importPage.openTab("Mapping");
    await expect(importPage.targetOf("Shoe Size")).toHaveValue("disposition:unresolved");
    await expect(importPage.mappingRow("Email")).toContainText("fox.mulder@fbi.gov");
    await importPage.setTarget("Shoe Size", { label: "Keep as custom attribute" });
    await expect(importPage.mapping).toContainText("1 column changed");
    await saveScreenshot(page, "04-mapping-editor");

    replayedImportId = await importPage.saveMapping();
    expect(replayedImportId).not.toBe(firstImportId);
    await expect(importPage.heading).toContainText("fbi_contacts.csv");
    await expect(importPage.summary).toContainText("1 custom");
  });

  test("correct the invalid e-mail, approve the low-risk rest and apply", async ({ page, importPage }) => {
    await importPage.goto(replayedImportId);
    const invalidEmail = importPage.decision(/email of Dana Scully is not valid/);
    await invalidEmail.choose("Type a corrected value");
    await invalidEmail.correctedValue("dana.scully@fbi.gov");
    await invalidEmail.note("Typo in the source CRM");
    await saveScreenshot(page, "05-review-queue");
    await invalidEmail.approve();
    await importPage.reviewQueue.getByLabel("Status").selectOption({ label: "Approved" });
    await importPage.decision(/email of Dana Scully is not valid/).expectDecided(/Approved: Type a corrected value · by e2e-operator .*Typo in the source CRM/);
    await importPage.reviewQueue.getByLabel("Status").selectOption({ label: "Pending" });

    await importPage.approveAllLowRisk();
    const result = await importPage.apply();
    await expect(result).toContainText(/Applied \d+ changes, none blocked · batch is now applied/);
    await importPage.expectStatus("Applied");
    await saveScreenshot(page, "06-apply-result");
  });

  test("settle an identity question from the demo data and apply its import", async ({ page, api, importPage }) => {
    const decision: ReviewDecision = await api.pendingIdentityDecision();
    await importPage.goto(decision.import_id!);
    await importPage.filterKind(decision.kind === "ambiguous_match" ? "Ambiguous match" : decision.kind === "identity_merge" ? "Identity merge" : "Identity conflict");

    const card = importPage.decision(decision.question);
    await expect(card.incoming).toBeVisible();
    await expect(card.candidate("A")).toContainText(/\d+% match/);
    await expect(card.candidate("A").getByRole("list", { name: "Comparisons" }).getByRole("listitem").first()).toBeVisible();
    await saveScreenshot(page, "07-identity-decision");

    // Keep them apart: the comparisons show only a name in common. (Approving "Same as" and
    // then applying currently fails in the backend; see the report.)
    const keepApart = decision.options.find((option) => option.id === "create_new" || option.id === "keep_separate");
    await card.choose(keepApart?.label ?? decision.options[0]!.label);
    await card.note("Only the name matches; different company records");
    await card.approve();
    await expect(importPage.reviewQueue.getByRole("heading", { name: decision.question })).toHaveCount(0);

    const result = await importPage.apply();
    await expect(result).toContainText(/Applied \d+ change/);
    await expect(result).toContainText(/batch is now (applied|partially applied)/);
    await saveScreenshot(page, "08-identity-apply-result");
  });

  test("compare two rows of one file that may be one person, as the file has them, and keep them apart", async ({ page, importsPage, importPage }) => {
    await importsPage.goto();
    await importsPage.dropFile("miller_household.csv", SHARED_MAILBOX);
    await importsPage.upload();
    await importPage.filterKind("Identity conflict");

    const card = importPage.decision(/Are row 1 \(John Miller\), row 2 \(Alice Brown\) one person\?/);
    await expect(card.row(1)).toContainText("John Miller");
    await expect(card.row(2)).toContainText("Alice Brown");
    for (const row of [card.row(1), card.row(2)]) {
      await expect(row).toContainText("In this file, not yet a client");
      await expect(row).toContainText("millers.home@gmail.com");
    }
    await expect(card.pair(1, 2).getByRole("listitem").filter({ hasText: "e-mail millers.home@gmail.com equal" })).toBeVisible();
    await expect(card.root).not.toContainText("Could not load this client");
    await saveScreenshot(page, "21-within-batch-conflict");

    await card.choose(/Keep them separate/);
    await card.approve();
    await expect(importPage.reviewQueue.getByRole("heading", { name: /Are row 1 \(John Miller\)/ })).toHaveCount(0);
  });

  test("open a client's 360, see where a value came from, and approve an Oracle writeback", async ({
    page,
    api,
    clientSearchPage,
    client360Page,
  }) => {
    const ann = await api.onlyClient("ann@obrien-office.ie");
    const writeback = await api.submitWriteback({
      client_id: ann.client_id,
      source: "oracle",
      mission_id: "m-e2e",
      rationale: "Call transcript: Ann now runs procurement for the family office",
      confidence: 0.82,
      changes: [
        { field: "client.job_title", value: "Head of Procurement" },
        { add: "interest", values: { inventory_ref: "SKU-1182", level: "high", note: "Asked for a fleet quote" } },
        { add: "interaction", values: { kind: "call", subject: "Quarterly check-in", body: "Mentioned her promotion.", occurred_at: "2026-11-20T10:00:00Z" } },
      ],
    });

    await clientSearchPage.goto();
    await clientSearchPage.search("ann@obrien-office.ie");
    await saveScreenshot(page, "09-client-search");
    await clientSearchPage.open("Ann O'Brien");

    await expect(client360Page.panel("Accounts")).toContainText("O'Brien Family Office");
    const provenance = await client360Page.showProvenance("ann@obrien-office.ie");
    await expect(provenance).toContainText("salesforce");
    await expect(provenance).toContainText("Email");
    await saveScreenshot(page, "10-client-360");

    await client360Page.openTab("Oracle CRM Intelligence");
    const card = client360Page.writeback(writeback.writeback_id);
    await expect(card).toContainText("Call transcript: Ann now runs procurement for the family office");
    await expect(card).toContainText("82%");
    await saveScreenshot(page, "11-oracle-tab");

    const overwrite = client360Page.writebackDecision(writeback.writeback_id, /job_title/);
    await overwrite.choose("Use the new values");
    await overwrite.note("Confirmed on the call");
    await overwrite.approve();
    await overwrite.expectDecided(/Approved: Use the new values/);
    const additions = client360Page.writebackDecision(writeback.writeback_id, /Apply Oracle's proposal/);
    await additions.approve();
    await additions.expectDecided(/Approved/);

    const result = await client360Page.applyWriteback(writeback.writeback_id);
    await expect(result).toContainText("Applied 3 changes, none blocked");
    await saveScreenshot(page, "12-oracle-applied");

    await client360Page.openTab("Client 360");
    await expect(client360Page.heading).toContainText("Ann O'Brien");
    await expect(page.getByText("Head of Procurement at O'Brien Family Office")).toBeVisible();
    await expect(client360Page.panel("Interests")).toContainText("SKU-1182");
    await expect(client360Page.panel("Interaction timeline")).toContainText("Quarterly check-in");
    await expect(client360Page.profile.getByRole("row").filter({ hasText: "Job title" })).toContainText("Office Manager");
    await saveScreenshot(page, "13-client-360-after-writeback");
  });

  test("approve Oracle's proposal to merge two demo records of one person, then split them again", async ({
    page,
    api,
    client360Page,
  }) => {
    const priyas = await api.clients("priya");
    expect(priyas, "the demo holds Priya twice: a HubSpot contact and a bare e-mail record").toHaveLength(2);
    const survivor = priyas.find((match) => match.display_name === "Priya Natarajan")!;
    const other = priyas.find((match) => match.client_id !== survivor.client_id)!;
    const writeback = await api.submitWriteback({
      client_id: survivor.client_id,
      source: "oracle",
      rationale: "Meeting notes tie priya@lumen-energy.in to Priya Natarajan of Lumen Energy",
      confidence: 0.9,
      changes: [{ merge_with: other.client_id }],
    });

    await client360Page.goto(survivor.client_id);
    await client360Page.openTab("Oracle CRM Intelligence");
    const merge = client360Page.writebackDecision(writeback.writeback_id, /merge them\?/);
    await expect(merge.candidate("A")).toContainText("Priya Natarajan");
    await expect(merge.candidate("B")).toContainText("priya@lumen-energy.in");
    await saveScreenshot(page, "14-oracle-merge-proposal");

    await merge.choose(`Merge ${other.client_id} into ${survivor.client_id}`);
    await merge.note("Same person: the e-mail is on her business card");
    await merge.approve();
    await merge.expectDecided(/Approved: Merge/);
    await expect(await client360Page.applyWriteback(writeback.writeback_id)).toContainText("Applied 1 change, none blocked");

    await client360Page.openTab("Client 360");
    await expect(client360Page.panel("Contact points")).toContainText("priya@lumen-energy.in");
    await expect(client360Page.panel("History")).toContainText("Merge");
    await saveScreenshot(page, "15-client-360-after-merge");

    const split = await client360Page.splitLastMerge();
    await expect(split).toContainText("Merge split");
    await expect(client360Page.panel("Contact points")).not.toContainText("priya@lumen-energy.in");
    await expect.poll(async () => (await api.clients("priya")).length).toBe(2);
  });

  test("revert the messy import after a confirmation", async ({ page, api, importPage }) => {
    await importPage.goto(replayedImportId);
    const result = await importPage.revert();
    await expect(result).toContainText(/Reverted \d+ changes · batch is now reverted/);
    await importPage.expectStatus("Reverted");
    await saveScreenshot(page, "16-reverted");
    await expect.poll(async () => (await api.clients("scully")).length).toBe(0);
  });

  test("a missing client shows the server's problem detail", async ({ page }) => {
    await page.goto("/#/clients/cli_missing");
    await expect(page.getByRole("alert")).toContainText("There is no client 'cli_missing'.");
  });
});
