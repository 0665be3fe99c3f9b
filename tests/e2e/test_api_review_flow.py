"""The review flow over real HTTP: upload, decisions, approval with roles, apply, Client 360,
search, export, Oracle writebacks and revert - on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from backend.runtime import Runtime
from backend.services import auth_service
from tests.factories.imports import ANN, BOB, SF_CONTACT_HEADER, csv_bytes

ROWS = [ANN, [*BOB[:3], "not-an-email", *BOB[4:]]]


def _upload(api: httpx.Client, rows: list[list[str]], name: str = "contacts.csv") -> dict:  # type: ignore[type-arg]
    response = api.post(
        "/api/crm/imports",
        files={"file": (name, csv_bytes(SF_CONTACT_HEADER, rows), "text/csv")},
        data={"profile": "salesforce_contacts"},
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _token(runtime: Runtime, role: str) -> dict[str, str]:
    with runtime.unit() as session:
        token = auth_service.create_token(session, name=f"{role}-user", role=role, actor="test")
    return {"Authorization": f"Bearer {token}"}


def test_invalid_value_waits_in_review_and_approval_applies_it_raw(api: httpx.Client) -> None:
    summary = _upload(api, ROWS)
    import_id = summary["import_id"]
    decisions = api.get(f"/api/crm/imports/{import_id}/decisions?status=pending").json()
    invalid = [d for d in decisions if d["kind"] == "invalid_value"]
    assert len(invalid) == 1
    assert "not-an-email" in invalid[0]["question"]
    unresolved = api.get(f"/api/crm/imports/{import_id}/unresolved").json()
    assert [(u["column"], u["raw_value"]) for u in unresolved] == [("Email", "not-an-email")]
    approved = api.post(
        f"/api/crm/decisions/{invalid[0]['decision_id']}/approve",
        json={"option": "correct", "value": "bob.stone@initech.com", "note": "typo in source"},
    ).json()
    assert approved["status"] == "approved"
    assert approved["decided_by"]
    assert approved["note"] == "typo in source"
    bulk = api.post(f"/api/crm/imports/{import_id}/approve").json()
    assert bulk["deltas"] >= 3
    assert summary["timings"]["apply"] is None
    applied = api.post(f"/api/crm/imports/{import_id}/apply").json()
    assert applied["status"] == "applied", applied
    timings = api.get(f"/api/crm/imports/{import_id}").json()["timings"]
    assert timings["apply"] > 0
    assert timings["client360"] > 0
    found = api.get("/api/crm/clients", params={"q": "bob.stone@initech.com"}).json()
    assert [m["display_name"] for m in found] == ["Robert Stone"]
    snapshot = api.get(f"/api/crm/client-360/{found[0]['client_id']}").json()
    assert snapshot["profile"]["email"]["value"] == "bob.stone@initech.com"
    assert [a["name"] for a in snapshot["accounts"]] == ["Initech"]


def test_search_by_phone_in_another_format_and_by_misspelt_name(api: httpx.Client) -> None:
    summary = _upload(api, ROWS[:1])
    api.post(f"/api/crm/imports/{summary['import_id']}/approve")
    api.post(f"/api/crm/imports/{summary['import_id']}/apply")
    by_phone = api.get("/api/crm/clients", params={"phone": "(415) 555-0101"}).json()
    assert [m["display_name"] for m in by_phone] == ["Ann Lee"]
    by_name = api.get("/api/crm/clients", params={"name": "Ann Leee"}).json()
    assert [m["display_name"] for m in by_name] == ["Ann Lee"]
    by_company = api.get("/api/crm/clients", params={"company": "acme"}).json()
    assert [m["display_name"] for m in by_company] == ["Ann Lee"]


def test_export_lists_records_with_ids_and_source_links(api: httpx.Client) -> None:
    summary = _upload(api, ROWS[:1])
    api.post(f"/api/crm/imports/{summary['import_id']}/approve")
    api.post(f"/api/crm/imports/{summary['import_id']}/apply")
    lines = api.get("/api/crm/export/clients", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 1
    import json

    record = json.loads(lines[0])
    assert record["id"].startswith("cli_")
    assert record["source_links"] == ["salesforce:client:003A1"]
    assert record["email"] == "ann.lee@acme.com"
    assert len(record["account_ids"]) == 1
    csv_text = api.get("/api/crm/export/clients", params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("id,first_name,")
    assert ",+14155550101," in csv_text  # an E.164 phone cannot run: written as it is


def test_roles_are_enforced_and_only_an_approver_decides(
    api: httpx.Client, runtime: Runtime
) -> None:
    runtime.settings.auth_required = True
    viewer, operator = _token(runtime, "viewer"), _token(runtime, "operator")
    approver = _token(runtime, "approver")
    assert api.get("/api/crm/imports").status_code == 401
    upload = api.post(
        "/api/crm/imports",
        headers=viewer,
        files={"file": ("c.csv", csv_bytes(SF_CONTACT_HEADER, ROWS[:1]))},
    )
    assert upload.status_code == 403
    summary = api.post(
        "/api/crm/imports",
        headers=operator,
        files={"file": ("c.csv", csv_bytes(SF_CONTACT_HEADER, ROWS[:1]))},
    ).json()
    assert (
        api.post(f"/api/crm/imports/{summary['import_id']}/apply", headers=operator).status_code
        == 403
    )
    api.post(f"/api/crm/imports/{summary['import_id']}/approve", headers=approver)
    api.post(f"/api/crm/imports/{summary['import_id']}/apply", headers=approver)
    promoted = [*ROWS[0]]
    promoted[6] = "CEO"
    second = api.post(
        "/api/crm/imports",
        headers=operator,
        files={"file": ("p.csv", csv_bytes(SF_CONTACT_HEADER, [promoted]))},
    ).json()
    overwrite = api.get(
        f"/api/crm/imports/{second['import_id']}/decisions",
        params={"kind": "field_overwrite"},
        headers=viewer,
    ).json()[0]
    refused = api.post(f"/api/crm/decisions/{overwrite['decision_id']}/approve", headers=operator)
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/forbidden")
    accepted = api.post(
        f"/api/crm/decisions/{overwrite['decision_id']}/approve",
        headers=approver,
        json={"option": "overwrite"},
    )
    assert accepted.json()["decided_by"] == "approver-user"
    audit = api.get("/api/crm/audit", headers=operator).json()
    assert {"approve", "approve_all", "apply"} <= {event["action"] for event in audit}


def test_oracle_writeback_waits_for_approval_then_applies(api: httpx.Client) -> None:
    summary = _upload(api, ROWS[:1])
    api.post(f"/api/crm/imports/{summary['import_id']}/approve")
    api.post(f"/api/crm/imports/{summary['import_id']}/apply")
    client_id = api.get("/api/crm/clients", params={"q": "Ann Lee"}).json()[0]["client_id"]
    document = {
        "client_id": client_id,
        "source": "oracle",
        "mission_id": "m-42",
        "rationale": "Call transcript says she was promoted",
        "confidence": 0.82,
        "changes": [
            {"field": "client.job_title", "value": "CEO"},
            {"field": "client.department", "value": "Executive"},
            {"add": "interest", "values": {"inventory_ref": "SKU-1182", "level": "high"}},
            {
                "add": "interaction",
                "values": {
                    "kind": "note",
                    "body": "Promoted",
                    "occurred_at": "2026-11-20T10:00:00Z",
                },
            },
        ],
    }
    created = api.post("/api/crm/writebacks", json=document)
    assert created.status_code == 201, created.text
    writeback = created.json()
    kinds = sorted(d["kind"] for d in writeback["decisions"])
    assert kinds == ["field_overwrite", "writeback"]
    nothing = api.post(f"/api/crm/writebacks/{writeback['writeback_id']}/apply").json()
    assert nothing["applied"] == 0
    overwrite = next(d for d in writeback["decisions"] if d["kind"] == "field_overwrite")
    assert overwrite["recommended"] == "overwrite"  # approving Oracle's proposal carries it out
    for decision in writeback["decisions"]:
        api.post(f"/api/crm/decisions/{decision['decision_id']}/approve", json={})
    applied = api.post(f"/api/crm/writebacks/{writeback['writeback_id']}/apply").json()
    assert applied["status"] == "applied"
    snapshot = api.get(f"/api/crm/client-360/{client_id}").json()
    assert snapshot["profile"]["job_title"]["value"] == "CEO"
    assert (
        snapshot["profile"]["job_title"]["provenance"]["writeback_id"] == writeback["writeback_id"]
    )
    assert snapshot["interests"][0]["inventory_ref"] == "SKU-1182"
    assert snapshot["interactions"]["by_kind"] == {"note": 1}


def test_invalid_writeback_is_refused_and_nothing_is_stored(api: httpx.Client) -> None:
    unknown = api.post(
        "/api/crm/writebacks",
        json={"client_id": "cli_nope", "changes": [{"field": "client.job_title", "value": "CFO"}]},
    )
    assert unknown.status_code == 404
    summary = _upload(api, ROWS[:1])
    api.post(f"/api/crm/imports/{summary['import_id']}/approve")
    api.post(f"/api/crm/imports/{summary['import_id']}/apply")
    client_id = api.get("/api/crm/clients", params={"q": "Ann Lee"}).json()[0]["client_id"]
    bad_field = api.post(
        "/api/crm/writebacks",
        json={"client_id": client_id, "changes": [{"field": "client.shoe_size", "value": "9"}]},
    )
    assert bad_field.status_code == 422
    assert "shoe_size" in bad_field.json()["detail"]
    bad_value = api.post(
        "/api/crm/writebacks",
        json={"client_id": client_id, "changes": [{"field": "client.email", "value": "nope"}]},
    )
    assert bad_value.status_code == 422
    # a reading without confidence is refused, as an imported cell would be left unresolved
    for field, doubtful in (("client.email", "ann.lee@gmial.com"), ("client.phone", "+1 555 0100")):
        refused = api.post(
            "/api/crm/writebacks",
            json={"client_id": client_id, "changes": [{"field": field, "value": doubtful}]},
        )
        assert refused.status_code == 422
        assert "best reading" in refused.json()["detail"]
    assert api.get("/api/crm/writebacks").json() == []


def test_revert_over_http_and_conflict_is_409_with_the_list(api: httpx.Client) -> None:
    first = _upload(api, ROWS[:1])
    api.post(f"/api/crm/imports/{first['import_id']}/approve")
    api.post(f"/api/crm/imports/{first['import_id']}/apply")
    changed = [*ROWS[0]]
    changed[7] = "Cambridge"
    second = _upload(api, [changed], name="moved.csv")
    api.post(f"/api/crm/imports/{second['import_id']}/approve?risk=low,medium,high")
    api.post(f"/api/crm/imports/{second['import_id']}/apply")
    conflict = api.post(f"/api/crm/imports/{first['import_id']}/revert")
    assert conflict.status_code == 409
    assert conflict.json()["conflicts"]
    reverted = api.post(f"/api/crm/imports/{second['import_id']}/revert").json()
    assert reverted["status"] == "reverted"
    assert api.post(f"/api/crm/imports/{first['import_id']}/revert").status_code == 200
    assert api.get("/api/crm/clients", params={"q": "Ann Lee"}).json() == []


def test_merge_from_oracle_then_unmerge_one_client_restores_both(api: httpx.Client) -> None:
    other = [
        "003A9",
        "Annie",
        "Lee",
        "annie.lee@gmail.com",
        "+1 617 555 0199",
        "",
        "",
        "Boston",
        "USA",
    ]
    summary = _upload(api, [ROWS[0], other])
    api.post(f"/api/crm/imports/{summary['import_id']}/approve")
    api.post(f"/api/crm/imports/{summary['import_id']}/apply")
    ann = api.get("/api/crm/clients", params={"email": "ann.lee@acme.com"}).json()[0]["client_id"]
    annie = api.get("/api/crm/clients", params={"email": "annie.lee@gmail.com"}).json()[0][
        "client_id"
    ]
    writeback = api.post(
        "/api/crm/writebacks",
        json={
            "client_id": ann,
            "rationale": "Same person, personal e-mail",
            "confidence": 0.7,
            "changes": [{"merge_with": annie}],
        },
    ).json()
    merge_decision = writeback["decisions"][0]
    assert (merge_decision["kind"], merge_decision["risk"]) == ("identity_merge", "high")
    assert merge_decision["recommended"] == "merge"
    assert merge_decision["evidence"][0]["rationale"] == "Same person, personal e-mail"
    api.post(f"/api/crm/decisions/{merge_decision['decision_id']}/approve", json={})
    assert api.post(f"/api/crm/writebacks/{writeback['writeback_id']}/apply").json()["applied"] == 1
    merged = api.get(f"/api/crm/client-360/{ann}").json()
    assert {e["value"] for e in merged["emails"]} == {"ann.lee@acme.com", "annie.lee@gmail.com"}
    assert [e["value"] for e in merged["emails"] if e["is_primary"]] == ["ann.lee@acme.com"]
    assert api.get(f"/api/crm/client-360/{annie}").json()["status"] == "merged"
    split = api.post(f"/api/crm/clients/{ann}/unmerge")
    assert split.status_code == 200, split.text
    assert [e["value"] for e in api.get(f"/api/crm/client-360/{ann}").json()["emails"]] == [
        "ann.lee@acme.com"
    ]
    restored = api.get(f"/api/crm/client-360/{annie}").json()
    assert restored["status"] == "active"
    assert [e["value"] for e in restored["emails"]] == ["annie.lee@gmail.com"]
    assert restored["emails"][0]["is_primary"] is True
