"""Given-name nicknames: which short forms and variants one person may go by (Bob and Robert).

It owns loading `nicknames.yaml` (validated on first use) and the lookups the comparisons and
blocking rules need: whether two names are nicknames of each other, and the canonical names a
name belongs to. Names are folded (accents, case, punctuation and spaces removed) before every
lookup. It does not judge spelling similarity; that is `comparisons.py`'s business.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from typing import Final

import yaml
from pydantic import BaseModel, ConfigDict, Field

from backend.services.imports.normalizers.base import fold_key

_DATA_FILE: Final = "nicknames.yaml"


class _NicknameFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    groups: dict[str, list[list[str]]]


@cache
def _index() -> tuple[dict[str, tuple[int, ...]], tuple[str, ...]]:
    """Folded name -> ids of the groups it belongs to, and each group's canonical name."""
    text = resources.files(__package__).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    document = _NicknameFile.model_validate(yaml.safe_load(text))
    membership: dict[str, list[int]] = {}
    canonical: list[str] = []
    for language_groups in document.groups.values():
        for names in language_groups:
            for name in dict.fromkeys(fold_key(n) for n in names):
                membership.setdefault(name, []).append(len(canonical))
            canonical.append(fold_key(names[0]))
    return {name: tuple(ids) for name, ids in membership.items()}, tuple(canonical)


@lru_cache(maxsize=65536)
def nickname_groups(name: str) -> frozenset[int]:
    """The ids of the nickname groups a (folded or raw) given name belongs to."""
    return frozenset(_index()[0].get(fold_key(name), ()))


@lru_cache(maxsize=65536)
def canonical_names(name: str) -> tuple[str, ...]:
    """The canonical forms of a given name ("bob" -> ("robert",)); the name itself if none."""
    folded = fold_key(name)
    membership, names = _index()
    ids = membership.get(folded)
    if not ids:
        return (folded,) if folded else ()
    return tuple(dict.fromkeys(names[i] for i in ids))


def are_nicknames(a: str, b: str) -> bool:
    """Whether two different given names are forms of one name (Bob/Robert, Sepp/Josef)."""
    if fold_key(a) == fold_key(b):
        return False
    return not nickname_groups(a).isdisjoint(nickname_groups(b))
