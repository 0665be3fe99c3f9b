"""Client 360 aggregation (seed section 11): hand-built graphs with known answers for every part
of the snapshot; merges and reverts reflected; currencies never summed together."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from backend.contracts.client360 import (
    AccountRole,
    ContactPointView,
    HistoryEntry,
    SourceLinkView,
)
from backend.contracts.review import Provenance
from backend.runtime import Runtime
from backend.services import batch_actions
from backend.services.client_graph import aggregation_service
from backend.services.client_graph.client360 import ClientGraphView, ObservedValue, build_snapshot
from tests.factories.imports import import_rows

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _prov(import_id: str, row: int, raw: str) -> Provenance:
    return Provenance(
        system="salesforce",
        import_id=import_id,
        row=row,
        column="Title",
        raw_value=raw,
        transform="text",
        confidence=1.0,
    )


def _view(**overrides: object) -> ClientGraphView:
    values = {
        "client_id": "cli_1",
        "status": "active",
        "merged_into": None,
        "fields": {
            "first_name": "Ann",
            "last_name": "Lee",
            "job_title": "CEO",
            "email": "ann@acme.com",
        },
        "values": [
            ObservedValue("job_title", "CFO", False, True, _prov("imp_1", 1, "CFO")),
            ObservedValue("job_title", "CEO", True, True, _prov("imp_2", 4, "CEO")),
            ObservedValue("phone", None, False, False, _prov("imp_2", 4, "call me")),
        ],
        "emails": [ContactPointView(value="ann@acme.com", label="email", is_primary=True)],
        "phones": [],
        "accounts": [
            AccountRole(account_id="acc_1", name="Acme", domain="acme.com", role="member")
        ],
        "opportunities": [
            {"id": "opp_1", "stage": "proposal", "amount": "1000.00", "currency": "EUR"},
            {"id": "opp_2", "stage": "negotiation", "amount": "500.50", "currency": "EUR"},
            {"id": "opp_3", "stage": "qualified", "amount": "700.00", "currency": "USD"},
            {"id": "opp_4", "stage": "closed_won", "amount": "9000.00", "currency": "USD"},
            {"id": "opp_5", "stage": "closed_lost", "amount": "100.00", "currency": "EUR"},
        ],
        "interactions": [
            {"id": "itr_1", "kind": "call", "occurred_at": "2026-01-02T10:00:00Z"},
            {"id": "itr_2", "kind": "email", "occurred_at": "2026-03-04T10:00:00Z"},
            {"id": "itr_3", "kind": "call", "occurred_at": "2025-12-31T09:00:00Z"},
        ],
        "interests": [{"id": "int_1", "inventory_ref": "SKU-1182", "level": "high"}],
        "source_links": [SourceLinkView(system="salesforce", object="client", source_id="003A1")],
        "pending_reviews": [{"decision_id": "dec_1", "kind": "field_overwrite"}],
        "history": [HistoryEntry(action="create", batch_id="imp_1")],
    }
    values.update(overrides)
    return ClientGraphView(**values)  # type: ignore[arg-type]


def test_opportunity_amounts_are_kept_per_currency_never_summed_across() -> None:
    snapshot = build_snapshot(_view(), version=3, refreshed_at=NOW)
    opportunities = snapshot.opportunities
    assert (opportunities.open_count, opportunities.won_count, opportunities.lost_count) == (
        3,
        1,
        1,
    )
    assert opportunities.open_amount == {"EUR": "1500.50", "USD": "700.00"}
    assert opportunities.won_amount == {"USD": "9000.00"}


def test_interactions_are_counted_by_kind_and_listed_newest_first() -> None:
    interactions = build_snapshot(_view(), version=1, refreshed_at=NOW).interactions
    assert interactions.total == 3
    assert interactions.by_kind == {"call": 2, "email": 1}
    assert interactions.first_at == "2025-12-31T09:00:00Z"
    assert interactions.last_at == "2026-03-04T10:00:00Z"
    assert [i["id"] for i in interactions.recent] == ["itr_2", "itr_1", "itr_3"]


def test_profile_shows_the_value_its_source_and_the_alternatives() -> None:
    profile = build_snapshot(_view(), version=1, refreshed_at=NOW).profile
    title = profile["job_title"]
    assert title.value == "CEO"
    assert title.provenance is not None
    assert title.provenance.import_id == "imp_2"
    assert [(a["value"], a["provenance"]["import_id"]) for a in title.alternatives] == [
        ("CFO", "imp_1")
    ]


def test_data_quality_lists_missing_conflicting_and_invalid_values() -> None:
    quality = build_snapshot(_view(), version=1, refreshed_at=NOW).data_quality
    assert quality.missing_key_fields == ["phone"]
    assert quality.conflicting_values == [
        {"field": "job_title", "value": "CEO", "alternatives": ["CFO"]}
    ]
    assert [(i["field"], i["raw_value"]) for i in quality.invalid_values] == [("phone", "call me")]


def test_snapshot_carries_accounts_interests_links_reviews_and_history() -> None:
    snapshot = build_snapshot(_view(), version=7, refreshed_at=NOW)
    assert snapshot.version == 7
    assert [a.account_id for a in snapshot.accounts] == ["acc_1"]
    assert snapshot.interests[0]["inventory_ref"] == "SKU-1182"
    assert snapshot.source_links[0].source_id == "003A1"
    assert snapshot.pending_reviews[0]["decision_id"] == "dec_1"
    assert snapshot.history[0].batch_id == "imp_1"


DEALS_HEADER = [
    "Opportunity ID",
    "Opportunity Name",
    "Amount",
    "Currency",
    "Stage",
    "Close Date",
    "Contact Email",
    "Account Name",
]


def test_stored_snapshot_reflects_apply_and_revert_and_rebuild_is_identical(
    runtime: Runtime, tmp_path: Path
) -> None:
    contacts = import_rows(
        runtime,
        tmp_path,
        [
            [
                "003A1",
                "Ann",
                "Lee",
                "ann@acme.com",
                "+1 415 555 0101",
                "Acme Inc",
                "CFO",
                "Boston",
                "USA",
            ]
        ],
    )
    batch_actions.approve_all(runtime, contacts.import_id, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, contacts.import_id, actor="t")
    deals = import_rows(
        runtime,
        tmp_path,
        [
            [
                "006A1",
                "Renewal",
                "12,500.00",
                "EUR",
                "Closed Won",
                "2026-03-01",
                "ann@acme.com",
                "Acme Inc",
            ],
            [
                "006A2",
                "Upsell",
                "3000",
                "USD",
                "Proposal/Price Quote",
                "2026-06-01",
                "ann@acme.com",
                "Acme Inc",
            ],
        ],
        header=DEALS_HEADER,
        name="deals.csv",
        profile="salesforce_opportunities",
    )
    batch_actions.approve_all(runtime, deals.import_id, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, deals.import_id, actor="t")
    with runtime.unit() as session:
        from backend.db.models import Client

        client_id = session.query(Client.id).scalar()
        snapshot = aggregation_service.snapshot(session, str(client_id))
    assert snapshot.opportunities.won_amount == {"EUR": "12500.00"}
    assert snapshot.opportunities.open_amount == {"USD": "3000.00"}
    with runtime.unit() as session:
        aggregation_service.rebuild_all(session)
        rebuilt = aggregation_service.snapshot(session, str(client_id))
    assert rebuilt.version == snapshot.version + 1
    keep = {"version", "refreshed_at"}
    assert rebuilt.model_dump(exclude=keep) == snapshot.model_dump(exclude=keep)
    batch_actions.revert(runtime, deals.import_id, actor="t")
    with runtime.unit() as session:
        after = aggregation_service.snapshot(session, str(client_id))
    assert after.opportunities.items == []
    assert after.version > rebuilt.version
