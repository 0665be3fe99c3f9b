"""Import batch shapes: ImportSummary, column statistics, UnresolvedField (CONTRACTS.md s. 5)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from backend.contracts.common import BatchStatus, Contract

UnresolvedReason = Literal[
    "unmapped_column",
    "low_confidence_mapping",
    "invalid_value",
    "ambiguous_value",
    "missing_required",
]


class FileInfo(Contract):
    name: str
    sha256: str
    bytes: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


class ProfileChoice(Contract):
    key: str | None = None
    confidence: float | None = None
    inferred: bool = False


class RowCounts(Contract):
    total: int = 0
    parsed: int = 0
    rejected: int = 0
    flagged: int = 0


class ColumnCounts(Contract):
    total: int = 0
    mapped: int = 0
    unresolved: int = 0
    ignored: int = 0
    custom: int = 0


class ColumnStats(Contract):
    """What the ingest stage learned about one column, for the mapping stage."""

    index: int
    name: str
    original: str
    fill_rate: float
    distinct: int
    samples: list[str] = Field(default_factory=list)
    kinds: dict[str, float] = Field(default_factory=dict)


class ImportSummary(Contract):
    import_id: str
    status: BatchStatus
    file: FileInfo
    profile: ProfileChoice
    mapping_id: str | None = None
    rows: RowCounts
    columns: ColumnCounts
    deltas: dict[str, dict[str, int]] = Field(default_factory=dict)
    unresolved_fields: int = 0
    review_required: int = 0
    auto_approved: int = 0
    replay_of: str | None = None
    errors: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    timings: dict[str, float | None] = Field(default_factory=dict)
    source_system: str | None = None
    created_by: str | None = None
    created_at: datetime | None = None


class UnresolvedField(Contract):
    import_id: str
    column: str
    row: int | None
    raw_value: str | None
    reason: UnresolvedReason
    message: str
    suggestions: list[str] = Field(default_factory=list)
