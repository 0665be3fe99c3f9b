"""Build a Client360Snapshot from plain values (pure): the golden profile with provenance and
alternatives, contact points, accounts, the opportunity and interaction summaries (amounts kept
per currency, never summed across currencies), interests, source links, data quality, pending
reviews and history."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from backend.contracts.client360 import (
    AccountRole,
    Client360Snapshot,
    ContactPointView,
    DataQuality,
    HistoryEntry,
    InteractionSummary,
    OpportunitySummary,
    ProfileField,
    SourceLinkView,
)
from backend.contracts.review import Provenance

KEY_FIELDS = ("first_name", "last_name", "email", "phone")
ADDRESS_FIELDS = ("street", "city", "region", "postal_code", "country")
HIDDEN_FIELDS = frozenset({"content_key", "name_key"})
RECENT_INTERACTIONS = 50


@dataclass
class ObservedValue:
    """One recorded value of a client field."""

    field: str
    value: Any
    is_current: bool
    valid: bool
    provenance: Provenance


@dataclass
class ClientGraphView:
    """Everything the snapshot is built from, loaded by the aggregation service."""

    client_id: str
    status: str
    merged_into: str | None
    fields: Mapping[str, Any]
    values: Sequence[ObservedValue]
    emails: Sequence[ContactPointView]
    phones: Sequence[ContactPointView]
    accounts: Sequence[AccountRole]
    opportunities: Sequence[Mapping[str, Any]]
    interactions: Sequence[Mapping[str, Any]]
    interests: Sequence[Mapping[str, Any]]
    source_links: Sequence[SourceLinkView]
    pending_reviews: Sequence[Mapping[str, Any]]
    history: Sequence[HistoryEntry]
    extra: dict[str, Any] = field(default_factory=dict)


def _profile(view: ClientGraphView) -> dict[str, ProfileField]:
    by_field: dict[str, list[ObservedValue]] = defaultdict(list)
    for value in view.values:
        by_field[value.field].append(value)
    profile: dict[str, ProfileField] = {}
    for name, value in view.fields.items():
        if name in HIDDEN_FIELDS:
            continue
        observed = by_field.get(name, [])
        current = next((o for o in reversed(observed) if o.is_current), None)
        alternatives = [
            {
                "value": o.value if o.valid else None,
                "valid": o.valid,
                "provenance": o.provenance.model_dump(mode="json"),
            }
            for o in observed
            if o is not current and (not o.valid or o.value != value)
        ]
        profile[name] = ProfileField(
            value=value,
            provenance=current.provenance if current else None,
            alternatives=alternatives,
        )
    return profile


def _amount(item: Mapping[str, Any]) -> Decimal | None:
    try:
        return Decimal(str(item.get("amount"))) if item.get("amount") is not None else None
    except InvalidOperation:
        return None


def _opportunities(items: Sequence[Mapping[str, Any]]) -> OpportunitySummary:
    summary = OpportunitySummary(items=[dict(item) for item in items])
    open_amount: dict[str, Decimal] = defaultdict(Decimal)
    won_amount: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        stage, amount = item.get("stage"), _amount(item)
        currency = str(item.get("currency") or "unknown")
        if stage == "closed_won":
            summary.won_count += 1
            if amount is not None:
                won_amount[currency] += amount
        elif stage == "closed_lost":
            summary.lost_count += 1
        else:
            summary.open_count += 1
            if amount is not None:
                open_amount[currency] += amount
    summary.open_amount = {c: f"{a:.2f}" for c, a in sorted(open_amount.items())}
    summary.won_amount = {c: f"{a:.2f}" for c, a in sorted(won_amount.items())}
    return summary


def _interactions(items: Sequence[Mapping[str, Any]]) -> InteractionSummary:
    ordered = sorted(
        items, key=lambda i: (str(i.get("occurred_at") or ""), str(i.get("id"))), reverse=True
    )
    dated = [str(i["occurred_at"]) for i in ordered if i.get("occurred_at")]
    return InteractionSummary(
        total=len(items),
        by_kind=dict(sorted(Counter(str(i.get("kind") or "other") for i in items).items())),
        first_at=min(dated) if dated else None,
        last_at=max(dated) if dated else None,
        recent=[dict(i) for i in ordered[:RECENT_INTERACTIONS]],
    )


def _data_quality(view: ClientGraphView, profile: Mapping[str, ProfileField]) -> DataQuality:
    missing = [name for name in KEY_FIELDS if not view.fields.get(name)]
    if not missing and not view.emails:
        missing.append("email")
    conflicting = [
        {
            "field": name,
            "value": item.value,
            "alternatives": [a["value"] for a in item.alternatives if a["valid"]],
        }
        for name, item in profile.items()
        if any(a["valid"] for a in item.alternatives)
    ]
    invalid = [
        {
            "field": o.field,
            "raw_value": o.provenance.raw_value,
            "provenance": o.provenance.model_dump(mode="json"),
        }
        for o in view.values
        if not o.valid
    ]
    return DataQuality(
        missing_key_fields=missing, conflicting_values=conflicting, invalid_values=invalid
    )


def build_snapshot(
    view: ClientGraphView, *, version: int, refreshed_at: datetime
) -> Client360Snapshot:
    """The Client360Snapshot of one client."""
    profile = _profile(view)
    address = {name: view.fields.get(name) for name in ADDRESS_FIELDS if view.fields.get(name)}
    return Client360Snapshot(
        client_id=view.client_id,
        version=version,
        refreshed_at=refreshed_at,
        status=view.status,
        merged_into=view.merged_into,
        profile=profile,
        emails=list(view.emails),
        phones=list(view.phones),
        addresses=[address] if address else [],
        accounts=list(view.accounts),
        opportunities=_opportunities(view.opportunities),
        interactions=_interactions(view.interactions),
        interests=[dict(i) for i in view.interests],
        source_links=list(view.source_links),
        data_quality=_data_quality(view, profile),
        pending_reviews=[dict(r) for r in view.pending_reviews],
        history=list(view.history),
    )
