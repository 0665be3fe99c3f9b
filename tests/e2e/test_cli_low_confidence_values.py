"""A value read without confidence is not proposed: `velocity-crm import` lists it as unresolved
with its raw value and the best reading as the suggestion, proposes the rest of the row, and
asks the operator about it (keep it raw or correct it). An amount is read in the currency its
row states."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.factories.processes import run_cli

CONTACTS = """\
First Name,Last Name,Email,Phone,Mailing Country
Ann,Lee,ann.lee@gmial.com,+1 415 555 0132,United States
Bob,Stone,bob.stone@northwind.example,555-0100,United States
Cleo,Park,cleo.park@northwind.example,+1 (415) 555-0175,United States
"""

DEALS = """\
Deal Name,Amount,Currency
Fleet renewal,500 kr,SEK
Fleet expansion,"1.250,50 €",EUR
"""


def _json(cli_env: dict[str, str], *args: str) -> Any:
    result = run_cli(cli_env, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_readings_without_confidence_are_unresolved_with_a_suggestion_not_proposed(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "contacts.csv"
    export.write_text(CONTACTS, encoding="utf-8")
    summary = _json(cli_env, "import", str(export))

    unresolved = {
        (item["row"], item["column"]): item
        for item in _json(cli_env, "imports", "unresolved", summary["import_id"])
    }
    typo = unresolved[(1, "Email")]
    assert (typo["reason"], typo["raw_value"]) == ("invalid_value", "ann.lee@gmial.com")
    assert typo["suggestions"] == ["ann.lee@gmial.com"]
    assert "typo of gmail.com" in typo["message"]
    short = unresolved[(2, "Phone")]
    assert (short["reason"], short["raw_value"]) == ("invalid_value", "555-0100")
    assert short["suggestions"] == ["+15550100"]
    assert (3, "Phone") not in unresolved  # a valid number is proposed as usual

    deltas = _json(cli_env, "imports", "deltas", summary["import_id"])
    changes = {
        (delta["source_row"], change["field"]): change
        for delta in deltas
        if delta["entity"] == "client"
        for change in delta["changes"]
    }
    assert (changes[(2, "phone")]["new"], changes[(2, "phone")]["valid"]) == (None, False)
    assert changes[(2, "last_name")]["new"] == "Stone"  # the rest of the row proceeds
    assert changes[(3, "phone")]["new"] == "+14155550175"
    questions = [
        decision["question"]
        for decision in _json(cli_env, "review", "list", "--import", summary["import_id"])
        if decision["kind"] == "invalid_value"
    ]
    assert any("555-0100" in question and "+15550100" in question for question in questions)


def test_an_amount_is_read_in_the_currency_its_row_states(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(DEALS, encoding="utf-8")
    summary = _json(cli_env, "import", str(export))
    assert _json(cli_env, "imports", "unresolved", summary["import_id"]) == []
    amounts = {
        delta["source_row"]: {change["field"]: change["new"] for change in delta["changes"]}
        for delta in _json(cli_env, "imports", "deltas", summary["import_id"])
        if delta["entity"] == "opportunity"
    }
    assert (amounts[1]["amount"], amounts[1]["currency"]) == ("500.00", "SEK")
    assert (amounts[2]["amount"], amounts[2]["currency"]) == ("1250.50", "EUR")
