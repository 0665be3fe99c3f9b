import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { change, delta, identityDecision, invalidValueDecision, sharedMailboxRows, snapshot, withinBatchDecision } from "../../../test/fixtures";
import { fakeApi, problem } from "../../../test/fakeApi";
import { renderAs, signedInAs } from "../../../test/session";
import { DecisionCard } from "./DecisionCard";

describe("DecisionCard", () => {
  it("shows the incoming record and the candidate side by side with probability and comparisons", async () => {
    fakeApi({ "GET /api/crm/client-360/cli_robert": { body: snapshot() } });
    const incoming = delta({ links: [{ kind: "account", target_id: "acc_1", role: "member", source_link: null }] });
    renderAs(<DecisionCard decision={identityDecision()} deltasById={new Map([[incoming.delta_id, incoming]])} onDecided={vi.fn()} />);

    const row = screen.getByRole("article", { name: "Incoming record" });
    expect(within(row).getByText("Row 2")).toBeInTheDocument();
    expect(within(row).getByText("rsmith@example.org")).toBeInTheDocument();
    const candidate = screen.getByRole("article", { name: "Candidate A" });
    expect(await within(candidate).findByRole("link", { name: "Robert Smith" })).toHaveAttribute("href", "#/clients/cli_robert");
    expect(within(candidate).getByText("80% match")).toBeInTheDocument();
    expect(within(candidate).getByText("bob.smith@northwind.com")).toBeInTheDocument();
    expect(within(candidate).getByText("first name Bob~Robert nickname (+3.0)")).toHaveClass("for");
    expect(within(candidate).getByText("email differs (-1.0)")).toHaveClass("against");
    // The row's account is named through the candidate that belongs to it, and the two agree.
    expect(within(row).getByText("Northwind Traders Inc.")).toBeInTheDocument();
    expect(within(candidate).getByText("Northwind Traders Inc.").parentElement).toHaveClass("agrees");
  });

  it("shows two rows of the same file side by side, from the file, without a Client 360 lookup", async () => {
    const api = fakeApi({});
    const rows = sharedMailboxRows();
    renderAs(<DecisionCard decision={withinBatchDecision()} deltasById={new Map(rows.map((row) => [row.delta_id, row]))} onDecided={vi.fn()} />);

    const first = screen.getByRole("article", { name: "Row 1" });
    const second = screen.getByRole("article", { name: "Row 2" });
    expect(within(first).getByText("John Miller")).toBeInTheDocument();
    expect(within(second).getByText("Alice Brown")).toBeInTheDocument();
    for (const row of [first, second]) expect(within(row).getByText("In this file, not yet a client")).toBeInTheDocument();
    expect(within(second).getByText("will be cli_alice")).toBeInTheDocument();
    // The shared e-mail agrees; the names do not.
    expect(within(second).getByText("millers.home@gmail.com").parentElement).toHaveClass("agrees");
    expect(within(second).getByText("Alice").parentElement).not.toHaveClass("agrees");

    const pair = screen.getByRole("region", { name: "Rows 1 and 2" });
    expect(within(pair).getByText("3% match")).toBeInTheDocument();
    expect(within(pair).getByText("e-mail millers.home@gmail.com equal (+22.4)")).toHaveClass("for");
    expect(within(pair).getByText("first name John≠Alice differs (−8.3)")).toHaveClass("against");

    expect(screen.queryByRole("article", { name: /Candidate/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/Could not load this client/)).not.toBeInTheDocument();
    await Promise.resolve();
    expect(api.requests.filter((request) => request.path.startsWith("/api/crm/client-360/"))).toEqual([]);
    expect(screen.getByRole("radio", { name: /Keep them separate/ })).toBeChecked();
  });

  it("links a row of the file to its client once the batch created it, or to the existing client it matched", () => {
    fakeApi({});
    const [john, alice, merge] = sharedMailboxRows();
    const applied = { ...john!, status: "applied" as const };
    const matched = { ...alice!, op: "update" as const, entity_id: "cli_alice", changes: [change({ field: "first_name", new: "Alice" })] };
    const deltas = [applied, matched, merge!];
    renderAs(<DecisionCard decision={withinBatchDecision()} deltasById={new Map(deltas.map((item) => [item.delta_id, item]))} onDecided={vi.fn()} />);

    expect(within(screen.getByRole("article", { name: "Row 1" })).getByRole("link", { name: "cli_john" })).toHaveAttribute("href", "#/clients/cli_john");
    expect(within(screen.getByRole("article", { name: "Row 1" })).getByText(/Client created from this file/)).toBeInTheDocument();
    expect(within(screen.getByRole("article", { name: "Row 2" })).getByText(/Matched existing client/)).toBeInTheDocument();
    expect(screen.queryByText("In this file, not yet a client")).not.toBeInTheDocument();
  });

  it("approves with the chosen option and a note", async () => {
    const api = fakeApi({
      "GET /api/crm/client-360/cli_robert": { body: snapshot() },
      "POST /api/crm/decisions/dec_identity/approve": { body: identityDecision({ status: "approved", chosen_option: "create_new" }) },
    });
    const onDecided = vi.fn();
    renderAs(<DecisionCard decision={identityDecision()} onDecided={onDecided} />);

    expect(screen.getByRole("radio", { name: /Same as cli_robert/ })).toBeChecked();
    await userEvent.click(screen.getByRole("radio", { name: "Create a new client" }));
    await userEvent.type(screen.getByLabelText("Note (optional)"), "different phone");
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));

    expect(api.calls("POST", "/api/crm/decisions/dec_identity/approve")[0]?.body).toEqual({ option: "create_new", note: "different phone" });
    expect(onDecided).toHaveBeenCalledWith(expect.objectContaining({ status: "approved" }));
  });

  it("asks for the corrected value before approving a correction", async () => {
    const api = fakeApi({ "POST /api/crm/decisions/dec_invalid/approve": { body: invalidValueDecision({ status: "approved" }) } });
    renderAs(<DecisionCard decision={invalidValueDecision()} onDecided={vi.fn()} />);

    await userEvent.click(screen.getByRole("radio", { name: "Type a corrected value" }));
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Type the corrected value.");
    expect(api.requests).toHaveLength(0);

    await userEvent.type(screen.getByLabelText("Corrected value"), "dana@fbi.gov");
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));
    expect(api.calls("POST", "/api/crm/decisions/dec_invalid/approve")[0]?.body).toEqual({ option: "correct", note: null, value: "dana@fbi.gov" });
  });

  it("keeps a refused correction open with the server's reason, and sends the value typed again", async () => {
    const refusal =
      "The corrected value 'dana@fbi' for client.email is not valid either (not a valid e-mail address: the part after the @-sign is not valid. It should have a period); type another value, or keep the raw one.";
    const api = fakeApi({
      "POST /api/crm/decisions/dec_invalid/approve": (request) =>
        (request.body as { value: string }).value === "dana@fbi" ? problem(422, refusal) : { body: invalidValueDecision({ status: "approved", chosen_option: "correct" }) },
    });
    const onDecided = vi.fn();
    renderAs(<DecisionCard decision={invalidValueDecision()} onDecided={onDecided} />);

    await userEvent.click(screen.getByRole("radio", { name: "Type a corrected value" }));
    await userEvent.type(screen.getByLabelText("Corrected value"), "dana@fbi");
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(`The decision was not saved: ${refusal}`);
    expect(onDecided).not.toHaveBeenCalled();
    expect(screen.getByRole("radio", { name: "Type a corrected value" })).toBeChecked();
    expect(screen.getByLabelText("Corrected value")).toHaveValue("dana@fbi");

    await userEvent.type(screen.getByLabelText("Corrected value"), ".gov");
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));
    expect(api.calls("POST", "/api/crm/decisions/dec_invalid/approve").map((call) => call.body)).toEqual([
      { option: "correct", note: null, value: "dana@fbi" },
      { option: "correct", note: null, value: "dana@fbi.gov" },
    ]);
    expect(onDecided).toHaveBeenCalledWith(expect.objectContaining({ status: "approved", chosen_option: "correct" }));
  });

  it("rejects with a note, and shows the server's detail when it refuses", async () => {
    const api = fakeApi({
      "POST /api/crm/decisions/dec_invalid/reject": problem(403, "This needs the approver role; sam is a viewer."),
    });
    const onDecided = vi.fn();
    renderAs(<DecisionCard decision={invalidValueDecision()} onDecided={onDecided} />);

    await userEvent.type(screen.getByLabelText("Note (optional)"), "typo");
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("This needs the approver role; sam is a viewer.");
    expect(api.calls("POST", "/api/crm/decisions/dec_invalid/reject")[0]?.body).toEqual({ note: "typo" });
    expect(onDecided).not.toHaveBeenCalled();
  });

  it("shows who decided instead of the form once decided", () => {
    fakeApi({});
    renderAs(
      <DecisionCard
        decision={invalidValueDecision({ status: "approved", chosen_option: "keep_raw", decided_by: "dana", note: "fine" })}
        onDecided={vi.fn()}
      />,
    );
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
    expect(screen.getByText(/Approved: Keep the raw value, unresolved · by dana/)).toBeInTheDocument();
  });
});

describe("DecisionCard by role", () => {
  it("shows an operator the question and evidence but no answer form, and the role it needs", () => {
    fakeApi({});
    renderAs(<DecisionCard decision={invalidValueDecision()} onDecided={vi.fn()} />, signedInAs("operator"));

    expect(screen.getByRole("heading", { name: invalidValueDecision().question })).toBeInTheDocument();
    expect(screen.queryByRole("radio")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reject" })).not.toBeInTheDocument();
    expect(screen.getByText("Approving and rejecting decisions needs the approver role; operator sam is signed in as operator.")).toBeInTheDocument();
  });

  it("lets an approver answer", () => {
    fakeApi({});
    renderAs(<DecisionCard decision={invalidValueDecision()} onDecided={vi.fn()} />, signedInAs("approver"));
    expect(screen.getByRole("button", { name: "Approve" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Reject" })).toBeEnabled();
  });
});
