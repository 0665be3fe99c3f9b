"""SQL for staged (normalized) records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.db.models import StagedRecord
from backend.repositories.bulk import write_rows


def clear_staged(session: Session, import_id: str) -> None:
    """Forget a batch's staged records (before it is staged again)."""
    session.execute(delete(StagedRecord).where(StagedRecord.import_id == import_id))


def insert_staged(session: Session, import_id: str, records: Sequence[tuple[int, str]]) -> None:
    """Write a chunk of staged records, each given as (row number, JSON text of its entities):
    the text is made where the records are (in the normalize workers) and written as is."""
    write_rows(
        session,
        "staged_records",
        ("import_id", "row_number", "entities"),
        [(import_id, number, entities) for number, entities in records],
    )


def iter_staged(
    session: Session, import_id: str, *, chunk: int = 5000
) -> Iterator[tuple[int, dict[str, Any]]]:
    """A batch's staged records in row order, streamed."""
    statement = (
        select(StagedRecord.row_number, StagedRecord.entities)
        .where(StagedRecord.import_id == import_id)
        .order_by(StagedRecord.row_number)
        .execution_options(yield_per=chunk)
    )
    for row in session.execute(statement):
        yield row.row_number, row.entities
