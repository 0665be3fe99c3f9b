"""Judging one scored pair: deterministic links, caps, and the candidate an operator sees.

It owns the rules that sit on top of the Fellegi-Sunter score. A shared source link makes the
pair the same entity (probability 1.0). A pair an operator rejected before is capped just below
the match threshold unless the two now share an e-mail. A pair whose names do not agree cannot
reach the match threshold on a phone, company or place, only on an exact e-mail or on the birth
date together with the street address; nor can a pair whose names are all that agrees (however
rare the name, a namesake is as likely). Every cap is an evidence line with its (negative)
weight, so the evidence still adds up to the candidate's weight. Deciding between candidates is
`resolve.py`'s.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from .comparisons import Levels, corroborated, identified_without_names, names_agree
from .features import RecordFeatures
from .model import probability, weight_for_probability
from .records import Candidate, Comparison
from .scoring import Scorer, signed

#: How far below the match threshold a capped pair lands.
CAP_MARGIN: Final = 0.01
_EMAIL: Final = 2


def shared_link(a: RecordFeatures, b: RecordFeatures) -> str | None:
    """The first source link two records share, if any."""
    return next((link for link in a.record.source_links if link in b.record.source_links), None)


class PairJudge:
    """Turns a scored pair into a `Candidate` under the thresholds and past rejections."""

    def __init__(
        self,
        scorer: Scorer,
        *,
        match_threshold: float,
        review_threshold: float,
        rejected_pairs: Collection[frozenset[str]] = (),
    ) -> None:
        self.scorer = scorer
        self.match_threshold = match_threshold
        self.review_threshold = review_threshold
        prior = scorer.prior_weight
        self.review_weight = weight_for_probability(
            min(max(review_threshold, 1e-9), 1 - 1e-9), prior
        )
        self.cap_weight = weight_for_probability(
            min(max(match_threshold - CAP_MARGIN, 1e-9), 1 - 1e-9), prior
        )
        self._rejected: dict[str, set[str]] = {}
        for pair in rejected_pairs:
            if len(pair) == 2:
                first, second = sorted(pair)
                self._rejected.setdefault(first, set()).add(second)
                self._rejected.setdefault(second, set()).add(first)

    def was_rejected(self, a: RecordFeatures, b: RecordFeatures) -> bool:
        """Whether an operator kept this pair apart before."""
        return b.record.key in self._rejected.get(a.record.key, ())

    def judge(
        self, a: RecordFeatures, b: RecordFeatures, weight: float, levels: Levels
    ) -> Candidate:
        """The candidate `b` for `a`, with caps applied and the evidence written out."""
        evidence = self.scorer.explain(a, b, levels)
        rejected = self.was_rejected(a, b)
        link = shared_link(a, b)
        if link is not None:
            evidence.insert(
                0, Comparison("source_link", "exact", 0.0, f"same source record {link}")
            )
            if rejected:
                evidence.append(
                    self._line("rejected_before", 0.0, "rejected as not the same before")
                )
            return Candidate(b.record.key, 1.0, weight, tuple(evidence), rejected)
        if rejected and levels[_EMAIL] == "exact":
            text = "rejected as not the same before, but they now share an e-mail"
            evidence.append(self._line("rejected_before", 0.0, text))
        elif rejected:
            weight = self._cap(
                weight, evidence, "rejected_before", "rejected as not the same before"
            )
        if names_agree(levels[0]) or names_agree(levels[1]):
            if not corroborated(levels):
                text = "only the names agree: a namesake is as likely"
                weight = self._cap(weight, evidence, "names_only", text)
        elif not identified_without_names(levels):
            text = "no name agreement: a phone, company or place alone does not make a match"
            weight = self._cap(weight, evidence, "no_name_agreement", text)
        chance = probability(weight, self.scorer.prior_weight)
        return Candidate(b.record.key, chance, weight, tuple(evidence), rejected)

    def _cap(self, weight: float, evidence: list[Comparison], level: str, text: str) -> float:
        if weight <= self.cap_weight:
            if level == "rejected_before":
                evidence.append(self._line(level, 0.0, text))
            return weight
        delta = self.cap_weight - weight
        evidence.append(self._line(level, delta, f"{text} (capped, {signed(delta)})"))
        return self.cap_weight

    @staticmethod
    def _line(level: str, weight: float, text: str) -> Comparison:
        return Comparison("decision", level, weight, text)
