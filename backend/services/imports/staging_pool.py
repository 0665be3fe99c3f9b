"""Staging on every core: chunks of raw rows go to worker processes (each with its own value
cache) and come back as encoded staged records, in row order.

The workers are loky's reusable executor (joblib's process pool): fresh interpreters that import
only what a chunk needs - this module and the staging core - and never the caller's `__main__`
(the CLI, the API server), which the standard library's spawn and forkserver workers re-import
each. They are asked for before the column plan is known (the date orders are still being
decided while they start), stay for `WORKERS_IDLE_SECONDS` after a batch, so that the next large
batch finds them running, and keep a value cache for as long as the chunks come from one run.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections import OrderedDict, deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import TYPE_CHECKING

import orjson
from loky import get_reusable_executor

from backend.db.json_codec import PackedRows, json_text, pack_rows
from backend.services.imports.record_staging import (
    ColumnPlan,
    DateEvidence,
    Problem,
    StagingDefaults,
    ValueCache,
    chunk_date_evidence,
    stage_rows,
)

if TYPE_CHECKING:  # the workers never import the database layer
    from backend.repositories.imports_repository import StoredUnresolved

CHUNK_ROWS = 5_000
"""Small enough that the workers finish together and the caller writes while they stage."""
PARALLEL_FROM_ROWS = 60_000
"""Below this many rows a batch is staged in the caller's process: starting workers costs more."""
STAGING_GC_THRESHOLD = 200_000
WORKERS_IDLE_SECONDS = 300
"""How long idle workers wait for the next large batch before they exit."""

RawChunk = list[tuple[int, str]]
"""Raw rows as stored: (row number, JSON text of the cells)."""

EncodedChunk = tuple[PackedRows | None, list["StoredUnresolved"], dict[str, DateEvidence]]
"""A chunk's staged records packed (None when no row of it is staged), its problems as
unresolved fields ready to store, and what its date columns' values say of their orders."""

DateColumns = dict[str, int]
"""The date columns whose evidence a run gathers, by name, with their positions."""


@contextmanager
def rare_collections() -> Iterator[None]:
    """Collect garbage rarely while staging. Staging allocates millions of short-lived dicts
    and builds no cycles: collecting every 700 allocations (the default) spends a third to a
    half of the time walking the records of the chunk in hand."""
    previous = gc.get_threshold()
    gc.set_threshold(STAGING_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _staged(
    chunk: RawChunk,
    plans: list[ColumnPlan],
    defaults: StagingDefaults,
    cache: ValueCache,
    dates: DateColumns,
) -> EncodedChunk:
    """One chunk of raw rows decoded, staged and packed, with its date columns' evidence."""
    rows = [(number, orjson.loads(cells)) for number, cells in chunk]
    staged, problems = stage_rows(rows, plans, defaults, cache)
    unresolved = [stored_unresolved(problem) for problem in problems]
    return (pack_rows(staged) if staged else None), unresolved, chunk_date_evidence(rows, dates)


def stored_unresolved(problem: Problem) -> StoredUnresolved:
    """A problem as the unresolved field stored for it."""
    suggestions = json_text([problem.suggestion]) if problem.suggestion else "[]"
    return (
        problem.column,
        problem.row,
        problem.raw_value,
        problem.reason,
        problem.message,
        suggestions,
    )


RUNS_CACHED = 4
"""Value caches a worker keeps, one per run: the API server may stage several large imports at
once on the same workers, and their chunks come in turns."""
_worker_caches: OrderedDict[str, ValueCache] = OrderedDict()
"""A worker's value caches by run, the most recently used last."""


def _start_worker() -> None:
    gc.set_threshold(STAGING_GC_THRESHOLD)


def _warm_up() -> None:
    """Nothing: submitted once per worker so that it starts and imports this module now."""


def _stage_in_worker(
    run: str,
    plans: list[ColumnPlan],
    defaults: StagingDefaults,
    dates: DateColumns,
    chunk: RawChunk,
) -> EncodedChunk:
    """One chunk staged with the run's value cache. What the chunk leaves alive (mostly what
    it added to the value caches) is then moved out of the collector's sight (`gc.freeze`):
    the caches only grow, hold no cycles and are freed by reference counting when dropped, and
    each collection would otherwise walk them all again, the more so as a worker keeps the
    caches of earlier runs."""
    cache = _worker_caches.get(run)
    if cache is None:
        cache = _worker_caches[run] = ValueCache()
        if len(_worker_caches) > RUNS_CACHED:
            _worker_caches.popitem(last=False)
    else:
        _worker_caches.move_to_end(run)
    encoded = _staged(chunk, plans, defaults, cache, dates)
    gc.freeze()
    return encoded


class StagingPool:
    """Stages a batch's chunks on every core when the batch is large, else in this process.
    Use as a context manager; `stage` may run once the plan is known. One run at a time: a new
    `stage` drops what the previous one left waiting (each batch opens its own pool; pools
    share the reusable workers)."""

    def __init__(self, row_count: int) -> None:
        self._workers = os.cpu_count() or 1
        self._pool: Executor | None = None
        self._pending: deque[Future[EncodedChunk]] = deque()
        if self._workers >= 2 and row_count >= PARALLEL_FROM_ROWS:
            # loky starts each worker as a new interpreter (fork then exec): never a fork of a
            # server with open database connections and threads.
            self._pool = get_reusable_executor(
                self._workers, timeout=WORKERS_IDLE_SECONDS, initializer=_start_worker
            )
            # Submitting spawns the workers (a few milliseconds); they import the staging core
            # for the warm-up while the caller decides the date orders.
            for _ in range(self._workers):
                self._pool.submit(_warm_up)

    def __enter__(self) -> StagingPool:
        return self

    def __exit__(self, *_: object) -> None:
        self._drop_pending()

    def _drop_pending(self) -> None:
        """Cancel the chunks left waiting by a run its caller stopped early (an error, or staging
        started again with another plan); those already in a worker are left to finish."""
        while self._pending:
            self._pending.popleft().cancel()

    def stage(
        self,
        chunks: Iterator[RawChunk],
        plans: list[ColumnPlan],
        defaults: StagingDefaults,
        dates: DateColumns,
    ) -> Iterator[EncodedChunk]:
        """Each chunk of raw rows (of `CHUNK_ROWS` rows) staged and packed, in row order (the
        workers send back packed JSON, cheaper to pass and to store than the records), with
        the evidence of the `dates` columns. A new run drops what an earlier run of this pool
        left waiting."""
        if self._pool is None:
            cache = ValueCache()
            for chunk in chunks:
                yield _staged(chunk, plans, defaults, cache, dates)
            return
        self._drop_pending()
        run = uuid.uuid4().hex  # a new value cache in each worker
        pending = self._pending
        for chunk in chunks:
            pending.append(self._pool.submit(_stage_in_worker, run, plans, defaults, dates, chunk))
            if len(pending) > 2 * self._workers:  # bounded: two chunks waiting per worker
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
