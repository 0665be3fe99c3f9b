"""Free text and identifiers: tidy text that keeps its line breaks, and source ids kept verbatim.

It owns stripping control characters, Excel's `_x000D_` artefacts and invisible characters,
folding runs of spaces and tabs while keeping the newlines of multi-line notes, and spotting
ids Excel mangled (`1.23457E+11` cannot be turned back into the id it replaced).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, invalid

_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_EXCEL_CR_RE: Final = re.compile(r"_x000[dD]_")
_SPACE_LIKE_RE: Final = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INLINE_SPACE_RE: Final = re.compile(r"[ \t]+")
_BLANK_LINES_RE: Final = re.compile(r"\n{3,}")
_EXCEL_SCIENTIFIC_RE: Final = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_EXCEL_FLOAT_RE: Final = re.compile(r"^(\d+)\.0+$")
_EXCEL_FORMULA_RE: Final = re.compile(r'^="(.*)"$')
#: What `normalize_text` would change in an ASCII text; most notes have none of it.
_UNTIDY_ASCII_RE: Final = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f]|  |_x000[dD]_| \n|\n |\n\n\n|^\s|\s\Z"
)


def normalize_text(raw: str) -> NormalizedValue:
    """Tidy text: control characters dropped, spaces and tabs folded, line breaks kept."""
    if raw.isascii() and not _UNTIDY_ASCII_RE.search(raw):
        return exact(raw) if raw else BLANK
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _SPACE_LIKE_RE.sub(" ", unicodedata.normalize("NFC", text))
    text = _CONTROL_RE.sub("", _EXCEL_CR_RE.sub("", text))
    lines = (_INLINE_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()
    return exact(text) if text else BLANK


def normalize_identifier(raw: str) -> NormalizedValue:
    """A source id, trimmed; ids Excel turned into numbers are flagged, not guessed back."""
    text = clean_cell(raw)
    if text.isalnum() and not _EXCEL_SCIENTIFIC_RE.match(text):
        return exact(text)  # the common case: nothing a spreadsheet did to undo
    formula = _EXCEL_FORMULA_RE.match(text)
    if formula:
        text = formula.group(1).strip()
    text = text.removeprefix("'")
    if not text:
        return BLANK
    if _EXCEL_SCIENTIFIC_RE.match(text):
        return invalid(f"looks like a number Excel shortened: {text!r}; the full id is lost")
    excel_float = _EXCEL_FLOAT_RE.match(text)
    if excel_float:
        return doubtful(excel_float.group(1), 0.95, "dropped the '.0' a spreadsheet added")
    return exact(text)
