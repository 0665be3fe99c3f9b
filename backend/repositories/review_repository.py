"""SQL for deltas, review decisions, remembered "not the same" answers and writebacks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, String, cast, delete, func, select, update
from sqlalchemy.orm import Session

from backend.contracts.review import CanonicalDelta, ReviewDecision
from backend.db.models import Delta, MatchRejection, ReviewDecisionRow, Writeback
from backend.errors import Conflict, NotFound

#: Deltas whose status one UPDATE sets (bounded IN lists).
STATUS_CHUNK = 500


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
    if has_applied(session, batch_id):
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
) -> Sequence[Delta]:
    """A batch's deltas in proposal order."""
    statement = select(Delta).where(_batch_filter(Delta, batch_id)).order_by(Delta.seq)
    if statuses:
        statement = statement.where(Delta.status.in_(statuses))
    return session.scalars(statement).all()


def delta_states(session: Session, batch_id: str) -> Sequence[Row[*tuple[Any, ...]]]:
    """(id, op, entity, status, depends_on) of a batch's deltas in proposal order, locked: what
    apply decides on; the changes themselves are read a run at a time (`delta_writes`)."""
    statement = (
        select(Delta.id, Delta.op, Delta.entity, Delta.status, Delta.depends_on)
        .where(_batch_filter(Delta, batch_id))
        .order_by(Delta.seq)
        .with_for_update()
    )
    return session.execute(statement).all()


def creates(session: Session, batch_id: str, statuses: Collection[str]) -> list[Row[Any]]:
    """(id, entity, entity_id, changes, links) of a batch's create deltas in these statuses."""
    statement = select(Delta.id, Delta.entity, Delta.entity_id, Delta.changes, Delta.links).where(
        _batch_filter(Delta, batch_id), Delta.op == "create", Delta.status.in_(statuses)
    )
    return list(session.execute(statement))


def has_applied(session: Session, batch_id: str) -> bool:
    """Whether any delta of the batch was ever written to the graph."""
    statement = (
        select(func.count())
        .select_from(Delta)
        .where(_batch_filter(Delta, batch_id), Delta.status.in_(("applied", "reverted")))
    )
    return bool(session.scalar(statement))


def delta_writes(session: Session, ids: Sequence[str]) -> list[Row[*tuple[Any, ...]]]:
    """(id, op, entity, entity_id, target_ids, risk, import_id, changes, links) of deltas, in the
    order of `ids`."""
    statement = select(
        Delta.id,
        Delta.op,
        Delta.entity,
        Delta.entity_id,
        Delta.target_ids,
        Delta.risk,
        Delta.import_id,
        Delta.changes,
        Delta.links,
    ).where(Delta.id.in_(list(ids)))
    found = {row.id: row for row in session.execute(statement)}
    return [found[delta_id] for delta_id in ids]


def set_delta_status(
    session: Session, ids: Sequence[str], status: str, *, applied_at: datetime | None = None
) -> None:
    """Set the status of deltas in bulk, bumping their row version as an ORM update would."""
    values: dict[str, Any] = {"status": status, "row_version": Delta.row_version + 1}
    if applied_at is not None:
        values["applied_at"] = applied_at
    for start in range(0, len(ids), STATUS_CHUNK):
        session.execute(
            update(Delta)
            .where(Delta.id.in_(list(ids[start : start + STATUS_CHUNK])))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


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
    return session.scalars(statement.limit(limit).offset(offset)).all()


def pending_reviews_by_client(
    session: Session, client_ids: Collection[str]
) -> dict[str, list[dict[str, Any]]]:
    """Client id -> the pending decisions that name the client, oldest first (the summary a
    Client 360 shows)."""
    wanted = set(client_ids)
    statement = (
        select(
            ReviewDecisionRow.id,
            ReviewDecisionRow.kind,
            ReviewDecisionRow.risk,
            ReviewDecisionRow.question,
            ReviewDecisionRow.import_id,
            ReviewDecisionRow.writeback_id,
            ReviewDecisionRow.client_ids,
        )
        .where(
            ReviewDecisionRow.status == "pending",
            # Most decisions (accounts, columns) name no client; skip them in the database.
            cast(ReviewDecisionRow.client_ids, String) != "[]",
        )
        .order_by(ReviewDecisionRow.created_at, ReviewDecisionRow.id)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for decision_id, kind, risk, question, import_id, writeback_id, named in session.execute(
        statement
    ):
        summary = {
            "decision_id": decision_id,
            "kind": kind,
            "risk": risk,
            "question": question,
            "import_id": import_id,
            "writeback_id": writeback_id,
        }
        for client_id in wanted.intersection(named or []):
            found.setdefault(client_id, []).append(summary)
    return found


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


def delete_decision(session: Session, decision_id: str) -> None:
    """Forget a decision (its subject was proposed again and carries its answer on)."""
    session.execute(delete(ReviewDecisionRow).where(ReviewDecisionRow.id == decision_id))
    session.flush()


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
