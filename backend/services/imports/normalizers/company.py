"""Company names: the display form kept as written, and a match key that ignores legal form.

It owns whitespace folding for display and the key two spellings of one organization share
("The ACME Company, Inc." and "Acme" both give "acme"): accents stripped, case folded,
punctuation dropped, "&" read as "and", a leading "The" and trailing legal-form suffixes
removed. How two keys are compared (exact or fuzzy) is the identity-resolution stage's business.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .base import BLANK, NormalizedValue, clean_cell, exact, fold_spaces, strip_accents

_EDGE_QUOTES: Final = "\"'`“”„‘’«»"
_DOTS_RE: Final = re.compile(r"[.'’`´]")
_NON_WORD_RE: Final = re.compile(r"[^\w]+")

#: Legal-form words, after "&" became "and" and dots were dropped ("S.A." -> "sa").
_LEGAL_SUFFIXES: Final = frozenset(
    {
        "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "sa",
        "sas", "sarl", "sl", "slu", "bv", "nv", "oy", "oyj", "ab", "pty", "plc", "corp",
        "corporation", "co", "company", "kg", "kgaa", "ohg", "ug", "gbr", "ev", "spa", "srl",
        "sro", "as", "asa", "aps", "se", "kft", "zrt", "doo", "ltda", "lda", "pte", "pvt",
        "bhd", "sdn", "cv", "sapi", "haftungsbeschrankt", "eg", "cie",
    }
)  # fmt: skip

#: Words that join legal forms ("GmbH & Co. KG", "S.A. de C.V."); dropped only between them.
_CONNECTORS: Final = frozenset({"and", "de", "et", "y", "und"})


def normalize_company_name(raw: str) -> NormalizedValue:
    """The organization's display name: trimmed, outer quotes dropped, whitespace folded."""
    text = fold_spaces(clean_cell(raw).strip(_EDGE_QUOTES))
    return exact(text) if text else BLANK


def _join_initials(tokens: list[str]) -> list[str]:
    """Join runs of single letters ("s a" -> "sa", "i b m" -> "ibm")."""
    joined: list[str] = []
    run = ""
    for token in [*tokens, ""]:
        if len(token) == 1:
            run += token
            continue
        if run:
            joined.append(run)
            run = ""
        if token:
            joined.append(token)
    return joined


@lru_cache(maxsize=65536)
def company_match_key(name: str) -> str:
    """The key two spellings of one organization share: no case, accents, punctuation or
    legal form."""
    text = strip_accents(clean_cell(name)).casefold().replace("&", " and ").replace("+", " and ")
    tokens = _join_initials(_NON_WORD_RE.sub(" ", _DOTS_RE.sub("", text)).split())
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _LEGAL_SUFFIXES:
        tokens.pop()
        while len(tokens) > 1 and tokens[-1] in _CONNECTORS:
            tokens.pop()
    return " ".join(tokens)
