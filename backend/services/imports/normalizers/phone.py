"""Phone numbers: the canonical E.164 form, the extension kept apart, and placeholder detection.

It owns cleaning what spreadsheets do to numbers (`tel:` links, Excel's `4155550123.0` and
`4.15556E+09`, `00` international prefixes, two numbers in one cell) and hands the parsing and
validation to `phonenumbers` (Google's libphonenumber metadata). Which default region applies to
a row is the caller's decision; this module only uses the region it is given.

Phones are the costliest cells of an import (every one is unique, so caching does not help), so
the common shape - digits with spaces, dashes, dots, slashes or parentheses, optionally after one
`+` - takes a fast path: `_RegionRules` compiles each region's libphonenumber metadata once and
follows `phonenumbers.parse`, `number_type` and the possible-length test step by step. Whenever
that path meets a case it does not follow exactly (an international dialling prefix, a national
prefix with a transform, a national number starting with its own country code, a
non-geographic code) it returns None and `phonenumbers` itself decides. A test compares both
paths on tens of thousands of numbers written the ways exports write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final, NamedTuple

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonemetadata import PhoneNumberDesc

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, first_of_several, invalid

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
_SEPARATORS: Final = b"+ ().-/"  # deleted from the ASCII bytes: 4x faster than str.translate
_MIN_NSN: Final = 2
_MAX_NSN: Final = 17

#: Length verdicts after which `parse` keeps a national prefix it could have stripped.
_KEEPS_PREFIX: Final = frozenset(
    {
        phonenumbers.ValidationResult.TOO_SHORT,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        phonenumbers.ValidationResult.INVALID_LENGTH,
    }
)

_ASCENDING: Final = "01234567890123456789"
_DESCENDING: Final = "98765432109876543210"


@cache
def _region_code(region: str | None) -> str | None:
    if not region:
        return None
    code = region.strip().upper()
    code = _REGION_ALIASES.get(code, code)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


@dataclass(frozen=True, slots=True)
class _Desc:
    """One number description (general, fixed line, mobile, ...): its lengths and pattern."""

    lengths: frozenset[int]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, desc: PhoneNumberDesc | None) -> _Desc:
        if desc is None or not desc.national_number_pattern:
            return cls(frozenset(), None)
        return cls(frozenset(desc.possible_length), re.compile(desc.national_number_pattern))

    def matches(self, nsn: str) -> bool:
        """Whether a national significant number fits (libphonenumber's matching of a desc)."""
        if self.pattern is None or (self.lengths and len(nsn) not in self.lengths):
            return False
        return self.pattern.fullmatch(nsn) is not None

    def fits(self, number: str) -> bool:
        """Whether the pattern alone matches (what prefix stripping checks, without lengths)."""
        return self.pattern is not None and self.pattern.fullmatch(number) is not None


@dataclass(frozen=True, slots=True)
class _RegionRules:
    """A region's libphonenumber metadata, compiled once for the fast path."""

    country_code: str
    calling_code: int
    idd: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    transforms: bool
    general: _Desc
    lengths: tuple[int, ...]
    local_only: frozenset[int]
    special: tuple[tuple[int, _Desc], ...]
    any_special: re.Pattern[str] | None
    """All special types' patterns in one: most numbers match none, and one test says so."""
    fixed_line: _Desc
    mobile: _Desc
    same_fixed_and_mobile: bool
    leading_digits: re.Pattern[str] | None

    @classmethod
    def of(cls, metadata: PhoneMetadata) -> _RegionRules:
        general = metadata.general_desc
        assert general is not None, "every region's metadata has a general description"
        code = metadata.country_code
        assert code is not None, "every region's metadata has a calling code"
        idd = metadata.international_prefix
        special = (
            (PhoneNumberType.PREMIUM_RATE, metadata.premium_rate),
            (PhoneNumberType.TOLL_FREE, metadata.toll_free),
            (PhoneNumberType.SHARED_COST, metadata.shared_cost),
            (PhoneNumberType.VOIP, metadata.voip),
            (PhoneNumberType.PERSONAL_NUMBER, metadata.personal_number),
            (PhoneNumberType.PAGER, metadata.pager),
            (PhoneNumberType.UAN, metadata.uan),
            (PhoneNumberType.VOICEMAIL, metadata.voicemail),
        )
        prefix = metadata.national_prefix_for_parsing
        patterns = [
            d.national_number_pattern for _, d in special if d and d.national_number_pattern
        ]
        return cls(
            country_code=str(code),
            calling_code=code,
            idd=re.compile(idd) if idd else None,
            national_prefix=re.compile(prefix) if prefix else None,
            transforms=bool(metadata.national_prefix_transform_rule),
            general=_Desc.of(general),
            lengths=tuple(general.possible_length),
            local_only=frozenset(general.possible_length_local_only),
            special=tuple((kind, _Desc.of(desc)) for kind, desc in special if desc is not None),
            any_special=re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None,
            fixed_line=_Desc.of(metadata.fixed_line),
            mobile=_Desc.of(metadata.mobile),
            same_fixed_and_mobile=bool(metadata.same_mobile_and_fixed_line_pattern),
            leading_digits=re.compile(metadata.leading_digits) if metadata.leading_digits else None,
        )

    def strip_national_prefix(self, number: str) -> str | None:
        """The national significant number as `parse` keeps it; None where it transforms."""
        found = self.national_prefix.match(number) if self.national_prefix else None
        if found is None:
            return number
        if self.transforms and (not found.groups() or found.groups()[-1] is not None):
            return None  # a transform applies (with nothing captured, `parse` only strips)
        stripped = number[found.end() :]
        if self.general.fits(number) and not self.general.fits(stripped):
            return number
        return number if self.length_check(stripped) in _KEEPS_PREFIX else stripped

    def length_check(self, nsn: str) -> int:
        """What libphonenumber's possible-length test says of a national significant number."""
        size = len(nsn)
        if size in self.local_only:
            return phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY
        shortest, longest = self.lengths[0], self.lengths[-1]
        if size == shortest or (shortest < size <= longest and size in self.lengths):
            return phonenumbers.ValidationResult.IS_POSSIBLE
        if size < shortest:
            return phonenumbers.ValidationResult.TOO_SHORT
        if size > longest:
            return phonenumbers.ValidationResult.TOO_LONG
        return phonenumbers.ValidationResult.INVALID_LENGTH

    def number_type(self, nsn: str) -> int:
        """libphonenumber's type of a national significant number (UNKNOWN when invalid)."""
        if not self.general.matches(nsn):
            return PhoneNumberType.UNKNOWN
        if self.any_special is not None and self.any_special.fullmatch(nsn):
            for kind, desc in self.special:
                if desc.matches(nsn):
                    return kind
        if self.fixed_line.matches(nsn):
            if self.same_fixed_and_mobile or self.mobile.matches(nsn):
                return PhoneNumberType.FIXED_LINE_OR_MOBILE
            return PhoneNumberType.FIXED_LINE
        if not self.same_fixed_and_mobile and self.mobile.matches(nsn):
            return PhoneNumberType.MOBILE
        return PhoneNumberType.UNKNOWN


@cache
def _rules(region: str) -> _RegionRules | None:
    metadata = PhoneMetadata.metadata_for_region(region, None)
    return None if metadata is None else _RegionRules.of(metadata)


_CALLING_CODES: Final = {str(code): code for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE}


def _calling_code(digits: str) -> tuple[int, str] | None:
    for size in (1, 2, 3):
        code = _CALLING_CODES.get(digits[:size])
        if code is not None:
            return code, digits[size:]
    return None


class _Reading(NamedTuple):
    """A parsed number: E.164, its type (UNKNOWN when not valid) and what its length says."""

    e164: str
    kind: int
    length: int
    extension: str | None = None


@cache
def _code_rules(code: int) -> tuple[_RegionRules | None, tuple[_RegionRules, ...]]:
    """A calling code's main region's rules, and the rules of every region sharing the code
    (in libphonenumber's order: the main region first)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    shared = tuple(rules for region in regions if (rules := _rules(region)) is not None)
    return _rules(phonenumbers.region_code_for_country_code(code)), shared


def _fast_reading(text: str, region: str | None) -> _Reading | None:
    """The reading of a number in the common shape (`_FAST_SHAPE_RE`, which the caller has
    matched); None to let `phonenumbers` decide."""
    digits = text.encode().translate(None, _SEPARATORS).decode()
    if not 3 <= len(digits) <= 17:
        return None
    if text[0] == "+":
        found = _calling_code(digits)
        if found is None:
            return None
        code, rest = found
        home, shared = _code_rules(code)
        rules = home
    else:
        rules = _rules(region) if region else None
        if rules is None or digits.startswith(rules.country_code):
            return None
        if rules.idd is not None and rules.idd.match(digits):
            return None
        code, rest = rules.calling_code, digits
        home, shared = _code_rules(code)
    nsn = rules.strip_national_prefix(rest) if rules else None
    if rules is None or nsn is None or not _MIN_NSN <= len(nsn) <= _MAX_NSN:
        return None
    kind = PhoneNumberType.UNKNOWN
    for candidate in shared:
        if candidate.leading_digits is not None:
            if candidate.leading_digits.match(nsn):
                kind = candidate.number_type(nsn)
                break
        elif (kind := candidate.number_type(nsn)) != PhoneNumberType.UNKNOWN:
            break
    if home is None:
        return None
    length = (
        home.length_check(nsn)
        if kind == PhoneNumberType.UNKNOWN
        else phonenumbers.ValidationResult.IS_POSSIBLE
    )
    return _Reading(f"+{code}{nsn}", kind, length)


def _library_reading(text: str, region: str | None) -> _Reading | NormalizedValue:
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
    return _Reading(e164, kind, length, number.extension)


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
    reading = (shaped and _fast_reading(text, region)) or _library_reading(text, region)
    if isinstance(reading, NormalizedValue):
        return reading
    extra = {"extension": reading.extension} if reading.extension else {}
    if reading.kind != PhoneNumberType.UNKNOWN:
        line_type = _LINE_TYPES.get(reading.kind)
        if line_type:
            extra["line_type"] = line_type
        return exact(reading.e164, **extra)
    if reading.length in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        return doubtful(
            reading.e164, 0.6, "possible but not a valid number for its country", **extra
        )
    return invalid(f"not a valid phone number: {_POSSIBLE_REASONS.get(reading.length, 'unknown')}")


def normalize_phone(raw: str, region: str | None) -> NormalizedValue:
    """Read a phone number as E.164 (`+14155550123`); `region` is the ISO2 default for national
    numbers."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    code = _region_code(region)
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
