"""Estimating the match model from the records at hand, and choosing the model a batch is scored by.

It owns `estimate`, which follows Splink's recipe. u probabilities come from comparisons of
random pairs (almost all of them different people). m probabilities come from
expectation-maximisation run once per training rule (the same birth date, the same surname, the
same e-mail, the same first name and postal code): inside one rule's pairs the compared fields
of the rule say nothing, so EM estimates only the other comparisons, with u held fixed, and each
comparison's m is the mean over the rules that could estimate it. Lambda follows from each
rule's share of matches divided by the chance that a match passes that rule. Identical
comparison vectors are counted once, so EM runs over patterns, not pairs. A level never seen
keeps its prior value; term-frequency adjustments apply on top when scoring, as in Splink.

It also owns `model_for_batch`, the rule resolution follows: a batch that, with its blocked
candidates, holds at least the policy's minimum of records is scored by a model whose m and
lambda are estimated from those records, while u stays the model file's. How duplicated a file
is (lambda) and how its source garbles values (m) vary from one export to the next; u cannot be
learnt from random pairs for the conditional levels (`household`, `other_mailbox`: their u is
among relatives or colleagues, not random people), and re-estimating it was measured to raise
false merges on CRM-like data from 0.03 % to 1.6 % (`bench/identity.py`). Below the minimum the
bundled default scores. Either way a `ScoringModel` names the model (and its fingerprint) for
the evidence and the batch's record.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, islice
from typing import Final

from .comparisons import Levels, compare
from .features import RecordFeatures, extract_features
from .model import LEVELS, MatchModel, default_match_model
from .records import PersonRecord

_NAMES: Final = tuple(LEVELS)
_FLOOR: Final = 1e-9
Parameters = list[dict[str, float]]


def _first_email(features: RecordFeatures) -> str:
    return min(features.emails, default="")


def _first_name_and_postal(features: RecordFeatures) -> str:
    return f"{features.first}|{features.postal}" if features.first and features.postal else ""


#: (key of a record, the comparisons and levels every pair of the rule agrees at).
_TRAINING_RULES: Final[tuple[tuple[Callable[[RecordFeatures], str], dict[str, str]], ...]] = (
    (lambda f: f.birth, {"birth_date": "exact"}),
    (lambda f: f.last, {"last_name": "exact"}),
    (_first_email, {"email": "exact"}),
    (_first_name_and_postal, {"first_name": "exact", "location": "postal_code"}),
)


def _level_shares(weighted: dict[Levels, float]) -> Parameters:
    """Per comparison, each level's share of the weight among pairs where it is not missing."""
    shares: Parameters = []
    for position in range(len(_NAMES)):
        sums: dict[str, float] = {}
        for pattern, weight in weighted.items():
            level = pattern[position]
            if level is not None:
                sums[level] = sums.get(level, 0.0) + weight
        total = sum(sums.values())
        shares.append({level: value / total for level, value in sums.items()} if total else {})
    return shares


def _random_u(
    features: list[RecordFeatures], model: MatchModel, pairs: int, seed: int
) -> Parameters:
    generator = random.Random(seed)
    patterns: Counter[Levels] = Counter()
    for _ in range(pairs):
        i, j = generator.randrange(len(features)), generator.randrange(len(features))
        if i != j:
            patterns[compare(features[i], features[j], model.similarity)] += 1
    sampled = _level_shares(dict(patterns))
    return [
        {level: sampled[k].get(level, p.u) for level, p in model.comparisons[name].items()}
        for k, name in enumerate(_NAMES)
    ]


def _rule_patterns(
    features: list[RecordFeatures],
    key: Callable[[RecordFeatures], str],
    model: MatchModel,
    max_pairs: int,
) -> tuple[Counter[Levels], int]:
    """Comparison patterns of (up to `max_pairs`) pairs sharing a key, and how many there are."""
    blocks: dict[str, list[int]] = {}
    for position, record in enumerate(features):
        value = key(record)
        if value:
            blocks.setdefault(value, []).append(position)
    usable = [b for b in blocks.values() if 1 < len(b) <= model.blocking.max_block_size]
    total = sum(len(b) * (len(b) - 1) // 2 for b in usable)
    pairs = (pair for block in usable for pair in combinations(block, 2))
    patterns: Counter[Levels] = Counter(
        compare(features[i], features[j], model.similarity) for i, j in islice(pairs, max_pairs)
    )
    return patterns, total


def _updated(
    old: dict[str, float], shares: dict[str, float], seen: set[str | None]
) -> dict[str, float]:
    """New m of one comparison: the estimated shares of the levels seen, the old m of the rest."""
    return {
        level: max(shares.get(level, 0.0), _FLOOR) if level in seen else value
        for level, value in old.items()
    }


def _expectation_maximisation(
    patterns: Counter[Levels], m: Parameters, u: Parameters, skip: set[int], iterations: int
) -> tuple[Parameters, float]:
    """m of the comparisons not in `skip`, and the share of matches, with u held fixed."""
    share = 0.1
    pairs = max(1, sum(patterns.values()))
    seen = [{p[k] for p in patterns} - {None} for k in range(len(_NAMES))]
    for _ in range(iterations):
        matched: dict[Levels, float] = {}
        for pattern, count in patterns.items():
            match, other = share, 1.0 - share
            for position, level in enumerate(pattern):
                if level is not None and position not in skip:
                    match *= m[position][level]
                    other *= u[position][level]
            matched[pattern] = count * match / (match + other) if match + other > 0 else 0.0
        shares = _level_shares(matched)
        m = [m[k] if k in skip else _updated(m[k], shares[k], seen[k]) for k in range(len(_NAMES))]
        new_share = sum(matched.values()) / pairs
        converged = abs(new_share - share) < 1e-7
        share = new_share
        if converged:
            break
    return m, share


def estimate(
    records: Sequence[PersonRecord],
    model: MatchModel | None = None,
    *,
    refine_u: bool = True,
    max_records: int | None = None,
    random_pairs: int = 200_000,
    max_pairs_per_rule: int = 500_000,
    iterations: int = 50,
    seed: int = 0,
) -> MatchModel:
    """A copy of `model` with m (EM per training rule), lambda and, with `refine_u`, u (random
    sampling) refined; past `max_records`, from a seeded random sample of them (a sample keeps
    the share of matching pairs, so lambda still holds for all `records`)."""
    model = model or default_match_model()
    sample = records
    if max_records is not None and len(records) > max_records:
        sample = random.Random(seed).sample(list(records), max_records)
    (features,), _ = extract_features([sample], min_people=model.shared_identifier_min_people)
    if len(features) < 2:
        return model
    if refine_u:
        u = _random_u(features, model, random_pairs, seed)
    else:
        u = [{level: p.u for level, p in model.comparisons[name].items()} for name in _NAMES]
    prior_m = [{level: p.m for level, p in model.comparisons[name].items()} for name in _NAMES]
    estimates: dict[int, list[dict[str, float]]] = {}
    rule_shares: list[tuple[dict[str, str], float, int]] = []
    for key, agreed in _TRAINING_RULES:
        patterns, total = _rule_patterns(features, key, model, max_pairs_per_rule)
        if not patterns:
            continue
        skip = {_NAMES.index(name) for name in agreed}
        m, share = _expectation_maximisation(patterns, prior_m, u, skip, iterations)
        rule_shares.append((agreed, share, total))
        for k in range(len(_NAMES)):
            if k not in skip and any(p[k] is not None for p in patterns):
                estimates.setdefault(k, []).append(m[k])
    m_final = [
        {level: statistics.fmean(e[level] for e in estimates[k]) for level in prior_m[k]}
        if k in estimates
        else prior_m[k]
        for k in range(len(_NAMES))
    ]
    prior = _prior(rule_shares, m_final, len(features))
    return _with_parameters(model, m_final, u, prior, population=len(records))


def _prior(
    rule_shares: list[tuple[dict[str, str], float, int]], m: Parameters, records: int
) -> float | None:
    """Lambda: each rule's expected matches over the chance a match passes it, over all pairs."""
    all_pairs = records * (records - 1) / 2
    guesses = []
    for agreed, share, total in rule_shares:
        passes = 1.0
        for name, level in agreed.items():
            passes *= m[_NAMES.index(name)][level]
        if passes > 0.05 and total:
            guesses.append(share * total / passes / all_pairs)
    return min(0.5, max(1e-12, statistics.median(guesses))) if guesses else None


def _with_parameters(
    model: MatchModel, m: Parameters, u: Parameters, prior: float | None, *, population: int
) -> MatchModel:
    document = model.model_dump()
    if prior is not None:
        # lambda is a share of the pairs among these records: it holds for as many records.
        document["prior_match_probability"] = prior
        document["prior_reference_records"] = max(1, population)
    for k, name in enumerate(_NAMES):
        for level in LEVELS[name]:
            document["comparisons"][name][level]["m"] = min(1.0, max(m[k][level], _FLOOR))
            document["comparisons"][name][level]["u"] = min(1.0, max(u[k][level], _FLOOR))
    return MatchModel.model_validate(document)


#: The most records EM reads; more are sampled (the estimate is as good and costs seconds).
ESTIMATION_SAMPLE: Final = 50_000


@dataclass(frozen=True)
class ScoringModel:
    """The match model a batch is scored by, and how it came about."""

    model: MatchModel
    estimated_from: int | None
    fingerprint: str

    @property
    def name(self) -> str:
        """`estimated` or `default`."""
        return "default" if self.estimated_from is None else "estimated"

    def describe(self) -> str:
        """One evidence line naming the model."""
        if self.estimated_from is None:
            return f"scored by the default match model {self.fingerprint}"
        return (
            f"scored by match model {self.fingerprint}, m and lambda estimated (EM) from "
            f"{self.estimated_from:,} records of this batch and its candidates"
        )


def fingerprint(model: MatchModel) -> str:
    """A short digest of a model's parameters (the same parameters, the same fingerprint)."""
    document = json.dumps(model.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(document.encode("utf-8")).hexdigest()[:12]


def scoring_model(model: MatchModel, estimated_from: int | None) -> ScoringModel:
    """A `ScoringModel` for given parameters (e.g. ones recorded with an earlier batch)."""
    return ScoringModel(model, estimated_from, fingerprint(model))


def model_for_batch(
    records: Sequence[PersonRecord], *, min_records: int | None, model: MatchModel | None = None
) -> ScoringModel:
    """The model resolution scores a batch by: m and lambda estimated from `records` (a batch
    and its blocked candidates) when there are at least `min_records`, else `model` itself."""
    model = model or default_match_model()
    if min_records is None or len(records) < min_records:
        return scoring_model(model, None)
    estimated = estimate(records, model, refine_u=False, max_records=ESTIMATION_SAMPLE)
    return scoring_model(estimated, len(records))
