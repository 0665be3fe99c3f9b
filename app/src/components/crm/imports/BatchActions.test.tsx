import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { importSummary } from "../../../test/fixtures";
import { fakeApi, problem } from "../../../test/fakeApi";
import { BatchActions } from "./BatchActions";

describe("BatchActions", () => {
  it("applies and says what was applied, what was blocked and why", async () => {
    fakeApi({
      "POST /api/crm/imports/imp_1/apply": {
        body: { batch_id: "imp_1", status: "partially_applied", applied: 4, blocked: 1, blocked_reasons: ["dlt_9 waits for dec_3"], clients_refreshed: 2 },
      },
    });
    const onChanged = vi.fn();
    render(<BatchActions summary={importSummary()} onChanged={onChanged} />);

    await userEvent.click(screen.getByRole("button", { name: "Apply approved changes" }));
    const result = await screen.findByRole("status", { name: "Apply result" });
    expect(result).toHaveTextContent("Applied 4 changes, 1 blocked · batch is now partially applied · 2 clients refreshed");
    expect(within(result).getByText("dlt_9 waits for dec_3")).toBeInTheDocument();
    expect(onChanged).toHaveBeenCalled();
  });

  it("reverts only after a confirmation", async () => {
    const api = fakeApi({ "POST /api/crm/imports/imp_1/revert": { body: { batch_id: "imp_1", status: "reverted", reverted: 6, conflicts: [] } } });
    render(<BatchActions summary={importSummary({ status: "applied" })} onChanged={vi.fn()} />);

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
    render(<BatchActions summary={importSummary({ status: "applied" })} onChanged={vi.fn()} />);
    await userEvent.click(screen.getByRole("button", { name: "Revert this import…" }));
    await userEvent.click(screen.getByRole("button", { name: "Revert import" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Revert refused: imp_1 cannot be reverted without clobbering newer data");
    expect(alert).toHaveTextContent("client cli_1 was changed by wbk_1 after imp_1");
  });
});
