/** Facts about a batch read off its ImportSummary, for the list and the summary card. Pure. */
import type { BatchStatus, ImportSummary } from "../../../api/types";

export interface DeltaTotals {
  total: number;
  /** Operation → count over every entity, `no_change` left out of `total`. */
  byOp: Record<string, number>;
}

export function deltaTotals(deltas: ImportSummary["deltas"]): DeltaTotals {
  const byOp: Record<string, number> = {};
  for (const ops of Object.values(deltas ?? {})) {
    for (const [op, count] of Object.entries(ops)) byOp[op] = (byOp[op] ?? 0) + count;
  }
  const total = Object.entries(byOp)
    .filter(([op]) => op !== "no_change")
    .reduce((sum, [, count]) => sum + count, 0);
  return { total, byOp };
}

/** "client: 3 create, 1 update" lines, entities and operations in a stable order. */
export function deltaLines(deltas: ImportSummary["deltas"]): string[] {
  const order = ["create", "update", "merge", "link", "no_change"];
  return Object.entries(deltas ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([entity, ops]) => {
      const parts = Object.entries(ops)
        .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
        .map(([op, count]) => `${count} ${op.replace("_", " ")}`);
      return `${entity}: ${parts.join(", ")}`;
    });
}

const APPLICABLE: readonly BatchStatus[] = ["proposed", "in_review", "partially_applied"];
const REVERTIBLE: readonly BatchStatus[] = ["applied", "partially_applied"];

/** Whether Apply makes sense now (the server still has the last word). */
export const canApply = (status: BatchStatus) => APPLICABLE.includes(status);
export const canRevert = (status: BatchStatus) => REVERTIBLE.includes(status);

/** Batches made from this one's raw evidence (a mapping edit or a replay), newest first. */
export function replaysOf(importId: string, batches: readonly ImportSummary[]): ImportSummary[] {
  return batches.filter((batch) => batch.replay_of === importId);
}
