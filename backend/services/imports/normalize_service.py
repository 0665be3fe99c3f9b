"""Stage 4, normalize (NemoClaw-assisted): turn each batch's raw rows into staged records of
canonical values, decide every date column's day/month order from all its values, and record
each value that could not be normalized as an unresolved field with its raw value kept.

The core is `record_staging.py` and `normalizers/`; this module loads and stores. A large batch
is normalized on every core: chunks of raw rows go to worker processes (each with its own value
cache) while this process reads the next chunks and writes the staged records in row order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice

import orjson
from sqlalchemy.orm import Session

from backend.contracts.mapping import MappingManifest
from backend.db.base import json_text
from backend.db.models import ImportBatch
from backend.repositories import imports_repository, staging_repository
from backend.repositories.imports_repository import UnresolvedRow
from backend.services.imports.normalizers.dates import DateOrder, decide_date_order
from backend.services.imports.record_staging import (
    DATE_TRANSFORMS,
    ColumnPlan,
    Problem,
    StagingDefaults,
    ValueCache,
    plan_columns,
    stage_rows,
)
from backend.services.imports.source_profiles import SourceProfile

CHUNK_ROWS = 5_000
"""Small enough that the workers finish together and this process writes while they stage."""
PARALLEL_FROM_ROWS = 60_000
"""Below this many rows a batch is normalized in this process: starting workers costs more."""
STAGING_GC_THRESHOLD = 200_000
VALUE_REASONS = {"invalid_value", "ambiguous_value", "missing_required"}
"""The unresolved reasons this stage records (and replaces when it runs again)."""
DISTINCT_DATES_SCANNED = 200_000


def _date_orders(
    session: Session, batch: ImportBatch, manifest: MappingManifest, hint: DateOrder | None
) -> tuple[dict[str, DateOrder | None], list[Problem]]:
    """Each date column's day/month order, decided from all of its distinct values."""
    columns = {e.column for e in manifest.entries if e.transform in DATE_TRANSFORMS}
    evidence = batch.evidence_import_id or batch.id
    seen = {
        name: {
            value.strip()
            for value in imports_repository.distinct_cells(
                session, evidence, position, limit=DISTINCT_DATES_SCANNED
            )
        }
        - {""}
        for position, name in enumerate(batch.header)
        if name in columns
    }
    orders: dict[str, DateOrder | None] = {}
    problems = []
    for name, values in seen.items():
        year_first = all(value[:4].isdigit() for value in values)
        order = decide_date_order(values, hint if hint != "ymd" or year_first else None)
        orders[name] = order
        if order is None and values:
            problems.append(
                Problem(
                    None,
                    name,
                    ", ".join(sorted(values)[:3]),
                    "ambiguous_value",
                    f"Column {name!r} has dates whose day/month order cannot be decided "
                    "(no value has a day above 12 and the profile gives no order); choose the "
                    "order for the whole column.",
                )
            )
    return orders, problems


def defaults_for(profile: SourceProfile, policy_region: str | None) -> StagingDefaults:
    """What the profile (and the policy's default region) imply for values that do not say."""
    return StagingDefaults(
        date_order=profile.date_order,
        region=profile.default_region or policy_region,
        currency=profile.default_currency,
        vocabularies={target: dict(v) for target, v in profile.vocabularies.items()},
        default_values=dict(profile.default_values),
    )


EncodedChunk = tuple[list[tuple[int, str]], list[Problem]]
"""Staged records as (row number, JSON text of the entities), and the problems found."""

RawChunk = list[tuple[int, str]]
"""Raw rows as stored: (row number, JSON text of the cells)."""


def _chunks(rows: Iterator[tuple[int, str]]) -> Iterator[RawChunk]:
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


def _staged(
    chunk: RawChunk, plans: list[ColumnPlan], defaults: StagingDefaults, cache: ValueCache
) -> EncodedChunk:
    """One chunk of raw rows decoded, staged and encoded."""
    rows = [(number, orjson.loads(cells)) for number, cells in chunk]
    staged, problems = stage_rows(rows, plans, defaults, cache)
    return [(number, json_text(entities)) for number, entities in staged], problems


_worker_state: tuple[list[ColumnPlan], StagingDefaults, ValueCache] | None = None


def _start_worker(plans: list[ColumnPlan], defaults: StagingDefaults) -> None:
    global _worker_state
    _worker_state = (plans, defaults, ValueCache())
    gc.set_threshold(STAGING_GC_THRESHOLD)


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Collect garbage rarely while staging. Staging allocates millions of short-lived dicts
    and builds no cycles: collecting every 700 allocations (the default) spends a third to a
    half of the time walking the records of the chunk in hand."""
    previous = gc.get_threshold()
    gc.set_threshold(STAGING_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _stage_in_worker(chunk: RawChunk) -> EncodedChunk:
    assert _worker_state is not None, "the pool's initializer sets the worker up"
    return _staged(chunk, *_worker_state)


def _staged_chunks(
    rows: Iterator[tuple[int, str]],
    plans: list[ColumnPlan],
    defaults: StagingDefaults,
    *,
    row_count: int,
) -> Iterator[EncodedChunk]:
    """Each chunk of rows staged and encoded, in row order; on every core when the batch is
    large (the workers send back JSON text, cheaper to pass and to store than the records)."""
    workers = os.cpu_count() or 1
    if workers < 2 or row_count < PARALLEL_FROM_ROWS:
        cache = ValueCache()
        for chunk in _chunks(rows):
            yield _staged(chunk, plans, defaults, cache)
        return
    # forkserver: workers start from a clean single-threaded process, never from a fork of a
    # server with open database connections and threads.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(plans, defaults)
    ) as pool:
        pending: deque[Future[EncodedChunk]] = deque()
        for chunk in _chunks(rows):
            pending.append(pool.submit(_stage_in_worker, chunk))
            if len(pending) > 2 * workers:  # bounded: at most two chunks waiting per worker
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def normalize_batch(
    session: Session,
    batch: ImportBatch,
    manifest: MappingManifest,
    profile: SourceProfile,
    *,
    policy_region: str | None,
) -> int:
    """Stage every row of a batch; returns the number of unresolved values recorded."""
    started = time.perf_counter()
    defaults = defaults_for(profile, policy_region)
    orders, column_problems = _date_orders(session, batch, manifest, profile.date_order)
    chosen: dict[str, DateOrder] = (batch.counts or {}).get("date_orders", {})
    orders.update(chosen)
    column_problems = [p for p in column_problems if p.column not in chosen]
    ambiguous_columns = {problem.column for problem in column_problems}
    plans = plan_columns(manifest, batch.header, defaults, orders)
    staging_repository.clear_staged(session, batch.id)
    unresolved = [_unresolved(problem) for problem in column_problems]
    rows = imports_repository.iter_raw_cells_text(session, batch.evidence_import_id or batch.id)
    with _rare_collections():
        for staged, problems in _staged_chunks(rows, plans, defaults, row_count=batch.rows_parsed):
            staging_repository.insert_staged(session, batch.id, staged)
            unresolved.extend(
                _unresolved(problem)
                for problem in problems
                if problem.column not in ambiguous_columns
            )
    imports_repository.replace_unresolved(
        session, batch.id, unresolved, stage_reasons=VALUE_REASONS
    )
    batch.timings = {**batch.timings, "normalize": round(time.perf_counter() - started, 4)}
    return len(unresolved)


def _unresolved(problem: Problem) -> UnresolvedRow:
    return {
        "column": problem.column,
        "row": problem.row,
        "raw_value": problem.raw_value,
        "reason": problem.reason,
        "message": problem.message,
        "suggestions": [],
    }
