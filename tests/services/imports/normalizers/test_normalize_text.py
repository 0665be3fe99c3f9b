"""Free text and identifiers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.text import normalize_identifier, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Head   of\tSales  ", "Head of Sales"),
        ("line one  \r\nline   two", "line one\nline two"),
        ("first_x000D_\nsecond", "first\nsecond"),
        ("null\x00byte", "nullbyte"),
        ("bell\x07 and \x1b escape", "bell and escape"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("nbsp\u00a0here", "nbsp here"),
        ("zero\u200bwidth", "zerowidth"),
        ("Cafe\u0301", "Café"),
    ],
)
def test_text_is_tidied_and_keeps_line_breaks(raw: str, expected: str) -> None:
    assert normalize_text(raw).value == expected


def _tidied_line_by_line(raw: str) -> str:
    """What tidying an ASCII note means, written plainly (one line at a time)."""
    text = re.sub("_x000[dD]_", "", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\t\n" or " " <= ch <= "~")
    text = "\n".join(re.sub("[ \t]+", " ", line).strip() for line in text.split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


_NOTE_PIECES = [" ", "  ", "\t", "\n", "\r", "\r\n", "\x07", "\x0b", "\x7f", "_x000D_", "a", "b."]


@given(st.lists(st.sampled_from(_NOTE_PIECES), max_size=14).map("".join))
def test_ascii_notes_are_tidied_as_line_by_line(raw: str) -> None:
    # ASCII notes take a shorter way (a check for anything to tidy, then one fold over the
    # whole text); what they become is what tidying each line gives
    assert (normalize_text(raw).value or "") == _tidied_line_by_line(raw)


def test_blank_text_is_blank() -> None:
    assert normalize_text(" \t\n ").value is None


@pytest.mark.parametrize(
    ("raw", "expected", "confidence"),
    [
        ("  003Ab00000XyZ12 ", "003Ab00000XyZ12", 1.0),
        ("'00123", "00123", 1.0),
        ('="00123"', "00123", 1.0),
        ("123456.0", "123456", 0.95),
        ("42", "42", 1.0),
    ],
)
def test_identifiers_are_trimmed_and_excel_wrappers_removed(
    raw: str, expected: str, confidence: float
) -> None:
    result = normalize_identifier(raw)
    assert (result.value, result.confidence) == (expected, confidence)


@pytest.mark.parametrize("raw", ["1.23457E+11", "4,5E+15", "1E+12"])
def test_ids_excel_shortened_are_invalid(raw: str) -> None:
    result = normalize_identifier(raw)
    assert result.value is None
    assert result.reason == "invalid_value"
    assert result.problem is not None
    assert "looks like a number Excel shortened" in result.problem
