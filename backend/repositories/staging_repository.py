"""SQL for staged (normalized) records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from backend.db.models import StagedRecord

STAGED_TABLE: Table = StagedRecord.__table__  # type: ignore[assignment]


def clear_staged(session: Session, import_id: str) -> None:
    """Forget a batch's staged records (before it is staged again)."""
    session.execute(delete(StagedRecord).where(StagedRecord.import_id == import_id))


def insert_staged(
    session: Session, import_id: str, records: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """Write a chunk of staged records."""
    if records:
        session.execute(
            insert(STAGED_TABLE),
            [
                {"import_id": import_id, "row_number": number, "entities": entities}
                for number, entities in records
            ],
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
