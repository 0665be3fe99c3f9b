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
    history: list[dict[str, Any]] = Field(default_factory=list)


class ClientMatch(Contract):
    client_id: str
    display_name: str | None = None
    email: str | None = None
    phone: str | None = None
    accounts: list[str] = Field(default_factory=list)
    score: float | None = None
