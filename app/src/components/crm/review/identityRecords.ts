/** The person records an identity decision compares: the incoming row (from its delta) and
 * each existing candidate (from its Client 360), or two rows of the same file (from their
 * deltas), reduced to the same key fields. Pure. */
import type { CanonicalDelta, Client360Snapshot } from "../../../api/types";
import { formatValue } from "../../../lib/format";
import type { RowPair } from "./decisionModel";

export const KEY_FIELDS = ["first_name", "last_name", "email", "phone", "mobile_phone", "job_title", "city", "country"] as const;
export type KeyField = (typeof KEY_FIELDS)[number] | "accounts";
export type PersonRecord = Record<KeyField, string>;

const EMPTY = "—";

function blankRecord(): PersonRecord {
  return Object.fromEntries([...KEY_FIELDS, "accounts"].map((field) => [field, EMPTY])) as PersonRecord;
}

/** The name of an account the batch proposes, by id, from the batch's account deltas. */
export function accountNameIn(deltas: readonly CanonicalDelta[], accountId: string): string {
  for (const delta of deltas) {
    if (delta.entity !== "account" || delta.entity_id !== accountId) continue;
    const name = (delta.changes ?? []).find((change) => change.field === "name")?.new;
    if (typeof name === "string" && name) return name;
  }
  return accountId;
}

/** The incoming record: the values a create or update delta proposes (raw value when invalid),
 * and the accounts its row links to (named through `accountName`). */
export function recordOfDelta(delta: CanonicalDelta, accountName: (accountId: string) => string = (id) => id): PersonRecord {
  const record = blankRecord();
  const accounts = (delta.links ?? []).filter((link) => link.kind === "account" && link.target_id).map((link) => accountName(link.target_id ?? ""));
  if (accounts.length > 0) record.accounts = accounts.join(", ");
  for (const change of delta.changes ?? []) {
    if (!(KEY_FIELDS as readonly string[]).includes(change.field)) continue;
    const value = change.valid === false ? change.provenance?.raw_value : change.new;
    record[change.field as KeyField] = formatValue(value);
  }
  return record;
}

/** An existing client's key fields, as its Client 360 shows them. */
export function recordOfSnapshot(snapshot: Client360Snapshot): PersonRecord {
  const record = blankRecord();
  for (const field of KEY_FIELDS) record[field] = formatValue(snapshot.profile?.[field]?.value);
  const accounts = (snapshot.accounts ?? []).map((account) => account.name ?? account.account_id);
  if (accounts.length > 0) record.accounts = accounts.join(", ");
  return record;
}

/** A readable name for a record: first and last name, else the e-mail; null when it has neither. */
export function recordName(record: PersonRecord): string | null {
  const name = [record.first_name, record.last_name].filter((part) => part !== EMPTY).join(" ");
  if (name) return name;
  return record.email !== EMPTY ? record.email : null;
}

/** A readable name for a client from its Client 360 profile. */
export function displayName(snapshot: Client360Snapshot): string {
  const value = (field: string) => {
    const raw = snapshot.profile?.[field]?.value;
    return typeof raw === "string" ? raw : "";
  };
  const name = [value("first_name"), value("last_name")].filter(Boolean).join(" ") || value("full_name");
  return name || value("email") || snapshot.client_id;
}

/** Whether two displayed values agree (case and spacing aside); blanks never agree. */
export function sameValue(a: string, b: string): boolean {
  if (a === EMPTY || b === EMPTY) return false;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Where the client a row of the file becomes stands: created by this batch and not applied yet
 * (`new`), created and applied (`created`), an existing client the row matched (`existing`), or
 * not known while the batch's deltas are not loaded (`unknown`). */
export type RowStanding = "new" | "created" | "existing" | "unknown";

export interface BatchRow {
  row: number;
  clientId: string;
  /** The row's client delta (its create or update), when the batch has one. */
  delta: CanonicalDelta | null;
  standing: RowStanding;
}

/** The rows a doubt inside one file concerns, in file order, each with the client it becomes
 * and whether that client exists yet, read from the batch's deltas. */
export function rowsOfPairs(pairs: readonly RowPair[], deltas: readonly CanonicalDelta[]): BatchRow[] {
  const clientOfRow = new Map<number, string>();
  for (const pair of pairs) {
    pair.rows.forEach((row, index) => {
      if (!clientOfRow.has(row)) clientOfRow.set(row, pair.clientIds[index] ?? "");
    });
  }
  const clientDeltas = deltas.filter((delta) => delta.entity === "client");
  return [...clientOfRow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([row, clientId]) => {
      const delta = clientDeltas.find((item) => item.source_row === row && item.op !== "merge") ?? null;
      const create = clientDeltas.find((item) => item.op === "create" && item.entity_id === clientId);
      const standing: RowStanding = deltas.length === 0 ? "unknown" : !create ? "existing" : create.status === "applied" ? "created" : "new";
      return { row, clientId, delta, standing };
    });
}
