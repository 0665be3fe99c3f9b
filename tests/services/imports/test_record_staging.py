"""The staging core on plain rows: parts kept apart from a value land in their own field, a
disagreeing row field makes both ambiguous, and an entity nothing identifies is not staged."""

from __future__ import annotations

from typing import Any

import pytest

from backend.services.imports.record_staging import (
    ColumnPlan,
    StagingDefaults,
    ValueCache,
    plan_columns,
    stage_rows,
)
from tests.factories.mapping import operator_manifest

DEFAULTS = StagingDefaults(region="US")


def _plans(columns: dict[str, str]) -> list[ColumnPlan]:
    return plan_columns(operator_manifest(columns), list(columns), DEFAULTS, {})


def _stage(columns: dict[str, str], *rows: list[str]) -> tuple[list[Any], list[Any]]:
    numbered = [(number, list(cells)) for number, cells in enumerate(rows, start=1)]
    return stage_rows(numbered, _plans(columns), DEFAULTS, ValueCache())


def test_a_column_of_unique_values_is_staged_without_the_cache_and_stages_the_same() -> None:
    columns = {"Id": "client.source_id", "Company": "account.name", "Email": "client.email"}
    plans = _plans(columns)
    rows = [
        (number, [f"00Q{number:06d}", ["Acme GmbH", "Initech"][number % 2], f"a{number}@acme.com"])
        for number in range(1, 2401)
    ]
    cache = ValueCache()
    first = stage_rows(rows[:1200], plans, DEFAULTS, cache)
    assert cache.unique_columns == {0, 2}  # ids and e-mails; the companies repeat
    second = stage_rows(rows[1200:], plans, DEFAULTS, cache)
    assert rows[1500][1][0] not in cache.column(0)  # its id and e-mail were not kept
    assert rows[1500][1][2] not in cache.column(2)
    assert rows[1500][1][1] in cache.column(1)
    for chunk, staged in ((rows[:1200], first), (rows[1200:], second)):
        assert staged == stage_rows(chunk, plans, DEFAULTS, ValueCache())


def test_a_phone_extension_is_staged_beside_the_phone_with_the_raw_cell() -> None:
    staged, problems = _stage(
        {"Name": "client.full_name", "Phone": "client.phone"}, ["Ann Lee", "(415) 555-0123 ext. 45"]
    )
    client = staged[0][1]["client"]
    assert client["phone"]["value"] == "+14155550123"
    assert client["phone"]["extra"]["extension"] == "45"
    assert client["phone_extension"] == {
        "value": "45",
        "raw": "(415) 555-0123 ext. 45",
        "column": "Phone",
        "transform": "phone_extension",
        "confidence": 1.0,
    }
    assert problems == []


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("$12,500", "", ("12500.00", "USD")),
        ("1.250,50 €", "", ("1250.50", "EUR")),
        ("$500", "CAD", ("500.00", "CAD")),
        ("500 kr", "SEK", ("500.00", "SEK")),
        ("12500", "GBP", ("12500.00", "GBP")),
        ("12500", "", ("12500.00", None)),
    ],
)
def test_a_deal_currency_comes_from_its_column_else_from_the_amount(
    amount: str, currency: str, expected: tuple[str, str | None]
) -> None:
    columns = {
        "Deal": "opportunity.name",
        "Amount": "opportunity.amount",
        "Currency": "opportunity.currency",
    }
    staged, problems = _stage(columns, ["Fleet", amount, currency])
    deal = staged[0][1]["opportunity"]
    assert (deal["amount"]["value"], deal.get("currency", {}).get("value")) == expected
    assert [p.reason for p in problems] == []


def test_a_currency_column_that_disagrees_with_the_amount_leaves_both_ambiguous() -> None:
    columns = {
        "Deal": "opportunity.name",
        "Amount": "opportunity.amount",
        "Currency": "opportunity.currency",
    }
    staged, problems = _stage(columns, ["Fleet", "€1,250.50", "USD"])
    deal = staged[0][1]["opportunity"]
    assert deal["amount"]["value"] is None
    assert deal["currency"]["value"] is None
    assert deal["amount"]["reason"] == deal["currency"]["reason"] == "ambiguous_value"
    assert [(p.row, p.column, p.raw_value, p.reason) for p in problems] == [
        (1, "Amount", "€1,250.50", "ambiguous_value"),
        (1, "Currency", "USD", "ambiguous_value"),
    ]


def test_annual_revenue_currency_is_kept_beside_the_revenue() -> None:
    staged, _ = _stage(
        {"Company": "account.name", "Revenue": "account.annual_revenue"}, ["Acme", "12.500.000 €"]
    )
    account = staged[0][1]["account"]
    assert account["annual_revenue"]["value"] == "12500000.00"
    assert account["annual_revenue_currency"]["value"] == "EUR"


def test_an_entity_nothing_identifies_is_missing_required_and_the_rest_of_the_row_stays() -> None:
    columns = {
        "Email": "client.email",
        "Title": "client.job_title",
        "Company": "account.name",
    }
    staged, problems = _stage(columns, ["ann@acme.com", "CFO", "Acme"], ["", "CEO", "Initech"])
    assert set(staged[1][1]) == {"account"}
    assert [(p.row, p.column, p.raw_value, p.reason) for p in problems] == [
        (2, "Title", "Title=CEO", "missing_required")
    ]
    assert "none of the fields that identify it" in problems[0].message


def test_a_row_with_only_an_unidentified_entity_is_not_staged() -> None:
    staged, problems = _stage({"Title": "client.job_title"}, ["CEO"])
    assert staged == []
    assert [p.reason for p in problems] == ["missing_required"]


def test_booleans_are_staged_as_json_booleans() -> None:
    staged, _ = _stage(
        {"Email": "client.email", "Opt out": "client.email_opt_out"}, ["ann@acme.com", "Ja"]
    )
    assert staged[0][1]["client"]["email_opt_out"]["value"] is True
    assert staged[0][1]["client"]["email_opt_out"]["raw"] == "Ja"


@pytest.mark.parametrize(
    "nothing", ["null", "NULL", "N/A", "#N/A", "-", "nan", "(null)", " N/A", "n/a ", "\tnull "]
)
def test_a_cell_that_says_it_has_no_value_is_staged_as_blank(nothing: str) -> None:
    columns = {
        "Id": "client.source_id",
        "Last Name": "client.last_name",
        "Email": "client.email",
        "Phone": "client.phone",
        "Country": "client.country",
    }
    staged, problems = _stage(columns, ["003A1", nothing, nothing, nothing, "NA"])
    assert staged == [
        (
            1,
            {
                "client": {
                    "country": {
                        "value": "NA",  # Namibia: a country code, not "not applicable"
                        "raw": "NA",
                        "column": "Country",
                        "transform": "country",
                        "confidence": 1.0,
                    },
                    "source_id": {
                        "value": "003A1",
                        "raw": "003A1",
                        "column": "Id",
                        "transform": "id",
                        "confidence": 1.0,
                    },
                }
            },
        )
    ]
    assert problems == []
    # a row of such cells gives nothing: no client, and no problem to ask about
    assert _stage(columns, ["", nothing, nothing, nothing, ""]) == ([], [])
