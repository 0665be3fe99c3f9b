"""Base classes and literal vocabularies shared by every contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

EntityKind = Literal["client", "account", "opportunity", "interaction", "interest"]
ENTITY_KINDS: tuple[EntityKind, ...] = (
    "client",
    "account",
    "opportunity",
    "interaction",
    "interest",
)

BatchStatus = Literal[
    "received",
    "parsed",
    "mapped",
    "proposed",
    "in_review",
    "applied",
    "partially_applied",
    "reverted",
    "failed",
]
Risk = Literal["low", "medium", "high"]


class Contract(BaseModel):
    """A read model: the bare noun of the contract."""

    model_config = ConfigDict(from_attributes=True)


class InputContract(BaseModel):
    """An input (`XCreate` / `XUpdate`): unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")
