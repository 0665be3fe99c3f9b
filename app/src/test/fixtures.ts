/** Typed factories for API shapes, with realistic defaults; override what a test is about. */
import type {
  Action,
  ActionRole,
  Caller,
  CanonicalDelta,
  Client360Snapshot,
  FieldChange,
  ImportSummary,
  MappingManifest,
  Provenance,
  ReviewDecision,
  Role,
  Writeback,
} from "../api/types";

export function provenance(overrides: Partial<Provenance> = {}): Provenance {
  return {
    system: "salesforce",
    import_id: "imp_1",
    writeback_id: null,
    row: 3,
    column: "Email",
    raw_value: "BOB.SMITH@NORTHWIND.COM",
    transform: "email",
    confidence: 1,
    observed_at: "2026-11-25T20:10:52Z",
    ...overrides,
  };
}

export function change(overrides: Partial<FieldChange> & { field: string }): FieldChange {
  return { old: null, new: null, provenance: null, valid: true, alternative: false, ...overrides };
}

export function importSummary(overrides: Partial<ImportSummary> = {}): ImportSummary {
  return {
    import_id: "imp_1",
    status: "in_review",
    file: { name: "contacts.csv", sha256: "ab".repeat(32), bytes: 1396, encoding: "utf-8", delimiter: ",", sheet: null },
    profile: { key: "salesforce_contacts", confidence: 0.97, inferred: true },
    mapping_id: "map_1",
    rows: { total: 6, parsed: 6, rejected: 0, flagged: 1 },
    columns: { total: 6, mapped: 5, unresolved: 1, ignored: 0, custom: 0 },
    deltas: { client: { create: 3, update: 1, no_change: 1 }, account: { create: 2 } },
    unresolved_fields: 2,
    review_required: 2,
    auto_approved: 3,
    replay_of: null,
    errors: [],
    warnings: [],
    timings: { ingest: 0.04 },
    source_system: "salesforce",
    created_by: "dana",
    created_at: "2026-11-25T20:10:52Z",
    ...overrides,
  };
}

export function mappingManifest(overrides: Partial<MappingManifest> = {}): MappingManifest {
  return {
    id: "map_1",
    version: 1,
    profile: "spreadsheet",
    source_system: "spreadsheet",
    object: "client",
    entries: [
      { column: "Email", target: "client.email", transform: "email", confidence: 0.9, origin: "header" },
      { column: "First Name", target: "client.first_name", transform: "name_part", confidence: 0.9, origin: "header" },
    ],
    unmapped: [
      {
        column: "Shoe Size",
        disposition: "unresolved",
        samples: ["44", "38"],
        suggestions: [{ target: "client.custom.shoe_size", confidence: 0.2 }],
        reason: "no profile label, header synonym or value pattern matches this column",
      },
    ],
    ...overrides,
  };
}

export function delta(overrides: Partial<CanonicalDelta> = {}): CanonicalDelta {
  return {
    delta_id: "dlt_1",
    import_id: "imp_1",
    writeback_id: null,
    op: "create",
    entity: "client",
    entity_id: "cli_new",
    target_ids: [],
    changes: [
      { field: "first_name", old: null, new: "Bob", provenance: provenance({ column: "First Name", raw_value: "Bob", row: 2 }), valid: true, alternative: false },
      { field: "email", old: null, new: "rsmith@example.org", provenance: provenance({ column: "Email", raw_value: "rsmith@example.org", row: 2 }), valid: true, alternative: false },
    ],
    links: [],
    score: 0.8,
    evidence: [],
    risk: "low",
    status: "pending",
    depends_on: [],
    source_row: 2,
    ...overrides,
  };
}

export function identityDecision(overrides: Partial<ReviewDecision> = {}): ReviewDecision {
  return {
    decision_id: "dec_identity",
    import_id: "imp_1",
    writeback_id: null,
    kind: "ambiguous_match",
    risk: "medium",
    question: "Is Bob Smith the same person as an existing client?",
    options: [
      { id: "match:cli_robert", label: "Same as cli_robert (80%)", target_id: "cli_robert" },
      { id: "create_new", label: "Create a new client", target_id: null },
    ],
    recommended: "match:cli_robert",
    evidence: [
      {
        candidate: "cli_robert",
        probability: 0.8,
        previously_rejected: false,
        comparisons: [
          { field: "first_name", outcome: "nickname", weight: 3, text: "first name Bob~Robert nickname (+3.0)" },
          { field: "email", outcome: "different", weight: -1, text: "email differs (-1.0)" },
        ],
      },
    ],
    delta_ids: ["dlt_1"],
    client_ids: ["cli_robert"],
    status: "pending",
    chosen_option: null,
    decided_by: null,
    decided_at: null,
    note: null,
    ...overrides,
  };
}

/** Two rows of one file sharing an e-mail but not a name, and the clients they would become. */
export function sharedMailboxRows(): CanonicalDelta[] {
  const row = (number: number, clientId: string, first: string, last: string) =>
    delta({
      delta_id: `dlt_row${number}`,
      entity_id: clientId,
      source_row: number,
      risk: "high",
      score: null,
      changes: [
        change({ field: "first_name", new: first }),
        change({ field: "last_name", new: last }),
        change({ field: "email", new: "millers.home@gmail.com" }),
        change({ field: "city", new: "Austin" }),
      ],
    });
  return [
    row(1, "cli_john", "John", "Miller"),
    row(2, "cli_alice", "Alice", "Brown"),
    delta({ delta_id: "dlt_merge", op: "merge", entity_id: "cli_john", target_ids: ["cli_john", "cli_alice"], changes: [], source_row: null, depends_on: ["dlt_row1", "dlt_row2"], risk: "high" }),
  ];
}

/** A doubt inside one file, as identity resolution records it: an `identity_conflict` between
 * rows 1 and 2, whose clients do not exist yet. */
export function withinBatchDecision(overrides: Partial<ReviewDecision> = {}): ReviewDecision {
  return identityDecision({
    decision_id: "dec_within",
    kind: "identity_conflict",
    risk: "high",
    question: "Are row 1 (John Miller), row 2 (Alice Brown) one person? In this file, two rows share e-mail millers.home@gmail.com but not a name (row:1, row:2).",
    options: [
      { id: "merge", label: "Merge cli_alice into cli_john", target_id: null },
      { id: "keep_separate", label: "Keep them separate", target_id: null },
    ],
    recommended: "keep_separate",
    evidence: [
      {
        candidate: "cli_alice",
        paired_with: "cli_john",
        rows: [1, 2],
        probability: 0.025,
        previously_rejected: false,
        comparisons: [
          { field: "first_name", outcome: "different", weight: -8.34, text: "first name John≠Alice differs (−8.3)" },
          { field: "email", outcome: "exact", weight: 22.39, text: "e-mail millers.home@gmail.com equal (+22.4)" },
          { field: "model", outcome: "default", weight: null, text: "scored by the default match model daf8a9c6453d" },
        ],
      },
    ],
    delta_ids: ["dlt_merge"],
    client_ids: ["cli_john", "cli_alice"],
    ...overrides,
  });
}

export function invalidValueDecision(overrides: Partial<ReviewDecision> = {}): ReviewDecision {
  return identityDecision({
    decision_id: "dec_invalid",
    kind: "invalid_value",
    risk: "low",
    question: "email of Dana Scully is not valid; keep it raw or correct it?",
    options: [
      { id: "keep_raw", label: "Keep the raw value, unresolved", target_id: null },
      { id: "correct", label: "Type a corrected value", target_id: null },
    ],
    recommended: "keep_raw",
    evidence: [{ field: "email", raw_value: "dana@@fbi.gov", problem: "more than one @" }],
    delta_ids: ["dlt_2"],
    client_ids: [],
    ...overrides,
  });
}

export function snapshot(overrides: Partial<Client360Snapshot> = {}): Client360Snapshot {
  return {
    client_id: "cli_robert",
    version: 2,
    refreshed_at: "2026-11-25T20:11:49Z",
    status: "active",
    merged_into: null,
    profile: {
      first_name: {
        value: "Robert",
        provenance: provenance({ column: "First Name", raw_value: "Robert" }),
        alternatives: [{ value: "Bob", valid: true, provenance: provenance({ system: "spreadsheet", import_id: "imp_2", row: 1, column: "First Name", raw_value: "Bob" }) }],
      },
      last_name: { value: "Smith", provenance: provenance({ column: "Last Name", raw_value: "Smith" }), alternatives: [] },
      email: { value: "bob.smith@northwind.com", provenance: provenance(), alternatives: [] },
      job_title: { value: "VP Sales", provenance: provenance({ column: "Title", raw_value: "VP Sales" }), alternatives: [] },
    },
    emails: [{ value: "bob.smith@northwind.com", label: "email", is_primary: true }],
    phones: [{ value: "+14155550132", label: "phone", is_primary: true }],
    addresses: [{ street: "500 Market St", city: "San Francisco", region: "CA", postal_code: "94105", country: "US" }],
    accounts: [{ account_id: "acc_1", name: "Northwind Traders Inc.", domain: "northwind.com", role: "member" }],
    opportunities: {
      open_count: 2,
      open_amount: { EUR: "5000.00", USD: "12500.00" },
      won_count: 1,
      won_amount: { USD: "3000.00" },
      lost_count: 0,
      items: [{ id: "opp_1", name: "Fleet renewal", stage: "proposal", amount: "12500.00", currency: "USD", close_date: "2026-12-31" }],
    },
    interactions: {
      total: 1,
      by_kind: { call: 1 },
      first_at: "2026-04-02T14:00:00Z",
      last_at: "2026-04-02T14:00:00Z",
      recent: [{ id: "itr_1", kind: "call", subject: "Follow up", occurred_at: "2026-04-02T14:00:00Z" }],
    },
    interests: [{ id: "int_1", inventory_ref: "SKU-1182", level: "high" }],
    source_links: [{ system: "salesforce", object: "client", source_id: "0035g00000AbC03" }],
    data_quality: { missing_key_fields: [], conflicting_values: [{ field: "first_name", value: "Robert", alternatives: ["Bob"] }], invalid_values: [] },
    pending_reviews: [],
    history: [{ action: "create", batch_id: "imp_1", delta_id: "dlt_1", at: "2026-11-25T20:11:43Z", reverted: false }],
    ...overrides,
  };
}

export function writeback(overrides: Partial<Writeback> = {}): Writeback {
  return {
    writeback_id: "wbk_1",
    client_id: "cli_robert",
    source: "oracle",
    mission_id: "m-42",
    rationale: "Call transcript says he was promoted",
    confidence: 0.82,
    status: "in_review",
    created_by: "oracle-bot",
    created_at: "2026-11-25T20:11:55Z",
    deltas: [
      delta({
        delta_id: "dlt_w1",
        import_id: null,
        writeback_id: "wbk_1",
        op: "update",
        entity_id: "cli_robert",
        target_ids: ["cli_robert"],
        risk: "high",
        changes: [{ field: "job_title", old: "VP Sales", new: "CRO", provenance: provenance({ system: "oracle", import_id: null, writeback_id: "wbk_1" }), valid: true, alternative: false }],
      }),
    ],
    decisions: [
      identityDecision({
        decision_id: "dec_w1",
        import_id: null,
        writeback_id: "wbk_1",
        kind: "field_overwrite",
        risk: "high",
        question: "Replace existing values of Robert Smith: job_title 'VP Sales' → 'CRO'?",
        options: [
          { id: "overwrite", label: "Use the new values", target_id: null },
          { id: "keep_current", label: "Keep the current values", target_id: null },
        ],
        recommended: "keep_current",
        evidence: [{ field: "job_title", old: "VP Sales", new: "CRO", provenance: provenance({ system: "oracle", import_id: null, writeback_id: "wbk_1" }) }],
        delta_ids: ["dlt_w1"],
      }),
    ],
    ...overrides,
  };
}

/** The least role of every action, as `GET /api/crm/me` reports it (the server's table is
 * `backend/services/access_rules.py`; this is test data standing for its answer). */
export const ACTION_ROLES: ActionRole[] = [
  { action: "view", role: "viewer" },
  { action: "upload", role: "operator" },
  { action: "replay", role: "operator" },
  { action: "edit_mapping", role: "operator" },
  { action: "submit_writeback", role: "operator" },
  { action: "read_audit", role: "operator" },
  { action: "decide", role: "approver" },
  { action: "apply", role: "approver" },
  { action: "revert", role: "approver" },
  { action: "unmerge", role: "approver" },
  { action: "manage_tokens", role: "admin" },
];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2, admin: 3 };

/** The server's `Caller` for a role: the actions at or below it, and every action's least role. */
export function caller(overrides: Partial<Caller> & { role: Role }): Caller {
  const actions: Action[] = ACTION_ROLES.filter((rule) => RANK[rule.role] <= RANK[overrides.role]).map((rule) => rule.action);
  return { actor: "sam", auth_required: true, actions, action_roles: ACTION_ROLES, ...overrides };
}
