/** Provenance (CONTRACTS.md section 6) as readable parts. Pure. */
import type { Provenance } from "../../../api/types";
import { formatPercent } from "../../../lib/format";

export interface ProvenanceParts {
  system: string;
  batchId: string | null;
  /** "row 3, column Email" (either part may be missing). */
  location: string | null;
  rawValue: string | null;
  transform: string | null;
  confidence: string | null;
  observedAt: string | null;
}

export function provenanceParts(provenance: Provenance): ProvenanceParts {
  const location = [
    provenance.row !== null && provenance.row !== undefined ? `row ${provenance.row}` : null,
    provenance.column ? `column ${provenance.column}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  return {
    system: provenance.system ?? "unknown source",
    batchId: provenance.import_id ?? provenance.writeback_id ?? null,
    location: location || null,
    rawValue: provenance.raw_value ?? null,
    transform: provenance.transform ?? null,
    confidence: provenance.confidence === null || provenance.confidence === undefined ? null : formatPercent(provenance.confidence),
    observedAt: provenance.observed_at ?? null,
  };
}
