"""The formula guard on written cells: the same predicate as the ingest side's flags, so numbers
that start with `+` or `-` are written as they are and anything a spreadsheet could run is not."""

from __future__ import annotations

import io

import pytest

from backend.services.imports.cell_safety import neutralise_cell, write_safe_csv


@pytest.mark.parametrize(
    "cell", ["+49301234567", "+1 512 555 0101", "-1200.00", "-", "+", "", "Ann", "a=b"]
)
def test_cells_that_cannot_run_are_written_as_they_are(cell: str) -> None:
    assert neutralise_cell(cell) == cell


@pytest.mark.parametrize(
    "cell", ["=1+1", "@SUM(A1)", "\tx", "\rx", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"]
)
def test_cells_a_spreadsheet_could_run_get_a_quote(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell


def test_a_csv_keeps_phones_and_neutralises_formulas() -> None:
    out = io.StringIO()
    write_safe_csv(out, ["phone", "note"], [["+49301234567", "=HYPERLINK(1)"]])
    assert out.getvalue() == "phone,note\r\n+49301234567,'=HYPERLINK(1)\r\n"
