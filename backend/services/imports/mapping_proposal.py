"""Mapping proposal: the mapping manifest for one file's columns, and the operator's edits to it.

It owns the decision per column (an entry with target, transform, confidence and origin; `ignore`
for a column the profile lists as carrying nothing or that is empty; otherwise `unresolved` with
samples and ranked suggestions ending in a custom attribute), the reuse of a saved manifest, and
the rule that two columns never silently share a single-valued target: a second e-mail or phone
moves to the secondary slot where one is free, any other loser stays unresolved and says which
column it competes with. Header text and value patterns are judged in `header_matching` and
`value_patterns`; storing the manifest is the mapping service's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from backend.contracts.common import EntityKind
from backend.contracts.imports import ColumnStats
from backend.contracts.mapping import (
    MappingEdit,
    MappingEntry,
    MappingManifest,
    TargetSuggestion,
    UnmappedColumn,
)
from backend.errors import InvalidInput
from backend.services.imports.header_matching import (
    SUGGESTION_FLOOR,
    Candidate,
    column_header,
    fold_header,
    is_meaningless_header,
    match_header,
    profile_disposition,
)
from backend.services.imports.source_profiles import SourceProfile
from backend.services.imports.targets import (
    CUSTOM_ENTITIES,
    MULTI_VALUED_TARGETS,
    custom_slug,
    is_known_target,
    transform_for,
)
from backend.services.imports.value_patterns import (
    candidates_from_values,
    values_contradict,
    values_support,
)

Decision = MappingEntry | UnmappedColumn

MAX_SAMPLES: Final = 5
MAX_SUGGESTIONS: Final = 3
CUSTOM_CONFIDENCE: Final = 0.2
CLOSE_CALL: Final = 0.03
VALUE_HINT_CEILING: Final = 0.5
CONTRADICTED_CEILING: Final = 0.5
UNSUPPORTED_FACTOR: Final = 0.6
FALLBACK_CEILING: Final = 0.75

#: Where a column that loses its target to another column goes instead, if that slot is free.
_FALLBACKS: Final[dict[str, str]] = {
    "client.email": "client.email_secondary",
    "client.phone": "client.other_phone",
    "client.mobile_phone": "client.other_phone",
    "client.home_phone": "client.other_phone",
}
_ORIGIN_RANK: Final[dict[str, int]] = {"operator": 0, "saved": 1}


def _custom_target(entity: EntityKind, column: str) -> str:
    owner = entity if entity in CUSTOM_ENTITIES else "client"
    return f"{owner}.custom.{custom_slug(fold_header(column))}"


def _weighed_by_values(candidate: Candidate, column: ColumnStats) -> Candidate:
    """A header's candidate, weakened when the column's values say otherwise."""
    confidence = candidate.confidence
    if values_contradict(column, candidate.target):
        confidence = min(confidence, CONTRADICTED_CEILING)
    if candidate.loose and values_support(column, candidate.target) is False:
        confidence *= UNSUPPORTED_FACTOR
    return replace(candidate, confidence=round(confidence, 2))


def _candidates(column: ColumnStats, header: str, profile: SourceProfile) -> list[Candidate]:
    from_values = candidates_from_values(column, profile.object)
    if is_meaningless_header(header):
        found = from_values
    else:
        hints = [
            replace(hint, confidence=min(hint.confidence, VALUE_HINT_CEILING))
            for hint in from_values
        ]
        found = [_weighed_by_values(c, column) for c in match_header(header, profile)] + hints
    best: dict[str, Candidate] = {}
    for candidate in found:
        kept = best.get(candidate.target)
        if kept is None or candidate.confidence > kept.confidence:
            best[candidate.target] = candidate
    return sorted(best.values(), key=lambda c: -c.confidence)


def _unresolved(
    column: ColumnStats,
    entity: EntityKind,
    suggestions: Iterable[TargetSuggestion],
    reason: str,
) -> UnmappedColumn:
    ranked = [s for s in suggestions if s.confidence >= SUGGESTION_FLOOR][: MAX_SUGGESTIONS - 1]
    custom = TargetSuggestion(
        target=_custom_target(entity, column.name), confidence=CUSTOM_CONFIDENCE
    )
    return UnmappedColumn(
        column=column.name,
        disposition="unresolved",
        samples=column.samples[:MAX_SAMPLES],
        suggestions=[*ranked, custom],
        reason=reason,
    )


def _why_unresolved(candidates: list[Candidate], header: str, threshold: float) -> str:
    if not candidates:
        if is_meaningless_header(header):
            return "the header says nothing and the values follow no known pattern"
        return "no profile label, header synonym or value pattern matches this column"
    best = candidates[0]
    if len(candidates) > 1 and best.confidence - candidates[1].confidence < CLOSE_CALL:
        return f"the column fits {best.target} and {candidates[1].target} about equally"
    return f"best match {best.target} has confidence {best.confidence:.2f} < {threshold:.2f}"


def _propose_column(column: ColumnStats, profile: SourceProfile, threshold: float) -> Decision:
    header = column_header(column)
    listed = profile_disposition(header, profile)
    if listed == "ignore":
        reason = f"the {profile.key} profile lists this column as carrying nothing"
        return UnmappedColumn(column=column.name, disposition="ignore", reason=reason)
    if column.fill_rate == 0:
        return UnmappedColumn(
            column=column.name, disposition="ignore", reason="the column is empty"
        )
    if listed == "unresolved":
        reason = f"the {profile.key} profile knows this column has no canonical target"
        return _unresolved(column, profile.object, [], reason)
    candidates = _candidates(column, header, profile)
    clear = len(candidates) < 2 or candidates[0].confidence - candidates[1].confidence >= CLOSE_CALL
    if candidates and candidates[0].confidence >= threshold and clear:
        best = candidates[0]
        return MappingEntry(
            column=column.name,
            target=best.target,
            transform=transform_for(best.target),
            confidence=best.confidence,
            origin=best.origin,
        )
    suggestions = [TargetSuggestion(target=c.target, confidence=c.confidence) for c in candidates]
    reason = _why_unresolved(candidates, header, threshold)
    return _unresolved(column, profile.object, suggestions, reason)


def _reused(saved: MappingManifest | None, column: ColumnStats) -> Decision | None:
    """The saved manifest's decision for a column of the same name, marked as reused."""
    if saved is None:
        return None
    for entry in saved.entries:
        if entry.column == column.name and is_known_target(entry.target):
            return entry.model_copy(
                update={"transform": transform_for(entry.target), "origin": "saved"}
            )
    for item in saved.unmapped:
        if item.column == column.name and item.disposition != "unresolved":
            reason = f"{item.disposition} in the saved mapping"
            return item.model_copy(
                update={"samples": column.samples[:MAX_SAMPLES], "reason": reason}
            )
    return None


def _rank(entry: MappingEntry, index: int) -> tuple[int, float, int]:
    return (_ORIGIN_RANK.get(entry.origin, 2), -entry.confidence, index)


def _settle_competition(
    decisions: list[Decision], columns: Sequence[ColumnStats], entity: EntityKind
) -> list[Decision]:
    """Give each single-valued target to one column; the others fall back or stay unresolved."""
    order = {column.name: position for position, column in enumerate(columns)}
    entries = [d for d in decisions if isinstance(d, MappingEntry)]
    holders: dict[str, MappingEntry] = {}
    losers: list[MappingEntry] = []
    for entry in sorted(entries, key=lambda e: _rank(e, order[e.column])):
        if entry.target in MULTI_VALUED_TARGETS or entry.target not in holders:
            holders.setdefault(entry.target, entry)
        else:
            losers.append(entry)
    settled: dict[str, Decision] = {decision.column: decision for decision in decisions}
    by_name = {column.name: column for column in columns}
    for loser in sorted(losers, key=lambda e: order[e.column]):
        column = by_name[loser.column]
        fallback = _FALLBACKS.get(loser.target)
        if fallback and fallback not in holders and values_support(column, fallback) is not False:
            holders[fallback] = loser.model_copy(
                update={
                    "target": fallback,
                    "transform": transform_for(fallback),
                    "confidence": min(loser.confidence, FALLBACK_CEILING),
                }
            )
            settled[loser.column] = holders[fallback]
            continue
        winner = holders[loser.target].column
        suggestion = TargetSuggestion(target=loser.target, confidence=loser.confidence)
        reason = f'competes with column "{winner}" for target {loser.target}'
        settled[loser.column] = _unresolved(column, entity, [suggestion], reason)
    return [settled[decision.column] for decision in decisions]


def _manifest(profile: SourceProfile, decisions: Iterable[Decision]) -> MappingManifest:
    items = list(decisions)
    return MappingManifest(
        profile=profile.key,
        source_system=profile.system,
        object=profile.object,
        entries=[item for item in items if isinstance(item, MappingEntry)],
        unmapped=[item for item in items if isinstance(item, UnmappedColumn)],
    )


def propose_mapping(
    columns: Sequence[ColumnStats],
    profile: SourceProfile,
    *,
    saved: MappingManifest | None = None,
    threshold: float = 0.6,
) -> MappingManifest:
    """The proposed manifest (no id yet): every column mapped, ignored or left unresolved."""
    ordered = sorted(columns, key=lambda column: column.index)
    decisions = [
        _reused(saved, column) or _propose_column(column, profile, threshold) for column in ordered
    ]
    return _manifest(profile, _settle_competition(decisions, ordered, profile.object))


def _edited(current: Decision, edit: MappingEdit, entity: EntityKind) -> Decision:
    if (edit.target is None) == (edit.disposition is None):
        raise InvalidInput(
            f"the edit of column {edit.column!r} must name either a target or a disposition",
            column=edit.column,
        )
    if edit.target is not None:
        if not is_known_target(edit.target):
            raise InvalidInput(
                f"unknown target {edit.target!r} for column {edit.column!r}",
                column=edit.column,
                target=edit.target,
            )
        return MappingEntry(
            column=edit.column,
            target=edit.target,
            transform=transform_for(edit.target),
            confidence=1.0,
            origin="operator",
        )
    samples = current.samples if isinstance(current, UnmappedColumn) else []
    suggestions: list[TargetSuggestion] = []
    if edit.disposition == "custom":
        suggestions = [TargetSuggestion(target=_custom_target(entity, edit.column), confidence=1.0)]
    elif edit.disposition == "unresolved":
        suggestions = (
            current.suggestions
            if isinstance(current, UnmappedColumn)
            else [TargetSuggestion(target=current.target, confidence=current.confidence)]
        )
    return UnmappedColumn(
        column=edit.column,
        disposition=edit.disposition or "unresolved",
        samples=samples,
        suggestions=suggestions,
        reason=f"{edit.disposition} by the operator",
    )


def _refuse_shared_targets(entries: Iterable[MappingEntry]) -> None:
    holders: dict[str, str] = {}
    for entry in entries:
        if entry.target in MULTI_VALUED_TARGETS:
            continue
        holder = holders.setdefault(entry.target, entry.column)
        if holder != entry.column:
            raise InvalidInput(
                f'columns "{holder}" and "{entry.column}" would both map to {entry.target}',
                columns=[holder, entry.column],
                target=entry.target,
            )


def apply_mapping_edits(manifest: MappingManifest, edits: Sequence[MappingEdit]) -> MappingManifest:
    """The next version of a manifest with the operator's edits; a bad or conflicting edit fails."""
    decisions: dict[str, Decision] = {entry.column: entry for entry in manifest.entries}
    decisions.update({item.column: item for item in manifest.unmapped})
    edited: set[str] = set()
    for edit in edits:
        if edit.column not in decisions:
            raise InvalidInput(f"the mapping has no column {edit.column!r}", column=edit.column)
        if edit.column in edited:
            raise InvalidInput(f"column {edit.column!r} is edited twice", column=edit.column)
        edited.add(edit.column)
        decisions[edit.column] = _edited(decisions[edit.column], edit, manifest.object)
    items = list(decisions.values())
    entries = [item for item in items if isinstance(item, MappingEntry)]
    _refuse_shared_targets(entries)
    return manifest.model_copy(
        update={
            "version": manifest.version + 1,
            "entries": entries,
            "unmapped": [item for item in items if isinstance(item, UnmappedColumn)],
        }
    )
