"""Free text and identifiers: tidy text that keeps its line breaks, and source ids kept verbatim.

It owns stripping control characters, Excel's `_x000D_` artefacts and invisible characters,
folding runs of spaces and tabs while keeping the newlines of multi-line notes, and spotting
ids Excel mangled (`1.23457E+11` cannot be turned back into the id it replaced).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .base import BLANK, SPACE_LIKE_RE, NormalizedValue, clean_cell, doubtful, exact, invalid

_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_EXCEL_CR_RE: Final = re.compile(r"_x000[dD]_")
_INLINE_SPACE_RE: Final = re.compile(r"[ \t]+")
_BLANK_LINES_RE: Final = re.compile(r"\n{3,}")
_EXCEL_SCIENTIFIC_RE: Final = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_EXCEL_FLOAT_RE: Final = re.compile(r"^(\d+)\.0+$")
_EXCEL_FORMULA_RE: Final = re.compile(r'^="(.*)"$')
_SPACES_RE: Final = re.compile(r"  +")  # a literal start: found many times faster than [ \t]+
_ASCII_CONTROL_RE: Final = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # the tab and CR too
_UNTIDY_ASCII: Final = ("  ", " \n", "\n ", "\n\n\n", "_x000")
"""Texts `normalize_text` may change in an ASCII note (with `_ASCII_CONTROL_RE` and outer
whitespace); each is a substring test, far cheaper than one pattern with these branches."""


def normalize_text(raw: str) -> NormalizedValue:
    """Tidy text: control characters dropped, spaces and tabs folded, line breaks kept."""
    if not raw:
        return BLANK
    ascii_only = raw.isascii()
    if ascii_only and not _untidy_ascii(raw):
        return exact(raw)  # most notes: nothing to tidy
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not ascii_only:
        text = SPACE_LIKE_RE.sub(" ", unicodedata.normalize("NFC", text))
    text = _CONTROL_RE.sub("", _EXCEL_CR_RE.sub("", text))
    text = _folded_ascii(text) if ascii_only else _folded_lines(text)
    if "\n\n\n" in text:
        text = _BLANK_LINES_RE.sub("\n\n", text)
    text = text.strip()
    return exact(text) if text else BLANK


def _untidy_ascii(raw: str) -> bool:
    """Whether `normalize_text` may change a non-empty ASCII text."""
    return (
        any(part in raw for part in _UNTIDY_ASCII)
        or raw[0].isspace()
        or raw[-1].isspace()
        or _ASCII_CONTROL_RE.search(raw) is not None
    )


def _folded_lines(text: str) -> str:
    """Each line's runs of spaces and tabs folded into one space, and the line trimmed."""
    return "\n".join(_INLINE_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))


def _folded_ascii(text: str) -> str:
    """`_folded_lines` of an ASCII text without control characters, over the whole text at
    once (notes padded with spaces are common): its only whitespace left is spaces, tabs and
    newlines, so a line once folded loses at most one space on either side of its newline."""
    folded = _SPACES_RE.sub(" ", text.replace("\t", " "))
    return folded.replace(" \n", "\n").replace("\n ", "\n")


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
