"""The vendor export fixtures (`tests/fixtures/exports/`, described in its README) and the forms
the tests read them in."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from tests.factories.files import write_xlsx

EXPORTS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def vendor_export(name: str) -> Path:
    """The path of one fixture export, e.g. `vendor_export("attio_people.csv")`."""
    path = EXPORTS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def monday_workbook(board_csv: Path, target: Path, *, sheet: str = "Board") -> Path:
    """A monday.com board CSV fixture as monday.com writes the board: an XLSX sheet with the same
    cells, the item ids as numbers and the dates as dates."""
    with board_csv.open(encoding="utf-8", newline="") as handle:
        rows: list[list[object]] = [list(row) for row in csv.reader(handle)]
    header = next(index for index, row in enumerate(rows) if "Item ID" in row)
    id_index = rows[header].index("Item ID")
    for row in rows[header + 1 :]:
        row[id_index] = int(str(row[id_index]))
        for index, cell in enumerate(row):
            if isinstance(cell, str) and _ISO_DATE.match(cell):
                row[index] = date.fromisoformat(cell)
    return write_xlsx(target, {sheet: rows})
