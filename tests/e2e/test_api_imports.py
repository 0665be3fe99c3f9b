"""`/api/crm/imports` over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.factories.files import write_csv


def test_upload_then_get_and_list(api: httpx.Client, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "contacts.csv", delimiter=";", encoding="cp1252")
    with path.open("rb") as handle:
        created = api.post("/api/crm/imports", files={"file": ("contacts.csv", handle, "text/csv")})
    assert created.status_code == 201, created.text
    summary = created.json()
    assert summary["file"]["delimiter"] == ";"
    assert summary["file"]["encoding"] == "cp1252"
    assert summary["rows"]["parsed"] == 3
    fetched = api.get(f"/api/crm/imports/{summary['import_id']}")
    assert fetched.json()["file"]["sha256"] == summary["file"]["sha256"]
    listed = api.get("/api/crm/imports").json()
    assert [item["import_id"] for item in listed] == [summary["import_id"]]


def test_same_upload_twice_names_the_first_as_replay_of(api: httpx.Client, tmp_path: Path) -> None:
    content = write_csv(tmp_path / "c.csv").read_bytes()
    first = api.post("/api/crm/imports", files={"file": ("c.csv", content)}).json()
    second = api.post("/api/crm/imports", files={"file": ("c-again.csv", content)}).json()
    assert second["replay_of"] == first["import_id"]


def test_a_later_export_of_the_same_layout_reuses_the_saved_mapping(
    api: httpx.Client, tmp_path: Path
) -> None:
    header = "Contact ID,First Name,Last Name,Email\r\n"
    first = api.post(
        "/api/crm/imports",
        files={"file": ("a.csv", header + "003A,Ann,Lee,ann@acme.com\r\n")},
        data={"profile": "salesforce_contacts"},
    ).json()
    second = api.post(
        "/api/crm/imports",
        files={"file": ("b.csv", header + "003B,Bob,Stone,bob@initech.com\r\n")},
        data={"profile": "salesforce_contacts"},
    ).json()
    assert second["mapping_id"] == first["mapping_id"]
    own = api.get(f"/api/crm/imports/{first['import_id']}/mapping").json()
    reused = api.get(f"/api/crm/imports/{second['import_id']}/mapping").json()
    assert {e["origin"] for e in own["entries"]} != {"saved"}
    assert {e["origin"] for e in reused["entries"]} == {"saved"}


def test_unparseable_upload_is_a_problem_and_a_failed_batch(api: httpx.Client) -> None:
    response = api.post("/api/crm/imports", files={"file": ("x.csv", b"Name,Email\n")})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["detail"] == "The file has a header but no data rows."
    batch = api.get(f"/api/crm/imports/{problem['import_id']}").json()
    assert batch["status"] == "failed"


def test_unknown_import_is_404_problem(api: httpx.Client) -> None:
    response = api.get("/api/crm/imports/imp_nope")
    assert response.status_code == 404
    assert response.json()["type"].endswith("/not_found")


def test_openapi_is_served(api: httpx.Client) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert "/api/crm/imports" in paths


def test_the_source_system_may_be_given_as_system(api: httpx.Client, tmp_path: Path) -> None:
    content = write_csv(tmp_path / "c.csv").read_bytes()
    summary = api.post(
        "/api/crm/imports", files={"file": ("c.csv", content)}, data={"system": "zoho"}
    ).json()
    assert summary["source_system"] == "zoho"
    with_typo = api.post(
        "/api/crm/imports", files={"file": ("c.csv", content)}, data={"sytem": "zoho"}
    )
    assert with_typo.status_code == 422
