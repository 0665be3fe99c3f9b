"""Blocking: which pairs of records are worth scoring, found through dict indexes.

It owns the blocking rules (a union, like Splink's `blocking_rules_to_generate_predictions`):
the same e-mail, phone or source link; the same surname metaphone (or one part of a double
surname) with the same first initial, where a nickname's canonical initial counts too so that
Bob meets Robert, and names written the other way round meet their straight form; the same
first name with the same postal code (or city, without one); the same e-mail local part; the
same birth date; the same street address; and the same first name at the same company. Each
record yields its keys once and an index maps a key to the records holding it. A block larger
than the model's `max_block_size` is skipped, and the members of one larger than
`lone_block_size` are kept only when they share a second key (a common name alone says
little), so the cost grows with the number of records, not with its square. Source-link blocks
are never skipped: they are deterministic evidence. It does not score pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain

import jellyfish

from .features import RecordFeatures


@lru_cache(maxsize=1 << 16)
def _metaphone(word: str) -> str:
    return jellyfish.metaphone(word) or word


def probe_keys(features: RecordFeatures) -> list[str]:
    """The keys a record looks others up by: its own, plus its names the other way round, so
    that "Smith", "John" meets "John", "Smith" (indexed under its own keys only, so that two
    records with one name do not share this key as a second one)."""
    keys = blocking_keys(features)
    if features.first and features.last:
        keys.append(f"n{_metaphone(features.first)}|{features.last[0]}")
    return keys


def blocking_keys(features: RecordFeatures) -> list[str]:
    """The keys of every blocking rule a record satisfies (a one-letter rule prefix each)."""
    keys = [f"e{email}" for email in features.emails]
    keys.extend(f"p{phone}" for phone in features.phones)
    keys.extend(f"s{link}" for link in features.record.source_links)
    keys.extend(f"l{local}" for local in features.email_locals)
    if features.last:
        metas = [features.last_meta]
        if len(features.last_parts) > 1:
            metas.extend({_metaphone(p) for p in features.last_parts} - {features.last_meta})
        initials = features.initials or ("",)
        keys.extend(f"n{meta}|{initial}" for meta in metas for initial in initials)
    if features.first:
        names = features.first_canonical
        place = features.postal or features.city
        if place:
            keys.extend(f"f{name}|{place}" for name in names)
        if features.company:
            keys.extend(f"c{name}|{features.company}" for name in names)
    if features.birth:
        keys.append(f"b{features.birth}")
    if features.street:
        keys.append(f"a{features.street}")
    return list(dict.fromkeys(keys))


class BlockIndex:
    """Blocking key -> positions of the records holding it, over one sequence of records.

    A record meets the members of a block of up to `lone_block_size` on that key alone; the
    members of a larger block (up to `max_block_size`) only when they share a second key with
    it, so a common name in a big city costs a few comparisons, not hundreds.
    """

    def __init__(
        self, records: Sequence[RecordFeatures], *, max_block_size: int, lone_block_size: int
    ) -> None:
        self.max_block_size = max_block_size
        self.lone_block_size = lone_block_size
        self._blocks: defaultdict[str, list[int]] = defaultdict(list)
        for position, features in enumerate(records):
            self.add(position, blocking_keys(features))

    def add(self, position: int, keys: Iterable[str]) -> None:
        """Put the record at `position` into the blocks of its (distinct) keys."""
        blocks = self._blocks
        for key in keys:
            blocks[key].append(position)

    def candidates(self, keys: Iterable[str]) -> set[int]:
        """Positions sharing a key from a small block, or two keys, with a record."""
        found: set[int] = set()
        large: list[list[int]] = []
        blocks = self._blocks
        for key in keys:
            block = blocks.get(key)
            if block is None:
                continue
            size = len(block)
            if size <= self.lone_block_size or key[0] == "s":
                found.update(block)
            elif size <= self.max_block_size:
                large.append(block)
        if len(large) > 1:
            counts = Counter(chain.from_iterable(large))
            found.update(position for position, count in counts.items() if count > 1)
        return found

    def linked(self, features: RecordFeatures) -> list[int]:
        """Positions of the records sharing a source link with `features`, in index order."""
        found: set[int] = set()
        for link in features.record.source_links:
            found.update(self._blocks.get(f"s{link}", ()))
        return sorted(found)
