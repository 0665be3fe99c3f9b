"""One identity decision per row over real HTTP and through the CLI: a row whose e-mail says one
stored client, whose source id says another, with a third near it, and that shares its e-mail
with another row of the file, waits as a single decision carrying every candidate; the one
answer settles it. The other row, which gives the stored client's e-mail under another name,
has its own single decision - on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.factories.imports import ANN, BOB, SF_CONTACT_HEADER, csv_bytes, upload_contacts
from tests.factories.processes import run_cli
from tests.factories.review import IDENTITY_KINDS

STORED = [
    ANN,
    BOB,
    ["003A3", "Anne", "Lee", "anne.lee@gmail.com", "", "Acme Inc", "", "Boston", "USA"],
]
MIXED_UP = [
    ["003A2", *ANN[1:]],  # Robert Stone's Salesforce id on Ann Lee's row
    ["003Q9", "Tom", "Lee", "ann.lee@acme.com", "", "", "", "Boston", "USA"],
]


def _client_id(api: httpx.Client, email: str) -> str:
    return str(api.get("/api/crm/clients", params={"email": email}).json()[0]["client_id"])


def test_a_row_pointing_at_three_stored_clients_and_a_row_of_its_file_is_one_question(
    api: httpx.Client,
) -> None:
    stored = upload_contacts(api, STORED, "stored.csv")
    api.post(f"/api/crm/imports/{stored}/approve")
    api.post(f"/api/crm/imports/{stored}/apply")
    ann, bob = _client_id(api, "ann.lee@acme.com"), _client_id(api, "bob.stone@initech.com")
    anne = _client_id(api, "anne.lee@gmail.com")

    import_id = upload_contacts(api, MIXED_UP, "mixed.csv")
    decisions = api.get(f"/api/crm/imports/{import_id}/decisions").json()
    deltas = api.get(f"/api/crm/imports/{import_id}/deltas").json()
    row_one = next(d for d in deltas if d["entity"] == "client" and d["source_row"] == 1)
    tom = next(d for d in deltas if d["entity"] == "client" and d["source_row"] == 2)
    decision, toms = [d for d in decisions if d["kind"] in IDENTITY_KINDS]

    assert decision["kind"] == "identity_conflict"
    assert toms["delta_ids"] == [tom["delta_id"]]
    assert decision["delta_ids"] == [row_one["delta_id"]]
    assert [o["id"] for o in decision["options"]] == [
        f"match:{bob}",
        f"match:{ann}",
        f"match:{anne}",
        "create_new",
    ]
    assert "row 2 (Tom Lee)" in decision["question"]
    assert not [d for d in deltas if d["op"] == "merge"]

    answered = api.post(
        f"/api/crm/decisions/{decision['decision_id']}/approve", json={"option": f"match:{ann}"}
    )
    assert answered.status_code == 200, answered.text
    pending = api.get(f"/api/crm/imports/{import_id}/decisions?status=pending").json()
    assert [d["decision_id"] for d in pending] == [toms["decision_id"]]
    applied = api.post(f"/api/crm/imports/{import_id}/apply").json()
    assert applied["applied"] >= 1, applied
    snapshot = api.get(f"/api/crm/client-360/{ann}").json()
    assert snapshot["status"] == "active"
    # Only Tom's own question (his row gives Ann's address) still names Ann.
    assert [r["decision_id"] for r in snapshot["pending_reviews"]] == [toms["decision_id"]]


def test_the_cli_lists_the_one_decision_and_one_answer_settles_it(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    stored_file = tmp_path / "stored.csv"
    stored_file.write_bytes(csv_bytes(SF_CONTACT_HEADER, STORED))
    stored = json.loads(run_cli(cli_env, "import", str(stored_file), "--json").stdout)
    run_cli(cli_env, "review", "approve", "--all", "--import", stored["import_id"])
    assert run_cli(cli_env, "apply", stored["import_id"]).returncode == 0
    mixed_file = tmp_path / "mixed.csv"
    mixed_file.write_bytes(csv_bytes(SF_CONTACT_HEADER, MIXED_UP))
    mixed = json.loads(run_cli(cli_env, "import", str(mixed_file), "--json").stdout)

    listed = run_cli(cli_env, "review", "list", "--import", mixed["import_id"], "--json")
    assert listed.returncode == 0, listed.stderr
    decision, toms = [d for d in json.loads(listed.stdout) if d["kind"] in IDENTITY_KINDS]
    assert len(decision["client_ids"]) == 3  # the stored candidates; Tom's new client is shown
    assert len(toms["client_ids"]) == 1  # Ann, who holds the e-mail Tom's row gives
    for answered in (decision, toms):
        approved = run_cli(
            cli_env, "review", "approve", answered["decision_id"], "--option", "create_new"
        )
        assert approved.returncode == 0, approved.stderr

    after = run_cli(cli_env, "review", "list", "--import", mixed["import_id"], "--json")
    assert [d for d in json.loads(after.stdout) if d["kind"] in IDENTITY_KINDS] == []
