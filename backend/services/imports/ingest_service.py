"""Stage 1, import batch analysis: store the bytes content-addressed, detect encoding and dialect,
parse the header and rows into raw rows, and compute column statistics.

Only orchestration lives here; reading is in `table_sources.py` and `table_shape.py`, statistics
in `column_profile.py`, SQL in `backend/repositories/imports_repository.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from backend.contracts.imports import ColumnStats
from backend.db.models import ImportBatch, RawFile
from backend.errors import UnreadableFile, VelocityError
from backend.ids import new_id
from backend.repositories import imports_repository
from backend.services.imports.column_profile import ColumnProfiler
from backend.services.imports.file_store import FileStore, StoredFile
from backend.services.imports.table_shape import ShapedTable
from backend.services.imports.table_sources import open_table
from backend.settings import Settings


@dataclass(frozen=True)
class ImportRequest:
    """What an operator asked to import."""

    file_name: str
    stream: BinaryIO
    actor: str
    sheet: str | None = None
    profile: str | None = None
    source_system: str | None = None
    mapping_id: str | None = None


class IngestFailed(VelocityError):
    """The batch failed; `batch` is the failed batch to record once the transaction is undone."""

    code = "import_failed"
    title = "Import failed"
    http_status = 422

    def __init__(self, batch: ImportBatch, raw_file: RawFile | None, cause: VelocityError) -> None:
        super().__init__(cause.message, import_id=batch.id)
        self.batch = batch
        self.raw_file = raw_file
        self.cause = cause


def _new_batch(request: ImportRequest, stored: StoredFile | None) -> ImportBatch:
    batch_id = new_id("imp")
    return ImportBatch(
        id=batch_id,
        file_sha256=stored.sha256 if stored else None,
        file_name=request.file_name,
        file_bytes=stored.size_bytes if stored else 0,
        sheet=request.sheet,
        status="received",
        source_system=request.source_system,
        profile_key=request.profile,
        created_by=request.actor,
        evidence_import_id=batch_id,
        header=[],
        column_stats=[],
        counts={},
        errors=[],
        warnings=[],
        timings={},
    )


def _failed(batch: ImportBatch, raw_file: RawFile | None, error: VelocityError) -> IngestFailed:
    failed = ImportBatch(
        **{
            column.key: getattr(batch, column.key)
            for column in ImportBatch.__table__.columns
            if column.key != "row_version"
        }
    )
    failed.status = "failed"
    failed.errors = [error.message]
    failed.evidence_import_id = None
    kept_file = None
    if raw_file is not None:
        kept_file = RawFile(
            sha256=raw_file.sha256,
            size_bytes=raw_file.size_bytes,
            storage_path=raw_file.storage_path,
            first_name=raw_file.first_name,
        )
    return IngestFailed(failed, kept_file, error)


@dataclass
class TableAnalysis:
    """What reading a whole table taught: its columns, row counts and warnings."""

    columns: list[ColumnStats]
    rows: int
    flagged: int
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    warnings: list[str]


RowSink = Callable[[list[tuple[int, list[str], list[str]]]], None]


def analyse_table(
    path: Path, *, sheet: str | None, sink: RowSink, chunk_size: int
) -> TableAnalysis:
    """Read a stored file once: hand its rows to `sink` in chunks and profile its columns."""
    source = open_table(path, sheet=sheet)
    table = ShapedTable(source.rows())
    profiler = ColumnProfiler()
    chunk: list[tuple[int, list[str], list[str]]] = []
    flagged = 0
    for row in table.rows():
        profiler.add_row(row.cells)
        flagged += bool(row.flags)
        chunk.append((row.number, row.cells, row.flags))
        if len(chunk) >= chunk_size:
            sink(chunk)
            chunk = []
    sink(chunk)
    if profiler.rows == 0:
        raise UnreadableFile("The file has a header but no data rows.")
    stats = profiler.result(table.columns.names, table.columns.originals)
    last = max((s.index for s in stats if s.fill_rate > 0 or s.original.strip()), default=-1)
    kept = stats[: last + 1]
    warnings = []
    if table.preamble_rows:
        warnings.append(f"Skipped {table.preamble_rows} preamble line(s) above the header.")
    if table.repeated_headers:
        titles = "; ".join(repr(title[:80]) for title in table.section_titles[:3])
        warnings.append(
            f"Skipped {table.repeated_headers} repeated header row(s)"
            + (f" and the section title(s) above them: {titles}." if titles else ".")
        )
    if table.footer:
        quoted = "; ".join(repr(line[:80]) for line in table.footer[:3])
        more = f" and {len(table.footer) - 3} more" if len(table.footer) > 3 else ""
        warnings.append(
            f"Skipped {len(table.footer)} report footer line(s) below the data: {quoted}{more}."
        )
    if len(stats) > len(kept):
        warnings.append(
            f"Dropped {len(stats) - len(kept)} trailing empty column(s) with no header."
        )
    return TableAnalysis(
        kept, profiler.rows, flagged, source.encoding, source.delimiter, source.sheet, warnings
    )


def _parse(session: Session, settings: Settings, batch: ImportBatch, stored: StoredFile) -> None:
    analysis = analyse_table(
        stored.path,
        sheet=batch.sheet,
        sink=lambda chunk: imports_repository.insert_raw_rows(session, batch.id, chunk),
        chunk_size=settings.raw_row_batch_size,
    )
    batch.encoding, batch.delimiter, batch.sheet = (
        analysis.encoding,
        analysis.delimiter,
        analysis.sheet,
    )
    batch.header = [column.name for column in analysis.columns]
    batch.column_stats = [column.model_dump() for column in analysis.columns]
    batch.rows_total = batch.rows_parsed = analysis.rows
    batch.rows_flagged = analysis.flagged
    batch.warnings = [*batch.warnings, *analysis.warnings]


def ingest(session: Session, settings: Settings, request: ImportRequest) -> ImportBatch:
    """Store and parse an uploaded file into a new batch (or a replay of identical bytes)."""
    started = time.perf_counter()
    store = FileStore(settings.file_store_dir)
    try:
        stored = store.put(request.stream, max_bytes=settings.max_upload_bytes)
    except VelocityError as error:
        raise _failed(_new_batch(request, None), None, error) from error
    raw_file = imports_repository.get_raw_file(session, stored.sha256)
    if raw_file is None:
        raw_file = RawFile(
            sha256=stored.sha256,
            size_bytes=stored.size_bytes,
            storage_path=str(stored.path.relative_to(store.root)),
            first_name=request.file_name,
        )
        imports_repository.add_raw_file(session, raw_file)
    batch = _new_batch(request, stored)
    earlier = imports_repository.find_earlier_parse(session, stored.sha256, request.sheet)
    if earlier is not None:
        _reuse_evidence(batch, earlier)
        imports_repository.add_batch(session, batch)
    else:
        imports_repository.add_batch(session, batch)
        try:
            _parse(session, settings, batch, stored)
        except UnicodeDecodeError as error:
            unreadable = UnreadableFile(f"The file cannot be decoded: {error}")
            raise _failed(batch, raw_file, unreadable) from error
        except VelocityError as error:
            raise _failed(batch, raw_file, error) from error
    batch.status = "parsed"
    batch.timings = {**batch.timings, "ingest": round(time.perf_counter() - started, 4)}
    session.flush()
    return batch


def _reuse_evidence(batch: ImportBatch, earlier: ImportBatch) -> None:
    """Point a replay at the raw rows already stored for the same bytes."""
    batch.replay_of = earlier.id
    batch.evidence_import_id = earlier.evidence_import_id
    for name in ("encoding", "delimiter", "sheet", "header", "column_stats", "warnings"):
        setattr(batch, name, getattr(earlier, name))
    for name in ("rows_total", "rows_parsed", "rows_rejected", "rows_flagged"):
        setattr(batch, name, getattr(earlier, name))


def record_failure(session: Session, failure: IngestFailed) -> ImportBatch:
    """Store the failed batch (and its file record) after its transaction was rolled back."""
    if failure.raw_file and not imports_repository.get_raw_file(session, failure.raw_file.sha256):
        imports_repository.add_raw_file(session, failure.raw_file)
    imports_repository.add_batch(session, failure.batch)
    return failure.batch


def replay_batch(session: Session, original: ImportBatch, *, actor: str) -> ImportBatch:
    """A new batch over the raw evidence of an earlier one (nothing is parsed or stored again)."""
    if original.status == "failed":
        raise UnreadableFile(f"Import {original.id} failed and has no raw evidence to replay.")
    batch = ImportBatch(
        id=new_id("imp"),
        file_sha256=original.file_sha256,
        file_name=original.file_name,
        file_bytes=original.file_bytes,
        status="parsed",
        source_system=original.source_system,
        profile_key=original.profile_key if not original.profile_inferred else None,
        created_by=actor,
        counts={},
        errors=[],
        timings={},
    )
    _reuse_evidence(batch, original)
    batch.replay_of = original.id
    imports_repository.add_batch(session, batch)
    return batch
