"""Resolving incoming records against existing ones: match, ambiguous, new or conflict.

It owns `match_incoming`: features for both sides are computed once (so value frequencies and
shared identifiers are judged over everything at hand), the existing records are indexed by
blocking key, every incoming record is scored against its candidates only, and each gets one
`MatchOutcome`. Deterministic evidence comes first: a shared source link is the same entity,
unless another existing record also reaches the match threshold (e-mail says A, source id says
B) or the link names two records. Otherwise one candidate at or above the match threshold is a
match, two are a conflict, candidates between the thresholds are ambiguous, and none is new.
Existing records holding one of the incoming record's e-mail addresses are scored whatever
their weight (placeholders and role addresses too, which blocking leaves out), so that the
evidence of a shared or reused mailbox can be shown; they do not change the decision.
Duplicates inside one batch are `clustering.py`'s.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Final

from .blocking import BlockIndex, probe_keys
from .collector import paused_collector
from .features import RecordFeatures, extract_features
from .judging import PairJudge, shared_link
from .model import MatchModel, default_match_model
from .records import Candidate, MatchOutcome, PersonRecord
from .scoring import Scorer

#: At most this many holders of an incoming record's e-mail addresses are scored beside its
#: candidates: a placeholder address may be held by thousands of records.
MAX_SCORED_HOLDERS: Final = 20


def _ranked(candidate: Candidate) -> tuple[float, float, str]:
    return (-candidate.probability, -candidate.weight, candidate.key)


def _witness(candidate: Candidate) -> str:
    """Which evidence speaks for a candidate, in a few words ("e-mail", "phone", "the score")."""
    levels = {(c.field, c.level) for c in candidate.evidence}
    if ("email", "exact") in levels:
        return "e-mail"
    if ("phone", "shared") in levels:
        return "phone"
    return f"the score ({candidate.probability:.2f})"


class _Linker:
    """The existing records, their index and the judge of one `match_incoming` call."""

    def __init__(
        self,
        judge: PairJudge,
        existing: list[RecordFeatures],
        index: BlockIndex,
        mailboxes: Mapping[str, list[int]],
    ) -> None:
        self.judge = judge
        self.scorer = judge.scorer
        self.existing = existing
        self.index = index
        self.mailboxes = mailboxes

    def outcome(self, features: RecordFeatures) -> MatchOutcome:
        """Score one incoming record against its candidates and decide."""
        linked = self.index.linked(features)
        positions = self.index.candidates(probe_keys(features))
        positions.update(linked)
        review_weight = self.judge.review_weight
        review = self.judge.review_threshold
        candidates: list[Candidate] = []
        for position in positions:
            other = self.existing[position]
            weight, levels = self.scorer.score(features, other)
            if weight < review_weight and position not in linked:
                continue
            candidate = self.judge.judge(features, other, weight, levels)
            if candidate.probability >= review:
                candidates.append(candidate)
        candidates.sort(key=_ranked)
        if linked:
            outcome = self._decide_linked(features, candidates, linked)
        else:
            outcome = self._decide(features.record.key, candidates)
        holders = self._holders(features, {c.key for c in candidates})
        return replace(outcome, holders=holders) if holders else outcome

    def _holders(self, features: RecordFeatures, offered: set[str]) -> tuple[Candidate, ...]:
        """The existing records holding one of the record's e-mail addresses that are not among
        its candidates, judged like candidates (the first `MAX_SCORED_HOLDERS` by key)."""
        positions = {p for email in features.record.emails for p in self.mailboxes.get(email, ())}
        others = sorted(
            (self.existing[p] for p in positions if self.existing[p].record.key not in offered),
            key=lambda other: other.record.key,
        )
        holders = [
            self.judge.judge(features, other, *self.scorer.score(features, other))
            for other in others[:MAX_SCORED_HOLDERS]
        ]
        return tuple(sorted(holders, key=_ranked))

    def _decide(self, key: str, candidates: list[Candidate]) -> MatchOutcome:
        match = self.judge.match_threshold
        strong = [c for c in candidates if c.probability >= match]
        if len(strong) >= 2:
            first, second = strong[0], strong[1]
            reason = (
                f"matches both {first.key} ({first.probability:.2f}) "
                f"and {second.key} ({second.probability:.2f})"
            )
            return MatchOutcome(key, "conflict", first, tuple(candidates), reason)
        if strong:
            return MatchOutcome(key, "match", strong[0], tuple(candidates), None)
        if candidates:
            return MatchOutcome(key, "ambiguous", candidates[0], tuple(candidates), None)
        return MatchOutcome(key, "new", None, (), None)

    def _decide_linked(
        self, features: RecordFeatures, candidates: list[Candidate], linked: list[int]
    ) -> MatchOutcome:
        key = features.record.key
        linked_keys = [self.existing[p].record.key for p in linked]
        anchor = next(c for c in candidates if c.key == linked_keys[0])
        link = shared_link(features, self.existing[linked[0]])
        if len(linked_keys) > 1:
            reason = f"source id {link} is linked to both {linked_keys[0]} and {linked_keys[1]}"
            return MatchOutcome(key, "conflict", anchor, tuple(candidates), reason)
        if anchor.previously_rejected:
            reason = f"source id says {anchor.key}, but that pair was rejected before"
            return MatchOutcome(key, "conflict", anchor, tuple(candidates), reason)
        rivals = [
            c
            for c in candidates
            if c.key != anchor.key and c.probability >= self.judge.match_threshold
        ]
        if rivals:
            rival = rivals[0]
            reason = f"{_witness(rival)} says {rival.key} but source id says {anchor.key}"
            return MatchOutcome(key, "conflict", anchor, tuple(candidates), reason)
        return MatchOutcome(key, "match", anchor, tuple(candidates), None)


def match_incoming(
    incoming: Sequence[PersonRecord],
    existing: Sequence[PersonRecord],
    *,
    match_threshold: float,
    review_threshold: float,
    rejected_pairs: Collection[frozenset[str]] = (),
    model: MatchModel | None = None,
) -> list[MatchOutcome]:
    """One outcome per incoming record, in input order, against the existing records."""
    model = model or default_match_model()
    with paused_collector():
        (existing_features, incoming_features), stats = extract_features(
            [existing, incoming], min_people=model.shared_identifier_min_people
        )
        judge = PairJudge(
            Scorer(model, stats, population=len(existing)),
            match_threshold=match_threshold,
            review_threshold=review_threshold,
            rejected_pairs=rejected_pairs,
        )
        index = BlockIndex(
            existing_features,
            max_block_size=model.blocking.max_block_size,
            lone_block_size=model.blocking.lone_block_size,
        )
        linker = _Linker(judge, existing_features, index, _mailboxes(incoming, existing))
        return [linker.outcome(features) for features in incoming_features]


def _mailboxes(
    incoming: Sequence[PersonRecord], existing: Sequence[PersonRecord]
) -> dict[str, list[int]]:
    """E-mail address -> positions of the existing records holding it, for the addresses the
    incoming records give (junk ones included: blocking leaves those out)."""
    wanted = {email for record in incoming for email in record.emails}
    found: dict[str, list[int]] = {}
    if not wanted:
        return found
    for position, record in enumerate(existing):
        for email in record.emails:
            if email in wanted:
                found.setdefault(email, []).append(position)
    return found
