"""Canonical value forms (CONTRACTS.md section 3) from an export to the graph, on SQLite and
PostgreSQL: booleans are JSON booleans, a phone's extension and an amount's currency are kept
apart in their own fields, and a row that identifies nothing creates nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from backend.contracts.imports import ImportSummary
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph import aggregation_service, export_service
from tests.factories.imports import import_rows

CONTACT_HEADER = [
    "Contact ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Title",
    "Account Name",
    "Mailing Country",
    "Email Opt Out",
    "Do Not Call",
]
ANN = [
    "003A1",
    "Ann",
    "Lee",
    "ann.lee@acme.com",
    "(415) 555-0123 ext. 45",
    "CFO",
    "Acme Inc",
    "USA",
    "no",
    "Yes",
]
ACCOUNT_HEADER = ["Account ID", "Account Name", "Annual Revenue", "Billing Country"]
OPPORTUNITY_HEADER = [
    "Opportunity ID",
    "Opportunity Name",
    "Amount",
    "Opportunity Currency",
    "Stage",
]


def _import_deals(runtime: Runtime, tmp_path: Path, rows: list[list[str]]) -> ImportSummary:
    return import_rows(
        runtime,
        tmp_path,
        rows,
        header=OPPORTUNITY_HEADER,
        name="deals.csv",
        profile="salesforce_opportunities",
    )


def _apply(runtime: Runtime, import_id: str) -> None:
    batch_actions.approve_all(runtime, import_id, risks=None, actor="tester", role="approver")
    batch_actions.apply(runtime, import_id, actor="tester")


def _exported(runtime: Runtime, kind: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    with runtime.unit() as session:
        export_service.write(session, kind, out, fmt="jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _changes(runtime: Runtime, import_id: str, entity: str) -> list[dict[str, Any]]:
    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, import_id)
    return [
        change.model_dump(mode="json")
        for delta in deltas
        if delta.entity == entity
        for change in delta.changes
    ]


def test_booleans_are_json_booleans_in_deltas_client_360_and_export(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, [ANN], header=CONTACT_HEADER)
    changes = {c["field"]: c for c in _changes(runtime, summary.import_id, "client")}
    assert changes["email_opt_out"]["new"] is False
    assert changes["do_not_call"]["new"] is True
    assert changes["email_opt_out"]["provenance"]["raw_value"] == "no"

    _apply(runtime, summary.import_id)
    (client,) = _exported(runtime, "client")
    assert (client["email_opt_out"], client["do_not_call"]) == (False, True)
    out = io.StringIO()
    with runtime.unit() as session:
        export_service.write(session, "client", out, fmt="csv")
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["email_opt_out"], row["do_not_call"]) == ("false", "true")
    with runtime.unit() as session:
        snapshot = aggregation_service.snapshot(session, client["id"])
    profile = snapshot.model_dump(mode="json")["profile"]
    assert profile["email_opt_out"]["value"] is False
    assert profile["do_not_call"]["value"] is True
    assert profile["do_not_call"]["provenance"]["raw_value"] == "Yes"


def test_a_boolean_seen_again_in_another_spelling_is_no_change(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN], header=CONTACT_HEADER)
    _apply(runtime, first.import_id)
    again = import_rows(
        runtime, tmp_path, [[*ANN[:8], "false", "1"]], header=CONTACT_HEADER, name="again.csv"
    )
    assert again.deltas.get("client") == {"no_change": 1}


def test_phone_extension_is_kept_apart_and_shown_in_client_360_and_export(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, [ANN], header=CONTACT_HEADER)
    changes = {c["field"]: c for c in _changes(runtime, summary.import_id, "client")}
    assert changes["phone"]["new"] == "+14155550123"
    assert changes["phone_extension"]["new"] == "45"
    assert changes["phone_extension"]["provenance"]["raw_value"] == "(415) 555-0123 ext. 45"

    _apply(runtime, summary.import_id)
    (client,) = _exported(runtime, "client")
    assert (client["phone"], client["phone_extension"]) == ("+14155550123", "45")
    with runtime.unit() as session:
        snapshot = aggregation_service.snapshot(session, client["id"])
    assert [p.value for p in snapshot.phones] == ["+14155550123"]
    assert snapshot.profile["phone_extension"].value == "45"


def test_currency_written_in_an_amount_fills_the_deal_currency(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [
        ["006A1", "Fleet renewal", "$12,500", "", "Prospecting"],
        ["006A2", "Berlin vans", "1.250,50 €", "", "Prospecting"],
        ["006A3", "Toronto vans", "$500", "CAD", "Prospecting"],
    ]
    summary = _import_deals(runtime, tmp_path, rows)
    _apply(runtime, summary.import_id)
    deals = {d["name"]: (d["amount"], d.get("currency")) for d in _exported(runtime, "opportunity")}
    assert deals == {
        "Fleet renewal": ("12500.00", "USD"),
        "Berlin vans": ("1250.50", "EUR"),
        "Toronto vans": ("500.00", "CAD"),
    }


def test_a_currency_column_that_disagrees_with_the_amount_is_ambiguous_not_picked(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [["006B1", "Clash", "€1,250.50", "USD", "Prospecting"]]
    summary = _import_deals(runtime, tmp_path, rows)
    with runtime.unit() as session:
        unresolved = read_models.unresolved_of(session, summary.import_id)
    assert {(u.row, u.column, u.raw_value, u.reason) for u in unresolved} == {
        (1, "Amount", "€1,250.50", "ambiguous_value"),
        (1, "Opportunity Currency", "USD", "ambiguous_value"),
    }
    changes = {c["field"]: c for c in _changes(runtime, summary.import_id, "opportunity")}
    assert (changes["amount"]["new"], changes["amount"]["valid"]) == (None, False)
    assert (changes["currency"]["new"], changes["currency"]["valid"]) == (None, False)


def test_annual_revenue_keeps_its_currency_beside_it(runtime: Runtime, tmp_path: Path) -> None:
    rows = [["001A1", "Müller & Söhne GmbH", "12.500.000 €", "Germany"]]
    summary = import_rows(
        runtime,
        tmp_path,
        rows,
        header=ACCOUNT_HEADER,
        name="accounts.csv",
        profile="salesforce_accounts",
    )
    _apply(runtime, summary.import_id)
    (account,) = _exported(runtime, "account")
    assert (account["annual_revenue"], account["annual_revenue_currency"]) == (
        "12500000.00",
        "EUR",
    )


def test_a_contact_row_that_identifies_nobody_is_missing_required_and_its_account_proceeds(
    runtime: Runtime, tmp_path: Path
) -> None:
    title_only = ["", "", "", "", "", "CEO", "Initech", "", "", ""]
    summary = import_rows(runtime, tmp_path, [ANN, title_only], header=CONTACT_HEADER)
    assert summary.deltas == {"account": {"create": 2}, "client": {"create": 1}}
    with runtime.unit() as session:
        unresolved = read_models.unresolved_of(session, summary.import_id)
    (missing,) = [u for u in unresolved if u.reason == "missing_required"]
    assert (missing.row, missing.column, missing.raw_value) == (2, "Title", "Title=CEO")
    assert "client" in missing.message
    assert "email" in missing.message
    assert summary.unresolved_fields == 1


def test_a_deal_without_name_or_id_is_missing_required(runtime: Runtime, tmp_path: Path) -> None:
    rows = [["", "", "9000", "USD", "Prospecting"], ["006C1", "Named", "100", "USD", "Closed Won"]]
    summary = _import_deals(runtime, tmp_path, rows)
    assert summary.deltas == {"opportunity": {"create": 1}}
    with runtime.unit() as session:
        unresolved = read_models.unresolved_of(session, summary.import_id)
    assert [(u.row, u.reason) for u in unresolved] == [(1, "missing_required")]
    assert unresolved[0].raw_value == "Amount=9000; Opportunity Currency=USD; Stage=Prospecting"


def test_a_row_naming_only_an_unknown_contact_id_is_listed_not_lost(
    runtime: Runtime, tmp_path: Path
) -> None:
    id_only = ["003B", "", "", "", "", "", "", "", "", ""]
    summary = import_rows(runtime, tmp_path, [ANN, id_only], header=CONTACT_HEADER)
    assert summary.deltas["client"] == {"create": 1}
    with runtime.unit() as session:
        unresolved = read_models.unresolved_of(session, summary.import_id)
    (missing,) = [u for u in unresolved if u.reason == "missing_required"]
    assert (missing.row, missing.raw_value) == (2, "003B")
    assert "not in the graph" in missing.message
    assert summary.unresolved_fields == 1
