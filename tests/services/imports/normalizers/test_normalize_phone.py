"""Phone normalization: E.164, extensions, regions, Excel artefacts and placeholders."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from backend.services.imports.normalizers import phone, phone_rules
from backend.services.imports.normalizers.base import clean_cell
from backend.services.imports.normalizers.phone import (
    is_placeholder_phone,
    normalize_phone,
    normalize_phone_extension,
)

VALID_CASES = [
    ("(415) 555-2671", "US", "+14155552671"),
    ("415-555-2671", "US", "+14155552671"),
    ("415.555.2671", "US", "+14155552671"),
    ("4155552671", "US", "+14155552671"),
    ("1-415-555-2671", "US", "+14155552671"),
    ("+1 (415) 555-2671", None, "+14155552671"),
    ("+1 415 555 2671", "DE", "+14155552671"),
    ("001 415 555 2671", None, "+14155552671"),
    ("0049 30 12345678", "US", "+493012345678"),
    ("0049 (0)30 12345678", None, "+493012345678"),
    ("+49 (0) 30 12345678", None, "+493012345678"),
    ("030 12345678", "DE", "+493012345678"),
    ("030/12345678", "DE", "+493012345678"),
    ("0171 1234567", "DE", "+491711234567"),
    ("+49\u00a0171\u00a01234567", None, "+491711234567"),
    ("+44 20 7946 0958", None, "+442079460958"),
    ("020 7946 0958", "GB", "+442079460958"),
    ("020 7946 0958", "UK", "+442079460958"),
    ("07911 123456", "GB", "+447911123456"),
    ("+33 6 12 34 56 78", None, "+33612345678"),
    ("06 12 34 56 78", "FR", "+33612345678"),
    ("06.12.34.56.78", "FR", "+33612345678"),
    ("+34 612 34 56 78", None, "+34612345678"),
    ("+41 44 668 18 00", None, "+41446681800"),
    ("+31 20 123 4567", None, "+31201234567"),
    ("tel:+14155552671", None, "+14155552671"),
    ("Tel.: +49 30 12345678", None, "+493012345678"),
    ("4155552671.0", "US", "+14155552671"),
    ("+1-415-555-2671", None, "+14155552671"),
    ("+１ ４１５ ５５５ ２６７１", None, "+14155552671"),
    ("  +61 2 9876 5432  ", None, "+61298765432"),
]


@pytest.mark.parametrize(("raw", "region", "expected"), VALID_CASES)
def test_valid_numbers_become_e164(raw: str, region: str | None, expected: str) -> None:
    result = normalize_phone(raw, region)
    assert result.value == expected
    assert result.confidence == 1.0
    assert result.reason is None


@pytest.mark.parametrize(
    ("raw", "extension"),
    [
        ("(415) 555-2671 x123", "123"),
        ("415-555-2671 ext. 45", "45"),
        ("415-555-2671 ext 45", "45"),
        ("415.555.2671 #12", "12"),
        ("+1 415 555 2671 extension 7", "7"),
    ],
)
def test_extension_is_kept_apart(raw: str, extension: str) -> None:
    result = normalize_phone(raw, "US")
    assert result.value == "+14155552671"
    assert result.extra["extension"] == extension


@pytest.mark.parametrize(
    ("raw", "region", "why"),
    [
        ("030 12345678", None, "no country code and no default region"),
        ("4.15555E+09", "US", "Excel shortened"),
        ("1.41555526E+10", "US", "Excel shortened"),
        ("call me", "US", "did not seem to be a phone number"),
        ("12", "US", "not a valid phone number"),
        ("+999 123 456", None, "not a valid phone number"),
        ("123456789012345678", "US", "too long"),
        ("n/a", "DE", "not a valid phone number"),
    ],
)
def test_unreadable_numbers_are_invalid_with_a_reason(
    raw: str, region: str | None, why: str
) -> None:
    result = normalize_phone(raw, region)
    assert result.value is None
    assert result.reason == "invalid_value"
    assert result.problem is not None
    assert why in result.problem


def test_possible_but_not_valid_number_is_kept_with_lower_confidence() -> None:
    result = normalize_phone("555-0100", "US")
    assert result.value == "+15550100"
    assert result.confidence < 1.0
    assert result.problem == "possible but not a valid number for its country"
    assert result.reason is None


@pytest.mark.parametrize(
    "raw",
    [
        "+49 30 12345678 / +49 171 1234567",
        "+49 30 12345678, +49 171 1234567",  # Attio's "Phone numbers"
        "+49 30 12345678; 0171 1234567",
        "+49 30 12345678\n+49 171 1234567",
    ],
)
def test_two_numbers_in_one_cell_keep_the_first(raw: str) -> None:
    result = normalize_phone(raw, "DE")
    assert result.value == "+493012345678"
    assert result.extra["additional"] == "+491711234567"
    assert result.confidence == 0.8


def test_a_comma_before_an_extension_does_not_split_the_number() -> None:
    result = normalize_phone("(415) 555-0132, ext 12", "US")
    assert (result.value, result.extra.get("extension")) == ("+14155550132", "12")
    assert "additional" not in result.extra


def test_mobile_numbers_report_their_line_type() -> None:
    assert normalize_phone("+49 171 1234567", None).extra["line_type"] == "mobile"


def test_blank_is_not_an_error() -> None:
    result = normalize_phone(" \u00a0", "US")
    assert (result.value, result.confidence, result.problem) == (None, 1.0, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0000000000", True),
        ("+10000000000", True),
        ("1234567890", True),
        ("+11234567890", True),
        ("0123456789", True),
        ("9999999999", True),
        ("+49 9876543210", True),
        ("111-111-1111", True),
        ("+14155552671", False),
        ("+493012345678", False),
        ("12345", False),
    ],
)
def test_placeholder_numbers_are_recognized(raw: str, expected: bool) -> None:
    assert is_placeholder_phone(raw) is expected


# The fast path must give exactly what libphonenumber gives. These numbers come from the
# library's own example numbers, mutated and written in the shapes exports use, and read with
# the number's own region, a foreign default region and no region at all.
_REGIONS = [
    "US",
    "CA",
    "JM",
    "PR",
    "GB",
    "GG",
    "IM",
    "JE",
    "DE",
    "AT",
    "CH",
    "FR",
    "BE",
    "NL",
    "LU",
    "ES",
    "PT",
    "IT",
    "SM",
    "VA",
    "IE",
    "SE",
    "NO",
    "DK",
    "FI",
    "AX",
    "PL",
    "CZ",
    "AU",
    "NZ",
    "BR",
    "MX",
    "AR",
    "CO",
    "IN",
    "JP",
    "CN",
    "HK",
    "SG",
    "ZA",
    "AE",
    "IL",
    "RU",
    "KZ",
    "TR",
]
_SHAPES = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)


def _written_numbers() -> list[tuple[str, str | None]]:
    rng = random.Random(7)
    cases: list[tuple[str, str | None]] = []
    for region in _REGIONS:
        for kind in range(12):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            digits = str(example.national_number)
            for _ in range(12):
                cut = rng.randint(0, 2)
                tail = "".join(rng.choice("0123456789") for _ in range(rng.randint(2, 5)))
                mutated = digits[: len(digits) - len(tail) + cut - 1] + tail
                try:
                    number = phonenumbers.parse(f"+{example.country_code}{mutated}", None)
                except phonenumbers.NumberParseException:
                    continue
                for shape in _SHAPES:
                    text = phonenumbers.format_number(number, shape)
                    text = rng.choice([text, text.replace(" ", "-"), text.replace(" ", ".")])
                    for default in (region, rng.choice(_REGIONS), None):
                        cases.append((text, default))
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 14)))
        cases.append((rng.choice(["+", "", "(", "0"]) + digits, rng.choice([*_REGIONS, None])))
    return cases


def _fast_path_cells(text: str) -> list[str]:
    """The numbers of one cell as `normalize_phone` hands them to the fast path: the cell when
    it is one number in the common shape, else each of its numbers once prepared."""
    cell = clean_cell(text)
    if phone._is_prepared(cell):
        return [cell]
    parts = [phone._prepare(part) for part in phone._MULTI_SPLIT_RE.split(cell) if part.strip()]
    return [part for part in parts if phone._FAST_SHAPE_RE.fullmatch(part)]


def _parts(reading: object) -> tuple[object, ...]:
    """A reading compared and shown by its parts: E.164, type, length verdict, extension (or
    the library's refusal, which the fast path never gives)."""
    if isinstance(reading, phone_rules.Reading):
        return (reading.e164, reading.kind, reading.length, reading.extension)
    return ("refused", reading)


def test_every_number_reads_as_libphonenumber_reads_it() -> None:
    """The fast path's reading of each number it reads is the library's reading."""
    cases = _written_numbers()
    assert len(cases) > 20_000
    compared = []
    for text, region in cases:
        code = phone._region_code(region)
        for cell in _fast_path_cells(text):
            fast = phone_rules.fast_reading(cell, code)
            if fast is not None:
                compared.append(
                    ((text, region), _parts(fast), _parts(phone._library_reading(cell, code)))
                )
    disagreements = [case for case in compared if case[1] != case[2]]
    assert disagreements[:10] == []
    assert len(compared) > 15_000
    assert sum(1 for _, fast, _ in compared if fast[1] != PhoneNumberType.UNKNOWN) > 8_000
    prepared = [text for (text, _), _, _ in compared if not phone._is_prepared(clean_cell(text))]
    assert len(prepared) > 50  # "00" prefixes, labels, several numbers in a cell


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("(415) 555-2671", "US"),
        ("+1 415 555 2671", None),
        ("030 12345678", "DE"),
        ("+49 (0)30 12345678", None),
        ("020 7946 0958", "GB"),
        ("06.12.34.56.78", "FR"),
        ("+34 612 34 56 78", "ES"),
        ("(604) 555-0134", "US"),
        ("+1 415 555 26710", None),
        ("555 12", "GB"),
    ],
)
def test_common_shapes_are_read_without_the_full_parser(
    raw: str, region: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = normalize_phone(raw, region)

    def refuse(*_: object) -> None:
        raise AssertionError("phonenumbers.parse was called")

    monkeypatch.setattr(phonenumbers, "parse", refuse)
    assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "extension"),
    [("45", "45"), ("ext. 45", "45"), ("x0123", "0123"), ("#12", "12"), ("45.0", "45")],
)
def test_an_extension_column_is_read_as_its_digits(raw: str, extension: str) -> None:
    assert normalize_phone_extension(raw).value == extension


def test_an_extension_that_is_not_digits_is_invalid() -> None:
    assert normalize_phone_extension("front desk").reason == "invalid_value"
