"""Header matching: which canonical targets a column header names, and how sure that is.

It owns the normalisation of header text (Unicode oddities, case, accents, punctuation, camel case
and the usual abbreviations), the synonyms table (`header_synonyms.yaml`: phrases in English,
German, French and Spanish, some of whose meaning depends on the export's object) and the
matching order: the profile's own labels (origin `profile`), then a synonym equal to the
normalised header, then a synonym led by words naming an entity ("Contact Phone"), then
similarity with rapidfuzz (origin `header`, flagged `loose`). Similarity never yields a confident
match (at most `LOOSE_CEILING`), and on the generic spreadsheet profile, whose object is assumed,
an object-dependent phrase is not confident either. It does not look at values
(`value_patterns`) nor decide between columns (`mapping_proposal`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from backend.contracts.imports import ColumnStats
from backend.contracts.mapping import Disposition, MappingOrigin
from backend.errors import BrokenProfile
from backend.services.imports.source_profiles import (
    ProfileObject,
    SourceProfile,
    Target,
    describe_validation_error,
    read_yaml_file,
)
from backend.services.imports.targets import entity_of

SYNONYMS_FILE = Path(__file__).with_name("header_synonyms.yaml")

PROFILE_EXACT: Final = 0.99
PROFILE_NORMALISED: Final = 0.97
SYNONYM: Final = 0.9
QUALIFIED: Final = 0.85
ASSUMED_OBJECT: Final = 0.75
AMBIGUOUS: Final = 0.5
LOOSE_CEILING: Final = 0.79
QUALIFIED_PHRASE: Final = 0.72
CLOSE_SPELLING: Final = 0.85
LIKENESS: Final = 0.75
SUGGESTION_FLOOR: Final = 0.3
_ANY_OBJECT: Final = "*"
GENERIC_SYSTEM: Final = "spreadsheet"
_OBJECTS: Final[tuple[ProfileObject, ...]] = ("client", "account", "opportunity", "interaction")

#: Token sequences replaced before comparing: abbreviations and spellings of one word.
_PHRASES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {
    ("e", "mail"): ("email",),
    ("mail",): ("email",),
    ("emails",): ("email",),
    ("linked", "in"): ("linkedin",),
    ("tel",): ("phone",),
    ("ph",): ("phone",),
    ("phn",): ("phone",),
    ("phones",): ("phone",),
    ("telephone",): ("phone",),
    ("telefon",): ("phone",),
    ("telefono",): ("phone",),
    ("mob",): ("mobile",),
    ("cell",): ("mobile",),
    ("cellular",): ("mobile",),
    ("cellphone",): ("mobile", "phone"),
    ("addr",): ("address",),
    ("adr",): ("address",),
    ("zip", "postal", "code"): ("postal", "code"),
    ("zip", "code"): ("postal", "code"),
    ("post", "code"): ("postal", "code"),
    ("zipcode",): ("postal", "code"),
    ("postcode",): ("postal", "code"),
    ("zip",): ("postal", "code"),
    ("plz",): ("postal", "code"),
    ("org",): ("organization",),
    ("organisation",): ("organization",),
    ("co",): ("company",),
    ("dob",): ("birth", "date"),
    ("no",): ("number",),
    ("nr",): ("number",),
    ("num",): ("number",),
    ("nbr",): ("number",),
    ("acct",): ("account",),
    ("amt",): ("amount",),
    ("desc",): ("description",),
    ("descr",): ("description",),
    ("dept",): ("department",),
    ("asst",): ("assistant",),
    ("prob",): ("probability",),
    ("rev",): ("revenue",),
    ("ext",): ("extension",),
    ("fname",): ("first", "name"),
    ("firstname",): ("first", "name"),
    ("lname",): ("last", "name"),
    ("lastname",): ("last", "name"),
    ("fullname",): ("full", "name"),
}
_LONGEST_PHRASE: Final = max(len(phrase) for phrase in _PHRASES)

#: Words that tie a header to an entity ("Contact Email", "Company Phone").
_ENTITY_WORDS: Final[dict[str, frozenset[str]]] = {
    "client": frozenset({"contact", "person", "people", "lead", "client", "customer", "kontakt"}),
    "account": frozenset(
        {"company", "account", "organization", "business", "hq", "headquarters", "firma"}
    ),
    "opportunity": frozenset({"deal", "opportunity"}),
    "interaction": frozenset({"activity", "task", "call", "meeting", "event", "engagement"}),
    "interest": frozenset({"interest"}),
}
#: Words that qualify a field without changing what it is ("Primary Email", "Email (work)",
#: "Call duration (HH:mm:ss)", a custom field's "custom." prefix or "__c" suffix).
_QUALIFIERS: Final = frozenset(
    {"primary", "main", "work", "business", "current", "preferred", "official", "default"}
    | {"the", "of", "in", "de", "la", "du", "des", "del", "der", "die", "das", "en"}
    | {"hh", "mm", "ss", "sec", "secs", "seconds", "min", "mins", "minutes", "hours"}
    | {"custom", "c"}
)
_MEANINGLESS: Final = re.compile(
    r"^((column|col|field|feld|spalte|colonne|champ|columna|campo|unnamed|untitled|header)"
    r"( number)?( \d+)?|\d+|[a-z]|null|none|nan|n a|undefined|blank|empty|unknown)$"
)
_CAMEL: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LETTER_DIGIT: Final = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_NON_WORD: Final = re.compile(r"[\W_]+")
_DIGITS: Final = re.compile(r"\d+")


@dataclass(frozen=True)
class Candidate:
    """A target proposed for a column: how sure, where the proposal came from, how it matched."""

    target: str
    confidence: float
    origin: MappingOrigin
    loose: bool = False


class _ContextualPhrases(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[str] = Field(min_length=1)
    client: Target | None = None
    account: Target | None = None
    opportunity: Target | None = None
    interaction: Target | None = None


class _SynonymsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    targets: dict[Target, list[str]]
    contextual: list[_ContextualPhrases]


def fold_header(header: str) -> str:
    """Header text with Unicode compatibility forms, format characters, case and accents folded."""
    text = unicodedata.normalize("NFKC", header)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def normalise_header(header: str) -> str:
    """The comparable form of a header: folded, punctuation-free, abbreviations spelled out."""
    text = unicodedata.normalize("NFKC", header).strip()
    if not any(ch.isspace() for ch in text):
        text = _CAMEL.sub(" ", text)
    text = fold_header(text)
    text = text.replace("#", " number ").replace("%", " percent ").replace("&", " and ")
    text = _LETTER_DIGIT.sub(" ", _NON_WORD.sub(" ", text))
    tokens = text.split()
    expanded: list[str] = []
    position = 0
    while position < len(tokens):
        for size in range(min(_LONGEST_PHRASE, len(tokens) - position), 0, -1):
            replacement = _PHRASES.get(tuple(tokens[position : position + size]))
            if replacement is not None:
                expanded.extend(replacement)
                position += size
                break
        else:
            expanded.append(tokens[position])
            position += 1
    return " ".join(expanded)


def is_meaningless_header(header: str) -> bool:
    """Whether a header says nothing about its column ("", "Column 7", "Field12", "Unnamed: 3")."""
    key = normalise_header(header)
    return not key or bool(_MEANINGLESS.match(key))


@functools.cache
def _synonym_index() -> dict[str, dict[str, str]]:
    try:
        synonyms = _SynonymsFile.model_validate(read_yaml_file(SYNONYMS_FILE))
    except ValidationError as exc:
        raise BrokenProfile(f"{SYNONYMS_FILE}: {describe_validation_error(exc)}") from exc
    index: dict[str, dict[str, str]] = {}

    def add(phrase: str, meanings: dict[str, str]) -> None:
        key = normalise_header(phrase)
        if index.setdefault(key, meanings) != meanings:
            raise BrokenProfile(
                f"{SYNONYMS_FILE}: phrase {phrase!r} (read as {key!r}) is listed with two meanings"
            )

    for target, phrases in synonyms.targets.items():
        for phrase in phrases:
            add(phrase, {_ANY_OBJECT: target})
    for group in synonyms.contextual:
        meanings: dict[str, str] = {
            obj: target for obj in _OBJECTS if (target := getattr(group, obj)) is not None
        }
        for phrase in group.phrases:
            add(phrase, meanings)
    return index


@functools.lru_cache(maxsize=128)
def _alias_index(aliases: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """Normalised profile label -> target; labels that normalise alike but differ are dropped."""
    index: dict[str, str] = {}
    clashing: set[str] = set()
    for label, target in aliases:
        key = normalise_header(label)
        if index.setdefault(key, target) != target:
            clashing.add(key)
    return {key: target for key, target in index.items() if key not in clashing}


@functools.lru_cache(maxsize=128)
def _phrase_pool(
    obj: ProfileObject, aliases: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """Every (normalised phrase, target) that names a target on an export of `obj`."""
    pool = dict(_alias_index(aliases))
    for phrase, meanings in _synonym_index().items():
        target = meanings.get(_ANY_OBJECT) or meanings.get(obj)
        if target is not None:
            pool.setdefault(phrase, target)
    return tuple(pool.items())


def _aliases(profile: SourceProfile) -> tuple[tuple[str, str], ...]:
    return tuple(profile.columns.items())


@functools.lru_cache(maxsize=256)
def _normalised_labels(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_header(label) for label in labels)


def profile_disposition(header: str, profile: SourceProfile) -> Disposition | None:
    """`ignore` or `unresolved` when the profile lists this header as such, else None."""
    key = normalise_header(header)
    if key in _normalised_labels(tuple(profile.ignore)):
        return "ignore"
    if key in _normalised_labels(tuple(profile.unresolved)):
        return "unresolved"
    return None


def _synonym_candidates(key: str, profile: SourceProfile) -> list[Candidate] | None:
    meanings = _synonym_index().get(key)
    if meanings is None:
        return None
    if _ANY_OBJECT in meanings:
        return [Candidate(meanings[_ANY_OBJECT], SYNONYM, "header")]
    target = meanings.get(profile.object)
    if target is not None:
        # A generic spreadsheet's object is an assumption, not knowledge of the export.
        assumed = profile.system == GENERIC_SYSTEM
        return [Candidate(target, ASSUMED_OBJECT if assumed else SYNONYM, "header")]
    return [Candidate(target, AMBIGUOUS, "header") for target in dict.fromkeys(meanings.values())]


def _entity_qualified(key: str) -> Candidate | None:
    """A known phrase led by words naming one entity ("Contact Phone", "HQ City")."""
    tokens = key.split()
    entities = {entity for entity, words in _ENTITY_WORDS.items() if words & set(tokens)}
    if len(entities) != 1:
        return None
    entity = entities.pop()
    rest = " ".join(token for token in tokens if token not in _ENTITY_WORDS[entity])
    for target in _synonym_index().get(rest, {}).values():
        if entity_of(target) == entity:
            return Candidate(target, QUALIFIED, "header")
    return None


def _containment_confidence(tokens: list[str], phrase_tokens: list[str], target: str) -> float:
    """A header that is a known phrase plus extra words: qualifiers keep it, others weaken it
    below the mapping threshold, a word naming another entity rules it out."""
    extra = set(tokens) - set(phrase_tokens)
    entity = entity_of(target)
    for other, words in _ENTITY_WORDS.items():
        if other != entity and extra & words:
            return 0.0
    if extra <= _QUALIFIERS | _ENTITY_WORDS[entity]:
        return QUALIFIED_PHRASE
    return 0.45 + 0.15 * len(phrase_tokens) / len(tokens)


def _loose_confidence(key: str, phrase: str, target: str) -> float:
    """Similarity of a normalised header to a normalised phrase, as a confidence: a misspelling
    (same numbers, similarity >= `CLOSE_SPELLING`) may map, a looser likeness only suggests."""
    tokens, phrase_tokens = key.split(), phrase.split()
    confidence = 0.0
    if set(phrase_tokens) < set(tokens):
        confidence = _containment_confidence(tokens, phrase_tokens, target)
    similarity = max(fuzz.ratio(key, phrase), fuzz.token_sort_ratio(key, phrase)) / 100
    same_numbers = _DIGITS.findall(key) == _DIGITS.findall(phrase)
    if similarity >= CLOSE_SPELLING and same_numbers and min(len(key), len(phrase)) >= 6:
        confidence = max(confidence, 0.8 * similarity)
    elif similarity >= LIKENESS:
        confidence = max(confidence, 0.6 * similarity)
    return min(confidence, LOOSE_CEILING)


def _loose_candidates(key: str, profile: SourceProfile) -> list[Candidate]:
    best: dict[str, float] = {}
    for phrase, target in _phrase_pool(profile.object, _aliases(profile)):
        confidence = _loose_confidence(key, phrase, target)
        if confidence > best.get(target, 0.0):
            best[target] = confidence
    return [
        Candidate(target, round(confidence, 2), "header", loose=True)
        for target, confidence in best.items()
        if confidence >= SUGGESTION_FLOOR
    ]


def column_header(column: ColumnStats) -> str:
    """The header text to match: the file's own, or ingest's name for a blank one."""
    return column.original if normalise_header(column.original) else column.name


def profile_target(header: str, profile: SourceProfile) -> str | None:
    """The target the profile gives this header, by its exact or its normalised label."""
    exact = profile.columns.get(header.strip())
    return exact or _alias_index(_aliases(profile)).get(normalise_header(header))


def match_header(header: str, profile: SourceProfile) -> list[Candidate]:
    """Targets this header may name on an export described by `profile`, best first."""
    if header.strip() in profile.columns:
        return [Candidate(profile.columns[header.strip()], PROFILE_EXACT, "profile")]
    alias = profile_target(header, profile)
    if alias is not None:
        return [Candidate(alias, PROFILE_NORMALISED, "profile")]
    key = normalise_header(header)
    if not key:
        return []
    exact = _synonym_candidates(key, profile)
    if exact is not None:
        return exact
    qualified = _entity_qualified(key)
    if qualified is not None:
        return [qualified]
    loose = _loose_candidates(key, profile)
    loose.sort(key=lambda candidate: (-candidate.confidence, candidate.target))
    return loose[:5]
