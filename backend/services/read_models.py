"""Read-only queries shared by the CLI and the API, returning contract shapes: batches, their
mapping, unresolved fields, deltas and decisions, and source profiles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.contracts.imports import ImportSummary, UnresolvedField
from backend.contracts.mapping import MappingManifest
from backend.contracts.review import CanonicalDelta, ReviewDecision
from backend.db.models import Delta
from backend.errors import NotFound
from backend.repositories import (
    audit_repository,
    imports_repository,
    mapping_repository,
    review_repository,
)
from backend.services.client_graph.review_service import to_contract
from backend.services.imports.import_summary import summarize
from backend.services.imports.source_profiles import ProfileRegistry


def list_imports(
    session: Session, *, limit: int = 50, offset: int = 0, status: str | None = None
) -> list[ImportSummary]:
    """Import batches, newest first."""
    batches = imports_repository.list_batches(session, limit=limit, offset=offset, status=status)
    return [summarize(batch) for batch in batches]


def import_summary(session: Session, import_id: str) -> ImportSummary:
    """One batch's ImportSummary."""
    return summarize(imports_repository.get_batch(session, import_id))


def mapping_of(session: Session, import_id: str) -> MappingManifest:
    """The mapping manifest a batch used."""
    batch = imports_repository.get_batch(session, import_id)
    if not batch.mapping_id:
        raise NotFound(f"Import {import_id} has no mapping (it failed before the mapping stage).")
    row = mapping_repository.get_manifest(session, batch.mapping_id)
    manifest = MappingManifest.model_validate(row.document)
    if row.import_id == batch.id:
        return manifest
    # A manifest made for another import and reused here: its decisions are `saved` ones, but
    # for an operator's own edits, which stay theirs.
    entries = [
        entry if entry.origin == "operator" else entry.model_copy(update={"origin": "saved"})
        for entry in manifest.entries
    ]
    return manifest.model_copy(update={"entries": entries})


def unresolved_of(
    session: Session, import_id: str, *, limit: int = 1000, offset: int = 0
) -> list[UnresolvedField]:
    """A batch's unresolved fields."""
    imports_repository.get_batch(session, import_id)
    return [
        UnresolvedField(
            import_id=row.import_id,
            column=row.column,
            row=row.row,
            raw_value=row.raw_value,
            reason=row.reason,
            message=row.message,
            suggestions=row.suggestions,
        )
        for row in imports_repository.list_unresolved(
            session, import_id, limit=limit, offset=offset
        )
    ]


def delta_contract(row: Delta) -> CanonicalDelta:
    """The CanonicalDelta contract of a stored delta."""
    return CanonicalDelta(
        delta_id=row.id,
        import_id=row.import_id,
        writeback_id=row.writeback_id,
        op=row.op,
        entity=row.entity,
        entity_id=row.entity_id,
        target_ids=row.target_ids,
        changes=row.changes,
        links=row.links,
        score=row.score,
        evidence=row.evidence,
        risk=row.risk,
        status=row.status,
        depends_on=row.depends_on,
        source_row=row.source_row,
    )


def deltas_of(
    session: Session, batch_id: str, *, status: str | None = None
) -> list[CanonicalDelta]:
    """A batch's deltas in proposal order."""
    rows = review_repository.deltas_of(session, batch_id, statuses=[status] if status else None)
    return [delta_contract(row) for row in rows]


def decisions_of(
    session: Session,
    *,
    batch_id: str | None = None,
    kind: str | None = None,
    risks: Sequence[str] | None = None,
    status: str | None = None,
    limit: int = 500,
) -> list[ReviewDecision]:
    """Review decisions, filtered."""
    rows = review_repository.decisions(
        session, batch_id=batch_id, kind=kind, risks=risks, status=status, limit=limit
    )
    return [to_contract(row) for row in rows]


def source_profiles(registry: ProfileRegistry) -> list[dict[str, Any]]:
    """The available source profiles."""
    return [
        {
            "key": p.key,
            "system": p.system,
            "object": p.object,
            "label": p.label,
            "date_order": p.date_order,
            "default_region": p.default_region,
        }
        for p in registry.all()
    ]


def audit_events(
    session: Session, *, since: datetime | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """The audit log, oldest first."""
    return [
        {
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "subject_id": e.subject_id,
            "details": e.details,
        }
        for e in audit_repository.events(session, since=since, limit=limit)
    ]
