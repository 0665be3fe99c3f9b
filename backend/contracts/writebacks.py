"""The Oracle writeback document (CONTRACTS.md section 7) and its answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from backend.contracts.common import Contract, InputContract
from backend.contracts.review import CanonicalDelta, ReviewDecision
from backend.contracts.source_systems import WRITEBACK_SOURCE_SYSTEM


class WritebackChange(InputContract):
    """One proposed change: set a field, add an interest or interaction, or merge."""

    field: str | None = None
    value: Any = None
    add: Literal["interest", "interaction"] | None = None
    values: dict[str, Any] | None = None
    merge_with: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> WritebackChange:
        kinds = [self.field is not None, self.add is not None, self.merge_with is not None]
        if sum(kinds) != 1:
            raise ValueError("each change sets a field, adds an interest/interaction, or merges")
        if self.add is not None and not self.values:
            raise ValueError(f"adding an {self.add} needs its values")
        return self


class WritebackCreate(InputContract):
    client_id: str
    source: str = WRITEBACK_SOURCE_SYSTEM
    mission_id: str | None = None
    rationale: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    changes: list[WritebackChange] = Field(min_length=1)


class Writeback(Contract):
    writeback_id: str
    client_id: str
    source: str
    mission_id: str | None = None
    rationale: str | None = None
    confidence: float | None = None
    status: str
    created_by: str | None = None
    created_at: datetime | None = None
    deltas: list[CanonicalDelta] = Field(default_factory=list)
    decisions: list[ReviewDecision] = Field(default_factory=list)
