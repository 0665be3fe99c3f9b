/** The canonical targets a mapping may name (CONTRACTS.md section 3), for the mapping editor's
 * target picker. The API does not list them (see the report), so the vocabulary is mirrored
 * here; the server still validates every edit. Custom attributes (`client.custom.<slug>`) come
 * from the "keep as custom" disposition or a column's suggestions. */

export const CANONICAL_TARGETS: Readonly<Record<string, readonly string[]>> = {
  client: [
    "source_id", "first_name", "middle_name", "last_name", "full_name", "salutation", "name_suffix",
    "job_title", "department", "email", "email_secondary", "phone", "phone_extension", "mobile_phone",
    "mobile_phone_extension", "home_phone", "home_phone_extension", "other_phone", "other_phone_extension",
    "fax", "fax_extension", "street", "city", "region", "postal_code", "country", "lifecycle_stage",
    "lead_status", "lead_source", "owner", "linkedin_url", "website", "birth_date", "email_opt_out",
    "do_not_call", "tags", "description", "created_at", "updated_at", "last_contacted_at",
  ],
  account: [
    "source_id", "name", "domain", "website", "industry", "type", "employee_count", "annual_revenue",
    "annual_revenue_currency", "phone", "phone_extension", "street", "city", "region", "postal_code", "country", "owner", "parent_source_id",
    "description", "tags", "created_at", "updated_at",
  ],
  opportunity: [
    "source_id", "name", "amount", "currency", "stage", "pipeline", "probability", "close_date", "owner",
    "type", "next_step", "lost_reason", "description", "created_at", "updated_at",
  ],
  interaction: [
    "source_id", "kind", "occurred_at", "direction", "subject", "body", "duration_seconds", "outcome",
    "status", "due_at", "owner",
  ],
  interest: ["inventory_ref", "level", "note", "noted_at"],
};

/** Every catalogue target grouped by entity, plus extra targets (current or suggested) that
 * are not in the catalogue, such as custom attributes. */
export function targetGroups(extra: readonly string[] = []): { entity: string; targets: string[] }[] {
  const groups = Object.entries(CANONICAL_TARGETS).map(([entity, fields]) => ({
    entity,
    targets: fields.map((field) => `${entity}.${field}`),
  }));
  const known = new Set(groups.flatMap((group) => group.targets));
  const others = [...new Set(extra)].filter((target) => !known.has(target)).sort();
  return others.length > 0 ? [...groups, { entity: "custom and other", targets: others }] : groups;
}
