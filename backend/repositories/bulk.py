"""Bulk writes of rows whose JSON columns are already encoded: COPY on PostgreSQL, the driver's
executemany INSERT on SQLite. For the large per-row artifacts of an import (raw and staged
rows), where building ORM objects or re-encoding JSON would cost more than the write."""

from __future__ import annotations

import uuid
from collections.abc import Generator, Sequence
from typing import Any

from sqlalchemy.orm import Session


def write_rows(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values in `columns` order, JSON as text) into `table`."""
    if not rows:
        return
    connection = session.connection()
    names = ", ".join(f'"{column}"' for column in columns)  # quoted: `column`, `row` are keywords
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    # The driver's own executemany on the session's connection: SQLAlchemy's parameter
    # handling costs more per row than SQLite's insert itself.
    placeholders = ", ".join("?" for _ in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def stream_chunks(
    session: Session,
    table: str,
    columns: Sequence[str],
    *,
    import_id: str,
    order_by: str,
    chunk: int,
) -> Generator[list[tuple[Any, ...]], None, None]:
    """The rows of one import in `table` (the SQL expressions `columns`, in `order_by` order),
    `chunk` rows at a time, read through the driver's cursor (server-side on PostgreSQL): a
    large batch's raw rows, where SQLAlchemy's per-row result handling would cost more than the
    read."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None
    postgres = connection.dialect.name == "postgresql"
    statement = (
        f"SELECT {', '.join(columns)} FROM {table} "
        f"WHERE import_id = {'%s' if postgres else '?'} ORDER BY {order_by}"
    )
    cursor = driver.cursor(name=f"stream_{uuid.uuid4().hex}") if postgres else driver.cursor()
    try:
        cursor.execute(statement, (import_id,))
        while rows := cursor.fetchmany(chunk):
            yield rows
    finally:
        cursor.close()
