"""`velocity-crm review approve ID --option correct --value V`, run as a user would: the typed
value goes through the normalizer of the field's imported values (the row's country, else the
policy's default region, for a phone), lands in the graph in canonical form with provenance
that says an operator typed it, and a value that is still invalid is refused in one line while
the decision waits. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories.imports import SF_CONTACT_HEADER, csv_bytes
from tests.factories.processes import run_cli

ROWS = [
    ["003B1", "Ann", "Lee", "ann.lee@acme", "+1 415 555 0101", "Acme Inc", "CFO", "Boston", "USA"],
    [
        "003B2",
        "Oliver",
        "Smith",
        "oliver.smith@globex.co.uk",
        "ask reception",
        "Globex UK",
        "Director",
        "London",
        "United Kingdom",
    ],
    [
        "003B3",
        "Maria",
        "Garcia",
        "maria.garcia@initech.com",
        "415-555-01",
        "Initech",
        "VP Sales",
        "Austin",
        "",
    ],
]


@pytest.fixture
def env(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The CLI's environment under a policy whose default phone region is the US."""
    policy = tmp_path / "policy.yaml"
    policy.write_text("default_region: US\n")
    return {**cli_env, "VELOCITY_POLICY": str(policy)}


def _json(env: dict[str, str], *args: str) -> Any:
    result = run_cli(env, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _invalid_decisions(env: dict[str, str], import_id: str) -> dict[str, dict[str, Any]]:
    """The import's pending `invalid_value` decisions, by the raw value they are about."""
    found = _json(
        env,
        "review",
        "list",
        "--import",
        import_id,
        "--kind",
        "invalid_value",
        "--status",
        "pending",
    )
    return {d["evidence"][0]["raw_value"]: d for d in found}


def _profile(env: dict[str, str], **query: str) -> dict[str, Any]:
    (match,) = _json(env, "clients", "find", *(f"--{k}={v}" for k, v in query.items()))
    return _json(env, "client360", match["client_id"])  # type: ignore[no-any-return]


def test_corrections_are_normalized_as_imported_values_and_invalid_ones_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_bytes(SF_CONTACT_HEADER, ROWS))
    import_id = _json(env, "import", str(path), "--profile", "salesforce_contacts")["import_id"]
    decisions = _invalid_decisions(env, import_id)
    assert set(decisions) == {"ann.lee@acme", "ask reception", "415-555-01"}

    maria = decisions["415-555-01"]["decision_id"]
    still_short = run_cli(
        env, "review", "approve", maria, "--option", "correct", "--value", "415-555-01"
    )
    assert still_short.returncode == 2
    assert still_short.stdout == ""
    (line,) = still_short.stderr.strip().splitlines()
    assert "'415-555-01' for client.phone is not valid either" in line
    assert "too short" in line
    waiting = _invalid_decisions(env, import_id)
    assert waiting["415-555-01"]["decision_id"] == maria

    answers = {
        maria: "(415) 555-0100",  # no country on the row: the policy's region
        decisions["ask reception"]["decision_id"]: "020 7946 0958",  # the row says UK
        decisions["ann.lee@acme"]["decision_id"]: " Ann.Lee@Acme.COM ",
    }
    for decision_id, typed in answers.items():
        (approved,) = _json(
            env, "review", "approve", decision_id, "--option", "correct", "--value", typed
        )
        assert (approved["status"], approved["chosen_option"]) == ("approved", "correct")
    assert _invalid_decisions(env, import_id) == {}

    _json(env, "review", "approve", "--all", "--import", import_id)
    assert _json(env, "apply", import_id)["status"] == "applied"

    maria_360 = _profile(env, email="maria.garcia@initech.com")
    assert [p["value"] for p in maria_360["phones"]] == ["+14155550100"]
    phone = maria_360["profile"]["phone"]
    assert phone["value"] == "+14155550100"
    assert phone["provenance"] | {"observed_at": None} == {
        "system": "velocity",
        "import_id": import_id,
        "writeback_id": None,
        "row": 3,
        "column": "Phone",
        "raw_value": "(415) 555-0100",
        "transform": "operator_correction",
        "confidence": 1.0,
        "observed_at": None,
    }
    assert maria_360["data_quality"]["invalid_values"] == []

    oliver_360 = _profile(env, email="oliver.smith@globex.co.uk")
    assert oliver_360["profile"]["phone"]["value"] == "+442079460958"
    assert oliver_360["profile"]["phone"]["provenance"]["raw_value"] == "020 7946 0958"

    ann_360 = _profile(env, email="ann.lee@acme.com")
    assert ann_360["profile"]["email"]["value"] == "ann.lee@acme.com"
    assert ann_360["profile"]["email"]["provenance"]["raw_value"] == " Ann.Lee@Acme.COM "
    assert [e["value"] for e in ann_360["emails"]] == ["ann.lee@acme.com"]
