"""The review decisions about who incoming people are (pure: plain values in, decisions out).

It owns the identity questions of a batch. A person in doubt against the canonical graph (an
`ambiguous` or `conflict` outcome, or a new client whose rows give an e-mail address or source
id that stored clients already hold) gets one decision, on the row that creates its client,
that lists every existing candidate, the holders of those identifiers, the clients of the same
file that a doubt inside the file pairs it with, and the conflicting evidence: one answer (a
candidate, or a new client without the held identifiers) settles who the row is, and no second
question about the same row and client can contradict it. Doubts inside the file among rows
that no such decision covers become a merge of their clients that waits for an operator
(merge, or keep separate). Matching itself is `matching/`'s; which rows and entities a batch
holds is `identity_resolution_service.py`'s, and which identifiers stored clients hold is
`person_matching.py`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backend.contracts.review import DecisionOption, Evidence
from backend.services.client_graph.matching import (
    BatchLink,
    Candidate,
    MatchOutcome,
    ScoringModel,
)
from backend.services.client_graph.policy import Policy
from backend.services.client_graph.proposals import KnownEntity, ProposalBuilder

#: How the question and the options name a held identifier's field.
_IDENTIFIER_WORDS = {"email": "e-mail", "email_secondary": "e-mail", "source_id": "source id"}
#: At most this many holders of one identifier are offered in a row's decision (a placeholder
#: address may be held by thousands of clients); its question says how many hold it.
MAX_OFFERED_HOLDERS = 5


@dataclass(frozen=True)
class HeldIdentifier:
    """An e-mail address or source id that rows of a new client give and stored clients already
    hold: it is kept off the new client, so that it never ends up on two clients, and the row's
    decision offers its holders (the first few by id; `held_by` counts them all)."""

    field: str
    value: str
    holders: tuple[KnownEntity, ...]
    held_by: int

    def describe(self) -> str:
        """The identifier in words ("e-mail ann.lee@acme.com")."""
        return describe_identifier(self.field, self.value)


def describe_identifier(field: str, value: str) -> str:
    """An e-mail address or source id in words ("e-mail ann.lee@acme.com")."""
    return f"{_IDENTIFIER_WORDS.get(field, field)} {value}"


@dataclass(frozen=True)
class IdentityQuestion:
    """An incoming person whose client is in doubt against the canonical graph: its new client,
    the matcher's outcome, the row (and its deltas) that create that client, and the identifiers
    its rows give that stored clients hold."""

    entity: KnownEntity
    outcome: MatchOutcome
    row: int
    delta_ids: tuple[str, ...]
    held: tuple[HeldIdentifier, ...] = ()


@dataclass(frozen=True)
class FileDoubt:
    """Rows of one file that may be one person (a weak chain, an uncertain pair, a shared
    e-mail without a shared name), with the scored pairs among them as (row, row, link)."""

    rows: tuple[int, ...]
    pairs: tuple[tuple[int, int, BatchLink], ...]
    reason: str
    conflict: bool


@dataclass(frozen=True)
class _Partner:
    """A client of the same file that a doubt pairs an asked person's client with."""

    entity: KnownEntity
    row: int
    link: BatchLink | None
    doubt: FileDoubt


def withheld_evidence(held: Mapping[tuple[str, str], Sequence[str]]) -> list[Evidence]:
    """The evidence lines of a row's deltas for the identifiers kept off its client, keyed by
    (field, value) with their holders."""
    lines = []
    for (name, value), holders in held.items():
        named = ", ".join(holders[:MAX_OFFERED_HOLDERS])
        if len(holders) > MAX_OFFERED_HOLDERS:
            named += " and others"
        text = f"{describe_identifier(name, value)} already belongs to {named}"
        text += "; not given to this client"
        lines.append(Evidence(field=name, outcome="held", weight=None, text=text))
    return lines


def scored_evidence(candidate: Candidate | BatchLink, scoring: ScoringModel) -> list[Evidence]:
    """A scored pair's comparisons, and the line naming the model that weighed them."""
    lines = [
        Evidence(field=c.field, outcome=c.level, weight=round(c.weight, 2), text=c.text)
        for c in candidate.evidence
    ]
    lines.append(model_line(scoring))
    return lines


def model_line(scoring: ScoringModel) -> Evidence:
    """The evidence line naming the match model that scored a batch."""
    return Evidence(field="model", outcome=scoring.name, weight=None, text=scoring.describe())


def identity_decisions(
    builder: ProposalBuilder,
    *,
    questions: Sequence[IdentityQuestion],
    doubts: Sequence[FileDoubt],
    clients: Mapping[int, KnownEntity],
    policy: Policy,
    scoring: ScoringModel,
) -> None:
    """Every identity decision of a batch: one per person in doubt against the graph (carrying
    the doubts inside the file that involve it), then a merge decision per doubt inside the file
    among the rows left."""
    asked = {question.entity.id for question in questions}
    involving = _doubts_by_client(doubts, clients)
    for question in questions:
        partners = _partners(question.entity, involving.get(question.entity.id, []), clients)
        _ask_who(builder, question, partners, policy, scoring)
    for doubt in doubts:
        _ask_merge(builder, doubt, clients, asked, scoring)


def _doubts_by_client(
    doubts: Sequence[FileDoubt], clients: Mapping[int, KnownEntity]
) -> dict[str, list[FileDoubt]]:
    """The doubts inside the file that involve each client (by id), in order: read once for
    all the questions, as a large file may have thousands of both."""
    involving: dict[str, list[FileDoubt]] = {}
    for doubt in doubts:
        for entity_id in dict.fromkeys(clients[r].id for r in doubt.rows if r in clients):
            involving.setdefault(entity_id, []).append(doubt)
    return involving


def _partners(
    entity: KnownEntity, doubts: Sequence[FileDoubt], clients: Mapping[int, KnownEntity]
) -> list[_Partner]:
    """The other clients of the doubts that involve this client (`doubts`), each once, with the
    strongest scored pair that joins it to this client (none when only a chain of other rows
    does)."""
    found: dict[str, _Partner] = {}
    for doubt in doubts:
        for row in doubt.rows:
            other = clients.get(row)
            if other is None or other.id == entity.id:
                continue
            link = _strongest_pair(entity, row, doubt, clients)
            known = found.get(other.id)
            if known is None or _probability(link) > _probability(known.link):
                found[other.id] = _Partner(other, row, link, doubt)
    return list(found.values())


def _strongest_pair(
    entity: KnownEntity, row: int, doubt: FileDoubt, clients: Mapping[int, KnownEntity]
) -> BatchLink | None:
    def is_entity(other: int) -> bool:
        return other in clients and clients[other].id == entity.id

    links = [
        link
        for a, b, link in doubt.pairs
        if (a == row and is_entity(b)) or (b == row and is_entity(a))
    ]
    return max(links, key=lambda link: link.probability, default=None)


def _probability(link: BatchLink | None) -> float:
    return link.probability if link is not None else -1.0


def _ask_who(
    builder: ProposalBuilder,
    question: IdentityQuestion,
    partners: Sequence[_Partner],
    policy: Policy,
    scoring: ScoringModel,
) -> None:
    """One decision about who the row is: an existing candidate (or a client of the same file
    that already exists, or a holder of an identifier its rows give), or a new client without
    the held identifiers. A client of the same file that is new itself is shown, not offered:
    its row's answer cannot settle this one's."""
    outcome, entity, held = question.outcome, question.entity, question.held
    conflict = (
        outcome.decision == "conflict" or bool(held) or any(p.doubt.conflict for p in partners)
    )
    options = [
        DecisionOption(
            id=f"match:{c.key}", label=f"Same as {c.key} ({c.probability:.0%})", target_id=c.key
        )
        for c in outcome.candidates
    ]
    offered = {c.key for c in outcome.candidates}
    in_file = [p.entity.id for p in partners if p.entity.exists and p.entity.id not in offered]
    options += [
        DecisionOption(
            id=f"match:{p.entity.id}",
            label=f"Same as {p.entity.id} (row {p.row} of this file)",
            target_id=p.entity.id,
        )
        for p in partners
        if p.entity.id in in_file
    ]
    holders = _holders(held, offered | set(in_file))
    options += [
        DecisionOption(
            id=f"match:{h.id}",
            label=f"Same as {h.id} ({h.label or 'no name'}), who holds "
            + ", ".join(_holds(h.id, held)),
            target_id=h.id,
        )
        for h in holders
    ]
    options.append(DecisionOption(id="create_new", label=_create_label(held)))
    builder.decide(
        kind="identity_conflict" if conflict else "ambiguous_match",
        risk="high" if conflict else "medium",
        question=_who_question(entity, outcome, partners, held),
        options=options,
        recommended=_recommended(outcome, conflict, policy),
        evidence=[_candidate_evidence(c, held, scoring) for c in outcome.candidates]
        + [_partner_evidence(p, p.entity.id in in_file, scoring) for p in partners]
        + [_holder_evidence(h, outcome, held, scoring) for h in holders],
        delta_ids=list(question.delta_ids),
        # The clients it offers: "create new" remembers that the row is none of them.
        client_ids=[*(c.key for c in outcome.candidates), *in_file, *(h.id for h in holders)],
    )


def _holders(held: Sequence[HeldIdentifier], offered: set[str]) -> list[KnownEntity]:
    """The holders of the held identifiers not offered otherwise, each once, in order."""
    found: dict[str, KnownEntity] = {}
    for item in held:
        for holder in item.holders:
            if holder.id not in offered:
                found.setdefault(holder.id, holder)
    return list(found.values())


def _holds(client_id: str, held: Sequence[HeldIdentifier]) -> list[str]:
    """The held identifiers a stored client holds, in words."""
    return [item.describe() for item in held if any(h.id == client_id for h in item.holders)]


def _create_label(held: Sequence[HeldIdentifier]) -> str:
    if not held:
        return "Create a new client"
    described = ", ".join(dict.fromkeys(item.describe() for item in held))
    return f"A different person: create a new client without {described}"


def _candidate_evidence(
    candidate: Candidate, held: Sequence[HeldIdentifier], scoring: ScoringModel
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "candidate": candidate.key,
        "probability": round(candidate.probability, 4),
        "previously_rejected": candidate.previously_rejected,
        "comparisons": [e.model_dump() for e in scored_evidence(candidate, scoring)],
    }
    if holds := _holds(candidate.key, held):
        item["holds"] = holds
    return item


def _holder_evidence(
    holder: KnownEntity,
    outcome: MatchOutcome,
    held: Sequence[HeldIdentifier],
    scoring: ScoringModel,
) -> dict[str, Any]:
    """A stored client offered because it holds an identifier the row gives: what it holds, and
    the matcher's comparison of the two when it scored them."""
    holds = _holds(holder.id, held)
    lines = [
        Evidence(field="identifier", outcome="held", weight=None, text=f"{holder.id} holds {h}")
        for h in holds
    ]
    scored = next((c for c in outcome.holders if c.key == holder.id), None)
    if scored is not None:
        lines += scored_evidence(scored, scoring)
    return {
        "candidate": holder.id,
        "probability": round(scored.probability, 4) if scored is not None else None,
        "previously_rejected": scored.previously_rejected if scored is not None else False,
        "holds": holds,
        "comparisons": [line.model_dump() for line in lines],
    }


def _recommended(outcome: MatchOutcome, conflict: bool, policy: Policy) -> str:
    """The likeliest candidate when nothing conflicts and it is past the middle of the review
    band; otherwise a new client (an operator's merge is never the default)."""
    best = outcome.best
    midpoint = (policy.match_threshold + policy.review_threshold) / 2
    if best and not conflict and outcome.decision == "ambiguous" and best.probability >= midpoint:
        return f"match:{best.key}"
    return "create_new"


def _who_question(
    entity: KnownEntity,
    outcome: MatchOutcome,
    partners: Sequence[_Partner],
    held: Sequence[HeldIdentifier],
) -> str:
    text = f"Is {entity.label or 'this record'} the same person as an existing client?"
    conflicts = [outcome.conflict] if outcome.conflict else []
    conflicts += [_held_reason(item) for item in held]
    if conflicts:
        text = f"{'; '.join(conflicts)}. {text}"
    if not partners:
        return text
    named = ", ".join(f"row {p.row} ({p.entity.label or p.entity.id})" for p in partners)
    reasons = "; ".join(dict.fromkeys(p.doubt.reason for p in partners))
    return f"{text} Also in this file, {named}: {reasons}."


def _held_reason(item: HeldIdentifier) -> str:
    named = ", ".join(f"{h.id} ({h.label or 'no name'})" for h in item.holders)
    others = item.held_by - len(item.holders)
    if others > 0:
        named += f" and {others} other client{'s' if others > 1 else ''}"
    return f"{item.describe()} already belongs to {named}"


def _partner_evidence(partner: _Partner, offered: bool, scoring: ScoringModel) -> dict[str, Any]:
    """A client of the same file beside the candidates: the pair's score and comparisons, and,
    when it is offered (it already exists), its id as a `candidate` like the others."""
    link = partner.link
    item: dict[str, Any] = {
        "in_file_row": partner.row,
        "client_id": partner.entity.id,
        "existing": partner.entity.exists,
        "reason": partner.doubt.reason,
        "probability": round(link.probability, 4) if link else None,
        "previously_rejected": False,
        "comparisons": [e.model_dump() for e in scored_evidence(link, scoring)] if link else [],
    }
    if offered:
        item["candidate"] = partner.entity.id
    return item


def _ask_merge(
    builder: ProposalBuilder,
    doubt: FileDoubt,
    clients: Mapping[int, KnownEntity],
    asked: set[str],
    scoring: ScoringModel,
) -> None:
    """A merge of the clients that a doubt inside the file joins, waiting for an operator: an
    `identity_conflict` when rows share an e-mail but not a name, else an `identity_merge`.
    Clients whose rows already have a decision about who they are stay out of it."""
    rows = [r for r in doubt.rows if r in clients and clients[r].id not in asked]
    distinct = {clients[r].id: clients[r] for r in rows}
    if len(distinct) < 2:
        return
    # An existing client survives the merge: ids already in use are never renamed.
    entities = sorted(distinct.values(), key=lambda entity: not entity.exists)
    named = ", ".join(f"row {r} ({clients[r].label or clients[r].id})" for r in rows)
    pairs = [(a, b, link) for a, b, link in doubt.pairs if a in rows and b in rows]
    builder.propose_merge(
        entities,
        kind="identity_conflict" if doubt.conflict else "identity_merge",
        question=f"Are {named} one person? In this file, {doubt.reason}.",
        score=max((link.probability for _, _, link in doubt.pairs), default=None),
        evidence=[
            Evidence(field="batch", outcome="doubt", weight=None, text=doubt.reason),
            model_line(scoring),
        ],
        decision_evidence=[
            {
                "candidate": clients[b].id,
                "paired_with": clients[a].id,
                "rows": [a, b],
                "probability": round(link.probability, 4),
                "previously_rejected": False,
                "comparisons": [e.model_dump() for e in scored_evidence(link, scoring)],
            }
            for a, b, link in pairs
        ],
    )
