"""SQL for staged (normalized) records, stored packed a chunk of rows at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.db.json_codec import PackedRows, unpack_rows
from backend.db.models import StagedChunk
from backend.repositories.bulk import write_rows


def clear_staged(session: Session, import_id: str) -> None:
    """Forget a batch's staged records (before it is staged again)."""
    session.execute(delete(StagedChunk).where(StagedChunk.import_id == import_id))


def insert_staged(session: Session, import_id: str, chunk: PackedRows) -> None:
    """Write one chunk of staged records, packed where they were made (in the normalize
    workers): `[[row number, entities], ...]`."""
    write_rows(
        session,
        "staged_chunks",
        ("import_id", "first_row", "row_count", "records"),
        [(import_id, *chunk)],
    )


def iter_staged(session: Session, import_id: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """A batch's staged records in row order, streamed a chunk at a time."""
    statement = (
        select(StagedChunk.records)
        .where(StagedChunk.import_id == import_id)
        .order_by(StagedChunk.first_row)
        .execution_options(yield_per=1)
    )
    for packed in session.scalars(statement):
        yield from unpack_rows(packed)


def staged_row(session: Session, import_id: str, row: int) -> dict[str, Any] | None:
    """One row's staged entities (None when the row was not staged)."""
    statement = (
        select(StagedChunk.records)
        .where(StagedChunk.import_id == import_id, StagedChunk.first_row <= row)
        .order_by(StagedChunk.first_row.desc())
        .limit(1)
    )
    packed = session.scalar(statement)
    if packed is None:
        return None
    return next((entities for number, entities in unpack_rows(packed) if number == row), None)
