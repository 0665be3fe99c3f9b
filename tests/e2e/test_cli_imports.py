"""The `velocity-crm` import commands, run as a user would, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backend.cli.main import app
from tests.factories.files import write_csv
from tests.factories.processes import run_cli


def test_import_prints_the_import_summary_and_show_list_agree(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    imported = run_cli(cli_env, "import", str(path), "--json")
    assert imported.returncode == 0, imported.stderr
    summary = json.loads(imported.stdout)
    assert summary["status"] in {"parsed", "mapped", "proposed", "in_review"}
    assert summary["file"]["name"] == "contacts.csv"
    assert summary["rows"]["parsed"] == 3
    shown = run_cli(cli_env, "imports", "show", summary["import_id"], "--json")
    assert json.loads(shown.stdout)["import_id"] == summary["import_id"]
    listed = run_cli(cli_env, "imports", "list", "--json")
    assert [item["import_id"] for item in json.loads(listed.stdout)] == [summary["import_id"]]


def test_a_failed_batch_exits_1_with_the_reason(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(path), "--json"], env=cli_env)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == ["The file is empty."]


def test_unknown_import_id_exits_2_with_a_problem(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "imports", "show", "imp_missing", "--json")
    assert result.returncode == 2
    problem = json.loads(result.stderr)
    assert problem["type"].endswith("/not_found")
    assert "imp_missing" in problem["detail"]


def test_missing_file_is_bad_usage(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli(cli_env, "import", str(tmp_path / "nope.csv"))
    assert result.returncode == 2
    assert "not a readable file" in result.stderr
