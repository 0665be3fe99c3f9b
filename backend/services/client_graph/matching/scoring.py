"""Scoring: a pair's match weight (log2 Bayes factor) and the evidence an operator reads.

It owns adding up the level weights of `comparisons.compare` with the term-frequency adjustment
of exact name and company matches (the u of an exact match becomes the value's frequency in the
records at hand, smoothed toward the model's u and clamped, as Splink's tf adjustment does), and
writing each level as a `Comparison` ("first name Bob~Robert nickname (+4.6)"), including the
junk or shared identifiers two records hold but that were ignored. It does not decide anything:
thresholds, caps and conflicts are `resolve.py`'s.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Final

from .comparisons import Levels, compare
from .features import RecordFeatures, ValueStats
from .model import LEVELS, MatchModel
from .records import Comparison

_COMPARISONS: Final = tuple(LEVELS)
_FIRST, _LAST, _COMPANY = 0, 1, 4
_LABELS: Final = {
    "first_name": "first name",
    "last_name": "last name",
    "email": "e-mail",
    "phone": "phone",
    "company": "company",
    "location": "location",
    "street": "street",
    "birth_date": "birth date",
}


def signed(weight: float) -> str:
    """A weight as evidence shows it: "+9.1", "−1.4"."""
    return f"{'−' if weight < -0.05 else '+'}{abs(weight):.1f}"


class Scorer:
    """Weights and explains pairs of records under one model and one set of value counts;
    `population` is how many records each one is compared with (it sets the prior)."""

    def __init__(self, model: MatchModel, stats: ValueStats, population: int) -> None:
        self.model = model
        self.similarity = model.similarity
        self.prior_weight = model.prior_weight(population)
        self.ignored = stats.ignored
        self._weights = tuple(
            {level: model.level_weight(name, level) for level in levels}
            for name, levels in LEVELS.items()
        )
        counts: dict[int, Counter[str]] = {
            _FIRST: stats.first_names,
            _LAST: stats.last_names,
            _COMPANY: stats.companies,
        }
        self._tf_deltas: dict[int, Callable[[str], float]] = {
            index: self._tf_delta_function(index, counter, stats.records)
            for index, counter in counts.items()
            if model.comparisons[_COMPARISONS[index]]["exact"].term_frequency
        }

    def _tf_delta_function(
        self, index: int, counter: Counter[str], records: int
    ) -> Callable[[str], float]:
        exact = self.model.comparisons[_COMPARISONS[index]]["exact"]
        settings = self.model.term_frequency
        base = math.log2(exact.m / exact.u)
        smoothing = settings.pseudo_records * exact.u
        denominator = records + settings.pseudo_records
        cache: dict[str, float] = {}

        def delta(value: str) -> float:
            known = cache.get(value)
            if known is None:
                frequency = (counter.get(value, 0) + smoothing) / denominator
                frequency = min(max(frequency, settings.minimum_frequency), 1.0)
                known = cache[value] = math.log2(exact.m / frequency) - base
            return known

        return delta

    def _exact_delta(self, index: int, value: str) -> float:
        delta = self._tf_deltas.get(index)
        return delta(value) if delta else 0.0

    def score(self, a: RecordFeatures, b: RecordFeatures) -> tuple[float, Levels]:
        """The match weight of a pair and its comparison vector."""
        levels = compare(a, b, self.similarity)
        total = 0.0
        for table, level in zip(self._weights, levels, strict=True):
            if level is not None:
                total += table[level]
        if levels[_FIRST] == "exact":
            total += self._exact_delta(_FIRST, a.first)
        if levels[_LAST] == "exact":
            total += self._exact_delta(_LAST, a.last)
        if levels[_COMPANY] == "exact":
            total += self._exact_delta(_COMPANY, a.company)
        return total, levels

    def explain(self, a: RecordFeatures, b: RecordFeatures, levels: Levels) -> list[Comparison]:
        """The evidence of a scored pair: one `Comparison` per compared or ignored field."""
        evidence: list[Comparison] = []
        values = (a.first, a.last, "", "", a.company, "", "", "")
        for index, level in enumerate(levels):
            if level is None:
                continue
            name = _COMPARISONS[index]
            delta = self._exact_delta(index, values[index]) if level == "exact" else 0.0
            weight = self._weights[index][level] + delta
            note = ", common" if delta < -1.0 else ", rare" if delta > 1.0 else ""
            text = f"{_describe(name, level, a, b)} ({signed(weight)}{note})"
            evidence.append(Comparison(name, level, weight, text))
        for identifier in a.ignored:
            if identifier in b.ignored:
                name = "email" if "@" in identifier else "phone"
                reason = self.ignored.get(identifier, "is ignored")
                text = f"{_LABELS[name]} {identifier} {reason} (ignored)"
                evidence.append(Comparison(name, "ignored", 0.0, text))
        return evidence


def _pair(x: str | None, y: str | None, joiner: str) -> str:
    return x or "" if x == y else f"{x}{joiner}{y}"


def _common(xs: frozenset[str], ys: frozenset[str]) -> str:
    return min(xs & ys, default="")


def _describe(name: str, level: str, a: RecordFeatures, b: RecordFeatures) -> str:
    """The words of one comparison level, with the values compared."""
    ra, rb = a.record, b.record
    label = _LABELS[name]
    if level == "swapped":
        return f"names swapped: {ra.first_name} {ra.last_name} ⇄ {rb.first_name} {rb.last_name}"
    if name in ("first_name", "last_name"):
        x, y = (
            (ra.first_name, rb.first_name) if name == "first_name" else (ra.last_name, rb.last_name)
        )
        words = {
            "exact": f"{x} equal",
            "nickname": f"{_pair(x, y, '~')} nickname",
            "jaro_winkler": f"{_pair(x, y, '~')} similar spelling",
            "phonetic": f"{_pair(x, y, '~')} sound alike",
            "initial": f"{_pair(x, y, '~')} initial agrees",
            "double_surname": f"{_pair(x, y, '~')} share a surname",
            "different": f"{_pair(x, y, '≠')} differs",
        }
        return f"{label} {words[level]}"
    if name in ("email", "phone"):
        shared = _common(a.emails, b.emails) if name == "email" else _common(a.phones, b.phones)
        words = {
            "exact": f"{shared} equal",
            "shared": f"{shared} shared",
            "household": f"{shared} shared, but the first names differ (household)",
            "local_part": f"local part {_common(a.email_locals, b.email_locals)} equal, "
            "domains differ",
            "domain": f"domain {_common(a.email_domains, b.email_domains)} shared",
            "other_mailbox": "differs: two mailboxes at the same company",
            "different": "differs",
        }
        return f"{label} {words[level]}"
    if name in ("company", "street"):
        x, y = (ra.company_key, rb.company_key) if name == "company" else (ra.street, rb.street)
        words = {
            "exact": f"{x} equal",
            "jaro_winkler": f"{_pair(x, y, '~')} similar",
            "different": f"{_pair(x, y, '≠')} differs",
        }
        return f"{name} {words[level]}"
    if name == "location":
        words = {
            "postal_code": f"postal code {ra.postal_code} equal",
            "city": f"city {_pair(ra.city, rb.city, '~')} "
            f"{'equal' if a.city == b.city else 'similar'}",
            "different": "location differs",
        }
        return words[level]
    x, y = ra.birth_date, rb.birth_date
    words = {
        "exact": f"birth date {x} equal",
        "transposed": f"birth date {x}~{y} day and month swapped",
        "typo": f"birth date {x}~{y} one typo apart",
        "year": f"birth year {(x or '')[:4]} equal, day differs",
        "different": f"birth date {x}≠{y} differs",
    }
    return words[level]
