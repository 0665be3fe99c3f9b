"""Phone numbers: the canonical E.164 form, the extension kept apart, and placeholder detection.

It owns cleaning what spreadsheets do to numbers (`tel:` links, Excel's `4155550123.0` and
`4.15556E+09`, `00` international prefixes, two numbers in one cell) and hands the parsing and
validation to `phonenumbers` (Google's libphonenumber metadata). Which default region applies to
a row is the caller's decision; this module only uses the region it is given.
"""

from __future__ import annotations

import re
from typing import Final

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, invalid

_EXCEL_FLOAT_RE: Final = re.compile(r"^\+?\d{6,}\.0+$")
_EXCEL_SCI_RE: Final = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_TEL_RE: Final = re.compile(r"^(?:tel|phone|callto):\s*", re.IGNORECASE)
_LABEL_RE: Final = re.compile(r"^(?:tel|phone|ph|mobile|mob|cell|fax|t|m|f)\.?\s*:\s*", re.I)
_MULTI_SPLIT_RE: Final = re.compile(r"\s*(?:[;|\n]|\s/\s|\s+or\s+|\s+oder\s+|\s+ou\s+)\s*")
_DOUBLE_ZERO_RE: Final = re.compile(r"^00(?=[1-9])")
_NON_DIGIT_RE: Final = re.compile(r"\D")
_EXCEPTION_CODE_RE: Final = re.compile(r"^\(\d+\)\s*")
_REGION_ALIASES: Final = {"UK": "GB", "EL": "GR"}

_POSSIBLE_REASONS: Final = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "the country code does not exist",
    phonenumbers.ValidationResult.TOO_SHORT: "too short",
    phonenumbers.ValidationResult.TOO_LONG: "too long",
    phonenumbers.ValidationResult.INVALID_LENGTH: "the length does not fit the country",
}

_LINE_TYPES: Final = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.VOIP: "voip",
}

_ASCENDING: Final = "01234567890123456789"
_DESCENDING: Final = "98765432109876543210"


def _region_code(region: str | None) -> str | None:
    if not region:
        return None
    code = region.strip().upper()
    code = _REGION_ALIASES.get(code, code)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def _prepare(text: str) -> str:
    text = _LABEL_RE.sub("", _TEL_RE.sub("", text))
    if _EXCEL_FLOAT_RE.match(text):
        text = text.split(".", 1)[0]
    return _DOUBLE_ZERO_RE.sub("+", text)


def _parse_one(text: str, region: str | None) -> NormalizedValue:
    if _EXCEL_SCI_RE.match(text):
        return invalid("not a valid phone number: looks like a number Excel shortened")
    if not text.startswith("+") and region is None:
        return invalid("not a valid phone number: no country code and no default region")
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        why = _EXCEPTION_CODE_RE.sub("", str(error)).rstrip(".")
        why = why[:1].lower() + why[1:]
        return invalid(f"not a valid phone number: {why}")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    extra = {"extension": number.extension} if number.extension else {}
    if phonenumbers.is_valid_number(number):
        line_type = _LINE_TYPES.get(phonenumbers.number_type(number))
        if line_type:
            extra["line_type"] = line_type
        return exact(e164, **extra)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        return doubtful(e164, 0.6, "possible but not a valid number for its country", **extra)
    return invalid(f"not a valid phone number: {_POSSIBLE_REASONS.get(possible, 'unknown')}")


def normalize_phone(raw: str, region: str | None) -> NormalizedValue:
    """Read a phone number as E.164 (`+14155550123`); `region` is the ISO2 default for national
    numbers."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    parts = [p for p in _MULTI_SPLIT_RE.split(text) if p.strip()]
    first = _parse_one(_prepare(parts[0]), _region_code(region))
    if len(parts) == 1 or first.value is None:
        return first
    others = [_parse_one(_prepare(p), _region_code(region)).value for p in parts[1:]]
    additional = ", ".join(o for o in others if isinstance(o, str) and o != first.value)
    if not additional:
        return first
    extra = {**first.extra, "additional": additional}
    return doubtful(
        first.value, min(first.confidence, 0.8), "several numbers; kept the first", **extra
    )


def _national_digits(e164_or_raw: str) -> str:
    text = clean_cell(e164_or_raw).lower().split("x", 1)[0]
    digits = _NON_DIGIT_RE.sub("", text)
    if text.startswith("+"):
        try:
            country_code = str(phonenumbers.parse(text, None).country_code)
        except NumberParseException:
            return digits
        return digits.removeprefix(country_code)
    return digits


def is_placeholder_phone(e164_or_raw: str) -> bool:
    """Whether the number was typed to fill a field (0000000000, 1234567890, 9999999999)."""
    digits = _national_digits(e164_or_raw)
    if len(digits) < 6:
        return False
    if len(set(digits)) == 1:
        return True
    return (digits[0] in "01" and digits in _ASCENDING) or (
        digits[0] == "9" and digits in _DESCENDING
    )
