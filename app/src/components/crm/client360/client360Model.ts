/** Reading a Client360Snapshot for display: profile field order, timeline entries, deal rows,
 * history events and the writebacks' review state. Pure. */
import type { Client360Snapshot, ProfileField, Provenance, Writeback } from "../../../api/types";
import { formatDateTime, formatValue, humanize } from "../../../lib/format";

const FIELD_ORDER = [
  "salutation", "first_name", "middle_name", "last_name", "name_suffix", "full_name", "job_title", "department",
  "email", "email_secondary", "phone", "mobile_phone", "home_phone", "other_phone", "fax",
  "street", "city", "region", "postal_code", "country",
  "lifecycle_stage", "lead_status", "lead_source", "owner", "linkedin_url", "website", "birth_date",
  "email_opt_out", "do_not_call", "tags", "description", "source_id", "created_at", "updated_at", "last_contacted_at",
];

export interface ProfileEntry {
  field: string;
  value: string;
  provenance: Provenance | null;
  alternatives: { value: string; valid: boolean; provenance: Provenance | null }[];
}

const DATED = /(_at|_date)$/;

/** A profile value as text; dates and datetimes readable (the raw form stays in the provenance). */
export function profileValue(field: string, value: unknown): string {
  if (DATED.test(field) && typeof value === "string") return formatDateTime(value);
  return formatValue(value);
}

function rank(field: string): number {
  const index = FIELD_ORDER.indexOf(field);
  if (index >= 0) return index;
  return field.startsWith("custom.") ? FIELD_ORDER.length + 1 : FIELD_ORDER.length;
}

/** Profile fields in a person-first order (names, contact, address, CRM facts, custom last). */
export function profileEntries(profile: Record<string, ProfileField> | undefined): ProfileEntry[] {
  return Object.entries(profile ?? {})
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([field, item]) => ({
      field,
      value: profileValue(field, item.value),
      provenance: item.provenance ?? null,
      alternatives: (item.alternatives ?? []).map((alternative) => ({
        value: profileValue(field, alternative.value),
        valid: alternative.valid !== false,
        provenance: (alternative.provenance as Provenance | undefined) ?? null,
      })),
    }));
}

/** The client's name as the header shows it. */
export function clientName(snapshot: Client360Snapshot): string {
  const value = (field: string) => {
    const raw = snapshot.profile?.[field]?.value;
    return typeof raw === "string" ? raw : "";
  };
  const parts = [value("first_name"), value("middle_name"), value("last_name")].filter(Boolean);
  return parts.join(" ") || value("full_name") || snapshot.emails?.[0]?.value || snapshot.client_id;
}

export interface TimelineEntry {
  id: string;
  kind: string;
  at: string | null;
  title: string;
  detail: string | null;
  direction: string | null;
}

const str = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/** One interaction as a timeline entry: subject (else the start of the body) as its title. */
export function timelineEntry(item: Record<string, unknown>): TimelineEntry {
  const subject = str(item.subject);
  const body = str(item.body);
  return {
    id: str(item.id) ?? JSON.stringify(item),
    kind: str(item.kind) ?? "other",
    at: str(item.occurred_at) ?? str(item.due_at),
    title: subject ?? (body ? (body.length > 80 ? `${body.slice(0, 80)}…` : body) : "(no subject)"),
    detail: subject ? body : body && body.length > 80 ? body : null,
    direction: str(item.direction),
  };
}

export interface DealRow {
  id: string;
  name: string;
  stage: string;
  amount: string | null;
  currency: string | null;
  closeDate: string | null;
}

export function dealRow(item: Record<string, unknown>): DealRow {
  const amount = item.amount;
  return {
    id: str(item.id) ?? JSON.stringify(item),
    name: str(item.name) ?? "(unnamed deal)",
    stage: str(item.stage) ?? "unknown",
    amount: typeof amount === "number" ? String(amount) : str(amount),
    currency: str(item.currency),
    closeDate: str(item.close_date),
  };
}

/** Writebacks with decisions still pending come first, then newest first as the API sends them. */
export function writebacksNeedingReview(writebacks: readonly Writeback[]): Writeback[] {
  const pending = (writeback: Writeback) => (writeback.decisions ?? []).some((decision) => decision.status === "pending");
  return [...writebacks].sort((a, b) => Number(pending(b)) - Number(pending(a)));
}

/** Whether a writeback has approved changes left to apply. */
export function canApplyWriteback(writeback: Writeback): boolean {
  return (writeback.deltas ?? []).some((delta) => delta.status === "approved");
}

/** The latest merge into this client that is still in effect, if any. */
export function lastMerge(snapshot: Client360Snapshot): { batchId: string; at: string | null } | null {
  const merges = (snapshot.history ?? []).filter((event) => event.action === "merge" && event.reverted !== true);
  const latest = merges.at(-1);
  if (!latest) return null;
  return { batchId: String(latest.batch_id ?? ""), at: typeof latest.at === "string" ? latest.at : null };
}

export type HistoryEntry = NonNullable<Client360Snapshot["history"]>[number];

const UNDO_ACTIONS = ["revert", "unmerge"] as const;
type UndoAction = (typeof UNDO_ACTIONS)[number];
const isUndo = (action: string): action is UndoAction => (UNDO_ACTIONS as readonly string[]).includes(action);

/** One line of a client's history: a change an import or writeback made (and whether, when and
 * by whom it was undone), or a revert or unmerge as an event of its own with what it undid. */
export type HistoryItem =
  | {
      kind: "change";
      key: string;
      action: string;
      at: string | null;
      batchId: string | null;
      undone: { at: string | null; by: string | null } | null;
    }
  | {
      kind: "undo";
      key: string;
      action: UndoAction;
      at: string | null;
      batchId: string | null;
      by: string | null;
      undid: { action: string; at: string | null; restored: string[] }[];
    };

/** A field a revert put back, as "City: Cambridge → Boston" (the undone value, then the one shown again). */
export function restoredText(field: string, undone: unknown, value: unknown): string {
  return `${humanize(field)}: ${formatValue(undone)} → ${formatValue(value)}`;
}

/** The client's history newest first, as the History panel lists it. */
export function historyItems(history: readonly HistoryEntry[] | undefined): HistoryItem[] {
  return [...(history ?? [])].reverse().map((entry, index): HistoryItem => {
    const key = `${entry.action}:${entry.delta_id ?? entry.batch_id ?? ""}:${index}`;
    const at = entry.at ?? null;
    const batchId = entry.batch_id ?? null;
    if (isUndo(entry.action)) {
      return {
        kind: "undo",
        key,
        action: entry.action,
        at,
        batchId,
        by: entry.actor ?? null,
        undid: (entry.undid ?? []).map((change) => ({
          action: change.action,
          at: change.at ?? null,
          restored: (change.restored ?? []).map((item) => restoredText(item.field, item.undone, item.value)),
        })),
      };
    }
    const undone = entry.reverted ? { at: entry.reverted_at ?? null, by: entry.reverted_by ?? null } : null;
    return { kind: "change", key, action: entry.action, at, batchId, undone };
  });
}
