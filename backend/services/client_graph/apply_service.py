"""Stage 7, apply: write the approved deltas of an import or writeback to the canonical graph, in
dependency order, in the caller's single transaction, with a change log that lets revert undo
them; then refresh the Client 360 snapshots of the clients touched (stage 8) in the same
transaction. A delta whose dependency is not applied stays `blocked`. The time each of the two
took is kept in the import's stage timings (`apply`, `client360`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from backend.contracts.review import ApplyResult
from backend.db.models import ImportBatch
from backend.errors import Conflict
from backend.ids import new_id
from backend.repositories import audit_repository, graph_repository, review_repository
from backend.services.client_graph import aggregation_service, graph_writes, people

APPLICABLE = ("approved", "blocked")


def _blocked_reason(delta: Row[*tuple[Any, ...]], statuses: dict[str, str]) -> str | None:
    waiting = [dep for dep in delta.depends_on if statuses.get(dep, "applied") != "applied"]
    if not waiting:
        return None
    described = ", ".join(f"{dep} ({statuses.get(dep)})" for dep in waiting)
    return f"{delta.id} ({delta.op} {delta.entity}) waits for {described}"


#: What identifies an entity already in the graph, by kind: a create carrying one of these
#: values duplicates the holder (the same records were applied by another import after this
#: one was proposed). Source links identify every kind. A client's e-mail addresses, first or
#: second, are looked up among every client's addresses, as the matcher looks them up.
_IDENTIFYING = {"client": people.EMAIL_FIELDS, "account": ("name_key", "domain")}
_LOOKED_UP_AS = {field: "email" for field in people.EMAIL_FIELDS}


def _holders(session: Session, kind: str, key: str, values: set[str]) -> dict[str, str]:
    """value -> an active entity of `kind` holding it under `key`."""
    if key == "source":
        return graph_repository.entity_ids_by_source_links(session, kind, values)
    if key == "email":
        found = graph_repository.client_ids_by_contact_values(session, "email", values)
        return {value: min(ids) for value, ids in found.items()}
    return {
        value: ids[0]
        for value, ids in graph_repository.ids_by_column(session, kind, key, values).items()
    }


def _duplicates(session: Session, batch_id: str) -> dict[str, str]:
    """Why each approved create would duplicate an entity written since it was proposed. A
    create an operator chose over a candidate (a decision governs it) is theirs to make."""
    decided = {
        delta_id
        for decision in review_repository.decisions(session, batch_id=batch_id, limit=1_000_000)
        for delta_id in decision.delta_ids
    }
    wanted: dict[str, list[tuple[str, str, str]]] = {}  # delta -> (kind, key, value)
    for row in review_repository.creates(session, batch_id, APPLICABLE):
        if row.id in decided:
            continue
        pairs = [("source", link["source_link"]) for link in row.links if link.get("source_link")]
        pairs += [
            (_LOOKED_UP_AS.get(change["field"], change["field"]), change["new"])
            for change in row.changes
            if change["field"] in _IDENTIFYING.get(row.entity, ())
            and isinstance(change["new"], str)
            and change.get("valid", True)
        ]
        wanted[row.id] = [(row.entity, key, value) for key, value in pairs]
    values: dict[tuple[str, str], set[str]] = {}
    for keys in wanted.values():
        for kind, key, value in keys:
            values.setdefault((kind, key), set()).add(value)
    held = {
        (kind, key, value): holder
        for (kind, key), group in values.items()
        for value, holder in _holders(session, kind, key, group).items()
    }
    reasons = {}
    for delta_id, keys in wanted.items():
        found = next(((k, held[k]) for k in keys if k in held), None)
        if found:
            (kind, key, value), holder = found
            reasons[delta_id] = (
                f"{delta_id} (create {kind}) would duplicate {holder}, which already holds "
                f"{key} {value!r}; replay the import to propose an update instead"
            )
    return reasons


def apply_batch(session: Session, batch_id: str, *, actor: str) -> ApplyResult:
    """Apply every approved delta of a batch; returns what was applied and what is blocked."""
    started = time.perf_counter()
    batch = graph_writes.lock_batch(session, batch_id)
    if batch.status in ("failed", "reverted"):
        raise Conflict(f"{batch_id} is {batch.status}; there is nothing to apply.")
    deltas = review_repository.delta_states(session, batch_id)
    statuses = {delta.id: delta.status for delta in deltas}
    duplicates = _duplicates(session, batch_id)
    apply_id = new_id("apl")
    to_apply: list[Row[*tuple[Any, ...]]] = []
    blocked: list[str] = []
    reasons = []
    for delta in deltas:
        if delta.status not in APPLICABLE:
            continue
        reason = duplicates.get(delta.id) or _blocked_reason(delta, statuses)
        if reason:
            statuses[delta.id] = "blocked"
            blocked.append(delta.id)
            reasons.append(reason)
            continue
        statuses[delta.id] = "applied"
        to_apply.append(delta)
    review_repository.set_delta_status(session, blocked, "blocked")
    review_repository.set_delta_status(
        session, [delta.id for delta in to_apply], "applied", applied_at=datetime.now(UTC)
    )
    touched = graph_writes.apply_deltas(
        session,
        [delta.id for delta in to_apply if delta.op != "no_change"],
        batch_id=batch_id,
        apply_id=apply_id,
    )
    waiting = sum(1 for status in statuses.values() if status in ("pending", "blocked"))
    if to_apply or not waiting:  # nothing applied and some waiting: still in review
        batch.status = "partially_applied" if waiting else "applied"
    written = time.perf_counter()
    refreshed = aggregation_service.refresh(session, touched)
    if isinstance(batch, ImportBatch):
        batch.timings = {
            **batch.timings,
            "apply": round(written - started, 4),
            "client360": round(time.perf_counter() - written, 4),
        }
    audit_repository.record(
        session,
        actor,
        "apply",
        batch_id,
        {"apply_id": apply_id, "applied": len(to_apply), "blocked": len(reasons)},
    )
    session.flush()
    return ApplyResult(
        batch_id=batch_id,
        status=batch.status,
        applied=len(to_apply),
        blocked=len(reasons),
        blocked_reasons=reasons,
        clients_refreshed=refreshed,
    )
