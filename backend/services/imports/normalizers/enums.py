"""Enumerations: a raw label mapped onto one of a target's canonical values.

It owns the matching: a label is compared with the vocabulary's keys (raw label -> canonical)
and with the canonical values themselves, ignoring case, accents, spaces and punctuation
("Closed - Won", "closed_won" and "ClosedWon" are one key); a near miss is accepted with lower
confidence through `rapidfuzz`. The vocabularies themselves are data (source profiles); this
module only reads them. The raw label is always returned in `extra["raw"]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process

from .base import NormalizedValue, clean_cell, doubtful, exact, fold_key, invalid

_FUZZY_CUTOFF: Final = 90.0


@lru_cache(maxsize=256)
def _index(vocabulary: tuple[tuple[str, str], ...], canonical: tuple[str, ...]) -> dict[str, str]:
    index = {fold_key(value): value for value in canonical}
    for label, value in vocabulary:
        index.setdefault(fold_key(label), value)
    index.pop("", None)
    return index


def normalize_enum(
    raw: str, vocabulary: Mapping[str, str], canonical: Sequence[str]
) -> NormalizedValue:
    """The canonical value a raw label stands for, exact or by a near match (ratio >= 90)."""
    text = clean_cell(raw)
    if not text:
        return NormalizedValue(value=None, confidence=1.0, extra={"raw": raw})
    index = _index(tuple(vocabulary.items()), tuple(canonical))
    key = fold_key(text)
    if key in index:
        return exact(index[key], {"raw": raw})
    match = process.extractOne(key, index.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if match is not None:
        value = index[match[0]]
        return doubtful(
            value, round(0.9 * match[1] / 100, 2), f"{text!r} read as {value!r}", {"raw": raw}
        )
    allowed = ", ".join(canonical) if canonical else ", ".join(sorted(set(index.values())))
    return invalid(f"not an allowed value: {text!r}; allowed: {allowed}", {"raw": raw})
