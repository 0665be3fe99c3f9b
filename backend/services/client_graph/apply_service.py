"""Stage 7, apply: write the approved deltas of an import or writeback to the canonical graph, in
dependency order, in the caller's single transaction, with a change log that lets revert undo
them; then refresh the Client 360 snapshots of the clients touched (stage 8) in the same
transaction. A delta whose dependency is not applied stays `blocked`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.contracts.review import ApplyResult
from backend.db.models import Delta
from backend.ids import new_id
from backend.repositories import audit_repository, review_repository
from backend.services.client_graph import aggregation_service, graph_writes

APPLICABLE = ("approved", "blocked")


def _blocked_reason(delta: Delta, statuses: dict[str, str]) -> str | None:
    waiting = [dep for dep in delta.depends_on if statuses.get(dep, "applied") != "applied"]
    if not waiting:
        return None
    described = ", ".join(f"{dep} ({statuses.get(dep)})" for dep in waiting)
    return f"{delta.id} ({delta.op} {delta.entity}) waits for {described}"


def apply_batch(session: Session, batch_id: str, *, actor: str) -> ApplyResult:
    """Apply every approved delta of a batch; returns what was applied and what is blocked."""
    batch = graph_writes.lock_batch(session, batch_id)
    deltas: Sequence[Delta] = review_repository.deltas_of(session, batch_id, for_update=True)
    statuses = {delta.id: delta.status for delta in deltas}
    apply_id = new_id("apl")
    applied, reasons = 0, []
    touched: set[str] = set()
    now = datetime.now(UTC)
    for delta in deltas:
        if delta.status not in APPLICABLE:
            continue
        reason = _blocked_reason(delta, statuses)
        if reason:
            delta.status = statuses[delta.id] = "blocked"
            reasons.append(reason)
            continue
        touched |= graph_writes.apply_delta(session, delta, batch_id=batch_id, apply_id=apply_id)
        delta.status = statuses[delta.id] = "applied"
        delta.applied_at = now
        applied += 1
    waiting = sum(1 for status in statuses.values() if status in ("pending", "blocked"))
    if applied or batch.status not in ("applied", "partially_applied"):
        batch.status = "partially_applied" if waiting else "applied"
    refreshed = aggregation_service.refresh(session, touched)
    audit_repository.record(
        session,
        actor,
        "apply",
        batch_id,
        {"apply_id": apply_id, "applied": applied, "blocked": len(reasons)},
    )
    session.flush()
    return ApplyResult(
        batch_id=batch_id,
        status=batch.status,
        applied=applied,
        blocked=len(reasons),
        blocked_reasons=reasons,
        clients_refreshed=refreshed,
    )
