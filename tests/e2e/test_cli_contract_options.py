"""CONTRACTS.md section 8 for the CLI, run as a user would: the global options `--db`, `--policy`
and `--json` before or after the command, one-line errors (problem details with `--json`) and the
exit codes 0 / 1 / 2, and `import --mapping` taking a manifest file as well as an id."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backend.cli.main import app
from tests.factories.files import write_csv
from tests.factories.processes import run_cli


def _local_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VELOCITY_")}
    return {**env, "VELOCITY_DATA_DIR": str(tmp_path / "var"), "VELOCITY_OPERATOR": "tester"}


def test_a_usage_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli(_local_env(tmp_path), "import", "--bogus")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: No such option: --bogus (see 'velocity-crm import --help')"
    ]


def test_a_usage_error_with_json_is_a_problem(tmp_path: Path) -> None:
    result = run_cli(_local_env(tmp_path), "imports", "show", "--json")
    assert result.returncode == 2
    problem = json.loads(result.stderr)
    assert problem["type"].endswith("/invalid_input")
    assert "Missing argument" in problem["detail"]


def test_a_missing_file_with_json_is_an_unreadable_file_problem(tmp_path: Path) -> None:
    result = run_cli(_local_env(tmp_path), "import", str(tmp_path / "nope.csv"), "--json")
    assert result.returncode == 2
    problem = json.loads(result.stderr)
    assert problem["type"].endswith("/unreadable_file")
    assert problem["detail"] == f"{tmp_path / 'nope.csv'} is not a readable file."


@pytest.mark.parametrize("position", ["before", "after"])
def test_db_may_be_a_plain_sqlite_path_before_or_after_the_command(
    tmp_path: Path, position: str
) -> None:
    database = tmp_path / "z.sqlite"
    options = ["--db", str(database), "--json"]
    args = [*options, "imports", "list"] if position == "before" else ["imports", "list", *options]
    result = run_cli(_local_env(tmp_path), *args)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert database.is_file()


def test_an_unreachable_postgresql_is_one_line_and_exit_1(tmp_path: Path) -> None:
    url = "postgresql://nobody:secret@127.0.0.1:1/velocity"
    result = run_cli(_local_env(tmp_path), "imports", "list", "--db", url)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: Cannot use the database postgresql://nobody:***@127.0.0.1:1/")
    assert "secret" not in line


def test_a_failed_import_with_json_reports_a_problem_on_stderr(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = run_cli(cli_env, "import", str(path), "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    problem = json.loads(result.stderr)
    assert problem["type"].endswith("/unreadable_file")
    assert problem["detail"] == "The file is empty."
    assert problem["import_id"] == summary["import_id"]


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("position", ["before", "after"])
def test_policy_option_with_an_unknown_key_is_bad_usage(tmp_path: Path, position: str) -> None:
    policy = str(_policy(tmp_path, "auto_approve_low_risk_creates: true\nmatch_treshold: 0.8\n"))
    options = ["--policy", policy]
    args = [*options, "imports", "list"] if position == "before" else ["imports", "list", *options]
    result = run_cli(_local_env(tmp_path), *args)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "match_treshold" in line
    assert line.startswith("error: Policy file")


def test_policy_option_takes_effect_on_import(cli_env: dict[str, str], tmp_path: Path) -> None:
    policy = _policy(tmp_path, "auto_approve_low_risk_creates: true\n")
    path = write_csv(tmp_path / "contacts.csv")
    plain = CliRunner().invoke(app, ["import", str(path), "--json"], env=cli_env)
    assert json.loads(plain.stdout)["auto_approved"] == 0
    other = write_csv(tmp_path / "others.csv", rows=[["Li", "Wei", "li@wei.cn", "", "", ""]])
    result = CliRunner().invoke(
        app, ["import", str(other), "--policy", str(policy), "--json"], env=cli_env
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["auto_approved"] > 0


def test_policy_option_takes_precedence_over_velocity_policy(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    broken = _policy(tmp_path, "bogus: 1\n")
    good = tmp_path / "good.yaml"
    good.write_text("default_region: DE\n", encoding="utf-8")
    env = {**cli_env, "VELOCITY_POLICY": str(broken)}
    assert CliRunner().invoke(app, ["imports", "list"], env=env).exit_code == 2
    result = CliRunner().invoke(app, ["--policy", str(good), "imports", "list"], env=env)
    assert result.exit_code == 0, result.output


def test_import_mapping_takes_a_manifest_file(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "people.csv",
        header=["Nom", "Courriel"],
        rows=[["Ann Lee", "ann@lee.io"], ["Bob Ray", "bob@ray.io"]],
    )
    proposed = CliRunner().invoke(app, ["mapping", "propose", str(path), "--json"], env=cli_env)
    manifest = json.loads(proposed.stdout)
    manifest["entries"] = [
        {"column": "Nom", "target": "client.full_name", "transform": "x", "confidence": 1.0,
         "origin": "operator"},
        {"column": "Courriel", "target": "client.email", "transform": "x", "confidence": 1.0,
         "origin": "operator"},
    ]  # fmt: skip
    manifest["unmapped"] = []
    manifest_file = tmp_path / "manifest.json"
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["import", str(path), "--mapping", str(manifest_file), "--json"], env=cli_env
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["columns"]["mapped"] == 2
    used = CliRunner().invoke(app, ["mapping", "show", summary["import_id"], "--json"], env=cli_env)
    entries = json.loads(used.stdout)["entries"]
    assert {(e["column"], e["target"], e["origin"]) for e in entries} == {
        ("Nom", "client.full_name", "saved"),
        ("Courriel", "client.email", "saved"),
    }


def test_import_mapping_file_with_an_unknown_target_is_bad_usage(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    manifest_file = tmp_path / "manifest.json"
    manifest_file.write_text(
        json.dumps(
            {
                "profile": "spreadsheet",
                "source_system": "spreadsheet",
                "object": "client",
                "entries": [
                    {
                        "column": "Email",
                        "target": "client.e_mail",
                        "transform": "email",
                        "confidence": 1.0,
                        "origin": "operator",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = run_cli(cli_env, "import", str(path), "--mapping", str(manifest_file), "--json")
    assert result.returncode == 2
    problem = json.loads(result.stderr)
    assert problem["type"].endswith("/invalid_input")
    assert "client.e_mail" in problem["detail"]


def test_import_mapping_unknown_id_is_not_found(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    result = run_cli(cli_env, "import", str(path), "--mapping", "map_missing")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: There is no mapping manifest 'map_missing'."
