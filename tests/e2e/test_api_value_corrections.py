"""Option `correct` of an `invalid_value` decision over real HTTP: the typed value is normalized
as the field's imported values are, a value that is still invalid is a 422 problem and leaves the
decision pending, and an accepted one reaches the Client 360 in canonical form with provenance
that says an operator typed it. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories.imports import SF_CONTACT_HEADER, csv_bytes

# No profile or policy region: a national number without a country is not a phone number yet.
ROWS = [
    [
        "003C1",
        "Robert",
        "Stone",
        "robert.stone@initech.com",
        "(415) 555-0100",
        "Initech",
        "CTO",
        "Austin",
        "",
    ],
    ["003C2", "Ann", "Lee", "ann lee at acme", "+1 617 555 0199", "Acme", "CFO", "Boston", "USA"],
]


def _invalid(api: httpx.Client, import_id: str) -> dict[str, dict[str, Any]]:
    """The import's pending `invalid_value` decisions, by the field they are about."""
    found = api.get(
        f"/api/crm/imports/{import_id}/decisions",
        params={"status": "pending", "kind": "invalid_value"},
    ).json()
    return {d["evidence"][0]["field"]: d for d in found}


def _correct(api: httpx.Client, decision_id: str, value: str) -> httpx.Response:
    return api.post(
        f"/api/crm/decisions/{decision_id}/approve",
        json={"option": "correct", "value": value, "note": "called the office"},
    )


def test_a_correction_still_invalid_is_a_422_and_the_decision_waits(api: httpx.Client) -> None:
    upload = api.post(
        "/api/crm/imports",
        files={"file": ("contacts.csv", csv_bytes(SF_CONTACT_HEADER, ROWS), "text/csv")},
        data={"profile": "salesforce_contacts"},
    )
    import_id = upload.json()["import_id"]
    phone = _invalid(api, import_id)["phone"]
    assert "no default region" in phone["question"]

    refused = _correct(api, phone["decision_id"], "(415) 555-0100")
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["type"].endswith("/invalid_input")
    assert problem["detail"] == (
        "The corrected value '(415) 555-0100' for client.phone is not valid either (not a valid "
        "phone number: no country code and no default region); type another value, or keep the "
        "raw one."
    )
    assert _invalid(api, import_id)["phone"]["status"] == "pending"
    deltas = api.get(f"/api/crm/imports/{import_id}/deltas").json()
    phones = [c for d in deltas for c in d["changes"] if c["field"] == "phone"]
    assert [(c["new"], c["valid"]) for c in phones] == [(None, False), ("+16175550199", True)]

    accepted = _correct(api, phone["decision_id"], "+1 (415) 555-0100 ext. 12")
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["note"]) == ("approved", "called the office")
    email = _invalid(api, import_id)["email"]
    assert _correct(api, email["decision_id"], " Ann.Lee@Acme.COM ").status_code == 200

    api.post(f"/api/crm/imports/{import_id}/approve")
    assert api.post(f"/api/crm/imports/{import_id}/apply").json()["status"] == "applied"
    (robert,) = api.get("/api/crm/clients", params={"phone": "415 555 0100"}).json()
    snapshot = api.get(f"/api/crm/client-360/{robert['client_id']}").json()
    assert [p["value"] for p in snapshot["phones"]] == ["+14155550100"]
    assert snapshot["profile"]["phone_extension"]["value"] == "12"
    provenance = snapshot["profile"]["phone"]["provenance"]
    assert (provenance["system"], provenance["transform"], provenance["raw_value"]) == (
        "velocity",
        "operator_correction",
        "+1 (415) 555-0100 ext. 12",
    )
    assert (provenance["import_id"], provenance["row"], provenance["column"]) == (
        import_id,
        1,
        "Phone",
    )
    (ann,) = api.get("/api/crm/clients", params={"email": "ann.lee@acme.com"}).json()
    assert ann["display_name"] == "Ann Lee"
    audit = api.get("/api/crm/audit").json()
    corrections = [e for e in audit if e["action"] == "approve"]
    assert [e["details"]["value"] for e in corrections] == [
        "+1 (415) 555-0100 ext. 12",
        " Ann.Lee@Acme.COM ",
    ]
