"""The staging workers: two large batches staged at once on the same workers (as two imports in
the API server) each come back whole and in row order, the same as staged in one process."""

from __future__ import annotations

from itertools import zip_longest

import pytest

from backend.db.json_codec import json_text, unpack_rows
from backend.services.imports import staging_pool
from backend.services.imports.record_staging import StagingDefaults, plan_columns
from backend.services.imports.staging_pool import EncodedChunk, StagingPool
from tests.factories.mapping import operator_manifest

DEFAULTS = StagingDefaults(region="DE")
COLUMNS = {"Id": "client.source_id", "Email": "client.email", "Phone": "client.phone"}


def _rows(prefix: str, count: int) -> list[tuple[int, str]]:
    return [
        (
            number,
            json_text([f"{prefix}{number}", f"{prefix}.{number}@acme.de", f"030 {number:07d}"]),
        )
        for number in range(2, count + 2)
    ]


def _chunks(rows: list[tuple[int, str]], size: int) -> list[list[tuple[int, str]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _decoded(chunks: list[EncodedChunk]) -> tuple[list[object], list[object]]:
    """The staged rows and the unresolved values of a run's chunks, in order."""
    rows: list[object] = []
    unresolved: list[object] = []
    for packed, found, _ in chunks:
        rows.extend(unpack_rows(packed.packed) if packed else [])
        unresolved.extend(found)
    return rows, unresolved


def test_two_batches_staged_at_once_each_come_back_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plans = plan_columns(operator_manifest(COLUMNS), list(COLUMNS), DEFAULTS, {})
    first, second = _rows("a", 900), _rows("b", 700)
    with StagingPool(row_count=0) as pool:  # in this process
        expected = [
            _decoded(list(pool.stage(iter(_chunks(rows, 1000)), plans, DEFAULTS, {})))
            for rows in (first, second)
        ]

    monkeypatch.setattr(staging_pool, "PARALLEL_FROM_ROWS", 1)
    with StagingPool(row_count=1) as one, StagingPool(row_count=1) as other:
        runs = (
            one.stage(iter(_chunks(first, 100)), plans, DEFAULTS, {}),
            other.stage(iter(_chunks(second, 100)), plans, DEFAULTS, {}),
        )
        got: tuple[list[EncodedChunk], list[EncodedChunk]] = ([], [])
        for a, b in zip_longest(*runs):  # their chunks reach the workers in turns
            for chunk, into in ((a, got[0]), (b, got[1])):
                if chunk is not None:
                    into.append(chunk)

    assert [_decoded(got[0]), _decoded(got[1])] == expected
    assert [len(chunks) for chunks in got] == [9, 7]
