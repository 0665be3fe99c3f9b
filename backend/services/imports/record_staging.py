"""Turn raw rows into staged records: each mapped cell normalized for its target, with its
provenance, grouped by the entity it feeds; every value that fails becomes a problem (kept raw).

Pure core of the normalize stage: rows and a column plan in, staged records and problems out.
Work is done column by column with a cache of repeated (transform, raw, context) values, since
exports repeat owners, cities, stages and company names on most rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.contracts.mapping import MappingManifest
from backend.services.imports.normalizers.base import NormalizedValue
from backend.services.imports.normalizers.company import company_match_key
from backend.services.imports.normalizers.dates import DateOrder
from backend.services.imports.normalizers.names import split_full_name
from backend.services.imports.normalizers.registry import NormalizeContext, normalize_value
from backend.services.imports.normalizers.web import domain_from_email, domain_from_website
from backend.services.imports.targets import CANONICAL_ENUMS

DATE_TRANSFORMS = frozenset({"date", "datetime"})
COUNTRY_TARGETS = ("client.country", "account.country")


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """How one source column is normalized."""

    index: int
    column: str
    target: str
    transform: str
    context: NormalizeContext

    @property
    def entity(self) -> str:
        """The entity the column feeds."""
        return self.target.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The field name within the entity (`custom.<slug>` for custom attributes)."""
        return self.target.split(".", 1)[1]


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
        plans.append(
            ColumnPlan(position[entry.column], entry.column, entry.target, entry.transform, context)
        )
    return sorted(plans, key=lambda plan: (plan.target not in COUNTRY_TARGETS, plan.index))


class ValueCache:
    """Normalized values by (transform, raw, context), shared across chunks of one batch."""

    def __init__(self, limit: int = 200_000) -> None:
        self._values: dict[tuple[str, str, NormalizeContext], NormalizedValue] = {}
        self._limit = limit

    def normalize(self, transform: str, raw: str, context: NormalizeContext) -> NormalizedValue:
        """The cached normal form of one raw value."""
        key = (transform, raw, context)
        found = self._values.get(key)
        if found is None:
            found = normalize_value(transform, raw, context)
            if len(self._values) >= self._limit:
                self._values.clear()
            self._values[key] = found
        return found


def _field_record(plan: ColumnPlan, raw: str, result: NormalizedValue) -> dict[str, Any]:
    record: dict[str, Any] = {
        "value": result.value,
        "raw": raw,
        "column": plan.column,
        "transform": plan.transform,
        "confidence": result.confidence,
    }
    if result.extra:
        record["extra"] = dict(result.extra)
    if result.reason or (result.value is None and raw.strip()):
        record["invalid"] = result.problem or "could not be normalized"
        record["reason"] = result.reason or "invalid_value"
    return record


def _row_context(plan: ColumnPlan, countries: dict[str, str]) -> NormalizeContext:
    country = countries.get(plan.entity) or countries.get("client") or countries.get("account")
    if plan.transform not in ("phone", "region", "postal_code") or not country:
        return plan.context
    return NormalizeContext(
        region=country,
        country=country,
        date_order=plan.context.date_order,
        currency=plan.context.currency,
        vocabulary=plan.context.vocabulary,
        canonical=plan.context.canonical,
    )


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


def stage_rows(
    rows: Iterable[tuple[int, list[str]]],
    plans: Sequence[ColumnPlan],
    defaults: StagingDefaults,
    cache: ValueCache,
) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """Normalize the mapped cells of each row into per-entity field records."""
    staged: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, cells in rows:
        entities: dict[str, dict[str, Any]] = {}
        countries: dict[str, str] = {}
        for plan in plans:
            raw = cells[plan.index] if plan.index < len(cells) else ""
            if not raw.strip():
                continue
            result = cache.normalize(plan.transform, raw, _row_context(plan, countries))
            record = _field_record(plan, raw, result)
            fields = entities.setdefault(plan.entity, {})
            if plan.field in fields and fields[plan.field].get("value"):
                continue
            fields[plan.field] = record
            if plan.target in COUNTRY_TARGETS and isinstance(result.value, str):
                countries[plan.entity] = result.value
            if "invalid" in record:
                problems.append(
                    Problem(
                        number,
                        plan.column,
                        raw,
                        result.reason or "invalid_value",
                        f"Row {number}, {plan.column}: {record['invalid']}",
                    )
                )
        for target, value in defaults.default_values.items():
            entity, name = target.split(".", 1)
            if entity in entities:
                entities.setdefault(entity, {}).setdefault(
                    name,
                    {
                        "value": value,
                        "raw": None,
                        "column": None,
                        "transform": "default",
                        "confidence": 1.0,
                    },
                )
        _derive(entities)
        if entities:
            staged.append((number, entities))
    return staged, problems
