"""The mapping manifest an operator supplies with an import (CONTRACTS.md section 8: `import FILE
--mapping FILE`, the upload's `mapping` part): the id of a stored manifest, or a manifest document
in the shape `mapping propose --json` prints (section 4). A document is validated (a known
profile, known targets, each column once) and stored as a saved manifest - its entries' origin
`saved` - before the import uses it; an id must name a stored manifest. Either way the import
runs under the manifest's profile. Choosing and storing the batch's own manifest stays in
`mapping_service.py`."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.orm import Session

from backend.contracts.imports import ColumnStats
from backend.contracts.mapping import MappingManifest
from backend.errors import InvalidInput, NotFound
from backend.services.imports import mapping_service
from backend.services.imports.source_profiles import ProfileRegistry
from backend.services.imports.targets import is_known_target, transform_for


@dataclass(frozen=True)
class ChosenMapping:
    """The stored manifest an import is to use, and the profile it is for."""

    mapping_id: str
    profile: str


def parse_manifest_document(
    content: bytes | str, *, source: str, registry: ProfileRegistry
) -> MappingManifest:
    """A manifest document checked against the profiles and targets, ready to be stored."""
    try:
        manifest = MappingManifest.model_validate_json(content)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'manifest'}: {item['msg']}"
            for item in error.errors()
        )
        raise InvalidInput(f"{source} is not a mapping manifest: {problems}") from error
    try:
        registry.get(manifest.profile)
    except NotFound as error:
        raise InvalidInput(
            f"{source} names the unknown source profile {manifest.profile!r}."
        ) from error
    columns = [entry.column for entry in manifest.entries] + [u.column for u in manifest.unmapped]
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        raise InvalidInput(f"{source} names column(s) {repeated} more than once.")
    unknown = [entry.target for entry in manifest.entries if not is_known_target(entry.target)]
    if unknown:
        raise InvalidInput(f"{source} maps to unknown target(s) {unknown}.")
    entries = [
        entry.model_copy(update={"transform": transform_for(entry.target), "origin": "saved"})
        for entry in manifest.entries
    ]
    return manifest.model_copy(update={"id": None, "version": 1, "entries": entries})


def _layout_key(manifest: MappingManifest) -> str:
    """The header-set digest of the manifest's columns, so later imports of the layout reuse it."""
    names = [entry.column for entry in manifest.entries] + [u.column for u in manifest.unmapped]
    return mapping_service.header_key(
        [
            ColumnStats(index=index, name=name, original=name, fill_rate=0.0, distinct=0)
            for index, name in enumerate(names)
        ]
    )


def choose_mapping(
    session: Session,
    registry: ProfileRegistry,
    *,
    mapping_id: str | None = None,
    document: bytes | str | None = None,
    source: str = "the mapping",
    profile: str | None = None,
    actor: str,
) -> ChosenMapping | None:
    """The manifest an import is to use: a stored one by id, or a document stored now. A
    `profile` the operator named must be the manifest's."""
    if document is not None:
        parsed = parse_manifest_document(document, source=source, registry=registry)
        manifest = mapping_service.store_manifest(
            session,
            parsed,
            family_id=None,
            layout_key=_layout_key(parsed),
            import_id=None,
            actor=actor,
        )
    elif mapping_id:
        manifest = mapping_service.get_manifest(session, mapping_id)
    else:
        return None
    if profile and profile != manifest.profile:
        raise InvalidInput(
            f"The profile {profile!r} differs from the mapping's profile {manifest.profile!r}; "
            "give one of them, or a mapping made for that profile."
        )
    return ChosenMapping(mapping_id=manifest.id or "", profile=manifest.profile)
