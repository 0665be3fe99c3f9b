"""A compact Fellegi-Sunter person matcher used by identity resolution: graded comparisons on
names (exact, nickname, Jaro-Winkler, phonetic), e-mail, phone, company, place and birth date,
summed as log2 Bayes factors and turned into a probability. Shared or junk identifiers are
ignored with the evidence saying so. Pure: plain records in, outcomes out."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import jellyfish

from backend.services.imports.normalizers.base import fold_key
from backend.services.imports.normalizers.email import is_placeholder_email, is_role_address
from backend.services.imports.normalizers.phone import is_placeholder_phone

SHARED_LIMIT = 3
PRIOR_LOG2 = -6.0
NICKNAMES: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "robert bob rob bobby robbie",
        "william bill will billy liam",
        "richard rick dick rich",
        "james jim jimmy jamie",
        "john jack johnny jon",
        "michael mike mick mikey",
        "elizabeth liz beth betty eliza lisa",
        "margaret peggy maggie meg",
        "katherine kate kathy katie catherine",
        "thomas tom tommy",
        "joseph joe joey",
        "charles charlie chuck",
        "edward ed eddie ted",
        "anthony tony",
        "christopher chris kit",
        "daniel dan danny",
        "matthew matt",
        "jennifer jen jenny",
        "patricia pat patty trish",
        "susan sue susie",
        "alexander alex sandy",
        "johannes hans johann",
        "josef sepp joseph",
        "jose pepe",
        "francisco paco pancho",
        "manuel manu",
        "nicholas nick nicky",
        "benjamin ben benny",
        "samuel sam sammy",
        "stephen steve steven",
        "andrew andy drew",
        "david dave davy",
        "timothy tim timmy",
        "victoria vicky tori",
        "rebecca becky becca",
        "deborah debbie deb",
        "zoe zoë",
    )
)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """The identifying fields of one person."""

    key: str
    first_name: str | None = None
    last_name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company_key: str | None = None
    city: str | None = None
    postal_code: str | None = None
    birth_date: str | None = None
    source_links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comparison and its weight (log2 Bayes factor), readable by an operator."""

    field: str
    level: str
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    probability: float
    weight: float
    evidence: tuple[Comparison, ...]
    previously_rejected: bool = False


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    key: str
    decision: Literal["match", "ambiguous", "new", "conflict"]
    best: Candidate | None
    candidates: tuple[Candidate, ...]
    conflict: str | None = None


def _names_are_nicknames(a: str, b: str) -> bool:
    return any(a in group and b in group for group in NICKNAMES)


def _first_name(a: str | None, b: str | None) -> Comparison | None:
    if not a or not b:
        return None
    x, y = fold_key(a), fold_key(b)
    if x == y:
        return Comparison("first_name", "exact", 3.5, f"first name equal ({a}) (+3.5)")
    if _names_are_nicknames(a.casefold(), b.casefold()) or _names_are_nicknames(x, y):
        return Comparison("first_name", "nickname", 3.0, f"first name {a}~{b} nickname (+3.0)")
    if jellyfish.jaro_winkler_similarity(x, y) >= 0.92:
        return Comparison("first_name", "similar", 2.0, f"first name {a}~{b} similar (+2.0)")
    if x[:1] == y[:1] and (len(x) == 1 or len(y) == 1):
        return Comparison("first_name", "initial", 1.0, f"first name initial {a}/{b} (+1.0)")
    return Comparison("first_name", "different", -3.0, f"first name differs {a}/{b} (−3.0)")


def _last_name(
    a: str | None, b: str | None, frequency: Counter[str], total: int
) -> Comparison | None:
    if not a or not b:
        return None
    x, y = fold_key(a), fold_key(b)
    if x == y:
        share = max(frequency[x], 1) / max(total, 1)
        weight = round(min(8.0, max(2.0, -math.log2(share) - 1.0)), 2)
        return Comparison("last_name", "exact", weight, f"last name equal ({a}) (+{weight})")
    parts_a, parts_b = set(fold_key(p) for p in a.split()), set(fold_key(p) for p in b.split())
    if parts_a & parts_b:
        return Comparison("last_name", "partial", 3.0, f"last name {a}~{b} shares a part (+3.0)")
    if jellyfish.jaro_winkler_similarity(x, y) >= 0.94 or (
        jellyfish.metaphone(x) == jellyfish.metaphone(y)
    ):
        return Comparison("last_name", "similar", 2.5, f"last name {a}~{b} similar (+2.5)")
    return Comparison("last_name", "different", -4.0, f"last name differs {a}/{b} (−4.0)")


def _usable(value: str, holders: Counter[str], kind: str) -> str | None:
    """Why an identifier must not count, or None when it is usable."""
    if kind == "email" and (is_placeholder_email(value) or is_role_address(value)):
        return "a placeholder or role address"
    if kind == "phone" and is_placeholder_phone(value):
        return "a placeholder number"
    if holders[value] >= SHARED_LIMIT:
        return f"shared by {holders[value]} records"
    return None


def _identifiers(
    a: Sequence[str],
    b: Sequence[str],
    holders: Counter[str],
    kind: str,
    equal: float,
    differs: float,
) -> list[Comparison]:
    if not a or not b:
        return []
    shared = [value for value in a if value in b]
    for value in shared:
        reason = _usable(value, holders, kind)
        if reason:
            return [Comparison(kind, "ignored", 0.0, f"{kind} {value} is {reason} (ignored)")]
        return [Comparison(kind, "exact", equal, f"{kind} equal ({value}) (+{equal})")]
    return [Comparison(kind, "different", differs, f"{kind} differs ({differs})")]


def score_pair(
    a: PersonRecord, b: PersonRecord, frequency: Counter[str], holders: Counter[str], total: int
) -> Candidate:
    """The match weight, probability and evidence of two people."""
    comparisons = [
        c
        for c in (
            _first_name(a.first_name, b.first_name),
            _last_name(a.last_name, b.last_name, frequency, total),
        )
        if c
    ]
    comparisons += _identifiers(a.emails, b.emails, holders, "email", 12.0, -1.0)
    comparisons += _identifiers(a.phones, b.phones, holders, "phone", 4.0, -1.0)
    if a.company_key and b.company_key:
        same = a.company_key == b.company_key
        comparisons.append(
            Comparison(
                "company",
                "exact" if same else "different",
                2.0 if same else -1.0,
                "company equal (+2.0)" if same else "company differs (−1.0)",
            )
        )
    if a.birth_date and b.birth_date:
        same = a.birth_date == b.birth_date
        comparisons.append(
            Comparison(
                "birth_date",
                "exact" if same else "different",
                5.0 if same else -5.0,
                "birth date equal (+5.0)" if same else "birth date differs (−5.0)",
            )
        )
    if a.postal_code and b.postal_code and a.postal_code == b.postal_code:
        comparisons.append(Comparison("postal_code", "exact", 1.5, "postal code equal (+1.5)"))
    weight = PRIOR_LOG2 + sum(c.weight for c in comparisons)
    names_agree = any(c.field in ("first_name", "last_name") and c.weight > 0 for c in comparisons)
    if not names_agree and not any(c.field == "email" and c.weight > 0 for c in comparisons):
        weight = min(weight, -1.0)
    probability = 1.0 / (1.0 + 2.0 ** (-weight))
    return Candidate(b.key, round(probability, 6), round(weight, 2), tuple(comparisons))


def _holders(records: Sequence[PersonRecord]) -> Counter[str]:
    holders: Counter[str] = Counter()
    for record in records:
        for value in {*record.emails, *record.phones}:
            holders[value] += 1
    return holders


def match_incoming(
    incoming: Sequence[PersonRecord],
    existing: Sequence[PersonRecord],
    *,
    match_threshold: float,
    review_threshold: float,
    rejected_pairs: Collection[frozenset[str]] = (),
) -> list[MatchOutcome]:
    """For each incoming record: the existing person it is (match), may be (ambiguous),
    contradicts (conflict), or none (new)."""
    by_link = {link: record.key for record in existing for link in record.source_links}
    frequency = Counter(fold_key(r.last_name) for r in (*incoming, *existing) if r.last_name)
    holders = _holders(existing)
    index: dict[str, list[PersonRecord]] = {}
    for record in existing:
        for block in _blocks(record):
            index.setdefault(block, []).append(record)
    outcomes = []
    for record in incoming:
        linked = next((by_link[link] for link in record.source_links if link in by_link), None)
        seen: dict[str, PersonRecord] = {}
        for block in _blocks(record):
            for other in index.get(block, []):
                seen[other.key] = other
        scored = []
        for other in seen.values():
            candidate = score_pair(record, other, frequency, holders, len(existing) + len(incoming))
            if frozenset((record.key, other.key)) in rejected_pairs:
                capped = min(candidate.probability, (match_threshold + review_threshold) / 2)
                candidate = Candidate(
                    candidate.key,
                    capped,
                    candidate.weight,
                    (
                        *candidate.evidence,
                        Comparison("history", "rejected", 0.0, "rejected as not the same before"),
                    ),
                    True,
                )
            scored.append(candidate)
        scored.sort(key=lambda c: (-c.probability, c.key))
        outcomes.append(_decide(record.key, linked, scored, match_threshold, review_threshold))
    return outcomes


def _blocks(record: PersonRecord) -> list[str]:
    blocks = [f"e:{e}" for e in record.emails] + [f"p:{p}" for p in record.phones]
    blocks += [f"l:{link}" for link in record.source_links]
    if record.last_name:
        blocks.append(f"n:{jellyfish.metaphone(fold_key(record.last_name))}")
    return blocks


def _decide(
    key: str, linked: str | None, scored: list[Candidate], match: float, review: float
) -> MatchOutcome:
    above = [c for c in scored if c.probability >= review]
    strong = [c for c in scored if c.probability >= match]
    if linked is not None:
        best = next((c for c in scored if c.key == linked), None) or Candidate(
            linked, 1.0, 99.0, (Comparison("source_link", "exact", 99.0, "same source record"),)
        )
        others = [
            c
            for c in strong
            if c.key != linked and any(e.field == "email" and e.weight > 0 for e in c.evidence)
        ]
        if others:
            return MatchOutcome(
                key,
                "conflict",
                best,
                (best, *others),
                f"The source id says {linked} but the e-mail says {others[0].key}.",
            )
        return MatchOutcome(key, "match", best, (best,))
    if len(strong) > 1:
        return MatchOutcome(
            key,
            "conflict",
            strong[0],
            tuple(strong),
            f"The record matches {len(strong)} existing clients.",
        )
    if strong:
        return MatchOutcome(key, "match", strong[0], tuple(above))
    if above:
        return MatchOutcome(key, "ambiguous", above[0], tuple(above))
    return MatchOutcome(key, "new", scored[0] if scored else None, ())
