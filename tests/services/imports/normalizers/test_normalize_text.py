"""Free text and identifiers."""

from __future__ import annotations

import pytest

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
