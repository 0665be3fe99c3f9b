"""A doubt inside one uploaded file over real HTTP: two rows sharing an e-mail but not a name
wait as an identity_conflict, and approving the merge applies it - on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from tests.factories.imports import SF_CONTACT_HEADER, csv_bytes

SHARED_MAILBOX = [
    ["003D1", "John", "Miller", "millers.home@gmail.com", "", "", "", "Austin", "USA"],
    ["003D2", "Alice", "Brown", "millers.home@gmail.com", "", "", "", "Austin", "USA"],
]


def test_rows_sharing_an_email_wait_as_a_conflict_and_an_approved_merge_applies(
    api: httpx.Client,
) -> None:
    response = api.post(
        "/api/crm/imports",
        files={"file": ("family.csv", csv_bytes(SF_CONTACT_HEADER, SHARED_MAILBOX), "text/csv")},
        data={"profile": "salesforce_contacts"},
    )
    assert response.status_code == 201, response.text
    import_id = response.json()["import_id"]
    assert response.json()["deltas"]["client"] == {"create": 2, "merge": 1}
    decisions = api.get(f"/api/crm/imports/{import_id}/decisions?status=pending").json()
    (conflict,) = [d for d in decisions if d["kind"] == "identity_conflict"]
    assert conflict["recommended"] == "keep_separate"
    survivor = conflict["client_ids"][0]

    approved = api.post(
        f"/api/crm/decisions/{conflict['decision_id']}/approve", json={"option": "merge"}
    ).json()
    assert approved["chosen_option"] == "merge"
    api.post(f"/api/crm/imports/{import_id}/approve")
    applied = api.post(f"/api/crm/imports/{import_id}/apply").json()

    assert applied["status"] == "applied", applied
    snapshot = api.get(f"/api/crm/client-360/{survivor}").json()
    assert sorted(link["source_id"] for link in snapshot["source_links"]) == ["003D1", "003D2"]
