"""Duplicates inside one batch: rows joined into clusters by matches, with doubts made visible.

It owns `cluster_within_batch`: rows are blocked and scored against each other like incoming
against existing records; pairs at or above the match threshold join their rows (transitively,
union-find), so every row lands in exactly one `BatchCluster`. Transitivity is explained, not
trusted: a cluster in which two members score below the review threshold directly (joined only
through a chain) needs review, as does one with a pair between the thresholds, or two rows that
share an e-mail but not a name (flagged as a conflict). It does not look at existing records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Final

from .blocking import BlockIndex, blocking_keys, probe_keys
from .collector import paused_collector
from .comparisons import Levels
from .features import RecordFeatures, extract_features
from .judging import PairJudge, shared_link
from .model import MatchModel, default_match_model
from .records import BatchCluster, BatchLink, PersonRecord
from .scoring import Scorer

#: Clusters larger than this are not checked pair by pair; their size alone asks for review.
MAX_CHECKED_CLUSTER: Final = 50


def _shares_email_not_name(levels: Levels) -> bool:
    return levels[2] in ("exact", "household") and "different" in (levels[0], levels[1])


@dataclass
class _Notes:
    """What one cluster collected: its matches, its uncertain pairs, its conflicts."""

    links: list[BatchLink] = field(default_factory=list)
    uncertain: list[BatchLink] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class _ScoredPair:
    first: int
    second: int
    levels: Levels
    link: BatchLink


class _Batch:
    """The rows of one batch with their features, blocking index and judge."""

    def __init__(self, judge: PairJudge, features: list[RecordFeatures], model: MatchModel) -> None:
        self.judge = judge
        self.features = features
        self.probes = [probe_keys(f) for f in features]
        self.index = BlockIndex(
            (),
            max_block_size=model.blocking.max_block_size,
            lone_block_size=model.blocking.lone_block_size,
        )
        for position, row in enumerate(features):
            self.index.add(position, blocking_keys(row))

    def link(self, i: int, j: int, weight: float, levels: Levels) -> BatchLink:
        """The judged link between rows i and j."""
        a, b = self.features[i], self.features[j]
        candidate = self.judge.judge(a, b, weight, levels)
        keys = (a.record.key, b.record.key)
        return BatchLink(keys, candidate.probability, candidate.weight, candidate.evidence)

    def scored_pairs(self) -> list[_ScoredPair]:
        """Pairs worth keeping: above the review threshold, linked, or sharing an e-mail but
        not a name."""
        kept: list[_ScoredPair] = []
        scorer, features = self.judge.scorer, self.features
        review_weight = self.judge.review_weight
        for i, row in enumerate(features):
            for j in self.index.candidates(self.probes[i]):
                if j <= i:
                    continue
                weight, levels = scorer.score(row, features[j])
                if (
                    weight >= review_weight
                    or _shares_email_not_name(levels)
                    or shared_link(row, features[j])
                ):
                    kept.append(_ScoredPair(i, j, levels, self.link(i, j, weight, levels)))
        return kept

    def direct_probability(self, i: int, j: int) -> float:
        """The judged probability of a pair, scored now (for members of one cluster)."""
        weight, levels = self.judge.scorer.score(self.features[i], self.features[j])
        return self.link(i, j, weight, levels).probability

    def weak_chain(self, members: list[int], direct: dict[tuple[int, int], float]) -> str | None:
        """Why a cluster's transitivity is doubtful, or None when every pair holds on its own."""
        if len(members) > MAX_CHECKED_CLUSTER:
            return f"{len(members)} rows are joined into one cluster; check the chain"
        for i, j in combinations(members, 2):
            chance = direct.get((i, j))
            if chance is None:
                chance = self.direct_probability(i, j)
            if chance < self.judge.review_threshold:
                a, b = self.features[i].record.key, self.features[j].record.key
                return f"{a} and {b} are joined only through other rows (direct score {chance:.2f})"
        return None


def _root(parents: list[int], i: int) -> int:
    while parents[i] != i:
        parents[i] = parents[parents[i]]
        i = parents[i]
    return i


def _notes(pairs: list[_ScoredPair], parents: list[int], batch: _Batch) -> dict[int, _Notes]:
    """Per cluster root: the matches inside it, the uncertain pairs and conflicts touching it."""
    notes: dict[int, _Notes] = {}
    match, review = batch.judge.match_threshold, batch.judge.review_threshold
    for pair in pairs:
        link = pair.link
        roots = {_root(parents, pair.first), _root(parents, pair.second)}
        if link.probability >= match:
            notes.setdefault(roots.pop(), _Notes()).links.append(link)
            continue
        if _shares_email_not_name(pair.levels):
            shared = batch.features[pair.first].emails & batch.features[pair.second].emails
            text = f"two rows share e-mail {min(shared)} but not a name ({', '.join(link.keys)})"
            for root in roots:
                notes.setdefault(root, _Notes()).conflicts.append(text)
        if link.probability >= review:
            for root in roots:
                notes.setdefault(root, _Notes()).uncertain.append(link)
    return notes


def _cluster(
    batch: _Batch, positions: list[int], note: _Notes, direct: dict[tuple[int, int], float]
) -> BatchCluster:
    reasons = [
        f"uncertain match {u.keys[0]}~{u.keys[1]} ({u.probability:.2f})" for u in note.uncertain
    ]
    reasons.extend(note.conflicts)
    weak = batch.weak_chain(positions, direct) if len(positions) > 2 else None
    if weak:
        reasons.insert(0, weak)
    return BatchCluster(
        keys=tuple(batch.features[p].record.key for p in positions),
        links=tuple(note.links),
        uncertain=tuple(note.uncertain),
        needs_review=bool(reasons),
        reason="; ".join(reasons) or None,
        conflict="; ".join(note.conflicts) or None,
    )


def cluster_within_batch(
    incoming: Sequence[PersonRecord],
    *,
    match_threshold: float,
    review_threshold: float,
    model: MatchModel | None = None,
) -> list[BatchCluster]:
    """The rows of one batch grouped into clusters of one person each, in input order."""
    model = model or default_match_model()
    with paused_collector():
        (features,), stats = extract_features(
            [incoming], min_people=model.shared_identifier_min_people
        )
        judge = PairJudge(
            Scorer(model, stats, population=len(incoming)),
            match_threshold=match_threshold,
            review_threshold=review_threshold,
        )
        batch = _Batch(judge, features, model)
        pairs = batch.scored_pairs()
    parents = list(range(len(features)))
    for pair in pairs:
        if pair.link.probability >= match_threshold:
            parents[_root(parents, pair.first)] = _root(parents, pair.second)
    notes = _notes(pairs, parents, batch)
    direct = {(pair.first, pair.second): pair.link.probability for pair in pairs}
    members: dict[int, list[int]] = {}
    for position in range(len(features)):
        members.setdefault(_root(parents, position), []).append(position)
    return [
        _cluster(batch, positions, notes.get(root, _Notes()), direct)
        for root, positions in members.items()
    ]
