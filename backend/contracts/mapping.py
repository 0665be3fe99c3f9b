"""The mapping manifest (CONTRACTS.md section 4)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from backend.contracts.common import Contract, EntityKind, InputContract

MappingOrigin = Literal["profile", "header", "values", "assistant", "operator", "saved"]
Disposition = Literal["unresolved", "ignore", "custom"]


class TargetSuggestion(Contract):
    target: str
    confidence: float
    origin: MappingOrigin | None = None


class MappingEntry(Contract):
    column: str
    target: str
    transform: str
    confidence: float
    origin: MappingOrigin


class UnmappedColumn(Contract):
    column: str
    disposition: Disposition
    samples: list[str] = Field(default_factory=list)
    suggestions: list[TargetSuggestion] = Field(default_factory=list)
    reason: str | None = None


class MappingManifest(Contract):
    id: str | None = None
    version: int = 1
    profile: str
    source_system: str
    object: EntityKind
    entries: list[MappingEntry] = Field(default_factory=list)
    unmapped: list[UnmappedColumn] = Field(default_factory=list)


class MappingEdit(InputContract):
    """One operator change to a manifest: a target, or a disposition for the column."""

    column: str
    target: str | None = None
    disposition: Disposition | None = None


class MappingUpdate(InputContract):
    edits: list[MappingEdit]
