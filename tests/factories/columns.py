"""Factories for the column statistics the mapping stage receives: computed by ingest's own column
profiler and header naming over a small table, so blank and duplicate headers, kinds and samples
are what a real import would give."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import cycle, islice

from backend.contracts.imports import ColumnStats
from backend.services.imports.column_profile import ColumnProfiler
from backend.services.imports.table_shape import ColumnNames

EMAILS = ("anna.schmidt@example.de", "jose.garcia@acme.es", "li.chen@example.com")
PHONES = ("+49 30 1234567", "(415) 555-0123", "+34 91 123 45 67")
DATES = ("2024-03-01", "2023-11-17", "2024-01-09")
WORDS = ("Blue", "Green", "Red")


def column_table(
    headers_and_values: Sequence[tuple[str, Sequence[str]]], *, rows: int = 12
) -> list[ColumnStats]:
    """The column statistics of a table with these headers; each column's values repeat to fill
    `rows` rows, and a column given no values is empty."""
    names = ColumnNames()
    columns: list[list[str]] = []
    for header, values in headers_and_values:
        names.add(header)
        columns.append(list(islice(cycle(values), rows)) if values else [""] * rows)
    profiler = ColumnProfiler()
    for row in zip(*columns, strict=True):
        profiler.add_row(list(row))
    return profiler.result(names.names, names.originals)


def headers_table(headers: Sequence[str], *, rows: int = 12) -> list[ColumnStats]:
    """A table whose columns all hold plain words: only the headers say anything."""
    return column_table([(header, WORDS) for header in headers], rows=rows)
