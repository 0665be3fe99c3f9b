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
from backend.ids import new_id
from backend.repositories import audit_repository, review_repository
from backend.services.client_graph import aggregation_service, graph_writes

APPLICABLE = ("approved", "blocked")


def _blocked_reason(delta: Row[*tuple[Any, ...]], statuses: dict[str, str]) -> str | None:
    waiting = [dep for dep in delta.depends_on if statuses.get(dep, "applied") != "applied"]
    if not waiting:
        return None
    described = ", ".join(f"{dep} ({statuses.get(dep)})" for dep in waiting)
    return f"{delta.id} ({delta.op} {delta.entity}) waits for {described}"


def apply_batch(session: Session, batch_id: str, *, actor: str) -> ApplyResult:
    """Apply every approved delta of a batch; returns what was applied and what is blocked."""
    started = time.perf_counter()
    batch = graph_writes.lock_batch(session, batch_id)
    deltas = review_repository.delta_states(session, batch_id)
    statuses = {delta.id: delta.status for delta in deltas}
    apply_id = new_id("apl")
    to_apply: list[Row[*tuple[Any, ...]]] = []
    blocked: list[str] = []
    reasons = []
    for delta in deltas:
        if delta.status not in APPLICABLE:
            continue
        reason = _blocked_reason(delta, statuses)
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
    if to_apply or batch.status not in ("applied", "partially_applied"):
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
