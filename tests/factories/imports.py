"""Factories that run real imports through the pipeline (keyword-only, realistic defaults)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

import httpx

from backend.contracts.imports import ImportSummary
from backend.repositories import imports_repository
from backend.runtime import Runtime
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest

SF_CONTACT_HEADER = [
    "Contact ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Account Name",
    "Title",
    "Mailing City",
    "Mailing Country",
]


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A CSV export as bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_rows(
    runtime: Runtime,
    tmp_path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] = SF_CONTACT_HEADER,
    name: str = "contacts.csv",
    profile: str | None = "salesforce_contacts",
    actor: str = "tester",
) -> ImportSummary:
    """Import rows as a file through the whole pipeline."""
    path = tmp_path / name
    path.write_bytes(csv_bytes(header, rows))
    with path.open("rb") as stream:
        return run_import(
            runtime, ImportRequest(file_name=name, stream=stream, actor=actor, profile=profile)
        )


def stored_rows(runtime: Runtime, import_id: str) -> tuple[list[str], list[list[str]]]:
    """A batch's header and its raw rows' cells as the normalize stage reads them from the stored
    evidence (`raw_cell_chunks`): a row stored before a later one widened the header reads
    its missing trailing cells as empty."""
    with runtime.unit() as session:
        batch = imports_repository.get_batch(session, import_id)
        header, width = list(batch.header), len(batch.header)
        evidence = batch.evidence_import_id or batch.id
        rows = [
            json.loads(text)
            for chunk in imports_repository.raw_cell_chunks(session, evidence, 1000)
            for _, text in chunk
        ]
    return header, [cells + [""] * (width - len(cells)) for cells in rows]


# Two Salesforce contact rows (SF_CONTACT_HEADER) many tests import.
ANN = [
    "003A1",
    "Ann",
    "Lee",
    "ann.lee@acme.com",
    "+1 415 555 0101",
    "Acme Inc",
    "CFO",
    "Boston",
    "USA",
]

BOB = [
    "003A2",
    "Robert",
    "Stone",
    "bob.stone@initech.com",
    "+1 415 555 0102",
    "Initech",
    "CTO",
    "Austin",
    "USA",
]


def upload_contacts(api: httpx.Client, rows: Sequence[Sequence[str]], name: str) -> str:
    """Upload Salesforce contact rows (SF_CONTACT_HEADER) over HTTP; the new import's id."""
    response = api.post(
        "/api/crm/imports",
        files={"file": (name, csv_bytes(SF_CONTACT_HEADER, rows), "text/csv")},
        data={"profile": "salesforce_contacts"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["import_id"])
