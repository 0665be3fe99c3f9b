"""Export canonical records (CONTRACTS.md section 5 export record): each entity's id, its fields
under their target names, its source links `system:object:source_id`, and the ids of linked
entities - streamed as JSONL or CSV. Both formats carry the same keys: every canonical field of
the kind (null or an empty cell when unset), any other field an entity holds, `source_links` and
the link columns. The entity's own source ids are its `source_links` (an entity merged from two
systems has two), so there is no single `source_id` column. A client's e-mails and phones that
its fields do not show (a second address that arrived as an alternative) fill the empty slot of
their kind (`email_secondary`, `other_phone`), so an export keeps them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.repositories import graph_repository
from backend.services.imports.cell_safety import write_safe_csv
from backend.services.imports.targets import TARGET_TRANSFORMS

KINDS = {
    "clients": "client",
    "accounts": "account",
    "opportunities": "opportunity",
    "interactions": "interaction",
    "interests": "interest",
}
LINK_COLUMNS = {
    "client": "client_ids",
    "account": "account_ids",
    "opportunity": "opportunity_ids",
    "interaction": "interaction_ids",
    "interest": "interest_ids",
}
#: Links that are to-one: the column is singular and holds one id (or null). Should the graph
#: hold several (a later import re-linked the record), they are joined with `;`, never dropped.
SINGLE_LINKS = {("interaction", "opportunity"): "opportunity_id"}
#: Where a client's contact value that its fields do not show goes: the slot it was imported
#: under when that is empty, else the spare slot of its kind.
SPARE_SLOTS = {"email": "email_secondary", "phone": "other_phone"}
#: Bookkeeping keys of `fields` that are not canonical fields.
INTERNAL_FIELDS = frozenset({"content_key", "name_key"})
#: Not exported: an entity's source ids are its `source_links`.
NOT_EXPORTED = frozenset({"source_id"})
CHUNK = 1000


def link_columns(kind: str) -> dict[str, str]:
    """Other entity kind -> the column naming the linked ids."""
    return {
        other: SINGLE_LINKS.get((kind, other), column)
        for other, column in LINK_COLUMNS.items()
        if other != kind
    }


def field_names(kind: str) -> list[str]:
    """The canonical fields of an entity kind, in catalogue order."""
    names = [t.split(".", 1)[1] for t in TARGET_TRANSFORMS if t.startswith(f"{kind}.")]
    return [name for name in names if name not in NOT_EXPORTED]


def columns_for(kind: str, extra: Sequence[str] = ()) -> list[str]:
    """The keys of every record of an entity kind's export (CSV columns, JSONL keys)."""
    return ["id", *field_names(kind), *extra, "source_links", *link_columns(kind).values()]


def _entity_chunks(session: Session, kind: str) -> Iterator[list[Any]]:
    model = graph_repository.MODELS[kind]
    last = ""
    while True:
        chunk = list(
            session.scalars(
                select(model)
                .where(model.id > last, model.status == "active")
                .order_by(model.id)
                .limit(CHUNK)
            )
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id


def extra_fields(session: Session, kind: str) -> list[str]:
    """Fields some entity of the kind holds beyond the catalogue (sorted)."""
    known = set(field_names(kind)) | INTERNAL_FIELDS | NOT_EXPORTED
    found: set[str] = set()
    for chunk in _entity_chunks(session, kind):
        for entity in chunk:
            found.update(key for key in entity.fields or {} if key not in known)
    return sorted(found)


def _unshown_contacts(session: Session, fields_of: dict[str, dict[str, Any]]) -> None:
    """Put each client's e-mails and phones that no field shows into an empty slot."""
    points = sorted(
        graph_repository.contact_points_of(session, list(fields_of)),
        key=lambda point: (not point.is_primary, point.id),
    )
    for point in points:
        fields = fields_of[point.client_id]
        if point.value in fields.values():
            continue
        for slot in (point.label, SPARE_SLOTS.get(point.kind)):
            if slot and f"client.{slot}" in TARGET_TRANSFORMS and not fields.get(slot):
                fields[slot] = point.value
                break


def records(
    session: Session, kind: str, columns: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Export records of one entity kind, in id order, streamed in chunks; every record has the
    keys `columns` (by default `columns_for` the kind with its extra fields)."""
    columns = columns or columns_for(kind, extra_fields(session, kind))
    singles = {other: column for (owner, other), column in SINGLE_LINKS.items() if owner == kind}
    for chunk in _entity_chunks(session, kind):
        ids = [entity.id for entity in chunk]
        links: dict[str, list[str]] = defaultdict(list)
        for link in graph_repository.source_links_of(session, kind, ids):
            links[link.entity_id].append(f"{link.system}:{link.object}:{link.source_id}")
        related: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for relation in graph_repository.links_touching(session, kind, ids):
            if relation.from_kind == kind and relation.from_id in ids:
                related[relation.from_id][relation.to_kind].add(relation.to_id)
            if relation.to_kind == kind and relation.to_id in ids:
                related[relation.to_id][relation.from_kind].add(relation.from_id)
        fields_of = {entity.id: dict(entity.fields or {}) for entity in chunk}
        if kind == "client":
            _unshown_contacts(session, fields_of)
        for entity in chunk:
            record: dict[str, Any] = dict.fromkeys(columns)
            record["id"] = entity.id
            record.update(
                {
                    key: value
                    for key, value in fields_of[entity.id].items()
                    if key not in INTERNAL_FIELDS | NOT_EXPORTED and value not in ("", [])
                }
            )
            record["source_links"] = sorted(links[entity.id])
            for other, column in link_columns(kind).items():
                linked = sorted(related[entity.id][other])
                record[column] = (";".join(linked) or None) if other in singles else linked
            yield record


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON writes them, and as ingest reads them
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def write(session: Session, kind: str, out: IO[str], *, fmt: str) -> int:
    """Write an export; returns the number of records."""
    if fmt == "jsonl":
        count = 0
        for record in records(session, kind):
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
        return count
    columns = columns_for(kind, extra_fields(session, kind))
    rows = (
        [_cell(record[column]) for column in columns] for record in records(session, kind, columns)
    )
    return write_safe_csv(out, columns, rows)
