"""SQL for deltas, review decisions, remembered "not the same" answers and writebacks."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.contracts.review import CanonicalDelta, ReviewDecision
from backend.db.models import Delta, MatchRejection, ReviewDecisionRow, Writeback
from backend.errors import Conflict, NotFound


def _delta_row(delta: CanonicalDelta, seq: int) -> Delta:
    return Delta(
        id=delta.delta_id,
        seq=seq,
        import_id=delta.import_id,
        writeback_id=delta.writeback_id,
        op=delta.op,
        entity=delta.entity,
        entity_id=delta.entity_id,
        target_ids=list(delta.target_ids),
        changes=[change.model_dump(mode="json") for change in delta.changes],
        links=[link.model_dump(mode="json") for link in delta.links],
        score=delta.score,
        evidence=[item.model_dump(mode="json") for item in delta.evidence],
        risk=delta.risk,
        status=delta.status,
        depends_on=list(delta.depends_on),
        source_row=delta.source_row,
    )


def _decision_row(decision: ReviewDecision) -> ReviewDecisionRow:
    return ReviewDecisionRow(
        id=decision.decision_id,
        import_id=decision.import_id,
        writeback_id=decision.writeback_id,
        kind=decision.kind,
        risk=decision.risk,
        question=decision.question,
        options=[option.model_dump(mode="json") for option in decision.options],
        recommended=decision.recommended,
        evidence=decision.evidence,
        delta_ids=list(decision.delta_ids),
        client_ids=list(decision.client_ids),
        status=decision.status,
    )


def _batch_filter(model: type[Delta] | type[ReviewDecisionRow], batch_id: str):  # type: ignore[no-untyped-def]
    if batch_id.startswith("wbk_"):
        return model.writeback_id == batch_id
    return model.import_id == batch_id


def replace_proposals(
    session: Session,
    batch_id: str,
    deltas: Sequence[CanonicalDelta],
    decisions: Sequence[ReviewDecision],
) -> None:
    """Store a batch's proposals, replacing earlier ones that nothing has applied."""
    applied = session.scalar(
        select(func.count())
        .select_from(Delta)
        .where(_batch_filter(Delta, batch_id), Delta.status.in_(("applied", "reverted")))
    )
    if applied:
        raise Conflict(
            f"Batch {batch_id} already has applied changes; replay it as a new import instead."
        )
    session.execute(delete(Delta).where(_batch_filter(Delta, batch_id)))
    session.execute(
        delete(ReviewDecisionRow).where(
            _batch_filter(ReviewDecisionRow, batch_id), ReviewDecisionRow.status == "pending"
        )
    )
    session.add_all(_delta_row(delta, seq) for seq, delta in enumerate(deltas))
    session.add_all(_decision_row(decision) for decision in decisions)
    session.flush()


def deltas_of(
    session: Session,
    batch_id: str,
    *,
    statuses: Collection[str] | None = None,
    for_update: bool = False,
) -> Sequence[Delta]:
    """A batch's deltas in proposal order."""
    statement = select(Delta).where(_batch_filter(Delta, batch_id)).order_by(Delta.seq)
    if statuses:
        statement = statement.where(Delta.status.in_(statuses))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).all()


def get_deltas(session: Session, ids: Collection[str]) -> dict[str, Delta]:
    """Deltas by id."""
    if not ids:
        return {}
    return {d.id: d for d in session.scalars(select(Delta).where(Delta.id.in_(list(ids))))}


def decisions(
    session: Session,
    *,
    batch_id: str | None = None,
    kind: str | None = None,
    risks: Collection[str] | None = None,
    status: str | None = None,
    client_id: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> Sequence[ReviewDecisionRow]:
    """Review decisions, filtered, oldest first."""
    statement = select(ReviewDecisionRow).order_by(
        ReviewDecisionRow.created_at, ReviewDecisionRow.id
    )
    if batch_id:
        statement = statement.where(_batch_filter(ReviewDecisionRow, batch_id))
    if kind:
        statement = statement.where(ReviewDecisionRow.kind == kind)
    if risks:
        statement = statement.where(ReviewDecisionRow.risk.in_(list(risks)))
    if status:
        statement = statement.where(ReviewDecisionRow.status == status)
    rows = session.scalars(statement.limit(limit if not client_id else 100_000).offset(offset))
    if client_id:
        return [row for row in rows if client_id in (row.client_ids or [])][:limit]
    return rows.all()


def get_decision(
    session: Session, decision_id: str, *, for_update: bool = False
) -> ReviewDecisionRow:
    """One decision, or NotFound."""
    statement = select(ReviewDecisionRow).where(ReviewDecisionRow.id == decision_id)
    if for_update:
        statement = statement.with_for_update()
    row = session.scalars(statement).one_or_none()
    if row is None:
        raise NotFound(f"There is no review decision {decision_id!r}.", decision_id=decision_id)
    return row


def rejected_pairs(session: Session, kind: str) -> set[frozenset[str]]:
    """Pairs of entities an operator said are not the same."""
    statement = select(MatchRejection.id_a, MatchRejection.id_b).where(
        MatchRejection.entity_kind == kind
    )
    return {frozenset(pair) for pair in session.execute(statement)}


def remember_rejection(
    session: Session, kind: str, id_a: str, id_b: str, *, actor: str, evidence_key: str | None
) -> None:
    """Record a lasting "not the same" answer."""
    first, second = sorted((id_a, id_b))
    exists = session.scalar(
        select(func.count())
        .select_from(MatchRejection)
        .where(
            MatchRejection.entity_kind == kind,
            MatchRejection.id_a == first,
            MatchRejection.id_b == second,
        )
    )
    if not exists:
        session.add(
            MatchRejection(
                entity_kind=kind,
                id_a=first,
                id_b=second,
                decided_by=actor,
                evidence_key=evidence_key,
            )
        )
        session.flush()


def get_writeback(session: Session, writeback_id: str, *, for_update: bool = False) -> Writeback:
    """One writeback, or NotFound."""
    statement = select(Writeback).where(Writeback.id == writeback_id)
    if for_update:
        statement = statement.with_for_update()
    row = session.scalars(statement).one_or_none()
    if row is None:
        raise NotFound(f"There is no writeback {writeback_id!r}.", writeback_id=writeback_id)
    return row


def list_writebacks(
    session: Session, *, client_id: str | None = None, limit: int = 200
) -> Sequence[Writeback]:
    """Writebacks, newest first."""
    statement = select(Writeback).order_by(Writeback.created_at.desc()).limit(limit)
    if client_id:
        statement = statement.where(Writeback.client_id == client_id)
    return session.scalars(statement).all()
