"""The writes behind apply and revert. A run of create, update and link deltas is planned in
memory (`apply_plan.py`) against the state loaded for it and written with bulk statements;
a merge is written on its own. Every delta leaves change-log entries with the before image and
the rows it inserted, so that revert can restore the prior state exactly."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from backend.db.models import ChangeLogEntry, ImportBatch, Writeback
from backend.db.models.graph import GraphEntity
from backend.errors import NotFound
from backend.repositories import graph_repository, review_repository
from backend.services.client_graph import people
from backend.services.client_graph.apply_plan import (
    PLANNED_OPS,
    ROW_GROUPS,
    ApplyPlan,
    DeltaWrite,
    EntityState,
    GraphState,
    NewRow,
    RowRef,
    plan_run,
    source_links_of,
)
from backend.services.imports.normalizers.base import fold_key
from backend.services.imports.normalizers.company import company_match_key

#: Deltas read, planned and written together: bounds memory and each bulk statement's size.
RUN_SIZE = 2000


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


def indexed_columns(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The indexed columns (search name, primary e-mail, domain, ...) that mirror the fields."""
    if kind == "client":
        label = people.label_of("client", fields)
        return {
            "display_name": label,
            "search_name": fold_key(label) if label else None,
            "last_name_key": people.last_name_key(fields.get("last_name")),
            "primary_email": fields.get("email"),
            "primary_phone": fields.get("phone") or fields.get("mobile_phone"),
        }
    if kind == "account":
        name = fields.get("name")
        return {
            "name": name,
            "name_key": company_match_key(str(name)) if name else None,
            "domain": fields.get("domain"),
        }
    if kind == "opportunity":
        return {"name": fields.get("name"), "content_key": fields.get("content_key")}
    if kind == "interaction":
        return {"kind": fields.get("kind"), "content_key": fields.get("content_key")}
    if kind == "interest":
        return {
            "inventory_ref": fields.get("inventory_ref"),
            "content_key": fields.get("content_key"),
        }
    return {}


def sync_columns(kind: str, entity: GraphEntity) -> None:
    """Keep the indexed columns of a stored entity equal to its fields."""
    for name, value in indexed_columns(kind, entity.fields or {}).items():
        setattr(entity, name, value)


def _image(entity: GraphEntity) -> dict[str, Any]:
    return {
        "fields": dict(entity.fields or {}),
        "status": entity.status,
        "merged_into": entity.merged_into,
        "row_version": entity.row_version,
    }


def _delta_write(row: Row[*tuple[Any, ...]]) -> DeltaWrite:
    return DeltaWrite(
        id=row.id,
        op=row.op,
        entity=row.entity,
        entity_id=row.entity_id or "",
        target_ids=row.target_ids or [],
        risk=row.risk,
        import_id=row.import_id,
        changes=row.changes or [],
        links=row.links or [],
    )


def _load_state(
    session: Session, deltas: Sequence[DeltaWrite]
) -> tuple[GraphState, dict[tuple[str, str], GraphEntity]]:
    """The stored state a run is planned against, and the stored entities it updates (locked)."""
    created = {(delta.entity, delta.entity_id) for delta in deltas if delta.op == "create"}
    updated: dict[str, set[str]] = defaultdict(set)
    for delta in deltas:
        if (delta.entity, delta.entity_id) not in created:
            updated[delta.entity].add(delta.entity_id)
    stored: dict[tuple[str, str], GraphEntity] = {}
    state = GraphState(
        entities={}, current_values={}, contact_points=set(), entity_links=set(), source_links=set()
    )
    for kind, ids in updated.items():
        found = graph_repository.get_entities(session, kind, ids, for_update=True)
        missing = sorted(ids - found.keys())
        if missing:
            raise NotFound(f"There is no {kind} {missing[0]!r}.", entity_id=missing[0])
        for entity_id, entity in found.items():
            stored[(kind, entity_id)] = entity
            state.entities[(kind, entity_id)] = EntityState(
                kind=kind,
                id=entity_id,
                fields=dict(entity.fields or {}),
                status=entity.status,
                merged_into=entity.merged_into,
                row_version=entity.row_version,
            )
        for (entity_id, name), value_id in graph_repository.current_value_ids(
            session, kind, ids
        ).items():
            state.current_values[(kind, entity_id, name)] = value_id
        state.entity_links |= graph_repository.link_keys_from(session, kind, ids)
    state.contact_points = graph_repository.contact_point_keys(session, updated["client"])
    for kind, links in source_links_of(deltas).items():
        owned = graph_repository.entity_ids_by_source_links(session, kind, links)
        state.source_links |= {(kind, link) for link in owned}
    return state, stored


def _write_plan(
    session: Session,
    plan: ApplyPlan,
    stored: dict[tuple[str, str], GraphEntity],
    *,
    batch_id: str,
    apply_id: str,
) -> None:
    """Insert the planned rows, demote the replaced values, write the entities and log."""
    ids = {
        group: graph_repository.insert_rows(session, group, plan.rows[group])
        for group in ROW_GROUPS
    }

    def resolve(ref: RowRef) -> int:
        return ids[ref.group][ref.index] if isinstance(ref, NewRow) else ref

    graph_repository.demote_values(session, [resolve(ref) for ref in plan.demoted])
    created: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, entity in plan.entities.items():
        if not entity.exists:
            created[entity.kind].append(
                {
                    "id": entity.id,
                    "status": entity.status,
                    "merged_into": entity.merged_into,
                    "fields": entity.fields,
                    "row_version": entity.row_version,
                    **indexed_columns(entity.kind, entity.fields),
                }
            )
            continue
        row = stored[key]
        row.fields, row.row_version = dict(entity.fields), entity.row_version
        sync_columns(entity.kind, row)
    for kind, rows in created.items():
        graph_repository.insert_entities(session, kind, rows)
    graph_repository.add_change_log(
        session,
        [
            {
                "batch_id": batch_id,
                "apply_id": apply_id,
                "delta_id": entry.delta_id,
                "entity_kind": entry.entity_kind,
                "entity_id": entry.entity_id,
                "action": entry.action,
                "before": entry.before,
                "after": {
                    **entry.after,
                    "inserted": {
                        group: [resolve(ref) for ref in entry.inserted[group]]
                        for group in ROW_GROUPS
                    },
                    "demoted": [resolve(ref) for ref in entry.demoted],
                },
            }
            for entry in plan.entries
        ],
    )
    session.flush()


def _apply_run(
    session: Session, deltas: Sequence[DeltaWrite], *, batch_id: str, apply_id: str
) -> set[str]:
    """Plan and write a run of create, update and link deltas; returns the clients touched."""
    if not deltas:
        return set()
    state, stored = _load_state(session, deltas)
    plan = plan_run(deltas, state)
    _write_plan(session, plan, stored, batch_id=batch_id, apply_id=apply_id)
    touched = set(plan.touched_clients)
    shown: dict[str, set[str]] = defaultdict(set)
    for kind, entity_id in plan.shown_by_clients:
        shown[kind].add(entity_id)
    for kind, ids in shown.items():
        touched |= graph_repository.client_ids_linked_to(session, kind, ids)
    return touched


def apply_deltas(
    session: Session, delta_ids: Sequence[str], *, batch_id: str, apply_id: str
) -> set[str]:
    """Write approved deltas in order, reading them a run at a time - runs of creates, updates
    and links in bulk, merges one by one; returns the ids of clients whose Client 360 they
    change."""
    touched: set[str] = set()
    for start in range(0, len(delta_ids), RUN_SIZE):
        rows = review_repository.delta_writes(session, delta_ids[start : start + RUN_SIZE])
        run: list[DeltaWrite] = []
        for delta in map(_delta_write, rows):
            if delta.op == "merge":
                touched |= _apply_run(session, run, batch_id=batch_id, apply_id=apply_id)
                run = []
                touched |= merge_entities(session, delta, batch_id=batch_id, apply_id=apply_id)
            elif delta.op in PLANNED_OPS:
                run.append(delta)
        touched |= _apply_run(session, run, batch_id=batch_id, apply_id=apply_id)
        if start == 0 and len(delta_ids) > RUN_SIZE:
            graph_repository.refresh_statistics(session)
    return touched


def linked_clients(session: Session, kind: str, entity_id: str) -> set[str]:
    """Clients whose Client 360 shows this entity."""
    if kind == "client":
        return {entity_id}
    return graph_repository.client_ids_linked_to(session, kind, [entity_id])


def _merge_entry(
    delta: DeltaWrite,
    entity_id: str,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    batch_id: str,
    apply_id: str,
) -> dict[str, Any]:
    """A change-log entry of a merge (which inserts and demotes nothing)."""
    return {
        "batch_id": batch_id,
        "apply_id": apply_id,
        "delta_id": delta.id,
        "entity_kind": delta.entity,
        "entity_id": entity_id,
        "action": action,
        "before": before,
        "after": {**after, "inserted": {group: [] for group in ROW_GROUPS}, "demoted": []},
    }


def _move_relations(
    session: Session, kind: str, other_id: str, survivor_id: str, moved: list[list[Any]]
) -> None:
    """Point the merged entity's relationships at the survivor, except those the survivor
    already has (relationships are unique)."""
    relations = graph_repository.links_touching(session, kind, [other_id, survivor_id])
    held = {
        (link.from_kind, link.from_id, link.to_kind, link.to_id, link.role)
        for link in relations
        if survivor_id in (link.from_id, link.to_id)
    }
    for link in relations:
        if other_id not in (link.from_id, link.to_id):
            continue
        from_id = (
            survivor_id if link.from_kind == kind and link.from_id == other_id else link.from_id
        )
        to_id = survivor_id if link.to_kind == kind and link.to_id == other_id else link.to_id
        key = (link.from_kind, from_id, link.to_kind, to_id, link.role)
        if key in held:
            continue
        held.add(key)
        moved.append([link.id, link.from_id, link.to_id])
        link.from_id, link.to_id = from_id, to_id


def merge_entities(
    session: Session, delta: DeltaWrite, *, batch_id: str, apply_id: str
) -> set[str]:
    """Merge the other targets into the first: move their links, keep their values as
    alternatives, and mark them merged; returns the clients whose Client 360 changes."""
    kind = delta.entity
    survivor_id, *others = delta.target_ids
    survivor = graph_repository.get_entity(session, kind, survivor_id, for_update=True)
    before_survivor = _image(survivor)
    moved: dict[str, list[list[Any]]] = {
        "contact_points": [],
        "source_links": [],
        "entity_links": [],
    }
    entries = []
    # The survivor's contact points, read once: those moved to it are added as they move.
    survivor_points = (
        graph_repository.contact_points_of(session, [survivor_id]) if kind == "client" else []
    )
    held = {(survivor_id, point.kind, point.value) for point in survivor_points}
    primary = {point.kind for point in survivor_points if point.is_primary}
    for other_id in others:
        other = graph_repository.get_entity(session, kind, other_id, for_update=True)
        entries.append(
            _merge_entry(
                delta,
                other.id,
                "merged_away",
                _image(other),
                {**_image(other), "status": "merged", "merged_into": survivor_id},
                batch_id=batch_id,
                apply_id=apply_id,
            )
        )
        other.status, other.merged_into = "merged", survivor_id
        other.row_version += 1
        if kind == "client":
            for point in graph_repository.contact_points_of(session, [other_id]):
                # The survivor already shows this address; the copy stays with the merged one.
                if (survivor_id, point.kind, point.value) in held:
                    continue
                held.add((survivor_id, point.kind, point.value))
                # [id, former client, whether it was primary]: the survivor's primary stays so.
                moved["contact_points"].append([point.id, point.client_id, point.is_primary])
                point.client_id = survivor_id
                if point.is_primary:
                    if point.kind in primary:
                        point.is_primary = False
                    else:
                        primary.add(point.kind)
        for link in graph_repository.source_links_of(session, kind, [other_id]):
            moved["source_links"].append([link.id, link.entity_id])
            link.entity_id = survivor_id
        _move_relations(session, kind, other_id, survivor_id, moved["entity_links"])
        fields = dict(survivor.fields or {})
        for name, value in (other.fields or {}).items():
            fields.setdefault(name, value)
        survivor.fields = fields
    survivor.row_version += 1
    sync_columns(kind, survivor)
    session.flush()
    entries.append(
        _merge_entry(
            delta,
            survivor_id,
            "merge",
            before_survivor,
            {**_image(survivor), "moved": moved, "merged": others},
            batch_id=batch_id,
            apply_id=apply_id,
        )
    )
    graph_repository.add_change_log(session, entries)
    if kind == "client":
        return {survivor_id, *others}
    return graph_repository.client_ids_linked_to(session, kind, [survivor_id])


def change_log_of(session: Session, batch_id: str) -> list[ChangeLogEntry]:
    """A batch's applied changes, newest first."""
    statement = (
        select(ChangeLogEntry)
        .where(ChangeLogEntry.batch_id == batch_id, ChangeLogEntry.reverted.is_(False))
        .order_by(ChangeLogEntry.id.desc())
    )
    return list(session.scalars(statement))
