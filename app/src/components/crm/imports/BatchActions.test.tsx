import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { importSummary } from "../../../test/fixtures";
import { fakeApi, problem } from "../../../test/fakeApi";
import { renderAs, signedInAs } from "../../../test/session";
import { BatchActions } from "./BatchActions";

describe("BatchActions", () => {
  it("applies and says what was applied, what was blocked and why", async () => {
    fakeApi({
      "POST /api/crm/imports/imp_1/apply": {
        body: { batch_id: "imp_1", status: "partially_applied", applied: 4, blocked: 1, blocked_reasons: ["dlt_9 waits for dec_3"], clients_refreshed: 2 },
      },
    });
    const onChanged = vi.fn();
    renderAs(<BatchActions summary={importSummary()} onChanged={onChanged} />);

    await userEvent.click(screen.getByRole("button", { name: "Apply approved changes" }));
    const result = await screen.findByRole("status", { name: "Apply result" });
    expect(result).toHaveTextContent("Applied 4 changes, 1 blocked · batch is now partially applied · 2 clients refreshed");
    expect(within(result).getByText("dlt_9 waits for dec_3")).toBeInTheDocument();
    expect(onChanged).toHaveBeenCalled();
  });

  it("reverts only after a confirmation", async () => {
    const api = fakeApi({ "POST /api/crm/imports/imp_1/revert": { body: { batch_id: "imp_1", status: "reverted", reverted: 6, conflicts: [] } } });
    renderAs(<BatchActions summary={importSummary({ status: "applied" })} onChanged={vi.fn()} />);

    expect(screen.getByRole("button", { name: "Apply approved changes" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Revert this import…" }));
    const dialog = screen.getByRole("dialog", { name: "Revert this import?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.requests).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Revert this import…" }));
    await userEvent.click(screen.getByRole("button", { name: "Revert import" }));
    expect(await screen.findByRole("status", { name: "Revert result" })).toHaveTextContent("Reverted 6 changes · batch is now reverted");
  });

  it("lists the later changes that block a revert", async () => {
    fakeApi({
      "POST /api/crm/imports/imp_1/revert": problem(409, "imp_1 cannot be reverted without clobbering newer data", {
        conflicts: ["client cli_1 was changed by wbk_1 after imp_1"],
      }),
    });
    renderAs(<BatchActions summary={importSummary({ status: "applied" })} onChanged={vi.fn()} />);
    await userEvent.click(screen.getByRole("button", { name: "Revert this import…" }));
    await userEvent.click(screen.getByRole("button", { name: "Revert import" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Revert refused: imp_1 cannot be reverted without clobbering newer data");
    expect(alert).toHaveTextContent("client cli_1 was changed by wbk_1 after imp_1");
  });
});

describe("BatchActions by role", () => {
  it.each(["viewer", "operator"] as const)("shows a %s apply and revert disabled, with the role they need", (role) => {
    fakeApi({});
    renderAs(<BatchActions summary={importSummary({ status: "partially_applied" })} onChanged={vi.fn()} />, signedInAs(role));

    expect(screen.getByRole("button", { name: "Apply approved changes" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Revert this import…" })).toBeDisabled();
    expect(screen.getByText(`Applying changes needs the approver role; ${role} sam is signed in as ${role}.`)).toBeInTheDocument();
    expect(screen.getByText(`Reverting an import needs the approver role; ${role} sam is signed in as ${role}.`)).toBeInTheDocument();
  });

  it("gates apply and revert separately, as the server reports them", () => {
    fakeApi({});
    const applier = { ...signedInAs("approver"), actions: signedInAs("approver").actions.filter((action) => action !== "revert") };
    renderAs(<BatchActions summary={importSummary({ status: "partially_applied" })} onChanged={vi.fn()} />, applier);

    expect(screen.getByRole("button", { name: "Apply approved changes" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Revert this import…" })).toBeDisabled();
    expect(screen.getByText("Reverting an import needs the approver role; approver sam is signed in as approver.")).toBeInTheDocument();
  });

  it("lets an approver apply and revert", () => {
    fakeApi({});
    renderAs(<BatchActions summary={importSummary({ status: "partially_applied" })} onChanged={vi.fn()} />, signedInAs("approver"));

    expect(screen.getByRole("button", { name: "Apply approved changes" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Revert this import…" })).toBeEnabled();
    expect(screen.queryByText(/needs the approver role/)).not.toBeInTheDocument();
  });
});
