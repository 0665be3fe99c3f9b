"""Factories that run real imports through the pipeline (keyword-only, realistic defaults)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from backend.contracts.imports import ImportSummary
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
