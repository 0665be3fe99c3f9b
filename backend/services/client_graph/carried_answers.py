"""When a batch is proposed again (an operator answered a mapping or date-order question),
carry each earlier answer over to the new decision about the same subject - its column, or its
row and field, not its wording - or drop it with an audit event (`supersede`), so that no
decision stays attached to deltas that are gone and nothing the operator did not see is taken as
answered."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.db.models import Delta, ReviewDecisionRow
from backend.errors import InvalidInput
from backend.repositories import audit_repository, review_repository
from backend.services.client_graph import review_service
from backend.services.client_graph.policy import Policy
from backend.services.imports.cell_context_service import CellContexts

DecisionSubject = tuple[str, ...]
"""What a decision is about within its batch, stable when the batch is proposed again (unlike
its question, whose wording names values, labels and the new ids of new records): its kind and
column; or its kind, entity kind and the source row of the delta it governs (and the field, for
an invalid value); or, for a merge, its members - a new record by the row that creates it, an
existing one by its id."""

#: Decisions about a whole column; an answer to one is kept by the mapping or the date orders.
COLUMN_KINDS = frozenset({"unmapped_column", "ambiguous_value"})


@dataclass(frozen=True)
class _Answer:
    """One decision of the earlier proposal: its subject, what it asked and how it was answered."""

    decision_id: str
    subject: DecisionSubject
    kind: str
    question: str
    offered: frozenset[str]
    evidence: list[dict[str, Any]]
    governs_deltas: bool
    status: str
    option: str | None
    value: str | None
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


@dataclass
class Answers:
    """What a batch's operators had answered and approved, kept across a re-proposal."""

    decisions: list[_Answer] = field(default_factory=list)
    delta_statuses: dict[tuple[str, str, int | None], str] = field(default_factory=dict)


def _deltas_by_id(session: Session, batch_id: str) -> dict[str, Delta]:
    return {delta.id: delta for delta in review_repository.deltas_of(session, batch_id)}


def _subjects(
    deltas: Mapping[str, Delta], rows: Sequence[ReviewDecisionRow]
) -> dict[str, DecisionSubject]:
    """The subject of each decision, read from the batch's current deltas (by id)."""
    created = {
        delta.entity_id: f"row {delta.source_row}"
        for delta in deltas.values()
        if delta.op == "create" and delta.entity_id
    }
    return {row.id: _subject(row, deltas, created) for row in rows}


def _subject(
    decision: ReviewDecisionRow, deltas: Mapping[str, Delta], created: Mapping[str, str]
) -> DecisionSubject:
    first = (decision.evidence or [{}])[0]
    if decision.kind in COLUMN_KINDS:
        return (decision.kind, "column", str(first.get("column")))
    governed = next((deltas[i] for i in decision.delta_ids if i in deltas), None)
    if governed is None:
        return (decision.kind, "question", decision.question)
    if governed.op == "merge":
        members = sorted(created.get(target, target) for target in governed.target_ids)
        return (decision.kind, governed.entity, "merge", *members)
    detail = str(first.get("field")) if decision.kind == "invalid_value" else ""
    return (decision.kind, governed.entity, f"row {governed.source_row}", detail)


def _typed_correction(row: ReviewDecisionRow, deltas: Mapping[str, Delta]) -> str | None:
    """The text the operator typed for a corrected value (normalized again when carried over),
    from the deltas of its batch (by id)."""
    name = (row.evidence or [{}])[0].get("field")
    governed = [deltas[delta_id] for delta_id in row.delta_ids if delta_id in deltas]
    return next(
        (
            (c.get("provenance") or {}).get("raw_value")
            for d in governed
            for c in d.changes
            if c["field"] == name
        ),
        None,
    )


def remember_answers(session: Session, batch_id: str, *, besides: str) -> Answers:
    """The decisions of a batch (except `besides`, the one being answered), each with its
    subject, and the statuses of deltas no decision governs, before the batch is proposed
    again."""
    answers = Answers()
    rows = review_repository.decisions(session, batch_id=batch_id, limit=1_000_000)
    deltas = _deltas_by_id(session, batch_id)
    subjects = _subjects(deltas, rows)
    governed = {delta_id for row in rows for delta_id in row.delta_ids}
    for row in rows:
        if row.id == besides:
            continue
        value = _typed_correction(row, deltas) if row.chosen_option == "correct" else None
        answers.decisions.append(
            _Answer(
                decision_id=row.id,
                subject=subjects[row.id],
                kind=row.kind,
                question=row.question,
                offered=frozenset(option["id"] for option in row.options),
                evidence=list(row.evidence or []),
                governs_deltas=bool(row.delta_ids),
                status=row.status,
                option=row.chosen_option,
                value=value,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
                note=row.note,
            )
        )
    for delta in deltas.values():
        if delta.id not in governed and delta.status in ("approved", "rejected"):
            answers.delta_statuses[(delta.entity, delta.op, delta.source_row)] = delta.status
    return answers


def _change_key(change: Mapping[str, Any], *, with_values: bool) -> str:
    parts = [change.get("field")]
    if with_values:
        parts += [change.get("old"), change.get("new")]
    return json.dumps(parts, sort_keys=True, default=str)


def _no_longer_applies(earlier: _Answer, fresh: ReviewDecisionRow) -> str | None:
    """Why an answer does not answer the new question about its subject - an option no longer
    offered, a value or candidate the operator did not see - or None when it does."""
    options = [option["id"] for option in fresh.options]
    if earlier.status == "approved" and earlier.option not in options:
        return f"option {earlier.option!r} is no longer offered"
    if earlier.option == "create_new" and (unseen := sorted(set(options) - earlier.offered)):
        return f"it now also offers {', '.join(unseen)}"
    first_then, first_now = (earlier.evidence or [{}])[0], (fresh.evidence or [{}])[0]
    if fresh.kind == "invalid_value" and first_then.get("raw_value") != first_now.get("raw_value"):
        return f"the value is now {first_now.get('raw_value')!r}"
    if fresh.kind == "field_overwrite":
        # An approved overwrite covers the values it was shown; keeping values, the fields.
        exact = earlier.status == "approved" and earlier.option == "overwrite"
        seen = {_change_key(c, with_values=exact) for c in earlier.evidence}
        unseen = [c for c in fresh.evidence if _change_key(c, with_values=exact) not in seen]
        if unseen:
            described = "; ".join(
                f"{c.get('field')} {c.get('old')!r} → {c.get('new')!r}" for c in unseen
            )
            return f"it now also replaces {described}"
    return None


def _carry(
    session: Session, row: ReviewDecisionRow, earlier: _Answer, cells: CellContexts
) -> str | None:
    """Give a new decision its earlier answer; why not, when a correction no longer holds."""
    if earlier.status == "approved" and earlier.option:
        try:
            review_service.apply_answer(
                session, row, earlier.option, earlier.value, earlier.decided_by or "", cells
            )
        except InvalidInput as error:
            if earlier.option != "correct":
                raise
            return f"the corrected value {earlier.value!r} no longer holds: {error.message}"
    elif earlier.status == "rejected":
        review_service.reject_pending(session, row)
    row.status, row.chosen_option = earlier.status, earlier.option
    row.decided_by, row.decided_at, row.note = earlier.decided_by, earlier.decided_at, earlier.note
    return None


def _record_dropped(
    session: Session, earlier: _Answer, reason: str, *, actor: str, question_now: str | None
) -> None:
    """The audit trail of an answer the new proposal does not take: asked again (the new
    question) or no longer asked."""
    audit_repository.record(
        session,
        actor,
        "supersede",
        earlier.decision_id,
        {
            "kind": earlier.kind,
            "question": earlier.question,
            "status": earlier.status,
            "option": earlier.option,
            "value": earlier.value,
            "decided_by": earlier.decided_by,
            "decided_at": earlier.decided_at.isoformat() if earlier.decided_at else None,
            "note": earlier.note,
            "reason": reason,
            "asked_again": question_now is not None,
            "question_now": question_now,
        },
    )


def restore_answers(
    session: Session,
    batch_id: str,
    answers: Answers,
    policy: Policy,
    cells: CellContexts,
    *,
    actor: str,
) -> None:
    """Give each decision of a re-proposed batch the id, and the answer, of the earlier decision
    about the same subject, and undecided deltas their statuses; then sort the batch again. An
    answer that does not answer the new question (values or candidates it did not see, an
    option gone, a correction that no longer normalizes) is asked again; an answered decision
    the new proposal no longer asks is removed, since its deltas are gone. Every answer dropped
    is kept in the audit log (`supersede`)."""
    fresh = review_repository.decisions(
        session, batch_id=batch_id, status="pending", limit=1_000_000
    )
    subjects = _subjects(_deltas_by_id(session, batch_id), fresh)
    governed = {delta_id for row in fresh for delta_id in row.delta_ids}
    waiting: dict[DecisionSubject, _Answer] = {}
    for earlier in answers.decisions:
        waiting.setdefault(earlier.subject, earlier)
    unasked = [a for a in answers.decisions if waiting[a.subject] is not a]
    for row in fresh:
        if subjects[row.id] not in waiting:
            continue
        earlier = waiting.pop(subjects[row.id])
        if earlier.status != "pending":
            review_repository.delete_decision(session, earlier.decision_id)
        row.id = earlier.decision_id
        if earlier.status == "pending":
            continue
        reason = _no_longer_applies(earlier, row) or _carry(session, row, earlier, cells)
        if reason:
            _record_dropped(session, earlier, reason, actor=actor, question_now=row.question)
        elif row.question != earlier.question:
            details = {
                "question": earlier.question,
                "now": row.question,
                "option": row.chosen_option,
            }
            audit_repository.record(session, actor, "carry_over", row.id, details)
    for earlier in [*waiting.values(), *unasked]:
        # A column's answer stays: the batch's mapping or date orders keep it.
        if earlier.status == "pending" or not earlier.governs_deltas:
            continue
        review_repository.delete_decision(session, earlier.decision_id)
        reason = "the new proposal no longer asks it"
        _record_dropped(session, earlier, reason, actor=actor, question_now=None)
    for delta in review_repository.deltas_of(session, batch_id, statuses=("pending",)):
        status = answers.delta_statuses.get((delta.entity, delta.op, delta.source_row))
        if status and delta.id not in governed:
            delta.status = status
    session.flush()
    review_service.triage(session, batch_id, policy)
