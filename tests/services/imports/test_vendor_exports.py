"""Zendesk Sell, monday.com and Attio exports (`tests/fixtures/exports/`): each is inferred as its
source profile, mapped by the profile's labels and normalized to canonical values through the
whole import pipeline; and the new profiles take no file that belongs to another profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.contracts.imports import ColumnStats, ImportSummary
from backend.repositories import imports_repository, staging_repository
from backend.runtime import Runtime
from backend.services import read_models
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest, analyse_table
from backend.services.imports.normalizers.web import normalize_domain
from backend.services.imports.profile_inference import infer_profile, profile_score
from backend.services.imports.source_profiles import ProfileRegistry
from tests.factories.columns import headers_table
from tests.factories.exports import EXPORTS_DIR, monday_workbook

DEMO_SAMPLES = Path(__file__).resolve().parents[3] / "backend" / "demo" / "samples"
PROFILES = ProfileRegistry.load()
NEW_SYSTEMS = {"zendesk_sell", "monday", "attio"}
EXPECTED_PROFILE = {
    "zendesk_sell_contacts.csv": "zendesk_sell_contacts",
    "zendesk_sell_leads.csv": "zendesk_sell_leads",
    "zendesk_sell_deals.csv": "zendesk_sell_deals",
    "monday_leads_board.csv": "monday_contacts",
    "monday_deals_board.csv": "monday_deals",
    "attio_people.csv": "attio_people",
    "attio_companies.csv": "attio_companies",
}


def _columns(path: Path) -> list[ColumnStats]:
    return analyse_table(path, sheet=None, sink=lambda _chunk: None, chunk_size=1000).columns


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_PROFILE.items()))
def test_each_vendor_export_is_inferred_as_its_profile_with_a_clear_margin(
    name: str, expected: str
) -> None:
    columns = _columns(EXPORTS_DIR / name)
    profile, confidence, inferred = infer_profile(columns, PROFILES)
    assert (profile.key, inferred) == (expected, True)
    assert confidence >= 0.65
    runner_up = max(profile_score(p, columns) for p in PROFILES.all() if p.key != expected)
    assert confidence - runner_up >= 0.1


def _foreign_header_set(key: str) -> list[str]:
    profile = PROFILES.get(key)
    return list(dict.fromkeys([*profile.header_signature, *list(profile.columns)[:15]]))


@pytest.mark.parametrize(
    "key",
    [p.key for p in PROFILES.all() if p.system not in NEW_SYSTEMS | {"spreadsheet"}],
)
def test_the_new_profiles_take_no_header_set_of_another_profile(key: str) -> None:
    columns = headers_table(_foreign_header_set(key))
    assert infer_profile(columns, PROFILES)[0].key == key
    new = [p for p in PROFILES.all() if p.system in NEW_SYSTEMS]
    assert {p.key: profile_score(p, columns) for p in new} == {p.key: 0.0 for p in new}


@pytest.mark.parametrize("sample", sorted(DEMO_SAMPLES.glob("*.csv")), ids=lambda p: p.name)
def test_no_bundled_sample_export_is_read_as_a_new_system(sample: Path) -> None:
    assert infer_profile(_columns(sample), PROFILES)[0].system not in NEW_SYSTEMS


@pytest.mark.parametrize(
    "headers",
    [
        ["First Name", "Last Name", "Email", "Phone", "Organization Name", "City"],
        ["Name", "Email", "Phone", "Skype", "Company"],
        ["Name", "Email", "Phone", "Company", "Last interaction"],
        ["Deal", "Stage", "Owner", "Value", "Hot"],
        ["Company", "Domains", "Industry", "City"],
    ],
)
def test_a_hand_made_sheet_with_one_vendor_like_header_stays_a_spreadsheet(
    headers: list[str],
) -> None:
    assert infer_profile(headers_table(headers), PROFILES)[0].key == "spreadsheet"


# --- through the pipeline -------------------------------------------------------------------


def _import(runtime: Runtime, path: Path) -> ImportSummary:
    with path.open("rb") as stream:
        return run_import(runtime, ImportRequest(file_name=path.name, stream=stream, actor="t"))


class Staged:
    """A batch's staged records, unresolved fields and manifest; `value(n, "client.email")`."""

    def __init__(self, runtime: Runtime, import_id: str) -> None:
        with runtime.unit() as session:
            self.rows = dict(staging_repository.iter_staged(session, import_id))
            self.unresolved = {
                (u.row, u.column): u for u in imports_repository.list_unresolved(session, import_id)
            }
            self.manifest = read_models.mapping_of(session, import_id)

    def field(self, number: int, target: str) -> dict[str, Any] | None:
        entity, name = target.split(".", 1)
        found = self.rows[number].get(entity, {}).get(name)
        return found if isinstance(found, dict) else None

    def value(self, number: int, target: str) -> Any:
        found = self.field(number, target)
        return None if found is None else found["value"]

    def column(self, target: str, *, rows: range) -> list[Any]:
        return [self.value(number, target) for number in rows]

    def mapped(self) -> dict[str, str]:
        return {entry.column: entry.target for entry in self.manifest.entries}

    def left_to_operator(self) -> set[str]:
        return {u.column for u in self.manifest.unmapped if u.disposition == "unresolved"}


def _imported(runtime: Runtime, path: Path, *, profile: str, system: str) -> Staged:
    summary = _import(runtime, path)
    assert summary.status == "in_review", summary.errors
    assert (summary.profile.key, summary.profile.inferred) == (profile, True)
    assert summary.source_system == system
    assert summary.rows.rejected == 0
    return Staged(runtime, summary.import_id)


def test_zendesk_sell_contacts_export(runtime: Runtime) -> None:
    staged = _imported(
        runtime,
        EXPORTS_DIR / "zendesk_sell_contacts.csv",
        profile="zendesk_sell_contacts",
        system="zendesk_sell",
    )
    assert len(staged.rows) == 30
    mapped = staged.mapped()
    assert mapped["ID"] == "client.source_id"
    assert mapped["Customer Status"] == "client.lifecycle_stage"
    assert mapped["Company"] == "account.name"
    assert staged.left_to_operator() == {"Is Organization", "Twitter"}
    assert staged.value(1, "client.source_id") == "213456789"
    assert staged.value(2, "client.full_name") == "Marcus O'Neill"
    assert staged.value(3, "client.first_name") == "José"
    assert staged.value(3, "client.email") == "jose.garcia@iberiafoods.es"
    assert staged.value(1, "client.phone") == "+14155550132"
    assert staged.value(1, "client.mobile_phone") == "+14155550199"
    assert staged.value(2, "client.phone") == "+15125550147"
    assert staged.value(2, "client.phone_extension") == "204"
    # A national number takes its region from the row's country.
    assert staged.value(4, "client.phone") == "+49301234567"
    assert staged.value(7, "client.phone") == "+442079460958"
    assert staged.column("client.lifecycle_stage", rows=range(1, 5)) == [
        "customer",
        "prospect",
        "prospect",
        "former_customer",
    ]
    assert staged.value(2, "client.lead_status") == "Lost Prospect"
    assert staged.column("client.country", rows=range(1, 4)) == ["US", "US", "ES"]
    assert staged.value(1, "client.tags") == ["vip", "q3-renewal"]
    assert staged.value(6, "client.tags") == ["key account", "expansion"]
    assert staged.value(3, "client.created_at") == "2023-12-15T19:22:00Z"
    assert staged.value(2, "client.website") == "https://www.brightline.io"
    assert staged.value(4, "account.name") == "Müller & Söhne GmbH"
    invalid = staged.unresolved[(7, "Email")]
    assert (invalid.reason, invalid.raw_value) == ("invalid_value", "oliver.smith@crownestates")


def test_zendesk_sell_leads_export(runtime: Runtime) -> None:
    staged = _imported(
        runtime,
        EXPORTS_DIR / "zendesk_sell_leads.csv",
        profile="zendesk_sell_leads",
        system="zendesk_sell",
    )
    assert len(staged.rows) == 28
    assert staged.left_to_operator() == {"Unqualified Reason", "Skype"}
    assert set(staged.column("client.lifecycle_stage", rows=range(1, 29))) == {"lead"}
    assert staged.column("client.lead_status", rows=range(1, 5)) == [
        "New",
        "Working",
        "Working",
        "Unqualified",
    ]
    assert staged.value(1, "account.name") == "Brightline Logistics"
    assert staged.value(2, "account.website") == "https://dutchflowers.nl"
    assert staged.value(2, "client.phone") == "+31101234567"
    assert staged.value(2, "client.email") == "pieter.devries@dutchflowers.nl"
    assert staged.value(1, "client.created_at") == "2024-05-01T13:00:00Z"
    assert staged.field(4, "client.phone") is None  # "n/a": a cell that holds nothing
    assert (4, "Phone") not in staged.unresolved


def test_zendesk_sell_deals_export(runtime: Runtime) -> None:
    staged = _imported(
        runtime,
        EXPORTS_DIR / "zendesk_sell_deals.csv",
        profile="zendesk_sell_deals",
        system="zendesk_sell",
    )
    assert len(staged.rows) == 26
    assert staged.left_to_operator() == {"Hot", "Source", "Tags"}
    stages = staged.column("opportunity.stage", rows=range(1, 10))
    assert stages == [
        "new",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
        "closed_lost",
        "closed_won",
        "proposal",
    ]
    unqualified = staged.field(7, "opportunity.stage")
    assert unqualified is not None
    assert unqualified["raw"] == "Unqualified"
    amounts = [
        (staged.value(n, "opportunity.amount"), staged.value(n, "opportunity.currency"))
        for n in (1, 2, 4, 5, 8)
    ]
    assert amounts == [
        ("12500.00", "USD"),
        ("1250.00", "EUR"),
        ("7450.00", "USD"),
        ("45000.00", "USD"),
        ("9800.00", "USD"),
    ]
    assert staged.value(1, "opportunity.close_date") == "2024-06-01"
    assert staged.value(2, "opportunity.close_date") == "2024-11-08"
    assert staged.value(2, "opportunity.probability") == "75"
    assert staged.value(6, "client.full_name") == "Li Wei"
    assert staged.value(6, "account.name") == "Harbor Freight Partners"


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_monday_leads_board_export(runtime: Runtime, tmp_path: Path, form: str) -> None:
    path = EXPORTS_DIR / "monday_leads_board.csv"
    if form == "xlsx":
        path = monday_workbook(path, tmp_path / "Leads_1716212345.xlsx", sheet="Leads")
    summary = _import(runtime, path)
    assert (summary.profile.key, summary.source_system) == ("monday_contacts", "monday")
    assert "Skipped 3 preamble line(s) above the header." in summary.warnings
    staged = Staged(runtime, summary.import_id)
    assert len(staged.rows) == 30
    names = staged.column("client.full_name", rows=range(1, 31))
    assert not {"Leads", "Active leads", "Lead"} & set(names)
    assert names[:3] == ["Ann Lee", "Marcus O'Neill", "José García"]
    assert staged.left_to_operator() == {"Location", "Priority"}
    assert staged.value(1, "client.source_id") == "1432598765"
    assert staged.value(1, "client.email") == "ann.lee@acmerobotics.com"
    assert staged.column("client.phone", rows=range(1, 4)) == [
        "+14155550132",
        "+15125550147",
        "+34911234567",
    ]
    assert staged.value(2, "client.lead_status") == "Attempted to contact"
    assert staged.value(2, "client.last_contacted_at") == "2024-02-04T00:00:00Z"
    assert staged.value(1, "account.name") == "Acme Robotics"


def test_monday_deals_board_export(runtime: Runtime) -> None:
    staged = _imported(
        runtime, EXPORTS_DIR / "monday_deals_board.csv", profile="monday_deals", system="monday"
    )
    assert len(staged.rows) == 24
    assert staged.column("opportunity.stage", rows=range(1, 8)) == [
        "new",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
        "qualified",
    ]
    assert staged.value(1, "opportunity.name") == "Acme Robotics: Q3 upsell"
    assert staged.value(1, "opportunity.source_id") == "1598000123"
    assert (staged.value(2, "opportunity.amount"), staged.value(2, "opportunity.currency")) == (
        "9800.00",
        "USD",
    )
    assert (staged.value(4, "opportunity.amount"), staged.value(4, "opportunity.currency")) == (
        "7500.00",
        "EUR",
    )
    assert staged.value(1, "opportunity.probability") == "20"
    assert staged.value(3, "opportunity.close_date") == "2024-03-11"
    assert staged.value(6, "client.full_name") == "Li Wei"
    assert staged.value(6, "account.name") == "Harbor Freight Partners"


def test_attio_people_export(runtime: Runtime) -> None:
    staged = _imported(
        runtime, EXPORTS_DIR / "attio_people.csv", profile="attio_people", system="attio"
    )
    assert len(staged.rows) == 30
    assert staged.left_to_operator() == {"Primary location", "Twitter"}
    assert staged.value(1, "client.source_id") == "8a9a42c8-f56b-5136-89db-14d78561ac43"
    assert staged.value(2, "client.full_name") == "Marcus O'Neill"
    # Attio writes every address of a person in one cell: the first is the e-mail.
    assert staged.value(2, "client.email") == "marcus.oneill@brightline.io"
    assert staged.value(3, "client.email") == "jose.garcia@iberiafoods.es"
    assert staged.value(1, "client.phone") == "+14155550132"
    assert staged.value(7, "client.phone") == "+442079460958"
    assert staged.value(2, "client.created_at") == "2023-02-06T10:07:11Z"
    assert staged.value(2, "client.last_contacted_at") == "2024-02-04T09:30:00Z"
    assert staged.value(2, "account.name") == "Brightline Logistics"
    assert staged.unresolved[(4, "Email addresses")].raw_value == "zoe.muller@mueller-soehne"


def test_attio_companies_export(runtime: Runtime) -> None:
    staged = _imported(
        runtime, EXPORTS_DIR / "attio_companies.csv", profile="attio_companies", system="attio"
    )
    assert len(staged.rows) == 26
    assert staged.left_to_operator() >= {"Employee range", "Estimated ARR", "Primary location"}
    assert staged.value(1, "account.source_id") == "b044d14e-232d-5c23-a5aa-73d4f445c00a"
    assert staged.value(3, "account.name") == "Iberia Foods S.L."
    assert staged.value(3, "account.domain") == "iberiafoods.es"
    assert staged.value(3, "account.tags") == ["Food & Beverage", "Wholesale"]
    assert staged.value(1, "account.tags") == ["SaaS", "B2B", "Robotics"]
    assert staged.value(3, "account.created_at") == "2023-03-11T12:14:00Z"


# --- known gaps outside the profiles --------------------------------------------------------


def test_a_monday_board_with_two_groups_has_only_items_as_rows(tmp_path: Path) -> None:
    board = (EXPORTS_DIR / "monday_deals_board.csv").read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(board) if line.startswith("Deal,"))
    width = board[header_at].count(",")
    second_group = ["," * width, "Closed deals" + "," * width, board[header_at]]
    lines = [*board[: header_at + 6], *second_group, *board[header_at + 6 :]]
    path = tmp_path / "two_groups.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    rows: list[list[str]] = []
    analysis = analyse_table(
        path, sheet=None, sink=lambda chunk: rows.extend(c for _, c, _ in chunk), chunk_size=100
    )
    assert len(rows) == 24
    assert all(row[0] not in {"Closed deals", "Deal"} for row in rows)
    assert (
        "Skipped 1 repeated header row(s) and the section title(s) above them: 'Closed deals'."
        in analysis.warnings
    )


def test_an_attio_company_with_two_domains_keeps_the_first() -> None:
    found = normalize_domain("brightline.io, brightlinelogistics.com")
    assert (found.value, found.extra) == (
        "brightline.io",
        {"additional": "brightlinelogistics.com"},
    )
    assert found.problem == "the cell holds 2 domains; kept the first"
