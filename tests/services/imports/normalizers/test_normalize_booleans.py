"""Yes/no values."""

from __future__ import annotations

import pytest

from backend.services.imports.normalizers.booleans import normalize_boolean


@pytest.mark.parametrize(
    "raw",
    ["yes", "YES", " Y ", "true", "TRUE", "1", "1.0", "x", "X", "✓", "✔", "☑", "checked",
     "on", "opted out", "Opted-Out", "opt-out", "unsubscribed", "Do not call", "ja", "J",
     "wahr", "oui", "vrai", "sí", "si", "Sí"],
)  # fmt: skip
def test_true_spellings(raw: str) -> None:
    assert normalize_boolean(raw).value is True


@pytest.mark.parametrize(
    "raw",
    ["no", "NO", "n", "false", "False", "0", "0.0", "unchecked", "off", "opted in", "opt-in",
     "subscribed", "nein", "non", "faux", "falsch", "☐"],
)  # fmt: skip
def test_false_spellings(raw: str) -> None:
    assert normalize_boolean(raw).value is False


@pytest.mark.parametrize("raw", ["-", "maybe", "2", "n/a", "?"])
def test_unknown_spellings_are_invalid_not_guessed(raw: str) -> None:
    result = normalize_boolean(raw)
    assert result.value is None
    assert result.reason == "invalid_value"


def test_blank_is_not_an_error() -> None:
    assert normalize_boolean(" ").problem is None
