"""Money: a decimal amount with two places plus its ISO 4217 currency, and currencies alone.

It owns reading amounts as exports write them: currency codes and symbols before or after the
number ("12.500,00 €", "US$ 40,000", "CHF 1'234.50"), accounting negatives "(500)", ranges
(reported ambiguous) and the currency a symbol means ("$" is USD unless the default currency is
another dollar; "kr" is left to the default). The digits themselves are read by
`numbers.read_decimal` (separators, k/M suffixes). Amounts are `decimal.Decimal`, never floats.
Currency codes and names come from `pycountry`; the symbols are ours.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Final

import pycountry

from .base import BLANK, NormalizedValue, ambiguous, clean_cell, doubtful, exact, fold_key, invalid
from .numbers import UnreadableNumber, read_decimal

_CENTS: Final = Decimal("0.01")
_DOLLARS: Final = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD")
_KRONOR: Final = ("SEK", "NOK", "DKK", "ISK")
_REAL_X_CODES: Final = frozenset({"XAF", "XOF", "XPF", "XCD"})

#: Symbol -> (the currency it means unless the default is another candidate, candidates).
_SYMBOLS: Final[dict[str, tuple[str | None, tuple[str, ...]]]] = {
    "US$": ("USD", ("USD",)), "U$S": ("USD", ("USD",)), "CA$": ("CAD", ("CAD",)),
    "C$": ("CAD", ("CAD",)), "AU$": ("AUD", ("AUD",)), "A$": ("AUD", ("AUD",)),
    "NZ$": ("NZD", ("NZD",)), "HK$": ("HKD", ("HKD",)), "S$": ("SGD", ("SGD",)),
    "R$": ("BRL", ("BRL",)), "MX$": ("MXN", ("MXN",)), "SFR.": ("CHF", ("CHF",)),
    "FR.": ("CHF", ("CHF",)), "ZŁ": ("PLN", ("PLN",)), "KČ": ("CZK", ("CZK",)),
    "€": ("EUR", ("EUR",)), "£": ("GBP", ("GBP",)), "¥": ("JPY", ("JPY", "CNY")),
    "₹": ("INR", ("INR",)), "₽": ("RUB", ("RUB",)), "₩": ("KRW", ("KRW",)),
    "₺": ("TRY", ("TRY",)), "₪": ("ILS", ("ILS",)), "₫": ("VND", ("VND",)),
    "₱": ("PHP", ("PHP",)), "฿": ("THB", ("THB",)), "₴": ("UAH", ("UAH",)),
    "$": ("USD", _DOLLARS), "KR.": (None, _KRONOR), "KR": (None, _KRONOR),
}  # fmt: skip
_SYMBOL_RE: Final = re.compile(
    "|".join(
        rf"{re.escape(s)}(?![A-Z])" if s[-1].isalpha() else re.escape(s)
        for s in sorted(_SYMBOLS, key=len, reverse=True)
    )
)
_CODE_RE: Final = re.compile(r"(?<![A-Z])[A-Z]{3}(?![A-Z])")
_RANGE_RE: Final = re.compile(r"\d\s*(?:K|M|MIO|MN|BN)?\.?\s*(?:-|–|\bTO\b|\bBIS\b)\s*-?[\d$€£]")

#: Currency words beyond ISO's own names.
_CURRENCY_WORDS: Final = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "usdollars": "USD",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "rmb": "CNY", "renminbi": "CNY", "franken": "CHF", "francsuisse": "CHF",
    "swissfrancs": "CHF", "rupee": "INR", "rupees": "INR", "real": "BRL", "reais": "BRL",
}  # fmt: skip


@cache
def _currency_codes() -> frozenset[str]:
    codes = {str(c.alpha_3) for c in pycountry.currencies}
    return frozenset(c for c in codes if not c.startswith("X") or c in _REAL_X_CODES)


@cache
def _currency_names() -> dict[str, str]:
    names = {fold_key(str(c.name)): str(c.alpha_3) for c in pycountry.currencies}
    return {**names, **_CURRENCY_WORDS}


def _pick(symbol: str, default: str | None) -> tuple[str | None, float, str | None]:
    """(currency, confidence, problem) for a symbol, letting the default settle ambiguity."""
    primary, candidates = _SYMBOLS[symbol]
    if default in candidates:
        return default, 1.0, None
    if primary is None:
        named = ", ".join(candidates)
        return default, 0.6, f"{symbol.lower()!r} could be any of {named}"
    if len(candidates) > 1 and default is not None:
        return primary, 0.9, f"{symbol!r} read as {primary}"
    return primary, 1.0, None


def _find_currencies(text: str, default: str | None) -> tuple[str, set[str], float, list[str]]:
    """The text without currency marks, the currencies it named, a confidence and problems."""
    found: set[str] = set()
    confidence, problems = 1.0, []
    for code in _CODE_RE.findall(text):
        if code in _currency_codes():
            found.add(code)
            text = text.replace(code, " ")
    for symbol in _SYMBOL_RE.findall(text):
        currency, certainty, problem = _pick(symbol, default)
        if currency is not None and not (found and symbol in ("$", "KR", "KR.")):
            found.add(currency)
        confidence = min(confidence, certainty)
        problems += [problem] if problem else []
    return _SYMBOL_RE.sub(" ", text), found, confidence, problems


def _signed_amount(text: str) -> tuple[Decimal, bool]:
    """The amount and whether it is negative ("(500)", "-1,000", "1.000-", "12.5k")."""
    text = text.strip().replace("−", "-")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.startswith(("-", "+")) or text.endswith("-"):
        negative = negative or "-" in (text[0], text[-1])
        text = text.strip("+-").strip()
    return read_decimal(text), negative


def normalize_money(raw: str, default_currency: str | None) -> NormalizedValue:
    """An amount with two decimals (`"12500.00"`) and its currency in `extra["currency"]`;
    `extra["currency_source"]` is `"default"` when the value names no currency of its own."""
    text = clean_cell(raw).upper()
    if not text:
        return BLANK
    default = default_currency.upper() if default_currency else None
    if _RANGE_RE.search(text.lstrip("-(")):
        return ambiguous("a range of amounts, not one amount")
    rest, found, confidence, problems = _find_currencies(text, default)
    if len(found) > 1:
        return ambiguous(f"names several currencies: {', '.join(sorted(found))}")
    try:
        amount, negative = _signed_amount(rest)
        value = amount.quantize(_CENTS, rounding=ROUND_HALF_UP)
    except (UnreadableNumber, InvalidOperation) as error:
        why = str(error) if isinstance(error, UnreadableNumber) else "not a number"
        return invalid(f"not a valid amount: {why}")
    text_value = str(-value if negative and value else value)
    written = found.pop() if found else None
    currency = written or default
    extra = {"currency": currency} if currency else {}
    if currency is None:
        problems.append("no currency in the value and no default currency")
        confidence = min(confidence, 0.8)
    elif written is None:
        extra["currency_source"] = "default"
    if problems:
        return doubtful(text_value, confidence, "; ".join(problems), extra)
    return exact(text_value, extra)


def normalize_currency(raw: str) -> NormalizedValue:
    """An ISO 4217 code from a code, a symbol or a currency name ("€", "euros" -> "EUR")."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    upper = text.upper()
    if upper in _currency_codes():
        return exact(upper)
    if upper in _SYMBOLS:
        primary, candidates = _SYMBOLS[upper]
        if primary is None:
            return ambiguous(f"{text!r} could be any of {', '.join(candidates)}")
        if len(candidates) > 1 and upper == "$":
            return doubtful(primary, 0.6, f"{text!r} is used by several currencies")
        return exact(primary)
    code = _currency_names().get(fold_key(text))
    return exact(code) if code else invalid(f"not a known currency: {text!r}")
