import { describe, expect, it } from "vitest";
import { change, delta, sharedMailboxRows, snapshot } from "../../../test/fixtures";
import type { RowPair } from "./decisionModel";
import { accountNameIn, displayName, recordName, recordOfDelta, recordOfSnapshot, rowsOfPairs, sameValue } from "./identityRecords";

describe("identity records", () => {
  it("reads the incoming row's values, raw when invalid, with its accounts named", () => {
    const incoming = delta({
      links: [{ kind: "account", target_id: "acc_9", role: "member", source_link: null }],
      changes: [
        change({ field: "first_name", new: "Dana" }),
        change({ field: "email", valid: false, provenance: { raw_value: "dana@@fbi.gov" } }),
        change({ field: "shoe_size", new: "39" }),
      ],
    });
    const account = delta({ delta_id: "dlt_acc", entity: "account", entity_id: "acc_9", changes: [change({ field: "name", new: "FBI" })] });
    const record = recordOfDelta(incoming, (id) => accountNameIn([incoming, account], id));
    expect(record).toMatchObject({ first_name: "Dana", email: "dana@@fbi.gov", last_name: "—", accounts: "FBI" });
  });

  it("falls back to the account id when the batch does not name it", () => {
    expect(accountNameIn([], "acc_1")).toBe("acc_1");
  });

  it("reads an existing client's values and name from its snapshot", () => {
    const current = snapshot();
    expect(recordOfSnapshot(current)).toMatchObject({ first_name: "Robert", email: "bob.smith@northwind.com", phone: "—", accounts: "Northwind Traders Inc." });
    expect(displayName(current)).toBe("Robert Smith");
    expect(displayName(snapshot({ profile: {} }))).toBe("cli_robert");
  });

  it("compares values without case, and never matches blanks", () => {
    expect(sameValue("Smith", " smith")).toBe(true);
    expect(sameValue("—", "—")).toBe(false);
  });
});

describe("rows of a doubt inside one file", () => {
  const pair = (rows: [number, number], clientIds: [string, string]): RowPair => ({ rows, clientIds, probability: 0.5, previouslyRejected: false, comparisons: [] });

  it("lists each row once, in file order, with its delta and the client it becomes", () => {
    const deltas = sharedMailboxRows();
    const rows = rowsOfPairs([pair([2, 1], ["cli_alice", "cli_john"]), pair([1, 2], ["cli_john", "cli_alice"])], deltas);
    expect(rows.map(({ row, clientId, standing }) => ({ row, clientId, standing }))).toEqual([
      { row: 1, clientId: "cli_john", standing: "new" },
      { row: 2, clientId: "cli_alice", standing: "new" },
    ]);
    expect(rows[0]?.delta?.delta_id).toBe("dlt_row1");
    expect(recordName(recordOfDelta(rows[1]!.delta!))).toBe("Alice Brown");
  });

  it("tells a created client from an existing one it matched, and knows nothing before the deltas load", () => {
    const [john, alice] = sharedMailboxRows();
    const deltas = [{ ...john!, status: "applied" as const }, { ...alice!, op: "update" as const }];
    expect(rowsOfPairs([pair([1, 2], ["cli_john", "cli_alice"])], deltas).map((row) => row.standing)).toEqual(["created", "existing"]);
    expect(rowsOfPairs([pair([1, 2], ["cli_john", "cli_alice"])], []).map((row) => [row.standing, row.delta])).toEqual([
      ["unknown", null],
      ["unknown", null],
    ]);
  });

  it("names a record by its name, else its e-mail", () => {
    expect(recordName(recordOfDelta(delta({ changes: [change({ field: "email", new: "a@b.co" })] })))).toBe("a@b.co");
    expect(recordName(recordOfDelta(delta({ changes: [] })))).toBeNull();
  });
});
