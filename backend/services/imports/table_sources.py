"""Readers that turn stored bytes into raw cell rows: CSV/TSV (any delimiter, quoting and line end)
and XLSX. They own decoding and dialect; what a row means (header, preamble, ragged rows) is the
concern of `table_shape.py`.

Dialect detection uses clevercsv's data-consistency detector on a sample, chosen because it is
the best-studied detector for messy CSV files (it beats `csv.Sniffer` on real-world data); the
stream itself is read by the standard `csv` module, which handles quoted delimiters, doubled
quotes, embedded newlines and CRLF, LF and lone-CR line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Protocol

import clevercsv

from backend.errors import UnreadableFile
from backend.services.imports.decoding import (
    SAMPLE_BYTES,
    describe_decode_error,
    detect_encoding,
)

DIALECT_SAMPLE_CHARS = 64 * 1024
DELIMITERS = [",", ";", "\t", "|"]
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

csv.field_size_limit(64 * 1024 * 1024)


class TableSource(Protocol):
    """Rows of cells from one stored file."""

    encoding: str | None
    delimiter: str | None
    sheet: str | None

    def rows(self) -> Iterator[list[str]]:
        """Every row of the table, header and preamble included, as text cells."""
        ...


@dataclass
class CsvSource:
    """A delimited text file."""

    path: Path
    encoding: str | None
    delimiter: str | None
    quotechar: str
    escapechar: str | None
    sheet: str | None = None

    def _text(self) -> IO[str]:
        return io.TextIOWrapper(
            self.path.open("rb"), encoding=self.encoding, errors="strict", newline=""
        )

    def rows(self) -> Iterator[list[str]]:
        """Every row of the file as read by the csv module."""
        with self._text() as text:
            reader = csv.reader(
                text,
                delimiter=self.delimiter or ",",
                quotechar=self.quotechar,
                escapechar=self.escapechar,
                doublequote=True,
                strict=False,
            )
            try:
                yield from reader
            except UnicodeDecodeError as error:
                raise UnreadableFile(describe_decode_error(error, self.encoding or "")) from error
            except csv.Error as error:
                raise UnreadableFile(
                    f"The file is not valid CSV near line {reader.line_num}: {error}"
                ) from error


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


@dataclass
class XlsxSource:
    """One worksheet of an XLSX workbook."""

    path: Path
    sheet: str | None
    encoding: str | None = None
    delimiter: str | None = None

    def rows(self) -> Iterator[list[str]]:
        """Every row of the chosen worksheet, values rendered as text."""
        with self.path.open("rb") as handle:
            yield from _sheet_rows(handle, self.sheet)


def _sheet_rows(handle: IO[bytes], sheet: str | None) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        for values in worksheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _choose_sheet(path: Path, wanted: str | None) -> str:
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a corrupt archive
            raise UnreadableFile(f"The XLSX workbook cannot be opened: {error}") from error
        try:
            names = workbook.sheetnames
            if wanted is not None:
                if wanted not in names:
                    raise UnreadableFile(
                        f"The workbook has no sheet named {wanted!r}; its sheets are: "
                        + ", ".join(repr(name) for name in names)
                    )
                return wanted
            for name in names:
                for values in workbook[name].iter_rows(values_only=True, max_row=50):
                    if any(value not in (None, "") for value in values):
                        return str(name)
            raise UnreadableFile("Every sheet of the workbook is empty.")
        finally:
            workbook.close()


def _sample_text(path: Path, encoding: str) -> str:
    with io.TextIOWrapper(path.open("rb"), encoding=encoding, errors="replace", newline="") as f:
        text = f.read(DIALECT_SAMPLE_CHARS)
    if len(text) == DIALECT_SAMPLE_CHARS:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[:cut]
    return text


def _detect_dialect(sample: str) -> tuple[str, str, str | None]:
    first_lines = sample.splitlines()[:50]
    if not any(delimiter in line for line in first_lines for delimiter in DELIMITERS):
        return ",", '"', None
    dialect = clevercsv.Detector().detect(sample, delimiters=DELIMITERS)
    if dialect is None or dialect.delimiter not in DELIMITERS:
        return _most_consistent(sample), '"', None
    quotechar = dialect.quotechar if dialect.quotechar in ('"', "'") else '"'
    escapechar = dialect.escapechar or None
    if not _first_row_agrees(sample, dialect.delimiter, quotechar):
        # A narrower first row may be a preamble, or the sign of the wrong delimiter: prefer a
        # delimiter under which the first row is as wide as the rest.
        alternative = _most_consistent(sample)
        if _first_row_agrees(sample, alternative, '"'):
            return alternative, '"', None
    return dialect.delimiter, quotechar, escapechar


def _widths(sample: str, delimiter: str, quotechar: str = '"') -> list[int]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    try:
        rows = [row for _, row in zip(range(30), reader, strict=False)]
    except csv.Error:
        return []
    return [len(row) for row in rows if any(cell.strip() for cell in row)]


def _first_row_agrees(sample: str, delimiter: str, quotechar: str) -> bool:
    """Whether the first row is as wide as most rows, and wider than one cell."""
    widths = _widths(sample, delimiter, quotechar)
    if len(widths) < 2:
        return True
    modal = max(set(widths), key=widths.count)
    return widths[0] == modal and modal > 1


def _most_consistent(sample: str) -> str:
    """The delimiter that splits the header and most rows into the same number (> 1) of cells."""

    def score(delimiter: str) -> tuple[bool, float, int]:
        widths = _widths(sample, delimiter)
        if not widths:
            return (False, 0.0, 0)
        modal = max(set(widths), key=widths.count)
        return (widths[0] == modal and modal > 1, widths.count(modal) / len(widths), modal)

    return max(DELIMITERS, key=score)


def open_table(path: Path, *, sheet: str | None = None) -> TableSource:
    """Open a stored file as a table source, deciding its format, encoding and dialect."""
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        complete = handle.read(1) == b""
    if not head.strip():
        raise UnreadableFile("The file is empty.")
    if head.startswith(_XLSX_MAGIC):
        return XlsxSource(path, _choose_sheet(path, sheet))
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            "This is a legacy Excel .xls workbook; save it as .xlsx or CSV and upload again."
        )
    if sheet is not None:
        raise UnreadableFile("A sheet was named, but the file is not an XLSX workbook.")
    encoding = detect_encoding(head, complete=complete)
    delimiter, quotechar, escapechar = _detect_dialect(_sample_text(path, encoding.name))
    return CsvSource(path, encoding.name, delimiter, quotechar, escapechar)
