"""The transform registry, its hashable context, and the purity of the normalizer package."""

from __future__ import annotations

import ast
import dataclasses
from functools import lru_cache
from pathlib import Path

import pytest

from backend.services.imports import normalizers
from backend.services.imports.normalizers import (
    KNOWN_TRANSFORMS,
    FrozenVocabulary,
    NormalizeContext,
    NormalizedValue,
    normalize_value,
)
from backend.services.imports.targets import CANONICAL_ENUMS, TARGET_TRANSFORMS

PACKAGE_DIR = Path(normalizers.__file__).parent
FORBIDDEN_IMPORTS = ("sqlalchemy", "fastapi", "httpx", "requests", "urllib.request", "socket")

CONTEXT = NormalizeContext(
    region="DE",
    country="US",
    date_order="dmy",
    currency="EUR",
    vocabulary={"Won": "closed_won"},
    canonical=CANONICAL_ENUMS["opportunity.stage"],
)


def test_every_transform_named_in_targets_is_registered() -> None:
    assert set(TARGET_TRANSFORMS.values()) == KNOWN_TRANSFORMS


@pytest.mark.parametrize(
    ("transform", "raw", "expected"),
    [
        ("id", " 00123 ", "00123"),
        ("name_part", "MCDONALD", "McDonald"),
        ("full_name", "Smith, John", "John Smith"),
        ("text", " a  b ", "a b"),
        ("email", "A@B.COM", "a@b.com"),
        ("phone", "030 12345678", "+493012345678"),
        ("region", "California", "CA"),
        ("postal_code", "2134", "02134"),
        ("country", "Deutschland", "DE"),
        ("enum", "won", "closed_won"),
        ("url", "acme.com", "https://acme.com"),
        ("date", "05/03/2024", "2024-03-05"),
        ("datetime", "05/03/2024 14:30", "2024-03-05T14:30:00Z"),
        ("boolean", "ja", True),
        ("tags", "a; b", ["a", "b"]),
        ("company_name", " Acme  Inc ", "Acme Inc"),
        ("domain", "www.acme.co.uk", "acme.co.uk"),
        ("integer", "1.200", "1200"),
        ("money", "12.500,00", "12500.00"),
        ("currency", "€", "EUR"),
        ("percent", "75%", "75"),
        ("duration", "00:05:30", "330"),
    ],
)
def test_normalize_value_dispatches_with_the_context(
    transform: str, raw: str, expected: str | bool | list[str]
) -> None:
    assert normalize_value(transform, raw, CONTEXT).value == expected


def test_money_uses_the_default_currency_of_the_context() -> None:
    assert normalize_value("money", "100", CONTEXT).extra == {
        "currency": "EUR",
        "currency_source": "default",
    }


def test_phone_falls_back_to_the_row_country_without_a_region() -> None:
    ctx = NormalizeContext(country="US")
    assert normalize_value("phone", "(415) 555-2671", ctx).value == "+14155552671"


def test_unknown_transform_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown transform 'colour'"):
        normalize_value("colour", "red", CONTEXT)


def test_context_is_hashable_and_equal_by_value() -> None:
    twin = NormalizeContext(
        region="DE",
        country="US",
        date_order="dmy",
        currency="EUR",
        vocabulary=FrozenVocabulary({"Won": "closed_won"}),
        canonical=tuple(CANONICAL_ENUMS["opportunity.stage"]),
    )
    assert twin == CONTEXT
    assert hash(twin) == hash(CONTEXT)
    assert len({CONTEXT, twin, NormalizeContext()}) == 2
    assert isinstance(CONTEXT.vocabulary, FrozenVocabulary)


def test_callers_can_cache_on_transform_raw_and_context() -> None:
    cached = lru_cache(maxsize=None)(normalize_value)
    first = cached("email", "A@B.COM", CONTEXT)
    second = cached("email", "A@B.COM", dataclasses.replace(CONTEXT))
    assert first is second
    assert cached.cache_info().hits == 1


def test_normalized_value_defaults_to_no_problem() -> None:
    value = NormalizedValue(value="x", confidence=1.0)
    assert (value.problem, value.reason, dict(value.extra)) == (None, None, {})


@pytest.mark.parametrize("module", sorted(PACKAGE_DIR.glob("*.py")), ids=lambda p: p.name)
def test_normalizers_import_no_database_web_or_network_code(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.append(node.module)
    assert not [name for name in imported if name.startswith(FORBIDDEN_IMPORTS)]


@pytest.mark.parametrize("module", sorted(PACKAGE_DIR.glob("*.py")), ids=lambda p: p.name)
def test_normalizer_modules_stay_small_and_documented(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert len(source.splitlines()) <= 400
    assert ast.get_docstring(tree)
    public = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    ]
    assert all(ast.get_docstring(node) for node in public)
