"""The one entry point the pipeline calls: a transform name, a raw cell and its row context.

It owns `NormalizeContext` (what a value may depend on besides itself: default phone region,
the row's country, the column's date order, the default currency, an enum vocabulary) and the
table from the transform names of `targets.py` to the normalizer functions. `NormalizeContext`
is frozen and hashable, so callers may cache on `(transform, raw, ctx)`: a vocabulary passed as
a dict is copied into a read-only `FrozenVocabulary`, and `canonical` into a tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from .base import NormalizedValue, rebuilt_from_fields
from .booleans import normalize_boolean
from .company import normalize_company_name
from .country import normalize_country, normalize_postal_code, normalize_region
from .dates import DateOrder, normalize_date, normalize_datetime
from .email import normalize_email
from .enums import normalize_enum
from .money import normalize_currency, normalize_money
from .names import normalize_full_name, normalize_name_part
from .numbers import normalize_duration_seconds, normalize_integer, normalize_percent
from .phone import normalize_phone, normalize_phone_extension
from .tags import normalize_tags
from .text import normalize_identifier, normalize_text
from .web import normalize_domain, normalize_url


class FrozenVocabulary(Mapping[str, str]):
    """A read-only, hashable raw label -> canonical value mapping."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items: dict[str, str] = dict(items or {})
        self._hash = hash(frozenset(self._items.items()))

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenVocabulary({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenVocabulary], tuple[dict[str, str]]]:
        # Rebuilt, not copied: string hashes differ between processes.
        return FrozenVocabulary, (self._items,)


@dataclass(frozen=True, slots=True)
class NormalizeContext:
    """What a value's normal form may depend on besides the value itself (hashable)."""

    region: str | None = None
    country: str | None = None
    date_order: DateOrder | None = None
    currency: str | None = None
    vocabulary: Mapping[str, str] = field(default_factory=FrozenVocabulary)
    canonical: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.vocabulary, FrozenVocabulary):
            object.__setattr__(self, "vocabulary", FrozenVocabulary(self.vocabulary))
        if not isinstance(self.canonical, tuple):
            object.__setattr__(self, "canonical", tuple(self.canonical))

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return rebuilt_from_fields(self)


_Normalizer = Callable[[str, NormalizeContext], NormalizedValue]

_TRANSFORMS: Final[dict[str, _Normalizer]] = {
    "id": lambda raw, ctx: normalize_identifier(raw),
    "name_part": lambda raw, ctx: normalize_name_part(raw),
    "full_name": lambda raw, ctx: normalize_full_name(raw),
    "text": lambda raw, ctx: normalize_text(raw),
    "email": lambda raw, ctx: normalize_email(raw),
    "phone": lambda raw, ctx: normalize_phone(raw, ctx.region or ctx.country),
    "phone_extension": lambda raw, ctx: normalize_phone_extension(raw),
    "region": lambda raw, ctx: normalize_region(raw, ctx.country),
    "postal_code": lambda raw, ctx: normalize_postal_code(raw, ctx.country),
    "country": lambda raw, ctx: normalize_country(raw),
    "enum": lambda raw, ctx: normalize_enum(raw, ctx.vocabulary, ctx.canonical),
    "url": lambda raw, ctx: normalize_url(raw),
    "date": lambda raw, ctx: normalize_date(raw, ctx.date_order),
    "datetime": lambda raw, ctx: normalize_datetime(raw, ctx.date_order),
    "boolean": lambda raw, ctx: normalize_boolean(raw),
    "tags": lambda raw, ctx: normalize_tags(raw),
    "company_name": lambda raw, ctx: normalize_company_name(raw),
    "domain": lambda raw, ctx: normalize_domain(raw),
    "integer": lambda raw, ctx: normalize_integer(raw),
    "money": lambda raw, ctx: normalize_money(raw, ctx.currency),
    "currency": lambda raw, ctx: normalize_currency(raw),
    "percent": lambda raw, ctx: normalize_percent(raw),
    "duration": lambda raw, ctx: normalize_duration_seconds(raw),
}

#: The transform names this registry knows (those of `targets.py`).
KNOWN_TRANSFORMS: Final = frozenset(_TRANSFORMS)


def normalize_value(transform: str, raw: str, ctx: NormalizeContext) -> NormalizedValue:
    """Normalize one raw cell with the named transform; an unknown name is a programming error."""
    try:
        normalizer = _TRANSFORMS[transform]
    except KeyError:
        raise ValueError(f"unknown transform {transform!r}") from None
    return normalizer(raw, ctx)
