"""Person names: splitting full names, and the one-case-only case repair."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.names import (
    NameParts,
    normalize_full_name,
    normalize_name_part,
    split_full_name,
)

NAME_PART_CASES = [
    ("JOHN", "John"),
    ("john", "John"),
    ("  John  ", "John"),
    ("Mary   Ann", "Mary Ann"),
    ("mary\u00a0ann", "Mary Ann"),
    ("mcdonald", "McDonald"),
    ("MCDONALD", "McDonald"),
    ("o'brien", "O'Brien"),
    ("O'NEILL", "O'Neill"),
    ("VAN DER BERG", "van der Berg"),
    ("de la cruz", "de la Cruz"),
    ("DA SILVA", "da Silva"),
    ("MACKENZIE", "MacKenzie"),
    ("MACHADO", "Machado"),
    ("macias", "Macias"),
    ("jean-luc", "Jean-Luc"),
    ("GARCÍA-LÓPEZ", "García-López"),
    ("ÉLODIE", "Élodie"),
    ("MÜLLER", "Müller"),
    ("DeShawn", "DeShawn"),
    ("McDonald", "McDonald"),
    ("van der Berg", "van der Berg"),
    ("LeBlanc", "LeBlanc"),
    ("d'Artagnan", "d'Artagnan"),
    ('"Bob"', "Bob"),
    ("李", "李"),
]

SPLIT_CASES = [
    ("John Smith", NameParts(first="John", last="Smith")),
    ("Smith, John", NameParts(first="John", last="Smith")),
    ("SMITH, JOHN", NameParts(first="John", last="Smith")),
    ("Mr. John Q. Public", NameParts(salutation="Mr.", first="John", middle="Q.", last="Public")),
    ("Mr. Smith", NameParts(salutation="Mr.", last="Smith")),
    ("Dr. Jan van der Berg Jr.", NameParts("Dr.", "Jan", None, "van der Berg", "Jr.")),
    ("PIETER VAN DER BERG", NameParts(first="Pieter", last="van der Berg")),
    ("van der Berg, Pieter", NameParts(first="Pieter", last="van der Berg")),
    ("jose de la cruz", NameParts(first="Jose", last="de la Cruz")),
    ("Juan de la Cruz", NameParts(first="Juan", last="de la Cruz")),
    ("MARY O'BRIEN", NameParts(first="Mary", last="O'Brien")),
    ("ronald mcdonald", NameParts(first="Ronald", last="McDonald")),
    ("Jean-Luc Picard III", NameParts(first="Jean-Luc", last="Picard", suffix="III")),
    ("MÜLLER, JÜRGEN", NameParts(first="Jürgen", last="Müller")),
    ("Prof. Dr. Hans-Peter Müller", NameParts("Prof. Dr.", "Hans-Peter", None, "Müller", None)),
    ("García Márquez, Gabriel", NameParts(first="Gabriel", last="García Márquez")),
    ("Madonna", NameParts(first="Madonna")),
    ("  John\u00a0\u00a0Smith ", NameParts(first="John", last="Smith")),
    ("ANA MARIA MACHADO", NameParts(first="Ana", middle="Maria", last="Machado")),
    ("Smith, John, Jr.", NameParts(first="John", last="Smith", suffix="Jr.")),
]


@pytest.mark.parametrize(("raw", "expected"), NAME_PART_CASES)
def test_name_part_case_is_fixed_only_when_all_one_case(raw: str, expected: str) -> None:
    result = normalize_name_part(raw)
    assert result.value == expected
    assert result.confidence == 1.0


@pytest.mark.parametrize(("raw", "expected"), SPLIT_CASES)
def test_full_name_splits_into_parts(raw: str, expected: NameParts) -> None:
    assert split_full_name(raw) == expected


def test_mixed_case_full_name_is_left_as_written() -> None:
    parts = split_full_name("dr. juan DE LA CRUZ jr.")
    assert (parts.first, parts.last) == ("juan", "DE LA CRUZ")


@pytest.mark.parametrize(
    ("raw", "expected", "confidence"),
    [
        ("JOHN SMITH", "John Smith", 1.0),
        ("Smith, John", "John Smith", 1.0),
        ("Dr. Jan van der Berg Jr.", "Jan van der Berg Jr.", 1.0),
        ("  jane   doe  ", "Jane Doe", 1.0),
    ],
)
def test_display_full_name_drops_the_title_and_turns_last_first_around(
    raw: str, expected: str, confidence: float
) -> None:
    result = normalize_full_name(raw)
    assert result.value == expected
    assert result.confidence == confidence


def test_title_alone_is_kept_with_low_confidence() -> None:
    result = normalize_full_name("Mr.")
    assert result.value == "Mr."
    assert result.confidence == 0.5


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0"])
def test_blank_names_are_not_errors(raw: str) -> None:
    assert normalize_name_part(raw).value is None
    assert normalize_full_name(raw).problem is None
    assert split_full_name(raw) == NameParts()


@given(st.text(alphabet=st.characters(categories=("Lu", "Ll", "Zs")), max_size=30))
def test_name_part_repair_is_idempotent(raw: str) -> None:
    first = normalize_name_part(raw).value
    if isinstance(first, str):
        assert normalize_name_part(first).value == first


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        ("ajarmicki@axis-amc.com", "an e-mail address"),
        (" Ann.Lee@Acme.com ", "an e-mail address"),
        ("4155550123", "a number"),
        ("+1 (415) 555-0123", "a number"),
        ("12345", "a number"),
    ],
)
def test_an_address_or_a_number_in_a_name_cell_is_not_a_name(raw: str, what: str) -> None:
    for result in (normalize_name_part(raw), normalize_full_name(raw)):
        assert result.value is None
        assert result.reason == "invalid_value"
        assert result.problem == f"not a name: it looks like {what}"
