"""Stage 5, identity resolution: decide which canonical entity every staged row is about (an
existing one, one created earlier in the batch, or a new one), and propose the deltas and the
review decisions that follow, each with its score and evidence.

Deterministic evidence (source links, e-mail, domain, company key, content keys) is looked up
here with indexed queries, which is also the blocking for people; the probabilistic person
model is `matching/`, asked by `person_matching.py` (which also chooses and records the model
that scores the batch). Accounts are `account_resolution.py`'s, the entities known while
resolving `known_entities.py`'s, delta building `proposals.py`'s, and the identity decisions
(one per row and client in doubt, carrying every candidate; merges for doubts inside the
batch) `identity_decisions.py`'s. No client is proposed an e-mail address or source id that
another stored client holds (apply's duplicate guard would stop a create, and the identifier
would end up on two clients): the identifier is kept off it, and the row of a new client is
asked who it is (an existing client's row reaches here only when an operator kept it apart
from the holder).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from backend.contracts.common import EntityKind
from backend.contracts.mapping import MappingManifest
from backend.contracts.review import DecisionOption, Evidence
from backend.db.models import ImportBatch
from backend.repositories import (
    graph_repository,
    imports_repository,
    review_repository,
    staging_repository,
)
from backend.repositories.imports_repository import UnresolvedRow
from backend.services.client_graph import account_resolution, people, person_matching
from backend.services.client_graph.identity_decisions import (
    MAX_OFFERED_HOLDERS,
    FileDoubt,
    HeldIdentifier,
    IdentityQuestion,
    identity_decisions,
    scored_evidence,
    withheld_evidence,
)
from backend.services.client_graph.known_entities import (
    Registry,
    reference_only,
    staged_value,
    unknown_reference,
)
from backend.services.client_graph.matching import MatchOutcome
from backend.services.client_graph.person_matching import Row, row_of
from backend.services.client_graph.policy import Policy
from backend.services.client_graph.proposals import KnownEntity, ProposalBuilder, RowLink
from backend.services.client_graph.record_keys import content_key, source_link

LINK_ROLES = {
    ("client", "account"): "member",
    ("opportunity", "client"): "contact",
    ("opportunity", "account"): "account",
    ("interaction", "client"): "participant",
    ("interaction", "account"): "account",
    ("interaction", "opportunity"): "deal",
    ("interest", "client"): "interested",
}
KIND_ORDER: tuple[EntityKind, ...] = ("account", "client", "opportunity", "interaction", "interest")


def _resolve_clients(
    session: Session,
    batch: ImportBatch,
    rows: Sequence[Row],
    policy: Policy,
    registry: Registry,
    builder: ProposalBuilder,
    accounts: dict[int, KnownEntity],
    unknown: list[UnresolvedRow],
) -> tuple[dict[int, KnownEntity], person_matching.PeopleOfBatch, list[IdentityQuestion]]:
    """The client of every row (an existing one, or one created for its person) and what the
    matcher said about the batch; each person in doubt against the graph, and each new client
    whose rows give identifiers stored clients hold, becomes an identity question, asked on the
    row that creates its client."""
    matched = person_matching.match_people(session, batch, rows, policy)
    by_person: dict[int, KnownEntity] = {}
    found: dict[int, KnownEntity] = {}
    creating: dict[str, tuple[int, MatchOutcome, tuple[str, ...]]] = {}
    held_by_client: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(dict)
    for number, entities in rows:
        fields = entities.get("client")
        if fields is None:
            continue
        outcome = matched.outcomes[number]
        entity = by_person.get(matched.person[number])
        score, evidence = None, []
        if outcome.best is not None:
            score = round(outcome.best.probability, 4)
            evidence = scored_evidence(outcome.best, matched.scoring)
        elif entity is not None:
            score, evidence = _joined_in_batch(number, matched)
        if entity is None:
            if outcome.decision == "match" and outcome.best is not None:
                entity = registry.known("client", outcome.best.key, session)
            elif reference_only(fields):
                unknown.append(unknown_reference("client", number, fields))
                continue
            else:
                entity = registry.new(
                    "client",
                    people.label_of(
                        "client",
                        {k: staged_value(fields, k) for k in ("first_name", "last_name", "email")},
                    ),
                )
        by_person.setdefault(matched.person[number], entity)
        row_links = [RowLink("account", accounts[number], "member")] if number in accounts else []
        link = source_link(batch.source_system, "client", fields)
        emails = {name: staged_value(fields, name) for name in people.EMAIL_FIELDS}
        held = matched.held_by_others(emails, link, entity.id)
        if held:
            held_by_client[entity.id].update(held)
            fields = {k: v for k, v in fields.items() if (k, staged_value(fields, k)) not in held}
            link = None if ("source_id", link) in held else link
            evidence = [*evidence, *withheld_evidence(held)]
        made = builder.propose_row(
            entity,
            fields,
            row=number,
            links=row_links,
            source_link=link,
            score=score,
            evidence=evidence,
        )
        if made[0].op == "create":
            creating[entity.id] = (number, outcome, tuple(d.delta_id for d in made))
        found[number] = entity
    return found, matched, _questions(session, registry, creating, held_by_client)


def _questions(
    session: Session,
    registry: Registry,
    creating: Mapping[str, tuple[int, MatchOutcome, tuple[str, ...]]],
    held_by_client: Mapping[str, Mapping[tuple[str, str], list[str]]],
) -> list[IdentityQuestion]:
    """One question per new client in doubt, asked on the row that creates it: its person's
    outcome is ambiguous or a conflict, or its rows give identifiers stored clients hold."""
    registry.load(
        "client",
        (
            holder
            for entity_id in creating
            for holders in held_by_client.get(entity_id, {}).values()
            for holder in holders[:MAX_OFFERED_HOLDERS]
        ),
        session,
    )
    questions = []
    for entity_id, (number, outcome, delta_ids) in creating.items():
        held = tuple(
            HeldIdentifier(
                field=name,
                value=value,
                holders=tuple(
                    registry.entities[h]
                    for h in holders[:MAX_OFFERED_HOLDERS]
                    if h in registry.entities
                ),
                held_by=len(holders),
            )
            for (name, value), holders in held_by_client.get(entity_id, {}).items()
        )
        if outcome.decision in ("ambiguous", "conflict") or held:
            entity = registry.entities[entity_id]
            questions.append(IdentityQuestion(entity, outcome, number, delta_ids, held))
    return questions


def _joined_in_batch(
    number: int, matched: person_matching.PeopleOfBatch
) -> tuple[float | None, list[Evidence]]:
    """Why a row is the same new person as an earlier row of its file: the same source record,
    or the within-batch match that joined them."""
    first = matched.same_source.get(number)
    if first is not None:
        text = f"the same source record as row {first} of this file"
        return 1.0, [Evidence(field="source_id", outcome="equal", weight=None, text=text)]
    link = matched.joined.get(number)
    if link is None:
        return None, []
    return round(link.probability, 4), scored_evidence(link, matched.scoring)


def _file_doubts(matched: person_matching.PeopleOfBatch) -> list[FileDoubt]:
    """The matcher's doubts inside the batch, in row numbers."""
    return [
        FileDoubt(
            rows=tuple(row_of(key) for key in review.keys),
            pairs=tuple(
                (row_of(link.keys[0]), row_of(link.keys[1]), link) for link in review.links
            ),
            reason=review.reason,
            conflict=review.conflict,
        )
        for review in matched.reviews
    ]


def _resolve_keyed(
    session: Session,
    kind: EntityKind,
    rows: Sequence[Row],
    system: str | None,
    registry: Registry,
    builder: ProposalBuilder,
    anchors: Mapping[str, dict[int, KnownEntity]],
) -> dict[int, KnownEntity]:
    """Deals, activities and interests: by source link, else by a stable content key."""
    found: dict[int, KnownEntity] = {}
    staged = [(n, e[kind]) for n, e in rows if kind in e]
    anchor_of = {n: anchors["client"].get(n) for n, _ in staged}
    links = {link for _, f in staged if (link := source_link(system, kind, f))}
    keys = {n: content_key(kind, f, a.id if (a := anchor_of[n]) else None) for n, f in staged}
    by_link = graph_repository.entity_ids_by_source_links(session, kind, links)
    by_key = graph_repository.ids_by_column(
        session, kind, "content_key", {k for k in keys.values() if k}
    )
    batch_index: dict[str, KnownEntity] = {}
    for number, fields in staged:
        link, key = source_link(system, kind, fields), keys[number]
        probes = [p for p in (link and f"l:{link}", key and f"k:{key}") if p]
        entity = next((batch_index[p] for p in probes if p in batch_index), None)
        if entity is None:
            keyed = by_key.get(key or "") or []
            existing = by_link.get(link or "") or (keyed[0] if keyed else None)
            entity = (
                registry.known(kind, existing, session)
                if existing
                else registry.new(
                    kind, staged_value(fields, "name") or staged_value(fields, "subject")
                )
            )
            if key:
                entity.fields.setdefault("content_key", key)
        for probe in probes:
            batch_index.setdefault(probe, entity)
        row_links = [
            RowLink(other, found_map[number], LINK_ROLES[(kind, other)])
            for other, found_map in anchors.items()
            if (kind, other) in LINK_ROLES and number in found_map
        ]
        records = dict(fields)
        if key and not entity.exists and "content_key" not in records:
            records["content_key"] = {
                "value": key,
                "raw": None,
                "column": None,
                "transform": "content_key",
                "confidence": 1.0,
            }
        builder.propose_row(entity, records, row=number, links=row_links, source_link=link)
        found[number] = entity
    return found


def _column_decisions(
    session: Session, batch: ImportBatch, manifest: MappingManifest, builder: ProposalBuilder
) -> None:
    """A decision per column with no confident target and per date column of unknown order."""
    for item in manifest.unmapped:
        if item.disposition != "unresolved":
            continue
        options = [
            DecisionOption(id=f"map:{s.target}", label=f"Map to {s.target}")
            for s in item.suggestions
            if ".custom." not in s.target
        ]
        options += [
            DecisionOption(id="custom", label="Keep as a custom attribute"),
            DecisionOption(id="ignore", label="Ignore the column"),
        ]
        builder.decide(
            kind="unmapped_column",
            risk="low",
            question=f"Column {item.column!r} has no confident target; where should it go?",
            options=options,
            recommended="custom",
            evidence=[{"column": item.column, "samples": item.samples, "reason": item.reason}],
            delta_ids=[],
        )
    for field in imports_repository.list_unresolved(session, batch.id, limit=100_000):
        if field.reason == "ambiguous_value" and field.row is None:
            builder.decide(
                kind="ambiguous_value",
                risk="medium",
                question=field.message,
                options=[
                    DecisionOption(id="order:dmy", label="Day first (31/12/2024)"),
                    DecisionOption(id="order:mdy", label="Month first (12/31/2024)"),
                    DecisionOption(id="order:ymd", label="Year first (2024/12/31)"),
                ],
                recommended=None,
                evidence=[{"column": field.column, "samples": field.raw_value}],
                delta_ids=[],
            )


def resolve_batch(
    session: Session, batch: ImportBatch, policy: Policy, manifest: MappingManifest
) -> ProposalBuilder:
    """Propose the deltas and decisions of a normalized batch, and store them."""
    started = time.perf_counter()
    rows: list[Row] = list(staging_repository.iter_staged(session, batch.id))
    builder = ProposalBuilder(import_id=batch.id, writeback_id=None, system=batch.source_system)
    registry = Registry({})
    unknown: list[UnresolvedRow] = []
    accounts = account_resolution.resolve_accounts(
        session, rows, batch.source_system, registry, builder, unknown
    )
    clients, matched, questions = _resolve_clients(
        session, batch, rows, policy, registry, builder, accounts, unknown
    )
    anchors: dict[str, dict[int, KnownEntity]] = {"client": clients, "account": accounts}
    for kind in ("opportunity", "interaction", "interest"):
        anchors[kind] = _resolve_keyed(
            session, kind, rows, batch.source_system, registry, builder, anchors
        )
    # Merges come last, so that they move every link the batch adds to the merged clients.
    identity_decisions(
        builder,
        questions=questions,
        doubts=_file_doubts(matched),
        clients=clients,
        policy=policy,
        scoring=matched.scoring,
    )
    _column_decisions(session, batch, manifest, builder)
    review_repository.replace_proposals(session, batch.id, builder.deltas, builder.decisions)
    imports_repository.add_unresolved(session, batch.id, unknown)
    batch.counts = {
        **batch.counts,
        "deltas": delta_counts(builder.deltas),
        "unresolved_fields": batch.counts.get("unresolved_fields", 0) + len(unknown),
    }
    batch.status = "proposed"
    batch.timings = {**batch.timings, "resolve": round(time.perf_counter() - started, 4)}
    return builder


def delta_counts(deltas: Iterable[Any]) -> dict[str, dict[str, int]]:
    """Counts by entity and operation, as the ImportSummary shows them."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for delta in deltas:
        counts[delta.entity][delta.op] += 1
    return {entity: dict(ops) for entity, ops in counts.items()}
