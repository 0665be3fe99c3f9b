"""HTTP routes for review decisions (`/api/crm/decisions`)."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import DecideDep, RuntimeDep, ViewDep
from backend.contracts.review import DecisionAnswer, ReviewDecision
from backend.services import batch_actions, read_models

router = APIRouter(prefix="/api/crm/decisions", tags=["review"])


@router.get("", response_model=list[ReviewDecision])
def list_decisions(
    runtime: RuntimeDep,
    _actor: ViewDep,
    import_id: str | None = None,
    status: str | None = "pending",
    kind: str | None = None,
    risk: str | None = None,
) -> list[ReviewDecision]:
    """Review decisions, filtered by import or writeback, status, kind and risk."""
    with runtime.unit() as session:
        return read_models.decisions_of(
            session,
            batch_id=import_id,
            kind=kind,
            risks=risk.split(",") if risk else None,
            status=status or None,
        )


@router.post("/{decision_id}/approve", response_model=ReviewDecision)
def approve_decision(
    runtime: RuntimeDep, actor: DecideDep, decision_id: str, answer: DecisionAnswer | None = None
) -> ReviewDecision:
    """Approve with the recommended option, or the named one (an approver decides)."""
    return batch_actions.decide(
        runtime,
        decision_id,
        answer or DecisionAnswer(),
        approve=True,
        actor=actor.name,
        role=actor.role,
    )


@router.post("/{decision_id}/reject", response_model=ReviewDecision)
def reject_decision(
    runtime: RuntimeDep, actor: DecideDep, decision_id: str, answer: DecisionAnswer | None = None
) -> ReviewDecision:
    """Reject a decision: the deltas it governs are not applied."""
    return batch_actions.decide(
        runtime,
        decision_id,
        answer or DecisionAnswer(),
        approve=False,
        actor=actor.name,
        role=actor.role,
    )
