"""The people of one batch, as the matcher sees them: which rows are one person, each
person's outcome against the canonical graph, the doubts among the rows, the match model
that scored them, and which of the rows' e-mail addresses and source ids stored clients already
hold (looked up as apply's duplicate guard looks them up, so that a new client is never
proposed with an identifier another client holds without an operator being asked). A person
matched to a stored client whose rows give an e-mail address that other stored clients hold,
and the matched one does not, is a conflict: matching it would put the address on two clients
(unless an operator kept the two apart before: then the address stays with its holder).

It loads the candidates (`people.py`), chooses the model - the one recorded with the batch or
with the batch it replays, else `model_for_batch` under the policy's `estimate_min_records` -
records it with the batch (`counts.match_model`: name, fingerprint, parameters) so that a
replay scores the same way, and asks the matcher (`matching/`). Deltas and decisions are
`identity_resolution_service.py`'s.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from backend.db.models import ImportBatch
from backend.repositories import graph_repository, imports_repository, review_repository
from backend.services.client_graph import people
from backend.services.client_graph.matching import (
    BatchLink,
    BatchReview,
    InProcessEngine,
    MatchModel,
    MatchOutcome,
    PersonRecord,
    ScoringModel,
    model_for_batch,
    scoring_model,
)
from backend.services.client_graph.policy import Policy

#: A staged row: its number and its fields per entity kind.
Row = tuple[int, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class PeopleOfBatch:
    """What the matcher said about a batch's client rows."""

    #: row -> the first row of the same person (shared source record, or a sure cluster)
    person: dict[int, int]
    #: row -> its person's outcome against the canonical graph
    outcomes: dict[int, MatchOutcome]
    #: doubts among the rows (weak chains, uncertain pairs, shared e-mails) for review
    reviews: tuple[BatchReview, ...]
    scoring: ScoringModel
    #: row -> the strongest within-batch match joining it to its person's first row's cluster
    joined: dict[int, BatchLink]
    #: row -> the earlier row naming the same source record
    same_source: dict[int, int]
    #: e-mail address of a row -> the active stored clients holding it
    email_holders: dict[str, set[str]]
    #: source link of a row (`system:client:id`) -> the stored client holding it
    link_holders: dict[str, str]

    def held_by_others(
        self, emails: Mapping[str, str | None], link: str | None, client_id: str
    ) -> dict[tuple[str, str], list[str]]:
        """(field, value) -> the other stored clients holding it, for a row's e-mail addresses
        (by field) and its source link (as `source_id`); none that the row's client holds."""
        held: dict[tuple[str, str], list[str]] = {}
        for name, value in emails.items():
            holders = self.email_holders.get(value or "", set())
            if value and holders and client_id not in holders:
                held[(name, value)] = sorted(holders)
        holder = self.link_holders.get(link) if link else None
        if link and holder and holder != client_id:
            held[("source_id", link)] = [holder]
        return held


def row_of(key: str) -> int:
    """The row number of a matcher key (`row:12`)."""
    return int(key.split(":")[1])


def _scoring_model(
    session: Session, batch: ImportBatch, records: Sequence[PersonRecord], policy: Policy
) -> ScoringModel:
    """The model recorded for this batch (or the one it replays), else the one chosen now;
    recorded with the batch so that a replay scores with the same parameters."""
    sources = [batch]
    if batch.replay_of:
        sources.append(imports_repository.get_batch(session, batch.replay_of))
    recorded = next((r for b in sources if (r := (b.counts or {}).get("match_model"))), None)
    if recorded is not None:
        model = MatchModel.model_validate(recorded["parameters"])
        scoring = scoring_model(model, recorded["estimated_from"])
    else:
        scoring = model_for_batch(records, min_records=policy.estimate_min_records)
    batch.counts = {
        **batch.counts,
        "match_model": {
            "name": scoring.name,
            "fingerprint": scoring.fingerprint,
            "estimated_from": scoring.estimated_from,
            "parameters": scoring.model.model_dump(mode="json"),
        },
    }
    return scoring


_RANK = {"conflict": 0, "match": 1, "ambiguous": 2, "new": 3}


def _person_outcome(outcomes: Sequence[MatchOutcome]) -> MatchOutcome:
    """One person's outcome from those of its rows: the most decisive one, or a conflict when
    its rows match different existing clients; it carries the holders of every row's e-mail."""
    chosen = min(outcomes, key=lambda o: _RANK[o.decision])
    matched = {o.best.key: o.best for o in outcomes if o.decision == "match" and o.best}
    if len(matched) >= 2:
        first, second = list(matched)[:2]
        reason = f"rows of one person match both {first} and {second}"
        chosen = MatchOutcome(chosen.key, "conflict", chosen.best, tuple(matched.values()), reason)
    offered = {c.key for c in chosen.candidates}
    holders = {h.key: h for o in outcomes for h in o.holders if h.key not in offered}
    if tuple(holders.values()) == chosen.holders:
        return chosen
    return replace(chosen, holders=tuple(holders.values()))


def match_people(
    session: Session, batch: ImportBatch, rows: Sequence[Row], policy: Policy
) -> PeopleOfBatch:
    """Match the batch's people against the graph and against each other. Rows naming the same
    source record are one person to the matcher (asked once); other rows join as the
    within-batch clusters say."""
    system = batch.source_system
    representative: dict[int, int] = {}
    first_by_link: dict[str, int] = {}
    incoming: list[PersonRecord] = []
    emails_of: dict[int, tuple[str, ...]] = {}
    source_links: set[str] = set()
    for number, entities in rows:
        if "client" not in entities:
            continue
        record = people.from_staged(
            f"row:{number}", entities["client"], entities.get("account"), system
        )
        links = record.source_links
        emails_of[number] = record.emails
        source_links.update(links)
        first = next((first_by_link[k] for k in links if k in first_by_link), None)
        representative[number] = number if first is None else first
        for link in links:
            first_by_link.setdefault(link, representative[number])
        if first is None:
            incoming.append(record)
    email_holders = dict(
        graph_repository.client_ids_by_contact_values(
            session, "email", {e for emails in emails_of.values() for e in emails}
        )
    )
    link_holders = graph_repository.entity_ids_by_source_links(session, "client", source_links)
    existing = people.load_candidates(
        session, incoming, email_holders=email_holders, link_holders=link_holders
    )
    scoring = _scoring_model(session, batch, [*incoming, *existing.values()], policy)
    engine = InProcessEngine(scoring.model)
    thresholds = {
        "match_threshold": policy.match_threshold,
        "review_threshold": policy.review_threshold,
    }
    rejected = review_repository.rejected_pairs(session, "client")
    outcomes = engine.match_incoming(
        incoming, list(existing.values()), rejected_pairs=rejected, **thresholds
    )
    by_row = {row_of(o.key): o for o in outcomes}
    clustering = engine.cluster_within_batch(incoming, **thresholds)
    person_of: dict[int, int] = {}
    person_outcome: dict[int, MatchOutcome] = {}
    for cluster in clustering.clusters:
        members = [row_of(key) for key in cluster.keys]
        person_of.update((member, members[0]) for member in members)
        person_outcome[members[0]] = _person_outcome([by_row[m] for m in members])
    person = {number: person_of[first] for number, first in representative.items()}
    for number, first in person.items():
        person_outcome[first] = _held_elsewhere(
            person_outcome[first], emails_of[number], email_holders, rejected
        )
    joined: dict[int, BatchLink] = {}
    for cluster in clustering.clusters:
        for pair in cluster.links:
            for key in pair.keys:
                row = row_of(key)
                if row != person_of[row] and (
                    row not in joined or pair.probability > joined[row].probability
                ):
                    joined[row] = pair
    return PeopleOfBatch(
        person=person,
        outcomes={number: person_outcome[first] for number, first in person.items()},
        reviews=clustering.reviews,
        scoring=scoring,
        joined=joined,
        same_source={n: first for n, first in representative.items() if n != first},
        email_holders=email_holders,
        link_holders=link_holders,
    )


def _held_elsewhere(
    outcome: MatchOutcome,
    emails: Sequence[str],
    holders: Mapping[str, set[str]],
    rejected: Collection[frozenset[str]],
) -> MatchOutcome:
    """A match to a stored client, unless the row gives an e-mail address that other stored
    clients hold and the matched one does not: then a conflict, asked like the others. Holders
    an operator kept apart from the matched client before do not ask again (the address stays
    theirs)."""
    if outcome.decision != "match" or outcome.best is None:
        return outcome
    matched = outcome.best.key

    def foreign(email: str) -> bool:
        found = holders.get(email, set())
        return matched not in found and any(frozenset((matched, h)) not in rejected for h in found)

    foreign_emails = [email for email in emails if foreign(email)]
    if not foreign_emails:
        return outcome
    linked = any(c.field == "source_link" for c in outcome.best.evidence)
    witness = "source id" if linked else f"the score ({outcome.best.probability:.2f})"
    reason = f"{witness} says {matched}, who does not hold e-mail {foreign_emails[0]}"
    return replace(outcome, decision="conflict", conflict=reason)
