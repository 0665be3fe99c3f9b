"""Stage 4, normalize (NemoClaw-assisted): turn each batch's raw rows into staged records of
canonical values, decide every date column's day/month order from all its values, and record
each value that could not be normalized as an unresolved field with its raw value kept.

The core is `record_staging.py` and `normalizers/`; this module loads and stores. A large batch
is staged on every core (`staging_pool.py`) while this process reads the next chunks and writes
the staged records in row order.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import closing
from typing import NamedTuple

import orjson
from sqlalchemy.orm import Session

from backend.contracts.mapping import MappingManifest
from backend.db.models import ImportBatch
from backend.repositories import imports_repository, staging_repository
from backend.services.imports import staging_pool
from backend.services.imports.normalizers.dates import DateOrder, order_of_verdicts
from backend.services.imports.record_staging import (
    DATE_TRANSFORMS,
    NO_DATE_EVIDENCE,
    DateEvidence,
    Problem,
    StagingDefaults,
    chunk_date_evidence,
    date_evidence,
    date_values,
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


def _scanned_evidence(session: Session, batch: ImportBatch, position: int) -> DateEvidence:
    """The evidence of one date column's values read with SQL (up to `DISTINCT_DATES_SCANNED`
    distinct values)."""
    evidence = batch.evidence_import_id or batch.id
    values = imports_repository.distinct_cells(
        session, evidence, position, limit=DISTINCT_DATES_SCANNED
    )
    return date_evidence(date_values(values))


def _decided(evidence: DateEvidence, hint: DateOrder | None) -> DateOrder | None:
    """A date column's day/month order from all its values' evidence; a profile's year-first
    hint only holds for a column whose values all start with the year."""
    return order_of_verdicts(
        evidence.verdicts, hint if hint != "ymd" or evidence.year_first else None
    )


def date_order_of(
    session: Session, batch: ImportBatch, column: str, hint: DateOrder | None
) -> DateOrder | None:
    """The day/month order this stage decides for one date column of a batch (without the
    operator's answer, which `batch.counts["date_orders"]` holds)."""
    if column not in batch.header:
        return hint
    return _decided(_scanned_evidence(session, batch, batch.header.index(column)), hint)


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
    evidence: dict[str, DateEvidence], hint: DateOrder | None, chosen: dict[str, DateOrder]
) -> DateDecision:
    """The date orders decided from each date column's evidence (the operator's choice
    first)."""
    orders: dict[str, DateOrder | None] = {}
    problems = []
    for name, found in evidence.items():
        if name in chosen:
            orders[name] = chosen[name]
            continue
        order = orders[name] = _decided(found, hint)
        if order is None and found.first_values:
            problems.append(
                Problem(
                    None,
                    name,
                    ", ".join(found.first_values),
                    "ambiguous_value",
                    f"Column {name!r} has dates whose day/month order cannot be decided "
                    "(no value has a day above 12 and the profile gives no order); choose the "
                    "order for the whole column.",
                )
            )
    return DateDecision(orders, problems)


class _DatesDecidedOtherwise(Exception):
    """All of a batch's values decide its date orders otherwise than its first chunk did."""

    def __init__(self, decision: DateDecision) -> None:
        super().__init__("date orders changed")
        self.decision = decision


class _DateCheck:
    """The date orders a batch is staged with (decided from its first chunk), checked against
    the evidence of every chunk as it comes back from staging. While the evidence so far
    decides as the first chunk did, nothing more is read; when it decides otherwise, all the
    values are read once with SQL, and if they too decide otherwise the batch is staged again
    (`_DatesDecidedOtherwise`)."""

    def __init__(
        self,
        session: Session,
        batch: ImportBatch,
        columns: dict[str, int],
        hint: DateOrder | None,
        chosen: dict[str, DateOrder],
    ) -> None:
        self._session, self._batch, self._columns = session, batch, columns
        self._hint, self._chosen = hint, chosen
        self.gathered = dict.fromkeys(columns, NO_DATE_EVIDENCE)
        self._scanned: DateDecision | None = None

    def decide(self, evidence: dict[str, DateEvidence]) -> DateDecision:
        return _decide_dates(evidence, self._hint, self._chosen)

    def unchosen(self) -> dict[str, int]:
        """The date columns whose values are checked (the operator chose the others' orders),
        with their positions: what the staging gathers evidence of."""
        return {name: at for name, at in self._columns.items() if name not in self._chosen}

    def add(self, evidence: dict[str, DateEvidence], staged_with: DateDecision) -> None:
        for name, found in evidence.items():
            self.gathered[name] = self.gathered[name].merged(found)
        if self._scanned is not None or self.decide(self.gathered).agrees_with(staged_with):
            return
        scanned = {
            name: _scanned_evidence(self._session, self._batch, at)
            for name, at in self.unchosen().items()
        }
        self._scanned = self.decide({**self.gathered, **scanned})
        if not self._scanned.agrees_with(staged_with):
            raise _DatesDecidedOtherwise(self._scanned)

    def decision(self) -> DateDecision:
        """The orders all the values decide."""
        return self._scanned if self._scanned is not None else self.decide(self.gathered)


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

    The date orders are decided from all of a column's values. The batch is staged with the
    orders its first chunk's values decide, and each chunk's date values come back with it
    (gathered where it was staged, on the workers for a large batch) and are checked against
    them (`_DateCheck`). When all the values decide otherwise (rarely: the first chunk had no
    day above 12), what was staged is dropped and the batch staged again."""
    started = time.perf_counter()
    evidence = batch.evidence_import_id or batch.id
    columns = _date_columns(batch, manifest)
    chosen: dict[str, DateOrder] = (batch.counts or {}).get("date_orders", {})
    defaults = defaults_for(profile, policy_region)
    check = _DateCheck(session, batch, columns, profile.date_order, chosen)
    with StagingPool(batch.rows_parsed) as pool, rare_collections():
        try:
            with closing(
                imports_repository.raw_cell_chunks(session, evidence, staging_pool.CHUNK_ROWS)
            ) as chunks:
                first = next(chunks, [])
                guess = check.decide(_first_chunk_dates(first, columns))
                every = itertools.chain([first] if first else [], chunks)
                recorded = _stage_all(session, batch, pool, every, guess, defaults, manifest, check)
            decision = check.decision()
        except _DatesDecidedOtherwise as otherwise:
            decision = otherwise.decision
            with closing(
                imports_repository.raw_cell_chunks(session, evidence, staging_pool.CHUNK_ROWS)
            ) as again:
                recorded = _stage_all(session, batch, pool, again, decision, defaults, manifest)
        # the undecided columns: one unresolved field each, for the whole column
        imports_repository.add_stored_unresolved(
            session, batch.id, [stored_unresolved(problem) for problem in decision.problems]
        )
    batch.timings = {**batch.timings, "normalize": round(time.perf_counter() - started, 4)}
    return recorded + len(decision.problems)


def _first_chunk_dates(chunk: RawChunk, columns: dict[str, int]) -> dict[str, DateEvidence]:
    """The evidence of each date column's values in one chunk of raw rows."""
    rows = [(number, orjson.loads(cells)) for number, cells in chunk] if columns else []
    return chunk_date_evidence(rows, columns)


def _stage_all(
    session: Session,
    batch: ImportBatch,
    pool: StagingPool,
    chunks: Iterator[RawChunk],
    dates: DateDecision,
    defaults: StagingDefaults,
    manifest: MappingManifest,
    check: _DateCheck | None = None,
) -> int:
    """Stage a batch's chunks with these date orders, replacing what an earlier run staged, and
    `check` them against each chunk's date values; returns the number of unresolved values
    recorded for its cells."""
    staging_repository.clear_staged(session, batch.id)
    imports_repository.clear_unresolved(session, batch.id, VALUE_REASONS)
    plans = plan_columns(manifest, batch.header, defaults, dates.orders)
    undecided = {problem.column for problem in dates.problems}
    gathered = check.unchosen() if check is not None else {}
    recorded = 0
    # each chunk's records and unresolved values are written while the workers stage the next
    for packed, unresolved, evidence in pool.stage(chunks, plans, defaults, gathered):
        if check is not None:
            check.add(evidence, dates)
        if packed is not None:
            staging_repository.insert_staged(session, batch.id, packed)
        if undecided:  # those columns' values are one unresolved field each, written after
            unresolved = [row for row in unresolved if row[0] not in undecided]
        imports_repository.add_stored_unresolved(session, batch.id, unresolved)
        recorded += len(unresolved)
    return recorded
