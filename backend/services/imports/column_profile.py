"""Streaming column statistics for the mapping stage: fill rate, an approximate distinct count
(a k-minimum-values sketch, exact below k values), a few samples and the kinds of values seen.
Memory per column is bounded whatever the file size."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from backend.contracts.imports import ColumnStats
from backend.services.imports.value_kinds import value_kind

SKETCH_SIZE = 1024
KIND_SAMPLE = 2000
SAMPLES_KEPT = 5
_HASH_SPACE = float(1 << 64)
_MASK64 = (1 << 64) - 1


def _hash64(value: str) -> int:
    # str hashing is SipHash: uniform, and consistent within the process that builds the sketch.
    return hash(value) & _MASK64


@dataclass
class _ColumnAccumulator:
    filled: int = 0
    heap: list[int] = field(default_factory=list)  # max-heap (negated) of the k smallest hashes
    members: set[int] = field(default_factory=set)
    samples: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    kinds_seen: int = 0

    def add(self, value: str) -> None:
        self.filled += 1
        hashed = _hash64(value)
        if hashed not in self.members:
            if len(self.heap) < SKETCH_SIZE:
                heapq.heappush(self.heap, -hashed)
                self.members.add(hashed)
            elif hashed < -self.heap[0]:
                evicted = -heapq.heappushpop(self.heap, -hashed)
                self.members.discard(evicted)
                self.members.add(hashed)
        if len(self.samples) < SAMPLES_KEPT and value not in self.samples:
            self.samples.append(value)
        if self.kinds_seen < KIND_SAMPLE:
            self.kinds_seen += 1
            self.kinds[value_kind(value)] += 1

    def distinct(self) -> int:
        if len(self.heap) < SKETCH_SIZE:
            return len(self.heap)
        kth = -self.heap[0]
        return int((SKETCH_SIZE - 1) / (kth / _HASH_SPACE))


class ColumnProfiler:
    """Accumulates statistics for every column of a table, row by row."""

    def __init__(self) -> None:
        self._columns: list[_ColumnAccumulator] = []
        self.rows = 0

    def add_row(self, cells: list[str]) -> None:
        """Account for one data row."""
        self.rows += 1
        while len(self._columns) < len(cells):
            self._columns.append(_ColumnAccumulator())
        for accumulator, cell in zip(self._columns, cells, strict=False):
            value = cell.strip()
            if value:
                accumulator.add(value)

    def result(self, names: list[str], originals: list[str]) -> list[ColumnStats]:
        """The statistics of every named column."""
        stats: list[ColumnStats] = []
        for index, name in enumerate(names):
            acc = self._columns[index] if index < len(self._columns) else _ColumnAccumulator()
            seen = max(acc.kinds_seen, 1)
            stats.append(
                ColumnStats(
                    index=index,
                    name=name,
                    original=originals[index],
                    fill_rate=round(acc.filled / self.rows, 4) if self.rows else 0.0,
                    distinct=acc.distinct(),
                    samples=acc.samples,
                    kinds={kind: round(count / seen, 4) for kind, count in acc.kinds.items()},
                )
            )
        return stats
