/** Review decisions as the UI reads them: where a decision stands (a discriminated union), its
 * evidence narrowed from the API's free-form list, and the answer an operator's draft makes.
 * Pure; the server decides what each option does. */
import type { DecisionAnswer, DecisionKind, Provenance, ReviewDecision } from "../../../api/types";

export type DecisionState =
  | { status: "pending"; recommended: string | null }
  | { status: "approved"; option: string | null; decidedBy: string | null; decidedAt: string | null; note: string | null }
  | { status: "rejected"; decidedBy: string | null; decidedAt: string | null; note: string | null };

export function decisionState(decision: ReviewDecision): DecisionState {
  const decided = {
    decidedBy: decision.decided_by ?? null,
    decidedAt: decision.decided_at ?? null,
    note: decision.note ?? null,
  };
  switch (decision.status) {
    case "pending":
      return { status: "pending", recommended: decision.recommended ?? null };
    case "approved":
      return { status: "approved", option: decision.chosen_option ?? null, ...decided };
    case "rejected":
      return { status: "rejected", ...decided };
  }
}

export const IDENTITY_KINDS: readonly DecisionKind[] = ["identity_merge", "ambiguous_match", "identity_conflict"];
export const isIdentityDecision = (decision: ReviewDecision) => IDENTITY_KINDS.includes(decision.kind);

export interface Comparison {
  field: string;
  outcome: string;
  weight: number | null;
  text: string;
}

export interface IdentityCandidate {
  candidate: string;
  probability: number | null;
  previouslyRejected: boolean;
  comparisons: Comparison[];
}

/** Two rows of one file that may be one person (a doubt inside the batch): their row numbers, the
 * client each would become, and the score and comparisons of the pair. */
export interface RowPair {
  rows: [number, number];
  clientIds: [string, string];
  probability: number | null;
  previouslyRejected: boolean;
  comparisons: Comparison[];
}

export interface FieldChangeEvidence {
  field: string;
  old: unknown;
  new: unknown;
  provenance: Provenance | null;
}

export type DecisionEvidence =
  | { kind: "identity"; candidates: IdentityCandidate[]; clientIds: string[] }
  /** A doubt between rows of the same file: the candidates are not clients yet. */
  | { kind: "within_batch"; pairs: RowPair[] }
  | { kind: "field_changes"; changes: FieldChangeEvidence[] }
  | { kind: "invalid_values"; items: { field: string; rawValue: string; problem: string }[] }
  | { kind: "column"; column: string; samples: string[]; reason: string | null }
  | { kind: "writeback"; rationale: string | null; confidence: number | null; missionId: string | null }
  | { kind: "other"; items: Record<string, unknown>[] };

type Loose = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" ? value : null);

function comparisonOf(item: unknown): Comparison | null {
  if (typeof item !== "object" || item === null) return null;
  const entry = item as Loose;
  const description = text(entry.text);
  if (!description) return null;
  return { field: text(entry.field) ?? "", outcome: text(entry.outcome) ?? "", weight: num(entry.weight), text: description };
}

function comparisonsOf(item: Loose): Comparison[] {
  const comparisons = Array.isArray(item.comparisons) ? item.comparisons : [];
  return comparisons.map(comparisonOf).filter((c): c is Comparison => c !== null);
}

function candidateOf(item: Loose): IdentityCandidate | null {
  const candidate = text(item.candidate);
  if (!candidate) return null;
  return { candidate, probability: num(item.probability), previouslyRejected: item.previously_rejected === true, comparisons: comparisonsOf(item) };
}

/** A pair of rows of the same file: `rows` [a, b], where row a becomes `paired_with` and row b
 * becomes `candidate` (`identity_resolution_service._within_batch_decisions`). */
function rowPairOf(item: Loose): RowPair | null {
  const candidate = text(item.candidate);
  const pairedWith = text(item.paired_with);
  const rows = Array.isArray(item.rows) ? item.rows.map(num) : [];
  const [first, second] = rows;
  if (!candidate || !pairedWith || rows.length !== 2 || first == null || second == null) return null;
  return {
    rows: [first, second],
    clientIds: [pairedWith, candidate],
    probability: num(item.probability),
    previouslyRejected: item.previously_rejected === true,
    comparisons: comparisonsOf(item),
  };
}

function samplesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value) return value.split(/,\s*/);
  return [];
}

/** The decision's evidence in the shape its kind uses; unknown shapes fall back to "other". */
export function decisionEvidence(decision: ReviewDecision): DecisionEvidence {
  const items = (decision.evidence ?? []) as Loose[];
  const first = items[0];
  const other: DecisionEvidence = { kind: "other", items };
  switch (decision.kind) {
    case "identity_merge":
    case "ambiguous_match":
    case "identity_conflict": {
      const pairs = items.map(rowPairOf).filter((p): p is RowPair => p !== null);
      if (pairs.length > 0) return { kind: "within_batch", pairs };
      const candidates = items.map(candidateOf).filter((c): c is IdentityCandidate => c !== null);
      if (candidates.length === 0 && items.length > 0 && (decision.client_ids ?? []).length === 0) return other;
      return { kind: "identity", candidates, clientIds: decision.client_ids ?? [] };
    }
    case "field_overwrite":
      return {
        kind: "field_changes",
        changes: items.map((item) => ({
          field: text(item.field) ?? "",
          old: item.old,
          new: item.new,
          provenance: (item.provenance as Provenance | undefined) ?? null,
        })),
      };
    case "invalid_value":
      return {
        kind: "invalid_values",
        items: items.map((item) => ({
          field: text(item.field) ?? "",
          rawValue: text(item.raw_value) ?? "",
          problem: text(item.problem) ?? "",
        })),
      };
    case "unmapped_column":
    case "ambiguous_value":
      if (!first || !text(first.column)) return other;
      return { kind: "column", column: text(first.column) ?? "", samples: samplesOf(first.samples), reason: text(first.reason) };
    case "writeback":
      if (!first) return other;
      return {
        kind: "writeback",
        rationale: text(first.rationale),
        confidence: num(first.confidence),
        missionId: text(first.mission_id),
      };
  }
}

/** The option an operator asks for a corrected value with. */
export const VALUE_OPTION = "correct";

export interface AnswerDraft {
  option: string;
  note: string;
  value: string;
}

export function initialDraft(decision: ReviewDecision): AnswerDraft {
  return { option: decision.recommended ?? decision.options[0]?.id ?? "", note: "", value: "" };
}

export type AnswerCheck = { ok: true; answer: DecisionAnswer } | { ok: false; reason: string };

/** The request body for approving (with the chosen option) or rejecting, or why it cannot be sent. */
export function answerOf(draft: AnswerDraft, action: "approve" | "reject"): AnswerCheck {
  const note = draft.note.trim() || null;
  if (action === "reject") return { ok: true, answer: { note } };
  if (!draft.option) return { ok: false, reason: "Choose an option first." };
  if (draft.option === VALUE_OPTION) {
    const value = draft.value.trim();
    if (!value) return { ok: false, reason: "Type the corrected value." };
    return { ok: true, answer: { option: draft.option, note, value } };
  }
  return { ok: true, answer: { option: draft.option, note } };
}

/** The label of the option a decision was approved with. */
export function optionLabel(decision: ReviewDecision, optionId: string | null): string {
  if (!optionId) return "the recommended option";
  return decision.options.find((option) => option.id === optionId)?.label ?? optionId;
}
