"""Per-record match features, computed once, and what the records at hand say about values.

It owns folding a `PersonRecord` into the keys every comparison and blocking rule reads (folded
names, metaphone codes, nickname groups, e-mail local parts and company domains, folded city and
postal code), telling junk identifiers apart (placeholder and role e-mails, placeholder phones,
and any e-mail or phone held by several different people), and counting value frequencies for
the term-frequency adjustment. Identifiers judged junk are moved out of `emails` / `phones` into
`ignored`, with the reason kept for the evidence. It does not compare records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Final

import jellyfish

from backend.services.imports.normalizers.base import fold_key
from backend.services.imports.normalizers.email import is_placeholder_email, is_role_address
from backend.services.imports.normalizers.phone import is_placeholder_phone
from backend.services.imports.normalizers.web import domain_from_email

from .nicknames import canonical_names, nickname_groups
from .records import PersonRecord

#: Surname particles that do not count as a surname of their own in a double surname.
_PARTICLES: Final = frozenset(
    {"de", "da", "del", "della", "der", "den", "van", "von", "la", "le", "di", "du", "dos",
     "das", "ter", "ten", "zu", "san", "santa", "mac", "mc", "bin", "ibn", "al", "el"}
)  # fmt: skip
_ASCENDING: Final = "01234567890123456789"
_DESCENDING: Final = "98765432109876543210"
_CACHE_SIZE: Final = 1 << 18


@dataclass(slots=True)
class RecordFeatures:
    """The folded, precomputed view of one record that comparisons and blocking read."""

    record: PersonRecord
    first: str
    first_meta: str
    first_groups: frozenset[int]
    first_canonical: tuple[str, ...]
    initials: tuple[str, ...]
    last: str
    last_parts: tuple[str, ...]
    last_meta: str
    emails: frozenset[str]
    email_locals: frozenset[str]
    email_domains: frozenset[str]
    phones: frozenset[str]
    ignored: tuple[str, ...]
    company: str
    city: str
    postal: str
    street: str
    birth: str


@dataclass(frozen=True, slots=True)
class ValueStats:
    """Value counts for the tf adjustment, and the identifiers ignored with their reason."""

    records: int
    first_names: Counter[str]
    last_names: Counter[str]
    companies: Counter[str]
    ignored: dict[str, str]


_EMPTY: Final[frozenset[str]] = frozenset()


@lru_cache(maxsize=_CACHE_SIZE)
def _first_name(raw: str) -> tuple[str, str, frozenset[int], tuple[str, ...], tuple[str, ...]]:
    """(folded first word, metaphone, nickname groups, canonical names, initials of both)."""
    words = raw.split()
    folded = fold_key(words[0]) if words else ""
    if not folded:
        return "", "", frozenset(), (), ()
    canonical = canonical_names(folded)
    initials = tuple(dict.fromkeys([folded[0], *(c[0] for c in canonical)]))
    return folded, jellyfish.metaphone(folded), nickname_groups(folded), canonical, initials


@lru_cache(maxsize=_CACHE_SIZE)
def _last_name(raw: str) -> tuple[str, tuple[str, ...], str]:
    """(folded surname, its parts without particles, metaphone of the folded surname)."""
    folded = fold_key(raw)
    if not folded:
        return "", (), ""
    words = [fold_key(w) for w in raw.replace("-", " ").split()]
    parts = tuple(w for w in words if len(w) > 2 and w not in _PARTICLES)
    return folded, parts, jellyfish.metaphone(folded) or folded


@lru_cache(maxsize=_CACHE_SIZE)
def _text(value: str) -> str:
    return fold_key(value)


@lru_cache(maxsize=_CACHE_SIZE)
def _company_domain(host: str) -> str:
    """The registrable domain behind a mailbox host; "" for free-mail providers."""
    return domain_from_email(f"x@{host}") or ""


@lru_cache(maxsize=_CACHE_SIZE)
def is_role_local(local: str) -> bool:
    """Whether an e-mail local part names a function (info, sales) rather than a person."""
    return is_role_address(f"{local}@x.invalid")


def _junk(identifier: str) -> str | None:
    """Why an e-mail or phone says nothing about a person, or None when it may."""
    if "@" not in identifier:
        if identifier.startswith("+") or identifier.isdigit():
            return _phone_junk(identifier)
        return "is not an address"
    if is_placeholder_email(identifier):
        return "is a placeholder"
    if is_role_address(identifier):
        return "is a role address"
    return None


def _phone_junk(phone: str) -> str | None:
    # is_placeholder_phone parses the number; only a run of one digit or a 0123… / 9876… tail
    # can be a placeholder, so the cheap test on the last six digits spares most calls.
    tail = phone[-6:]
    if len(set(tail)) > 1 and tail not in _ASCENDING and tail not in _DESCENDING:
        return None
    return "is a placeholder" if is_placeholder_phone(phone) else None


def _person(record: PersonRecord) -> str | None:
    """Who holds an identifier, roughly: surname sound and canonical first initial; None for a
    record without a surname (a deal row naming its contact by e-mail only is nobody new)."""
    last_meta = _last_name(record.last_name)[2] if record.last_name else ""
    if not last_meta:
        return None
    canonical = _first_name(record.first_name)[3] if record.first_name else ()
    return f"{last_meta}|{canonical[0][0] if canonical else ''}"


def _email_parts(emails: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Local parts (without +tags and dots) and company domains."""
    locals_: set[str] = set()
    domains: set[str] = set()
    for email in emails:
        local, _, host = email.rpartition("@")
        local = local.split("+", 1)[0].replace(".", "")
        if len(local) > 2:
            locals_.add(local)
        domain = _company_domain(host)
        if domain:
            domains.add(domain)
    return frozenset(locals_) or _EMPTY, frozenset(domains) or _EMPTY


def record_features(record: PersonRecord, ignored: dict[str, str]) -> RecordFeatures:
    """The features of one record; identifiers in `ignored` are kept apart for the evidence."""
    first, first_meta, groups, canonical, initials = _first_name(record.first_name or "")
    last, last_parts, last_meta = _last_name(record.last_name or "")
    emails, phones = record.emails, record.phones
    junk: tuple[str, ...] = ()
    if ignored and any(i in ignored for i in (*emails, *phones)):
        junk = tuple(i for i in (*emails, *phones) if i in ignored)
        emails = tuple(e for e in emails if e not in ignored)
        phones = tuple(p for p in phones if p not in ignored)
    email_set = frozenset(e for e in emails if "@" in e) if emails else _EMPTY
    locals_, domains = _email_parts(email_set) if email_set else (_EMPTY, _EMPTY)
    return RecordFeatures(
        record,
        first,
        first_meta,
        groups,
        canonical,
        initials,
        last,
        last_parts,
        last_meta,
        email_set,
        locals_,
        domains,
        frozenset(phones) if phones else _EMPTY,
        junk,
        record.company_key or "",
        _text(record.city) if record.city else "",
        _text(record.postal_code) if record.postal_code else "",
        _text(record.street) if record.street else "",
        record.birth_date or "",
    )


def _folded_counts(values: Counter[str], fold: Callable[[str], str]) -> Counter[str]:
    folded: Counter[str] = Counter()
    for value, count in values.items():
        key = fold(value)
        if key:
            folded[key] += count
    return folded


def collect_stats(groups: Sequence[Sequence[PersonRecord]], *, min_people: int) -> ValueStats:
    """Value counts over every record of `groups`, and the junk or shared identifiers."""
    records = [record for group in groups for record in group]
    held = Counter(chain.from_iterable(r.emails for r in records))
    held.update(chain.from_iterable(r.phones for r in records))
    ignored: dict[str, str] = {}
    candidates: set[str] = set()
    for identifier, count in held.items():
        if count > 1:
            reason = _junk(identifier)
            if reason is None:
                candidates.add(identifier)
            else:
                ignored[identifier] = reason
    people: dict[str, set[str]] = {}
    for record in records:
        if candidates.isdisjoint(record.emails) and candidates.isdisjoint(record.phones):
            continue
        holder = _person(record)
        if holder is None:
            continue
        for identifier in (*record.emails, *record.phones):
            if identifier in candidates:
                people.setdefault(identifier, set()).add(holder)
    for identifier, holders in people.items():
        if len(holders) >= min_people:
            ignored[identifier] = f"is shared by {held[identifier]} records"
    return ValueStats(
        records=len(records),
        first_names=_folded_counts(
            Counter(r.first_name for r in records if r.first_name), lambda v: _first_name(v)[0]
        ),
        last_names=_folded_counts(
            Counter(r.last_name for r in records if r.last_name), lambda v: _last_name(v)[0]
        ),
        companies=Counter(r.company_key for r in records if r.company_key),
        ignored=ignored,
    )


def extract_features(
    groups: Sequence[Sequence[PersonRecord]], *, min_people: int
) -> tuple[list[list[RecordFeatures]], ValueStats]:
    """Features of every record in `groups` (e.g. existing, incoming), and their joint stats."""
    stats = collect_stats(groups, min_people=min_people)
    ignored = stats.ignored
    return [[record_features(r, ignored) for r in group] for group in groups], stats
