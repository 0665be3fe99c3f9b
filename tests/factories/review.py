"""Reading and answering a batch's review through the services, as the identity tests do."""

from __future__ import annotations

from backend.contracts.review import CanonicalDelta, DecisionAnswer, ReviewDecision
from backend.runtime import Runtime
from backend.services import batch_actions, read_models

IDENTITY_KINDS = frozenset({"identity_merge", "ambiguous_match", "identity_conflict"})
"""The decision kinds that ask who a row is."""


def identity_decisions(runtime: Runtime, import_id: str) -> list[ReviewDecision]:
    """A batch's identity decisions, whatever their status."""
    with runtime.unit() as session:
        decisions = read_models.decisions_of(session, batch_id=import_id)
    return [d for d in decisions if d.kind in IDENTITY_KINDS]


def client_deltas(runtime: Runtime, import_id: str) -> list[CanonicalDelta]:
    """A batch's proposed client deltas."""
    with runtime.unit() as session:
        return [d for d in read_models.deltas_of(session, import_id) if d.entity == "client"]


def answer(runtime: Runtime, decision: ReviewDecision, option: str) -> None:
    """Answer a decision with one of its options, and approve it, as an approver."""
    batch_actions.decide(
        runtime,
        decision.decision_id,
        DecisionAnswer(option=option),
        approve=True,
        actor="tester",
        role="approver",
    )
