"""Readers that turn stored bytes into raw cell rows: CSV/TSV (any delimiter, quoting and line end)
and XLSX. They own decoding and dialect; what a row means (header, preamble, ragged rows) is the
concern of `table_shape.py`.

Dialect detection uses clevercsv's data-consistency detector on a sample, chosen because it is
the best-studied detector for messy CSV files (it beats `csv.Sniffer` on real-world data); the
stream itself is read by the standard `csv` module, which handles quoted delimiters, doubled
quotes, embedded newlines and CRLF, LF and lone-CR line ends. It reads leniently (a stray quote
inside a one-line field is kept as text), but a row that spans several lines is re-read strictly:
when only the lenient reader accepts it, a quote is unbalanced and the rows after it would be
swallowed into one cell, so the file is refused with the line. Formats that are not tables are
refused by `file_formats.py`; XLSX sheets are read with their stored dimensions reset, since some
writers store wrong ones and openpyxl's read-only mode would silently cut the sheet to them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any, Protocol

import clevercsv

from backend.errors import UnreadableFile
from backend.services.imports.decoding import (
    SAMPLE_BYTES,
    describe_decode_error,
    detect_encoding,
    encoding_sample,
)
from backend.services.imports.file_formats import (
    XLSX_MAGIC,
    check_xlsx_archive,
    refuse_binary_format,
    refuse_text_format,
)

DIALECT_SAMPLE_CHARS = 64 * 1024
#: csv.Sniffer's quote regex is slow on long text; the first lines tell the spacing.
SPACE_SNIFF_CHARS = 4096
DELIMITERS = [",", ";", "\t", "|"]

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
    skipinitialspace: bool = False

    def _text(self) -> IO[str]:
        return io.TextIOWrapper(
            self.path.open("rb"), encoding=self.encoding, errors="strict", newline=""
        )

    def rows(self) -> Iterator[list[str]]:
        """Every row of the file as read by the csv module."""
        with self._text() as text:
            lines = _RecordLines(text)
            reader = csv.reader(lines, **self._format())
            try:
                for row in reader:
                    if lines.spanned > 1:
                        self._check_quotes(lines)
                    lines.next_record()
                    yield row
            except UnicodeDecodeError as error:
                raise UnreadableFile(describe_decode_error(error, self.encoding or "")) from error
            except csv.Error as error:
                raise UnreadableFile(
                    f"The file is not valid CSV near line {reader.line_num}: {error}"
                ) from error

    def _format(self) -> dict[str, Any]:
        return {
            "delimiter": self.delimiter or ",",
            "quotechar": self.quotechar,
            "escapechar": self.escapechar,
            "doublequote": True,
            "skipinitialspace": self.skipinitialspace,
        }

    def _check_quotes(self, lines: _RecordLines) -> None:
        """Refuse a record over several lines that only the lenient reader accepts: its quotes are
        unbalanced, so the rows after the stray quote would be read into one cell."""
        record = "".join(lines.record)
        try:
            for _ in csv.reader(io.StringIO(record, newline=""), strict=True, **self._format()):
                pass
        except csv.Error as error:
            raise UnreadableFile(
                f"The quotes of the row starting on line {lines.first_line} are unbalanced "
                f"({error}): a quoted field opened there swallows {lines.spanned} lines into one "
                "row. Fix that quote (a quote inside a quoted field is written twice) and upload "
                "again."
            ) from error


class _RecordLines:
    """The lines of a text stream, remembering those of the record being read (the csv reader
    pulls one line at a time and no further than the end of its record)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self.record: list[str] = []
        self.first_line = 1
        self._consumed = 0

    @property
    def spanned(self) -> int:
        """How many physical lines the current record took."""
        return len(self.record)

    def next_record(self) -> None:
        """Start remembering the lines of the next record."""
        self.first_line = self._consumed + 1
        self.record = []

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._text)
        self._consumed += 1
        self.record.append(line)
        return line


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
        # Read-only mode trusts the sheet's stored dimensions, which some writers get wrong
        # (a sheet claiming to be "A1" would yield one cell); measure the rows instead, and pad
        # them to the stored width as openpyxl would (empty cells are not stored).
        stored_width = worksheet.max_column or 0
        worksheet.reset_dimensions()
        for values in worksheet.iter_rows(values_only=True):
            cells = [_cell_text(value) for value in values]
            cells.extend([""] * (stored_width - len(cells)))
            yield cells
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
            # A hidden sheet holds lookups or metadata (Dynamics 365 writes one); the data a
            # person exported is on a visible one.
            by_visibility = sorted(names, key=lambda name: workbook[name].sheet_state != "visible")
            for name in by_visibility:
                worksheet = workbook[name]
                worksheet.reset_dimensions()
                for values in worksheet.iter_rows(values_only=True, max_row=50):
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


def _skips_initial_space(sample: str, delimiter: str) -> bool:
    """Whether each delimiter is followed by a space (`"Lee", "Ann"`), as `csv.Sniffer` judges it
    on the first lines: then a quoted field starts after that space, not at the delimiter."""
    head = sample[:SPACE_SNIFF_CHARS]
    cut = max(head.rfind("\n"), head.rfind("\r"))
    if cut > 0 and len(sample) > len(head):
        head = head[:cut]
    try:
        return bool(csv.Sniffer().sniff(head, delimiters=delimiter).skipinitialspace)
    except csv.Error:
        return False


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
    if head.startswith(XLSX_MAGIC):
        check_xlsx_archive(path)
        return XlsxSource(path, _choose_sheet(path, sheet))
    refuse_binary_format(head)
    if sheet is not None:
        raise UnreadableFile("A sheet was named, but the file is not an XLSX workbook.")
    encoding = detect_encoding(encoding_sample(path, head, complete=complete), complete=complete)
    sample = _sample_text(path, encoding.name)
    refuse_text_format(sample, complete=complete)
    delimiter, quotechar, escapechar = _detect_dialect(sample)
    return CsvSource(
        path,
        encoding.name,
        delimiter,
        quotechar,
        escapechar,
        skipinitialspace=_skips_initial_space(sample, delimiter),
    )
