"""Actions on whole batches and decisions that the CLI and API share, each one unit of work:
answer a decision (re-proposing the batch from raw evidence when the answer changes its mapping
or date order), apply, revert."""

from __future__ import annotations

from collections.abc import Sequence

from backend.contracts.mapping import MappingEdit
from backend.contracts.review import ApplyResult, DecisionAnswer, RevertResult, ReviewDecision
from backend.repositories import imports_repository
from backend.runtime import Runtime
from backend.services.client_graph import apply_service, revert_service, review_service
from backend.services.import_pipeline import propose
from backend.services.imports import mapping_service
from backend.services.imports.targets import CUSTOM_ENTITIES, custom_slug

REPROPOSING_KINDS = {"unmapped_column", "ambiguous_value"}


def decide(
    runtime: Runtime,
    decision_id: str,
    answer: DecisionAnswer,
    *,
    approve: bool,
    actor: str,
    role: str,
) -> ReviewDecision:
    """Approve or reject one decision; a mapping or date-order answer re-proposes its batch."""
    with runtime.unit() as session:
        decided = review_service.answer(
            session, decision_id, answer, approve=approve, actor=actor, role=role
        )
        if not approve or decided.kind not in REPROPOSING_KINDS or not decided.import_id:
            return decided
        batch = imports_repository.get_batch(session, decided.import_id, for_update=True)
        option = decided.chosen_option or ""
        mapping_id = batch.mapping_id
        if decided.kind == "ambiguous_value":
            column = str(decided.evidence[0]["column"])
            orders = dict(batch.counts.get("date_orders", {}))
            orders[column] = option.split(":", 1)[1]
            batch.counts = {**batch.counts, "date_orders": orders}
        elif mapping_id:
            column = str(decided.evidence[0]["column"])
            entity = mapping_service.get_manifest(session, mapping_id).object
            edit = _mapping_edit(column, option, entity)
            manifest = mapping_service.edit_mapping(session, mapping_id, [edit], actor=actor)
            mapping_id = manifest.id
        propose(session, runtime, batch, mapping_id=mapping_id, actor=actor)
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
    """Approve every pending decision and undecided delta of a batch (of the given risks)."""
    with runtime.unit() as session:
        return review_service.approve_all(session, batch_id, risks=risks, actor=actor, role=role)


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
