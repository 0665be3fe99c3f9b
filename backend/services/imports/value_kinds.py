"""Recognise what kind of value a cell holds (e-mail, phone, URL, date, number, ...), for column
statistics and header detection. Cheap regular expressions only: the real parsing is done by the
normalizers, this only points the mapping stage in the right direction."""

from __future__ import annotations

import re
from collections.abc import Sequence

KINDS = (
    "email",
    "phone",
    "url",
    "datetime",
    "date",
    "money",
    "percent",
    "number",
    "boolean",
    "text",
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")),
    (
        "url",
        re.compile(r"^(https?://|www\.)\S+$|^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$", re.I),
    ),
    (
        "datetime",
        re.compile(
            r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?"
            r"\s*([AaPp][Mm])?\s*(Z|[+-]\d{2}:?\d{2})?$"
        ),
    ),
    (
        "date",
        re.compile(
            r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
            r"|\d{1,2}[ -][A-Za-zäéû]{3,9}\.?[ -]\d{2,4}"
            r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})$"
        ),
    ),
    ("percent", re.compile(r"^-?\d+([.,]\d+)?\s?%$")),
    (
        "money",
        re.compile(r"^(-?[$€£¥]\s?[\d.,' ]+|[\d.,' ]+\s?([$€£¥]|[A-Z]{3})|[A-Z]{3}\s?[\d.,' ]+)$"),
    ),
    ("phone", re.compile(r"^(\+|00)?[\d\s().\-/]{7,20}(\s*(x|ext\.?|#)\s*\d{1,6})?$", re.I)),
    ("number", re.compile(r"^-?\d{1,3}([,.' ]\d{3})*([.,]\d+)?$|^-?\d+([.,]\d+)?$")),
    ("boolean", re.compile(r"^(true|false|yes|no|y|n|ja|nein|oui|non|x)$", re.I)),
)


def value_kind(value: str) -> str:
    """The kind of one non-empty cell value."""
    text = value.strip()
    for kind, pattern in _PATTERNS:
        if pattern.match(text):
            if kind == "phone" and sum(ch.isdigit() for ch in text) < 7:
                continue
            return kind
    return "text"


#: Kinds no header text ever has: a lone cell of one of these is a value, not a column name.
_NEVER_A_HEADER = frozenset({"email", "url", "phone", "date", "datetime"})


def looks_like_data(cells: Sequence[str]) -> bool:
    """Whether a would-be header row is really data (mostly e-mails, numbers, dates, phones)."""
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) == 1:
        return value_kind(filled[0]) in _NEVER_A_HEADER
    if not filled:
        return False
    data_like = sum(1 for cell in filled if value_kind(cell) not in ("text", "boolean"))
    return data_like / len(filled) > 0.5
