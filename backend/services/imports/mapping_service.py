"""Stages 2-3, profile and mapping: choose (or infer) the source profile, create the mapping
manifest (reusing a saved one for the same profile and header set), and record every column
that has no confident target as an unresolved field.

The core is in `profile_inference.py`, `mapping_proposal.py` and `header_matching.py`; SQL in
`backend/repositories/mapping_repository.py`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

from sqlalchemy.orm import Session

from backend.contracts.imports import ColumnCounts, ColumnStats
from backend.contracts.mapping import MappingEdit, MappingManifest
from backend.db.models import ImportBatch, MappingManifestRow
from backend.ids import new_id
from backend.repositories import imports_repository, mapping_repository
from backend.repositories.imports_repository import UnresolvedRow
from backend.services.imports.assistant import Assistant, ColumnQuestion
from backend.services.imports.mapping_proposal import apply_mapping_edits, propose_mapping
from backend.services.imports.profile_inference import infer_profile
from backend.services.imports.source_profiles import ProfileRegistry, SourceProfile

MAPPING_REASONS = {"unmapped_column", "low_confidence_mapping"}


def header_key(columns: Sequence[ColumnStats]) -> str:
    """A digest of the header set, to find a saved manifest for the same export layout."""
    names = "\x1f".join(sorted(column.name.casefold() for column in columns))
    return hashlib.sha256(names.encode()).hexdigest()


def choose_profile(
    registry: ProfileRegistry, columns: Sequence[ColumnStats], requested: str | None
) -> tuple[SourceProfile, float, bool]:
    """The operator's profile, or the inferred one with its confidence."""
    if requested:
        return registry.get(requested), 1.0, False
    return infer_profile(columns, registry)


def column_counts(manifest: MappingManifest) -> ColumnCounts:
    """How many columns were mapped, ignored, kept as custom or left unresolved."""
    dispositions = [item.disposition for item in manifest.unmapped]
    custom = sum(1 for entry in manifest.entries if ".custom." in entry.target)
    return ColumnCounts(
        total=len(manifest.entries) + len(manifest.unmapped),
        mapped=len(manifest.entries) - custom,
        custom=custom + dispositions.count("custom"),
        ignored=dispositions.count("ignore"),
        unresolved=dispositions.count("unresolved"),
    )


def propose_dry_run(
    registry: ProfileRegistry, columns: Sequence[ColumnStats], requested_profile: str | None
) -> MappingManifest:
    """The manifest a file would get, without storing anything."""
    profile, _, _ = choose_profile(registry, columns, requested_profile)
    return propose_mapping(columns, profile)


def _unresolved_fields(manifest: MappingManifest) -> list[UnresolvedRow]:
    fields: list[UnresolvedRow] = []
    for item in manifest.unmapped:
        if item.disposition != "unresolved":
            continue
        low_confidence = bool(item.suggestions) and item.suggestions[0].confidence >= 0.4
        reason = "low_confidence_mapping" if low_confidence else "unmapped_column"
        fields.append(
            {
                "column": item.column,
                "row": None,
                "raw_value": ", ".join(item.samples[:3]) or None,
                "reason": reason,
                "message": f"Column {item.column!r} has no confident target"
                + (f": {item.reason}." if item.reason else "."),
                "suggestions": [suggestion.target for suggestion in item.suggestions],
            }
        )
    return fields


def store_manifest(
    session: Session,
    manifest: MappingManifest,
    *,
    family_id: str | None,
    layout_key: str,
    import_id: str | None,
    actor: str,
) -> MappingManifest:
    """Save a manifest as a new version (of an existing family, or of a new one)."""
    mapping_id = new_id("map")
    stored = manifest.model_copy(update={"id": mapping_id})
    mapping_repository.add_manifest(
        session,
        MappingManifestRow(
            id=mapping_id,
            family_id=family_id or mapping_id,
            version=stored.version,
            profile_key=stored.profile,
            header_key=layout_key,
            import_id=import_id,
            document=stored.model_dump(mode="json"),
            created_by=actor,
        ),
    )
    return stored


def map_batch(
    session: Session,
    batch: ImportBatch,
    registry: ProfileRegistry,
    *,
    mapping_id: str | None,
    actor: str,
    assistant: Assistant,
) -> MappingManifest:
    """Choose the profile and create (or reuse) the batch's manifest; record unresolved columns."""
    started = time.perf_counter()
    columns = [ColumnStats.model_validate(column) for column in batch.column_stats]
    profile, confidence, inferred = choose_profile(registry, columns, batch.profile_key)
    batch.timings = {**batch.timings, "profile": round(time.perf_counter() - started, 4)}
    if mapping_id:
        saved_row: MappingManifestRow | None = mapping_repository.get_manifest(session, mapping_id)
    else:
        saved_row = mapping_repository.latest_for(session, profile.key, header_key(columns))
    saved = MappingManifest.model_validate(saved_row.document) if saved_row else None
    manifest = _with_assistant(propose_mapping(columns, profile, saved=saved), profile, assistant)
    if saved is not None and saved_row is not None and _same_mapping(manifest, saved):
        manifest = saved
    else:
        manifest = store_manifest(
            session,
            manifest,
            family_id=None,
            layout_key=header_key(columns),
            import_id=batch.id,
            actor=actor,
        )
    batch.profile_key, batch.profile_confidence, batch.profile_inferred = (
        profile.key,
        confidence,
        inferred,
    )
    batch.source_system = batch.source_system or profile.system
    batch.mapping_id = manifest.id
    imports_repository.replace_unresolved(
        session, batch.id, _unresolved_fields(manifest), stage_reasons=MAPPING_REASONS
    )
    batch.counts = {**batch.counts, "columns": column_counts(manifest).model_dump()}
    if inferred and profile.key == "spreadsheet":
        warning = (
            f"No source profile fitted confidently ({confidence:.2f}); the generic spreadsheet "
            "profile was used."
        )
        batch.warnings = list(dict.fromkeys([*batch.warnings, warning]))
    batch.status = "mapped"
    batch.timings = {**batch.timings, "mapping": round(time.perf_counter() - started, 4)}
    return manifest


def _with_assistant(
    manifest: MappingManifest, profile: SourceProfile, assistant: Assistant
) -> MappingManifest:
    """Add the assistant's suggestions to the unresolved columns (they stay unresolved)."""
    questions = [
        ColumnQuestion(item.column, tuple(item.samples))
        for item in manifest.unmapped
        if item.disposition == "unresolved"
    ]
    if not questions:
        return manifest
    answers = assistant.suggest_targets(questions, profile)
    unmapped = []
    for item in manifest.unmapped:
        known = {s.target for s in item.suggestions}
        extra = [s for s in answers.get(item.column, []) if s.target not in known]
        ranked = sorted([*item.suggestions, *extra], key=lambda s: -s.confidence)
        unmapped.append(item.model_copy(update={"suggestions": ranked}))
    return manifest.model_copy(update={"unmapped": unmapped})


def _same_mapping(proposed: MappingManifest, saved: MappingManifest) -> bool:
    def shape(manifest: MappingManifest) -> tuple[object, ...]:
        entries = sorted((e.column, e.target) for e in manifest.entries)
        unmapped = sorted((u.column, u.disposition) for u in manifest.unmapped)
        return (manifest.profile, tuple(entries), tuple(unmapped))

    return shape(proposed) == shape(saved)


def edit_mapping(
    session: Session, mapping_id: str, edits: Sequence[MappingEdit], *, actor: str
) -> MappingManifest:
    """Apply operator edits to a manifest: a new version of the same family."""
    row = mapping_repository.get_manifest(session, mapping_id)
    edited = apply_mapping_edits(get_manifest(session, mapping_id), edits)
    return store_manifest(
        session,
        edited,
        family_id=row.family_id,
        layout_key=row.header_key,
        import_id=row.import_id,
        actor=actor,
    )


def get_manifest(session: Session, mapping_id: str) -> MappingManifest:
    """One stored manifest version."""
    return MappingManifest.model_validate(
        mapping_repository.get_manifest(session, mapping_id).document
    )
