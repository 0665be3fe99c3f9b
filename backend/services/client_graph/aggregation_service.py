"""Stage 8, Client 360: load what the graph knows about a client, build its Client360Snapshot
(`client360.py`) and store it as a read model whose version increases with every refresh.
Refresh runs inside the transaction of the apply, revert or writeback that touched the client."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.contracts.client360 import (
    AccountRole,
    Client360Snapshot,
    ContactPointView,
    SourceLinkView,
)
from backend.contracts.review import Provenance
from backend.db.models import Account, ChangeLogEntry, Client, ClientSnapshot
from backend.errors import NotFound
from backend.repositories import graph_repository, review_repository
from backend.services.client_graph.client360 import ClientGraphView, ObservedValue, build_snapshot


def _related(session: Session, client_id: str) -> dict[str, list[tuple[str, str]]]:
    """(entity id, role) of the entities linked to the client, either direction, by kind."""
    related: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for link in graph_repository.links_touching(session, "client", [client_id]):
        if link.to_kind == "client" and link.to_id == client_id:
            related[link.from_kind].append((link.from_id, link.role))
        elif link.from_kind == "client" and link.from_id == client_id:
            related[link.to_kind].append((link.to_id, link.role))
    return related


def _items(session: Session, kind: str, ids: Iterable[str]) -> list[dict[str, Any]]:
    entities = graph_repository.get_entities(session, kind, set(ids))
    items = [
        {"id": entity_id, **{k: v for k, v in (entity.fields or {}).items() if k != "content_key"}}
        for entity_id, entity in entities.items()
        if entity.status == "active"
    ]
    return sorted(items, key=lambda item: item["id"])


def _view(session: Session, client: Client) -> ClientGraphView:
    client_id = client.id
    values = [
        ObservedValue(
            field=row.field,
            value=row.value,
            is_current=row.is_current,
            valid=row.valid,
            provenance=Provenance(
                system=row.system,
                import_id=row.import_id,
                writeback_id=row.writeback_id,
                row=row.row,
                column=row.column,
                raw_value=row.raw_value,
                transform=row.transform,
                confidence=row.confidence,
                observed_at=row.observed_at,
            ),
        )
        for row in graph_repository.field_values_of(session, "client", [client_id])
    ]
    points = graph_repository.contact_points_of(session, [client_id])
    related = _related(session, client_id)
    account_pairs = related["account"]
    accounts = {
        account_id: account
        for account_id, account in graph_repository.get_entities(
            session, "account", {i for i, _ in account_pairs}
        ).items()
        if isinstance(account, Account)
    }
    opportunity_ids = {i for i, _ in related["opportunity"]}
    interaction_ids = {i for i, _ in related["interaction"]}
    interest_ids = {i for i, _ in related["interest"]}
    reviews = review_repository.decisions(session, status="pending", client_id=client_id)
    history = session.scalars(
        select(ChangeLogEntry)
        .where(ChangeLogEntry.entity_kind == "client", ChangeLogEntry.entity_id == client_id)
        .order_by(ChangeLogEntry.id)
    )
    return ClientGraphView(
        client_id=client_id,
        status=client.status,
        merged_into=client.merged_into,
        fields={k: v for k, v in (client.fields or {}).items()},
        values=values,
        emails=[
            ContactPointView(value=p.value, label=p.label, is_primary=p.is_primary)
            for p in sorted(points, key=lambda p: p.id)
            if p.kind == "email"
        ],
        phones=[
            ContactPointView(value=p.value, label=p.label, is_primary=p.is_primary)
            for p in sorted(points, key=lambda p: p.id)
            if p.kind == "phone"
        ],
        accounts=[
            AccountRole(
                account_id=account_id,
                name=accounts[account_id].name,
                domain=accounts[account_id].domain,
                role=role,
            )
            for account_id, role in sorted(set(account_pairs))
            if account_id in accounts
        ],
        opportunities=_items(session, "opportunity", opportunity_ids),
        interactions=_items(session, "interaction", interaction_ids),
        interests=_items(session, "interest", interest_ids),
        source_links=[
            SourceLinkView(system=link.system, object=link.object, source_id=link.source_id)
            for link in graph_repository.source_links_of(session, "client", [client_id])
        ],
        pending_reviews=[
            {
                "decision_id": r.id,
                "kind": r.kind,
                "risk": r.risk,
                "question": r.question,
                "import_id": r.import_id,
                "writeback_id": r.writeback_id,
            }
            for r in reviews
        ],
        history=[
            {
                "action": e.action,
                "batch_id": e.batch_id,
                "delta_id": e.delta_id,
                "at": e.created_at.isoformat(),
                "reverted": e.reverted,
            }
            for e in history
        ],
    )


def build(session: Session, client_id: str, *, version: int) -> Client360Snapshot:
    """A fresh snapshot of one client (not stored)."""
    client = graph_repository.get_entity(session, "client", client_id)
    assert isinstance(client, Client)
    return build_snapshot(_view(session, client), version=version, refreshed_at=datetime.now(UTC))


def refresh(session: Session, client_ids: Collection[str]) -> int:
    """Rebuild and store the snapshots of these clients; returns how many were refreshed."""
    session.flush()
    existing = graph_repository.get_entities(session, "client", client_ids)
    for client_id in sorted(existing):
        stored = session.get(ClientSnapshot, client_id, with_for_update=True)
        version = (stored.version + 1) if stored is not None else 1
        snapshot = build(session, client_id, version=version)
        document = snapshot.model_dump(mode="json")
        if stored is None:
            session.add(
                ClientSnapshot(
                    client_id=client_id,
                    version=version,
                    refreshed_at=snapshot.refreshed_at,
                    document=document,
                )
            )
        else:
            stored.version, stored.refreshed_at, stored.document = (
                version,
                snapshot.refreshed_at,
                document,
            )
    session.flush()
    return len(existing)


def snapshot(session: Session, client_id: str) -> Client360Snapshot:
    """The stored snapshot of a client (built and stored on first read)."""
    stored = session.get(ClientSnapshot, client_id)
    if stored is None:
        graph_repository.get_entity(session, "client", client_id)
        refresh(session, [client_id])
        stored = session.get(ClientSnapshot, client_id)
        if stored is None:
            raise NotFound(f"There is no client {client_id!r}.", client_id=client_id)
    return Client360Snapshot.model_validate(stored.document)


def rebuild_all(session: Session) -> int:
    """Rebuild every client's snapshot (the full-rebuild command)."""
    ids = list(session.scalars(select(Client.id).order_by(Client.id)))
    return refresh(session, ids)
