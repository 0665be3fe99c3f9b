"""Ingest (stage 1) through the import pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.contracts.imports import ImportSummary
from backend.db.models import ImportBatch, RawFile, RawRow
from backend.runtime import Runtime
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest
from tests.factories.files import CONTACT_HEADER, CONTACT_ROWS, write_csv, write_xlsx
from tests.factories.imports import stored_rows


def _import(runtime: Runtime, path: Path, **options: str | None) -> ImportSummary:
    with path.open("rb") as stream:
        request = ImportRequest(file_name=path.name, stream=stream, actor="tester", **options)
        return run_import(runtime, request)


def _rows(runtime: Runtime, import_id: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The header, the stored rows' cells and their flags (which nothing in the product reads
    back: they are evidence for a person, so they are read here from the table)."""
    header, cells = stored_rows(runtime, import_id)
    with runtime.unit() as session:
        batch = session.get(ImportBatch, import_id)
        assert batch is not None
        flags = session.scalars(
            select(RawRow.flags)
            .where(RawRow.import_id == (batch.evidence_import_id or batch.id))
            .order_by(RawRow.row_number)
        )
        return header, cells, [list(row_flags or []) for row_flags in flags]


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings_are_detected_and_reported(
    runtime: Runtime, tmp_path: Path, encoding: str, reported: str
) -> None:
    rows = [
        *CONTACT_ROWS,
        [
            "François",
            "Lefèvre",
            "f.lefevre@exemple.fr",
            "01 23 45 67 89",
            "Société Générale",
            "Nîmes",
        ],
        ["Øyvind", "Å. Strøm", "oyvind@strom.no", "", "Ærø Fisk AS", "Tromsø"],
    ]
    path = write_csv(tmp_path / "contacts.csv", rows=rows, encoding=encoding)
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert summary.file.encoding == reported
    header, cells, _ = _rows(runtime, summary.import_id)
    assert header == CONTACT_HEADER
    assert cells == [list(row) for row in rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("lineterminator", ["\r\n", "\n", "\r"])
def test_dialects_quoting_and_line_ends(
    runtime: Runtime, tmp_path: Path, delimiter: str, lineterminator: str
) -> None:
    embedded = "line one" + lineterminator[-1] + "line two"
    rows = [
        ["Ann", "Lee", f"says {delimiter} hi", 'She said "yes"', embedded, "Oslo"],
        ["Bob", "Ray", "", "", "", ""],
        ["Cy", "Ng", "x", "y", "z", "Rome"],
    ]
    path = write_csv(
        tmp_path / "export.csv", rows=rows, delimiter=delimiter, lineterminator=lineterminator
    )
    summary = _import(runtime, path)
    assert summary.status != "failed", summary.errors
    assert summary.file.delimiter == delimiter
    _, cells, _ = _rows(runtime, summary.import_id)
    assert cells == [list(row) for row in rows]


def test_preamble_lines_above_the_header_are_skipped(runtime: Runtime, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "report.csv",
        preamble=["Contacts report", "Generated on 2026-11-01 by admin", ""],
    )
    summary = _import(runtime, path)
    assert summary.status != "failed"
    assert any("preamble" in warning for warning in summary.warnings)
    header, cells, _ = _rows(runtime, summary.import_id)
    assert header == CONTACT_HEADER
    assert cells[0][0] == "Zoë"


def test_blank_duplicate_and_padded_headers_get_unique_stable_names(
    runtime: Runtime, tmp_path: Path
) -> None:
    header = ["  Email ", "Email", "", "Phone", "Email"]
    rows = [["a@x.com", "b@x.com", "note", "555-0101", "c@x.com"]]
    summary = _import(runtime, write_csv(tmp_path / "h.csv", header=header, rows=rows))
    names, _, _ = _rows(runtime, summary.import_id)
    assert names == ["Email", "Email (2)", "Column 3", "Phone", "Email (3)"]
    with runtime.unit() as session:
        batch = session.get(ImportBatch, summary.import_id)
        assert batch is not None
        assert [column["original"] for column in batch.column_stats] == header


def test_ragged_rows_are_kept_and_flagged(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "Name,Email,City\nAnn,ann@x.com\nBob,bob@x.com,Oslo,extra-1,extra-2\nCy,c@x.com,Rome\n"
    )
    summary = _import(runtime, path)
    header, cells, flags = _rows(runtime, summary.import_id)
    assert header == ["Name", "Email", "City", "Extra 1", "Extra 2"]
    assert cells[0] == ["Ann", "ann@x.com", "", "", ""]
    assert "short_row" in flags[0]
    assert cells[1] == ["Bob", "bob@x.com", "Oslo", "extra-1", "extra-2"]
    assert "extra_cells" in flags[1]
    assert flags[2] == []
    assert summary.rows.flagged == 2


def test_trailing_empty_rows_and_columns_are_dropped(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "trailing.csv"
    path.write_text("Name,Email,,\nAnn,ann@x.com,,\nBob,bob@x.com,,\n,,,\n\n,,,\n")
    summary = _import(runtime, path)
    header, cells, _ = _rows(runtime, summary.import_id)
    assert header == ["Name", "Email"]
    assert cells == [["Ann", "ann@x.com"], ["Bob", "bob@x.com"]]
    assert summary.rows.parsed == 2


def test_xlsx_reads_first_non_empty_sheet_or_the_named_one(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Cover": [],
            "Contacts": [["Name", "Email", "Employees"], ["Ann", "ann@x.com", 12]],
            "Deals": [["Deal", "Amount"], ["Big one", 12500.5]],
        },
    )
    first = _import(runtime, path)
    assert first.status != "failed", first.errors
    assert first.file.sheet == "Contacts"
    assert _rows(runtime, first.import_id)[1] == [["Ann", "ann@x.com", "12"]]
    deals = _import(runtime, path, sheet="Deals")
    assert deals.file.sheet == "Deals"
    assert _rows(runtime, deals.import_id)[1] == [["Big one", "12500.5"]]
    missing = _import(runtime, path, sheet="Nope")
    assert missing.status == "failed"
    assert "no sheet named 'Nope'" in missing.errors[0]


def test_formula_like_cells_are_stored_verbatim_and_flagged(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = tmp_path / "inject.csv"
    path.write_text(
        "Name,Note,Phone\n"
        'Mallory,"=HYPERLINK(""http://evil"")",+1 512 555 0101\n'
        "Ann,fine,-42\n"
        "Eve,\"+cmd|' /C calc'!A0\",@SUM(A1)\n"
    )
    summary = _import(runtime, path)
    _, cells, flags = _rows(runtime, summary.import_id)
    assert cells[0][1] == '=HYPERLINK("http://evil")'
    assert flags[0] == ["formula_like:1"]
    assert flags[1] == []  # a phone number and a negative amount run nothing
    assert flags[2] == ["formula_like:1", "formula_like:2"]


BAD_INPUTS = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\n ", "empty"),
    "binary": (bytes(range(256)) * 8, "binary"),
    "no-header": (b"ann@x.com,555-0101,2024-01-02\nbob@x.com,555-0102,2024-02-03\n", "no header"),
    "header-only": (b"Name,Email,Phone\n", "no data rows"),
    "undecodable": (
        b"Name,City\n" + b"Ann,Z\xc3\xbcrich\n" * 80_000 + b"Bob,M\xfcnchen\n",
        "cannot be decoded as utf-8",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_the_batch_with_a_reason_and_keeps_no_rows(
    runtime: Runtime, tmp_path: Path, case: str
) -> None:
    content, reason = BAD_INPUTS[case]
    path = tmp_path / f"{case}.csv"
    path.write_bytes(content)
    summary = _import(runtime, path)
    assert summary.status == "failed"
    assert reason in summary.errors[0].lower() or reason in summary.errors[0]
    with runtime.unit() as session:
        assert session.scalar(select(func.count()).select_from(RawRow)) == 0
        assert session.get(ImportBatch, summary.import_id) is not None


def test_file_over_the_size_limit_fails_and_is_not_stored(runtime: Runtime, tmp_path: Path) -> None:
    runtime.settings.max_upload_bytes = 100
    path = write_csv(tmp_path / "big.csv", rows=CONTACT_ROWS * 10)
    summary = _import(runtime, path)
    assert summary.status == "failed"
    assert "upload limit" in summary.errors[0]
    assert not any((runtime.settings.data_dir / "files").rglob("*" * 1)) or not [
        p for p in (runtime.settings.data_dir / "files").rglob("*") if p.is_file()
    ]


def test_same_bytes_twice_is_a_replay_and_evidence_is_stored_once(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "contacts.csv")
    first = _import(runtime, path)
    second = _import(runtime, path)
    assert first.replay_of is None
    assert second.replay_of == first.import_id
    assert second.file.sha256 == first.file.sha256
    assert _rows(runtime, second.import_id)[1] == _rows(runtime, first.import_id)[1]
    with runtime.unit() as session:
        assert session.scalar(select(func.count()).select_from(RawRow)) == len(CONTACT_ROWS)
        assert session.scalar(select(func.count()).select_from(RawFile)) == 1
    stored = [p for p in (runtime.settings.data_dir / "files").rglob("*") if p.is_file()]
    assert len(stored) == 1


def test_column_statistics_describe_each_column(runtime: Runtime, tmp_path: Path) -> None:
    rows = [
        [f"P{i}", f"p{i}@corp.com" if i % 4 else "", f"+1 415 555 01{i:02d}"] for i in range(40)
    ]
    path = write_csv(tmp_path / "stats.csv", header=["Name", "Column 7", "Tel"], rows=rows)
    summary = _import(runtime, path)
    with runtime.unit() as session:
        batch = session.get(ImportBatch, summary.import_id)
        assert batch is not None
        stats = {column["name"]: column for column in batch.column_stats}
    assert stats["Column 7"]["fill_rate"] == 0.75
    assert stats["Column 7"]["distinct"] == 30
    assert stats["Column 7"]["kinds"] == {"email": 1.0}
    assert stats["Tel"]["kinds"] == {"phone": 1.0}
    assert stats["Name"]["samples"] == ["P0", "P1", "P2", "P3", "P4"]
