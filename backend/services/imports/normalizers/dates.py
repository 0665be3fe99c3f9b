"""Dates and datetimes: ISO 8601 forms, and the day/month order of a whole column.

It owns reading the ways dates are written (ISO, numeric with any separator, month names in
six languages, Excel serial day numbers, Unix timestamps, offsets and AM/PM) into `YYYY-MM-DD`
and `YYYY-MM-DDTHH:MM:SSZ`. It never guesses a day/month order: `order_of_verdicts` decides it
from what all of a column's values say (`date_verdicts`), and a value that stays ambiguous
under the order it is given is reported `ambiguous_value`. Hand-written rather than `dateutil`,
whose parser silently guesses.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .base import (
    BLANK,
    NormalizedValue,
    ambiguous,
    clean_cell,
    doubtful,
    exact,
    invalid,
    strip_accents,
)
from .calendar_words import DATE_FILLER_WORDS, MONTH_WORDS, WEEKDAY_WORDS

DateOrder = Literal["dmy", "mdy", "ymd"]

_EXCEL_EPOCH: Final = date(1899, 12, 30)
_UNIX_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_EXCEL_SERIAL_RE: Final = re.compile(r"^(\d{5})(?:[.,](\d+))?$")
_EPOCH_RE: Final = re.compile(r"^(\d{10}|\d{13})(?:\.\d+)?$")
_ISO_RE: Final = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\.?$")
_COMPACT_RE: Final = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC_RE: Final = re.compile(r"^(\d{1,2})([-/.\s])(\d{1,2})\2(\d{2}|\d{4})\.?$")
_WORD_RE: Final = re.compile(r"\d+|[^\W\d_]+")
_TIME_RE: Final = re.compile(
    r"(?:^|[T\s,]+)(?:(?:at|um|a|à)\s+)?(?P<h>\d{1,2})"
    r"(?::(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?|(?=\s*[ap]\.?\s?m))"
    r"\s*(?:(?P<ampm>[ap])\.?\s?m\.?)?"
    r"\s*(?P<tz>Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)?\s*$",
    re.IGNORECASE,
)
_OFFSET_RE: Final = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)

_ORDER_WORDS: Final = {"dmy": "day-month-year", "mdy": "month-day-year", "ymd": "year-month-day"}


class _NotADate(Exception):
    """A value that cannot be read as a date; the message says why."""


class _Ambiguous(Exception):
    """A value that reads as a date under more than one day/month order."""


def _full_year(text: str) -> tuple[int, bool]:
    """The four-digit year, and whether it came from a two-digit one (00-69 -> 20xx)."""
    year = int(text)
    if len(text) == 4:
        return year, False
    return (2000 + year if year < 70 else 1900 + year), True


def _make_date(year: int, month: int, day: int) -> date:
    if not 1800 <= year <= 2200:
        raise _NotADate(f"year {year} is out of range")
    if not 1 <= month <= 12:
        raise _NotADate(f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise _NotADate(f"there is no day {day} in {year}-{month:02d}") from None


def _numeric(first: int, second: int, dotted: bool, order: DateOrder | None) -> tuple[int, int]:
    """(month, day) of a d/m or m/d pair under `order`."""
    if order == "dmy":
        return second, first
    if order == "mdy":
        return first, second
    if first > 12 and second <= 12:
        return second, first
    if second > 12 and first <= 12:
        return first, second
    if first == second or dotted:
        return second, first
    raise _Ambiguous(f"{first}/{second} could be day/month or month/day")


def _textual(text: str) -> tuple[int, int, str]:
    """(month, day, year text) of a date written with a month name."""
    month: int | None = None
    before: list[str] = []
    after: list[str] = []
    for word in _WORD_RE.findall(strip_accents(text).casefold()):
        if word.isdigit():
            (after if month else before).append(word)
        elif word in MONTH_WORDS and month is None:
            month = MONTH_WORDS[word]
        elif word not in WEEKDAY_WORDS and word not in DATE_FILLER_WORDS:
            raise _NotADate(f"unknown word {word!r}")
    numbers = before + after
    if month is None or len(numbers) != 2:
        raise _NotADate("expected a day, a month and a year")
    if len(numbers[0]) == 4:
        return month, int(numbers[1]), numbers[0]
    if len(numbers[1]) == 4 or len(after) == 2 or len(before) == 1:
        return month, int(numbers[0]), numbers[1]
    raise _NotADate("cannot tell the day from the year")


def _read_date(text: str, order: DateOrder | None) -> tuple[date, list[str]]:
    """The date of a date-only text, and the doubts of reading it (empty when exact)."""
    for pattern in (_ISO_RE, _COMPACT_RE):
        iso = pattern.match(text)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return _make_date(year, month, day), []
    doubts: list[str] = []
    numeric = _NUMERIC_RE.match(text)
    if numeric:
        first, separator, second, year_text = numeric.groups()
        month, day = _numeric(int(first), int(second), separator == ".", order)
        if order in ("dmy", "mdy") and not 1 <= month <= 12:
            raise _NotADate(f"month {month} does not fit the column's {_ORDER_WORDS[order]} order")
        if order is None and separator == "." and max(month, day) <= 12 and month != day:
            doubts.append("a dotted date read as day.month.year")
    elif any(ch.isalpha() for ch in text):
        month, day, year_text = _textual(text)
    else:
        raise _NotADate("not a date")
    year, short = _full_year(year_text)
    if short:
        doubts.append(f"two-digit year read as {year}")
    return _make_date(year, month, day), doubts


def _excel_serial(text: str) -> tuple[date, float] | None:
    match = _EXCEL_SERIAL_RE.match(text)
    if match is None or not 20000 <= int(match.group(1)) <= 80000:
        return None
    fraction = float(f"0.{match.group(2)}") if match.group(2) else 0.0
    return _EXCEL_EPOCH + timedelta(days=int(match.group(1))), fraction


def _date_result(text: str, order: DateOrder | None) -> NormalizedValue:
    try:
        day, doubts = _read_date(text, order)
    except _Ambiguous as doubt:  # each its own name: compiled, a name keeps its first type
        return ambiguous(f"ambiguous date: {doubt}; the column's day/month order is undecided")
    except _NotADate as error:
        return invalid(f"not a valid date: {error}")
    if doubts:
        return doubtful(day.isoformat(), 1.0 - 0.05 * (len(doubts) + 1), "; ".join(doubts))
    return exact(day.isoformat())


def _without_time(text: str) -> str:
    """The date part of a text that may end in a time of day ("5 Mar 2024 14:30")."""
    time_match = _TIME_RE.search(text)
    if time_match and time_match.start() > 0:
        return text[: time_match.start()].strip(" ,")
    return text


def normalize_date(raw: str, order: DateOrder | None) -> NormalizedValue:
    """An ISO date (`YYYY-MM-DD`); `order` is the column's day/month order, None if undecided."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    serial = _excel_serial(text)
    if serial is not None:
        return exact(serial[0].isoformat())
    return _date_result(_without_time(text), order)


def _value_order(text: str) -> str | None:
    """What one value says about the column's order: an order, "ymd" for order-free forms,
    "dotted", "ambiguous", or None when it is not a date at all."""
    if _excel_serial(text) or _ISO_RE.match(text) or _COMPACT_RE.match(text):
        return "ymd"
    numeric = _NUMERIC_RE.match(text)
    if numeric is None:
        try:
            _read_date(text, None)
        except (_NotADate, _Ambiguous):
            return None
        return "ymd"
    first, separator, second = int(numeric.group(1)), numeric.group(2), int(numeric.group(3))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    if first > 12:
        return None
    if first == second:
        return "ymd"
    return "dotted" if separator == "." else "ambiguous"


def date_verdicts(values: Iterable[str]) -> set[str]:
    """What each value says of its column's order ("dmy", "mdy", "ymd", "ambiguous" or
    "dotted"): the evidence `order_of_verdicts` decides from, which may be gathered in parts."""
    seen: set[str] = set()
    for raw in values:
        text = _without_time(clean_cell(raw))
        verdict = _value_order(text) if text else None
        if verdict:
            seen.add(verdict)
    return seen


def order_of_verdicts(seen: Collection[str], hint: DateOrder | None) -> DateOrder | None:
    """A column's day/month order from the verdicts of all its values (`date_verdicts`); None
    when they cannot decide it."""
    if "dmy" in seen and "mdy" in seen:
        return None
    if "dmy" in seen:
        return "dmy"
    if "mdy" in seen:
        return "mdy"
    if "ambiguous" in seen:
        return hint
    if "dotted" in seen:
        return hint or "dmy"
    return "ymd" if seen else hint


@cache
def _zone(name: str) -> tzinfo:
    if name.upper() in {"UTC", "Z", "GMT"}:
        return UTC
    return ZoneInfo(name)


def _offset(text: str) -> tzinfo:
    match = _OFFSET_RE.match(text)
    if match is None:
        return UTC
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return timezone(-delta if sign == "-" else delta)


def _utc_text(moment: datetime) -> NormalizedValue:
    return exact(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise _NotADate(f"hour {hour} does not fit AM/PM")
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 60:
        raise _NotADate(f"there is no time {hour:02d}:{minute:02d}:{second:02d}")
    return hour, minute, min(second, 59)


def _from_epoch(text: str) -> NormalizedValue | None:
    match = _EPOCH_RE.match(text)
    if match is None:
        return None
    seconds = int(match.group(1)) / (1000 if len(match.group(1)) == 13 else 1)
    return _utc_text(_UNIX_EPOCH + timedelta(seconds=int(seconds)))


def normalize_datetime(
    raw: str, order: DateOrder | None, default_tz: str = "UTC"
) -> NormalizedValue:
    """An ISO 8601 UTC datetime (`YYYY-MM-DDTHH:MM:SSZ`); a time without an offset is read in
    `default_tz`, a date alone is midnight UTC."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    epoch = _from_epoch(text)
    if epoch is not None:
        return epoch
    serial = _excel_serial(text)
    if serial is not None:
        start = datetime.combine(serial[0], datetime.min.time(), UTC)
        return _utc_text(start + timedelta(seconds=round(serial[1] * 86400)))
    try:
        zone = _zone(default_tz)
    except (ZoneInfoNotFoundError, ValueError):
        return invalid(f"unknown time zone {default_tz!r}")
    time_match = _TIME_RE.search(text)
    if time_match is None or time_match.start() == 0:
        result = _date_result(text, order)
        if not isinstance(result.value, str):
            return result
        return _with_date(result, datetime.fromisoformat(result.value).replace(tzinfo=UTC))
    day_text = text[: time_match.start()].strip(" ,")
    day = _date_result(day_text, order)
    if not isinstance(day.value, str):
        return day
    try:
        hour, minute, second = _clock(time_match)
    except _NotADate as error:
        return invalid(f"not a valid datetime: {error}")
    zone = _offset(time_match["tz"]) if time_match["tz"] else zone
    moment = datetime.fromisoformat(day.value).replace(hour=hour, minute=minute, second=second)
    return _with_date(day, moment.replace(tzinfo=zone))


def _with_date(day: NormalizedValue, moment: datetime) -> NormalizedValue:
    """The datetime result, keeping the doubt (two-digit year) of the date it was built on."""
    result = _utc_text(moment)
    if day.problem is None:
        return result
    return doubtful(str(result.value), day.confidence, day.problem)
