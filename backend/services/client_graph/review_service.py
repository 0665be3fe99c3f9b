"""Stage 6, review: sort a batch's deltas into auto-approved (only where the policy allows it)
and waiting, and answer review decisions - approve with the recommended or a named option, or
reject - updating the deltas they govern and recording who decided, when and why."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.contracts.review import DecisionAnswer, ReviewDecision
from backend.db.models import Delta, ImportBatch, ReviewDecisionRow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.repositories import audit_repository, review_repository
from backend.services.client_graph import graph_writes
from backend.services.client_graph.policy import Policy
from backend.services.client_graph.review_rules import may_auto_approve, needs_approver, role_allows
from backend.services.client_graph.value_correction import corrected_changes
from backend.services.imports.cell_context_service import CellContexts


def triage(session: Session, batch_id: str, policy: Policy) -> tuple[int, int]:
    """Auto-approve what the policy allows; returns (decisions waiting, deltas auto-approved)."""
    started = time.perf_counter()
    deltas = review_repository.deltas_of(session, batch_id)
    decisions = review_repository.decisions(
        session, batch_id=batch_id, status="pending", limit=1_000_000
    )
    governed = {delta_id for decision in decisions for delta_id in decision.delta_ids}
    auto = 0
    for delta in deltas:
        if delta.status != "pending":
            continue
        if delta.op == "no_change":
            delta.status = "approved"
        elif may_auto_approve(
            op=delta.op,
            risk=delta.risk,
            changes=delta.changes,
            score=delta.score,
            governed=delta.id in governed,
            policy=policy,
        ):
            delta.status = "approved"
            auto += 1
    batch = graph_writes.lock_batch(session, batch_id)
    waiting = any(delta.status == "pending" for delta in deltas) or bool(decisions)
    if isinstance(batch, ImportBatch):
        batch.status = "in_review" if waiting else "proposed"
        batch.counts = {**batch.counts, "review_required": len(decisions), "auto_approved": auto}
        batch.timings = {**batch.timings, "review": round(time.perf_counter() - started, 4)}
    return len(decisions), auto


def to_contract(row: ReviewDecisionRow) -> ReviewDecision:
    """The ReviewDecision contract of a stored decision."""
    return ReviewDecision(
        decision_id=row.id,
        import_id=row.import_id,
        writeback_id=row.writeback_id,
        kind=row.kind,
        risk=row.risk,
        question=row.question,
        options=row.options,
        recommended=row.recommended,
        evidence=row.evidence,
        delta_ids=row.delta_ids,
        client_ids=row.client_ids,
        status=row.status,
        chosen_option=row.chosen_option,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        note=row.note,
    )


def _repoint(session: Session, decision: ReviewDecisionRow, target_id: str) -> None:
    """The record is an existing client: its create becomes an update of that client."""
    deltas = review_repository.get_deltas(session, decision.delta_ids)
    batch_id = decision.import_id or decision.writeback_id or ""
    for delta in deltas.values():
        old_id = delta.entity_id
        delta.op, delta.entity_id, delta.target_ids = "update", target_id, [target_id]
        for other in review_repository.deltas_of(session, batch_id):
            if other.entity_id == old_id:
                other.entity_id = target_id
                other.target_ids = [target_id]
                if other.op == "create":
                    other.op = "update"
            other.links = [
                {**link, "target_id": target_id} if link.get("target_id") == old_id else link
                for link in other.links
            ]
            other.depends_on = [dep for dep in other.depends_on if dep != delta.id]
        delta.status = "approved"


def _apply_answer(
    session: Session,
    decision: ReviewDecisionRow,
    option: str,
    value: str | None,
    actor: str,
    cells: CellContexts,
) -> None:
    deltas = review_repository.get_deltas(session, decision.delta_ids)
    if option.startswith("match:"):
        _repoint(session, decision, option.split(":", 1)[1])
        return
    if option == "create_new":
        for candidate in decision.client_ids:
            for delta in deltas.values():
                if delta.entity_id:
                    review_repository.remember_rejection(
                        session,
                        delta.entity,
                        delta.entity_id,
                        candidate,
                        actor=actor,
                        evidence_key=decision.id,
                    )
    if option == "keep_current":
        for delta in deltas.values():
            delta.changes = [{**change, "alternative": True} for change in delta.changes]
    if option == "keep_separate":
        for delta in deltas.values():
            delta.status = "rejected"
            ids = delta.target_ids
            for other in ids[1:]:
                review_repository.remember_rejection(
                    session, delta.entity, ids[0], other, actor=actor, evidence_key=decision.id
                )
        return
    if option == "correct":
        _correct_value(session, deltas.values(), decision, value, cells)
    for delta in deltas.values():
        if delta.status == "pending":
            delta.status = "approved"


def _reject_pending(session: Session, decision: ReviewDecisionRow) -> None:
    """A rejected decision's deltas that still wait are rejected with it."""
    for delta in review_repository.get_deltas(session, decision.delta_ids).values():
        if delta.status == "pending":
            delta.status = "rejected"


def _correct_value(
    session: Session,
    deltas: Collection[Delta],
    decision: ReviewDecisionRow,
    value: str | None,
    cells: CellContexts,
) -> None:
    """Put the operator's corrected value in place of the invalid one, normalized as the field's
    imported values were (the transform its change came through, its cell's context); a value
    that still does not normalize is refused with InvalidInput and nothing changes."""
    if not value or not value.strip():
        raise InvalidInput("Option 'correct' needs the corrected value.")
    field_name = str((decision.evidence or [{}])[0].get("field"))
    for delta in deltas:
        change = next((c for c in delta.changes if c["field"] == field_name), None)
        if change is None:
            continue
        provenance = change.get("provenance") or {}
        context = cells.context_of(
            session,
            import_id=delta.import_id,
            row=provenance.get("row") or delta.source_row,
            column=provenance.get("column"),
            target=f"{delta.entity}.{field_name}",
        )
        delta.changes = corrected_changes(
            delta.changes, entity=delta.entity, field=field_name, typed=value, context=context
        )


def answer(
    session: Session,
    decision_id: str,
    answer_: DecisionAnswer,
    *,
    approve: bool,
    actor: str,
    cells: CellContexts,
    role: str = "approver",
) -> ReviewDecision:
    """Approve (recommended or named option) or reject one decision; `cells` gives a corrected
    value the context its imported cell was normalized with."""
    decision = review_repository.get_decision(session, decision_id, for_update=True)
    if decision.status != "pending":
        raise Conflict(
            f"Decision {decision_id} was already {decision.status} by {decision.decided_by}.",
            decision_id=decision_id,
        )
    needed = "approver" if needs_approver(decision.risk) or approve else "operator"
    if not role_allows(role, needed):
        raise Forbidden(f"Deciding {decision_id} ({decision.risk} risk) needs the {needed} role.")
    if approve:
        option = answer_.option or decision.recommended or ""
        if option not in {o["id"] for o in decision.options}:
            raise InvalidInput(
                f"{option!r} is not an option of {decision_id}; choose one of "
                + ", ".join(o["id"] for o in decision.options)
            )
        _apply_answer(session, decision, option, answer_.value, actor, cells)
        decision.status, decision.chosen_option = "approved", option
    else:
        _reject_pending(session, decision)
        decision.status = "rejected"
    decision.decided_by, decision.decided_at, decision.note = actor, datetime.now(UTC), answer_.note
    details = {"option": decision.chosen_option, "note": answer_.note}
    if decision.chosen_option == "correct":
        details["value"] = answer_.value
    audit_repository.record(
        session, actor, "approve" if approve else "reject", decision_id, details
    )
    session.flush()
    return to_contract(decision)


def approve_all(
    session: Session,
    batch_id: str,
    *,
    risks: Sequence[str] | None,
    actor: str,
    cells: CellContexts,
    role: str = "approver",
) -> tuple[int, int]:
    """Approve every pending decision that has a recommended option (with it) and every pending
    delta no decision governs, of the given risks; returns (decisions, deltas) approved. A
    decision without a recommendation (which day/month order, say) waits for a person."""
    pending = [
        decision
        for decision in review_repository.decisions(
            session, batch_id=batch_id, status="pending", risks=risks, limit=1_000_000
        )
        if decision.recommended
    ]
    for decision in pending:
        answer(
            session,
            decision.id,
            DecisionAnswer(note="bulk approval"),
            approve=True,
            actor=actor,
            cells=cells,
            role=role,
        )
    governed = {
        d
        for row in review_repository.decisions(session, batch_id=batch_id, limit=1_000_000)
        for d in row.delta_ids
    }
    count = 0
    for delta in review_repository.deltas_of(session, batch_id, statuses=("pending",)):
        if delta.id not in governed and (not risks or delta.risk in risks):
            delta.status = "approved"
            count += 1
    audit_repository.record(
        session,
        actor,
        "approve_all",
        batch_id,
        {"decisions": len(pending), "deltas": count, "risks": risks},
    )
    session.flush()
    return len(pending), count


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


def _subjects(
    session: Session, batch_id: str, rows: Sequence[ReviewDecisionRow]
) -> dict[str, DecisionSubject]:
    """The subject of each decision, read from the batch's current deltas."""
    deltas = {delta.id: delta for delta in review_repository.deltas_of(session, batch_id)}
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


def _typed_correction(session: Session, row: ReviewDecisionRow) -> str | None:
    """The text the operator typed for a corrected value (normalized again when carried over)."""
    name = (row.evidence or [{}])[0].get("field")
    deltas = review_repository.get_deltas(session, row.delta_ids).values()
    return next(
        (
            (c.get("provenance") or {}).get("raw_value")
            for d in deltas
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
    subjects = _subjects(session, batch_id, rows)
    governed = {delta_id for row in rows for delta_id in row.delta_ids}
    for row in rows:
        if row.id == besides:
            continue
        value = _typed_correction(session, row) if row.chosen_option == "correct" else None
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
    for delta in review_repository.deltas_of(session, batch_id):
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
            _apply_answer(
                session, row, earlier.option, earlier.value, earlier.decided_by or "", cells
            )
        except InvalidInput as error:
            if earlier.option != "correct":
                raise
            return f"the corrected value {earlier.value!r} no longer holds: {error.message}"
    elif earlier.status == "rejected":
        _reject_pending(session, row)
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
    subjects = _subjects(session, batch_id, fresh)
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
    triage(session, batch_id, policy)
