"""Comparisons: the level at which two records agree on each field (Splink's comparison levels).

It owns one function per comparison of `model.LEVELS`, each reading two `RecordFeatures` and
returning a level name, or None when either side lacks the value (a missing value weighs 0).
Levels are tested strongest first: first names exact, nickname, Jaro-Winkler, metaphone, initial
(or `swapped` when first and last name traded places, which then carries both names' weight);
surnames exact, a shared part of a double surname ("García López" / "García"), Jaro-Winkler,
metaphone; e-mails and phones exact, then weaker forms. An e-mail or phone two records share
while their surnames agree and their first names differ is a `household` level, not a person's
identifier (relatives share a landline, couples an address); an e-mail domain two records share
stands in for the company when the companies are not compared, and when they are and agree, two
different mailboxes at it are an `other_mailbox` level (more likely two colleagues).
Weights live in `scoring.py`.
"""

from __future__ import annotations

from typing import Final

from rapidfuzz.distance import OSA, JaroWinkler

from .features import RecordFeatures, is_role_local
from .model import SimilaritySettings

#: The level of every comparison, in `model.LEVELS` order; None where a value is missing.
Levels = tuple[
    str | None, str | None, str | None, str | None, str | None, str | None, str | None, str | None
]

_NAME_AGREES: Final = frozenset(
    {"exact", "swapped", "nickname", "jaro_winkler", "phonetic", "double_surname"}
)
_jaro_winkler = JaroWinkler.similarity
_edits = OSA.distance
_GENDER_ENDINGS: Final = "aeio"
_GENDER_SUFFIXES: Final = frozenset({"a", "e", "ne", "na", "ine", "ina", "ette"})


def names_agree(level: str | None) -> bool:
    """Whether a first- or last-name level counts as the names agreeing (an initial does not)."""
    return level in _NAME_AGREES


_CORROBORATING: Final = (
    frozenset({"exact", "local_part", "domain"}),
    frozenset({"shared"}),
    frozenset({"exact", "jaro_winkler"}),
    frozenset({"postal_code"}),
    frozenset({"exact", "jaro_winkler"}),
    frozenset({"exact", "transposed", "typo"}),
)


def corroborated(levels: Levels) -> bool:
    """Whether anything besides the names agrees (an e-mail, phone, company, postal code,
    street or birth date); relatives' shared identifiers and a whole city do not count."""
    return any(
        level in agreeing for level, agreeing in zip(levels[2:], _CORROBORATING, strict=True)
    )


def identified_without_names(levels: Levels) -> bool:
    """Whether fields other than names can make a match: an exact e-mail, or the birth date
    together with the street address (a phone, company or city alone never can)."""
    return levels[2] == "exact" or (
        levels[7] in ("exact", "transposed") and levels[6] in ("exact", "jaro_winkler")
    )


def _similar_spelling(x: str, y: str, threshold: float) -> bool:
    """Jaro-Winkler at the threshold, or one typo (edit or swap) in a name of five letters on."""
    if _jaro_winkler(x, y) >= threshold:
        return True
    return min(len(x), len(y)) >= 5 and _edits(x, y, score_cutoff=1) <= 1


def _gender_variant(x: str, y: str) -> bool:
    """Mario/Maria, Daniel/Daniela, Jean/Jeanne: relatives, not a typo."""
    if len(x) < 4 or len(y) < 4:
        return False
    longer, shorter = (x, y) if len(x) >= len(y) else (y, x)
    if len(longer) > len(shorter):
        return longer.startswith(shorter) and longer[len(shorter) :] in _GENDER_SUFFIXES
    return (
        len(x) == len(y)
        and x[:-1] == y[:-1]
        and x[-1] in _GENDER_ENDINGS
        and y[-1] in _GENDER_ENDINGS
    )


def first_name_level(a: RecordFeatures, b: RecordFeatures, threshold: float) -> str | None:
    """exact, nickname, jaro_winkler (or one typo), phonetic, initial or different; a
    gender variant of one name (Mario/Maria) is different."""
    x, y = a.first, b.first
    if not x or not y:
        return None
    if len(x) == 1 or len(y) == 1:
        return "initial" if x[0] == y[0] else "different"
    if x == y:
        return "exact"
    if not a.first_groups.isdisjoint(b.first_groups):
        return "nickname"
    if _gender_variant(x, y):
        return "different"
    if _similar_spelling(x, y, threshold):
        return "jaro_winkler"
    if a.first_meta == b.first_meta:
        return "phonetic"
    return "different"


def last_name_level(a: RecordFeatures, b: RecordFeatures, threshold: float) -> str | None:
    """exact, double_surname, jaro_winkler, phonetic or different."""
    x, y = a.last, b.last
    if not x or not y:
        return None
    if x == y:
        return "exact"
    if (len(a.last_parts) > 1 or len(b.last_parts) > 1) and not set(a.last_parts).isdisjoint(
        b.last_parts
    ):
        return "double_surname"
    if _similar_spelling(x, y, threshold):
        return "jaro_winkler"
    if a.last_meta == b.last_meta:
        return "phonetic"
    return "different"


def _says_little(local: str, features: RecordFeatures) -> bool:
    """Whether an e-mail local part just spells the name (jsmith, john.smith, johnsmi42) or a
    function (info, sales)."""
    if is_role_local(local):
        return True
    letters = local.rstrip("0123456789_-")
    first, last = features.first, features.last
    return bool(
        (last and last in letters)
        or (first and letters.startswith(first) and len(letters) - len(first) <= 3)
    )


def email_level(a: RecordFeatures, b: RecordFeatures, household: bool) -> str | None:
    """exact (or household), local_part (one that is not just the name or a role), domain or
    different."""
    if not a.emails or not b.emails:
        return None
    if not a.emails.isdisjoint(b.emails):
        return "household" if household else "exact"
    if not a.email_locals.isdisjoint(b.email_locals) and any(
        not _says_little(local, a) for local in a.email_locals & b.email_locals
    ):
        return "local_part"
    if not a.email_domains.isdisjoint(b.email_domains):
        return "domain"
    return "different"


def phone_level(a: RecordFeatures, b: RecordFeatures, household: bool) -> str | None:
    """shared (or household) or different."""
    if not a.phones or not b.phones:
        return None
    if not a.phones.isdisjoint(b.phones):
        return "household" if household else "shared"
    return "different"


def company_level(a: RecordFeatures, b: RecordFeatures, threshold: float) -> str | None:
    """exact, jaro_winkler or different."""
    x, y = a.company, b.company
    if not x or not y:
        return None
    if x == y:
        return "exact"
    return "jaro_winkler" if _jaro_winkler(x, y) >= threshold else "different"


def location_level(a: RecordFeatures, b: RecordFeatures, threshold: float) -> str | None:
    """postal_code, city or different; a differing postal code still lets the city agree."""
    if a.postal and b.postal and a.postal == b.postal:
        return "postal_code"
    if a.city and b.city:
        if a.city == b.city or _jaro_winkler(a.city, b.city) >= threshold:
            return "city"
        return "different"
    return "different" if a.postal and b.postal else None


def _swapped(a: RecordFeatures, b: RecordFeatures, threshold: float) -> bool:
    """Whether one record holds the other's first name as its surname and vice versa."""
    if not (a.first and a.last and b.first and b.last):
        return False
    return (
        _jaro_winkler(a.first, b.last) >= threshold and _jaro_winkler(a.last, b.first) >= threshold
    )


def street_level(a: RecordFeatures, b: RecordFeatures, threshold: float) -> str | None:
    """exact, jaro_winkler or different."""
    x, y = a.street, b.street
    if not x or not y:
        return None
    if x == y:
        return "exact"
    return "jaro_winkler" if _jaro_winkler(x, y) >= threshold else "different"


def _one_typo(x: str, y: str) -> bool:
    """One character differs, or two neighbouring characters are swapped."""
    if len(x) != len(y):
        return False
    diffs = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and x[diffs[0]] == y[diffs[1]]
        and x[diffs[1]] == y[diffs[0]]
    )


def birth_date_level(a: RecordFeatures, b: RecordFeatures) -> str | None:
    """exact, transposed (day and month swapped), typo, year or different."""
    x, y = a.birth, b.birth
    if not x or not y:
        return None
    if x == y:
        return "exact"
    if x[:4] == y[:4] and len(x) == len(y) == 10 and x[5:7] == y[8:10] and x[8:10] == y[5:7]:
        return "transposed"
    if _one_typo(x, y):
        return "typo"
    return "year" if x[:4] == y[:4] else "different"


def compare(a: RecordFeatures, b: RecordFeatures, similarity: SimilaritySettings) -> Levels:
    """The comparison vector of a pair: one level (or None) per comparison."""
    first = first_name_level(a, b, similarity.first_name_jaro_winkler)
    last = last_name_level(a, b, similarity.last_name_jaro_winkler)
    if (
        first == "different"
        and last == "different"
        and _swapped(a, b, similarity.last_name_jaro_winkler)
    ):
        first, last = "swapped", None
    household = first == "different" and names_agree(last)
    email = email_level(a, b, household)
    company = company_level(a, b, similarity.company_jaro_winkler)
    if email == "domain" and company in ("exact", "jaro_winkler"):
        # The company already counted; two mailboxes at it point to two people there.
        email = "other_mailbox"
    return (
        first,
        last,
        email,
        phone_level(a, b, household),
        company,
        location_level(a, b, similarity.city_jaro_winkler),
        street_level(a, b, similarity.street_jaro_winkler),
        birth_date_level(a, b),
    )
