"""Oracle writebacks: a proposal from Velocity's intelligence layer, validated (unknown client,
unknown field or a value that fails normalization is refused before anything is stored), turned
into deltas with `source_system = oracle`, and routed through the same review, apply and audit
as an import."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from backend.contracts.review import DecisionOption
from backend.contracts.writebacks import Writeback, WritebackCreate
from backend.db.models import Client
from backend.db.models import Writeback as WritebackRow
from backend.errors import InvalidInput, NotFound
from backend.ids import new_id
from backend.repositories import audit_repository, graph_repository, review_repository
from backend.services.client_graph import review_service
from backend.services.client_graph.known_entities import Registry
from backend.services.client_graph.policy import Policy
from backend.services.client_graph.proposals import ProposalBuilder, RowLink
from backend.services.imports.normalizers.base import doubt_of
from backend.services.imports.normalizers.registry import NormalizeContext, normalize_value
from backend.services.imports.targets import CANONICAL_ENUMS, TARGET_TRANSFORMS
from backend.services.read_models import delta_contract


def _record(target: str, raw: Any, confidence: float | None, policy: Policy) -> dict[str, Any]:
    """A normalized field record, or InvalidInput naming the field and the problem."""
    if target not in TARGET_TRANSFORMS:
        raise InvalidInput(f"Unknown field {target!r} in the writeback.")
    transform = TARGET_TRANSFORMS[target]
    context = NormalizeContext(
        region=policy.default_region, canonical=CANONICAL_ENUMS.get(target, ())
    )
    result = normalize_value(transform, str(raw), context)
    problem = doubt_of(result)  # the rule an imported value follows
    if problem is not None:
        raise InvalidInput(f"{target}: {raw!r} is not a valid value ({problem}).")
    return {
        "value": result.value,
        "raw": str(raw),
        "column": None,
        "transform": transform,
        "confidence": confidence if confidence is not None else result.confidence,
    }


def submit(session: Session, document: WritebackCreate, *, actor: str, policy: Policy) -> Writeback:
    """Validate a writeback and store it with its deltas and decisions."""
    client = session.get(Client, document.client_id)
    if client is None or client.status != "active":
        raise NotFound(f"There is no active client {document.client_id!r}.")
    writeback_id = new_id("wbk")
    builder = ProposalBuilder(import_id=None, writeback_id=writeback_id, system=document.source)
    registry = Registry({})
    subject = registry.known("client", client.id, session)
    fields: dict[str, dict[str, Any]] = {}
    for change in document.changes:
        if change.field is not None:
            if not change.field.startswith("client."):
                raise InvalidInput(f"A writeback sets client fields only, not {change.field!r}.")
            fields[change.field.split(".", 1)[1]] = _record(
                change.field, change.value, document.confidence, policy
            )
    if fields:
        builder.propose_row(
            subject, fields, row=None, links=[], source_link=None, score=document.confidence
        )
    for change in document.changes:
        if change.add is not None:
            records = {
                name: _record(f"{change.add}.{name}", value, document.confidence, policy)
                for name, value in (change.values or {}).items()
            }
            added = registry.new(change.add, None)
            builder.propose_row(
                added,
                records,
                row=None,
                links=[
                    RowLink(
                        "client",
                        subject,
                        "participant" if change.add == "interaction" else "interested",
                    )
                ],
                source_link=None,
                score=document.confidence,
            )
        if change.merge_with is not None:
            _merge(session, builder, subject.id, change.merge_with)
    _recommend_the_proposal(builder, document)
    _writeback_decision(builder, document, subject.id)
    session.add(
        WritebackRow(
            id=writeback_id,
            client_id=client.id,
            source=document.source,
            mission_id=document.mission_id,
            rationale=document.rationale,
            confidence=document.confidence,
            document=document.model_dump(mode="json"),
            status="in_review",
            created_by=actor,
        )
    )
    session.flush()
    review_repository.replace_proposals(session, writeback_id, builder.deltas, builder.decisions)
    review_service.triage(session, writeback_id, policy)
    audit_repository.record(
        session,
        actor,
        "writeback",
        writeback_id,
        {"client_id": client.id, "mission_id": document.mission_id},
    )
    return get(session, writeback_id)


def _merge(session: Session, builder: ProposalBuilder, survivor: str, other: str) -> None:
    if other == survivor or graph_repository.get_entities(session, "client", [other]) == {}:
        raise InvalidInput(f"Cannot merge with {other!r}: no such other client.")
    registry = Registry({})
    builder.propose_merge(
        [registry.known("client", survivor, session), registry.known("client", other, session)],
        kind="identity_merge",
        question=f"Oracle proposes that {survivor} and {other} are the same person; merge them?",
    )


#: The option of each high-risk decision that carries out what Oracle proposes.
_PROPOSED_OPTION = {"field_overwrite": "overwrite", "identity_merge": "merge"}


def _oracle_evidence(document: WritebackCreate) -> dict[str, Any]:
    return {
        "rationale": document.rationale,
        "confidence": document.confidence,
        "mission_id": document.mission_id,
    }


def _recommend_the_proposal(builder: ProposalBuilder, document: WritebackCreate) -> None:
    """An overwrite or merge Oracle proposes is what its decision is about: approving it without
    naming an option carries the proposal out (the risk still makes it an approver's call); a
    merge, which has no comparisons of its own, shows Oracle's rationale."""
    for decision in builder.decisions:
        option = _PROPOSED_OPTION.get(decision.kind)
        if option in {o.id for o in decision.options}:
            decision.recommended = option
            decision.evidence = decision.evidence or [_oracle_evidence(document)]


def _writeback_decision(
    builder: ProposalBuilder, document: WritebackCreate, client_id: str
) -> None:
    governed = {d for decision in builder.decisions for d in decision.delta_ids}
    low = [d.delta_id for d in builder.deltas if d.delta_id not in governed and d.op != "no_change"]
    if not low:
        return
    builder.decide(
        kind="writeback",
        risk="low",
        question=f"Apply Oracle's proposal for {client_id}"
        + (f" ({document.rationale})" if document.rationale else "")
        + "?",
        options=[DecisionOption(id="approve", label="Apply the proposal")],
        recommended="approve",
        evidence=[_oracle_evidence(document)],
        delta_ids=low,
        client_ids=[client_id],
    )


def get(session: Session, writeback_id: str) -> Writeback:
    """A writeback with its deltas and decisions."""
    row = review_repository.get_writeback(session, writeback_id)
    return Writeback(
        writeback_id=row.id,
        client_id=row.client_id,
        source=row.source,
        mission_id=row.mission_id,
        rationale=row.rationale,
        confidence=row.confidence,
        status=row.status,
        created_by=row.created_by,
        created_at=row.created_at,
        deltas=[delta_contract(d) for d in review_repository.deltas_of(session, row.id)],
        decisions=[
            review_service.to_contract(d)
            for d in review_repository.decisions(session, batch_id=row.id)
        ],
    )


def list_writebacks(session: Session, *, client_id: str | None = None) -> list[Writeback]:
    """Writebacks, newest first."""
    return [
        get(session, row.id)
        for row in review_repository.list_writebacks(session, client_id=client_id)
    ]
