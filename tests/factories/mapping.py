"""A mapping manifest as an operator saves it: each column mapped to its target, with the
target's own transform."""

from __future__ import annotations

from backend.contracts.mapping import MappingEntry, MappingManifest
from backend.services.imports.targets import transform_for


def operator_manifest(columns: dict[str, str]) -> MappingManifest:
    """A spreadsheet manifest mapping each column (in order) to its target."""
    return MappingManifest(
        profile="spreadsheet",
        source_system="spreadsheet",
        object="client",
        entries=[
            MappingEntry(
                column=column,
                target=target,
                transform=transform_for(target),
                confidence=1.0,
                origin="operator",
            )
            for column, target in columns.items()
        ],
    )
