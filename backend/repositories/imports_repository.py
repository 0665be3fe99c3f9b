"""SQL for raw evidence and import batches."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import TypedDict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.db.json_codec import json_text
from backend.db.models import ImportBatch, RawFile, RawRow, UnresolvedValue
from backend.errors import NotFound
from backend.repositories.bulk import stream_chunks, write_rows

PARSED_STATUSES = (
    "parsed",
    "mapped",
    "proposed",
    "in_review",
    "applied",
    "partially_applied",
    "reverted",
)


def get_raw_file(session: Session, sha256: str) -> RawFile | None:
    """The stored file with this digest, if any."""
    return session.get(RawFile, sha256)


def add_raw_file(session: Session, raw_file: RawFile) -> None:
    """Record newly stored bytes."""
    session.add(raw_file)
    session.flush()


def add_batch(session: Session, batch: ImportBatch) -> None:
    """Record a new import batch."""
    session.add(batch)
    session.flush()


def get_batch(session: Session, import_id: str, *, for_update: bool = False) -> ImportBatch:
    """The batch with this id, or NotFound."""
    statement = select(ImportBatch).where(ImportBatch.id == import_id)
    if for_update:
        statement = statement.with_for_update()
    batch = session.scalars(statement).one_or_none()
    if batch is None:
        raise NotFound(f"There is no import {import_id!r}.", import_id=import_id)
    return batch


def list_batches(
    session: Session, *, limit: int = 50, offset: int = 0, status: str | None = None
) -> Sequence[ImportBatch]:
    """Batches, newest first."""
    statement = select(ImportBatch).order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
    if status:
        statement = statement.where(ImportBatch.status == status)
    return session.scalars(statement.limit(limit).offset(offset)).all()


def find_earlier_parse(session: Session, sha256: str, sheet: str | None) -> ImportBatch | None:
    """The first batch that parsed these bytes (and sheet) successfully."""
    statement = (
        select(ImportBatch)
        .where(
            ImportBatch.file_sha256 == sha256,
            ImportBatch.status.in_(PARSED_STATUSES),
            ImportBatch.evidence_import_id == ImportBatch.id,
        )
        .order_by(ImportBatch.created_at)
        .limit(1)
    )
    if sheet is not None:
        statement = statement.where(ImportBatch.sheet == sheet)
    return session.scalars(statement).first()


def insert_raw_rows(
    session: Session, import_id: str, rows: Sequence[tuple[int, list[str], list[str]]]
) -> None:
    """Write a chunk of raw rows in one statement (COPY on PostgreSQL)."""
    write_rows(
        session,
        "raw_rows",
        ("import_id", "row_number", "cells", "flags"),
        [
            (import_id, number, json_text(cells), json_text(flags) if flags else None)
            for number, cells, flags in rows
        ],
    )


def raw_cell_chunks(
    session: Session, import_id: str, chunk: int
) -> Generator[list[tuple[int, str]], None, None]:
    """The raw rows of a batch's evidence as (row number, JSON text of the cells), in order,
    `chunk` rows at a time: for the normalize stage, which decodes them where it stages them
    (in its workers)."""
    return stream_chunks(
        session,
        "raw_rows",
        ("row_number", "CAST(cells AS TEXT)"),
        import_id=import_id,
        order_by="row_number",
        chunk=chunk,
    )


def distinct_cells(session: Session, import_id: str, position: int, *, limit: int) -> list[str]:
    """Up to `limit` distinct non-empty values of one column of a batch's raw rows."""
    value = RawRow.cells[position].as_string()
    statement = (
        select(value)
        .where(RawRow.import_id == import_id, value.is_not(None), value != "")
        .distinct()
        .limit(limit)
    )
    return list(session.scalars(statement))


def count_raw_rows(session: Session, import_id: str) -> int:
    """How many raw rows are stored for a batch's evidence."""
    statement = select(func.count()).select_from(RawRow).where(RawRow.import_id == import_id)
    return int(session.scalar(statement) or 0)


class UnresolvedRow(TypedDict):
    """One unresolved field to store (a whole column when `row` is None)."""

    column: str
    row: int | None
    raw_value: str | None
    reason: str
    message: str
    suggestions: list[str]


def replace_unresolved(
    session: Session, import_id: str, items: Sequence[UnresolvedRow], *, stage_reasons: set[str]
) -> None:
    """Replace a batch's unresolved fields of the given reasons (a stage re-ran), in bulk: a
    messy export can have hundreds of thousands of them."""
    clear_unresolved(session, import_id, stage_reasons)
    add_unresolved(session, import_id, items)


def clear_unresolved(session: Session, import_id: str, reasons: set[str]) -> None:
    """Remove a batch's unresolved fields of the given reasons (before a stage runs again)."""
    session.execute(
        delete(UnresolvedValue).where(
            UnresolvedValue.import_id == import_id, UnresolvedValue.reason.in_(reasons)
        )
    )


def add_unresolved(session: Session, import_id: str, items: Sequence[UnresolvedRow]) -> None:
    """Add unresolved fields to a batch's, in bulk."""
    add_stored_unresolved(
        session,
        import_id,
        [
            (
                item["column"],
                item["row"],
                item["raw_value"],
                item["reason"],
                item["message"],
                json_text(item["suggestions"]),
            )
            for item in items
        ],
    )


StoredUnresolved = tuple[str, int | None, str | None, str, str, str]
"""An unresolved field as stored: column, row, raw value, reason, message and the suggestions
as JSON text (what the normalize stage's workers send, ready to write)."""


def add_stored_unresolved(
    session: Session, import_id: str, rows: Sequence[StoredUnresolved]
) -> None:
    """Add unresolved fields, already in their stored form, to a batch's in bulk."""
    write_rows(
        session,
        "unresolved_values",
        ("import_id", "column", "row", "raw_value", "reason", "message", "suggestions"),
        [(import_id, *row) for row in rows],
    )


def list_unresolved(
    session: Session, import_id: str, *, limit: int = 1000, offset: int = 0
) -> Sequence[UnresolvedValue]:
    """A batch's unresolved fields, whole columns first."""
    statement = (
        select(UnresolvedValue)
        .where(UnresolvedValue.import_id == import_id)
        .order_by(UnresolvedValue.row.is_not(None), UnresolvedValue.row, UnresolvedValue.id)
        .limit(limit)
        .offset(offset)
    )
    return session.scalars(statement).all()


def count_unresolved(session: Session, import_id: str) -> int:
    """How many unresolved fields a batch has."""
    statement = (
        select(func.count())
        .select_from(UnresolvedValue)
        .where(UnresolvedValue.import_id == import_id)
    )
    return int(session.scalar(statement) or 0)
