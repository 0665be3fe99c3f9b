"""Accounts of a batch: each staged row's account found by source link, then registrable domain,
then company key (indexed lookups), or created; stored accounts that one row's identifiers all
point to become a merge an operator decides. A row with a source id is never joined by domain or
name to an account that the same source system knows under another id: the source system says
they are two records (two companies can share a website, a mail domain or a name)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from backend.contracts.review import Evidence
from backend.repositories import graph_repository, review_repository
from backend.repositories.imports_repository import UnresolvedRow
from backend.services.client_graph.known_entities import (
    Registry,
    reference_only,
    staged_value,
    unknown_reference,
)
from backend.services.client_graph.person_matching import Row
from backend.services.client_graph.proposals import KnownEntity, ProposalBuilder
from backend.services.client_graph.record_keys import source_link


def resolve_accounts(
    session: Session,
    rows: Sequence[Row],
    system: str | None,
    registry: Registry,
    builder: ProposalBuilder,
    unknown: list[UnresolvedRow],
) -> dict[int, KnownEntity]:
    """Accounts by source link, then registrable domain, then company key."""
    found: dict[int, KnownEntity] = {}
    staged = [(n, e["account"]) for n, e in rows if "account" in e]
    links = {link for _, f in staged if (link := source_link(system, "account", f))}
    domains = {d for _, f in staged if (d := staged_value(f, "domain"))}
    keys = {k for _, f in staged if (k := staged_value(f, "name_key"))}
    by_link = graph_repository.entity_ids_by_source_links(session, "account", links)
    by_domain = graph_repository.ids_by_column(session, "account", "domain", domains)
    by_key = graph_repository.ids_by_column(session, "account", "name_key", keys)
    # account id -> its source links in this system: stored ones, then those the rows give
    known_as = _system_links(
        session, system, {i for ids in (*by_domain.values(), *by_key.values()) for i in ids}
    )
    batch_index: dict[str, KnownEntity] = {}
    raised: set[str] = set()  # accounts already in a conflict decision of this batch
    separate = (
        review_repository.rejected_pairs(session, "account") if by_domain or by_key else set()
    )
    for number, fields in staged:
        link = source_link(system, "account", fields)
        domain, key = staged_value(fields, "domain"), staged_value(fields, "name_key")
        probes = [
            p for p in (link and f"l:{link}", domain and f"d:{domain}", key and f"k:{key}") if p
        ]
        entity = next(
            (
                batch_index[p]
                for p in probes
                if p in batch_index and _may_be(batch_index[p].id, link, known_as)
            ),
            None,
        )
        evidence: list[Evidence] = []
        if entity is None:
            candidates = _account_candidates(
                by_link.get(link or ""),
                [i for i in by_domain.get(domain or "", []) if _may_be(i, link, known_as)],
                [i for i in by_key.get(key or "", []) if _may_be(i, link, known_as)],
            )
            if candidates:
                entity = registry.known("account", candidates[0][0], session)
                evidence = [
                    Evidence(field=f, outcome="equal", weight=None, text=f"{f} equal ({v})")
                    for _, f, v in candidates[:1]
                ]
                others = sorted({c for c, _, _ in candidates} - {entity.id} - raised)
                others = [o for o in others if frozenset((entity.id, o)) not in separate]
                if others:
                    raised.update((entity.id, *others))
                    _account_conflict(session, registry, builder, entity, others, candidates)
            elif reference_only(fields):
                unknown.append(unknown_reference("account", number, fields))
                continue
            else:
                entity = registry.new("account", staged_value(fields, "name"))
        for probe in probes:
            batch_index.setdefault(probe, entity)
        if link:
            known_as.setdefault(entity.id, set()).add(link)
        builder.propose_row(
            entity,
            fields,
            row=number,
            links=[],
            source_link=link,
            score=1.0 if entity.exists else None,
            evidence=evidence,
        )
        found[number] = entity
    return found


def _system_links(session: Session, system: str | None, ids: set[str]) -> dict[str, set[str]]:
    """The source links that stored accounts have in this batch's source system, by account."""
    found: dict[str, set[str]] = {}
    if system and ids:
        for row in graph_repository.source_links_of(session, "account", ids):
            if row.system == system:
                found.setdefault(row.entity_id, set()).add(
                    f"{row.system}:{row.object}:{row.source_id}"
                )
    return found


def _may_be(account_id: str, link: str | None, known_as: dict[str, set[str]]) -> bool:
    """Whether an account found by domain or name may be the row's record: a row without a
    source id may be any; one with an id, not an account its system knows under other ids."""
    return link is None or link in known_as.get(account_id, {link})


def _account_candidates(
    by_link: str | None, by_domain: list[str] | None, by_key: list[str] | None
) -> list[tuple[str, str, str]]:
    candidates = [(by_link, "source link", by_link)] if by_link else []
    candidates += [(i, "domain", i) for i in by_domain or []]
    candidates += [(i, "company name", i) for i in by_key or []]
    seen: set[str] = set()
    return [c for c in candidates if not (c[0] in seen or seen.add(c[0]))]  # type: ignore[func-returns-value]


def _account_conflict(
    session: Session,
    registry: Registry,
    builder: ProposalBuilder,
    entity: KnownEntity,
    others: list[str],
    candidates: list[tuple[str, str, str]],
) -> None:
    """Stored accounts that one row's identifiers all point to: a merge an operator decides
    (keeping them separate is recommended and remembered)."""
    ids = [entity.id, *others]
    builder.propose_merge(
        [entity, *(registry.known("account", other, session) for other in others)],
        kind="identity_conflict",
        question=f"Accounts {', '.join(ids)} share identifiers; are they one organisation?",
        decision_evidence=[{"field": f, "entity_id": i} for i, f, _ in candidates],
    )
