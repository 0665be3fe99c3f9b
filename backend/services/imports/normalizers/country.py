"""Countries, regions and postal codes: ISO 3166-1 alpha-2 codes and tidy address parts.

It owns reading a country from what people type (codes, English names, common variants such as
"USA" or "Holland", and German, French, Spanish, Italian and Dutch names) into an alpha-2 code,
reading US states and Canadian provinces into their codes, and tidying postal codes. Names come
from `pycountry` (ISO data and its bundled translations), so no hand-kept list of 249 countries
can drift; only the colloquial variants below are ours. The lookup tables are built on first use.
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from typing import Final

import pycountry
from rapidfuzz import fuzz, process

from .base import (
    BLANK,
    NormalizedValue,
    clean_cell,
    doubtful,
    exact,
    fold_spaces,
    invalid,
    strip_accents,
)

_LANGUAGES: Final = ("de", "fr", "es", "it", "nl")
_DROP_RE: Final = re.compile(r"[.'’`´]")
_NON_ALNUM_RE: Final = re.compile(r"[^a-z0-9]+")

#: Colloquial names ISO does not list; they win over every generated name.
_VARIANTS: Final[dict[str, str]] = {
    "usa": "US", "us": "US", "u s": "US", "america": "US", "united states of america": "US",
    "estados unidos de america": "US", "eeuu": "US", "etats unis d amerique": "US",
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "grossbritannien": "GB", "angleterre": "GB",
    "inglaterra": "GB", "gran bretana": "GB", "grande bretagne": "GB", "engeland": "GB",
    "holland": "NL", "the netherlands": "NL", "hollande": "NL", "holanda": "NL",
    "olanda": "NL", "czech republic": "CZ", "czechia": "CZ", "tschechische republik": "CZ",
    "republique tcheque": "CZ", "republica checa": "CZ", "brd": "DE", "germany": "DE",
    "russia": "RU", "russland": "RU", "russie": "RU", "rusia": "RU", "south korea": "KR",
    "korea": "KR", "north korea": "KP", "turkey": "TR", "turkei": "TR", "turquie": "TR",
    "turquia": "TR", "ivory coast": "CI", "burma": "MM", "macedonia": "MK",
    "swaziland": "SZ", "cape verde": "CV", "vatican": "VA", "vatican city": "VA",
    "uae": "AE", "emirates": "AE", "ksa": "SA", "el": "GR", "hong kong sar": "HK",
    "laos": "LA", "syria": "SY", "vietnam": "VN", "iran": "IR", "palestine": "PS",
    "moldova": "MD", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "taiwan": "TW",
    "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "swiss": "CH", "osterreich": "AT",
    "oesterreich": "AT", "deutschland": "DE", "allemagne": "DE", "alemania": "DE",
    "bharat": "IN",
}  # fmt: skip

_US_CA_NAME_VARIANTS: Final[dict[str, dict[str, str]]] = {
    "US": {"washington dc": "DC", "washington d c": "DC", "dc": "DC", "calif": "CA"},
    "CA": {"quebec": "QC", "newfoundland": "NL", "labrador": "NL", "pei": "PE"},
}

_UK_POSTCODE_RE: Final = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
_CA_POSTCODE_RE: Final = re.compile(r"^([A-Z]\d[A-Z]) ?(\d[A-Z]\d)$")
_US_ZIP_RE: Final = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
_NL_POSTCODE_RE: Final = re.compile(r"^(\d{4}) ?([A-Z]{2})$")
_EXCEL_FLOAT_RE: Final = re.compile(r"^(\d+)\.0+$")


def _country_key(text: str) -> str:
    key = _NON_ALNUM_RE.sub(" ", _DROP_RE.sub("", strip_accents(text).casefold())).strip()
    return key.removeprefix("the ") if key.startswith("the ") and len(key) > 4 else key


def _name_forms(name: str) -> list[str]:
    """A name and its inverted form: "Korea, Republic of" also as "Republic of Korea"."""
    if ", " not in name:
        return [name]
    head, _, tail = name.partition(", ")
    return [name, f"{tail} {head}"]


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}

    def add(name: str | None, alpha_2: str) -> None:
        for form in _name_forms(name) if name else []:
            index.setdefault(_country_key(form), alpha_2)

    for variant, alpha_2 in _VARIANTS.items():
        add(variant, alpha_2)
    countries = list(pycountry.countries)
    for country in countries:
        add(country.alpha_2, country.alpha_2)
    for country in countries:
        add(country.alpha_3, country.alpha_2)
    for country in countries:
        for attribute in ("name", "common_name", "official_name"):
            add(getattr(country, attribute, None), country.alpha_2)
    for language in _LANGUAGES:
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in countries:
            for attribute in ("name", "common_name", "official_name"):
                english = getattr(country, attribute, None)
                if english:
                    add(translation.gettext(english), country.alpha_2)
    return index


@cache
def _fuzzy_keys() -> tuple[str, ...]:
    return tuple(key for key in _country_index() if len(key) >= 5)


def _country_name(alpha_2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha_2)
    return str(country.name) if country else alpha_2


def normalize_country(raw: str) -> NormalizedValue:
    """An ISO 3166-1 alpha-2 code from a code, an English or European name, or a variant."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    key = _country_key(text)
    index = _country_index()
    if key in index:
        return exact(index[key])
    if len(key) >= 5:
        match = process.extractOne(key, _fuzzy_keys(), scorer=fuzz.ratio, score_cutoff=85)
        if match is not None:
            alpha_2 = index[match[0]]
            return doubtful(alpha_2, 0.8, f"read {text!r} as {_country_name(alpha_2)} ({alpha_2})")
    return invalid(f"not a known country: {text!r}")


@cache
def _subdivision_index(country: str) -> dict[str, str]:
    index = {_country_key(k): v for k, v in _US_CA_NAME_VARIANTS.get(country, {}).items()}
    for subdivision in pycountry.subdivisions:
        if subdivision.country_code != country:
            continue
        short_code = str(subdivision.code).split("-", 1)[1]
        index.setdefault(_country_key(short_code), short_code)
        index.setdefault(_country_key(str(subdivision.name)), short_code)
    return index


def normalize_region(raw: str, country: str | None) -> NormalizedValue:
    """A state or province: US and Canadian ones as their codes ("California" -> "CA"), others
    trimmed."""
    text = fold_spaces(clean_cell(raw))
    if not text:
        return BLANK
    if country not in _US_CA_NAME_VARIANTS:
        return exact(text)
    code = _subdivision_index(country).get(_country_key(text))
    if code is None:
        kind = "US state" if country == "US" else "Canadian province"
        return doubtful(text, 0.8, f"not a known {kind}: {text!r}")
    return exact(code)


def _postal_code_for(text: str, country: str | None) -> NormalizedValue:
    if country == "US":
        if text.isdigit() and len(text) in (3, 4):
            return doubtful(text.zfill(5), 0.9, "restored leading zeros a spreadsheet dropped")
        if text.isdigit() and len(text) in (7, 8):
            padded = text.zfill(9)
            return doubtful(f"{padded[:5]}-{padded[5:]}", 0.9, "restored leading zeros")
        zip_match = _US_ZIP_RE.match(text)
        if zip_match:
            five, four = zip_match.groups()
            return exact(f"{five}-{four}" if four else five)
        return doubtful(text, 0.7, "not a US ZIP code")
    patterns = {"GB": _UK_POSTCODE_RE, "CA": _CA_POSTCODE_RE, "NL": _NL_POSTCODE_RE}
    pattern = patterns.get(country or "")
    if pattern is None:
        return exact(text)
    match = pattern.match(text)
    if match is None:
        return doubtful(text, 0.7, f"not a {country} postal code")
    return exact(" ".join(match.groups()))


def normalize_postal_code(raw: str, country: str | None) -> NormalizedValue:
    """A postal code: trimmed, upper-case, spacing and lost leading zeros restored by country."""
    text = fold_spaces(clean_cell(raw)).upper()
    if not text:
        return BLANK
    excel = _EXCEL_FLOAT_RE.match(text)
    if excel:
        text = excel.group(1)
    return _postal_code_for(text, country.upper() if country else None)
