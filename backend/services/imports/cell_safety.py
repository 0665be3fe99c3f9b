"""Writing cells out safely: every CSV or XLSX the product writes neutralises cells a spreadsheet
would execute as a formula (OWASP "CSV Injection": a cell starting with `=`, `@`, tab or CR, or
with `+` or `-` and a letter, gets a leading single quote), while stored raw evidence keeps them
exactly as uploaded. Which cells count is decided by the one predicate the ingest side flags them
with (`table_shape.is_formula_like`), so an E.164 phone (`+49301234567`) or a negative amount
(`-12.50`), which can at most compute a number, is written as it is."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO

from backend.services.imports.table_shape import is_formula_like


def neutralise_cell(value: str) -> str:
    """The cell as it is safe to open in a spreadsheet."""
    if is_formula_like(value):
        return "'" + value
    return value


def write_safe_csv(
    out: IO[str], header: Sequence[str], rows: Iterable[Sequence[str]], *, delimiter: str = ","
) -> int:
    """Write a CSV with every cell neutralised; returns the number of data rows written."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
        count += 1
    return count
