"""Assemble the ImportSummary contract from a stored batch."""

from __future__ import annotations

from backend.contracts.imports import (
    ColumnCounts,
    FileInfo,
    ImportSummary,
    ProfileChoice,
    RowCounts,
)
from backend.db.models import ImportBatch

#: The timed stages, in pipeline order; `apply` (graph writes) and `client360` (the snapshots
#: refreshed by that apply) stay null until the batch is applied.
STAGES = ("ingest", "profile", "mapping", "normalize", "resolve", "review", "apply", "client360")


def summarize(batch: ImportBatch) -> ImportSummary:
    """The ImportSummary of a batch; stages that have not run have a null timing."""
    counts = batch.counts or {}
    return ImportSummary(
        import_id=batch.id,
        status=batch.status,
        file=FileInfo(
            name=batch.file_name,
            sha256=batch.file_sha256 or "",
            bytes=batch.file_bytes,
            encoding=batch.encoding,
            delimiter=batch.delimiter,
            sheet=batch.sheet,
        ),
        profile=ProfileChoice(
            key=batch.profile_key,
            confidence=batch.profile_confidence,
            inferred=batch.profile_inferred,
        ),
        mapping_id=batch.mapping_id,
        rows=RowCounts(
            total=batch.rows_total,
            parsed=batch.rows_parsed,
            rejected=batch.rows_rejected,
            flagged=batch.rows_flagged,
        ),
        columns=ColumnCounts(**counts.get("columns", {"total": len(batch.header or [])})),
        deltas=counts.get("deltas", {}),
        unresolved_fields=counts.get("unresolved_fields", 0),
        review_required=counts.get("review_required", 0),
        auto_approved=counts.get("auto_approved", 0),
        replay_of=batch.replay_of,
        errors=list(batch.errors or []),
        warnings=list(batch.warnings or []),
        timings={stage: (batch.timings or {}).get(stage) for stage in STAGES},
        source_system=batch.source_system,
        created_by=batch.created_by,
        created_at=batch.created_at,
    )
