"""A reverted import in a client's Client 360 history over real HTTP and through the CLI: the
revert is an event of its own (when, who, which import, what it undid for this client) and the
changes it undid still show that they were undone; a split merge likewise - on SQLite and
PostgreSQL."""

from __future__ import annotations

import json

import httpx

from tests.factories.imports import ANN, upload_contacts
from tests.factories.processes import run_cli

ANNIE = ["003A9", "Annie", "Lee", "annie.lee@gmail.com", "+1 617 555 0199", "", "", "Boston", "USA"]


def _applied(api: httpx.Client, rows: list[list[str]], name: str) -> str:
    import_id = upload_contacts(api, rows, name)
    api.post(f"/api/crm/imports/{import_id}/approve?risk=low,medium,high")
    assert api.post(f"/api/crm/imports/{import_id}/apply").json()["status"] == "applied"
    return import_id


def test_a_reverted_import_is_an_event_in_the_client_360_history(
    api: httpx.Client, cli_env: dict[str, str]
) -> None:
    first = _applied(api, [ANN], "contacts.csv")
    ann = api.get("/api/crm/clients", params={"email": "ann.lee@acme.com"}).json()[0]["client_id"]
    moved = [*ANN]
    moved[7] = "Cambridge"
    second = upload_contacts(api, [moved], "moved.csv")
    (overwrite,) = api.get(f"/api/crm/imports/{second}/decisions?kind=field_overwrite").json()
    api.post(f"/api/crm/decisions/{overwrite['decision_id']}/approve", json={"option": "overwrite"})
    api.post(f"/api/crm/imports/{second}/approve")
    assert api.post(f"/api/crm/imports/{second}/apply").json()["status"] == "applied"

    reverted = api.post(f"/api/crm/imports/{second}/revert")
    assert reverted.status_code == 200, reverted.text

    snapshot = api.get(f"/api/crm/client-360/{ann}").json()
    assert snapshot["profile"]["city"]["value"] == "Boston"
    history = snapshot["history"]
    assert [(h["action"], h["batch_id"], h["reverted"]) for h in history] == [
        ("create", first, False),
        ("update", second, True),
        ("revert", second, False),
    ]
    update, revert = history[1], history[2]
    assert revert["actor"] == "tester"
    assert (update["reverted_at"], update["reverted_by"]) == (revert["at"], "tester")
    assert revert["at"] > update["at"]
    assert revert["undid"] == [
        {
            "action": "update",
            "delta_id": update["delta_id"],
            "at": update["at"],
            "restored": [{"field": "city", "value": "Boston", "undone": "Cambridge"}],
        }
    ]
    shown = run_cli(cli_env, "client360", ann, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["history"] == history
    text = run_cli(cli_env, "client360", ann).stdout.splitlines()
    start = text.index("  history (latest 3 of 3):")
    assert text[start + 2].endswith(
        f"update {second} (reverted {revert['at'][:16].replace('T', ' ')} by tester)"
    )
    assert text[start + 3].endswith(f"revert {second} by tester: undid 1 change(s)")


def test_a_split_merge_is_an_event_in_both_clients_histories(api: httpx.Client) -> None:
    _applied(api, [ANN, ANNIE], "people.csv")
    ann = api.get("/api/crm/clients", params={"email": "ann.lee@acme.com"}).json()[0]["client_id"]
    annie = api.get("/api/crm/clients", params={"email": "annie.lee@gmail.com"}).json()[0][
        "client_id"
    ]
    writeback = api.post(
        "/api/crm/writebacks",
        json={"client_id": ann, "confidence": 0.7, "changes": [{"merge_with": annie}]},
    ).json()
    api.post(f"/api/crm/decisions/{writeback['decisions'][0]['decision_id']}/approve", json={})
    api.post(f"/api/crm/writebacks/{writeback['writeback_id']}/apply")

    assert api.post(f"/api/crm/clients/{ann}/unmerge").status_code == 200

    for client_id, merged_action in ((ann, "merge"), (annie, "merged_away")):
        history = api.get(f"/api/crm/client-360/{client_id}").json()["history"]
        assert [(h["action"], h["reverted"]) for h in history][-2:] == [
            (merged_action, True),
            ("unmerge", False),
        ]
        merge, unmerge = history[-2], history[-1]
        assert (unmerge["batch_id"], unmerge["delta_id"]) == (
            writeback["writeback_id"],
            merge["delta_id"],
        )
        assert [c["action"] for c in unmerge["undid"]] == [merged_action]
        assert merge["reverted_at"] == unmerge["at"]
