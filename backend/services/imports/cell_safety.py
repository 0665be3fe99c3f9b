"""Writing cells out safely: every CSV or XLSX the product writes neutralises cells a spreadsheet
would execute as a formula (OWASP "CSV Injection": prefix `=`, `+`, `-`, `@`, tab and CR with a
single quote), while stored raw evidence keeps them exactly as uploaded."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO

from backend.services.imports.table_shape import FORMULA_PREFIXES


def neutralise_cell(value: str) -> str:
    """The cell as it is safe to open in a spreadsheet."""
    if value and value.startswith(FORMULA_PREFIXES):
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
