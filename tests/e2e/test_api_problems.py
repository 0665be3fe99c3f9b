"""CONTRACTS.md section 8 for HTTP, over real HTTP on SQLite and PostgreSQL: every error is a
problem details object with a stable `type` (unknown batches below `/imports/{id}`, unknown API
routes with and without the UI, wrong methods, over-size uploads), and the upload's `mapping`
part takes a stored manifest's id or a manifest document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.api import app as app_module
from backend.settings import Settings
from tests.factories.files import write_csv
from tests.factories.processes import served_api


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert isinstance(problem, dict)
    assert problem["type"] == f"https://velocity.dev/problems/{code}"
    assert problem["status"] == status
    return problem


@pytest.mark.parametrize("below", ["deltas", "decisions", "mapping", "unresolved"])
def test_an_unknown_batch_below_imports_is_a_404_problem(api: httpx.Client, below: str) -> None:
    _problem(api.get(f"/api/crm/imports/imp_nope/{below}"), 404, "not_found")


def test_an_unknown_api_route_is_a_404_problem(api: httpx.Client) -> None:
    _problem(api.get("/api/crm/nothing-here"), 404, "not_found")
    _problem(api.post("/api/crm/nothing-here"), 404, "not_found")


def test_a_wrong_method_is_a_405_problem(api: httpx.Client) -> None:
    problem = _problem(api.delete("/api/crm/imports"), 405, "method_not_allowed")
    assert problem["detail"] == "/api/crm/imports does not take DELETE."


@pytest.fixture
def api_without_ui(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[httpx.Client]:
    """The app served with no built UI."""
    monkeypatch.setattr(app_module, "UI_DIST", tmp_path / "no-ui")
    with served_api(settings) as client:
        yield client


def test_without_the_ui_unknown_routes_and_methods_are_problems(
    api_without_ui: httpx.Client,
) -> None:
    _problem(api_without_ui.get("/api/crm/nothing-here"), 404, "not_found")
    _problem(api_without_ui.get("/somewhere"), 404, "not_found")
    _problem(api_without_ui.put("/api/crm/imports"), 405, "method_not_allowed")


def test_an_over_size_upload_is_a_file_too_large_problem(
    settings: Settings, tmp_path: Path
) -> None:
    small = settings.model_copy(update={"max_upload_bytes": 64})
    with served_api(small) as client:
        content = write_csv(tmp_path / "c.csv").read_bytes()
        response = client.post("/api/crm/imports", files={"file": ("c.csv", content)})
    problem = _problem(response, 413, "file_too_large")
    assert "upload limit" in str(problem["detail"])
    assert str(problem["import_id"]).startswith("imp_")


def _manifest_document() -> dict[str, object]:
    entries = [("Nom", "client.full_name"), ("Courriel", "client.email")]
    return {
        "profile": "spreadsheet",
        "source_system": "spreadsheet",
        "object": "client",
        "entries": [
            {"column": c, "target": t, "transform": "text", "confidence": 1.0, "origin": "operator"}
            for c, t in entries
        ],
    }


def _people(tmp_path: Path) -> bytes:
    return write_csv(
        tmp_path / "people.csv",
        header=["Nom", "Courriel"],
        rows=[["Ann Lee", "ann@lee.io"], ["Bob Ray", "bob@ray.io"]],
    ).read_bytes()


def test_the_mapping_part_takes_a_manifest_file(api: httpx.Client, tmp_path: Path) -> None:
    document = json.dumps(_manifest_document()).encode()
    response = api.post(
        "/api/crm/imports",
        files={
            "file": ("people.csv", _people(tmp_path)),
            "mapping": ("manifest.json", document, "application/json"),
        },
    )
    assert response.status_code == 201, response.text
    summary = response.json()
    assert summary["columns"]["mapped"] == 2
    manifest = api.get(f"/api/crm/imports/{summary['import_id']}/mapping").json()
    assert {e["origin"] for e in manifest["entries"]} == {"saved"}
    again = api.post(
        "/api/crm/imports",
        files={"file": ("people-2.csv", _people(tmp_path) + b"Cy Li,cy@li.cn\r\n")},
        data={"mapping": summary["mapping_id"]},
    )
    assert again.status_code == 201, again.text
    assert again.json()["columns"]["mapped"] == 2


def test_the_mapping_id_alias_still_works_and_unknown_ids_are_404(
    api: httpx.Client, tmp_path: Path
) -> None:
    response = api.post(
        "/api/crm/imports",
        files={"file": ("people.csv", _people(tmp_path))},
        data={"mapping_id": "map_missing"},
    )
    _problem(response, 404, "not_found")


def test_an_unknown_upload_field_is_refused(api: httpx.Client, tmp_path: Path) -> None:
    response = api.post(
        "/api/crm/imports",
        files={"file": ("people.csv", _people(tmp_path))},
        data={"mapping_file": "x"},
    )
    problem = _problem(response, 422, "invalid_input")
    assert problem["fields"] == ["mapping_file"]


def test_a_bad_manifest_part_is_a_422_problem(api: httpx.Client, tmp_path: Path) -> None:
    document = _manifest_document() | {"profile": "no_such_profile"}
    response = api.post(
        "/api/crm/imports",
        files={"file": ("people.csv", _people(tmp_path))},
        data={"mapping": json.dumps(document)},
    )
    problem = _problem(response, 422, "invalid_input")
    assert "no_such_profile" in str(problem["detail"])
