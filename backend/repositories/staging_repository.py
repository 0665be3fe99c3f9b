"""SQL for staged (normalized) records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Table, delete, select, text
from sqlalchemy.orm import Session

from backend.db.models import StagedRecord

STAGED_TABLE: Table = StagedRecord.__table__  # type: ignore[assignment]


def clear_staged(session: Session, import_id: str) -> None:
    """Forget a batch's staged records (before it is staged again)."""
    session.execute(delete(StagedRecord).where(StagedRecord.import_id == import_id))


def insert_staged(session: Session, import_id: str, records: Sequence[tuple[int, str]]) -> None:
    """Write a chunk of staged records, each given as (row number, JSON text of its entities):
    the text is made where the records are (in the normalize workers), and written as is (COPY
    on PostgreSQL)."""
    if not records:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy("COPY staged_records (import_id, row_number, entities) FROM STDIN") as copy,
        ):
            for number, entities in records:
                copy.write_row((import_id, number, entities))
        return
    session.execute(
        text(
            "INSERT INTO staged_records (import_id, row_number, entities) "
            "VALUES (:import_id, :row_number, :entities)"
        ),
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
