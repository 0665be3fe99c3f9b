"""Raw evidence and the per-stage artifacts of an import batch: file, batch, raw rows, staged
(normalized) records and unresolved values. Written by the ingest, mapping and normalize stages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, JSONType, UTCDateTime, utcnow


class RawFile(Base):
    """Uploaded bytes, stored once per sha256 in the file store."""

    __tablename__ = "raw_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    storage_path: Mapped[str] = mapped_column(Text)
    first_name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportBatch(Base):
    """One import batch and the figures of every stage it went through."""

    __tablename__ = "import_batches"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("raw_files.sha256"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    encoding: Mapped[str | None] = mapped_column(String(40))
    delimiter: Mapped[str | None] = mapped_column(String(8))
    sheet: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), index=True)
    source_system: Mapped[str | None] = mapped_column(String(40))
    profile_key: Mapped[str | None] = mapped_column(String(80))
    profile_confidence: Mapped[float | None] = mapped_column(Float)
    profile_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    mapping_id: Mapped[str | None] = mapped_column(String(40))
    replay_of: Mapped[str | None] = mapped_column(String(40))
    evidence_import_id: Mapped[str | None] = mapped_column(String(40), index=True)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_parsed: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_flagged: Mapped[int] = mapped_column(Integer, default=0)
    header: Mapped[list[str]] = mapped_column(JSONType, default=list)
    column_stats: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    errors: Mapped[list[str]] = mapped_column(JSONType, default=list)
    warnings: Mapped[list[str]] = mapped_column(JSONType, default=list)
    timings: Mapped[dict[str, float | None]] = mapped_column(JSONType, default=dict)
    created_by: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012


class RawRow(Base):
    """One parsed row exactly as read (cells as text), never modified."""

    __tablename__ = "raw_rows"

    import_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    cells: Mapped[list[str]] = mapped_column(JSONType)
    flags: Mapped[list[str] | None] = mapped_column(JSONType)


class StagedChunk(Base):
    """The normalized entity values of a run of raw rows (the normalize stage's artifact),
    packed: zstd-compressed JSON `[[row number, entities], ...]` in row order. Staged records are
    written and read a batch at a time, never one by one: stored a row each, as JSON, they took
    1.8 kB a row and writing them was a third of the stage's time; packed they take under 100
    bytes."""

    __tablename__ = "staged_chunks"

    import_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    first_row: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_count: Mapped[int] = mapped_column(Integer)
    records: Mapped[bytes] = mapped_column(LargeBinary)


class UnresolvedValue(Base):
    """An UnresolvedField: a column or a value the pipeline could not place with confidence."""

    __tablename__ = "unresolved_values"
    __table_args__ = (Index(None, "import_id", "reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    import_id: Mapped[str] = mapped_column(String(40))
    column: Mapped[str] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    raw_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    suggestions: Mapped[list[str]] = mapped_column(JSONType, default=list)
