"""A row that gives a stored client's e-mail (or source id) under another person's name is asked
about at review, never blocked at apply: over real HTTP and through the CLI, each answer -
the stored client, a different person created without the shared address, or leaving the row
out - applies cleanly, and the address stays on one client - on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories.imports import ANN, BOB, SF_CONTACT_HEADER, csv_bytes, upload_contacts
from tests.factories.processes import run_cli
from tests.factories.review import IDENTITY_KINDS

#: A colleague's new contact typed with Ann Lee's address (a shared or mis-keyed mailbox).
TOM_WITH_ANNS_EMAIL = ["003Q9", "Tom", "Lee", "ann.lee@acme.com", "", "", "", "Boston", "USA"]
#: Robert Stone's Salesforce id on a row with another name and Ann Lee's address.
TOM_ON_BOBS_RECORD = ["003A2", "Tom", "Lee", "ann.lee@acme.com", "", "", "", "Boston", "USA"]
#: Ann Lee's Salesforce id on a row with another name and an address nobody holds.
TOM_ON_ANNS_RECORD = [
    "003A1",
    "Tom",
    "Smith",
    "tom.smith@globex.com",
    "",
    "",
    "",
    "Denver",
    "USA",
]


def _applied_cleanly(api: httpx.Client, import_id: str) -> None:
    """Approve whatever else waits and apply: nothing may be blocked."""
    assert api.post(f"/api/crm/imports/{import_id}/approve").status_code == 200
    result = api.post(f"/api/crm/imports/{import_id}/apply").json()
    assert (result["status"], result["blocked"]) == ("applied", 0), result["blocked_reasons"]


def _stored(api: httpx.Client) -> dict[str, str]:
    """Ann Lee and Robert Stone in the graph; their client ids by first name."""
    _applied_cleanly(api, upload_contacts(api, [ANN, BOB], "stored.csv"))
    return {
        "Ann": _holders(api, "ann.lee@acme.com")[0],
        "Robert": _holders(api, "bob.stone@initech.com")[0],
    }


def _holders(api: httpx.Client, email: str) -> list[str]:
    found = api.get("/api/crm/clients", params={"email": email}).json()
    return sorted(str(match["client_id"]) for match in found)


def _client_360(api: httpx.Client, client_id: str) -> dict[str, Any]:
    response = api.get(f"/api/crm/client-360/{client_id}")
    assert response.status_code == 200, response.text
    snapshot: dict[str, Any] = response.json()
    return snapshot


def _emails(snapshot: dict[str, Any]) -> list[str]:
    return sorted(email["value"] for email in snapshot["emails"])


def _source_ids(snapshot: dict[str, Any]) -> list[str]:
    return sorted(link["source_id"] for link in snapshot["source_links"])


def _identity_decision(api: httpx.Client, import_id: str) -> dict[str, Any]:
    decisions = api.get(f"/api/crm/imports/{import_id}/decisions").json()
    (decision,) = [d for d in decisions if d["kind"] in IDENTITY_KINDS]
    return dict(decision)


def _client_create(api: httpx.Client, import_id: str) -> dict[str, Any]:
    deltas = api.get(f"/api/crm/imports/{import_id}/deltas").json()
    (create,) = [d for d in deltas if d["entity"] == "client"]
    assert create["op"] == "create"
    return dict(create)


def _answer(api: httpx.Client, decision: dict[str, Any], option: str | None) -> None:
    """Approve with the option, or reject the decision (None)."""
    if option is None:
        response = api.post(f"/api/crm/decisions/{decision['decision_id']}/reject", json={})
    else:
        response = api.post(
            f"/api/crm/decisions/{decision['decision_id']}/approve", json={"option": option}
        )
    assert response.status_code == 200, response.text


def test_a_new_name_with_a_stored_email_waits_as_an_identity_conflict(api: httpx.Client) -> None:
    ids = _stored(api)
    import_id = upload_contacts(api, [TOM_WITH_ANNS_EMAIL], "tom.csv")

    decision = _identity_decision(api, import_id)
    create = _client_create(api, import_id)
    assert (decision["kind"], decision["risk"]) == ("identity_conflict", "high")
    assert decision["delta_ids"] == [create["delta_id"]]
    assert decision["question"] == (
        f"e-mail ann.lee@acme.com already belongs to {ids['Ann']} (Ann Lee). "
        "Is Tom Lee the same person as an existing client?"
    )
    assert [(o["id"], o["label"]) for o in decision["options"]] == [
        (
            f"match:{ids['Ann']}",
            f"Same as {ids['Ann']} (Ann Lee), who holds e-mail ann.lee@acme.com",
        ),
        ("create_new", "A different person: create a new client without e-mail ann.lee@acme.com"),
    ]
    assert decision["recommended"] == "create_new"
    assert decision["client_ids"] == [ids["Ann"]]
    (holder,) = decision["evidence"]
    assert (holder["candidate"], holder["holds"]) == (ids["Ann"], ["e-mail ann.lee@acme.com"])
    assert holder["probability"] < 0.5  # the rest of the row does not say Ann
    assert any(c["field"] == "first_name" for c in holder["comparisons"])
    # The address is kept off the new client the row proposes, and the guard is not needed.
    assert "email" not in {change["field"] for change in create["changes"]}
    assert any("ann.lee@acme.com already belongs to" in e["text"] for e in create["evidence"])


@pytest.mark.parametrize("answer", ["same_person", "different_person", "left_out"])
def test_each_answer_about_a_stored_email_applies_and_keeps_it_on_one_client(
    api: httpx.Client, answer: str
) -> None:
    ids = _stored(api)
    import_id = upload_contacts(api, [TOM_WITH_ANNS_EMAIL], "tom.csv")
    decision = _identity_decision(api, import_id)
    tom = str(_client_create(api, import_id)["entity_id"])
    options = {"same_person": f"match:{ids['Ann']}", "different_person": "create_new"}

    _answer(api, decision, options.get(answer))
    _applied_cleanly(api, import_id)

    assert _holders(api, "ann.lee@acme.com") == [ids["Ann"]]
    ann = _client_360(api, ids["Ann"])
    assert _emails(ann) == ["ann.lee@acme.com"]
    assert ann["profile"]["first_name"]["value"] == "Ann"
    assert {r["kind"] for r in ann["pending_reviews"]}.isdisjoint(IDENTITY_KINDS)
    if answer == "same_person":
        assert _source_ids(ann) == ["003A1", "003Q9"]
        assert "Tom" in [a["value"] for a in ann["profile"]["first_name"]["alternatives"]]
        assert api.get(f"/api/crm/client-360/{tom}").status_code == 404
    elif answer == "different_person":
        new = _client_360(api, tom)
        assert (new["profile"]["first_name"]["value"], new["profile"]["last_name"]["value"]) == (
            "Tom",
            "Lee",
        )
        assert _emails(new) == []
        assert _source_ids(new) == ["003Q9"]
        assert _source_ids(ann) == ["003A1"]
    else:
        assert api.get(f"/api/crm/client-360/{tom}").status_code == 404
        assert _source_ids(ann) == ["003A1"]


@pytest.mark.parametrize("answer", ["source_id_holder", "email_holder", "different_person"])
def test_a_source_id_of_one_client_with_the_email_of_another_applies_each_answer_cleanly(
    api: httpx.Client, answer: str
) -> None:
    ids = _stored(api)
    import_id = upload_contacts(api, [TOM_ON_BOBS_RECORD], "tom.csv")
    decision = _identity_decision(api, import_id)
    create = _client_create(api, import_id)
    assert (decision["kind"], decision["recommended"]) == ("identity_conflict", "create_new")
    assert decision["question"].startswith(
        f"source id says {ids['Robert']}, who does not hold e-mail ann.lee@acme.com; "
    )
    assert [o["id"] for o in decision["options"]] == [
        f"match:{ids['Robert']}",
        f"match:{ids['Ann']}",
        "create_new",
    ]
    assert decision["options"][-1]["label"] == (
        "A different person: create a new client without e-mail ann.lee@acme.com, "
        "source id salesforce:client:003A2"
    )
    assert create["links"] == []  # neither Robert's source link nor Ann's address
    option = {
        "source_id_holder": f"match:{ids['Robert']}",
        "email_holder": f"match:{ids['Ann']}",
        "different_person": "create_new",
    }[answer]

    _answer(api, decision, option)
    _applied_cleanly(api, import_id)

    assert _holders(api, "ann.lee@acme.com") == [ids["Ann"]]
    robert = _client_360(api, ids["Robert"])
    ann = _client_360(api, ids["Ann"])
    assert (_emails(robert), _source_ids(robert)) == (["bob.stone@initech.com"], ["003A2"])
    assert (_emails(ann), _source_ids(ann)) == (["ann.lee@acme.com"], ["003A1"])
    assert robert["profile"]["first_name"]["value"] == "Robert"
    assert ann["profile"]["first_name"]["value"] == "Ann"
    if answer == "different_person":
        new = _client_360(api, str(create["entity_id"]))
        assert (_emails(new), _source_ids(new)) == ([], [])
        assert new["profile"]["first_name"]["value"] == "Tom"


@pytest.mark.parametrize("option", ["keep_current", "overwrite"])
def test_a_source_id_under_a_new_name_and_address_is_the_same_record_and_applies_cleanly(
    api: httpx.Client, option: str
) -> None:
    ids = _stored(api)
    import_id = upload_contacts(api, [TOM_ON_ANNS_RECORD], "tom.csv")
    decisions = api.get(f"/api/crm/imports/{import_id}/decisions").json()
    assert [d for d in decisions if d["kind"] in IDENTITY_KINDS] == []
    (overwrite,) = [d for d in decisions if d["kind"] == "field_overwrite"]
    deltas = api.get(f"/api/crm/imports/{import_id}/deltas").json()
    assert {(d["op"], d["entity_id"]) for d in deltas if d["entity"] == "client"} == {
        ("update", ids["Ann"])
    }

    _answer(api, overwrite, option)
    _applied_cleanly(api, import_id)

    ann = _client_360(api, ids["Ann"])
    assert _emails(ann) == ["ann.lee@acme.com", "tom.smith@globex.com"]
    assert _holders(api, "tom.smith@globex.com") == [ids["Ann"]]
    assert _source_ids(ann) == ["003A1"]
    expected = "Tom" if option == "overwrite" else "Ann"
    assert ann["profile"]["first_name"]["value"] == expected


def test_the_cli_asks_about_a_stored_email_and_approving_everything_applies_cleanly(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    stored_file = tmp_path / "stored.csv"
    stored_file.write_bytes(csv_bytes(SF_CONTACT_HEADER, [ANN, BOB]))
    stored = json.loads(run_cli(cli_env, "import", str(stored_file), "--json").stdout)
    run_cli(cli_env, "review", "approve", "--all", "--import", stored["import_id"])
    assert run_cli(cli_env, "apply", stored["import_id"]).returncode == 0
    tom_file = tmp_path / "tom.csv"
    tom_file.write_bytes(csv_bytes(SF_CONTACT_HEADER, [TOM_WITH_ANNS_EMAIL]))
    tom = json.loads(run_cli(cli_env, "import", str(tom_file), "--json").stdout)
    assert tom["review_required"] == 1

    listed = run_cli(cli_env, "review", "list", "--import", tom["import_id"], "--json")
    (decision,) = json.loads(listed.stdout)
    assert (decision["kind"], decision["risk"]) == ("identity_conflict", "high")
    approved = run_cli(cli_env, "review", "approve", "--all", "--import", tom["import_id"])
    assert approved.returncode == 0, approved.stderr
    applied = run_cli(cli_env, "apply", tom["import_id"], "--json")

    assert applied.returncode == 0, applied.stderr
    result = json.loads(applied.stdout)
    assert (result["status"], result["blocked"], result["blocked_reasons"]) == ("applied", 0, [])
    found = run_cli(cli_env, "clients", "find", "--email", "ann.lee@acme.com", "--json")
    assert [c["display_name"] for c in json.loads(found.stdout)] == ["Ann Lee"]
