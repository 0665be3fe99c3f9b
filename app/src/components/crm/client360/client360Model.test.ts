import { describe, expect, it } from "vitest";
import { snapshot, writeback } from "../../../test/fixtures";
import {
  canApplyWriteback,
  clientName,
  dealRow,
  historyItems,
  lastMerge,
  profileEntries,
  profileValue,
  restoredText,
  timelineEntry,
  writebacksNeedingReview,
} from "./client360Model";

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

describe("historyItems", () => {
  const reverted = [
    { action: "create", batch_id: "imp_1", delta_id: "dlt_1", at: "2026-11-20T09:00:00Z", reverted: false },
    {
      action: "update",
      batch_id: "imp_2",
      delta_id: "dlt_2",
      at: "2026-11-20T09:05:00Z",
      reverted: true,
      reverted_at: "2026-11-20T09:20:00Z",
      reverted_by: "carol",
    },
    {
      action: "revert",
      batch_id: "imp_2",
      at: "2026-11-20T09:20:00Z",
      reverted: false,
      actor: "carol",
      undid: [
        {
          action: "update",
          delta_id: "dlt_2",
          at: "2026-11-20T09:05:00Z",
          restored: [
            { field: "job_title", value: "CFO", undone: "CEO" },
            { field: "mobile_phone", value: null, undone: "+16175550199" },
          ],
        },
      ],
    },
  ];

  it("lists the revert newest first as an event of its own, with who and what it undid", () => {
    const [revert, update, create] = historyItems(reverted);
    expect(revert).toEqual({
      kind: "undo",
      key: "revert:imp_2:0",
      action: "revert",
      at: "2026-11-20T09:20:00Z",
      batchId: "imp_2",
      by: "carol",
      undid: [{ action: "update", at: "2026-11-20T09:05:00Z", restored: ["Job title: CEO → CFO", "Mobile phone: +16175550199 → —"] }],
    });
    expect(update).toMatchObject({ kind: "change", action: "update", undone: { at: "2026-11-20T09:20:00Z", by: "carol" } });
    expect(create).toMatchObject({ kind: "change", action: "create", undone: null });
  });

  it("keeps a change flagged as reverted even when its undoing was not recorded", () => {
    const [legacy] = historyItems([{ action: "merge", batch_id: "wbk_1", reverted: true }]);
    expect(legacy).toMatchObject({ kind: "change", undone: { at: null, by: null } });
  });

  it("writes a restored field as the undone value, then the one shown again", () => {
    expect(restoredText("city", "Cambridge", "Boston")).toBe("City: Cambridge → Boston");
  });
});
