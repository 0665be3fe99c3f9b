"""Stage 8, Client 360: load what the graph knows about clients, build each one's
Client360Snapshot (`client360.py`) and store it as a read model whose version increases with
every refresh. Refresh runs inside the transaction of the apply, revert or writeback that
touched the clients, a chunk of clients at a time: the rows of a whole chunk are loaded in a
few queries, never one client at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from backend.contracts.client360 import (
    AccountRole,
    Client360Snapshot,
    ContactPointView,
    HistoryEntry,
    SourceLinkView,
)
from backend.contracts.review import Provenance
from backend.db.models import ClientSnapshot
from backend.errors import NotFound
from backend.repositories import client360_repository, graph_repository, review_repository
from backend.services.client_graph.client360 import ClientGraphView, ObservedValue, build_snapshot
from backend.services.client_graph.client_history import ChangeRecord, UndoRecord, client_history

ITEM_KINDS = ("opportunity", "interaction", "interest")
#: The provenance columns of a stored value, in `client_value_rows` order.
PROVENANCE = tuple(Provenance.model_fields)


class AccountRow(NamedTuple):
    """The parts of an account a Client 360 shows."""

    name: str | None
    domain: str | None


#: Clients refreshed together: their related rows are loaded in a few queries per chunk.
REFRESH_CHUNK = 1000


@dataclass
class _ClientRows:
    """The stored rows of a chunk of clients, grouped by client."""

    values: dict[str, list[ObservedValue]] = field(default_factory=lambda: defaultdict(list))
    emails: dict[str, list[ContactPointView]] = field(default_factory=lambda: defaultdict(list))
    phones: dict[str, list[ContactPointView]] = field(default_factory=lambda: defaultdict(list))
    related: dict[str, dict[str, set[tuple[str, str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    source_links: dict[str, list[SourceLinkView]] = field(default_factory=lambda: defaultdict(list))
    history: dict[str, list[HistoryEntry]] = field(default_factory=lambda: defaultdict(list))


def _load_rows(session: Session, client_ids: Collection[str]) -> _ClientRows:
    loaded = _ClientRows()
    for (
        client_id,
        name,
        value,
        is_current,
        valid,
        *provenance,
    ) in client360_repository.client_value_rows(session, client_ids):
        loaded.values[client_id].append(
            ObservedValue(
                field=name,
                value=value,
                is_current=is_current,
                valid=valid,
                # Stored provenance was validated when it was proposed; skip re-validating it.
                provenance=Provenance.model_construct(
                    **dict(zip(PROVENANCE, provenance, strict=True))
                ),
            )
        )
    for client_id, kind, value, label, is_primary in client360_repository.client_contact_rows(
        session, client_ids
    ):
        points = loaded.emails if kind == "email" else loaded.phones if kind == "phone" else None
        if points is not None:
            points[client_id].append(
                ContactPointView(value=value, label=label, is_primary=is_primary)
            )
    for client_id, kind, other_id, role in client360_repository.client_relations(
        session, client_ids
    ):
        loaded.related[client_id][kind].add((other_id, role))
    for client_id, system, obj, source_id in client360_repository.client_source_rows(
        session, client_ids
    ):
        loaded.source_links[client_id].append(
            SourceLinkView(system=system, object=obj, source_id=source_id)
        )
    loaded.history.update(_histories(session, client_ids))
    return loaded


def _histories(session: Session, client_ids: Collection[str]) -> dict[str, list[HistoryEntry]]:
    """Each client's history: its change-log entries and, where some were undone, the reverts
    and unmerges that undid them (their images and audit events are loaded for those only)."""
    rows = client360_repository.client_history_rows(session, client_ids)
    undone = {row.entity_id for row in rows if row.reverted}
    images = {
        entry_id: (before, after)
        for entry_id, before, after in (
            client360_repository.reverted_change_images(session, undone) if undone else []
        )
    }
    changes: dict[str, list[ChangeRecord]] = defaultdict(list)
    for client_id, action, batch_id, delta_id, at, reverted, entry_id in rows:
        before, after = images.get(entry_id, (None, None))
        changes[client_id].append(
            ChangeRecord(action, batch_id, delta_id, at, reverted, before, after)
        )
    reverted = [change for records in changes.values() for change in records if change.reverted]
    undos = _undo_records(session, reverted, undone)
    return {client_id: client_history(records, undos) for client_id, records in changes.items()}


def _undo_records(
    session: Session, undone: list[ChangeRecord], client_ids: Collection[str]
) -> list[UndoRecord]:
    """The audit events that may have undone these changes (of these clients): the reverts of
    their batches, and the unmerges asked on any client of their merges."""
    if not undone:
        return []
    subjects = {change.batch_id for change in undone} | set(client_ids)
    for change in undone:
        after = change.after or {}
        subjects.update(str(other) for other in after.get("merged") or [])
        if after.get("merged_into"):
            subjects.add(str(after["merged_into"]))
    rows = client360_repository.undo_events(
        session, subjects, since=min(change.at for change in undone)
    )
    return [
        UndoRecord(action, subject_id, (details or {}).get("delta_id"), actor, at)
        for action, subject_id, actor, at, details in rows
    ]


def _related_items(
    session: Session, loaded: _ClientRows
) -> tuple[dict[str, AccountRow], dict[str, dict[str, dict[str, Any]]]]:
    """The accounts, and the active deals, activities and interests (id -> item), related to
    the chunk's clients."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for by_kind in loaded.related.values():
        for kind, pairs in by_kind.items():
            wanted[kind] |= {other_id for other_id, _ in pairs}
    accounts = {
        account_id: AccountRow(name, domain)
        for account_id, name, domain in client360_repository.account_rows(
            session, wanted["account"]
        )
    }
    items: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in ITEM_KINDS:
        items[kind] = {
            entity_id: {
                "id": entity_id,
                **{k: v for k, v in (fields or {}).items() if k != "content_key"},
            }
            for entity_id, status, _, fields in client360_repository.entity_rows(
                session, kind, wanted[kind]
            )
            if status == "active"
        }
    return accounts, items


def _view(
    client: Any,
    loaded: _ClientRows,
    accounts: dict[str, AccountRow],
    items: dict[str, dict[str, dict[str, Any]]],
    reviews: list[dict[str, Any]],
) -> ClientGraphView:
    client_id = client.id
    related = loaded.related[client_id]

    def listed(kind: str) -> list[dict[str, Any]]:
        found = {other_id for other_id, _ in related[kind]} & items[kind].keys()
        return [items[kind][other_id] for other_id in sorted(found)]

    return ClientGraphView(
        client_id=client_id,
        status=client.status,
        merged_into=client.merged_into,
        fields=dict(client.fields or {}),
        values=loaded.values[client_id],
        emails=loaded.emails[client_id],
        phones=loaded.phones[client_id],
        accounts=[
            AccountRole(
                account_id=account_id,
                name=accounts[account_id].name,
                domain=accounts[account_id].domain,
                role=role,
            )
            for account_id, role in sorted(related["account"])
            if account_id in accounts
        ],
        opportunities=listed("opportunity"),
        interactions=listed("interaction"),
        interests=listed("interest"),
        source_links=loaded.source_links[client_id],
        pending_reviews=reviews,
        history=loaded.history[client_id],
    )


def _refresh_chunk(
    session: Session, client_ids: Collection[str], reviews: dict[str, list[dict[str, Any]]]
) -> int:
    """Rebuild and store the snapshots of a chunk of clients; returns how many exist."""
    clients = client360_repository.entity_rows(session, "client", client_ids)
    stored = client360_repository.snapshots_for_update(session, [client.id for client in clients])
    loaded = _load_rows(session, [client.id for client in clients])
    accounts, items = _related_items(session, loaded)
    refreshed_at = datetime.now(UTC)
    for client in clients:
        previous = stored.get(client.id)
        version = previous.version + 1 if previous is not None else 1
        view = _view(client, loaded, accounts, items, reviews.get(client.id, []))
        document = build_snapshot(view, version=version, refreshed_at=refreshed_at).model_dump(
            mode="json"
        )
        if previous is None:
            session.add(
                ClientSnapshot(
                    client_id=client.id,
                    version=version,
                    refreshed_at=refreshed_at,
                    document=document,
                )
            )
        else:
            previous.version, previous.refreshed_at, previous.document = (
                version,
                refreshed_at,
                document,
            )
    session.flush()
    return len(clients)


def refresh(session: Session, client_ids: Collection[str]) -> int:
    """Rebuild and store the snapshots of these clients; returns how many were refreshed."""
    session.flush()
    ordered = sorted(set(client_ids))
    reviews = review_repository.pending_reviews_by_client(session, ordered)
    return sum(
        _refresh_chunk(session, ordered[start : start + REFRESH_CHUNK], reviews)
        for start in range(0, len(ordered), REFRESH_CHUNK)
    )


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
    return refresh(session, client360_repository.all_client_ids(session))
