"""Duplicates inside one batch: rows joined into people by matches, with doubts sent to review.

It owns `cluster_within_batch`: rows are blocked and scored against each other like incoming
against existing records; pairs at or above the match threshold join their rows (transitively,
union-find). Transitivity is explained, not trusted blindly: a cluster in which two members'
own comparison weighs against them (a negative weight: what they hold disagrees more than it
agrees) while the strongest chain of matches between them, updated by that weight, falls below
the match threshold is held together only by a weak chain, and one in which two rows share an
e-mail but not a name is a conflict; the rows of such a cluster stay apart and the cluster becomes a
`BatchReview`. Members that merely lack evidence of each other (one row has the e-mail, another
the phone) are joined. A pair between the thresholds, or two rows sharing an e-mail but not a
name, in different clusters, is a review too; reviews that share a cluster are one review. It
does not look at existing records.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Final

from .blocking import BlockIndex, blocking_keys, probe_keys
from .collector import paused_collector
from .comparisons import Levels
from .features import RecordFeatures, extract_features
from .judging import PairJudge, shared_link
from .model import MatchModel, default_match_model, probability
from .records import BatchCluster, BatchClustering, BatchLink, BatchReview, PersonRecord
from .scoring import Scorer, signed

#: Clusters larger than this are not checked pair by pair; their size alone asks for review.
MAX_CHECKED_CLUSTER: Final = 50


def _shares_email_not_name(levels: Levels) -> bool:
    return levels[2] in ("exact", "household") and "different" in (levels[0], levels[1])


@dataclass
class _ScoredPair:
    first: int
    second: int
    levels: Levels
    link: BatchLink


@dataclass
class _Doubt:
    """Rows (positions) that must not be joined without an operator, and why."""

    positions: list[int]
    reason: str
    conflict: bool


def _root(parents: list[int], i: int) -> int:
    while parents[i] != i:
        parents[i] = parents[parents[i]]
        i = parents[i]
    return i


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

    def conflict_text(self, pair: _ScoredPair) -> str:
        """The words of two rows sharing an e-mail but not a name."""
        shared = self.features[pair.first].emails & self.features[pair.second].emails
        return f"two rows share e-mail {min(shared)} but not a name ({', '.join(pair.link.keys)})"

    def weak_chain(
        self, members: list[int], direct: dict[tuple[int, int], BatchLink]
    ) -> str | None:
        """Why a cluster's transitivity is doubtful, or None when it holds: two members whose
        own comparison weighs against them (a negative weight) while their strongest chain of
        matches, updated by that weight, no longer reaches the match threshold."""
        if len(members) > MAX_CHECKED_CLUSTER:
            return f"{len(members)} rows are joined into one cluster; check the chain"
        chains: dict[tuple[int, int], float] = {}
        match = self.judge.match_threshold
        for i, j in combinations(members, 2):
            link = direct.get((i, j))
            if link is None:
                weight, levels = self.judge.scorer.score(self.features[i], self.features[j])
                link = self.link(i, j, weight, levels)
            if link.probability >= self.judge.review_threshold or link.weight >= 0:
                continue
            chains = chains or _strongest_chains(members, direct, match)
            chain = chains.get((i, j), 0.0)
            # The chain takes the place of the prior; the pair's own evidence updates it.
            if chain >= 1.0 or probability(link.weight, _log_odds(chain)) >= match:
                continue
            a, b = link.keys
            return (
                f"{a} and {b} are joined only through other rows (chain {chain:.2f}), and "
                f"their own comparison weighs against it ({signed(link.weight)})"
            )
        return None


def _log_odds(chance: float) -> float:
    return math.log2(chance / (1.0 - chance)) if 0.0 < chance < 1.0 else -math.inf


def _strongest_chains(
    members: list[int], direct: dict[tuple[int, int], BatchLink], match_threshold: float
) -> dict[tuple[int, int], float]:
    """Between every two members, the highest product of match probabilities along a path of
    matches: the chance that every link of the chain is right."""
    strength = {(i, i): 1.0 for i in members}
    for i, j in combinations(members, 2):
        link = direct.get((i, j))
        if link is not None and link.probability >= match_threshold:
            strength[(i, j)] = strength[(j, i)] = link.probability
    for k in members:
        for i in members:
            through = strength.get((i, k))
            if through is None:
                continue
            for j in members:
                onward = strength.get((k, j))
                if onward is not None and through * onward > strength.get((i, j), 0.0):
                    strength[(i, j)] = through * onward
    return strength


def _doubts_inside(
    batch: _Batch, members: dict[int, list[int]], pairs: list[_ScoredPair], parents: list[int]
) -> dict[int, _Doubt]:
    """Per cluster root: the weak chain or conflicts that keep its rows apart."""
    direct = {(pair.first, pair.second): pair.link for pair in pairs}
    conflicts: dict[int, list[str]] = {}
    for pair in pairs:
        root = _root(parents, pair.first)
        if root == _root(parents, pair.second) and _shares_email_not_name(pair.levels):
            conflicts.setdefault(root, []).append(batch.conflict_text(pair))
    doubts: dict[int, _Doubt] = {}
    for root, positions in members.items():
        if len(positions) < 2:
            continue
        weak = batch.weak_chain(positions, direct) if len(positions) > 2 else None
        reasons = [weak] if weak else []
        reasons += conflicts.get(root, [])
        if reasons:
            doubts[root] = _Doubt(positions, "; ".join(reasons), root in conflicts)
    return doubts


def _doubts_between(batch: _Batch, pairs: list[_ScoredPair], person_of: list[int]) -> list[_Doubt]:
    """Uncertain pairs and shared e-mails between rows that are different people."""
    doubts = []
    for pair in pairs:
        if person_of[pair.first] == person_of[pair.second]:
            continue
        positions = [pair.first, pair.second]
        if _shares_email_not_name(pair.levels):
            doubts.append(_Doubt(positions, batch.conflict_text(pair), True))
        elif batch.judge.review_threshold <= pair.link.probability < batch.judge.match_threshold:
            keys, chance = pair.link.keys, pair.link.probability
            doubts.append(
                _Doubt(positions, f"uncertain match {keys[0]}~{keys[1]} ({chance:.2f})", False)
            )
    return doubts


def _reviews(
    batch: _Batch, people: list[list[int]], doubts: list[_Doubt], pairs: list[_ScoredPair]
) -> list[BatchReview]:
    """Doubts joined into one review per group of people they touch, in input order."""
    person_of = {position: index for index, person in enumerate(people) for position in person}
    parents = list(range(len(people)))
    for doubt in doubts:
        first = person_of[doubt.positions[0]]
        for position in doubt.positions[1:]:
            parents[_root(parents, person_of[position])] = _root(parents, first)
    grouped: dict[int, list[_Doubt]] = {}
    for doubt in doubts:
        grouped.setdefault(_root(parents, person_of[doubt.positions[0]]), []).append(doubt)
    rows: dict[int, list[int]] = {}
    for index, person in enumerate(people):
        if (root := _root(parents, index)) in grouped:
            rows.setdefault(root, []).extend(person)
    links: dict[int, list[BatchLink]] = {}
    for pair in pairs:
        root = _root(parents, person_of[pair.first])
        if root in grouped and root == _root(parents, person_of[pair.second]):
            links.setdefault(root, []).append(pair.link)
    reviews = []
    for root, group in sorted(grouped.items(), key=lambda item: min(rows[item[0]])):
        reviews.append(
            BatchReview(
                keys=tuple(batch.features[p].record.key for p in sorted(rows[root])),
                links=tuple(links.get(root, ())),
                reason="; ".join(dict.fromkeys(d.reason for d in group)),
                conflict=any(d.conflict for d in group),
            )
        )
    return reviews


def cluster_within_batch(
    incoming: Sequence[PersonRecord],
    *,
    match_threshold: float,
    review_threshold: float,
    model: MatchModel | None = None,
) -> BatchClustering:
    """The rows of one batch as people (clusters in input order) and the reviews among them."""
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
    members: dict[int, list[int]] = {}
    for position in range(len(features)):
        members.setdefault(_root(parents, position), []).append(position)
    inside = _doubts_inside(batch, members, pairs, parents)
    people: list[list[int]] = []
    for root, positions in members.items():
        people.extend([[p] for p in positions] if root in inside else [positions])
    people.sort(key=lambda person: person[0])
    person_of = [0] * len(features)
    for index, person in enumerate(people):
        for position in person:
            person_of[position] = index
    doubts = [*inside.values(), *_doubts_between(batch, pairs, person_of)]
    joined: dict[int, list[BatchLink]] = {}
    for pair in pairs:
        same = person_of[pair.first] == person_of[pair.second]
        if same and pair.link.probability >= match_threshold:
            joined.setdefault(person_of[pair.first], []).append(pair.link)
    clusters = tuple(
        BatchCluster(
            keys=tuple(features[p].record.key for p in person),
            links=tuple(joined.get(index, ())),
        )
        for index, person in enumerate(people)
    )
    return BatchClustering(clusters, tuple(_reviews(batch, people, doubts, pairs)))
