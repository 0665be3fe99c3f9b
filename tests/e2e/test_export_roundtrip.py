"""An import of an export reproduces the same graph: export clients and accounts, empty the
graph by reverting, import the exports back (the `velocity_*` profiles), and compare."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from backend.runtime import Runtime
from backend.services import batch_actions
from backend.services.client_graph import export_service
from tests.factories.imports import import_rows

ROWS = [
    [
        "003A1",
        "Zoë",
        "Müller",
        "zoe@mueller-soehne.de",
        "+49 30 1234567",
        "Müller & Söhne GmbH",
        "Head of Procurement",
        "Berlin",
        "Germany",
    ],
    [
        "003A2",
        "José",
        "García López",
        "jose@acme-iberia.es",
        "+34 91 123 45 67",
        "Acme Iberia SL",
        "=CTO",
        "Madrid",
        "Spain",
    ],
    ["003A3", "Ann", "O'Brien", "ann@obrien.ie", "", "Acme Iberia SL", "CFO", "Dublin", "Ireland"],
]


def _export(runtime: Runtime, kind: str) -> str:
    buffer = io.StringIO()
    with runtime.unit() as session:
        export_service.write(session, kind, buffer, fmt="csv")
    return buffer.getvalue()


def _graph(runtime: Runtime) -> list[tuple[Any, ...]]:
    accounts = {
        r["id"]: r["name"] for r in csv.DictReader(io.StringIO(_export(runtime, "account")))
    }
    clients = []
    for record in csv.DictReader(io.StringIO(_export(runtime, "client"))):
        fields = {
            k: v
            for k, v in record.items()
            if k not in ("id", "source_links", "source_id") and not k.endswith("_ids")
        }
        names = sorted(accounts[a] for a in record["account_ids"].split(";") if a)
        clients.append((tuple(sorted(fields.items())), tuple(names)))
    return sorted(clients)


def _apply_all(runtime: Runtime, import_id: str) -> None:
    batch_actions.approve_all(runtime, import_id, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, import_id, actor="t")


def test_importing_an_export_reproduces_the_graph(runtime: Runtime, tmp_path: Path) -> None:
    original = import_rows(runtime, tmp_path, ROWS)
    _apply_all(runtime, original.import_id)
    before = _graph(runtime)
    assert len(before) == 3
    accounts_csv, clients_csv = _export(runtime, "account"), _export(runtime, "client")
    assert "'=CTO" in clients_csv
    batch_actions.revert(runtime, original.import_id, actor="t")
    assert _graph(runtime) == []
    (tmp_path / "accounts.csv").write_text(accounts_csv, encoding="utf-8")
    (tmp_path / "clients.csv").write_text(clients_csv, encoding="utf-8")
    from backend.services.import_pipeline import run_import
    from backend.services.imports.ingest_service import ImportRequest

    for name in ("accounts.csv", "clients.csv"):
        with (tmp_path / name).open("rb") as stream:
            summary = run_import(runtime, ImportRequest(file_name=name, stream=stream, actor="t"))
        assert summary.profile.key == f"velocity_{name.removesuffix('.csv')}"
        _apply_all(runtime, summary.import_id)
    assert _graph(runtime) == before
