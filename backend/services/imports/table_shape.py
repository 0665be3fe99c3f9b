"""The shape of a parsed table: where the header is (a preamble of report titles is skipped), what
the columns are called (blank, duplicate and padded headers get unique, stable names, the original
kept), and how each data row is kept (short rows padded, extra cells under generated names, blank
rows dropped, cells that a spreadsheet would run as a formula flagged).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from backend.errors import UnreadableFile
from backend.services.imports.value_kinds import looks_like_data

HEADER_SCAN_ROWS = 30
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SPACE_RE = re.compile(r"\s+")


@dataclass
class ColumnNames:
    """Unique column names and the header text each came from."""

    names: list[str] = field(default_factory=list)
    originals: list[str] = field(default_factory=list)

    def add(self, original: str) -> None:
        """Add a column, giving it a unique, stable name."""
        base = _SPACE_RE.sub(" ", original.replace("\ufeff", "")).strip()
        base = base or f"Column {len(self.names) + 1}"
        name, suffix = base, 2
        while name in self.names:
            name, suffix = f"{base} ({suffix})", suffix + 1
        self.names.append(name)
        self.originals.append(original)


@dataclass(frozen=True, slots=True)
class ShapedRow:
    """One data row: its 1-based number after the header, its cells and what was odd about it."""

    number: int
    cells: list[str]
    flags: list[str]


def _is_blank(row: list[str]) -> bool:
    return all(not cell.strip() for cell in row)


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _find_header(head: list[list[str]]) -> int:
    """The index of the header row among the first rows: the first wide row after any preamble."""
    widths = [len(row) for row in head if not _is_blank(row)]
    if not widths:
        raise UnreadableFile("The file has no rows with any content.")
    modal_width = Counter(widths).most_common(1)[0][0]
    needed = max(1, min(modal_width, max(2, modal_width // 2)))
    for index, row in enumerate(head):
        if _filled(row) >= needed:
            return index
    return next(index for index, row in enumerate(head) if not _is_blank(row))


def _formula_like(cell: str) -> bool:
    """Whether a spreadsheet could run the cell. A `+` or `-` cell without a letter (a phone
    number such as "+1 512 555 0101", a negative amount) can at most compute a number, so it is
    not flagged on input; everything the product writes is still neutralised
    (`cell_safety.py`)."""
    if not cell.startswith(FORMULA_PREFIXES):
        return False
    return cell[0] not in "+-" or any(ch.isalpha() for ch in cell)


def formula_flags(cells: list[str]) -> list[str]:
    """Flags for cells a spreadsheet would execute (OWASP CSV injection)."""
    return [f"formula_like:{index}" for index, cell in enumerate(cells) if _formula_like(cell)]


class ShapedTable:
    """A table source read as header + data rows."""

    def __init__(self, raw_rows: Iterator[list[str]]) -> None:
        head = list(islice(raw_rows, HEADER_SCAN_ROWS))
        header_index = _find_header(head)
        self.preamble_rows = header_index
        header = head[header_index]
        while header and not header[-1].strip():
            header = header[:-1]
        if looks_like_data(header):
            raise UnreadableFile(
                "The file has no header row: its first row looks like data "
                f"({', '.join(repr(cell) for cell in header[:3])}); add a header row naming "
                "the columns."
            )
        self.columns = ColumnNames()
        for original in header:
            self.columns.add(original)
        self.header_width = len(header)
        self._rest = chain(head[header_index + 1 :], raw_rows)

    def rows(self) -> Iterator[ShapedRow]:
        """Data rows, blank ones dropped, ragged ones padded or extended and flagged."""
        number = 0
        for raw in self._rest:
            if _is_blank(raw):
                continue
            number += 1
            flags = formula_flags(raw)
            cells = list(raw)
            if len(cells) < self.header_width:
                flags.append("short_row")
                cells.extend([""] * (self.header_width - len(cells)))
            elif len(cells) > len(self.columns.names):
                extra = cells[len(self.columns.names) :]
                while extra and not extra[-1].strip():
                    extra.pop()
                cells = cells[: len(self.columns.names)] + extra
                if extra:
                    flags.append("extra_cells")
                    while len(self.columns.names) < len(cells):
                        self.columns.add(f"Extra {len(self.columns.names) - self.header_width + 1}")
            elif len(cells) > self.header_width and any(
                cell.strip() for cell in cells[self.header_width :]
            ):
                flags.append("extra_cells")
            yield ShapedRow(number, cells, flags)
