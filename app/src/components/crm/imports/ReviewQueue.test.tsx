import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { CanonicalDelta } from "../../../api/types";
import type { Resource } from "../../../api/useResource";
import { identityDecision, invalidValueDecision, snapshot } from "../../../test/fixtures";
import { fakeApi } from "../../../test/fakeApi";
import { renderAs, signedInAs } from "../../../test/session";
import { ReviewQueue } from "./ReviewQueue";

const noDeltas: Resource<CanonicalDelta[]> = { state: "ready", data: [], refreshing: false };

describe("ReviewQueue", () => {
  it("filters by kind and risk through the API", async () => {
    const api = fakeApi({
      "GET /api/crm/imports/imp_1/decisions": (request) => ({
        body: request.query.get("kind") === "invalid_value" ? [invalidValueDecision()] : [identityDecision(), invalidValueDecision()],
      }),
      "GET /api/crm/client-360/cli_robert": { body: snapshot() },
    });
    renderAs(<ReviewQueue importId="imp_1" status="in_review" deltas={noDeltas} revision={0} onChanged={vi.fn()} />);

    expect(await screen.findByText("Is Bob Smith the same person as an existing client?")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Kind"), "invalid_value");
    await userEvent.selectOptions(screen.getByLabelText("Risk"), "low");
    expect(await screen.findByText(/email of Dana Scully is not valid/)).toBeInTheDocument();
    expect(screen.queryByText("Is Bob Smith the same person as an existing client?")).not.toBeInTheDocument();
    const last = api.calls("GET", "/api/crm/imports/imp_1/decisions").at(-1)!;
    expect(Object.fromEntries(last.query)).toEqual({ status: "pending", kind: "invalid_value", risk: "low" });
  });

  it("bulk-approves the low-risk decisions", async () => {
    const api = fakeApi({
      "GET /api/crm/imports/imp_1/decisions": { body: [] },
      "POST /api/crm/imports/imp_1/approve": { body: { decisions: 2, deltas: 1 } },
    });
    const onChanged = vi.fn();
    renderAs(<ReviewQueue importId="imp_1" status="in_review" deltas={noDeltas} revision={0} onChanged={onChanged} />);

    expect(await screen.findByText(/Nothing waits for review/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Approve all low-risk" }));
    expect(await screen.findByText("Approved 2 low-risk decisions and 1 undecided change with their recommended options.")).toBeInTheDocument();
    expect(api.calls("POST", "/api/crm/imports/imp_1/approve")[0]?.query.get("risk")).toBe("low");
    expect(onChanged).toHaveBeenCalled();
  });
});

describe("ReviewQueue by role", () => {
  it("lets an operator filter the queue but not bulk-approve it", async () => {
    fakeApi({ "GET /api/crm/imports/imp_1/decisions": { body: [] } });
    renderAs(<ReviewQueue importId="imp_1" status="in_review" deltas={noDeltas} revision={0} onChanged={vi.fn()} />, signedInAs("operator"));

    expect(await screen.findByText(/Nothing waits for review/)).toBeInTheDocument();
    expect(screen.getByLabelText("Kind")).toBeEnabled();
    expect(screen.getByRole("button", { name: "Approve all low-risk" })).toBeDisabled();
    expect(screen.getByText(/Approving and rejecting decisions needs the approver role/)).toBeInTheDocument();
  });
});
