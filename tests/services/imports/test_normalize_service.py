"""The normalize stage over a stored batch: on one core and split over worker processes, the
staged records and the unresolved values are the same; a date column's order is decided from its
values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.repositories import imports_repository, staging_repository
from backend.runtime import Runtime
from backend.services.imports import staging_pool
from tests.factories.imports import import_rows

FIRSTS = ["Anna", "JOSÉ", "björn", "Zoë", "Robert", "li", "Ma\u0301rta"]
LASTS = ["Müller", "o'neil", "van der Berg", "NGUYEN", "Smith"]
COUNTRIES = ["Germany", "DE", "España", "United States", "U.K.", "Atlantis", ""]


def _messy_rows(count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        first, last = FIRSTS[i % len(FIRSTS)], LASTS[i % len(LASTS)]
        country = COUNTRIES[i % len(COUNTRIES)]
        phone = ["030 1234567", f"(415) 555-01{i % 100:02d}", "n/a", "+44 20 7946 0958"][i % 4]
        email = [f"{first}.{i}@Example.org", f"{first} at acme dot com", "not-an-email", ""][i % 4]
        rows.append(
            [f"003{i:06d}", first, last, email, phone, "Acme GmbH", "CEO", "Berlin", country]
        )
    return rows


def _stored(runtime: Runtime, import_id: str) -> tuple[list[Any], list[tuple[Any, ...]]]:
    with runtime.unit() as session:
        staged = list(staging_repository.iter_staged(session, import_id))
        unresolved = [
            (u.row, u.column, u.raw_value, u.reason, u.message)
            for u in imports_repository.list_unresolved(session, import_id)
        ]
    return staged, sorted(unresolved, key=repr)


def test_worker_processes_stage_exactly_what_one_process_stages(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _messy_rows(420)
    one_core = import_rows(runtime, tmp_path, rows, name="contacts.csv")
    monkeypatch.setattr(staging_pool, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr(staging_pool, "CHUNK_ROWS", 50)
    workers = import_rows(runtime, tmp_path, rows, name="contacts-again.csv")

    staged, unresolved = _stored(runtime, one_core.import_id)
    assert len(staged) == 420
    assert any(reason == "invalid_value" for _, _, _, reason, _ in unresolved)
    assert (staged, unresolved) == _stored(runtime, workers.import_id)


def test_a_date_column_is_decided_without_the_cells_that_say_they_hold_nothing(
    runtime: Runtime, tmp_path: Path
) -> None:
    header = ["Record ID", "First Name", "Last Name", "Date of birth"]
    rows = [
        ["101", "Ann", "Lee", "03/04/1980"],
        ["102", "Bob", "Stone", "N/A"],
        ["103", "Cy", "Young", "05/06/1981"],
    ]
    summary = import_rows(runtime, tmp_path, rows, header=header, profile="hubspot_contacts")
    with runtime.unit() as session:
        unresolved = imports_repository.list_unresolved(session, summary.import_id)
    (column,) = [u for u in unresolved if u.row is None]
    assert (column.column, column.reason) == ("Date of birth", "ambiguous_value")
    assert column.raw_value == "03/04/1980, 05/06/1981"
    assert [u for u in unresolved if u.row is not None] == []


@pytest.mark.parametrize("parallel_from", [10**9, 1], ids=["one process", "workers"])
def test_dates_the_first_chunk_reads_otherwise_than_the_whole_column_are_staged_again(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int
) -> None:
    """The first 50-row chunk has no day above 12 (its order is undecided), later rows say
    day-first: every row is staged day-first, as when the whole file is one chunk."""
    header = ["Record ID", "First Name", "Last Name", "Date of birth"]
    rows = [
        [str(100 + i), "Ann", f"Lee{i}", f"{i % 12 + 1:02d}/04/1980" if i < 60 else "25/04/1980"]
        for i in range(130)
    ]
    whole = import_rows(runtime, tmp_path, rows, header=header, profile="hubspot_contacts")
    monkeypatch.setattr(staging_pool, "PARALLEL_FROM_ROWS", parallel_from)
    monkeypatch.setattr(staging_pool, "CHUNK_ROWS", 50)
    chunked = import_rows(
        runtime, tmp_path, rows, header=header, profile="hubspot_contacts", name="again.csv"
    )

    staged, unresolved = _stored(runtime, chunked.import_id)
    births = [
        record["value"]
        for _, entities in staged
        for record in entities["client"].values()
        if record["column"] == "Date of birth"
    ]
    assert births[:3] == ["1980-04-01", "1980-04-02", "1980-04-03"]
    assert len(births) == 130
    assert unresolved == []
    assert (staged, unresolved) == _stored(runtime, whole.import_id)


def test_a_column_no_chunk_decides_is_one_unresolved_field_when_staged_in_chunks(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = ["Record ID", "First Name", "Last Name", "Date of birth"]
    rows = [[str(100 + i), "Ann", f"Lee{i}", f"0{i % 9 + 1}/04/1980"] for i in range(130)]
    whole = import_rows(runtime, tmp_path, rows, header=header, profile="hubspot_contacts")
    monkeypatch.setattr(staging_pool, "PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr(staging_pool, "CHUNK_ROWS", 50)
    chunked = import_rows(
        runtime, tmp_path, rows, header=header, profile="hubspot_contacts", name="again.csv"
    )

    staged, unresolved = _stored(runtime, chunked.import_id)
    assert [(row, column, reason) for row, column, _, reason, _ in unresolved] == [
        (None, "Date of birth", "ambiguous_value")
    ]
    assert (staged, unresolved) == _stored(runtime, whole.import_id)
