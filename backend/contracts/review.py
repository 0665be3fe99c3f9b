"""CanonicalDelta and ReviewDecision (CONTRACTS.md section 5), and the inputs that answer them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from backend.contracts.common import Contract, EntityKind, InputContract, Risk

DeltaOp = Literal["create", "update", "merge", "link", "no_change"]
DeltaStatus = Literal["pending", "approved", "rejected", "applied", "reverted", "blocked"]
DecisionKind = Literal[
    "identity_merge",
    "ambiguous_match",
    "identity_conflict",
    "field_overwrite",
    "unmapped_column",
    "invalid_value",
    "ambiguous_value",
    "writeback",
]
DecisionStatus = Literal["pending", "approved", "rejected"]


class Provenance(Contract):
    system: str | None = None
    import_id: str | None = None
    writeback_id: str | None = None
    row: int | None = None
    column: str | None = None
    raw_value: str | None = None
    transform: str | None = None
    confidence: float | None = None
    observed_at: datetime | None = None


class FieldChange(Contract):
    field: str
    old: Any = None
    new: Any = None
    provenance: Provenance | None = None
    valid: bool = True
    alternative: bool = False


class Evidence(Contract):
    """One comparison that moved a score, readable by a person."""

    field: str
    outcome: str
    weight: float | None = None
    text: str


class EntityLinkRef(Contract):
    """A relationship or source link a delta adds."""

    kind: str
    target_id: str | None = None
    role: str | None = None
    source_link: str | None = None


class CanonicalDelta(Contract):
    delta_id: str
    import_id: str | None = None
    writeback_id: str | None = None
    op: DeltaOp
    entity: EntityKind
    entity_id: str | None = None
    target_ids: list[str] = Field(default_factory=list)
    changes: list[FieldChange] = Field(default_factory=list)
    links: list[EntityLinkRef] = Field(default_factory=list)
    score: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    risk: Risk
    status: DeltaStatus
    depends_on: list[str] = Field(default_factory=list)
    source_row: int | None = None


class DecisionOption(Contract):
    id: str
    label: str
    target_id: str | None = None


class ReviewDecision(Contract):
    decision_id: str
    import_id: str | None = None
    writeback_id: str | None = None
    kind: DecisionKind
    risk: Risk
    question: str
    options: list[DecisionOption]
    recommended: str | None = None
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    delta_ids: list[str] = Field(default_factory=list)
    client_ids: list[str] = Field(default_factory=list)
    status: DecisionStatus
    chosen_option: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None


class DecisionAnswer(InputContract):
    """Approve (with the recommended option unless one is named) or reject, with a note."""

    option: str | None = None
    note: str | None = None
    value: str | None = None


class ApplyResult(Contract):
    batch_id: str
    status: str
    applied: int
    blocked: int
    blocked_reasons: list[str] = Field(default_factory=list)
    clients_refreshed: int = 0


class RevertResult(Contract):
    batch_id: str
    status: str
    reverted: int
    conflicts: list[str] = Field(default_factory=list)
