"""The linkage engine seam: one protocol, the in-process engine, and the path to scale out.

`LinkageEngine` is what `identity_resolution_service.py` depends on: match incoming records
against existing ones, and cluster the duplicates inside one batch. `InProcessEngine` runs the
pure-Python core of this package (dict-index blocking, per-value caches, one process: forked
workers were measured slower, because reference counting copies the shared pages); it handles
100,000 incoming against 1,000,000 existing records in about 75 s, model estimation included
(`bench/identity.py`). Past that, the same model scales out on Splink:
`to_splink_settings(model)` (in `splink_settings.py`) maps every comparison, level, m and u,
the tf adjustment and the prior onto a Splink settings dictionary, and `splink_input_rows`
produces the derived columns it reads, so a `Linker` on DuckDB (one machine, tens of millions
of rows) or on Spark (a cluster) scores pairs with the same weights. Checked against Splink
5.0.0 on DuckDB (not a dependency of this project): the settings validate and predict on
FEBRL3, with every pair at 0.9 or above a true one; Splink 5 takes its inputs registered as
`SplinkDataFrame`s (`DuckDBAPI().register(table)`), and `link_and_dedupe` wants two of them
(existing and incoming) or a `source_dataset` column. A Splink-backed engine then implements this
protocol by running `linker.inference.predict()`, applying the deterministic source-link rule
and the caps of `judging.py` to its pairs, and deciding as `resolve.py` does; that engine is
not written yet because the in-process one meets the stated volumes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .clustering import cluster_within_batch
from .model import MatchModel, default_match_model
from .records import BatchClustering, MatchOutcome, PersonRecord
from .resolve import match_incoming


class LinkageEngine(Protocol):
    """Finds the same people among records; in-process or distributed, one model."""

    def match_incoming(
        self,
        incoming: Sequence[PersonRecord],
        existing: Sequence[PersonRecord],
        *,
        match_threshold: float,
        review_threshold: float,
        rejected_pairs: Collection[frozenset[str]] = (),
    ) -> list[MatchOutcome]:
        """One outcome per incoming record against the existing ones."""
        ...

    def cluster_within_batch(
        self, incoming: Sequence[PersonRecord], *, match_threshold: float, review_threshold: float
    ) -> BatchClustering:
        """The rows of one batch as people, and the doubts among them for review."""
        ...


@dataclass(frozen=True)
class InProcessEngine:
    """The pure-Python engine of this package, under one match model."""

    model: MatchModel = field(default_factory=default_match_model)

    def match_incoming(
        self,
        incoming: Sequence[PersonRecord],
        existing: Sequence[PersonRecord],
        *,
        match_threshold: float,
        review_threshold: float,
        rejected_pairs: Collection[frozenset[str]] = (),
    ) -> list[MatchOutcome]:
        """One outcome per incoming record against the existing ones."""
        return match_incoming(
            incoming,
            existing,
            match_threshold=match_threshold,
            review_threshold=review_threshold,
            rejected_pairs=rejected_pairs,
            model=self.model,
        )

    def cluster_within_batch(
        self, incoming: Sequence[PersonRecord], *, match_threshold: float, review_threshold: float
    ) -> BatchClustering:
        """The rows of one batch as people, and the doubts among them for review."""
        return cluster_within_batch(
            incoming,
            match_threshold=match_threshold,
            review_threshold=review_threshold,
            model=self.model,
        )
