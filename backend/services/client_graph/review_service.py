"""Stage 6, review: sort a batch's deltas into auto-approved (only where the policy allows it)
and waiting, and answer review decisions - approve with the recommended or a named option, or
reject - updating the deltas they govern and recording who decided, when and why. Carrying the
answers over a re-proposal of a batch is `carried_answers.py`."""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from datetime import UTC, datetime

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


def apply_answer(
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


def reject_pending(session: Session, decision: ReviewDecisionRow) -> None:
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
        apply_answer(session, decision, option, answer_.value, actor, cells)
        decision.status, decision.chosen_option = "approved", option
    else:
        reject_pending(session, decision)
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
