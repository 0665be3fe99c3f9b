"""Tag lists."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.tags import normalize_tags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("vip", ["vip"]),
        ("vip; partner, newsletter | event", ["vip", "partner", "newsletter", "event"]),
        ("a;;b; ;c", ["a", "b", "c"]),
        ("VIP, vip, Vip", ["VIP"]),
        ("trade  fair 2024\nnewsletter", ["trade fair 2024", "newsletter"]),
        ('["a", "b"]', ["a", "b"]),
        ("#hot, #cold", ["hot", "cold"]),
        ("\u00a0x\u00a0|\u00a0y", ["x", "y"]),
    ],
)
def test_tags_are_split_trimmed_and_deduplicated(raw: str, expected: list[str]) -> None:
    assert normalize_tags(raw).value == expected


@pytest.mark.parametrize("raw", ["", " ", ";;", " , | "])
def test_no_tags_is_blank(raw: str) -> None:
    result = normalize_tags(raw)
    assert (result.value, result.problem) == (None, None)


_TAG = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters=" -_"), min_size=1
).map(lambda s: " ".join(unicodedata.normalize("NFC", s).split()))


@given(st.lists(_TAG.filter(bool), min_size=1, max_size=8, unique_by=str.casefold))
def test_joined_tags_round_trip(tags: list[str]) -> None:
    assert normalize_tags("; ".join(tags)).value == tags
