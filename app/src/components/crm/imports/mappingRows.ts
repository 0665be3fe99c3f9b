/** The mapping editor's model: one row per column (mapped or not), the operator's draft
 * choice per column, and the edits that turn a draft into `PUT …/mapping`. Pure. */
import type {
  CanonicalDelta,
  Disposition,
  MappingEdit,
  MappingManifest,
  MappingOrigin,
  UnmappedColumn,
} from "../../../api/types";

export type ColumnRow =
  | {
      kind: "mapped";
      column: string;
      target: string;
      transform: string;
      confidence: number;
      origin: MappingOrigin;
      samples: string[];
    }
  | {
      kind: "unmapped";
      column: string;
      disposition: Disposition;
      samples: string[];
      suggestions: NonNullable<UnmappedColumn["suggestions"]>;
      reason: string | null;
    };

export type ColumnChoice = { kind: "target"; target: string } | { kind: "disposition"; disposition: Disposition };

const SAMPLE_LIMIT = 3;

/** Distinct raw values per source column, read from the provenance of the batch's changes:
 * the manifest carries samples only for unmapped columns. */
export function samplesFromDeltas(deltas: readonly CanonicalDelta[], limit = SAMPLE_LIMIT): Record<string, string[]> {
  const samples: Record<string, string[]> = {};
  for (const delta of deltas) {
    for (const change of delta.changes ?? []) {
      const column = change.provenance?.column;
      const raw = change.provenance?.raw_value;
      if (!column || raw === null || raw === undefined || raw === "") continue;
      const seen = (samples[column] ??= []);
      if (seen.length < limit && !seen.includes(raw)) seen.push(raw);
    }
  }
  return samples;
}

/** Rows needing a decision first (unresolved), then the rest in manifest order. */
export function columnRows(manifest: MappingManifest, samples: Record<string, string[]> = {}): ColumnRow[] {
  const mapped: ColumnRow[] = (manifest.entries ?? []).map((entry) => ({
    kind: "mapped",
    column: entry.column,
    target: entry.target,
    transform: entry.transform,
    confidence: entry.confidence,
    origin: entry.origin,
    samples: samples[entry.column] ?? [],
  }));
  const unmapped: ColumnRow[] = (manifest.unmapped ?? []).map((item) => ({
    kind: "unmapped",
    column: item.column,
    disposition: item.disposition,
    samples: item.samples?.length ? item.samples : (samples[item.column] ?? []),
    suggestions: item.suggestions ?? [],
    reason: item.reason ?? null,
  }));
  const unresolved = unmapped.filter((row) => row.kind === "unmapped" && row.disposition === "unresolved");
  const settled = unmapped.filter((row) => !(row.kind === "unmapped" && row.disposition === "unresolved"));
  return [...unresolved, ...mapped, ...settled];
}

export function currentChoice(row: ColumnRow): ColumnChoice {
  return row.kind === "mapped"
    ? { kind: "target", target: row.target }
    : { kind: "disposition", disposition: row.disposition };
}

/** A choice as the value of a `<select>` option, and back. */
export function choiceKey(choice: ColumnChoice): string {
  return choice.kind === "target" ? `target:${choice.target}` : `disposition:${choice.disposition}`;
}

export function parseChoiceKey(key: string): ColumnChoice | null {
  const [kind, ...rest] = key.split(":");
  const value = rest.join(":");
  if (kind === "target" && value) return { kind: "target", target: value };
  if (kind === "disposition" && (value === "ignore" || value === "custom" || value === "unresolved")) {
    return { kind: "disposition", disposition: value };
  }
  return null;
}

export function sameChoice(a: ColumnChoice, b: ColumnChoice): boolean {
  return choiceKey(a) === choiceKey(b);
}

/** The edits for every column whose draft differs from what the manifest says. */
export function mappingEdits(rows: readonly ColumnRow[], drafts: Readonly<Record<string, ColumnChoice>>): MappingEdit[] {
  const edits: MappingEdit[] = [];
  for (const row of rows) {
    const draft = drafts[row.column];
    if (!draft || sameChoice(draft, currentChoice(row))) continue;
    edits.push(
      draft.kind === "target"
        ? { column: row.column, target: draft.target }
        : { column: row.column, disposition: draft.disposition },
    );
  }
  return edits;
}
