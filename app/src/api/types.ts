/** Named aliases for the generated OpenAPI shapes (`schema.d.ts`), so components never spell
 * `components["schemas"][...]`. Nothing here is written by hand beyond the names. */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type ImportSummary = Schemas["ImportSummary"];
export type MappingManifest = Schemas["MappingManifest"];
export type MappingEntry = Schemas["MappingEntry"];
export type UnmappedColumn = Schemas["UnmappedColumn"];
export type MappingEdit = Schemas["MappingEdit"];
export type MappingUpdate = Schemas["MappingUpdate"];
export type Disposition = UnmappedColumn["disposition"];
export type MappingOrigin = MappingEntry["origin"];
export type UnresolvedField = Schemas["UnresolvedField"];
export type CanonicalDelta = Schemas["CanonicalDelta"];
export type FieldChange = Schemas["FieldChange"];
export type ReviewDecision = Schemas["ReviewDecision"];
export type DecisionKind = ReviewDecision["kind"];
export type DecisionOption = Schemas["DecisionOption"];
export type DecisionAnswer = Schemas["DecisionAnswer"];
export type Risk = ReviewDecision["risk"];
export type BatchStatus = ImportSummary["status"];
export type ApplyResult = Schemas["ApplyResult"];
export type RevertResult = Schemas["RevertResult"];
export type BulkApproval = Schemas["BulkApproval"];
export type Provenance = Schemas["Provenance"];
export type Client360Snapshot = Schemas["Client360Snapshot"];
export type ProfileField = Schemas["ProfileField"];
export type ContactPointView = Schemas["ContactPointView"];
export type AccountRole = Schemas["AccountRole"];
export type OpportunitySummary = Schemas["OpportunitySummary"];
export type InteractionSummary = Schemas["InteractionSummary"];
export type SourceLinkView = Schemas["SourceLinkView"];
export type DataQuality = Schemas["DataQuality"];
export type ClientMatch = Schemas["ClientMatch"];
export type Writeback = Schemas["Writeback"];
export type WritebackCreate = Schemas["WritebackCreate"];
export type Caller = Schemas["Caller"];
export type Role = Caller["role"];
export type Action = Caller["actions"][number];
export type ActionRole = Schemas["ActionRole"];

/** `GET /api/crm/source-profiles` is untyped in the schema (a list of plain objects). */
export interface SourceProfile {
  key: string;
  system: string;
  object: string;
  label: string;
  date_order?: string | null;
  default_region?: string | null;
}

export const DECISION_KINDS: readonly DecisionKind[] = [
  "identity_merge",
  "ambiguous_match",
  "identity_conflict",
  "field_overwrite",
  "unmapped_column",
  "invalid_value",
  "ambiguous_value",
  "writeback",
];
export const RISKS: readonly Risk[] = ["low", "medium", "high"];
