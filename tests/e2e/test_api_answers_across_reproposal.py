"""Answers across a re-proposal over real HTTP, with the demo's Salesforce contacts applied and
then its HubSpot export of the same people: answering the date order of "Date of birth" proposes
the batch again and each overwrite now also replaces a birth date, which its answer did not
cover: it is asked again under its id, with an audit event saying why, and no decision is left
beside its new counterpart or governing deltas that are gone. Answered again, it is carried over
the next re-proposal, and the batch applies. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

SAMPLES = Path(__file__).resolve().parents[2] / "backend" / "demo" / "samples"


def _upload(api: httpx.Client, name: str) -> str:
    content = (SAMPLES / name).read_bytes()
    response = api.post("/api/crm/imports", files={"file": (name, content, "text/csv")})
    assert response.status_code == 201, response.text
    return str(response.json()["import_id"])


def _approve(api: httpx.Client, decision_id: str, option: str) -> dict[str, Any]:
    response = api.post(f"/api/crm/decisions/{decision_id}/approve", json={"option": option})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _decisions(api: httpx.Client, import_id: str) -> list[dict[str, Any]]:
    return api.get(f"/api/crm/imports/{import_id}/decisions").json()  # type: ignore[no-any-return]


def _overwrites(api: httpx.Client, import_id: str) -> dict[str, dict[str, Any]]:
    """The batch's `field_overwrite` decisions, by the client they are about."""
    found = [d for d in _decisions(api, import_id) if d["kind"] == "field_overwrite"]
    by_client = {d["client_ids"][0]: d for d in found}
    assert len(by_client) == len(found), "two overwrite decisions about one client"
    return by_client


def _audit(api: httpx.Client, action: str, subject_id: str) -> list[dict[str, Any]]:
    events = api.get("/api/crm/audit").json()
    return [e["details"] for e in events if (e["action"], e["subject_id"]) == (action, subject_id)]


def test_overwrites_that_a_date_order_extends_are_asked_again_and_later_carried_over(
    api: httpx.Client,
) -> None:
    salesforce = _upload(api, "02_salesforce_contacts.csv")
    api.post(f"/api/crm/imports/{salesforce}/approve")
    assert api.post(f"/api/crm/imports/{salesforce}/apply").json()["status"] == "applied"
    import_id = _upload(api, "05_hubspot_contacts.csv")
    before = _overwrites(api, import_id)
    robert = next(d for d in before.values() if "Robert Smith" in d["question"])
    jose = next(d for d in before.values() if "José García López" in d["question"])
    assert "birth_date" not in robert["question"] + jose["question"]
    (order,) = [d for d in _decisions(api, import_id) if d["kind"] == "ambiguous_value"]

    _approve(api, robert["decision_id"], "overwrite")
    _approve(api, jose["decision_id"], "keep_current")
    _approve(api, order["decision_id"], "order:dmy")

    after = _overwrites(api, import_id)
    assert after.keys() == before.keys()
    for earlier in (robert, jose):
        asked = after[earlier["client_ids"][0]]
        assert (asked["decision_id"], asked["status"], asked["chosen_option"]) == (
            earlier["decision_id"],
            "pending",
            None,
        )
        (dropped,) = _audit(api, "supersede", earlier["decision_id"])
        assert (dropped["question"], dropped["status"], dropped["asked_again"]) == (
            earlier["question"],
            "approved",
            True,
        )
        assert dropped["question_now"] == asked["question"]
    assert "birth_date '1979-11-02' → '1979-02-11'" in after[jose["client_ids"][0]]["question"]
    (dropped,) = _audit(api, "supersede", robert["decision_id"])
    assert dropped["reason"] == "it now also replaces birth_date '1975-07-30' → '1975-06-07'"
    alive = {d["delta_id"] for d in api.get(f"/api/crm/imports/{import_id}/deltas").json()}
    assert all(set(d["delta_ids"]) <= alive for d in _decisions(api, import_id))

    _approve(api, robert["decision_id"], "overwrite")
    _approve(api, jose["decision_id"], "keep_current")
    # Bulk approval maps the "Customer tier" column: one more re-proposal, which asks the same.
    api.post(f"/api/crm/imports/{import_id}/approve")
    final = _overwrites(api, import_id)
    assert final[robert["client_ids"][0]]["chosen_option"] == "overwrite"
    assert final[jose["client_ids"][0]]["chosen_option"] == "keep_current"
    assert api.post(f"/api/crm/imports/{import_id}/apply").json()["status"] == "applied"
    robert_360 = api.get(f"/api/crm/client-360/{robert['client_ids'][0]}").json()
    jose_360 = api.get(f"/api/crm/client-360/{jose['client_ids'][0]}").json()
    assert robert_360["profile"]["job_title"]["value"] == "CFO"
    assert robert_360["profile"]["birth_date"]["value"] == "1975-06-07"
    assert jose_360["profile"]["last_name"]["value"] == "García López"
    assert jose_360["profile"]["birth_date"]["value"] == "1979-11-02"
