"""Actions on whole batches and decisions that the CLI and API share, each one unit of work:
answer a decision (re-proposing the batch from raw evidence when the answer changes its mapping
or date order), apply, revert."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from backend.contracts.mapping import MappingEdit
from backend.contracts.review import ApplyResult, DecisionAnswer, RevertResult, ReviewDecision
from backend.repositories import audit_repository, imports_repository, review_repository
from backend.runtime import Runtime
from backend.services.client_graph import (
    apply_service,
    carried_answers,
    revert_service,
    review_service,
)
from backend.services.import_pipeline import propose
from backend.services.imports import ingest_service, mapping_service
from backend.services.imports.cell_context_service import CellContexts
from backend.services.imports.targets import CUSTOM_ENTITIES, custom_slug

#: Decisions about a whole column, whose answers change the batch's mapping or date orders.
REPROPOSING_KINDS = carried_answers.COLUMN_KINDS


def _cell_contexts(runtime: Runtime) -> CellContexts:
    """What a corrected value is normalized with: the profiles and region imports run with."""
    return CellContexts(runtime.profiles, runtime.policy.default_region)


def decide(
    runtime: Runtime,
    decision_id: str,
    answer: DecisionAnswer,
    *,
    approve: bool,
    actor: str,
    role: str,
) -> ReviewDecision:
    """Approve or reject one decision; a mapping or date-order answer proposes its batch again
    (carrying every other answer over to the new decision about the same subject), or replays it
    as a new import once some of it is applied."""
    with runtime.unit() as session:
        return _decide(
            session, runtime, decision_id, answer, approve=approve, actor=actor, role=role
        )


def _decide(
    session: Session,
    runtime: Runtime,
    decision_id: str,
    answer: DecisionAnswer,
    *,
    approve: bool,
    actor: str,
    role: str,
) -> ReviewDecision:
    cells = _cell_contexts(runtime)
    decided = review_service.answer(
        session, decision_id, answer, approve=approve, actor=actor, cells=cells, role=role
    )
    if not approve or decided.kind not in REPROPOSING_KINDS or not decided.import_id:
        return decided
    batch = imports_repository.get_batch(session, decided.import_id, for_update=True)
    option = decided.chosen_option or ""
    mapping_id = batch.mapping_id
    column = str(decided.evidence[0]["column"])
    orders = dict(batch.counts.get("date_orders", {}))
    if decided.kind == "ambiguous_value":
        orders[column] = option.split(":", 1)[1]
    elif mapping_id:
        entity = mapping_service.get_manifest(session, mapping_id).object
        edit = _mapping_edit(column, option, entity)
        mapping_id = mapping_service.edit_mapping(session, mapping_id, [edit], actor=actor).id
    if review_repository.has_applied(session, batch.id):
        # Written rows cannot be proposed again in place: the answer takes effect in a replay.
        replayed = ingest_service.replay_batch(session, batch, actor=actor)
        replayed.counts = {**replayed.counts, "date_orders": orders}
        propose(session, runtime, replayed, mapping_id=mapping_id, actor=actor)
        audit_repository.record(
            session, actor, "replay", batch.id, {"replay": replayed.id, "decision": decision_id}
        )
        return decided
    batch.counts = {**batch.counts, "date_orders": orders}
    answers = carried_answers.remember_answers(session, batch.id, besides=decision_id)
    propose(session, runtime, batch, mapping_id=mapping_id, actor=actor)
    carried_answers.restore_answers(session, batch.id, answers, runtime.policy, cells, actor=actor)
    return decided


def _mapping_edit(column: str, option: str, entity: str) -> MappingEdit:
    if option.startswith("map:"):
        return MappingEdit(column=column, target=option.split(":", 1)[1])
    if option == "custom":
        owner = entity if entity in CUSTOM_ENTITIES else "client"
        return MappingEdit(column=column, target=f"{owner}.custom.{custom_slug(column)}")
    return MappingEdit(column=column, disposition="ignore")


def approve_all(
    runtime: Runtime, batch_id: str, *, risks: Sequence[str] | None, actor: str, role: str
) -> tuple[int, int]:
    """Approve every pending decision (recommended option) and undecided delta of a batch (of
    the given risks): mapping and date-order answers first, each proposing the batch again,
    then everything the final proposal waits on. Returns (decisions, deltas) approved."""
    with runtime.unit() as session:
        reproposing = [
            row.id
            for row in review_repository.decisions(
                session, batch_id=batch_id, status="pending", risks=risks, limit=1_000_000
            )
            if row.kind in REPROPOSING_KINDS and row.recommended
        ]
        note = DecisionAnswer(note="bulk approval")
        for decision_id in reproposing:
            _decide(session, runtime, decision_id, note, approve=True, actor=actor, role=role)
        decisions, deltas = review_service.approve_all(
            session, batch_id, risks=risks, actor=actor, cells=_cell_contexts(runtime), role=role
        )
        return decisions + len(reproposing), deltas


def apply(runtime: Runtime, batch_id: str, *, actor: str) -> ApplyResult:
    """Apply a batch's approved deltas in one transaction."""
    with runtime.unit() as session:
        return apply_service.apply_batch(session, batch_id, actor=actor)


def revert(runtime: Runtime, batch_id: str, *, actor: str) -> RevertResult:
    """Revert an applied batch in one transaction."""
    with runtime.unit() as session:
        return revert_service.revert_batch(session, batch_id, actor=actor)


def unmerge(runtime: Runtime, client_id: str, *, actor: str) -> RevertResult:
    """Split a client's latest applied merge in one transaction."""
    with runtime.unit() as session:
        return revert_service.unmerge_client(session, client_id, actor=actor)
