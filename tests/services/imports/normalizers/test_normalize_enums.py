"""Enum labels mapped onto canonical values."""

from __future__ import annotations

import pytest

from backend.services.imports.normalizers.enums import normalize_enum

STAGES = ("new", "qualified", "proposal", "negotiation", "closed_won", "closed_lost")
VOCABULARY = {"Won": "closed_won", "Lost": "closed_lost", "Angebot": "proposal", "Neu": "new"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("closed_won", "closed_won"),
        ("Closed Won", "closed_won"),
        ("CLOSED-WON", "closed_won"),
        ("ClosedWon", "closed_won"),
        ("won", "closed_won"),
        (" WON ", "closed_won"),
        ("Angebot", "proposal"),
        ("neu", "new"),
        ("Négotiation", "negotiation"),
    ],
)
def test_labels_match_ignoring_case_spaces_punctuation_and_accents(raw: str, expected: str) -> None:
    result = normalize_enum(raw, VOCABULARY, STAGES)
    assert result.value == expected
    assert result.confidence == 1.0
    assert result.extra == {"raw": raw}


def test_near_miss_is_matched_with_lower_confidence() -> None:
    result = normalize_enum("Qualifed", VOCABULARY, STAGES)
    assert result.value == "qualified"
    assert 0.8 <= result.confidence < 1.0
    assert result.extra["raw"] == "Qualifed"


def test_unknown_label_lists_the_allowed_values() -> None:
    result = normalize_enum("On hold", VOCABULARY, STAGES)
    assert result.value is None
    assert result.reason == "invalid_value"
    assert result.problem == (
        "not an allowed value: 'On hold'; allowed: new, qualified, proposal, negotiation, "
        "closed_won, closed_lost"
    )
    assert result.extra == {"raw": "On hold"}


def test_blank_keeps_the_raw_value_and_is_not_an_error() -> None:
    result = normalize_enum("  ", VOCABULARY, STAGES)
    assert (result.value, result.problem, result.extra) == (None, None, {"raw": "  "})
