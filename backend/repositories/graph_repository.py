"""SQL for the canonical graph: lookups that identity resolution blocks on, the state apply
plans against and the bulk writes it makes. Bulk reads go by chunks of ids (bounded IN lists,
helpers shared with `client360_repository.py`); bulk writes are executemany inserts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Row, Select, Table, func, insert, select, text, update
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
from backend.db.models.ledger import ChangeLogEntry
from backend.errors import NotFound

MODELS: dict[str, type[GraphEntity]] = {
    "client": Client,
    "account": Account,
    "opportunity": Opportunity,
    "interaction": Interaction,
    "interest": Interest,
}
#: The rows apply inserts beside entities, by the change log's group name.
ROW_MODELS: dict[str, type[FieldValue | ContactPoint | SourceLink | EntityLink]] = {
    "field_values": FieldValue,
    "contact_points": ContactPoint,
    "source_links": SourceLink,
    "entity_links": EntityLink,
}
LOOKUP_CHUNK = 500
T = TypeVar("T")
#: A row of selected columns, and a select of columns (any number, any types).
ColumnRow = Row[*tuple[Any, ...]]
ColumnSelect = Select[*tuple[Any, ...]]


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


def get_entities(
    session: Session, kind: str, ids: Collection[str], *, for_update: bool = False
) -> dict[str, GraphEntity]:
    """Entities by id (missing ids are left out)."""
    model = MODELS[kind]
    found: dict[str, GraphEntity] = {}
    for chunk in _chunks(ids):
        statement = select(model).where(model.id.in_(chunk))
        if for_update:
            statement = statement.with_for_update()
        for entity in session.scalars(statement):
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


def in_chunks(
    session: Session, ids: Collection[str], statement_for: Callable[[list[str]], Select[T]]
) -> list[T]:
    """Run a select of entities once per chunk of ids (bounded IN lists); all the rows."""
    rows: list[T] = []
    for chunk in _chunks(ids):
        rows.extend(session.scalars(statement_for(chunk)))
    return rows


def contact_points_of(session: Session, client_ids: Collection[str]) -> list[ContactPoint]:
    """The contact points of clients."""
    return in_chunks(
        session,
        client_ids,
        lambda chunk: select(ContactPoint).where(ContactPoint.client_id.in_(chunk)),
    )


def source_links_of(session: Session, kind: str, ids: Collection[str]) -> list[SourceLink]:
    """The source links of entities."""
    return in_chunks(
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
    return in_chunks(
        session,
        ids,
        lambda chunk: select(EntityLink).where(
            ((EntityLink.from_kind == kind) & EntityLink.from_id.in_(chunk))
            | ((EntityLink.to_kind == kind) & EntityLink.to_id.in_(chunk))
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


def rows_in_chunks(
    session: Session, ids: Collection[str], statement_for: Callable[[list[str]], ColumnSelect]
) -> list[ColumnRow]:
    """Run a select of columns once per chunk of ids and concatenate the rows."""
    rows: list[ColumnRow] = []
    for chunk in _chunks(ids):
        rows.extend(session.execute(statement_for(chunk)))
    return rows


def current_value_ids(
    session: Session, kind: str, ids: Collection[str]
) -> dict[tuple[str, str], int]:
    """(entity id, field) -> the id of the stored value the field currently shows."""
    rows = rows_in_chunks(
        session,
        ids,
        lambda chunk: (
            select(FieldValue.entity_id, FieldValue.field, FieldValue.id)
            .where(
                FieldValue.entity_kind == kind,
                FieldValue.entity_id.in_(chunk),
                FieldValue.is_current.is_(True),
            )
            .order_by(FieldValue.id)
        ),
    )
    return {(entity_id, name): value_id for entity_id, name, value_id in rows}


def contact_point_keys(session: Session, client_ids: Collection[str]) -> set[tuple[str, str, str]]:
    """(client id, kind, value) of the contact points of clients."""
    rows = rows_in_chunks(
        session,
        client_ids,
        lambda chunk: select(ContactPoint.client_id, ContactPoint.kind, ContactPoint.value).where(
            ContactPoint.client_id.in_(chunk)
        ),
    )
    return {(client_id, kind, value) for client_id, kind, value in rows}


def link_keys_from(
    session: Session, kind: str, ids: Collection[str]
) -> set[tuple[str, str, str, str, str]]:
    """(from kind, from id, to kind, to id, role) of the relationships from entities of a kind."""
    rows = rows_in_chunks(
        session,
        ids,
        lambda chunk: select(
            EntityLink.from_kind,
            EntityLink.from_id,
            EntityLink.to_kind,
            EntityLink.to_id,
            EntityLink.role,
        ).where(EntityLink.from_kind == kind, EntityLink.from_id.in_(chunk)),
    )
    return {(a, b, c, d, e) for a, b, c, d, e in rows}


def client_ids_linked_to(session: Session, kind: str, ids: Collection[str]) -> set[str]:
    """Clients related (either direction) to entities of a kind."""
    rows = rows_in_chunks(
        session,
        ids,
        lambda chunk: select(
            EntityLink.from_kind, EntityLink.from_id, EntityLink.to_kind, EntityLink.to_id
        ).where(
            ((EntityLink.from_kind == kind) & EntityLink.from_id.in_(chunk))
            | ((EntityLink.to_kind == kind) & EntityLink.to_id.in_(chunk))
        ),
    )
    return {
        to_id if to_kind == "client" else from_id
        for from_kind, from_id, to_kind, to_id in rows
        if "client" in (from_kind, to_kind)
    }


def _reserve_ids(session: Session, group: str, count: int) -> list[int]:
    """Ids for rows about to be inserted: drawn from the table's sequence on PostgreSQL; on
    SQLite the ones after the largest id, which stay free because a transaction that has
    written holds SQLite's only write lock (apply writes delta statuses before any row)."""
    model = ROW_MODELS[group]
    if session.get_bind().dialect.name == "postgresql":
        statement = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
        )
        return list(session.scalars(statement, {"table": model.__tablename__, "count": count}))
    top = session.scalar(select(func.max(model.id))) or 0
    return list(range(top + 1, top + 1 + count))


def insert_rows(session: Session, group: str, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert field values, contact points, source links or entity links in bulk (executemany,
    no RETURNING round trips); returns their ids in the order of `rows`."""
    if not rows:
        return []
    ids = _reserve_ids(session, group, len(rows))
    table = ROW_MODELS[group].__table__
    assert isinstance(table, Table)
    session.execute(
        insert(table), [{**row, "id": row_id} for row, row_id in zip(rows, ids, strict=True)]
    )
    return ids


def insert_entities(session: Session, kind: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert new entities in bulk."""
    if rows:
        session.execute(insert(MODELS[kind]), list(rows))


def demote_values(session: Session, value_ids: Collection[int]) -> None:
    """Mark stored values as no longer the one their field shows."""
    ordered = sorted(value_ids)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        session.execute(
            update(FieldValue)
            .where(FieldValue.id.in_(ordered[start : start + LOOKUP_CHUNK]))
            .values(is_current=False)
            .execution_options(synchronize_session=False)
        )


def add_change_log(session: Session, entries: Sequence[dict[str, Any]]) -> None:
    """Append change-log entries in bulk, in order."""
    if entries:
        session.execute(insert(ChangeLogEntry), list(entries))


def refresh_statistics(session: Session) -> None:
    """Let PostgreSQL's planner see the rows this transaction has written so far. Without it,
    lookups by a batch of ids into tables that were small when last analyzed keep scanning
    every row the apply has added (quadratic in the batch). ANALYZE waits for another
    transaction's ANALYZE of the same tables to end. SQLite needs nothing."""
    if session.get_bind().dialect.name != "postgresql":
        return
    tables = [model.__tablename__ for model in (*MODELS.values(), *ROW_MODELS.values())]
    session.execute(text(f"ANALYZE {', '.join([*tables, 'change_log', 'client_snapshots'])}"))
