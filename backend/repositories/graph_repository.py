"""SQL for the canonical graph: lookups that identity resolution blocks on, and the writes that
apply makes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.db.models import (
    Account,
    Client,
    ContactPoint,
    EntityLink,
    FieldValue,
    Interaction,
    Interest,
    Opportunity,
    SourceLink,
)
from backend.db.models.graph import GraphEntity
from backend.errors import NotFound

MODELS: dict[str, type[GraphEntity]] = {
    "client": Client,
    "account": Account,
    "opportunity": Opportunity,
    "interaction": Interaction,
    "interest": Interest,
}
LOOKUP_CHUNK = 500
T = TypeVar("T")


def _chunks(values: Collection[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        yield ordered[start : start + LOOKUP_CHUNK]


def get_entity(
    session: Session, kind: str, entity_id: str, *, for_update: bool = False
) -> GraphEntity:
    """One entity, or NotFound."""
    model = MODELS[kind]
    statement = select(model).where(model.id == entity_id)
    if for_update:
        statement = statement.with_for_update()
    found = session.scalars(statement).one_or_none()
    if found is None:
        raise NotFound(f"There is no {kind} {entity_id!r}.", entity_id=entity_id)
    return found


def get_entities(session: Session, kind: str, ids: Collection[str]) -> dict[str, GraphEntity]:
    """Entities by id (missing ids are left out)."""
    model = MODELS[kind]
    found: dict[str, GraphEntity] = {}
    for chunk in _chunks(ids):
        for entity in session.scalars(select(model).where(model.id.in_(chunk))):
            found[entity.id] = entity
    return found


def entity_ids_by_source_links(
    session: Session, kind: str, links: Collection[str]
) -> dict[str, str]:
    """`system:object:source_id` -> entity id, for the links already known."""
    found: dict[str, str] = {}
    by_system: dict[tuple[str, str], list[str]] = defaultdict(list)
    for link in links:
        system, obj, source_id = link.split(":", 2)
        by_system[(system, obj)].append(source_id)
    for (system, obj), source_ids in by_system.items():
        for chunk in _chunks(source_ids):
            statement = select(SourceLink.source_id, SourceLink.entity_id).where(
                SourceLink.entity_kind == kind,
                SourceLink.system == system,
                SourceLink.object == obj,
                SourceLink.source_id.in_(chunk),
            )
            for source_id, entity_id in session.execute(statement):
                found[f"{system}:{obj}:{source_id}"] = entity_id
    return found


def client_ids_by_contact_values(
    session: Session, kind: str, values: Collection[str]
) -> dict[str, set[str]]:
    """E-mail or phone value -> the active clients holding it."""
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(values):
        statement = (
            select(ContactPoint.value, ContactPoint.client_id)
            .join(Client, Client.id == ContactPoint.client_id)
            .where(ContactPoint.kind == kind, ContactPoint.value.in_(chunk))
            .where(Client.status == "active")
        )
        for value, client_id in session.execute(statement):
            found[value].add(client_id)
    return found


def client_ids_by_last_name_keys(
    session: Session, keys: Collection[str], *, per_key_limit: int = 200
) -> set[str]:
    """Active clients whose last-name key is among `keys` (capped per key)."""
    found: set[str] = set()
    counts: dict[str, int] = defaultdict(int)
    for chunk in _chunks(keys):
        statement = select(Client.last_name_key, Client.id).where(
            Client.last_name_key.in_(chunk), Client.status == "active"
        )
        for key, client_id in session.execute(statement):
            if key is not None and counts[key] < per_key_limit:
                counts[key] += 1
                found.add(client_id)
    return found


def ids_by_column(
    session: Session, kind: str, column: str, values: Collection[str]
) -> dict[str, list[str]]:
    """Active entities of a kind whose `column` (domain, name_key, content_key, ...) matches."""
    model = MODELS[kind]
    attribute = getattr(model, column)
    found: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(values):
        statement = (
            select(attribute, model.id)
            .where(attribute.in_(chunk), model.status == "active")
            .order_by(model.created_at, model.id)
        )
        for value, entity_id in session.execute(statement):
            found[value].append(entity_id)
    return found


def _in_chunks(
    session: Session, ids: Collection[str], statement_for: Callable[[list[str]], Select[T]]
) -> list[T]:
    """Run a select once per chunk of ids (bounded IN lists) and concatenate the rows."""
    rows: list[T] = []
    for chunk in _chunks(ids):
        rows.extend(session.scalars(statement_for(chunk)))
    return rows


def contact_points_of(session: Session, client_ids: Collection[str]) -> list[ContactPoint]:
    """The contact points of clients."""
    return _in_chunks(
        session,
        client_ids,
        lambda chunk: select(ContactPoint).where(ContactPoint.client_id.in_(chunk)),
    )


def source_links_of(session: Session, kind: str, ids: Collection[str]) -> list[SourceLink]:
    """The source links of entities."""
    return _in_chunks(
        session,
        ids,
        lambda chunk: (
            select(SourceLink)
            .where(SourceLink.entity_kind == kind, SourceLink.entity_id.in_(chunk))
            .order_by(SourceLink.id)
        ),
    )


def links_touching(session: Session, kind: str, ids: Collection[str]) -> list[EntityLink]:
    """Relationship links from or to entities of a kind."""
    return _in_chunks(
        session,
        ids,
        lambda chunk: select(EntityLink).where(
            ((EntityLink.from_kind == kind) & EntityLink.from_id.in_(chunk))
            | ((EntityLink.to_kind == kind) & EntityLink.to_id.in_(chunk))
        ),
    )


def field_values_of(session: Session, kind: str, ids: Collection[str]) -> list[FieldValue]:
    """Every recorded value (current and alternatives) of entities, oldest first."""
    return _in_chunks(
        session,
        ids,
        lambda chunk: (
            select(FieldValue)
            .where(FieldValue.entity_kind == kind, FieldValue.entity_id.in_(chunk))
            .order_by(FieldValue.id)
        ),
    )


def add_rows(session: Session, rows: Sequence[Any]) -> None:
    """Insert new rows (entities, values, links) and flush to get their ids."""
    session.add_all(rows)
    session.flush()


def delete_rows(session: Session, rows: Sequence[Any]) -> None:
    """Delete rows and flush."""
    for row in rows:
        session.delete(row)
    session.flush()
