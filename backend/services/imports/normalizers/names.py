"""Person names: splitting a full name into parts, and the display form of a name or a part.

It owns whitespace folding and the one case rule of CONTRACTS.md ("case is fixed only when the
whole value is upper or lower case"). Parsing ("Last, First", particles such as "van der" or
"de la", titles and suffixes) and case repair (McDonald, O'Brien, van der Berg) are delegated to
`nameparser`, whose rules know far more surnames than a hand-written table would. It does not
decide which parts a record is missing; the caller fills parts from `split_full_name`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import nameparser
from nameparser import ParsedName, Role

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, fold_spaces, invalid

_EDGE_QUOTES: Final = "\"'`“”„‘’"
#: Words nameparser's Mac/Mc rule over-corrects ("MacHado"); they are Mac + lower case.
_NOT_MAC_RE: Final = re.compile(
    r"\bMac(?=(?:hado|ias|ey|k|ke|kie|kle|klin|kintosh|ken|hen|hin|hlin|har|on|in|iel|iol|"
    r"kay|key|kley|kell|kerel|aulay?|omber|quarie|evicius|ero|abre)\b)",
    re.IGNORECASE,
)
_NOT_MAC_FIX_RE: Final = re.compile(r"\bMac([A-Z])(\w*)")
#: What an export puts in a name cell by mistake: an e-mail address, or a number (a phone, an id).
_NOT_A_NAME: Final = (
    (re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+"), "an e-mail address"),
    (re.compile(r"[\s()+./-]*\d[\d\s()+./-]*"), "a number"),
)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split into the parts CONTRACTS.md keeps; a missing part is None."""

    salutation: str | None = None
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    suffix: str | None = None


def _in_one_case(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and (
        not any(ch.islower() for ch in letters) or not any(ch.isupper() for ch in letters)
    )


def _finish_case(text: str) -> str:
    """The last step of every case repair: the Mac words nameparser over-corrects lower-cased
    again, and the text composed again (case mapping may decompose: "ᾷ" upper-cases to three
    code points)."""

    def lower_tail(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if not _NOT_MAC_RE.match(word) else "Mac" + word[3:].lower()

    return unicodedata.normalize("NFC", _NOT_MAC_FIX_RE.sub(lower_tail, text))


@lru_cache(maxsize=65536)
def _recase_part(text: str) -> str:
    """Repair the case of one name part as a family name (particles lower-case, Mc/O' rules)."""
    parsed = nameparser.parse(f"x {text}").capitalized(force=True)
    result = f"x {text}"
    # Replace from the end so that earlier spans stay valid if a word changes length.
    spans = sorted(
        ((t.span.start, t.span.end, t.text) for t in parsed.tokens[1:] if t.span), reverse=True
    )
    for start, end, word in spans:
        result = result[:start] + word + result[end:]
    return _finish_case(result[2:])


def _clean_name(raw: str) -> str:
    return fold_spaces(clean_cell(raw).strip(_EDGE_QUOTES))


def _not_a_name(text: str) -> NormalizedValue | None:
    """Why a name cell holds no name (an e-mail address or a number), else None."""
    for pattern, what in _NOT_A_NAME:
        if pattern.fullmatch(text):
            return invalid(f"not a name: it looks like {what}")
    return None


def normalize_name_part(raw: str) -> NormalizedValue:
    """A first, middle or last name: trimmed, spaces folded, case fixed only if all one case."""
    text = _clean_name(raw)
    if not text:
        return BLANK
    return _not_a_name(text) or exact(_recase_part(text) if _in_one_case(text) else text)


def _parse(text: str) -> ParsedName:
    parsed = nameparser.parse(text)
    return parsed.capitalized() if _in_one_case(text) else parsed


def _joined(parsed: ParsedName, role: Role) -> str | None:
    words = [t.text for t in parsed.tokens if t.role is role]
    return _finish_case(" ".join(words)) if words else None


def split_full_name(raw: str) -> NameParts:
    """Split a full name ("Dr. Jan van der Berg Jr.", "Smith, John") into its parts."""
    return _split(_clean_name(raw))


@lru_cache(maxsize=65536)
def _split(text: str) -> NameParts:
    if not text:
        return NameParts()
    parsed = _parse(text)
    parts = NameParts(
        salutation=_joined(parsed, Role.TITLE),
        first=_joined(parsed, Role.GIVEN),
        middle=_joined(parsed, Role.MIDDLE),
        last=_joined(parsed, Role.FAMILY),
        suffix=_joined(parsed, Role.SUFFIX),
    )
    if parts.first and not parts.last and parts.salutation:
        # "Mr. Smith": a title followed by one word names the family, not the given name.
        return NameParts(salutation=parts.salutation, last=parts.first, suffix=parts.suffix)
    return parts


def normalize_full_name(raw: str) -> NormalizedValue:
    """The display full name ("First Middle Last Suffix"); "Last, First" is turned around."""
    text = _clean_name(raw)
    if not text:
        return BLANK
    if (wrong := _not_a_name(text)) is not None:
        return wrong
    parts = split_full_name(text)
    words = [w for w in (parts.first, parts.middle, parts.last, parts.suffix) if w]
    if not words:
        return doubtful(text, 0.5, "no name found besides a title")
    return exact(" ".join(words))
