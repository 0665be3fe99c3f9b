"""Plan the writes of a run of approved create, update and link deltas (pure: plain values in
and out), so that apply can write a whole run with a few bulk statements.

Given what the graph already holds for the entities the run touches (`GraphState`), the plan
walks the deltas in order exactly as one-at-a-time application would - survivorship decides
which values become current, e-mails and phones become contact points once, relationships and
source links are added once - and returns the rows to insert, the stored values to demote, the
final state of every entity it changed, and one change-log entry per delta with the before
image and the rows it inserted. Rows inserted by the run are referred to by `NewRow` until the
database has given them ids. Merges are not planned here (`target_ids` is theirs); apply
writes them one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.contracts.review import Provenance
from backend.services.client_graph.survivorship import becomes_current

#: The provenance a field value is stored with (`observed_at` is the time the row is written).
STORED_PROVENANCE = tuple(key for key in Provenance.model_fields if key != "observed_at")

EMAIL_FIELDS = {"email": True, "email_secondary": False}
PHONE_FIELDS = {"phone": True, "mobile_phone": False, "home_phone": False, "other_phone": False}
#: The kinds of rows a delta inserts, in the change log's `inserted` order.
ROW_GROUPS = ("field_values", "contact_points", "source_links", "entity_links")
PLANNED_OPS = frozenset({"create", "update", "link"})


@dataclass(frozen=True)
class DeltaWrite:
    """The parts of an approved delta that its writes depend on."""

    id: str
    op: str
    entity: str
    entity_id: str
    target_ids: Sequence[str]
    risk: str
    import_id: str | None
    changes: Sequence[Mapping[str, Any]]
    links: Sequence[Mapping[str, Any]]


@dataclass
class EntityState:
    """An entity's golden fields and versioning; `exists` when it is already stored."""

    kind: str
    id: str
    fields: dict[str, Any]
    status: str = "active"
    merged_into: str | None = None
    row_version: int = 1
    exists: bool = True

    def image(self) -> dict[str, Any]:
        """The before/after image the change log keeps."""
        return {
            "fields": dict(self.fields),
            "status": self.status,
            "merged_into": self.merged_into,
            "row_version": self.row_version,
        }


@dataclass(frozen=True)
class NewRow:
    """A row this plan inserts: its group and position among the group's rows."""

    group: str
    index: int


RowRef = int | NewRow


@dataclass
class GraphState:
    """What the graph holds for the entities of a run (loaded by apply before planning)."""

    entities: dict[tuple[str, str], EntityState]
    #: (kind, entity id, field) -> the stored value currently shown.
    current_values: dict[tuple[str, str, str], RowRef]
    #: (client id, kind, value) of the stored contact points.
    contact_points: set[tuple[str, str, str]]
    #: (from kind, from id, to kind, to id, role) of the stored relationships.
    entity_links: set[tuple[str, str, str, str, str]]
    #: (entity kind, `system:object:source_id`) of the source links some entity already owns.
    source_links: set[tuple[str, str]]


@dataclass
class PlannedEntry:
    """One change-log entry: a delta's before image, after image and inserted rows."""

    delta_id: str
    entity_kind: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any]
    inserted: dict[str, list[NewRow]]
    demoted: list[RowRef]


@dataclass
class ApplyPlan:
    """Everything a run writes."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {group: [] for group in ROW_GROUPS}
    )
    demoted: list[RowRef] = field(default_factory=list)
    entities: dict[tuple[str, str], EntityState] = field(default_factory=dict)
    entries: list[PlannedEntry] = field(default_factory=list)
    touched_clients: set[str] = field(default_factory=set)
    #: Non-client entities changed: the clients linked to them show them in their Client 360.
    shown_by_clients: set[tuple[str, str]] = field(default_factory=set)


class _Planner:
    def __init__(self, state: GraphState) -> None:
        self.state = state
        self.plan = ApplyPlan()

    def _add(self, group: str, row: dict[str, Any], inserted: dict[str, list[NewRow]]) -> None:
        ref = NewRow(group, len(self.plan.rows[group]))
        self.plan.rows[group].append(row)
        inserted[group].append(ref)

    def delta(self, delta: DeltaWrite) -> None:
        key = (delta.entity, delta.entity_id)
        entity = self.state.entities.get(key)
        if delta.op == "create":
            entity = EntityState(kind=delta.entity, id=delta.entity_id, fields={}, exists=False)
            self.state.entities[key] = entity
            before = None
        elif entity is None:
            raise LookupError(f"There is no {delta.entity} {delta.entity_id!r}.")
        else:
            before = entity.image()
        inserted: dict[str, list[NewRow]] = {group: [] for group in ROW_GROUPS}
        demoted: list[RowRef] = []
        self._fields(delta, entity, inserted, demoted)
        self._links(delta, entity, inserted)
        if before is not None:
            entity.row_version += 1
        self.plan.entities[key] = entity
        self.plan.entries.append(
            PlannedEntry(
                delta_id=delta.id,
                entity_kind=delta.entity,
                entity_id=entity.id,
                action=delta.op,
                before=before,
                after=entity.image(),
                inserted=inserted,
                demoted=demoted,
            )
        )
        if delta.entity == "client":
            self.plan.touched_clients.add(entity.id)
        else:
            self.plan.shown_by_clients.add(key)

    def _fields(
        self,
        delta: DeltaWrite,
        entity: EntityState,
        inserted: dict[str, list[NewRow]],
        demoted: list[RowRef],
    ) -> None:
        overwrite = delta.risk == "high" and delta.op == "update"
        for change in delta.changes:
            name, new, valid = change["field"], change.get("new"), change.get("valid", True)
            provenance = change.get("provenance") or {}
            wins = not change.get("alternative") and becomes_current(
                entity.fields.get(name), new, valid=valid, overwrite=overwrite
            )
            value_key = (entity.kind, entity.id, name)
            if wins and value_key in self.state.current_values:
                shown = self.state.current_values.pop(value_key)
                demoted.append(shown)
                self.plan.demoted.append(shown)
            if wins:
                entity.fields[name] = new
            self._add(
                "field_values",
                {
                    "entity_kind": entity.kind,
                    "entity_id": entity.id,
                    "field": name,
                    "value": new,
                    "is_current": wins,
                    "valid": valid,
                    **{key: provenance.get(key) for key in STORED_PROVENANCE},
                },
                inserted,
            )
            if wins:
                self.state.current_values[value_key] = inserted["field_values"][-1]
            if entity.kind == "client" and valid and new:
                self._contact_point(entity.id, name, str(new), inserted)

    def _contact_point(
        self, client_id: str, name: str, value: str, inserted: dict[str, list[NewRow]]
    ) -> None:
        kind = "email" if name in EMAIL_FIELDS else "phone" if name in PHONE_FIELDS else None
        if kind is None or (client_id, kind, value) in self.state.contact_points:
            return
        self.state.contact_points.add((client_id, kind, value))
        primary = EMAIL_FIELDS.get(name, False) or PHONE_FIELDS.get(name, False)
        self._add(
            "contact_points",
            {
                "client_id": client_id,
                "kind": kind,
                "value": value,
                "label": name,
                "is_primary": primary,
            },
            inserted,
        )

    def _links(
        self, delta: DeltaWrite, entity: EntityState, inserted: dict[str, list[NewRow]]
    ) -> None:
        for link in delta.links:
            if link["kind"] == "source" and link.get("source_link"):
                owned = (delta.entity, link["source_link"])
                if owned in self.state.source_links:
                    continue
                self.state.source_links.add(owned)
                system, obj, source_id = link["source_link"].split(":", 2)
                self._add(
                    "source_links",
                    {
                        "entity_kind": delta.entity,
                        "entity_id": entity.id,
                        "system": system,
                        "object": obj,
                        "source_id": source_id,
                        "import_id": delta.import_id,
                    },
                    inserted,
                )
                continue
            if not link.get("target_id"):
                continue
            role = link.get("role") or "related"
            relation = (delta.entity, entity.id, link["kind"], link["target_id"], role)
            if relation in self.state.entity_links:
                continue
            self.state.entity_links.add(relation)
            self._add(
                "entity_links",
                {
                    "from_kind": delta.entity,
                    "from_id": entity.id,
                    "to_kind": link["kind"],
                    "to_id": link["target_id"],
                    "role": role,
                    "import_id": delta.import_id,
                },
                inserted,
            )
            if link["kind"] == "client":
                self.plan.touched_clients.add(link["target_id"])


def source_links_of(deltas: Iterable[DeltaWrite]) -> dict[str, set[str]]:
    """Entity kind -> the `system:object:source_id` links the deltas add."""
    found: dict[str, set[str]] = defaultdict(set)
    for delta in deltas:
        for link in delta.links:
            if link["kind"] == "source" and link.get("source_link"):
                found[delta.entity].add(link["source_link"])
    return found


def plan_run(deltas: Sequence[DeltaWrite], state: GraphState) -> ApplyPlan:
    """The writes of a run of create, update and link deltas, in order; `state` is updated."""
    planner = _Planner(state)
    for delta in deltas:
        planner.delta(delta)
    return planner.plan
