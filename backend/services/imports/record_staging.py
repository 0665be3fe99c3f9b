"""Turn raw rows into staged records: each mapped cell normalized for its target, with its
provenance, grouped by the entity it feeds; every value that fails becomes a problem (kept raw).

Pure core of the normalize stage: rows and a column plan in, staged records and problems out.
Work is done column by column with a cache of repeated (transform, raw, context) values, since
exports repeat owners, cities, stages and company names on most rows. Per row (never per cell)
it places the parts a value keeps apart (a phone's extension, the currency written in an amount)
in their own fields, and leaves out any entity the row gives nothing that identifies it
(`missing_required`); both rules are data in `targets.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from backend.contracts.mapping import MappingManifest
from backend.services.imports.normalizers.base import NormalizedValue
from backend.services.imports.normalizers.company import company_match_key
from backend.services.imports.normalizers.dates import DateOrder
from backend.services.imports.normalizers.money import normalize_money
from backend.services.imports.normalizers.names import split_full_name
from backend.services.imports.normalizers.registry import NormalizeContext, normalize_value
from backend.services.imports.normalizers.web import domain_from_email, domain_from_website
from backend.services.imports.targets import CANONICAL_ENUMS, IDENTIFYING_FIELDS, KEPT_APART

DATE_TRANSFORMS = frozenset({"date", "datetime"})
COUNTRY_TARGETS = ("client.country", "account.country")
ROW_COUNTRY_TRANSFORMS = frozenset({"phone", "region", "postal_code"})


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """How one source column is normalized."""

    index: int
    column: str
    target: str
    transform: str
    context: NormalizeContext
    entity: str
    """The entity the column feeds."""
    field: str
    """The field name within the entity (`custom.<slug>` for custom attributes)."""
    follows_country: bool
    """Whether a value's normal form depends on the row's country (phones, regions, postcodes)."""


@dataclass(frozen=True, slots=True)
class StagingDefaults:
    """What the profile and policy imply for values that do not say."""

    date_order: DateOrder | None = None
    region: str | None = None
    currency: str | None = None
    vocabularies: dict[str, dict[str, str]] = field(default_factory=dict)
    default_values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Problem:
    """A value (or a whole column, row None) that could not be normalized with confidence."""

    row: int | None
    column: str
    raw_value: str | None
    reason: str
    message: str


def plan_columns(
    manifest: MappingManifest,
    header: Sequence[str],
    defaults: StagingDefaults,
    date_orders: dict[str, DateOrder | None],
) -> list[ColumnPlan]:
    """A plan per mapped column, in header order."""
    position = {name: index for index, name in enumerate(header)}
    plans = []
    for entry in manifest.entries:
        if entry.column not in position:
            continue
        context = NormalizeContext(
            region=defaults.region,
            date_order=date_orders.get(entry.column, defaults.date_order),
            currency=defaults.currency,
            vocabulary=defaults.vocabularies.get(entry.target, {}),
            canonical=CANONICAL_ENUMS.get(entry.target, ()),
        )
        entity, name = entry.target.split(".", 1)
        plans.append(
            ColumnPlan(
                index=position[entry.column],
                column=entry.column,
                target=entry.target,
                transform=entry.transform,
                context=context,
                entity=entity,
                field=name,
                follows_country=entry.transform in ROW_COUNTRY_TRANSFORMS,
            )
        )
    return sorted(plans, key=lambda plan: (plan.target not in COUNTRY_TARGETS, plan.index))


FieldRecord = tuple[dict[str, Any], Problem | None]
"""A cell's field record, and the problem (row None) if its value is not clean."""


class ValueCache:
    """Field records by (column, raw value, the row's country where it matters), shared across
    the chunks of one batch. Exports repeat owners, cities, stages and company names on most
    rows, so most cells are a dictionary lookup; the records are shared and never mutated."""

    def __init__(self, limit: int = 200_000) -> None:
        self.records: dict[tuple[int, str, str | None], FieldRecord] = {}
        """Looked up directly by `stage_rows` (a method call per cell costs more than a miss)."""
        self._contexts: dict[tuple[int, str], NormalizeContext] = {}
        self._limit = limit

    def miss(self, plan: ColumnPlan, raw: str, country: str | None) -> FieldRecord:
        """Normalize a cell not in `records`, and remember its field record."""
        context = self._context(plan, country) if country else plan.context
        found = _field_record(plan, raw, normalize_value(plan.transform, raw, context))
        if len(self.records) >= self._limit:
            self.records.clear()
        self.records[plan.index, raw, country] = found
        return found

    def _context(self, plan: ColumnPlan, country: str) -> NormalizeContext:
        """The column's context with the row's country as the region."""
        key = (plan.index, country)
        context = self._contexts.get(key)
        if context is None:
            context = self._contexts[key] = replace(plan.context, region=country, country=country)
        return context


def _field_record(plan: ColumnPlan, raw: str, result: NormalizedValue) -> FieldRecord:
    record: dict[str, Any] = {
        "value": result.value,
        "raw": raw,
        "column": plan.column,
        "transform": plan.transform,
        "confidence": result.confidence,
    }
    if result.extra:
        record["extra"] = dict(result.extra)
    if not (result.reason or (result.value is None and raw.strip())):
        return record, None
    record["invalid"] = result.problem or "could not be normalized"
    record["reason"] = result.reason or "invalid_value"
    problem = Problem(None, plan.column, raw, record["reason"], record["invalid"])
    return record, problem


def _derive(entities: dict[str, dict[str, Any]]) -> None:
    """Fill what one field implies for another: name parts, account domain and matching key."""
    client = entities.get("client")
    if client and "full_name" in client and not ({"first_name", "last_name"} & client.keys()):
        full = client["full_name"]
        if full.get("value"):
            parts = split_full_name(full["raw"])
            for name, value in (
                ("first_name", parts.first),
                ("middle_name", parts.middle),
                ("last_name", parts.last),
            ):
                if value:
                    client[name] = {**full, "value": value, "transform": "full_name_split"}
    account = entities.get("account")
    if account is None:
        return
    if account.get("name", {}).get("value"):
        account["name_key"] = {
            **account["name"],
            "value": company_match_key(str(account["name"]["value"])),
            "transform": "company_key",
        }
    if "domain" in account and account["domain"].get("value"):
        return
    website = account.get("website", {})
    email = (client or {}).get("email", {})
    domain = None
    if website.get("value"):
        domain, origin = domain_from_website(str(website["value"])), website
    elif email.get("value"):
        domain, origin = domain_from_email(str(email["value"])), email
    if domain:
        account["domain"] = {**origin, "value": domain, "transform": "domain", "confidence": 0.9}


class KeptApart(NamedTuple):
    """A column whose values may carry a part kept apart (`KEPT_APART`): which entity field it
    feeds, and the field each part is stored under (a tuple: unpacked on every row)."""

    entity: str
    field: str
    parts: tuple[tuple[str, str], ...]
    """(the normalizer's `extra` key, the field of the same entity that stores it)."""


def kept_apart_of(plans: Sequence[ColumnPlan]) -> list[KeptApart]:
    """The columns of a plan whose values may carry parts kept apart."""
    return [
        KeptApart(
            plan.entity,
            plan.field,
            tuple((key, target.split(".", 1)[1]) for key, target in parts.items()),
        )
        for plan in plans
        if (parts := KEPT_APART.get(plan.target))
    ]


def _ambiguous(record: dict[str, Any], message: str) -> dict[str, Any]:
    return {**record, "value": None, "invalid": message, "reason": "ambiguous_value"}


def _agrees(key: str, record: dict[str, Any], part: str, stated: Any) -> bool:
    """Whether the part found in a value agrees with the row's own field: an amount's "$" is
    read again with the row's currency, so that "$500" with currency CAD agrees."""
    if part == stated:
        return True
    if key != "currency" or record["transform"] != "money":
        return False
    return bool(normalize_money(record["raw"], str(stated)).extra.get("currency") == stated)


def place_kept_apart(
    number: int,
    entities: dict[str, dict[str, Any]],
    kept_apart: Sequence[KeptApart],
    problems: list[Problem],
) -> None:
    """Store each part kept apart from a value (a phone's extension, an amount's currency) in
    its own field, unless the row fills that field itself; when the row's field disagrees with
    the part, both values become `ambiguous_value` (an operator decides, nothing is picked)."""
    for entity, field_name, parts in kept_apart:
        fields = entities.get(entity)
        if fields is None:
            continue
        record = fields.get(field_name)
        if record is None or "extra" not in record or record["value"] is None:
            continue
        extra = record["extra"]
        for key, name in parts:
            part = extra.get(key)
            if part is None or extra.get(f"{key}_source") == "default":
                continue
            stated = fields.get(name)
            if stated is None:
                fields[name] = {
                    **record,
                    "value": part,
                    "transform": f"{record['transform']}_{key}",
                }
                fields[name].pop("extra", None)
                continue
            if stated["value"] is None or _agrees(key, record, part, stated["value"]):
                continue
            message = (
                f"{record['column']} {record['raw']!r} names {key} {part} but "
                f"{stated['column'] or 'the profile'} says {stated['value']}; which is right?"
            )
            fields[field_name], fields[name] = (
                _ambiguous(record, message),
                _ambiguous(stated, message),
            )
            for column, raw in (
                (record["column"], record["raw"]),
                (stated["column"], stated["raw"]),
            ):
                if column is not None:
                    problems.append(
                        Problem(number, column, raw, "ambiguous_value", f"Row {number}: {message}")
                    )
            break


def drop_unidentified(
    number: int, entities: dict[str, dict[str, Any]], problems: list[Problem]
) -> None:
    """Remove each entity the row gives nothing that identifies it (`IDENTIFYING_FIELDS`): it
    becomes a `missing_required` problem instead of an empty create; the rest of the row stays."""
    unidentified = [
        entity
        for entity, fields in entities.items()
        if entity in IDENTIFYING_FIELDS and IDENTIFYING_FIELDS[entity].isdisjoint(fields)
    ]
    for entity in unidentified:
        fields = entities.pop(entity)
        given = [(r["column"], r["raw"]) for r in fields.values() if r.get("column")]
        wanted = ", ".join(sorted(IDENTIFYING_FIELDS[entity]))
        problems.append(
            Problem(
                number,
                ", ".join(dict.fromkeys(column for column, _ in given)) or entity,
                "; ".join(f"{column}={raw}" for column, raw in given) or None,
                "missing_required",
                f"Row {number}: the {entity} has none of the fields that identify it "
                f"({wanted}), so it is not created.",
            )
        )


StagedChunk = tuple[list[tuple[int, dict[str, Any]]], list[Problem]]
"""Staged records (row number, fields per entity) and the problems found in them."""


def stage_rows(
    rows: Iterable[tuple[int, list[str]]],
    plans: Sequence[ColumnPlan],
    defaults: StagingDefaults,
    cache: ValueCache,
) -> StagedChunk:
    """Normalize the mapped cells of each row into per-entity field records."""
    staged: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    defaults_by_entity: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for target, value in defaults.default_values.items():
        entity, name = target.split(".", 1)
        default = {"value": value, "raw": None, "column": None, "transform": "default"}
        defaults_by_entity.setdefault(entity, []).append((name, {**default, "confidence": 1.0}))
    records, miss = cache.records, cache.miss
    steps = [
        (
            plan,
            plan.index,
            plan.entity,
            plan.field,
            plan.follows_country,
            plan.target in COUNTRY_TARGETS,
        )
        for plan in plans
    ]
    kept_apart: list[KeptApart] = kept_apart_of(plans)
    for number, cells in rows:
        entities: dict[str, dict[str, Any]] = {}
        countries: dict[str, str] = {}
        width = len(cells)
        for plan, index, entity, name, follows_country, is_country in steps:
            raw = cells[index] if index < width else ""
            if not raw or raw.isspace():
                continue
            country = None
            if follows_country and countries:
                country = (
                    countries.get(entity) or countries.get("client") or countries.get("account")
                )
            found = records.get((index, raw, country))
            record, problem = found if found is not None else miss(plan, raw, country)
            fields = entities.get(entity)
            if fields is None:
                fields = entities[entity] = {}
            elif name in fields and fields[name]["value"]:
                continue
            fields[name] = record
            if problem is not None:
                problems.append(
                    Problem(
                        number,
                        plan.column,
                        raw,
                        problem.reason,
                        f"Row {number}, {plan.column}: {problem.message}",
                    )
                )
            if is_country and isinstance(record["value"], str):
                countries[entity] = record["value"]
        if not entities:
            continue
        if kept_apart:
            place_kept_apart(number, entities, kept_apart, problems)
        for entity, entries in defaults_by_entity.items():
            fields = entities.get(entity)
            if fields is not None:
                for name, default in entries:
                    fields.setdefault(name, default)
        _derive(entities)
        drop_unidentified(number, entities, problems)
        if entities:
            staged.append((number, entities))
    return staged, problems
