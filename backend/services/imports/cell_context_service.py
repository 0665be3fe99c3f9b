"""The normalize context an imported cell had, read back for a value typed in its place (an
operator's correction of an invalid value), so that the typed value is normalized exactly as the
column's imported values were.

The context is the column's plan as the normalize stage makes it (`record_staging.plan_columns`
over `normalize_service.defaults_for`: the profile's and the policy's defaults, the target's
vocabulary and canonical values, the column's day/month order) with the row's country as the
phone region. This module loads the batch, its manifest and the row's staged record; it decides
nothing the normalize stage did not. Values that did not come from an import (a writeback's)
get a writeback's context: the policy's default region.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from backend.db.models import ImportBatch
from backend.repositories import imports_repository, staging_repository
from backend.services.imports import mapping_service, normalize_service
from backend.services.imports.normalizers.dates import DateOrder
from backend.services.imports.normalizers.registry import NormalizeContext
from backend.services.imports.record_staging import (
    COUNTRY_TARGETS,
    DATE_TRANSFORMS,
    ColumnPlan,
    context_following,
    country_followed,
    plan_columns,
)
from backend.services.imports.source_profiles import ProfileRegistry, SourceProfile
from backend.services.imports.targets import CANONICAL_ENUMS


def row_country(entities: Mapping[str, Mapping[str, Any]], entity: str) -> str | None:
    """The country a staged row gave the entity's values, as staging chose it: the entity's own
    country cell, else the client's, else the account's (a profile's default is not a cell)."""
    countries: dict[str, str] = {}
    for target in COUNTRY_TARGETS:
        kind, name = target.split(".", 1)
        record = entities.get(kind, {}).get(name)
        value = record.get("value") if isinstance(record, Mapping) else None
        if isinstance(value, str) and record and record.get("column") is not None:
            countries[kind] = value
    return country_followed(countries, entity)


def row_currency(entities: Mapping[str, Mapping[str, Any]], entity: str, field: str) -> str | None:
    """The currency a staged row stated for the entity's amounts, as staging followed it: the
    row's currency cell (not a profile's default, nor a currency an amount wrote itself)."""
    record = entities.get(entity, {}).get(field)
    if not isinstance(record, Mapping) or record.get("transform") != "currency":
        return None
    value = record.get("value")
    return value if isinstance(value, str) and record.get("column") is not None else None


def _date_order(
    session: Session, batch: ImportBatch, column: str, profile: SourceProfile
) -> DateOrder | None:
    """The column's day/month order: the operator's answer, else as the normalize stage
    decides it."""
    chosen: dict[str, DateOrder] = (batch.counts or {}).get("date_orders", {})
    if column in chosen:
        return chosen[column]
    return normalize_service.date_order_of(session, batch, column, profile.date_order)


@dataclass(frozen=True)
class CellContexts:
    """Reads back the normalize context of imported cells under the deployment's profiles and
    policy region (those its imports, and the re-proposals of their batches, run with)."""

    profiles: ProfileRegistry
    policy_region: str | None
    _plans: dict[tuple[str, ...], ColumnPlan | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Plans already made, by batch, mapping, chosen date orders, column and target: one
    action may read back many cells of one column (each one a scan of its dates)."""

    def _plan(
        self, session: Session, batch: ImportBatch, column: str, target: str
    ) -> ColumnPlan | None:
        if batch.mapping_id is None:
            return None
        chosen = json.dumps((batch.counts or {}).get("date_orders", {}), sort_keys=True)
        key = (batch.id, batch.mapping_id, chosen, column, target)
        if key not in self._plans:
            self._plans[key] = self._made_plan(session, batch, batch.mapping_id, column, target)
        return self._plans[key]

    def _made_plan(
        self, session: Session, batch: ImportBatch, mapping_id: str, column: str, target: str
    ) -> ColumnPlan | None:
        manifest = mapping_service.get_manifest(session, mapping_id)
        entry = next(
            (e for e in manifest.entries if e.column == column and e.target == target), None
        )
        if entry is None:
            return None
        profile = self.profiles.get(manifest.profile)
        defaults = normalize_service.defaults_for(profile, self.policy_region)
        orders = (
            {column: _date_order(session, batch, column, profile)}
            if entry.transform in DATE_TRANSFORMS
            else {}
        )
        plans = plan_columns(manifest, batch.header, defaults, orders)
        return next((p for p in plans if p.column == column and p.target == target), None)

    def context_of(
        self,
        session: Session,
        *,
        import_id: str | None,
        row: int | None,
        column: str | None,
        target: str,
    ) -> NormalizeContext:
        """The context the cell (import, row, column) that feeds `target` was normalized with."""
        fallback = NormalizeContext(
            region=self.policy_region, canonical=CANONICAL_ENUMS.get(target, ())
        )
        if import_id is None or column is None:
            return fallback
        batch = imports_repository.get_batch(session, import_id)
        plan = self._plan(session, batch, column, target)
        if plan is None:
            return fallback
        if not (plan.follows_country or plan.follows_currency) or row is None:
            return plan.context
        staged = staging_repository.staged_row(session, batch.id, row) or {}
        followed = (
            row_currency(staged, plan.entity, plan.follows_currency)
            if plan.follows_currency is not None
            else row_country(staged, plan.entity)
        )
        return plan.context if followed is None else context_following(plan, followed)
