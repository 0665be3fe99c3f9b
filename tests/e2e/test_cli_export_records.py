"""`velocity-crm export` against the export record of CONTRACTS.md section 5, run as a user would:
JSONL objects have exactly the CSV columns, an interaction names its one opportunity as
`opportunity_id`, no always-empty `source_id`, a client's other e-mail is kept, and only cells a
spreadsheet could run are neutralised (phones and negative amounts are written as they are)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from backend.cli.main import app
from tests.factories.files import write_csv

DEALS = (
    ["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Person - Name",
     "Person - Email"],
    [["77", "Fleet renewal", "-1200", "EUR", "Zoe Muller", "zoe@mueller.de"]],
)  # fmt: skip
ACTIVITIES = (
    ["Activity - ID", "Activity - Subject", "Activity - Type", "Activity - Marked as done time",
     "Person - Name", "Person - Email - Work", "Deal - Title"],
    [["4001", "Demo drive", "meeting", "2026-07-01 10:00:00", "Zoe Muller", "zoe@mueller.de",
      "Fleet renewal"]],
)  # fmt: skip
CONTACTS = ["Contact ID", "First Name", "Last Name", "Email", "Phone", "Title"]


def _run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _import_and_apply(env: dict[str, str], path: Path) -> None:
    import_id = json.loads(_run(env, "import", str(path), "--json"))["import_id"]
    _run(env, "review", "approve", "--all", "--import", import_id)
    _run(env, "apply", import_id)


def _exports(
    env: dict[str, str], kind: str
) -> tuple[list[dict[str, object]], list[str], list[list[str]]]:
    jsonl = [json.loads(line) for line in _run(env, "export", kind).splitlines()]
    reader = csv.reader(io.StringIO(_run(env, "export", kind, "--format", "csv")))
    header, *rows = list(reader)
    return jsonl, header, rows


def test_jsonl_and_csv_have_the_same_keys_and_interactions_name_their_opportunity(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    header, rows = DEALS
    _import_and_apply(cli_env, write_csv(tmp_path / "deals.csv", header=header, rows=rows))
    header, rows = ACTIVITIES
    _import_and_apply(cli_env, write_csv(tmp_path / "activities.csv", header=header, rows=rows))
    for kind in ("clients", "accounts", "opportunities", "interactions"):
        records, columns, _ = _exports(cli_env, kind)
        assert all(list(record) == columns for record in records), kind
        assert "source_id" not in columns
    [interaction], columns, _ = _exports(cli_env, "interactions")
    assert "opportunity_ids" not in columns
    opportunity = interaction["opportunity_id"]
    assert isinstance(opportunity, str)
    assert opportunity.startswith("opp_")
    assert interaction["direction"] is None
    _, columns, csv_rows = _exports(cli_env, "opportunities")
    amounts = [row[columns.index("amount")] for row in csv_rows]
    assert "-1200.00" in amounts


def test_phones_are_written_as_they_are_and_formulas_are_neutralised(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    rows = [["003A1", "Zoë", "Müller", "zoe@mueller.de", "+49 30 1234567", "=HYPERLINK(1)"]]
    _import_and_apply(cli_env, write_csv(tmp_path / "c.csv", header=CONTACTS, rows=rows))
    [record], columns, [row] = _exports(cli_env, "clients")
    assert row[columns.index("phone")] == "+49301234567"
    assert row[columns.index("job_title")] == "'=HYPERLINK(1)"
    assert record["source_links"] == ["salesforce:client:003A1"]


def test_a_clients_other_email_is_exported(cli_env: dict[str, str], tmp_path: Path) -> None:
    first = [["003A1", "Zoë", "Müller", "zoe@mueller.de", "", "CFO"]]
    _import_and_apply(cli_env, write_csv(tmp_path / "a.csv", header=CONTACTS, rows=first))
    second = [["003A1", "Zoë", "Müller", "zoe.private@gmail.com", "", "CFO"]]
    _import_and_apply(cli_env, write_csv(tmp_path / "b.csv", header=CONTACTS, rows=second))
    [record], _, _ = _exports(cli_env, "clients")
    assert {record["email"], record["email_secondary"]} == {
        "zoe@mueller.de",
        "zoe.private@gmail.com",
    }
