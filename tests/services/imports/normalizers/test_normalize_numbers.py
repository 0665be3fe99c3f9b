"""Whole numbers, percentages and durations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.numbers import (
    normalize_duration_seconds,
    normalize_integer,
    normalize_percent,
    read_decimal,
)


@pytest.mark.parametrize(
    ("raw", "expected", "confidence"),
    [
        ("1200", "1200", 1.0),
        ("1,200", "1200", 1.0),
        ("1.200", "1200", 1.0),
        ("1 200", "1200", 1.0),
        ("1\u00a0200", "1200", 1.0),
        ("1000.0", "1000", 1.0),
        ("1.2k", "1200", 1.0),
        ("-5", "-5", 1.0),
        ("~50", "50", 0.9),
        ("ca. 200", "200", 0.9),
        ("500+", "500", 0.8),
        (">1000", "1000", 0.8),
        ("50-100", "50", 0.5),
        ("10 to 50", "10", 0.5),
        ("1.000 - 5.000", "1000", 0.5),
    ],
)
def test_integers(raw: str, expected: str, confidence: float) -> None:
    result = normalize_integer(raw)
    assert (result.value, result.confidence) == (expected, confidence)


def test_range_reports_both_bounds() -> None:
    assert normalize_integer("50-100").problem == "a range 50–100; took the lower bound"


@pytest.mark.parametrize("raw", ["12.5", "abc", "#N/A", "1,2,3"])
def test_non_integers_are_invalid(raw: str) -> None:
    assert normalize_integer(raw).reason == "invalid_value"


@pytest.mark.parametrize(
    ("raw", "expected", "confidence"),
    [
        ("75%", "75", 1.0),
        ("75 %", "75", 1.0),
        ("75", "75", 1.0),
        ("75,5 %", "75.5", 1.0),
        ("100%", "100", 1.0),
        ("0%", "0", 1.0),
        ("1", "1", 1.0),
        ("0.75", "75", 0.8),
        ("0,5", "50", 0.8),
        ("0.125", "12.5", 0.8),
    ],
)
def test_percentages(raw: str, expected: str, confidence: float) -> None:
    result = normalize_percent(raw)
    assert (result.value, result.confidence) == (expected, confidence)


@pytest.mark.parametrize("raw", ["150%", "-5%", "high", "101"])
def test_percentages_outside_0_to_100_are_invalid(raw: str) -> None:
    assert normalize_percent(raw).reason == "invalid_value"


@pytest.mark.parametrize(
    ("raw", "expected", "confidence"),
    [
        ("00:05:30", "330", 1.0),
        ("1:02:03", "3723", 1.0),
        ("05:30", "330", 0.9),
        ("5m 30s", "330", 1.0),
        ("5 min 30 sec", "330", 1.0),
        ("5.5 min", "330", 1.0),
        ("5,5 Minuten", "330", 1.0),
        ("1h", "3600", 1.0),
        ("1h30", "5400", 1.0),
        ("1 hr 5 mins", "3900", 1.0),
        ("2 hours and 5 minutes", "7500", 1.0),
        ("2 Std.", "7200", 1.0),
        ("90 sec", "90", 1.0),
        ("PT5M30S", "330", 1.0),
        ("PT1H", "3600", 1.0),
        ("330", "330", 1.0),
        ("330.0", "330", 1.0),
    ],
)
def test_durations_become_whole_seconds(raw: str, expected: str, confidence: float) -> None:
    result = normalize_duration_seconds(raw)
    assert (result.value, result.confidence) == (expected, confidence)


@pytest.mark.parametrize("raw", ["abc", "5 parsecs", "-"])
def test_unreadable_durations_are_invalid(raw: str) -> None:
    assert normalize_duration_seconds(raw).reason == "invalid_value"


@pytest.mark.parametrize("normalizer", [normalize_integer, normalize_percent])
def test_blank_numbers_are_not_errors(normalizer: object) -> None:
    assert callable(normalizer)
    assert normalizer("  ").problem is None


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_grouping_in_either_convention_reads_back(number: int) -> None:
    english = f"{number:,}"
    assert read_decimal(english) == Decimal(number)
    assert read_decimal(english.replace(",", ".")) == Decimal(number)
    assert read_decimal(english.replace(",", "'")) == Decimal(number)
