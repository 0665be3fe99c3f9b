"""Money amounts and currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.money import normalize_currency, normalize_money

MONEY_CASES: list[tuple[str, str | None, str, str | None]] = [
    ("12500", "EUR", "12500.00", "EUR"),
    ("12.500,00 €", None, "12500.00", "EUR"),
    ("12.500,00\u00a0€", None, "12500.00", "EUR"),
    ("€12,500.00", None, "12500.00", "EUR"),
    ("€ 12.500", None, "12500.00", "EUR"),
    ("$40,000", None, "40000.00", "USD"),
    ("$40,000", "CAD", "40000.00", "CAD"),
    ("US$ 40,000", "CAD", "40000.00", "USD"),
    ("EUR 12500", None, "12500.00", "EUR"),
    ("eur 12500", None, "12500.00", "EUR"),
    ("12500 EUR", "USD", "12500.00", "EUR"),
    ("12 500,50 EUR", None, "12500.50", "EUR"),
    ("12\u202f500,50 EUR", None, "12500.50", "EUR"),
    ("£1,234.5", None, "1234.50", "GBP"),
    ("1.234.567", "EUR", "1234567.00", "EUR"),
    ("1,234,567.89", "USD", "1234567.89", "USD"),
    ("CHF 1'234.50", None, "1234.50", "CHF"),
    ("1’234.50 CHF", None, "1234.50", "CHF"),
    ("(500)", "USD", "-500.00", "USD"),
    ("($1,500.00)", None, "-1500.00", "USD"),
    ("-1,000", "USD", "-1000.00", "USD"),
    ("−1.000,00 €", None, "-1000.00", "EUR"),
    ("1.000-", "EUR", "-1000.00", "EUR"),
    ("12.5k", "EUR", "12500.00", "EUR"),
    ("12,5k €", None, "12500.00", "EUR"),
    ("1.2M", "USD", "1200000.00", "USD"),
    ("$1.2M", None, "1200000.00", "USD"),
    ("1,2 Mio. €", None, "1200000.00", "EUR"),
    ("¥5000", None, "5000.00", "JPY"),
    ("R$ 1.500,00", None, "1500.00", "BRL"),
    ("A$ 99.95", None, "99.95", "AUD"),
    ("1,5", "EUR", "1.50", "EUR"),
    ("1,234", "EUR", "1234.00", "EUR"),
    ("1.234", "EUR", "1234.00", "EUR"),
    ("0.500", "EUR", "0.50", "EUR"),
    ("12.345", "USD", "12345.00", "USD"),
    ("99.999", "USD", "99999.00", "USD"),
    ("0,99 €", None, "0.99", "EUR"),
    ("1234.567", "USD", "1234.57", "USD"),
    ("500 kr", "SEK", "500.00", "SEK"),
    ("1 000 zł", None, "1000.00", "PLN"),
    ("0", "EUR", "0.00", "EUR"),
    ("-0", "EUR", "0.00", "EUR"),
]


@pytest.mark.parametrize(("raw", "default", "value", "currency"), MONEY_CASES)
def test_amounts_become_two_place_decimals_with_a_currency(
    raw: str, default: str | None, value: str, currency: str | None
) -> None:
    result = normalize_money(raw, default)
    assert result.value == value
    assert result.extra.get("currency") == currency
    assert result.confidence == 1.0


def test_a_currency_written_in_the_amount_is_told_apart_from_the_default() -> None:
    assert normalize_money("€ 100", "USD").extra == {"currency": "EUR"}
    assert normalize_money("100", "USD").extra == {"currency": "USD", "currency_source": "default"}


def test_amount_without_currency_or_default_is_kept_with_a_note() -> None:
    result = normalize_money("12500", None)
    assert result.value == "12500.00"
    assert "currency" not in result.extra
    assert result.confidence == 0.8
    assert result.problem == "no currency in the value and no default currency"


def test_kr_leaves_the_currency_to_the_default_with_lower_confidence() -> None:
    result = normalize_money("500 kr", "EUR")
    assert result.value == "500.00"
    assert result.extra == {"currency": "EUR"}
    assert result.confidence == 0.6
    assert result.problem == "'kr' could be any of SEK, NOK, DKK, ISK"


def test_dollar_sign_with_a_non_dollar_default_reads_as_usd_with_a_note() -> None:
    result = normalize_money("$100", "EUR")
    assert result.extra == {"currency": "USD"}
    assert result.confidence == 0.9


@pytest.mark.parametrize(
    ("raw", "default", "reason"),
    [
        ("abc", "EUR", "invalid_value"),
        ("12.34.56", "EUR", "invalid_value"),
        ("1,234.567,8", "EUR", "invalid_value"),
        ("1e5", "USD", "invalid_value"),
        ("#VALUE!", "USD", "invalid_value"),
        ("10k-20k", "USD", "ambiguous_value"),
        ("EUR 10,000 to 20,000", None, "ambiguous_value"),
        ("USD 100 EUR", None, "ambiguous_value"),
    ],
)
def test_unreadable_amounts_are_unresolved(raw: str, default: str | None, reason: str) -> None:
    result = normalize_money(raw, default)
    assert result.value is None
    assert result.reason == reason


def test_blank_amount_is_not_an_error() -> None:
    result = normalize_money("\u00a0", "EUR")
    assert (result.value, result.problem) == (None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EUR", "EUR"),
        ("eur", "EUR"),
        ("€", "EUR"),
        ("Euro", "EUR"),
        ("euros", "EUR"),
        ("US Dollar", "USD"),
        ("US$", "USD"),
        ("£", "GBP"),
        ("Pound Sterling", "GBP"),
        ("CHF", "CHF"),
        ("Swiss Franc", "CHF"),
        ("¥", "JPY"),
        ("R$", "BRL"),
        ("zł", "PLN"),
        ("XOF", "XOF"),
    ],
)
def test_currency_codes_symbols_and_names_become_iso_4217(raw: str, expected: str) -> None:
    assert normalize_currency(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("kr", "ambiguous_value"), ("XYZ", "invalid_value"), ("XAU", "invalid_value")],
)
def test_unknown_or_ambiguous_currency_is_unresolved(raw: str, reason: str) -> None:
    assert normalize_currency(raw).reason == reason


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_english_and_european_spellings_of_one_amount_agree(amount: Decimal) -> None:
    english = f"{amount:,.2f}"
    european = english.replace(",", " ").replace(".", ",")
    expected = f"{amount:.2f}" if amount else "0.00"
    assert normalize_money(english, "EUR").value == expected
    assert normalize_money(european + " €", None).value == expected
