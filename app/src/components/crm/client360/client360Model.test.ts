import { describe, expect, it } from "vitest";
import { snapshot, writeback } from "../../../test/fixtures";
import { canApplyWriteback, clientName, dealRow, lastMerge, profileEntries, profileValue, timelineEntry, writebacksNeedingReview } from "./client360Model";

describe("profileEntries", () => {
  it("orders names before contact fields and keeps alternatives with their provenance", () => {
    const entries = profileEntries(snapshot().profile);
    expect(entries.map((entry) => entry.field)).toEqual(["first_name", "last_name", "job_title", "email"]);
    expect(entries[0]?.alternatives).toEqual([
      expect.objectContaining({ value: "Bob", valid: true, provenance: expect.objectContaining({ system: "spreadsheet", row: 1 }) }),
    ]);
  });

  it("puts custom attributes last", () => {
    const entries = profileEntries({ "custom.tier": { value: "Gold" }, zeta: { value: 1 }, email: { value: "a@b.c" } });
    expect(entries.map((entry) => entry.field)).toEqual(["email", "zeta", "custom.tier"]);
  });

  it("shows dates readably", () => {
    expect(profileValue("birth_date", "1975-07-30")).toBe("30 Jul 1975");
    expect(profileValue("created_at", "2023-03-02T16:45:00Z")).toBe("2 Mar 2023, 16:45 UTC");
    expect(profileValue("tags", ["vip", "fleet"])).toBe("vip, fleet");
  });
});

describe("clientName", () => {
  it("uses name parts, then full name, then e-mail, then id", () => {
    expect(clientName(snapshot())).toBe("Robert Smith");
    expect(clientName(snapshot({ profile: { full_name: { value: "Ann O'Brien" } } }))).toBe("Ann O'Brien");
    expect(clientName(snapshot({ profile: {} }))).toBe("bob.smith@northwind.com");
    expect(clientName(snapshot({ profile: {}, emails: [] }))).toBe("cli_robert");
  });
});

describe("timeline and deals", () => {
  it("titles an interaction by its subject, else the start of its body", () => {
    expect(timelineEntry({ id: "i1", kind: "call", subject: "Follow up", body: "Called back", occurred_at: "2026-04-02T14:00:00Z" })).toEqual({
      id: "i1",
      kind: "call",
      at: "2026-04-02T14:00:00Z",
      title: "Follow up",
      detail: "Called back",
      direction: null,
    });
    const long = "x".repeat(100);
    expect(timelineEntry({ id: "i2", body: long })).toMatchObject({ kind: "other", title: `${"x".repeat(80)}…`, detail: long });
  });

  it("reads a deal row", () => {
    expect(dealRow({ id: "o1", name: "Fleet", stage: "closed_won", amount: 1200, currency: "EUR" })).toEqual({
      id: "o1",
      name: "Fleet",
      stage: "closed_won",
      amount: "1200",
      currency: "EUR",
      closeDate: null,
    });
  });
});

describe("writebacks", () => {
  it("lists writebacks with pending decisions first", () => {
    const done = writeback({ writeback_id: "wbk_done", decisions: [] });
    const open = writeback({ writeback_id: "wbk_open" });
    expect(writebacksNeedingReview([done, open]).map((item) => item.writeback_id)).toEqual(["wbk_open", "wbk_done"]);
  });

  it("can be applied once a change is approved", () => {
    expect(canApplyWriteback(writeback())).toBe(false);
    const approved = writeback();
    approved.deltas![0]!.status = "approved";
    expect(canApplyWriteback(approved)).toBe(true);
  });
});

describe("lastMerge", () => {
  it("finds the latest merge still in effect", () => {
    const history = [
      { action: "merge", batch_id: "wbk_1", at: "2026-11-01T00:00:00Z", reverted: false },
      { action: "merge", batch_id: "wbk_2", at: "2026-11-02T00:00:00Z", reverted: true },
      { action: "update", batch_id: "imp_3", at: "2026-11-03T00:00:00Z", reverted: false },
    ];
    expect(lastMerge(snapshot({ history }))).toEqual({ batchId: "wbk_1", at: "2026-11-01T00:00:00Z" });
    expect(lastMerge(snapshot())).toBeNull();
  });
});
