"""Plain numbers: whole counts, percentages and durations, and the separator rules money shares.

It owns `read_decimal`, the one reading of digits with thousands and decimal separators
("1.234,5", "1,234.5", "12 500", "1'234") and k/M suffixes, used here and by `money.py`; a
single separator followed by exactly three digits is a thousands separator when it can be one
("1,234" and "1.234" are 1234; "1234.567" and "0.500" are decimals). It also owns what
a count, a percentage or a call duration looks like in a CRM export ("~50", "500+", "75 %",
"0.75", "00:05:30", "5m 30s", "PT5M30S"). Values are `decimal.Decimal`, never floats.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, invalid

_NUMBER_RE: Final = re.compile(r"^(?:\d[\d.,]*|[.,]\d+)$")
_SEPARATOR_JUNK_RE: Final = re.compile(r"[\s'’]")
_SUFFIX_RE: Final = re.compile(r"^(.*?\d)\s*(k|m|mm|mio|mn|bn|mrd)\.?$", re.IGNORECASE)
_MULTIPLIERS: Final = {"k": 3, "m": 6, "mm": 6, "mio": 6, "mn": 6, "bn": 9, "mrd": 9}
_APPROX_RE: Final = re.compile(
    r"^(?:~|≈|ca\.?|circa|approx\.?|about|etwa|env\.?|aprox\.?)\s*", re.I
)
_RANGE_RE: Final = re.compile(r"^(.+?\d)\s*(?:-|–|—|\bto\b|\bbis\b|\bà\b|\ba\b)\s*(\d.*)$", re.I)
_CLOCK_RE: Final = re.compile(r"^(\d+):([0-5]?\d)(?::([0-5]?\d)(?:[.,]\d+)?)?$")
_ISO_DURATION_RE: Final = re.compile(
    r"^P(?:(\d+)D)?T?(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?$",
    re.IGNORECASE,
)
_DURATION_PART_RE: Final = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(hours?|hrs?|h|std\.?|stunden?|minutes?|minuten?|mins?|m|"
    r"seconds?|secs?|sekunden?|sek|s)\b\.?",
    re.IGNORECASE,
)
_HOURS_MINUTES_RE: Final = re.compile(r"^(\d+)\s*h\s*([0-5]?\d)$", re.IGNORECASE)
_FILLER_RE: Final = re.compile(r"[\s,]+|\band\b|\bund\b|\bet\b", re.IGNORECASE)


class UnreadableNumber(ValueError):
    """Digits and separators that do not form one number."""


def _grouped(whole: str, grouping: str, fraction: str) -> Decimal:
    groups = whole.split(grouping)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise UnreadableNumber(f"{grouping!r} is not a thousands separator here")
    if fraction and not fraction.isdigit():
        raise UnreadableNumber("more than one decimal separator")
    return Decimal("".join(groups) + (f".{fraction}" if fraction else ""))


def _digits_value(text: str) -> Decimal:
    text = _SEPARATOR_JUNK_RE.sub("", text)
    if not _NUMBER_RE.match(text):
        raise UnreadableNumber("unexpected characters")
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal_mark, grouping = (".", ",") if dot > comma else (",", ".")
        whole, _, fraction = text.rpartition(decimal_mark)
        return _grouped(whole, grouping, fraction)
    mark = "." if dot >= 0 else "," if comma >= 0 else ""
    if not mark:
        return Decimal(text)
    whole, _, fraction = text.partition(mark)
    if text.count(mark) > 1 or (len(fraction) == 3 and 1 <= len(whole) <= 3 and whole != "0"):
        return _grouped(text, mark, "")
    return Decimal(f"{whole or '0'}.{fraction}")


def read_decimal(text: str) -> Decimal:
    """Read an unsigned number with separators and an optional k/M/bn suffix ("12,5k")."""
    suffix = _SUFFIX_RE.match(text.strip())
    if suffix is None:
        return _digits_value(text)
    digits = _SEPARATOR_JUNK_RE.sub("", suffix.group(1))
    if digits.count(",") + digits.count(".") == 1:
        digits = digits.replace(",", ".")
        if not _NUMBER_RE.match(digits):
            raise UnreadableNumber("unexpected characters")
        amount = Decimal(digits)
    else:
        amount = _digits_value(digits)
    return amount.scaleb(_MULTIPLIERS[suffix.group(2).lower()])


def plain(number: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros ("75.50" -> "75.5")."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _signed(text: str) -> Decimal:
    negative = text.startswith(("-", "−"))
    number = read_decimal(text.lstrip("-−+ "))
    return -number if negative else number


def _whole(number: Decimal) -> str:
    if number != number.to_integral_value():
        raise UnreadableNumber(f"{plain(number)} is not a whole number")
    return plain(number)


def normalize_integer(raw: str) -> NormalizedValue:
    """A whole number ("1,200", "1.200", "1.2k"); "~50", "500+" and "50-100" read with doubt."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    try:
        approx = _APPROX_RE.match(text)
        if approx:
            value = _whole(_signed(text[approx.end() :]))
            return doubtful(value, 0.9, "an approximate number")
        if text.endswith("+") or text.startswith((">", "≥")):
            value = _whole(_signed(text.strip("+>≥= ")))
            return doubtful(value, 0.8, f"at least {value}; took the lower bound")
        span = _RANGE_RE.match(text)
        if span and not text.startswith("-"):
            low, high = _whole(_signed(span.group(1))), _whole(_signed(span.group(2)))
            return doubtful(low, 0.5, f"a range {low}–{high}; took the lower bound")
        return exact(_whole(_signed(text)))
    except (UnreadableNumber, InvalidOperation) as error:
        why = str(error) if isinstance(error, UnreadableNumber) else "not a number"
        return invalid(f"not a valid whole number: {why}")


def normalize_percent(raw: str) -> NormalizedValue:
    """A percentage 0..100 as a plain decimal ("75%" -> "75"); a bare 0.75 is read as 75."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    has_sign = "%" in text
    try:
        number = _signed(text.replace("%", "").strip())
    except (UnreadableNumber, InvalidOperation):
        return invalid(f"not a valid percentage: {text!r}")
    if not has_sign and number <= 1 and ("." in text or "," in text):
        scaled = plain(number * 100)
        return doubtful(scaled, 0.8, f"read {text} as a fraction: {scaled}%")
    if not 0 <= number <= 100:
        return invalid(f"not a valid percentage: {plain(number)} is outside 0-100")
    return exact(plain(number))


def _seconds(amount: str, unit: str) -> Decimal:
    unit = unit.lower()
    factor = 3600 if unit.startswith(("h", "st")) else 60 if unit.startswith("m") else 1
    return Decimal(amount.replace(",", ".")) * factor


def _duration(text: str) -> tuple[Decimal, str | None]:
    clock = _CLOCK_RE.match(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:
            return Decimal(int(first) * 60 + int(second)), "read as minutes:seconds"
        return Decimal(int(first) * 3600 + int(second) * 60 + int(third)), None
    hours_minutes = _HOURS_MINUTES_RE.match(text)
    if hours_minutes:
        return Decimal(int(hours_minutes.group(1)) * 3600 + int(hours_minutes.group(2)) * 60), None
    iso = _ISO_DURATION_RE.match(text)
    if iso and any(iso.groups()):
        days, hours, minutes, secs = (Decimal((g or "0").replace(",", ".")) for g in iso.groups())
        return days * 86400 + hours * 3600 + minutes * 60 + secs, None
    parts = _DURATION_PART_RE.findall(text)
    if parts and not _FILLER_RE.sub("", _DURATION_PART_RE.sub("", text)):
        return sum((_seconds(amount, unit) for amount, unit in parts), Decimal(0)), None
    return read_decimal(text), None


def normalize_duration_seconds(raw: str) -> NormalizedValue:
    """A duration as whole seconds ("00:05:30", "5m 30s", "5.5 min", "1h", "330" -> "330")."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    try:
        seconds, problem = _duration(text)
    except (UnreadableNumber, InvalidOperation):
        return invalid(f"not a valid duration: {text!r}")
    value = str(seconds.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return doubtful(value, 0.9, problem) if problem else exact(value)
