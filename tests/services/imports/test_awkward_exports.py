"""Awkward real-world exports through the import pipeline: encodings without a byte-order mark,
files that are not tables, broken quoting, report footers, wrong XLSX dimensions and headerless
files. Each either parses every data row or fails its batch with a reason that names the problem.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.contracts.imports import ImportSummary
from backend.db.models import ImportBatch, RawRow
from backend.runtime import Runtime
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest
from tests.factories.files import (
    CONTACT_HEADER,
    CONTACT_ROWS,
    write_csv,
    write_xlsx,
    write_xlsx_with_stored_dimension,
)
from tests.factories.imports import stored_rows

SALESFORCE_FOOTER = (
    '\r\n"Grand Totals (3 records)"\r\n\r\n'
    '"Confidential Information - Do Not Distribute"\r\n'
    '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\r\n'
)


def _import(runtime: Runtime, path: Path) -> ImportSummary:
    with path.open("rb") as stream:
        return run_import(runtime, ImportRequest(file_name=path.name, stream=stream, actor="t"))


def _tab_text() -> str:
    buffer = io.StringIO()
    for row in [CONTACT_HEADER, *CONTACT_ROWS]:
        buffer.write("\t".join(row) + "\r\n")
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(
    runtime: Runtime, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "unicode-text.txt"
    path.write_bytes(_tab_text().encode(encoding))
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert summary.file.encoding == encoding
    assert summary.file.delimiter == "\t"
    assert stored_rows(runtime, summary.import_id) == (
        CONTACT_HEADER,
        [list(r) for r in CONTACT_ROWS],
    )


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTACTS_CSV = b"Name,Email\r\nAnn Lee,ann@lee.io\r\n"
NOT_A_TABLE = {
    "contacts.jsonl": (
        b'{"first_name": "Ann", "email": "ann@lee.io"}\n{"first_name": "Bob"}\n',
        "JSON file",
    ),
    "contacts.json": (
        b'\xef\xbb\xbf[\n  {"first_name": "Ann", "email": "ann@lee.io"}\n]\n',
        "JSON file",
    ),
    "report.xls": (
        b"<html><head><meta http-equiv='Content-Type' content='text/html'></head><body>"
        b"<table><tr><th>Name</th><th>Email</th></tr>"
        b"<tr><td>Ann</td><td>ann@lee.io</td></tr></table></body></html>",
        "HTML page",
    ),
    "contacts.xml": (
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>'
        b"<Table><Row><Cell><Data>Name</Data></Cell></Row></Table></Worksheet></Workbook>",
        "Excel 2003 XML Spreadsheet",
    ),
    "contacts.ods": (
        _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""}),
        "OpenDocument",
    ),
    "export.xlsx": (_zip({"contacts.csv": CONTACTS_CSV}), "ZIP archive, not an XLSX workbook"),
    "contacts.csv.gz": (gzip.compress(CONTACTS_CSV), "gzip-compressed"),
    "contacts.csv": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "PDF document"),
}


@pytest.mark.parametrize("name", sorted(NOT_A_TABLE))
def test_a_file_that_is_not_a_table_fails_naming_what_it_is(
    runtime: Runtime, tmp_path: Path, name: str
) -> None:
    content, reason = NOT_A_TABLE[name]
    path = tmp_path / name
    path.write_bytes(content)
    summary = _import(runtime, path)
    assert summary.status == "failed"
    assert reason in summary.errors[0]
    with runtime.unit() as session:
        assert session.scalar(select(func.count()).select_from(RawRow)) == 0


def test_a_csv_whose_header_cells_are_in_angle_brackets_is_still_a_csv(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = tmp_path / "brackets.csv"
    path.write_text("<Name>,<Email>\r\nAnn Lee,ann@lee.io\r\n")
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert stored_rows(runtime, summary.import_id) == (
        ["<Name>", "<Email>"],
        [["Ann Lee", "ann@lee.io"]],
    )


@pytest.mark.parametrize(
    "content",
    [
        # a stray quote opens a field that swallows the rest of the file
        b'First Name,Last Name,Email\r\nAnn,"Lee,ann@lee.io\r\nBob,Ray,bob@ray.io\r\n',
        # ... or the next row, up to the next quote
        b'First Name,Last Name,Email\r\nAnn,"Lee,ann@lee.io\r\nBob,"Ray",bob@ray.io\r\n'
        b"Cy,Ng,cy@ng.io\r\n",
    ],
)
def test_an_unbalanced_quote_fails_the_batch_with_its_line(
    runtime: Runtime, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    summary = _import(runtime, path)
    assert summary.status == "failed"
    assert "unbalanced" in summary.errors[0]
    assert "line 2" in summary.errors[0]


def test_quoted_fields_over_several_lines_still_parse(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(
        b'Name,Email,Notes\r\nAnn,ann@lee.io,"She said ""call me""\r\nNext line"\r\n'
        b'Bob,bob@ray.io,"multi\nline, with a comma"\r\n'
    )
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    _, cells = stored_rows(runtime, summary.import_id)
    assert cells == [
        ["Ann", "ann@lee.io", 'She said "call me"\r\nNext line'],
        ["Bob", "bob@ray.io", "multi\nline, with a comma"],
    ]


def test_a_report_footer_is_not_imported_as_records(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "opportunities.csv"
    header = ["Opportunity Name", "Account Name", "Amount", "Stage", "Close Date"]
    rows = [
        ["Big deal", "Acme", "12500", "Closed Won", "12/31/2024"],
        ["Small deal", "Beta", "1200", "Prospecting", "1/15/2025"],
    ]
    write_csv(path, header=header, rows=rows)
    path.write_bytes(path.read_bytes() + SALESFORCE_FOOTER.encode())
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert summary.rows.parsed == summary.rows.total == 2
    assert stored_rows(runtime, summary.import_id)[1] == rows
    assert summary.deltas["opportunity"] == {"create": 2}
    footer = [warning for warning in summary.warnings if "footer" in warning]
    assert len(footer) == 1
    assert "Skipped 3 report footer line(s)" in footer[0]
    assert "'Confidential Information - Do Not Distribute'" in footer[0]


def test_a_short_row_after_a_blank_line_that_is_followed_by_data_is_kept(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(
        "Name,Email,City\r\nAnn Lee,ann@lee.io,Oslo\r\n\r\nBob Ray\r\nCy Ng,cy@ng.io,Rome\r\n"
    )
    summary = _import(runtime, path)
    assert summary.rows.parsed == 3
    assert not [warning for warning in summary.warnings if "footer" in warning]
    assert stored_rows(runtime, summary.import_id)[1][1] == ["Bob Ray", "", ""]


def test_an_xlsx_with_a_wrong_stored_dimension_is_read_whole(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["First Name", "Last Name", "Email"],
        *[[f"First{i}", f"Last{i}", f"user{i}@example.com"] for i in range(6)],
    ]
    path = write_xlsx_with_stored_dimension(tmp_path / "contacts.xlsx", rows, dimension="A1")
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert summary.rows.parsed == 6
    assert stored_rows(runtime, summary.import_id) == (rows[0], rows[1:])


def test_a_single_column_of_values_without_a_header_fails(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "emails.csv"
    path.write_text("ann@lee.io\r\nbob@ray.io\r\ncy@ng.io\r\n")
    summary = _import(runtime, path)
    assert summary.status == "failed"
    assert "no header row" in summary.errors[0]


def test_a_single_column_with_a_header_is_read(runtime: Runtime, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "emails.xlsx", {"Emails": [["Email"], ["ann@lee.io"]]})
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert stored_rows(runtime, summary.import_id) == (["Email"], [["ann@lee.io"]])


def test_invisible_characters_do_not_stay_in_column_names(runtime: Runtime, tmp_path: Path) -> None:
    header = ["\u200bFirst\u00a0Name", "Email\u200b", "Mobile\u2060"]
    path = write_csv(
        tmp_path / "h.csv", header=header, rows=[["Ann", "ann@lee.io", "+1 415 555 0100"]]
    )
    summary = _import(runtime, path)
    names, _ = stored_rows(runtime, summary.import_id)
    assert names == ["First Name", "Email", "Mobile"]
    with runtime.unit() as session:
        batch = session.get(ImportBatch, summary.import_id)
        assert batch is not None
        assert [column["original"] for column in batch.column_stats] == header
    assert json.loads(summary.model_dump_json())["columns"]["mapped"] == 3


def test_a_cp1252_export_whose_first_accent_is_far_down_is_read_as_cp1252(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [[f"John{i}", f"Smith{i}", f"john{i}@example.com", "Springfield"] for i in range(30000)]
    rows.append(["José", "García", "jose@example.es", "Málaga"])
    path = write_csv(
        tmp_path / "contacts.csv",
        header=["First Name", "Last Name", "Email", "City"],
        rows=rows,
        encoding="cp1252",
    )
    assert path.stat().st_size > (1 << 20)
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert summary.file.encoding == "cp1252"
    assert summary.rows.parsed == 30001
    assert stored_rows(runtime, summary.import_id)[1][-1] == [
        "José",
        "García",
        "jose@example.es",
        "Málaga",
    ]


def test_quoted_fields_after_a_space_following_the_delimiter_are_unquoted(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = tmp_path / "spaced.csv"
    path.write_text(
        '"First Name", "Last Name", "Email"\r\n'
        '"Ann", "Lee", "ann@lee.io"\r\n'
        '"Bob", "Ray, Jr.", "bob@ray.io"\r\n'
    )
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert stored_rows(runtime, summary.import_id) == (
        ["First Name", "Last Name", "Email"],
        [["Ann", "Lee", "ann@lee.io"], ["Bob", "Ray, Jr.", "bob@ray.io"]],
    )
    assert summary.columns.unresolved == 0


def test_a_hidden_lookup_sheet_before_the_data_is_not_chosen(
    runtime: Runtime, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    lookups = workbook.active
    assert lookups is not None
    lookups.title = "Lists"
    lookups.append(["Stage", "Order"])
    lookups.append(["New", 1])
    lookups.sheet_state = "hidden"
    contacts = workbook.create_sheet("Contacts")
    contacts.append(["First Name", "Email"])
    contacts.append(["Ann", "ann@lee.io"])
    workbook.active = 1
    path = tmp_path / "contacts.xlsx"
    workbook.save(path)
    summary = _import(runtime, path)
    assert summary.file.sheet == "Contacts"
    assert stored_rows(runtime, summary.import_id) == (
        ["First Name", "Email"],
        [["Ann", "ann@lee.io"]],
    )
