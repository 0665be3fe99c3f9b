"""The match model: Fellegi-Sunter m/u probabilities per comparison level, read from YAML.

It owns the vocabulary of comparisons and their levels (`LEVELS`, in evaluation order), the
validated shape of `match_model.yaml` (every comparison and level present, probabilities in
(0, 1]), and the arithmetic that turns parameters into weights: a level's weight is
log2(m / u), the prior weight is the log2 odds of lambda. It does not compare records
(`comparisons.py`) or add weights up (`scoring.py`).
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backend.errors import BrokenProfile

#: Every comparison and its levels, strongest first; a missing value has no level and weighs 0.
LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "first_name": (
        "exact",
        "swapped",
        "nickname",
        "jaro_winkler",
        "phonetic",
        "initial",
        "different",
    ),
    "last_name": ("exact", "double_surname", "jaro_winkler", "phonetic", "different"),
    "email": ("exact", "household", "local_part", "domain", "other_mailbox", "different"),
    "phone": ("shared", "household", "different"),
    "company": ("exact", "jaro_winkler", "different"),
    "location": ("postal_code", "city", "different"),
    "street": ("exact", "jaro_winkler", "different"),
    "birth_date": ("exact", "transposed", "typo", "year", "different"),
}

_DEFAULT_FILE: Final = "match_model.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelParameters(_Frozen):
    """m and u of one comparison level, and whether an exact match is frequency-adjusted."""

    m: float = Field(gt=0.0, le=1.0)
    u: float = Field(gt=0.0, le=1.0)
    term_frequency: bool = False


class TermFrequencySettings(_Frozen):
    """How value frequencies are smoothed and clamped (Splink's tf adjustment)."""

    pseudo_records: float = Field(ge=0.0)
    minimum_frequency: float = Field(gt=0.0, lt=1.0)


class BlockingSettings(_Frozen):
    """Block sizes: larger blocks are skipped; members of mid-size ones need a second key."""

    max_block_size: int = Field(ge=2)
    lone_block_size: int = Field(ge=1)


class SimilaritySettings(_Frozen):
    """Jaro-Winkler thresholds of the fuzzy levels."""

    first_name_jaro_winkler: float = Field(gt=0.0, le=1.0)
    last_name_jaro_winkler: float = Field(gt=0.0, le=1.0)
    company_jaro_winkler: float = Field(gt=0.0, le=1.0)
    city_jaro_winkler: float = Field(gt=0.0, le=1.0)
    street_jaro_winkler: float = Field(gt=0.0, le=1.0)


class MatchModel(_Frozen):
    """All parameters of the person matcher; `comparisons[name][level]` holds m and u."""

    version: int = Field(ge=1)
    prior_match_probability: float = Field(gt=0.0, lt=1.0)
    prior_reference_records: int = Field(ge=1)
    term_frequency: TermFrequencySettings
    shared_identifier_min_people: int = Field(ge=2)
    blocking: BlockingSettings
    similarity: SimilaritySettings
    comparisons: dict[str, dict[str, LevelParameters]]

    @model_validator(mode="after")
    def _every_level_present(self) -> MatchModel:
        if set(self.comparisons) != set(LEVELS):
            missing = sorted(set(LEVELS) - set(self.comparisons))
            unknown = sorted(set(self.comparisons) - set(LEVELS))
            raise ValueError(f"comparisons: missing {missing}, unknown {unknown}")
        for name, levels in LEVELS.items():
            if set(self.comparisons[name]) != set(levels):
                raise ValueError(f"{name} must have exactly the levels {list(levels)}")
        return self

    def prior_weight(self, population: int) -> float:
        """log2 of the prior odds that a record and one of `population` others are the same
        person: lambda, shrunk in proportion past the reference number of records."""
        shrink = min(1.0, self.prior_reference_records / max(1, population))
        prior = self.prior_match_probability * shrink
        return math.log2(prior / (1.0 - prior))

    def level_weight(self, comparison: str, level: str) -> float:
        """The weight of a level without frequency adjustment: log2(m / u)."""
        parameters = self.comparisons[comparison][level]
        return math.log2(parameters.m / parameters.u)


def probability(weight: float, prior_weight: float) -> float:
    """The match probability of a total weight (log2 Bayes factor) under a prior weight."""
    odds_weight = weight + prior_weight
    if odds_weight > 60:
        return 1.0
    if odds_weight < -60:
        return 0.0
    return 1.0 / (1.0 + math.pow(2.0, -odds_weight))


def weight_for_probability(target: float, prior_weight: float) -> float:
    """The total weight whose probability is `target` (the inverse of `probability`)."""
    return math.log2(target / (1.0 - target)) - prior_weight


def load_match_model(path: Path) -> MatchModel:
    """The match model in a YAML file, validated; a broken file is a `BrokenProfile`."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return MatchModel.model_validate(document)
    except (OSError, yaml.YAMLError) as error:
        raise BrokenProfile(f"Match model {path}: cannot be read: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or 'model'}: {item['msg']}"
            for item in error.errors()
        )
        raise BrokenProfile(f"Match model {path}: {problems}") from error


@cache
def default_match_model() -> MatchModel:
    """The bundled `match_model.yaml`."""
    source = resources.files(__package__).joinpath(_DEFAULT_FILE)
    with resources.as_file(source) as path:
        return load_match_model(path)
