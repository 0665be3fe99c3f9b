import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { snapshot, writeback } from "../../../test/fixtures";
import { fakeApi, problem } from "../../../test/fakeApi";
import { renderAs, signedInAs } from "../../../test/session";
import { Client360Page } from "./Client360Page";

describe("Client360Page", () => {
  it("shows the client's panels", async () => {
    fakeApi({ "GET /api/crm/client-360/cli_robert": { body: snapshot() } });
    renderAs(<Client360Page clientId="cli_robert" tab="overview" />);

    expect(await screen.findByRole("heading", { level: 1, name: "Robert Smith" })).toBeInTheDocument();
    expect(screen.getByText("VP Sales at Northwind Traders Inc.")).toBeInTheDocument();
    const deals = screen.getByRole("region", { name: "Opportunities" });
    expect(within(deals).getByText("€5,000.00")).toBeInTheDocument();
    expect(within(deals).getByText("$12,500.00", { selector: ".amount" })).toBeInTheDocument();
    expect(within(deals).getByText("Fleet renewal")).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Interaction timeline" })).getByText("Follow up")).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Interests" })).getByText("SKU-1182")).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Source links" })).getByText("0035g00000AbC03")).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Data quality" })).getByText(/shows Robert, sources also say Bob/)).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Accounts" })).getByText("Northwind Traders Inc.")).toBeInTheDocument();
  });

  it("reveals a value's provenance and its alternatives on click", async () => {
    fakeApi({ "GET /api/crm/client-360/cli_robert": { body: snapshot() } });
    renderAs(<Client360Page clientId="cli_robert" tab="overview" />);

    const value = await screen.findByRole("button", { name: "Robert" });
    expect(value).toHaveAttribute("title", "salesforce · imp_1 · row 3, column First Name · raw \"Robert\"");
    expect(within(screen.getByRole("region", { name: "Golden profile" })).getByText("Bob")).toBeInTheDocument();
    await userEvent.click(value);
    expect(value).toHaveAttribute("aria-expanded", "true");
    const details = screen.getByRole("heading", { name: "Shown value: Robert" }).parentElement!;
    expect(within(details).getByText("First Name")).toBeInTheDocument();
    expect(within(details).getByRole("link", { name: "imp_1" })).toHaveAttribute("href", "#/imports/imp_1");
    const alternative = screen.getByRole("heading", { name: "Also seen: Bob" }).parentElement!;
    expect(within(alternative).getByText("spreadsheet")).toBeInTheDocument();
  });

  it("shows the problem detail when the client does not exist", async () => {
    fakeApi({ "GET /api/crm/client-360/cli_nope": problem(404, "There is no client 'cli_nope'.") });
    renderAs(<Client360Page clientId="cli_nope" tab="overview" />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load the client: There is no client 'cli_nope'.");
  });

  it("lists Oracle proposals with rationale and confidence, and applies one once approved", async () => {
    const approved = writeback();
    approved.deltas![0]!.status = "approved";
    approved.decisions![0]!.status = "approved";
    approved.decisions![0]!.chosen_option = "overwrite";
    let current = writeback();
    const api = fakeApi({
      "GET /api/crm/client-360/cli_robert": { body: snapshot() },
      "GET /api/crm/writebacks": () => ({ body: [current] }),
      "POST /api/crm/decisions/dec_w1/approve": () => {
        current = approved;
        return { body: approved.decisions![0] };
      },
      "POST /api/crm/writebacks/wbk_1/apply": { body: { batch_id: "wbk_1", status: "applied", applied: 1, blocked: 0, blocked_reasons: [], clients_refreshed: 1 } },
    });
    renderAs(<Client360Page clientId="cli_robert" tab="oracle" />);

    const card = await screen.findByRole("article", { name: "Writeback wbk_1" });
    expect(within(card).getByText("Call transcript says he was promoted")).toBeInTheDocument();
    expect(within(card).getByText("82%")).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Apply approved changes" })).toBeDisabled();

    await userEvent.click(within(card).getByRole("radio", { name: "Use the new values" }));
    await userEvent.click(within(card).getByRole("button", { name: "Approve" }));
    expect(api.calls("POST", "/api/crm/decisions/dec_w1/approve")[0]?.body).toEqual({ option: "overwrite", note: null });
    expect(api.calls("GET", "/api/crm/writebacks")[0]?.query.get("client_id")).toBe("cli_robert");

    const apply = await screen.findByRole("button", { name: "Apply approved changes" });
    await within(card).findByText(/Approved: Use the new values/);
    await userEvent.click(apply);
    expect(await screen.findByRole("status", { name: "Apply result" })).toHaveTextContent("Applied 1 change, none blocked");
  });

  it("shows a reverted import as an event of its own in the history, newest first", async () => {
    const history = [
      { action: "create", batch_id: "imp_1", delta_id: "dlt_1", at: "2026-11-20T09:00:00Z", reverted: false },
      { action: "update", batch_id: "imp_2", delta_id: "dlt_2", at: "2026-11-20T09:05:00Z", reverted: true, reverted_at: "2026-11-20T09:20:00Z", reverted_by: "carol" },
      {
        action: "revert",
        batch_id: "imp_2",
        at: "2026-11-20T09:20:00Z",
        reverted: false,
        actor: "carol",
        undid: [{ action: "update", delta_id: "dlt_2", at: "2026-11-20T09:05:00Z", restored: [{ field: "job_title", value: "VP Sales", undone: "CRO" }] }],
      },
    ];
    fakeApi({ "GET /api/crm/client-360/cli_robert": { body: snapshot({ history }) } });
    renderAs(<Client360Page clientId="cli_robert" tab="overview" />);

    const panel = await screen.findByRole("region", { name: "History" });
    const items = within(panel).getAllByRole("listitem");
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveAccessibleName("Reverted imp_2");
    expect(items[0]).toHaveTextContent("Reverted imp_2 by carol");
    expect(items[0]).toHaveTextContent("Undid the update of 20 Nov 2026, 09:05 UTC: Job title: CRO → VP Sales");
    expect(within(items[0]!).getByRole("link", { name: "imp_2" })).toHaveAttribute("href", "#/imports/imp_2");
    expect(items[1]).toHaveClass("reverted");
    expect(items[1]).toHaveTextContent("Update by imp_2 reverted 20 Nov 2026, 09:20 UTC by carol");
    expect(items[2]).not.toHaveClass("reverted");
  });

  it("splits the last merge after a confirmation", async () => {
    const merged = snapshot({ history: [{ action: "merge", batch_id: "wbk_9", delta_id: "dlt_9", at: "2026-11-25T20:00:00Z", reverted: false }] });
    let current = merged;
    const api = fakeApi({
      "GET /api/crm/client-360/cli_robert": () => ({ body: current }),
      "POST /api/crm/clients/cli_robert/unmerge": () => {
        current = snapshot({ history: [{ ...merged.history![0]!, reverted: true }] });
        return { body: { batch_id: "wbk_9", status: "unmerged", reverted: 2, conflicts: [] } };
      },
    });
    renderAs(<Client360Page clientId="cli_robert" tab="overview" />);

    await userEvent.click(await screen.findByRole("button", { name: "Split the last merge…" }));
    expect(screen.getByRole("dialog", { name: "Split the last merge?" })).toHaveTextContent("wbk_9");
    await userEvent.click(screen.getByRole("button", { name: "Split merge" }));

    expect(await screen.findByRole("status", { name: "Unmerge result" })).toHaveTextContent("Merge split: 2 changes undone.");
    expect(api.calls("POST", "/api/crm/clients/cli_robert/unmerge")).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Split the last merge…" })).not.toBeInTheDocument());
  });
});

describe("Client360Page by role", () => {
  it("shows a viewer the Oracle proposal and its changes, with nothing to decide or apply", async () => {
    const approved = writeback();
    approved.decisions![0]!.status = "approved";
    approved.deltas![0]!.status = "approved";
    fakeApi({ "GET /api/crm/client-360/cli_robert": { body: snapshot() }, "GET /api/crm/writebacks": { body: [approved, writeback({ writeback_id: "wbk_2" })] } });
    renderAs(<Client360Page clientId="cli_robert" tab="oracle" />, signedInAs("viewer"));

    const card = await screen.findByRole("article", { name: "Writeback wbk_2" });
    expect(within(card).getByRole("cell", { name: /job_title VP Sales → CRO/ })).toBeInTheDocument();
    expect(within(card).queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
    expect(within(card).getByText(/Approving and rejecting decisions needs the approver role; viewer sam is signed in as viewer/)).toBeInTheDocument();
    const ready = screen.getByRole("article", { name: "Writeback wbk_1" });
    expect(within(ready).getByRole("button", { name: "Apply approved changes" })).toBeDisabled();
    expect(within(ready).getByText(/Applying changes needs the approver role/)).toBeInTheDocument();
  });

  it("shows a viewer the merge to split disabled, with the role it needs", async () => {
    const merged = snapshot({ history: [{ action: "merge", batch_id: "wbk_9", delta_id: "dlt_9", at: "2026-11-25T20:00:00Z", reverted: false }] });
    fakeApi({ "GET /api/crm/client-360/cli_robert": { body: merged } });
    renderAs(<Client360Page clientId="cli_robert" tab="overview" />, signedInAs("viewer"));

    expect(await screen.findByRole("button", { name: "Split the last merge…" })).toBeDisabled();
    expect(screen.getByText("Splitting a merge needs the approver role; viewer sam is signed in as viewer.")).toBeInTheDocument();
  });
});
