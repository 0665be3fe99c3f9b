"""An answer across a re-proposal, run as a user would with `velocity-crm`: an invalid phone kept
raw while the policy's default region was the US is still kept raw after the policy loses its
region and a mapping answer proposes the batch again, although the question now gives another
reason; `review list` shows it once, under its id, governing the batch's current deltas; the
audit log says its wording changed; and the batch applies with the phone kept raw. On SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.factories.imports import SF_CONTACT_HEADER, csv_bytes
from tests.factories.processes import run_cli

HEADER = [*SF_CONTACT_HEADER, "Favourite Colour"]
ROWS = [
    [
        "003F1",
        "Ann",
        "Lee",
        "ann@acme.com",
        "+1 415 555 0101",
        "Acme",
        "CFO",
        "Boston",
        "USA",
        "blue",
    ],
    # No country on the row: the phone is read in the policy's default region, if any.
    [
        "003F2",
        "Maria",
        "Garcia",
        "maria@initech.com",
        "415-555-01",
        "Initech",
        "VP",
        "Austin",
        "",
        "red",
    ],
]


def _json(env: dict[str, str], *args: str) -> Any:
    result = run_cli(env, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _review_list(env: dict[str, str], import_id: str, status: str) -> list[dict[str, Any]]:
    return _json(env, "review", "list", "--import", import_id, "--status", status)  # type: ignore[no-any-return]


def test_an_invalid_value_kept_raw_stays_answered_when_the_default_region_changes(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("default_region: US\n")
    env = {**cli_env, "VELOCITY_POLICY": str(policy)}
    export = tmp_path / "contacts.csv"
    export.write_bytes(csv_bytes(HEADER, ROWS))
    import_id = _json(env, "import", str(export), "--profile", "salesforce_contacts")["import_id"]
    pending = _review_list(env, import_id, "pending")
    (phone,) = [d for d in pending if d["kind"] == "invalid_value"]
    (colour,) = [d for d in pending if d["kind"] == "unmapped_column"]
    assert "'415-555-01': not a valid phone number: too short" in phone["question"]
    _json(env, "review", "approve", phone["decision_id"], "--option", "keep_raw")

    policy.write_text("auto_approve_low_risk_creates: false\n")
    _json(env, "review", "approve", colour["decision_id"])

    assert _review_list(env, import_id, "pending") == []
    approved = {d["decision_id"]: d for d in _review_list(env, import_id, "approved")}
    assert set(approved) == {phone["decision_id"], colour["decision_id"]}
    kept = approved[phone["decision_id"]]
    assert (kept["kind"], kept["chosen_option"], kept["decided_by"]) == (
        "invalid_value",
        "keep_raw",
        "tester",
    )
    assert "no country code and no default region" in kept["question"]
    deltas = {d["delta_id"] for d in _json(env, "imports", "deltas", import_id)}
    assert kept["delta_ids"]
    assert set(kept["delta_ids"]) <= deltas
    events = _json(env, "audit")["events"]
    (carried,) = [
        e["details"]
        for e in events
        if (e["action"], e["subject_id"]) == ("carry_over", phone["decision_id"])
    ]
    assert (carried["question"], carried["now"], carried["option"]) == (
        phone["question"],
        kept["question"],
        "keep_raw",
    )

    _json(env, "review", "approve", "--all", "--import", import_id)
    assert _json(env, "apply", import_id)["status"] == "applied"
    (maria,) = _json(env, "clients", "find", "--email", "maria@initech.com")
    profile = _json(env, "client360", maria["client_id"])
    invalid = [(v["field"], v["raw_value"]) for v in profile["data_quality"]["invalid_values"]]
    assert invalid == [("phone", "415-555-01")]
