"""Export canonical records (CONTRACTS.md section 5 export record): each entity's id, its fields
under their target names, its source links `system:object:source_id`, and the ids of linked
entities - streamed as JSONL or CSV (cells neutralised against formula injection)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
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
CHUNK = 1000


def records(session: Session, kind: str) -> Iterator[dict[str, Any]]:
    """Export records of one entity kind, in id order, streamed in chunks."""
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
        for entity in chunk:
            record: dict[str, Any] = {"id": entity.id}
            record.update(
                {
                    k: v
                    for k, v in (entity.fields or {}).items()
                    if k not in ("content_key", "name_key")
                }
            )
            record["source_links"] = sorted(links[entity.id])
            for other, column in LINK_COLUMNS.items():
                if other != kind:
                    record[column] = sorted(related[entity.id][other])
            yield record
        last = ids[-1]


def columns_for(kind: str) -> list[str]:
    """The CSV columns of an entity kind's export."""
    fields = [t.split(".", 1)[1] for t in TARGET_TRANSFORMS if t.startswith(f"{kind}.")]
    links = [column for other, column in LINK_COLUMNS.items() if other != kind]
    return ["id", *fields, "source_links", *links]


def _cell(value: Any) -> str:
    if value is None:
        return ""
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
    header = columns_for(kind)
    extra: list[str] = []
    rows = []
    for record in records(session, kind):
        extra += [k for k in record if k not in header and k not in extra]
        rows.append(record)
    full = header + extra
    return write_safe_csv(out, full, ([_cell(r.get(c)) for c in full] for r in rows))
