"""Property: any table the standard csv module writes, in a supported dialect and encoding, is
read back cell for cell by the table readers (the pure core under the ingest stage)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backend.services.imports.table_shape import ShapedTable
from backend.services.imports.table_sources import open_table

# Cells as exports hold them: ASCII text with the characters a dialect must quote (delimiters,
# quotes, newlines), and real accented words. Legacy-encoding detection is statistical, so a
# cell of random accented letters is not a fair question for any detector.
_WORDS = ["Müller", "Zoë", "François", "Ærø", "Señora", "Gödel", "Nîmes", "crème", "Ñu"]
_ASCII = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from(["\t", "\n", "\r\n"]),
    ),
    max_size=10,
).map("".join)
_CELL = st.lists(st.one_of(_ASCII, st.sampled_from(_WORDS)), max_size=3).map(" ".join)
_HEADER_CELL = st.text(
    st.characters(codec="ascii", categories=("Lu", "Ll")), min_size=1, max_size=8
)


def _decodes_as_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(min_value=2, max_value=6))
    header = draw(st.lists(_HEADER_CELL, min_size=width, max_size=width, unique=True))
    row = st.lists(_CELL, min_size=width, max_size=width).filter(
        lambda cells: any(cell.strip() for cell in cells) and cells[0].strip() != ""
    )
    rows = draw(st.lists(row, min_size=1, max_size=15))
    return header, rows


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    lineterminator=st.sampled_from(["\r\n", "\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_any_csv_module_table_round_trips_cell_for_cell(
    table: tuple[list[str], list[list[str]]],
    delimiter: str,
    encoding: str,
    lineterminator: str,
    quoting: int,
) -> None:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    content = buffer.getvalue().encode(encoding)
    if encoding == "cp1252" and content != content.decode("cp1252").encode("ascii", "ignore"):
        # Legacy bytes that also form valid UTF-8 are ambiguous to any reader; skip them.
        assume(not _decodes_as_utf8(content))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_bytes(content)
        source = open_table(path)
        shaped = ShapedTable(source.rows())
        read_rows = [row.cells for row in shaped.rows()]
    assert source.delimiter == delimiter
    assert shaped.columns.names == header
    assert read_rows == rows
