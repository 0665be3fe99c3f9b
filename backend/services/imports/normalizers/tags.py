"""Tags: a cell of labels turned into a list, split on ";", ",", "|" or line breaks.

It owns splitting, trimming, dropping blanks and de-duplicating (case-insensitively, keeping the
first spelling and the order). It does not map tags onto a vocabulary.
"""

from __future__ import annotations

import re
from typing import Final

from .base import BLANK, NormalizedValue, clean_cell, exact, fold_spaces

_SEPARATOR_RE: Final = re.compile(r"[;,|\n\r]+")
_BRACKETS: Final = (("[", "]"), ("{", "}"), ("(", ")"))
_EDGE_QUOTES: Final = "\"'`“”‘’#"


def normalize_tags(raw: str) -> NormalizedValue:
    """A list of distinct tags from "a; b, c | d" (blanks dropped, order kept)."""
    text = clean_cell(raw)
    for opening, closing in _BRACKETS:
        if text.startswith(opening) and text.endswith(closing):
            text = text[1:-1]
    tags: list[str] = []
    seen: set[str] = set()
    for part in _SEPARATOR_RE.split(text):
        tag = fold_spaces(part).strip(_EDGE_QUOTES).strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return exact(tags) if tags else BLANK
