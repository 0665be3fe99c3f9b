"""The writes behind apply and revert: one delta at a time onto the graph's rows, each recorded
in the change log with the before image and the rows it inserted, so that revert can restore
the prior state exactly."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.models import (
    ChangeLogEntry,
    ContactPoint,
    Delta,
    EntityLink,
    FieldValue,
    ImportBatch,
    SourceLink,
    Writeback,
)
from backend.db.models.graph import GraphEntity
from backend.errors import NotFound
from backend.repositories import graph_repository
from backend.services.client_graph import people
from backend.services.client_graph.survivorship import becomes_current
from backend.services.imports.normalizers.base import fold_key
from backend.services.imports.normalizers.company import company_match_key

EMAIL_FIELDS = {"email": True, "email_secondary": False}
PHONE_FIELDS = {"phone": True, "mobile_phone": False, "home_phone": False, "other_phone": False}


def lock_batch(session: Session, batch_id: str) -> ImportBatch | Writeback:
    """The import batch or writeback, locked against concurrent applies and reverts."""
    found: ImportBatch | Writeback | None
    if batch_id.startswith("wbk_"):
        found = session.scalars(
            select(Writeback).where(Writeback.id == batch_id).with_for_update()
        ).one_or_none()
    else:
        found = session.scalars(
            select(ImportBatch).where(ImportBatch.id == batch_id).with_for_update()
        ).one_or_none()
    if found is None:
        raise NotFound(f"There is no import or writeback {batch_id!r}.", batch_id=batch_id)
    return found


def sync_columns(kind: str, entity: GraphEntity) -> None:
    """Keep the indexed columns (search name, primary e-mail, domain, ...) equal to the fields."""
    fields = entity.fields or {}
    values: dict[str, Any] = {}
    if kind == "client":
        label = people.label_of("client", fields)
        values = {
            "display_name": label,
            "search_name": fold_key(label) if label else None,
            "last_name_key": people.last_name_key(fields.get("last_name")),
            "primary_email": fields.get("email"),
            "primary_phone": fields.get("phone") or fields.get("mobile_phone"),
        }
    elif kind == "account":
        name = fields.get("name")
        values = {
            "name": name,
            "name_key": company_match_key(str(name)) if name else None,
            "domain": fields.get("domain"),
        }
    elif kind == "opportunity":
        values = {"name": fields.get("name"), "content_key": fields.get("content_key")}
    elif kind == "interaction":
        values = {"kind": fields.get("kind"), "content_key": fields.get("content_key")}
    elif kind == "interest":
        values = {
            "inventory_ref": fields.get("inventory_ref"),
            "content_key": fields.get("content_key"),
        }
    for name, value in values.items():
        setattr(entity, name, value)


def _image(entity: GraphEntity) -> dict[str, Any]:
    return {
        "fields": dict(entity.fields or {}),
        "status": entity.status,
        "merged_into": entity.merged_into,
        "row_version": entity.row_version,
    }


class _Writer:
    """Applies one delta and remembers what it inserted and changed."""

    def __init__(self, session: Session, delta: Delta, batch_id: str) -> None:
        self.session, self.delta, self.batch_id = session, delta, batch_id
        self.inserted: dict[str, list[int]] = {
            "field_values": [],
            "contact_points": [],
            "source_links": [],
            "entity_links": [],
        }
        self.demoted: list[int] = []
        self.touched_clients: set[str] = set()
        self.pending: list[tuple[str, Any]] = []

    def _add(self, group: str, row: Any) -> None:
        self.pending.append((group, row))

    def flush(self) -> None:
        """Insert the rows this delta added, in one flush, and remember their ids."""
        graph_repository.add_rows(self.session, [row for _, row in self.pending])
        for group, row in self.pending:
            self.inserted[group].append(row.id)
        self.pending = []

    def fields(self, entity: GraphEntity) -> None:
        kind = self.delta.entity
        overwrite = self.delta.risk == "high" and self.delta.op == "update"
        fields = dict(entity.fields or {})
        current_rows = (
            {}
            if self.delta.op == "create"
            else {
                row.field: row
                for row in graph_repository.field_values_of(self.session, kind, [entity.id])
                if row.is_current
            }
        )
        for change in self.delta.changes:
            name, new, valid = change["field"], change.get("new"), change.get("valid", True)
            provenance = change.get("provenance") or {}
            wins = not change.get("alternative") and becomes_current(
                fields.get(name), new, valid=valid, overwrite=overwrite
            )
            if wins and name in current_rows:
                current_rows[name].is_current = False
                self.demoted.append(current_rows[name].id)
            if wins:
                fields[name] = new
            self._add(
                "field_values",
                FieldValue(
                    entity_kind=kind,
                    entity_id=entity.id,
                    field=name,
                    value=new,
                    is_current=wins,
                    valid=valid,
                    system=provenance.get("system"),
                    import_id=provenance.get("import_id"),
                    writeback_id=provenance.get("writeback_id"),
                    row=provenance.get("row"),
                    column=provenance.get("column"),
                    raw_value=provenance.get("raw_value"),
                    transform=provenance.get("transform"),
                    confidence=provenance.get("confidence"),
                ),
            )
            if kind == "client" and valid and new:
                self.contact_point(entity.id, name, str(new))
        entity.fields = fields

    def contact_point(self, client_id: str, name: str, value: str) -> None:
        kind = "email" if name in EMAIL_FIELDS else "phone" if name in PHONE_FIELDS else None
        if kind is None:
            return
        exists = self.session.scalars(
            select(ContactPoint).where(
                ContactPoint.client_id == client_id,
                ContactPoint.kind == kind,
                ContactPoint.value == value,
            )
        ).first()
        if exists is None:
            primary = EMAIL_FIELDS.get(name, False) or PHONE_FIELDS.get(name, False)
            self._add(
                "contact_points",
                ContactPoint(
                    client_id=client_id, kind=kind, value=value, label=name, is_primary=primary
                ),
            )

    def links(self, entity: GraphEntity) -> None:
        for link in self.delta.links:
            if link["kind"] == "source" and link.get("source_link"):
                system, obj, source_id = link["source_link"].split(":", 2)
                owner = graph_repository.entity_ids_by_source_links(
                    self.session, self.delta.entity, [link["source_link"]]
                )
                if not owner:
                    self._add(
                        "source_links",
                        SourceLink(
                            entity_kind=self.delta.entity,
                            entity_id=entity.id,
                            system=system,
                            object=obj,
                            source_id=source_id,
                            import_id=self.delta.import_id,
                        ),
                    )
            elif link.get("target_id") and not self._linked(entity.id, link):
                self._add(
                    "entity_links",
                    EntityLink(
                        from_kind=self.delta.entity,
                        from_id=entity.id,
                        to_kind=link["kind"],
                        to_id=link["target_id"],
                        role=link.get("role") or "related",
                        import_id=self.delta.import_id,
                    ),
                )
                if link["kind"] == "client":
                    self.touched_clients.add(link["target_id"])

    def _linked(self, entity_id: str, link: dict[str, Any]) -> bool:
        """Whether the relationship already exists (links are idempotent)."""
        statement = select(EntityLink.id).where(
            EntityLink.from_kind == self.delta.entity,
            EntityLink.from_id == entity_id,
            EntityLink.to_kind == link["kind"],
            EntityLink.to_id == link["target_id"],
            EntityLink.role == (link.get("role") or "related"),
        )
        pending = any(
            isinstance(row, EntityLink)
            and (row.from_id, row.to_kind, row.to_id, row.role)
            == (entity_id, link["kind"], link["target_id"], link.get("role") or "related")
            for _, row in self.pending
        )
        return pending or self.session.scalars(statement).first() is not None

    def entry(
        self,
        apply_id: str,
        entity_id: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any],
    ) -> None:
        after = {**after, "inserted": self.inserted, "demoted": self.demoted}
        self.session.add(
            ChangeLogEntry(
                batch_id=self.batch_id,
                apply_id=apply_id,
                delta_id=self.delta.id,
                entity_kind=self.delta.entity,
                entity_id=entity_id,
                action=action,
                before=before,
                after=after,
            )
        )


def apply_delta(session: Session, delta: Delta, *, batch_id: str, apply_id: str) -> set[str]:
    """Write one approved delta; returns the ids of clients whose Client 360 it changes."""
    if delta.op == "no_change":
        return set()
    writer = _Writer(session, delta, batch_id)
    kind = delta.entity
    if delta.op == "merge":
        return merge_entities(session, delta, writer, apply_id)
    if delta.op == "create":
        model = graph_repository.MODELS[kind]
        entity = model(id=delta.entity_id, status="active", fields={}, row_version=1)
        graph_repository.add_rows(session, [entity])
        before = None
    else:
        entity = graph_repository.get_entity(session, kind, delta.entity_id or "", for_update=True)
        before = _image(entity)
    writer.fields(entity)
    writer.links(entity)
    writer.flush()
    entity.row_version = (entity.row_version or 0) + (0 if before is None else 1)
    sync_columns(kind, entity)
    session.flush()
    writer.entry(apply_id, entity.id, delta.op, before, _image(entity))
    touched = writer.touched_clients
    if kind == "client":
        touched.add(entity.id)
    touched |= linked_clients(session, kind, entity.id)
    return touched


def linked_clients(session: Session, kind: str, entity_id: str) -> set[str]:
    """Clients whose Client 360 shows this entity."""
    if kind == "client":
        return {entity_id}
    return {
        link.to_id if link.to_kind == "client" else link.from_id
        for link in graph_repository.links_touching(session, kind, [entity_id])
        if "client" in (link.to_kind, link.from_kind)
    }


def merge_entities(session: Session, delta: Delta, writer: _Writer, apply_id: str) -> set[str]:
    """Merge the other targets into the first: move their links, keep their values as
    alternatives, and mark them merged."""
    kind = delta.entity
    survivor_id, *others = delta.target_ids
    survivor = graph_repository.get_entity(session, kind, survivor_id, for_update=True)
    before_survivor = _image(survivor)
    moved: dict[str, list[list[Any]]] = {
        "contact_points": [],
        "source_links": [],
        "entity_links": [],
    }
    for other_id in others:
        other = graph_repository.get_entity(session, kind, other_id, for_update=True)
        writer.entry(
            apply_id,
            other.id,
            "merged_away",
            _image(other),
            {**_image(other), "status": "merged", "merged_into": survivor_id},
        )
        other.status, other.merged_into = "merged", survivor_id
        other.row_version += 1
        if kind == "client":
            for point in graph_repository.contact_points_of(session, [other_id]):
                moved["contact_points"].append([point.id, point.client_id])
                point.client_id = survivor_id
        for link in graph_repository.source_links_of(session, kind, [other_id]):
            moved["source_links"].append([link.id, link.entity_id])
            link.entity_id = survivor_id
        for elink in graph_repository.links_touching(session, kind, [other_id]):
            moved["entity_links"].append([elink.id, elink.from_id, elink.to_id])
            if elink.from_kind == kind and elink.from_id == other_id:
                elink.from_id = survivor_id
            if elink.to_kind == kind and elink.to_id == other_id:
                elink.to_id = survivor_id
        fields = dict(survivor.fields or {})
        for name, value in (other.fields or {}).items():
            fields.setdefault(name, value)
        survivor.fields = fields
    survivor.row_version += 1
    sync_columns(kind, survivor)
    session.flush()
    writer.entry(
        apply_id,
        survivor_id,
        "merge",
        before_survivor,
        {**_image(survivor), "moved": moved, "merged": others},
    )
    return {survivor_id, *others} if kind == "client" else set()


def change_log_of(session: Session, batch_id: str) -> list[ChangeLogEntry]:
    """A batch's applied changes, newest first."""
    statement = (
        select(ChangeLogEntry)
        .where(ChangeLogEntry.batch_id == batch_id, ChangeLogEntry.reverted.is_(False))
        .order_by(ChangeLogEntry.id.desc())
    )
    return list(session.scalars(statement))
