"""The result type every normalizer returns, and the small text-cleaning helpers they share.

It owns `NormalizedValue` (a canonical value plus confidence, a readable problem and a reason
code) and the constructors for its common shapes (blank, exact, invalid, ambiguous). It does not
know any value form; those live in the sibling modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from types import MappingProxyType
from typing import Any, Final, Generic, Literal, TypeVar

Reason = Literal["invalid_value", "ambiguous_value"]

_SPACE_LIKE: Final = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE: Final = "\u200b-\u200d\u2060\ufeff\u00ad"
SPACE_LIKE_RE: Final = re.compile(f"[{_SPACE_LIKE}]")
"""Exotic spaces (no-break, thin, ideographic, ...): read as plain spaces."""
_INVISIBLE_RE: Final = re.compile(f"[{_INVISIBLE}]")
_UNUSUAL_RE: Final = re.compile(f"[{_SPACE_LIKE}{_INVISIBLE}]")
"""Either: most text has neither, and one search says so."""
_SPACE_RUN_RE: Final = re.compile(r"\s+")


_NO_EXTRA: Final[Mapping[str, str]] = MappingProxyType({})


class NormalizedValue:
    """A raw cell turned into its canonical form, with how sure the rule is and why it failed.

    One is made for every distinct cell of an import, so it is a plain class with read-only
    attributes: compiled (`backend/native.py`), it is built by a direct call in a tenth of the
    time of a named tuple or a frozen dataclass, whose constructors stay interpreted code."""

    def __init__(
        self,
        value: str | bool | list[str] | None,
        confidence: float,
        problem: str | None = None,
        reason: Reason | None = None,
        extra: Mapping[str, str] = _NO_EXTRA,
    ) -> None:
        self.value: Final = value
        """The canonical value: text, a JSON boolean (`true`/`false`) or a list (tags)."""
        self.confidence: Final = confidence
        self.problem: Final = problem
        self.reason: Final = reason
        self.extra: Final = extra
        """The parts the value keeps apart (a phone's extension, an amount's currency), or
        what else a caller may want (an enum's raw label)."""

    def _parts(self) -> tuple[object, ...]:
        return (self.value, self.confidence, self.problem, self.reason, dict(self.extra))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NormalizedValue) and self._parts() == other._parts()

    def __repr__(self) -> str:
        names = ("value", "confidence", "problem", "reason", "extra")
        parts = zip(names, self._parts(), strict=True)
        return f"NormalizedValue({', '.join(f'{name}={part!r}' for name, part in parts)})"


BLANK: Final = NormalizedValue(value=None, confidence=1.0)

LOW_CONFIDENCE: Final = 0.8
"""A reading below this confidence is not normalized "with confidence" (contract stage 4): an
import lists it as unresolved with the reading as its suggestion and does not propose it, and an
operator's correction is refused. A typo'd e-mail domain (0.7), a phone that is possible but not
valid for its country (0.6), a range read as its lower bound (0.5); readings at 0.8 and above (a
fuzzy country name, a date with a doubt, an address written with [at]) are proposed with their
confidence."""


def doubt_of(result: NormalizedValue) -> str | None:
    """Why a normalized value is not read with confidence, or None when it is: the same rule
    for an imported cell, an operator's correction and an Oracle writeback (a reason, no value
    from the text, or a reading below `LOW_CONFIDENCE`, named with that reading)."""
    if result.reason is None and result.value is not None:
        if result.confidence >= LOW_CONFIDENCE:
            return None
        return f"{result.problem}; best reading: {result.value}"
    return result.problem or "it could not be normalized"


_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class Memo(Generic[_Key, _Value]):
    """A function's results by argument, for a function asked of every cell that only ever gets
    a few arguments (a region, a calling code): compiled, `get` is a dictionary read, where a
    `functools.cache` call costs about ten times as much."""

    def __init__(self, compute: Callable[[_Key], _Value]) -> None:
        self._compute = compute
        self._values: dict[_Key, _Value] = {}

    def get(self, key: _Key) -> _Value:
        if key in self._values:
            return self._values[key]
        value = self._values[key] = self._compute(key)
        return value


def rebuilt_from_fields(instance: Any) -> tuple[type, tuple[object, ...]]:
    """`__reduce__` of a frozen dataclass sent to the staging workers (a column plan, its
    context): compiled (`backend/native.py`), such a class cannot be restored from a pickled
    state, since its fields are read-only; it is rebuilt from them instead."""
    return type(instance), tuple(getattr(instance, item.name) for item in fields(instance))


def written_part(extra: Mapping[str, str], key: str) -> str | None:
    """A part the value names itself and that is kept apart (`extra[key]`: a phone's extension,
    an amount's currency); None when it names none, or when the part is only a default
    (`extra[f"{key}_source"] == "default"`)."""
    part = extra.get(key)  # most values keep nothing apart: one lookup says so
    if part is None or extra.get(f"{key}_source") == "default":
        return None
    return part


def exact(value: str | bool | list[str], extra: Mapping[str, str] = _NO_EXTRA) -> NormalizedValue:
    """A value produced by an exact rule (confidence 1.0), with the parts it keeps apart."""
    return NormalizedValue(value, 1.0, None, None, extra)


def doubtful(
    value: str | bool | list[str],
    confidence: float,
    problem: str,
    extra: Mapping[str, str] = _NO_EXTRA,
) -> NormalizedValue:
    """A value that was produced but deserves a second look."""
    return NormalizedValue(value, confidence, problem, None, extra)


def first_of_several(
    first: NormalizedValue, others: Iterable[object], noun: str
) -> NormalizedValue:
    """Of a cell that lists several values (`first` read from the first, `others` the readings
    of the rest), the first - doubtful, at most 0.8 - with the others that differ from it in
    `extra["additional"]`; `first` as it is when no other differs."""
    more = [other for other in others if isinstance(other, str) and other and other != first.value]
    if not more:
        return first
    assert first.value is not None, "the caller reads the others only once the first is read"
    return doubtful(
        first.value,
        min(first.confidence, 0.8),
        f"the cell holds {len(more) + 1} {noun}; kept the first",
        {**first.extra, "additional": ", ".join(more)},
    )


def invalid(problem: str, extra: Mapping[str, str] = _NO_EXTRA) -> NormalizedValue:
    """A value that cannot be read as the form; the raw value stays with the caller."""
    return NormalizedValue(None, 0.0, problem, "invalid_value", extra)


def ambiguous(problem: str, extra: Mapping[str, str] = _NO_EXTRA) -> NormalizedValue:
    """A value with more than one sensible reading; the caller asks a person."""
    return NormalizedValue(None, 0.0, problem, "ambiguous_value", extra)


def clean_cell(raw: str) -> str:
    """NFC-normalize, turn exotic spaces into plain ones, drop invisible characters, trim, and
    drop the quote a spreadsheet (or our own CSV writer) puts before `=`, `+`, `-` or `@`."""
    if raw.isascii():  # nothing to compose, no exotic spaces or invisible characters
        text = raw.strip()
    else:
        text = unicodedata.normalize("NFC", raw)
        if _UNUSUAL_RE.search(text):
            text = SPACE_LIKE_RE.sub(" ", _INVISIBLE_RE.sub("", text))
        text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def fold_spaces(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space, and trim."""
    return _SPACE_RUN_RE.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """Remove combining marks ("é" -> "e"); letters without a decomposition stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: The spellings Germans and Scandinavians use when a keyboard or a system lacks the letter.
_DIGRAPHS: Final = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe", "å": "aa", "æ": "ae",
     "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "Ø": "Oe", "Å": "Aa", "Æ": "Ae"}
)  # fmt: skip


def transliterated(text: str) -> str:
    """The letters written out as their two-letter spellings ("Müller" -> "Mueller")."""
    return unicodedata.normalize("NFC", text).translate(_DIGRAPHS)


def fold_key(text: str) -> str:
    """A lookup key: accents stripped, case-folded, punctuation and spaces removed."""
    return "".join(ch for ch in strip_accents(text).casefold() if ch.isalnum())
