"""The review policy (CONTRACTS.md section 7): a YAML file validated on load, unknown keys an
error. The rules that no policy can turn off (merges and overwrites always wait for a person)
live in `review_rules.py`, not here."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backend.errors import BrokenProfile


class Policy(BaseModel):
    """Thresholds and auto-approval settings for one deployment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    auto_approve_low_risk_creates: bool = False
    match_threshold: float = Field(default=0.9, ge=0.0, le=1.0)
    review_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    default_region: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    #: A batch that, with the existing clients it is compared with, holds at least this many
    #: people is scored by a match model estimated from them (EM); smaller ones, or any batch
    #: when this is null, by the bundled default model.
    estimate_min_records: int | None = Field(default=1000, ge=100)

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> Policy:
        if self.review_threshold > self.match_threshold:
            raise ValueError("review_threshold must not be above match_threshold")
        return self


def load_policy(path: Path | None) -> Policy:
    """The policy in `path`, or the built-in default (auto-approves nothing)."""
    if path is None:
        return Policy()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise BrokenProfile(f"Policy file {path}: cannot be read: {error}") from error
    if not isinstance(document, dict):
        raise BrokenProfile(f"Policy file {path}: must be a mapping of settings")
    try:
        return Policy.model_validate(document)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or 'policy'}: {item['msg']}"
            for item in error.errors()
        )
        raise BrokenProfile(f"Policy file {path}: {problems}") from error
