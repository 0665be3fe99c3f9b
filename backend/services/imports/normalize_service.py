"""Stage 4, normalize (NemoClaw-assisted): turn each batch's raw rows into staged records of
canonical values, decide every date column's day/month order from all its values, and record
each value that could not be normalized as an unresolved field with its raw value kept.

The core is `record_staging.py` and `normalizers/`; this module loads and stores. A large batch
is staged on every core (`staging_pool.py`) while this process reads the next chunks and writes
the staged records in row order.
"""

from __future__ import annotations

import time

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
    StagingPool,
    rare_collections,
    stored_unresolved,
)

VALUE_REASONS = {"invalid_value", "ambiguous_value", "missing_required"}
"""The unresolved reasons this stage records (and replaces when it runs again)."""
DISTINCT_DATES_SCANNED = 200_000


def _distinct_dates(session: Session, batch: ImportBatch, position: int) -> set[str]:
    """The distinct values of one column of a batch's raw rows, without blank cells and cells
    that say they hold nothing (staged as blank)."""
    evidence = batch.evidence_import_id or batch.id
    values = imports_repository.distinct_cells(
        session, evidence, position, limit=DISTINCT_DATES_SCANNED
    )
    return {value.strip() for value in values} - {""} - NO_VALUE_CELLS


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


def _date_orders(
    session: Session, batch: ImportBatch, manifest: MappingManifest, hint: DateOrder | None
) -> tuple[dict[str, DateOrder | None], list[Problem]]:
    """Each date column's day/month order, decided from all of its distinct values."""
    columns = {e.column for e in manifest.entries if e.transform in DATE_TRANSFORMS}
    orders: dict[str, DateOrder | None] = {}
    problems = []
    for position, name in enumerate(batch.header):
        if name not in columns:
            continue
        values = _distinct_dates(session, batch, position)
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
    with StagingPool(batch.rows_parsed) as pool, rare_collections():
        # the workers start while the date orders are decided
        defaults = defaults_for(profile, policy_region)
        orders, column_problems = _date_orders(session, batch, manifest, profile.date_order)
        chosen: dict[str, DateOrder] = (batch.counts or {}).get("date_orders", {})
        orders.update(chosen)
        column_problems = [p for p in column_problems if p.column not in chosen]
        ambiguous_columns = {problem.column for problem in column_problems}
        plans = plan_columns(manifest, batch.header, defaults, orders)
        staging_repository.clear_staged(session, batch.id)
        imports_repository.clear_unresolved(session, batch.id, VALUE_REASONS)
        imports_repository.add_stored_unresolved(
            session, batch.id, [stored_unresolved(problem) for problem in column_problems]
        )
        recorded = len(column_problems)
        chunks = imports_repository.raw_cell_chunks(
            session, batch.evidence_import_id or batch.id, staging_pool.CHUNK_ROWS
        )
        # each chunk's records and unresolved values are written while the workers stage the next
        for packed, unresolved in pool.stage(chunks, plans, defaults):
            if packed is not None:
                staging_repository.insert_staged(session, batch.id, packed)
            if ambiguous_columns:  # those columns' values are one unresolved field, above
                unresolved = [row for row in unresolved if row[0] not in ambiguous_columns]
            imports_repository.add_stored_unresolved(session, batch.id, unresolved)
            recorded += len(unresolved)
    batch.timings = {**batch.timings, "normalize": round(time.perf_counter() - started, 4)}
    return recorded
