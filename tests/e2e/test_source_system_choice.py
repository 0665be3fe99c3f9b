"""The source system an import names (`import --system NAME`, the upload's `source_system` field
and its alias `system`) must be one of CONTRACTS.md's source systems: an unknown one is bad usage
(exit 2, one line naming the accepted systems) on the CLI and a 422 `invalid_input` problem over
HTTP, refused before anything is stored. Run as a user would, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from backend.contracts.source_systems import IMPORT_SOURCE_SYSTEMS
from tests.factories.exports import vendor_export
from tests.factories.files import write_csv
from tests.factories.processes import run_cli

ACCEPTED = ", ".join(IMPORT_SOURCE_SYSTEMS)


def _listed_imports(cli_env: dict[str, str]) -> list[object]:
    listed = run_cli(cli_env, "imports", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    imports = json.loads(listed.stdout)
    assert isinstance(imports, list)
    return imports


def test_cli_unknown_system_is_one_line_naming_the_accepted_systems_and_exit_2(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    result = run_cli(cli_env, "import", str(path), "--system", "hubspt")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: Unknown source system 'hubspt' (did you mean 'hubspot'?); --system takes one "
        f"of: {ACCEPTED}."
    ]
    assert _listed_imports(cli_env) == []


def test_cli_unknown_system_with_json_is_an_invalid_input_problem(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    result = run_cli(cli_env, "import", str(path), "--system", "Excel", "--json")
    assert result.returncode == 2
    problem = json.loads(result.stderr)
    assert problem["type"] == "https://velocity.dev/problems/invalid_input"
    assert problem["detail"] == f"Unknown source system 'Excel'; --system takes one of: {ACCEPTED}."
    assert (problem["fields"], problem["value"]) == (["--system"], "Excel")
    assert problem["accepted"] == list(IMPORT_SOURCE_SYSTEMS)


def test_cli_oracle_is_no_import_system(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    result = run_cli(cli_env, "import", str(path), "--system", "oracle")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "proposals enter as writebacks (`velocity-crm writeback FILE`" in line
    assert line.endswith(f"--system takes one of: {ACCEPTED}.")
    assert _listed_imports(cli_env) == []


def test_cli_system_is_checked_before_the_file(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli(cli_env, "import", str(tmp_path / "missing.csv"), "--system", "sap")
    assert result.returncode == 2
    assert result.stderr.startswith("error: Unknown source system 'sap';")


def test_cli_system_in_another_spelling_is_stored_as_the_contract_name(
    cli_env: dict[str, str],
) -> None:
    path = vendor_export("zendesk_sell_leads.csv")
    result = run_cli(
        cli_env, "import", str(path), "--profile", "zendesk_sell_leads", "--system", "Zendesk Sell"
    )
    assert result.returncode == 0, result.stderr
    [summary] = _listed_imports(cli_env)
    assert isinstance(summary, dict)
    assert summary["source_system"] == "zendesk_sell"
    assert summary["profile"] == {"key": "zendesk_sell_leads", "confidence": 1.0, "inferred": False}


def _problem(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert isinstance(problem, dict)
    assert problem["type"] == "https://velocity.dev/problems/invalid_input"
    return problem


@pytest.mark.parametrize("field", ["source_system", "system"])
def test_api_unknown_source_system_is_a_422_problem_naming_the_accepted_systems(
    api: httpx.Client, tmp_path: Path, field: str
) -> None:
    content = write_csv(tmp_path / "contacts.csv").read_bytes()
    response = api.post(
        "/api/crm/imports", files={"file": ("contacts.csv", content)}, data={field: "salesfroce"}
    )
    problem = _problem(response)
    assert problem["detail"] == (
        f"Unknown source system 'salesfroce' (did you mean 'salesforce'?); {field} takes one of: "
        f"{ACCEPTED}."
    )
    assert problem["fields"] == [field]
    assert problem["accepted"] == list(IMPORT_SOURCE_SYSTEMS)
    assert api.get("/api/crm/imports").json() == []


def test_api_oracle_is_no_import_system(api: httpx.Client, tmp_path: Path) -> None:
    content = write_csv(tmp_path / "contacts.csv").read_bytes()
    response = api.post(
        "/api/crm/imports", files={"file": ("c.csv", content)}, data={"source_system": "oracle"}
    )
    assert "POST /api/crm/writebacks" in str(_problem(response)["detail"])
    assert api.get("/api/crm/imports").json() == []


def test_api_source_system_and_its_alias_may_not_disagree(
    api: httpx.Client, tmp_path: Path
) -> None:
    content = write_csv(tmp_path / "contacts.csv").read_bytes()
    response = api.post(
        "/api/crm/imports",
        files={"file": ("c.csv", content)},
        data={"source_system": "hubspot", "system": "zoho"},
    )
    problem = _problem(response)
    assert problem["fields"] == ["source_system", "system"]
    assert "'hubspot'" in str(problem["detail"])
    assert "'zoho'" in str(problem["detail"])


@pytest.mark.parametrize(
    ("data", "stored"),
    [
        ({"source_system": "Attio"}, "attio"),
        ({"system": "zendesk-sell"}, "zendesk_sell"),
        ({"source_system": "monday", "system": "Monday"}, "monday"),
        ({"source_system": ""}, "spreadsheet"),
    ],
)
def test_api_known_source_system_is_stored_as_the_contract_name(
    api: httpx.Client, tmp_path: Path, data: dict[str, str], stored: str
) -> None:
    content = write_csv(tmp_path / "contacts.csv").read_bytes()
    response = api.post("/api/crm/imports", files={"file": ("c.csv", content)}, data=data)
    assert response.status_code == 201, response.text
    assert response.json()["source_system"] == stored


def test_api_openapi_names_the_accepted_source_systems(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    body = schema["components"]["schemas"]["Body_create_import_api_crm_imports_post"]
    assert ACCEPTED in body["properties"]["source_system"]["description"]
