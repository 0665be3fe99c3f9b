import { describe, expect, it } from "vitest";
import { change, delta, snapshot } from "../../../test/fixtures";
import { accountNameIn, displayName, recordOfDelta, recordOfSnapshot, sameValue } from "./identityRecords";

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
