"""Revert: undo an applied import or writeback from its change log - created entities removed,
updated fields restored, merges split back - when nothing later touched those records. When a
later batch did, nothing is undone and the conflicts are listed instead."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.contracts.review import RevertResult
from backend.db.models import (
    ChangeLogEntry,
    ClientSnapshot,
    ContactPoint,
    EntityLink,
    FieldValue,
    SourceLink,
)
from backend.errors import Conflict
from backend.repositories import audit_repository, graph_repository, review_repository
from backend.services.client_graph import aggregation_service, graph_writes

INSERTED_MODELS = {
    "field_values": FieldValue,
    "contact_points": ContactPoint,
    "source_links": SourceLink,
    "entity_links": EntityLink,
}


def _later_changes(session: Session, entries: list[ChangeLogEntry]) -> list[str]:
    """Entities this batch changed that a later batch changed again."""
    last_entry: dict[tuple[str, str], ChangeLogEntry] = {}
    for entry in entries:
        last_entry.setdefault((entry.entity_kind, entry.entity_id), entry)
    conflicts = []
    for (kind, entity_id), entry in last_entry.items():
        later = session.scalars(
            select(ChangeLogEntry)
            .where(
                ChangeLogEntry.entity_kind == kind,
                ChangeLogEntry.entity_id == entity_id,
                ChangeLogEntry.id > entry.id,
                ChangeLogEntry.batch_id != entry.batch_id,
                ChangeLogEntry.reverted.is_(False),
            )
            .order_by(ChangeLogEntry.id)
        ).first()
        if later is not None:
            conflicts.append(
                f"{kind} {entity_id} was changed by {later.batch_id} after {entry.batch_id}"
            )
    return conflicts


def _undo(session: Session, entry: ChangeLogEntry) -> set[str]:
    after = entry.after or {}
    touched = graph_writes.linked_clients(session, entry.entity_kind, entry.entity_id)
    for group, ids in (after.get("inserted") or {}).items():
        model = INSERTED_MODELS[group]
        rows = [session.get(model, row_id) for row_id in ids]
        graph_repository.delete_rows(session, [row for row in rows if row is not None])
    for row_id in after.get("demoted") or []:
        value = session.get(FieldValue, row_id)
        if value is not None:
            value.is_current = True
    _unmove(session, after.get("moved") or {})
    entity = graph_repository.get_entities(session, entry.entity_kind, [entry.entity_id]).get(
        entry.entity_id
    )
    if entity is None:
        return touched
    if entry.before is None:
        graph_repository.delete_rows(session, [entity])
        if entry.entity_kind == "client":
            snapshot = session.get(ClientSnapshot, entry.entity_id)
            if snapshot is not None:
                graph_repository.delete_rows(session, [snapshot])
            touched.discard(entry.entity_id)
        return touched
    entity.fields = entry.before["fields"]
    entity.status = entry.before["status"]
    entity.merged_into = entry.before["merged_into"]
    entity.row_version += 1
    graph_writes.sync_columns(entry.entity_kind, entity)
    return touched | ({entry.entity_id} if entry.entity_kind == "client" else set())


def _unmove(session: Session, moved: dict[str, list[list[str | int]]]) -> None:
    for point_id, client_id, *primary in moved.get("contact_points", []):
        point = session.get(ContactPoint, point_id)
        if point is not None:
            point.client_id = str(client_id)
            if primary:  # older merge records carry no primary flag
                point.is_primary = bool(primary[0])
    for link_id, entity_id in moved.get("source_links", []):
        link = session.get(SourceLink, link_id)
        if link is not None:
            link.entity_id = str(entity_id)
    for link_id, from_id, to_id in moved.get("entity_links", []):
        elink = session.get(EntityLink, link_id)
        if elink is not None:
            elink.from_id, elink.to_id = str(from_id), str(to_id)


def revert_batch(session: Session, batch_id: str, *, actor: str) -> RevertResult:
    """Undo an applied batch, or refuse with the list of later changes in the way."""
    batch = graph_writes.lock_batch(session, batch_id)
    entries = graph_writes.change_log_of(session, batch_id)
    if not entries:
        raise Conflict(f"{batch_id} has no applied changes to revert.", batch_id=batch_id)
    conflicts = _later_changes(session, entries)
    if conflicts:
        raise Conflict(
            f"{batch_id} cannot be reverted without clobbering newer data: " + "; ".join(conflicts),
            batch_id=batch_id,
            conflicts=conflicts,
        )
    touched: set[str] = set()
    for entry in entries:
        touched |= _undo(session, entry)
        entry.reverted = True
    for delta in review_repository.deltas_of(session, batch_id, statuses=("applied",)):
        delta.status = "reverted"
    batch.status = "reverted"
    # Recorded before the refresh: the Client 360 history shows the revert as an event (who, when).
    audit_repository.record(
        session,
        actor,
        "revert",
        batch_id,
        {"entries": len(entries), "at": datetime.now(UTC).isoformat()},
    )
    session.flush()
    aggregation_service.refresh(session, touched)
    return RevertResult(batch_id=batch_id, status="reverted", reverted=len(entries))


def unmerge_client(session: Session, client_id: str, *, actor: str) -> RevertResult:
    """Split the latest applied merge that involved a client back into its clients, restoring
    each side's fields and links, and remember that they are not the same person."""
    merge = session.scalars(
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.entity_kind == "client",
            ChangeLogEntry.entity_id == client_id,
            ChangeLogEntry.action.in_(("merge", "merged_away")),
            ChangeLogEntry.reverted.is_(False),
        )
        .order_by(ChangeLogEntry.id.desc())
    ).first()
    if merge is None or merge.delta_id is None:
        raise Conflict(f"{client_id} has no applied merge to split.", client_id=client_id)
    entries = list(
        session.scalars(
            select(ChangeLogEntry)
            .where(ChangeLogEntry.delta_id == merge.delta_id, ChangeLogEntry.reverted.is_(False))
            .order_by(ChangeLogEntry.id.desc())
        )
    )
    conflicts = _later_changes(session, entries)
    if conflicts:
        raise Conflict(
            f"The merge of {client_id} cannot be split without clobbering newer data: "
            + "; ".join(conflicts),
            conflicts=conflicts,
        )
    touched: set[str] = set()
    for entry in entries:
        touched |= _undo(session, entry) | {entry.entity_id}
        entry.reverted = True
    delta = review_repository.get_deltas(session, [merge.delta_id]).get(merge.delta_id)
    if delta is not None:
        delta.status = "reverted"
        survivor, *others = delta.target_ids
        for other in others:
            review_repository.remember_rejection(
                session, "client", survivor, other, actor=actor, evidence_key=f"unmerge:{delta.id}"
            )
    audit_repository.record(session, actor, "unmerge", client_id, {"delta_id": merge.delta_id})
    session.flush()
    aggregation_service.refresh(session, touched)
    return RevertResult(batch_id=merge.batch_id, status="unmerged", reverted=len(entries))
