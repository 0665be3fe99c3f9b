"""Stage 4, normalize (NemoClaw-assisted): turn each batch's raw rows into staged records of
canonical values, decide every date column's day/month order from all its values, and record
each value that could not be normalized as an unresolved field with its raw value kept.

The core is `record_staging.py` and `normalizers/`; this module loads and stores. A large batch
is staged on every core (`staging_pool.py`) while this process reads the next chunks and writes
the staged records in row order.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from typing import NamedTuple

import orjson
from sqlalchemy.orm import Session

from backend.contracts.mapping import MappingManifest
from backend.db.models import ImportBatch
from backend.repositories import imports_repository, staging_repository
from backend.services.imports import staging_pool
from backend.services.imports.normalizers.dates import DateOrder, decide_date_order
from backend.services.imports.record_staging import (
    DATE_TRANSFORMS,
    NO_VALUE_CELLS,
    Problem,
    StagingDefaults,
    plan_columns,
)
from backend.services.imports.source_profiles import SourceProfile
from backend.services.imports.staging_pool import (
    RawChunk,
    StagingPool,
    rare_collections,
    stored_unresolved,
)

VALUE_REASONS = {"invalid_value", "ambiguous_value", "missing_required"}
"""The unresolved reasons this stage records (and replaces when it runs again)."""
DISTINCT_DATES_SCANNED = 200_000


def _date_values(cells: Iterable[str]) -> set[str]:
    """The distinct values among a date column's cells, without blank cells and cells that say
    they hold nothing (staged as blank)."""
    return {cell.strip() for cell in cells} - {""} - NO_VALUE_CELLS


def _distinct_dates(session: Session, batch: ImportBatch, position: int) -> set[str]:
    """The distinct values of one column of a batch's raw rows (`_date_values`)."""
    evidence = batch.evidence_import_id or batch.id
    values = imports_repository.distinct_cells(
        session, evidence, position, limit=DISTINCT_DATES_SCANNED
    )
    return _date_values(values)


def _decided(values: set[str], hint: DateOrder | None) -> DateOrder | None:
    """A date column's day/month order from all its values; a profile's year-first hint only
    holds for a column whose values all start with the year."""
    year_first = all(value[:4].isdigit() for value in values)
    return decide_date_order(values, hint if hint != "ymd" or year_first else None)


def date_order_of(
    session: Session, batch: ImportBatch, column: str, hint: DateOrder | None
) -> DateOrder | None:
    """The day/month order this stage decides for one date column of a batch (without the
    operator's answer, which `batch.counts["date_orders"]` holds)."""
    if column not in batch.header:
        return hint
    return _decided(_distinct_dates(session, batch, batch.header.index(column)), hint)


class DateDecision(NamedTuple):
    """Each date column's day/month order, and the columns whose order cannot be decided."""

    orders: dict[str, DateOrder | None]
    problems: list[Problem]
    """One `ambiguous_value` per undecided column (the operator chooses its order)."""

    def agrees_with(self, other: DateDecision) -> bool:
        """Whether both stage the same values: the same orders, the same undecided columns."""
        return self.orders == other.orders and {p.column for p in self.problems} == {
            p.column for p in other.problems
        }


def _date_columns(batch: ImportBatch, manifest: MappingManifest) -> dict[str, int]:
    """The mapped date columns, by name, with their positions in the header."""
    mapped = {e.column for e in manifest.entries if e.transform in DATE_TRANSFORMS}
    return {name: at for at, name in enumerate(batch.header) if name in mapped}


def _decide_dates(
    distinct: dict[str, set[str]], hint: DateOrder | None, chosen: dict[str, DateOrder]
) -> DateDecision:
    """The date orders decided from each date column's distinct values (the operator's choice
    first)."""
    orders: dict[str, DateOrder | None] = {}
    problems = []
    for name, values in distinct.items():
        if name in chosen:
            orders[name] = chosen[name]
            continue
        order = orders[name] = _decided(values, hint)
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
    return DateDecision(orders, problems)


def _first_chunk_dates(chunk: RawChunk, columns: dict[str, int]) -> dict[str, set[str]]:
    """The distinct values of each date column in one chunk of raw rows."""
    rows = [orjson.loads(cells) for _, cells in chunk] if columns else []
    return {
        name: _date_values(cells[at] for cells in rows if at < len(cells))
        for name, at in columns.items()
    }


class _DatesDecidedOtherwise(Exception):
    """All of a batch's values decide its date orders otherwise than its first chunk did."""

    def __init__(self, decision: DateDecision) -> None:
        super().__init__("date orders changed")
        self.decision = decision


def defaults_for(profile: SourceProfile, policy_region: str | None) -> StagingDefaults:
    """What the profile (and the policy's default region) imply for values that do not say."""
    return StagingDefaults(
        date_order=profile.date_order,
        region=profile.default_region or policy_region,
        currency=profile.default_currency,
        vocabularies={target: dict(v) for target, v in profile.vocabularies.items()},
        default_values=dict(profile.default_values),
    )


def normalize_batch(
    session: Session,
    batch: ImportBatch,
    manifest: MappingManifest,
    profile: SourceProfile,
    *,
    policy_region: str | None,
) -> int:
    """Stage every row of a batch; returns the number of unresolved values recorded.

    The date orders are decided from all of a column's values, read with SQL; that scan runs
    while the first chunks are staged (on the workers, for a large batch) with the orders the
    first chunk's values decide. When all the values decide otherwise (rarely: the first chunk
    had no day above 12), what was staged is dropped and the batch staged again."""
    started = time.perf_counter()
    evidence = batch.evidence_import_id or batch.id
    columns = _date_columns(batch, manifest)
    chosen: dict[str, DateOrder] = (batch.counts or {}).get("date_orders", {})
    defaults = defaults_for(profile, policy_region)
    decided: list[DateDecision] = []
    with StagingPool(batch.rows_parsed) as pool, rare_collections():
        try:
            with closing(
                imports_repository.raw_cell_chunks(session, evidence, staging_pool.CHUNK_ROWS)
            ) as chunks:
                first = next(chunks, [])
                seen = _first_chunk_dates(first, columns)
                guess = _decide_dates(seen, profile.date_order, chosen)

                def confirmed() -> Iterator[RawChunk]:
                    """The chunks; once the first two are being staged (one per worker), the
                    orders are checked on all values."""
                    yield from (chunk for chunk in (first, next(chunks, [])) if chunk)
                    every = {
                        name: set() if name in chosen else _distinct_dates(session, batch, at)
                        for name, at in columns.items()
                    }
                    decided.append(_decide_dates(every, profile.date_order, chosen))
                    if not decided[0].agrees_with(guess):
                        raise _DatesDecidedOtherwise(decided[0])
                    yield from chunks

                recorded = _stage_all(session, batch, pool, confirmed(), guess, defaults, manifest)
        except _DatesDecidedOtherwise as otherwise:
            with closing(
                imports_repository.raw_cell_chunks(session, evidence, staging_pool.CHUNK_ROWS)
            ) as again:
                recorded = _stage_all(
                    session, batch, pool, again, otherwise.decision, defaults, manifest
                )
        # the undecided columns: one unresolved field each, for the whole column
        problems = decided[0].problems
        imports_repository.add_stored_unresolved(
            session, batch.id, [stored_unresolved(problem) for problem in problems]
        )
    batch.timings = {**batch.timings, "normalize": round(time.perf_counter() - started, 4)}
    return recorded + len(problems)


def _stage_all(
    session: Session,
    batch: ImportBatch,
    pool: StagingPool,
    chunks: Iterator[RawChunk],
    dates: DateDecision,
    defaults: StagingDefaults,
    manifest: MappingManifest,
) -> int:
    """Stage a batch's chunks with these date orders, replacing what an earlier run staged;
    returns the number of unresolved values recorded for its cells."""
    staging_repository.clear_staged(session, batch.id)
    imports_repository.clear_unresolved(session, batch.id, VALUE_REASONS)
    plans = plan_columns(manifest, batch.header, defaults, dates.orders)
    undecided = {problem.column for problem in dates.problems}
    recorded = 0
    # each chunk's records and unresolved values are written while the workers stage the next
    for packed, unresolved in pool.stage(chunks, plans, defaults):
        if packed is not None:
            staging_repository.insert_staged(session, batch.id, packed)
        if undecided:  # those columns' values are one unresolved field each, written after
            unresolved = [row for row in unresolved if row[0] not in undecided]
        imports_repository.add_stored_unresolved(session, batch.id, unresolved)
        recorded += len(unresolved)
    return recorded
