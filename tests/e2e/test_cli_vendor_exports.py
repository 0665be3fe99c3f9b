"""`velocity-crm import` on Zendesk Sell, monday.com and Attio exports, run as a user would, on
SQLite and PostgreSQL: the export is recognised, its columns mapped by the profile, and what
cannot be normalized is listed with its raw value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.factories.exports import monday_workbook, vendor_export
from tests.factories.processes import run_cli


def _json(cli_env: dict[str, str], *args: str) -> Any:
    result = run_cli(cli_env, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_monday_board_workbook_is_read_below_its_title_and_group(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    board = monday_workbook(
        vendor_export("monday_leads_board.csv"), tmp_path / "Leads_1716212345.xlsx", sheet="Leads"
    )
    summary = _json(cli_env, "import", str(board))
    assert summary["profile"]["key"] == "monday_contacts"
    assert summary["profile"]["inferred"] is True
    assert summary["source_system"] == "monday"
    assert summary["file"]["sheet"] == "Leads"
    assert summary["rows"]["parsed"] == 30
    assert "Skipped 3 preamble line(s) above the header." in summary["warnings"]
    assert summary["deltas"]["client"]["create"] >= 28
    manifest = _json(cli_env, "mapping", "show", summary["import_id"])
    entries = {entry["column"]: (entry["target"], entry["origin"]) for entry in manifest["entries"]}
    assert entries["Lead"] == ("client.full_name", "profile")
    assert entries["Item ID"] == ("client.source_id", "profile")
    assert entries["Status"] == ("client.lead_status", "profile")
    unresolved = _json(cli_env, "imports", "unresolved", summary["import_id"])
    values = {(item["column"], item["raw_value"]) for item in unresolved if item["row"]}
    assert ("Email", "priya.raman@northwindhealth") in values
    assert ("Phone", "555-0100") in values
    assert ("Phone", "n/a") not in values  # a cell that holds nothing is a blank cell


def test_an_attio_people_export_is_recognised_and_keeps_its_record_ids(
    cli_env: dict[str, str],
) -> None:
    summary = _json(cli_env, "import", str(vendor_export("attio_people.csv")))
    assert (summary["profile"]["key"], summary["source_system"]) == ("attio_people", "attio")
    assert summary["rows"]["parsed"] == 30
    manifest = _json(cli_env, "mapping", "show", summary["import_id"])
    assert manifest["profile"] == "attio_people"
    assert {u["column"]: u["disposition"] for u in manifest["unmapped"]} == {
        "Primary location": "unresolved",
        "Twitter": "unresolved",
        "Connection strength": "ignore",
        "Strongest connection user": "ignore",
        "Last email interaction": "ignore",
        "Created by": "ignore",
    }
