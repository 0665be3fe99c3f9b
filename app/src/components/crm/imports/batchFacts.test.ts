import { describe, expect, it } from "vitest";
import { importSummary } from "../../../test/fixtures";
import { canApply, canRevert, deltaLines, deltaTotals, replaysOf } from "./batchFacts";

describe("batch facts", () => {
  it("totals changes over entities without counting no-change", () => {
    expect(deltaTotals({ client: { create: 3, no_change: 2 }, account: { create: 1, update: 1 } })).toEqual({
      total: 5,
      byOp: { create: 4, no_change: 2, update: 1 },
    });
  });

  it("describes changes per entity in operation order", () => {
    expect(deltaLines({ client: { no_change: 1, update: 2, create: 3 }, account: { create: 1 } })).toEqual([
      "account: 1 create",
      "client: 3 create, 2 update, 1 no change",
    ]);
  });

  it.each([
    ["in_review", true, false],
    ["partially_applied", true, true],
    ["applied", false, true],
    ["reverted", false, false],
    ["failed", false, false],
  ] as const)("a %s batch: apply %s, revert %s", (status, apply, revert) => {
    expect(canApply(status)).toBe(apply);
    expect(canRevert(status)).toBe(revert);
  });

  it("finds the batches replayed from one", () => {
    const batches = [importSummary({ import_id: "imp_2", replay_of: "imp_1" }), importSummary({ import_id: "imp_3" })];
    expect(replaysOf("imp_1", batches).map((batch) => batch.import_id)).toEqual(["imp_2"]);
  });
});
