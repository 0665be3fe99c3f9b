"""Dates, datetimes and the per-column day/month order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.calendar_words import MONTH_WORDS, WEEKDAY_WORDS
from backend.services.imports.normalizers.dates import (
    DateOrder,
    date_verdicts,
    normalize_date,
    normalize_datetime,
    order_of_verdicts,
)

DATE_CASES: list[tuple[str, DateOrder | None, str | None]] = [
    ("2024-03-05", None, "2024-03-05"),
    ("2024-3-5", None, "2024-03-05"),
    ("2024/03/05", None, "2024-03-05"),
    ("2024.03.05", None, "2024-03-05"),
    ("20240305", None, "2024-03-05"),
    ("2024-03-05T14:30:00Z", None, "2024-03-05"),
    ("2024-03-05 14:30:00+02:00", None, "2024-03-05"),
    ("05/03/2024", "dmy", "2024-03-05"),
    ("3/5/2024", "mdy", "2024-03-05"),
    ("05-03-2024", "dmy", "2024-03-05"),
    ("05.03.2024", "dmy", "2024-03-05"),
    ("25/12/2024", None, "2024-12-25"),
    ("12/25/2024", None, "2024-12-25"),
    ("25.12.2024", "mdy", None),
    ("05/05/2024", None, "2024-05-05"),
    ("March 5, 2024", None, "2024-03-05"),
    ("march 5 2024", None, "2024-03-05"),
    ("Mar 5th, 2024", None, "2024-03-05"),
    ("5 Mar 2024", None, "2024-03-05"),
    ("5th of March 2024", None, "2024-03-05"),
    ("05-Mar-2024", None, "2024-03-05"),
    ("05-MAR-2024", "mdy", "2024-03-05"),
    ("Tue, 05 Mar 2024", None, "2024-03-05"),
    ("5. März 2024", None, "2024-03-05"),
    ("5. Maerz 2024", None, "2024-03-05"),
    ("Dienstag, 5. März 2024", None, "2024-03-05"),
    ("5 mars 2024", None, "2024-03-05"),
    ("1er février 2024", None, "2024-02-01"),
    ("5 de marzo de 2024", None, "2024-03-05"),
    ("15 agosto 2024", None, "2024-08-15"),
    ("5 juillet 2024", None, "2024-07-05"),
    ("3 juin 2024", None, "2024-06-03"),
    ("12 Dez. 2024", None, "2024-12-12"),
    ("1 sept. 2024", None, "2024-09-01"),
    ("5 maart 2024", None, "2024-03-05"),
    ("\u00a05 Mar 2024\u00a0", None, "2024-03-05"),
    ("45356", None, "2024-03-05"),
    ("45356.0", None, "2024-03-05"),
    ("5 Mar 2024 14:30", None, "2024-03-05"),
]


@pytest.mark.parametrize(("raw", "order", "expected"), DATE_CASES)
def test_dates_become_iso(raw: str, order: DateOrder | None, expected: str | None) -> None:
    result = normalize_date(raw, order)
    assert result.value == expected
    if expected is not None:
        assert result.confidence == 1.0


@pytest.mark.parametrize(
    ("raw", "order", "expected", "problem"),
    [
        ("5.3.24", "dmy", "2024-03-05", "two-digit year read as 2024"),
        ("05/03/99", "dmy", "1999-03-05", "two-digit year read as 1999"),
        ("05/03/69", "dmy", "2069-03-05", "two-digit year read as 2069"),
        ("05/03/70", "dmy", "1970-03-05", "two-digit year read as 1970"),
        ("5.3.2024", None, "2024-03-05", "a dotted date read as day.month.year"),
    ],
)
def test_conventions_are_applied_with_a_note(
    raw: str, order: DateOrder | None, expected: str, problem: str
) -> None:
    result = normalize_date(raw, order)
    assert result.value == expected
    assert result.problem == problem
    assert result.confidence < 1.0


@pytest.mark.parametrize("raw", ["05/03/2024", "3/5/2024", "01-02-2024", "05/03/2024 14:30"])
def test_numerically_ambiguous_date_without_order_is_ambiguous(raw: str) -> None:
    result = normalize_date(raw, None)
    assert result.value is None
    assert result.reason == "ambiguous_value"


@pytest.mark.parametrize(
    ("raw", "order", "why"),
    [
        ("31/02/2024", "dmy", "there is no day 31 in 2024-02"),
        ("13/13/2024", None, "there is no month 13"),
        ("03/25/2024", "dmy", "month 25 does not fit the column's day-month-year order"),
        ("next tuesday", None, "unknown word 'next'"),
        ("March 2024", None, "expected a day, a month and a year"),
        ("0000-00-00", None, "year 0 is out of range"),
        ("#N/A", None, "unknown word 'n'"),
        ("12345", None, "not a date"),
    ],
)
def test_impossible_dates_are_invalid(raw: str, order: DateOrder | None, why: str) -> None:
    result = normalize_date(raw, order)
    assert result.value is None
    assert result.reason == "invalid_value"
    assert result.problem == f"not a valid date: {why}"


@pytest.mark.parametrize(
    ("values", "hint", "expected"),
    [
        (["05/03/2024", "25/03/2024"], None, "dmy"),
        (["05/03/2024", "03/25/2024"], None, "mdy"),
        (["25/03/2024", "03/25/2024"], None, None),
        (["25/03/2024", "03/25/2024"], "dmy", None),
        (["05/03/2024", "06/04/2024"], None, None),
        (["05/03/2024", "06/04/2024"], "mdy", "mdy"),
        (["2024-03-05", "March 5, 2024"], None, "ymd"),
        (["2024-03-05", "45356"], "dmy", "ymd"),
        (["2024-03-05", "13/03/2024"], None, "dmy"),
        (["5.3.24", "6.4.24"], None, "dmy"),
        (["05/03/2024 14:30", "13/03/2024 09:00"], None, "dmy"),
        (["", "  ", "n/a"], None, None),
        (["", "n/a"], "mdy", "mdy"),
        ([], None, None),
    ],
)
def test_column_date_order_is_decided_from_all_values(
    values: list[str], hint: DateOrder | None, expected: DateOrder | None
) -> None:
    assert order_of_verdicts(date_verdicts(values), hint) == expected


DATETIME_CASES: list[tuple[str, DateOrder | None, str, str]] = [
    ("2024-03-05T14:30:00Z", None, "UTC", "2024-03-05T14:30:00Z"),
    ("2024-03-05T14:30:00+02:00", None, "UTC", "2024-03-05T12:30:00Z"),
    ("2024-03-05T14:30:00-0500", None, "UTC", "2024-03-05T19:30:00Z"),
    ("2024-03-05T14:30:00.123456Z", None, "UTC", "2024-03-05T14:30:00Z"),
    ("2024-03-05 14:30", None, "UTC", "2024-03-05T14:30:00Z"),
    ("2024-03-05 14:30", None, "Europe/Berlin", "2024-03-05T13:30:00Z"),
    ("2024-07-05 14:30", None, "Europe/Berlin", "2024-07-05T12:30:00Z"),
    ("2024-03-05", None, "Europe/Berlin", "2024-03-05T00:00:00Z"),
    ("05/03/2024 2:30 PM", "dmy", "UTC", "2024-03-05T14:30:00Z"),
    ("3/5/2024 12:05 am", "mdy", "UTC", "2024-03-05T00:05:00Z"),
    ("3/5/2024 12:05 p.m.", "mdy", "UTC", "2024-03-05T12:05:00Z"),
    ("5 Mar 2024 14:30 GMT", None, "UTC", "2024-03-05T14:30:00Z"),
    ("Tue, 05 Mar 2024 14:30:00 +0000", None, "UTC", "2024-03-05T14:30:00Z"),
    ("5 Mar 2024 2 PM", None, "UTC", "2024-03-05T14:00:00Z"),
    ("1709649000", None, "UTC", "2024-03-05T14:30:00Z"),
    ("1709649000000", None, "UTC", "2024-03-05T14:30:00Z"),
    ("45356.5", None, "UTC", "2024-03-05T12:00:00Z"),
    ("45356", None, "UTC", "2024-03-05T00:00:00Z"),
]


@pytest.mark.parametrize(("raw", "order", "tz", "expected"), DATETIME_CASES)
def test_datetimes_become_utc_iso(
    raw: str, order: DateOrder | None, tz: str, expected: str
) -> None:
    result = normalize_datetime(raw, order, tz)
    assert result.value == expected


@pytest.mark.parametrize(
    ("raw", "order", "reason"),
    [
        ("05/03/2024 14:30", None, "ambiguous_value"),
        ("05/03/2024 25:00", "dmy", "invalid_value"),
        ("05/03/2024 13:00 PM", "dmy", "invalid_value"),
        ("yesterday", None, "invalid_value"),
    ],
)
def test_unreadable_datetimes_are_unresolved(
    raw: str, order: DateOrder | None, reason: str
) -> None:
    result = normalize_datetime(raw, order)
    assert result.value is None
    assert result.reason == reason


def test_unknown_default_time_zone_is_reported() -> None:
    result = normalize_datetime("2024-03-05 14:30", None, "Mars/Olympus")
    assert result.reason == "invalid_value"
    assert result.problem == "unknown time zone 'Mars/Olympus'"


def test_blank_dates_are_not_errors() -> None:
    assert normalize_date(" ", None).problem is None
    assert normalize_datetime("\u00a0", None).value is None


def test_month_words_never_collide_with_weekday_words() -> None:
    assert not set(MONTH_WORDS) & WEEKDAY_WORDS
    assert MONTH_WORDS["marz"] == MONTH_WORDS["mars"] == MONTH_WORDS["maart"] == 3
    assert "jui" not in MONTH_WORDS


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31)))
def test_every_formatting_of_a_date_reads_back_to_it(day: date) -> None:
    iso = day.isoformat()
    assert normalize_date(iso, None).value == iso
    assert normalize_date(day.strftime("%d/%m/%Y"), "dmy").value == iso
    assert normalize_date(day.strftime("%m/%d/%Y"), "mdy").value == iso
    assert normalize_date(day.strftime("%d %B %Y"), None).value == iso
    assert normalize_date(day.strftime("%b %d, %Y"), None).value == iso


@given(st.integers(min_value=20000, max_value=80000))
def test_excel_serials_count_days_from_1899_12_30(serial: int) -> None:
    expected = (date(1899, 12, 30) + timedelta(days=serial)).isoformat()
    assert normalize_date(str(serial), None).value == expected
