"""Countries, regions and postal codes."""

from __future__ import annotations

import pytest

from backend.services.imports.normalizers.country import (
    normalize_country,
    normalize_postal_code,
    normalize_region,
)

COUNTRY_CASES = [
    ("US", "US"),
    ("us", "US"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("U.S.", "US"),
    ("United States", "US"),
    ("United States of America", "US"),
    ("america", "US"),
    ("Estados Unidos", "US"),
    ("États-Unis", "US"),
    ("Etats Unis", "US"),
    ("Vereinigte Staaten", "US"),
    ("Stati Uniti", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("GBR", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("Scotland", "GB"),
    ("Royaume-Uni", "GB"),
    ("Reino Unido", "GB"),
    ("Vereinigtes Königreich", "GB"),
    ("DE", "DE"),
    ("DEU", "DE"),
    ("Germany", "DE"),
    ("Deutschland", "DE"),
    ("DEUTSCHLAND", "DE"),
    ("Allemagne", "DE"),
    ("Alemania", "DE"),
    ("Germania", "DE"),
    ("Duitsland", "DE"),
    ("Frankreich", "FR"),
    ("france", "FR"),
    ("Espagne", "ES"),
    ("España", "ES"),
    ("Espana", "ES"),
    ("Spanien", "ES"),
    ("Schweiz", "CH"),
    ("Suisse", "CH"),
    ("Switzerland", "CH"),
    ("Österreich", "AT"),
    ("Oesterreich", "AT"),
    ("Autriche", "AT"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("Países Bajos", "NL"),
    ("Niederlande", "NL"),
    ("Pays-Bas", "NL"),
    ("Nederland", "NL"),
    ("Belgique", "BE"),
    ("België", "BE"),
    ("Italia", "IT"),
    ("Czechia", "CZ"),
    ("Czech Republic", "CZ"),
    ("Tschechien", "CZ"),
    ("South Korea", "KR"),
    ("Korea, Republic of", "KR"),
    ("Republic of Korea", "KR"),
    ("Côte d'Ivoire", "CI"),
    ("Cote d’Ivoire", "CI"),
    ("Ivory Coast", "CI"),
    ("Türkiye", "TR"),
    ("Turkey", "TR"),
    ("Russia", "RU"),
    ("Russian Federation", "RU"),
    ("Viet Nam", "VN"),
    ("UAE", "AE"),
    ("\u00a0Brazil\u00a0", "BR"),
    ("brasil", "BR"),
    ("Japan", "JP"),
]


@pytest.mark.parametrize(("raw", "expected"), COUNTRY_CASES)
def test_country_names_codes_and_variants_become_alpha2(raw: str, expected: str) -> None:
    result = normalize_country(raw)
    assert result.value == expected
    assert result.confidence == 1.0


@pytest.mark.parametrize(("raw", "expected"), [("Germnay", "DE"), ("Swizerland", "CH")])
def test_misspelled_country_is_read_with_lower_confidence(raw: str, expected: str) -> None:
    result = normalize_country(raw)
    assert result.value == expected
    assert result.confidence == 0.8
    assert result.problem is not None


@pytest.mark.parametrize("raw", ["Narnia", "XX", "Europe", "123", "n/a"])
def test_unknown_country_is_invalid(raw: str) -> None:
    result = normalize_country(raw)
    assert result.value is None
    assert result.reason == "invalid_value"
    assert result.problem == f"not a known country: {raw!r}"


def test_blank_country_is_not_an_error() -> None:
    assert normalize_country("  ").problem is None


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("California", "US", "CA"),
        ("california", "US", "CA"),
        ("ca", "US", "CA"),
        ("New York", "US", "NY"),
        ("District of Columbia", "US", "DC"),
        ("Washington, D.C.", "US", "DC"),
        ("Québec", "CA", "QC"),
        ("Quebec", "CA", "QC"),
        ("Ontario", "CA", "ON"),
        ("British Columbia", "CA", "BC"),
        ("Bavaria", "DE", "Bavaria"),
        ("  Île-de-France ", "FR", "Île-de-France"),
        ("Texas", None, "Texas"),
    ],
)
def test_region_codes_for_us_and_canada_others_trimmed(
    raw: str, country: str | None, expected: str
) -> None:
    assert normalize_region(raw, country).value == expected


def test_unknown_us_state_is_kept_with_a_problem() -> None:
    result = normalize_region("Texass", "US")
    assert result.value == "Texass"
    assert result.confidence == 0.8
    assert result.problem == "not a known US state: 'Texass'"


@pytest.mark.parametrize(
    ("raw", "country", "expected", "confidence"),
    [
        ("02134", "US", "02134", 1.0),
        ("2134", "US", "02134", 0.9),
        ("2134.0", "US", "02134", 0.9),
        ("02134-1234", "US", "02134-1234", 1.0),
        ("021341234", "US", "02134-1234", 1.0),
        ("sw1a1aa", "GB", "SW1A 1AA", 1.0),
        ("SW1A  1AA", "GB", "SW1A 1AA", 1.0),
        ("ec1a 1bb", "GB", "EC1A 1BB", 1.0),
        ("k1a0b1", "CA", "K1A 0B1", 1.0),
        ("1234ab", "NL", "1234 AB", 1.0),
        (" 10115 ", "DE", "10115", 1.0),
        ("75008", None, "75008", 1.0),
        ("ABC", "US", "ABC", 0.7),
    ],
)
def test_postal_codes_are_tidied_by_country(
    raw: str, country: str | None, expected: str, confidence: float
) -> None:
    result = normalize_postal_code(raw, country)
    assert result.value == expected
    assert result.confidence == confidence
