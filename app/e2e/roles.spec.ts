/** Roles on a server that needs sign-in (a copy of the demo database): a refused token is
 * explained; a viewer sees an import's review queue and mapping with every control absent or
 * disabled and the role it needs; an approver signs in on the same page and settles a decision. */
import { CrmApi } from "./api";
import { expect, test } from "./fixtures";
import { saveScreenshot } from "./pages/screenshots";
import { fromSetup } from "./servers";

test.use({
  baseURL: async ({}, use) => use(fromSetup("authUrl")),
  api: async ({ request, baseURL }, use) => use(new CrmApi(request, baseURL ?? "", fromSetup("viewerToken"))),
});

test("a viewer only looks; an approver signs in and approves a decision", async ({ page, api, signInPage, importsPage, importPage }) => {
  const decision = await api.pendingIdentityDecision();
  const importId = decision.import_id!;

  await page.goto(`/#/imports/${importId}`);
  await signInPage.signIn("vel_not-a-token");
  await expect(signInPage.problem).toContainText("Not signed in: The bearer token is not valid.");
  await saveScreenshot(page, "17-sign-in-refused");

  await signInPage.signIn(fromSetup("viewerToken"));
  await expect(signInPage.signedInAs).toHaveText("Signed in as e2e-viewer (viewer)");
  await expect(importPage.summary).toBeVisible();
  const card = importPage.decision(decision.question);
  await expect(card.incoming).toBeVisible();
  await expect(card.root).toContainText("Approving and rejecting decisions needs the approver role; e2e-viewer is signed in as viewer.");
  await expect(card.root.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(importPage.reviewQueue.getByRole("button", { name: "Approve all low-risk" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Apply approved changes" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Revert this import…" })).toBeDisabled();
  await expect(page.getByRole("region", { name: "Apply and revert" })).toContainText("Applying changes needs the approver role");
  await saveScreenshot(page, "18-viewer-review-queue");

  await importPage.openTab("Mapping");
  await expect(importPage.mapping.getByRole("combobox").first()).toBeDisabled();
  await expect(importPage.mapping.getByRole("button", { name: "Save mapping and replay" })).toHaveCount(0);
  await expect(importPage.mapping).toContainText("Editing the mapping needs the operator role; e2e-viewer is signed in as viewer.");
  await importsPage.goto();
  await expect(importsPage.dropZone).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Upload an export" })).toContainText("Uploading an export needs the operator role");

  await signInPage.signOut();
  await signInPage.signIn(fromSetup("approverToken"));
  await expect(signInPage.signedInAs).toHaveText("Signed in as e2e-approver (approver)");
  await importPage.goto(importId);
  await expect(page.getByText(/needs the approver role/)).toHaveCount(0);
  const keepApart = decision.options.find((option) => option.id === "create_new" || option.id === "keep_separate");
  await card.choose(keepApart?.label ?? decision.options[0]!.label);
  await card.note("Signed in as the approver");
  await saveScreenshot(page, "19-approver-review-queue");
  await card.approve();
  await expect(importPage.reviewQueue.getByRole("heading", { name: decision.question })).toHaveCount(0);
  await importPage.reviewQueue.getByLabel("Status").selectOption({ label: "Approved" });
  await importPage.decision(decision.question).expectDecided(/Approved: .* · by e2e-approver .*Signed in as the approver/);
  await saveScreenshot(page, "20-approver-decided");
});
