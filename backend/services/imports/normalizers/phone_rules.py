"""Reading a phone number the way `phonenumbers` does, fast: each region's libphonenumber
metadata compiled once (`_RegionRules`), and `fast_reading`, which follows `phonenumbers.parse`,
`number_type` and the possible-length test step by step for a number in the common shape.

Phones are the costliest cells of an import (every one is unique, so caching does not help).
Whenever this path meets a case it does not follow exactly (an international dialling prefix, a
national prefix with a transform, a national number starting with its own country code, a
non-geographic code) it returns None and `phonenumbers` itself decides (`phone.py`). A test
compares both on tens of thousands of numbers written the ways exports write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType
from phonenumbers.phonemetadata import PhoneNumberDesc

from .base import Memo

_SEPARATORS: Final = b"+ ().-/"  # deleted from the ASCII bytes: 4x faster than str.translate
_MIN_NSN: Final = 2
_MAX_NSN: Final = 17

# libphonenumber's verdicts, read on every number: module constants are read directly where
# compiled, an attribute of an imported class is looked up every time
_UNKNOWN: Final = PhoneNumberType.UNKNOWN
_FIXED_LINE: Final = PhoneNumberType.FIXED_LINE
_MOBILE: Final = PhoneNumberType.MOBILE
_FIXED_LINE_OR_MOBILE: Final = PhoneNumberType.FIXED_LINE_OR_MOBILE
_IS_POSSIBLE: Final = phonenumbers.ValidationResult.IS_POSSIBLE
_LOCAL_ONLY: Final = phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY
_TOO_SHORT: Final = phonenumbers.ValidationResult.TOO_SHORT
_TOO_LONG: Final = phonenumbers.ValidationResult.TOO_LONG
_INVALID_LENGTH: Final = phonenumbers.ValidationResult.INVALID_LENGTH

#: Length verdicts after which `parse` keeps a national prefix it could have stripped.
_KEEPS_PREFIX: Final = frozenset({_TOO_SHORT, _LOCAL_ONLY, _INVALID_LENGTH})


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
            return _LOCAL_ONLY
        shortest, longest = self.lengths[0], self.lengths[-1]
        if size == shortest or (shortest < size <= longest and size in self.lengths):
            return _IS_POSSIBLE
        if size < shortest:
            return _TOO_SHORT
        if size > longest:
            return _TOO_LONG
        return _INVALID_LENGTH

    def number_type(self, nsn: str) -> int:
        """libphonenumber's type of a national significant number (UNKNOWN when invalid)."""
        if not self.general.matches(nsn):
            return _UNKNOWN
        if self.any_special is not None and self.any_special.fullmatch(nsn):
            for kind, desc in self.special:
                if desc.matches(nsn):
                    return kind
        if self.fixed_line.matches(nsn):
            if self.same_fixed_and_mobile or self.mobile.matches(nsn):
                return _FIXED_LINE_OR_MOBILE
            return _FIXED_LINE
        if not self.same_fixed_and_mobile and self.mobile.matches(nsn):
            return _MOBILE
        return _UNKNOWN


def _compiled_rules(region: str) -> _RegionRules | None:
    metadata = PhoneMetadata.metadata_for_region(region, None)
    return None if metadata is None else _RegionRules.of(metadata)


_RULES: Final = Memo(_compiled_rules)
"""Each region's rules, compiled the first time a number is read with them."""


_CALLING_CODES: Final = {str(code): code for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE}


def _calling_code(digits: str) -> tuple[int, str] | None:
    for size in (1, 2, 3):
        code = _CALLING_CODES.get(digits[:size])
        if code is not None:
            return code, digits[size:]
    return None


class Reading:
    """A parsed number: E.164, its type (UNKNOWN when not valid) and what its length says. (A
    plain class: compiled, it is built by a direct call, a named tuple by interpreted code.)"""

    def __init__(self, e164: str, kind: int, length: int, extension: str | None = None) -> None:
        self.e164: Final = e164
        self.kind: Final = kind
        self.length: Final = length
        self.extension: Final = extension


def _rules_of_code(code: int) -> tuple[_RegionRules | None, tuple[_RegionRules, ...]]:
    """A calling code's main region's rules, and the rules of every region sharing the code
    (in libphonenumber's order: the main region first)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    shared = tuple(rules for region in regions if (rules := _RULES.get(region)) is not None)
    return _RULES.get(phonenumbers.region_code_for_country_code(code)), shared


_CODE_RULES: Final = Memo(_rules_of_code)


def fast_reading(text: str, region: str | None) -> Reading | None:
    """The reading of a number in the common shape (`phone._FAST_SHAPE_RE`, which the caller has
    matched); None to let `phonenumbers` decide."""
    digits = text.encode().translate(None, _SEPARATORS).decode()
    if not 3 <= len(digits) <= 17:
        return None
    if text[0] == "+":
        found = _calling_code(digits)
        if found is None:
            return None
        code, rest = found
        home, shared = _CODE_RULES.get(code)
        rules = home
    else:
        rules = _RULES.get(region) if region else None
        if rules is None or digits.startswith(rules.country_code):
            return None
        if rules.idd is not None and rules.idd.match(digits):
            return None
        code, rest = rules.calling_code, digits
        home, shared = _CODE_RULES.get(code)
    nsn = rules.strip_national_prefix(rest) if rules else None
    if rules is None or nsn is None or not _MIN_NSN <= len(nsn) <= _MAX_NSN:
        return None
    kind = _UNKNOWN
    for candidate in shared:
        if candidate.leading_digits is not None:
            if candidate.leading_digits.match(nsn):
                kind = candidate.number_type(nsn)
                break
        elif (kind := candidate.number_type(nsn)) != _UNKNOWN:
            break
    if home is None:
        return None
    length = home.length_check(nsn) if kind == _UNKNOWN else _IS_POSSIBLE
    return Reading(f"+{code}{nsn}", kind, length)
