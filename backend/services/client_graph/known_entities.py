"""The entities known while one batch or writeback is resolved: stored ones, loaded once with
their fields, source links and relationships, and new ones with pre-allocated ids; and how a
staged row's fields are read (a valid value, a row that only refers to another record)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from backend.contracts.common import EntityKind
from backend.ids import new_id
from backend.repositories import graph_repository
from backend.repositories.imports_repository import UnresolvedRow
from backend.services.client_graph import people
from backend.services.client_graph.proposals import KnownEntity

ID_PREFIX = {
    "client": "cli",
    "account": "acc",
    "opportunity": "opp",
    "interaction": "itr",
    "interest": "int",
}


@dataclass
class Registry:
    """Entities known while resolving one batch, by id."""

    entities: dict[str, KnownEntity]

    def known(self, kind: EntityKind, entity_id: str, session: Session) -> KnownEntity:
        """The entity with this id, loading an existing one on first use."""
        found = self.entities.get(entity_id)
        if found is None:
            found = _load_existing(session, kind, [entity_id])[entity_id]
            self.entities[entity_id] = found
        return found

    def load(self, kind: EntityKind, ids: Iterable[str], session: Session) -> None:
        """Load the existing entities among `ids` not known yet, together."""
        missing = sorted({entity_id for entity_id in ids if entity_id not in self.entities})
        if missing:
            self.entities.update(_load_existing(session, kind, missing))

    def new(self, kind: EntityKind, label: str | None) -> KnownEntity:
        """A new entity with a pre-allocated, stable id."""
        entity = KnownEntity(kind=kind, id=new_id(ID_PREFIX[kind]), exists=False, label=label)
        self.entities[entity.id] = entity
        return entity


def _load_existing(session: Session, kind: str, ids: Sequence[str]) -> dict[str, KnownEntity]:
    rows = graph_repository.get_entities(session, kind, ids)
    known: dict[str, KnownEntity] = {}
    for entity_id, row in rows.items():
        known[entity_id] = KnownEntity(
            kind=kind,  # type: ignore[arg-type]
            id=entity_id,
            exists=True,
            fields=dict(row.fields or {}),
            label=people.label_of(kind, row.fields or {}),
        )
    for link in graph_repository.source_links_of(session, kind, list(known)):
        known[link.entity_id].source_links.add(f"{link.system}:{link.object}:{link.source_id}")
    for relation in graph_repository.links_touching(session, kind, list(known)):
        if relation.from_kind == kind and relation.from_id in known:
            known[relation.from_id].links.add((relation.to_kind, relation.to_id, relation.role))
    return known


def staged_value(fields: Mapping[str, Any], name: str) -> Any:
    record = fields.get(name)
    return record.get("value") if isinstance(record, Mapping) and "invalid" not in record else None


def reference_only(fields: Mapping[str, Any]) -> bool:
    """A row that only names another record's id (a deal's contact id, an export's account id):
    it links to that record when known, and never creates an empty one."""
    return set(fields) <= {"source_id", "name_key"}


def unknown_reference(kind: str, number: int, fields: Mapping[str, Any]) -> UnresolvedRow:
    """A row's reference to a record the graph does not hold: nothing is created for it and the
    row's link to it is not made, so an operator sees why (import that record first, then
    replay this import)."""
    cell = fields.get("source_id") or next(iter(fields.values()))
    return {
        "column": str(cell.get("column") or ""),
        "row": number,
        "raw_value": cell.get("raw"),
        "reason": "missing_required",
        "message": f"Row {number} refers to {kind} {cell.get('raw')!r}, which is not in the "
        "graph, and gives nothing else to create it from; its link to it was not made.",
        "suggestions": [],
    }
