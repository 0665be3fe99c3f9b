"""Phone numbers: the canonical E.164 form, the extension kept apart, and placeholder detection.

It owns cleaning what spreadsheets do to numbers (`tel:` links, Excel's `4155550123.0` and
`4.15556E+09`, `00` international prefixes, two numbers in one cell) and hands the parsing and
validation to `phonenumbers` (Google's libphonenumber metadata). Which default region applies to
a row is the caller's decision; this module only uses the region it is given.

Phones are the costliest cells of an import (every one is unique, so caching does not help), so
the common shape - digits with spaces, dashes, dots, slashes or parentheses, optionally after one
`+` - is read by `phone_rules.fast_reading`, which follows `phonenumbers` step by step; whatever
it does not follow exactly, `phonenumbers` itself decides.
"""

from __future__ import annotations

import re
from typing import Final

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from .base import (
    BLANK,
    Memo,
    NormalizedValue,
    clean_cell,
    doubtful,
    exact,
    first_of_several,
    invalid,
)
from .phone_rules import Reading, fast_reading

_EXCEL_FLOAT_RE: Final = re.compile(r"^\+?\d{6,}\.0+$")
_EXCEL_SCI_RE: Final = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_TEL_RE: Final = re.compile(r"^(?:tel|phone|callto):\s*", re.IGNORECASE)
_LABEL_RE: Final = re.compile(r"^(?:tel|phone|ph|mobile|mob|cell|fax|t|m|f)\.?\s*:\s*", re.I)
_MULTI_SPLIT_RE: Final = re.compile(
    r"\s*(?:[;|\n]|,\s+(?=[+(\d])|\s/\s|\s+or\s+|\s+oder\s+|\s+ou\s+)\s*"
)  # ", " only before a number: "415,555,0132" and "555-0132, ext 12" are one number
_DOUBLE_ZERO_RE: Final = re.compile(r"^00(?=[1-9])")
_NON_DIGIT_RE: Final = re.compile(r"\D")
_EXCEPTION_CODE_RE: Final = re.compile(r"^\(\d+\)\s*")
_REGION_ALIASES: Final = {"UK": "GB", "EL": "GR"}
_EXTENSION_RE: Final = re.compile(r"^(?:ext(?:ension)?\.?|x|#)?\s*(\d{1,10})$", re.IGNORECASE)

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

_FAST_SHAPE_RE: Final = re.compile(r"\+?[0-9 ().\-/]+")

_ASCENDING: Final = "01234567890123456789"
_DESCENDING: Final = "98765432109876543210"


def _region_code(region: str | None) -> str | None:
    if not region:
        return None
    code = region.strip().upper()
    code = _REGION_ALIASES.get(code, code)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


_REGION_CODES: Final = Memo(_region_code)


def _library_reading(text: str, region: str | None) -> Reading | NormalizedValue:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        why = _EXCEPTION_CODE_RE.sub("", str(error)).rstrip(".")
        why = why[:1].lower() + why[1:]
        return invalid(f"not a valid phone number: {why}")
    kind = phonenumbers.number_type(number)  # UNKNOWN exactly when not `is_valid_number`
    length = (
        phonenumbers.is_possible_number_with_reason(number)
        if kind == PhoneNumberType.UNKNOWN
        else phonenumbers.ValidationResult.IS_POSSIBLE
    )
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Reading(e164, kind, length, number.extension)


def _prepare(text: str) -> str:
    text = _LABEL_RE.sub("", _TEL_RE.sub("", text))
    if _EXCEL_FLOAT_RE.match(text):
        text = text.split(".", 1)[0]
    return _DOUBLE_ZERO_RE.sub("+", text)


def _is_prepared(text: str) -> bool:
    """Whether a cell is one number in the common shape that `_prepare` would leave as it is
    (no label, no `00` prefix, no Excel float, no second number after " / ")."""
    return (
        _FAST_SHAPE_RE.fullmatch(text) is not None
        and " / " not in text
        and not text.startswith("00")
        and not ("." in text and _EXCEL_FLOAT_RE.match(text))
    )


def _parse_one(text: str, region: str | None) -> NormalizedValue:
    if _EXCEL_SCI_RE.match(text):
        return invalid("not a valid phone number: looks like a number Excel shortened")
    return _interpret(text, region, shaped=_FAST_SHAPE_RE.fullmatch(text) is not None)


def _interpret(text: str, region: str | None, *, shaped: bool) -> NormalizedValue:
    """One prepared number read as E.164 with its line type, or why it is not one (`shaped`:
    the number is in the common shape, which the fast path reads)."""
    if not text.startswith("+") and region is None:
        return invalid("not a valid phone number: no country code and no default region")
    reading = (shaped and fast_reading(text, region)) or _library_reading(text, region)
    if isinstance(reading, NormalizedValue):
        return reading
    extra = {"extension": reading.extension} if reading.extension else {}
    if reading.kind != PhoneNumberType.UNKNOWN:
        line_type = _LINE_TYPES.get(reading.kind)
        if line_type:
            extra["line_type"] = line_type
        return exact(reading.e164, extra)
    if reading.length in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        return doubtful(reading.e164, 0.6, "possible but not a valid number for its country", extra)
    return invalid(f"not a valid phone number: {_POSSIBLE_REASONS.get(reading.length, 'unknown')}")


def normalize_phone(raw: str, region: str | None) -> NormalizedValue:
    """Read a phone number as E.164 (`+14155550123`); `region` is the ISO2 default for national
    numbers."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    code = _REGION_CODES.get(region)
    if _is_prepared(text):
        return _interpret(text, code, shaped=True)
    parts = [p for p in _MULTI_SPLIT_RE.split(text) if p.strip()]
    first = _parse_one(_prepare(parts[0]), code)
    if len(parts) == 1 or first.value is None:
        return first
    others = (_parse_one(_prepare(p), code).value for p in parts[1:])
    return first_of_several(first, others, "numbers")


def normalize_phone_extension(raw: str) -> NormalizedValue:
    """An extension on its own ("ext. 45", "x45", "#45" -> "45"), leading zeros kept."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    found = _EXTENSION_RE.match(text.removesuffix(".0"))
    return exact(found.group(1)) if found else invalid(f"not a phone extension: {text!r}")


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
