"""The Client360Snapshot (CONTRACTS.md section 5) and client search results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from backend.contracts.common import Contract
from backend.contracts.review import Provenance


class ProfileField(Contract):
    value: Any = None
    provenance: Provenance | None = None
    alternatives: list[dict[str, Any]] = Field(default_factory=list)


class ContactPointView(Contract):
    value: str
    label: str | None = None
    is_primary: bool = False


class AccountRole(Contract):
    account_id: str
    name: str | None = None
    domain: str | None = None
    role: str | None = None


class OpportunitySummary(Contract):
    open_count: int = 0
    open_amount: dict[str, str] = Field(default_factory=dict)
    won_count: int = 0
    won_amount: dict[str, str] = Field(default_factory=dict)
    lost_count: int = 0
    items: list[dict[str, Any]] = Field(default_factory=list)


class InteractionSummary(Contract):
    total: int = 0
    by_kind: dict[str, int] = Field(default_factory=dict)
    first_at: str | None = None
    last_at: str | None = None
    recent: list[dict[str, Any]] = Field(default_factory=list)


class SourceLinkView(Contract):
    system: str
    object: str
    source_id: str


class DataQuality(Contract):
    missing_key_fields: list[str] = Field(default_factory=list)
    conflicting_values: list[dict[str, Any]] = Field(default_factory=list)
    invalid_values: list[dict[str, Any]] = Field(default_factory=list)


class RestoredField(Contract):
    """A field value a revert put back: `value` shown again (null: the field is empty again),
    `undone` the value the reverted change had set."""

    field: str
    value: Any = None
    undone: Any = None


class UndoneChange(Contract):
    """One change to the client that a revert undid: what it was, and the values it put back."""

    action: str
    delta_id: str | None = None
    at: str | None = None
    restored: list[RestoredField] = Field(default_factory=list)


class HistoryEntry(Contract):
    """One event in a client's history, oldest first. A change an import or writeback made
    (`action` `create`, `update`, `link`, `merge`, `merged_away`) says whether it was undone
    (`reverted`) and when and by whom (`reverted_at`, `reverted_by`). The undoing is an event of
    its own: `action` `revert` (an import or writeback reverted) or `unmerge` (a merge split),
    with `batch_id` the batch whose changes it undid, `at` when, `actor` who, and `undid` the
    changes to this client it undid."""

    action: str
    batch_id: str | None = None
    delta_id: str | None = None
    at: str | None = None
    reverted: bool = False
    reverted_at: str | None = None
    reverted_by: str | None = None
    actor: str | None = None
    undid: list[UndoneChange] = Field(default_factory=list)


class Client360Snapshot(Contract):
    client_id: str
    version: int
    refreshed_at: datetime
    status: str = "active"
    merged_into: str | None = None
    profile: dict[str, ProfileField] = Field(default_factory=dict)
    emails: list[ContactPointView] = Field(default_factory=list)
    phones: list[ContactPointView] = Field(default_factory=list)
    addresses: list[dict[str, Any]] = Field(default_factory=list)
    accounts: list[AccountRole] = Field(default_factory=list)
    opportunities: OpportunitySummary = Field(default_factory=OpportunitySummary)
    interactions: InteractionSummary = Field(default_factory=InteractionSummary)
    interests: list[dict[str, Any]] = Field(default_factory=list)
    source_links: list[SourceLinkView] = Field(default_factory=list)
    data_quality: DataQuality = Field(default_factory=DataQuality)
    pending_reviews: list[dict[str, Any]] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)


class ClientMatch(Contract):
    client_id: str
    display_name: str | None = None
    email: str | None = None
    phone: str | None = None
    accounts: list[str] = Field(default_factory=list)
    score: float | None = None
