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

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from backend.services.imports.normalizers.base import (
    LOW_CONFIDENCE,
    NormalizedValue,
    rebuilt_from_fields,
    written_part,
)
from backend.services.imports.normalizers.company import company_match_key
from backend.services.imports.normalizers.dates import DateOrder, date_verdicts
from backend.services.imports.normalizers.names import split_full_name
from backend.services.imports.normalizers.registry import NormalizeContext, normalize_value
from backend.services.imports.normalizers.web import domain_from_website, domain_of_address
from backend.services.imports.targets import CANONICAL_ENUMS, IDENTIFYING_FIELDS, KEPT_APART

if TYPE_CHECKING:  # the staging workers import this module and never need the contracts
    from backend.contracts.mapping import MappingManifest

DATE_TRANSFORMS = frozenset({"date", "datetime"})
COUNTRY_TARGETS = ("client.country", "account.country")
ROW_COUNTRY_TRANSFORMS = frozenset({"phone", "region", "postal_code"})
CURRENCY_FIELDS = {
    target: parts["currency"].split(".", 1)[1]
    for target, parts in KEPT_APART.items()
    if "currency" in parts
}
"""The amounts whose currency the row may state, and the field that states it."""
CURRENCY_TARGETS = frozenset(
    parts["currency"] for parts in KEPT_APART.values() if "currency" in parts
)
NO_VALUE_CELLS = frozenset(
    {"null", "NULL", "Null", "(null)", "<null>", "#NULL!", "nil", "NIL", "N/A", "n/a", "N/a",
     "#N/A", "n.a.", "-", "--", "---", "nan", "NaN", "undefined"}
)  # fmt: skip
"""What exports and spreadsheets write into a cell that has no value, with or without spaces
around it: staged as a blank cell (the raw row keeps it), not as the last name "Null" or an
invalid e-mail "N/A". Not "NA" (also Namibia's code) nor "None" (a value of some
vocabularies)."""


SHOWN_DATES = 3
"""How many of an undecided date column's values its unresolved field shows."""


class DateEvidence(NamedTuple):
    """What a date column's values say of its day/month order, gathered chunk by chunk where
    the chunks are staged and merged: the verdicts of its distinct values (`date_verdicts`),
    whether every value starts with a year, and its first values in sorted order (shown)."""

    verdicts: frozenset[str]
    year_first: bool
    first_values: tuple[str, ...]

    def merged(self, other: DateEvidence) -> DateEvidence:
        return DateEvidence(
            self.verdicts | other.verdicts,
            self.year_first and other.year_first,
            tuple(heapq.nsmallest(SHOWN_DATES, {*self.first_values, *other.first_values})),
        )


NO_DATE_EVIDENCE = DateEvidence(frozenset(), True, ())
"""The evidence of no value (what evidence is merged into)."""


def date_values(cells: Iterable[str]) -> set[str]:
    """The distinct values among a date column's cells, without blank cells and cells that say
    they hold nothing (staged as blank)."""
    return {cell.strip() for cell in cells} - {""} - NO_VALUE_CELLS


def date_evidence(values: set[str]) -> DateEvidence:
    """The evidence of a date column's distinct values (`date_values`)."""
    return DateEvidence(
        frozenset(date_verdicts(values)),
        all(value[:4].isdigit() for value in values),
        tuple(heapq.nsmallest(SHOWN_DATES, values)),
    )


def chunk_date_evidence(
    rows: Sequence[tuple[int, list[str]]], columns: Mapping[str, int]
) -> dict[str, DateEvidence]:
    """Each date column's evidence in a chunk of rows (`columns`: the columns by position)."""
    return {
        name: date_evidence(date_values(cells[at] for _, cells in rows if at < len(cells)))
        for name, at in columns.items()
    }


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
    follows_currency: str | None = None
    """For an amount: the field of the same entity whose currency the row states ("$500" is
    read as CAD on a row whose currency is CAD, "500 kr" as SEK)."""

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return rebuilt_from_fields(self)


@dataclass(frozen=True, slots=True)
class StagingDefaults:
    """What the profile and policy imply for values that do not say."""

    date_order: DateOrder | None = None
    region: str | None = None
    currency: str | None = None
    vocabularies: dict[str, dict[str, str]] = field(default_factory=dict)
    default_values: dict[str, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return rebuilt_from_fields(self)


class Problem:
    """A value (or a whole column, row None) that could not be normalized with confidence. (A
    plain class: a large batch makes one or two per unresolved value, and compiled, it is built
    by a direct call.)"""

    def __init__(
        self,
        row: int | None,
        column: str,
        raw_value: str | None,
        reason: str,
        message: str,
        suggestion: str | None = None,
    ) -> None:
        self.row: Final = row
        self.column: Final = column
        self.raw_value: Final = raw_value
        self.reason: Final = reason
        self.message: Final = message
        self.suggestion: Final = suggestion
        """The best reading of a value normalized without confidence (the operator confirms
        it)."""


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
                follows_currency=CURRENCY_FIELDS.get(entry.target),
            )
        )
    # the columns others follow (countries, currencies) are staged first in each row
    return sorted(
        plans,
        key=lambda plan: (
            plan.target not in COUNTRY_TARGETS and plan.target not in CURRENCY_TARGETS,
            plan.index,
        ),
    )


def country_followed(countries: Mapping[str, str], entity: str) -> str | None:
    """The country a row's value of `entity` is read with (a phone, a region, a postcode), from
    the row's country cells by entity: the entity's own, else the client's, else the account's."""
    return countries.get(entity) or countries.get("client") or countries.get("account")


def context_following(plan: ColumnPlan, followed: str) -> NormalizeContext:
    """A column's context read with the row's value it follows: the row's country (as the
    phone region too), or the row's currency for an amount."""
    if plan.follows_country:
        return replace(plan.context, region=followed, country=followed)
    return replace(plan.context, currency=followed)


FieldRecord = tuple[dict[str, Any], Problem | None]
"""A cell's field record, and the problem (row None) if its value is not clean."""
NO_VALUE: dict[str, Any] = {}
"""The field record of a cell holding a `NO_VALUE_CELLS` text, spaces around it or not: not
staged. (Found where a value is normalized, once per distinct cell of a repeating column, so
the common cell pays nothing for it. Compared by identity, never filled.)"""


CellKey = str | tuple[str, str]
"""A cell's key among its column's field records (`cell_key`)."""


def cell_key(raw: str, followed: str | None) -> CellKey:
    """The raw value, with the row's value the column follows (its country or currency) where
    there is one."""
    return raw if followed is None else (raw, followed)


class ValueCache:
    """Field records by column and `cell_key`, shared across the chunks of one batch. Exports
    repeat owners, cities, stages and company names on most rows, so most cells are a dictionary
    lookup; the records are shared and never mutated.

    A column whose values were nearly all new over a chunk (ids, e-mails, phones) is no longer
    looked up or remembered: its lookups would miss, and its entries would fill the cache and
    evict the values that do repeat."""

    UNIQUE_SHARE = 0.9
    """A column that misses on this share of a chunk's rows holds unique values."""
    JUDGED_FROM_ROWS = 1000
    """Smaller chunks say nothing: every value of a batch's first rows is new."""

    def __init__(self, limit: int = 200_000) -> None:
        self.unique_columns: set[int] = set()
        """The columns (by index) `stage_rows` normalizes without the cache."""
        self._columns: dict[int, dict[CellKey, FieldRecord]] = {}
        self._size = 0
        self._misses: dict[int, int] = {}
        self._contexts: dict[tuple[int, str], NormalizeContext] = {}
        self._limit = limit

    def column(self, index: int) -> dict[CellKey, FieldRecord]:
        """A column's field records by `cell_key`, looked up directly by `stage_rows` (a method
        call per cell costs more than a miss; one dictionary per column, keyed by the raw text
        alone for most columns, is read several times faster than one keyed by tuples)."""
        return self._columns.setdefault(index, {})

    def fresh(self, plan: ColumnPlan, raw: str, followed: str | None) -> FieldRecord:
        """Normalize a cell, without remembering it."""
        if raw.strip() in NO_VALUE_CELLS:
            return NO_VALUE, None
        context = self._context(plan, followed) if followed else plan.context
        return _field_record(plan, raw, normalize_value(plan.transform, raw, context))

    def miss(self, plan: ColumnPlan, raw: str, followed: str | None) -> FieldRecord:
        """Normalize a cell not in its `column`, and remember its field record."""
        found = self.fresh(plan, raw, followed)
        if self._size >= self._limit:
            for records in self._columns.values():
                records.clear()
            self._size = 0
        self.column(plan.index)[cell_key(raw, followed)] = found
        self._size += 1
        self._misses[plan.index] = self._misses.get(plan.index, 0) + 1
        return found

    def judge_chunk(self, rows: int) -> None:
        """After a chunk of `rows` rows: stop caching the columns that missed on nearly all."""
        if rows >= self.JUDGED_FROM_ROWS:
            self.unique_columns.update(
                index
                for index, misses in self._misses.items()
                if misses >= self.UNIQUE_SHARE * rows
            )
        self._misses.clear()

    def _context(self, plan: ColumnPlan, followed: str) -> NormalizeContext:
        key = (plan.index, followed)
        context = self._contexts.get(key)
        if context is None:
            context = self._contexts[key] = context_following(plan, followed)
        return context


def _shown(value: str | bool | list[str]) -> str:
    """A canonical value as the operator reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return ", ".join(value) if isinstance(value, list) else value


def _field_record(plan: ColumnPlan, raw: str, result: NormalizedValue) -> FieldRecord:
    value = result.value
    record: dict[str, Any] = {
        "value": value,
        "raw": raw,
        "column": plan.column,
        "transform": plan.transform,
        "confidence": result.confidence,
    }
    if result.extra:
        record["extra"] = dict(result.extra)
    reading = value if result.confidence < LOW_CONFIDENCE else None
    if not (result.reason or reading is not None or (value is None and raw.strip())):
        return record, None
    record["invalid"] = result.problem or "could not be normalized"
    record["reason"] = result.reason or "invalid_value"
    suggestion = None
    if reading is not None:  # a guess is not proposed: it is offered to the operator
        suggestion = _shown(reading)
        record["value"] = None
        record["invalid"] = f"{record['invalid']} (best reading: {suggestion})"
    problem = Problem(None, plan.column, raw, record["reason"], record["invalid"], suggestion)
    return record, problem


def _derive(entities: dict[str, dict[str, Any]]) -> None:
    """Fill what one field implies for another: name parts, account domain and matching key.
    (Every field record has a "value", possibly None.)"""
    client = entities.get("client")
    if (
        client is not None
        and "full_name" in client
        and "first_name" not in client
        and "last_name" not in client
    ):
        full = client["full_name"]
        if full["value"]:
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
    company = account.get("name")
    if company is not None and company["value"]:
        account["name_key"] = {
            **company,
            "value": company_match_key(str(company["value"])),
            "transform": "company_key",
        }
    stated = account.get("domain")
    if stated is not None and stated["value"]:
        return
    origin = account.get("website")
    if origin is not None and origin["value"]:
        domain = domain_from_website(str(origin["value"]))
    else:
        origin = client.get("email") if client is not None else None
        if origin is None or not origin["value"]:
            return
        domain = domain_of_address(str(origin["value"]))
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
            part = written_part(extra, key)
            if part is None:
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
            if stated["value"] is None or part == stated["value"]:
                continue  # an amount was read in its row's currency ("$500" on a CAD row)
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
    number: int,
    entities: dict[str, dict[str, Any]],
    problems: list[Problem],
    positions: Mapping[str, int],
) -> None:
    """Remove each entity the row gives nothing that identifies it (`IDENTIFYING_FIELDS`): it
    becomes a `missing_required` problem instead of an empty create, naming the cells it had
    in the file's column order (`positions`); the rest of the row stays."""
    unidentified = [
        entity
        for entity, fields in entities.items()
        if entity in IDENTIFYING_FIELDS and IDENTIFYING_FIELDS[entity].isdisjoint(fields)
    ]
    for entity in unidentified:
        fields = entities.pop(entity)
        given = sorted(
            ((r["column"], r["raw"]) for r in fields.values() if r.get("column")),
            key=lambda cell: positions.get(cell[0], len(positions)),
        )
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
    steps = [
        (
            plan,
            plan.index,
            plan.entity,
            plan.field,
            plan.follows_country,
            plan.follows_currency,
            plan.target in COUNTRY_TARGETS,
            None if plan.index in cache.unique_columns else cache.column(plan.index),
        )
        for plan in plans
    ]
    kept_apart: list[KeptApart] = kept_apart_of(plans)
    positions = {plan.column: plan.index for plan in plans}
    rows_seen = 0
    for number, cells in rows:
        rows_seen += 1
        entities: dict[str, dict[str, Any]] = {}
        countries: dict[str, str] = {}
        width = len(cells)
        for plan, index, entity, name, follows_country, currency_field, is_country, known in steps:
            raw = cells[index] if index < width else ""
            if not raw or raw.isspace():
                continue
            followed = None
            fields = entities.get(entity)
            if follows_country and countries:
                followed = country_followed(countries, entity)
            elif currency_field is not None and fields is not None:
                stated = fields.get(currency_field)
                if stated is not None and isinstance(stated["value"], str):
                    followed = stated["value"]
            if known is not None:
                found = known.get(cell_key(raw, followed))
                record, problem = found if found is not None else cache.miss(plan, raw, followed)
            else:
                record, problem = cache.fresh(plan, raw, followed)
            if record is NO_VALUE:
                continue
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
                        problem.suggestion,
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
        drop_unidentified(number, entities, problems, positions)
        if entities:
            staged.append((number, entities))
    cache.judge_chunk(rows_seen)
    return staged, problems
