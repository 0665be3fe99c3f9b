"""Build deltas and review decisions from resolved rows (pure: plain values in and out).

A row's entity has been decided (an existing id or a new, pre-allocated one); this module says
what the row changes about it: `create` the first time a new entity is touched, `update` when
values fill or change fields, `link` when only a source link or relationship is new, and
`no_change` otherwise. Fills and overwrites are separate deltas, because overwriting a
non-empty value always needs an operator's approval (a `field_overwrite` decision) while a fill
is low risk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from backend.contracts.common import EntityKind, Risk
from backend.contracts.review import (
    CanonicalDelta,
    DecisionOption,
    EntityLinkRef,
    Evidence,
    FieldChange,
    Provenance,
    ReviewDecision,
)
from backend.ids import new_id
from backend.services.imports.normalizers.base import fold_key, transliterated
from backend.services.imports.normalizers.company import company_match_key

#: Fields derived for matching, never shown as a change of their own; a source id is kept as a
#: source link (one per system), not as a field another system could overwrite.
INTERNAL_FIELDS = frozenset({"name_key", "source_id"})
#: A person may have several of these: a different value is added beside the current one.
CONTACT_FIELDS = frozenset(
    {"email", "email_secondary", "phone", "mobile_phone", "home_phone", "other_phone", "fax"}
)
#: Timestamps keep their first value; later ones stay visible as alternatives.
TEMPORAL_FIELDS = frozenset({"created_at", "updated_at", "last_contacted_at"})


def _same_meaning(name: str, old: Any, new: Any) -> bool:
    """Values that differ only in spelling details (case, accents or their two-letter spelling,
    punctuation, legal suffix): "Müller", "MUELLER" and "Muller" mean the same name."""
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    key = company_match_key if name == "name" else fold_key
    return key(old) == key(new) or key(transliterated(old)) == key(transliterated(new))


def _kept_beside(name: str, old: Any, new: Any) -> bool:
    """A differing value that is recorded as an alternative instead of asking to overwrite."""
    return name in CONTACT_FIELDS or name in TEMPORAL_FIELDS or _same_meaning(name, old, new)


@dataclass
class KnownEntity:
    """What resolution knows about one entity while it walks a batch."""

    kind: EntityKind
    id: str
    exists: bool
    fields: dict[str, Any] = field(default_factory=dict)
    links: set[tuple[str, str, str]] = field(default_factory=set)
    source_links: set[str] = field(default_factory=set)
    create_delta: str | None = None
    label: str | None = None


@dataclass
class RowLink:
    """A relationship a row implies from its entity to another (kind, id, role)."""

    kind: str
    entity: KnownEntity
    role: str


@dataclass
class ProposalBuilder:
    """Collects the deltas and decisions of one batch (or writeback)."""

    import_id: str | None
    writeback_id: str | None
    system: str | None
    deltas: list[CanonicalDelta] = field(default_factory=list)
    decisions: list[ReviewDecision] = field(default_factory=list)
    observed_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def _provenance(self, record: Mapping[str, Any], row: int | None) -> Provenance:
        return Provenance(
            system=self.system,
            import_id=self.import_id,
            writeback_id=self.writeback_id,
            row=row,
            column=record.get("column"),
            raw_value=record.get("raw"),
            transform=record.get("transform"),
            confidence=record.get("confidence"),
            observed_at=self.observed_at,
        )

    def add_delta(self, entity: KnownEntity, op: str, risk: Risk, **values: Any) -> CanonicalDelta:
        delta = CanonicalDelta(
            delta_id=new_id("dlt"),
            import_id=self.import_id,
            writeback_id=self.writeback_id,
            op=op,
            entity=entity.kind,
            entity_id=entity.id,
            risk=risk,
            status="pending",
            **{"target_ids": [entity.id] if entity.exists else [], **values},
        )
        self.deltas.append(delta)
        return delta

    def propose_row(
        self,
        entity: KnownEntity,
        records: Mapping[str, Mapping[str, Any]],
        *,
        row: int | None,
        links: list[RowLink],
        source_link: str | None,
        score: float | None = None,
        evidence: list[Evidence] | None = None,
    ) -> list[CanonicalDelta]:
        """The deltas one row (or writeback) makes to one entity."""
        fills: list[FieldChange] = []
        overwrites: list[FieldChange] = []
        for name, record in records.items():
            if name in INTERNAL_FIELDS:
                continue
            provenance = self._provenance(record, row)
            new, old = record.get("value"), entity.fields.get(name)
            if "invalid" in record:
                fills.append(
                    FieldChange(field=name, old=old, new=None, provenance=provenance, valid=False)
                )
            elif old is None:
                fills.append(FieldChange(field=name, old=None, new=new, provenance=provenance))
            elif old != new and _kept_beside(name, old, new):
                fills.append(
                    FieldChange(
                        field=name, old=old, new=new, provenance=provenance, alternative=True
                    )
                )
            elif old != new:
                overwrites.append(FieldChange(field=name, old=old, new=new, provenance=provenance))
        for name in INTERNAL_FIELDS & records.keys():
            if entity.fields.get(name) is None:
                entity.fields[name] = records[name].get("value")
        new_links = [
            EntityLinkRef(kind=link.kind, target_id=link.entity.id, role=link.role)
            for link in links
            if (link.kind, link.entity.id, link.role) not in entity.links
        ]
        if source_link and source_link not in entity.source_links:
            new_links.append(EntityLinkRef(kind="source", source_link=source_link))
        depends = [
            link.entity.create_delta
            for link in links
            if link.entity.create_delta and link.entity is not entity
        ]
        if entity.create_delta:
            depends.append(entity.create_delta)
        evidence = evidence or []
        made: list[CanonicalDelta] = []
        if not entity.exists and entity.create_delta is None:
            risk: Risk = "medium" if any(not c.valid for c in fills) else "low"
            made.append(
                self.add_delta(
                    entity,
                    "create",
                    risk,
                    changes=fills,
                    links=new_links,
                    score=score,
                    evidence=evidence,
                    depends_on=depends,
                    source_row=row,
                )
            )
            entity.create_delta = made[0].delta_id
        elif fills or new_links:
            op = "update" if fills else "link"
            made.append(
                self.add_delta(
                    entity,
                    op,
                    "low",
                    changes=fills,
                    links=new_links,
                    score=score,
                    evidence=evidence,
                    depends_on=depends,
                    source_row=row,
                )
            )
        if overwrites:
            made.append(
                self.add_delta(
                    entity,
                    "update",
                    "high",
                    changes=overwrites,
                    score=score,
                    evidence=evidence,
                    depends_on=sorted(set(depends)),
                    source_row=row,
                )
            )
            self._overwrite_decision(entity, made[-1])
        # A value of a date column whose order is undecided is answered for the whole column.
        invalid = [
            change
            for change in fills
            if not change.valid and records[change.field].get("reason") != "ambiguous_value"
        ]
        if invalid and made:
            self._invalid_decision(entity, made[0], invalid, records)
        if not made:
            made.append(
                self.add_delta(
                    entity, "no_change", "low", score=score, evidence=evidence, source_row=row
                )
            )
        for change in fills:
            if change.valid and not change.alternative:
                entity.fields[change.field] = change.new
        entity.links.update((ref.kind, ref.target_id or "", ref.role or "") for ref in new_links)
        if source_link:
            entity.source_links.add(source_link)
        return made

    def _overwrite_decision(self, entity: KnownEntity, delta: CanonicalDelta) -> None:
        described = "; ".join(f"{c.field} {c.old!r} → {c.new!r}" for c in delta.changes)
        self.decide(
            kind="field_overwrite",
            risk="high",
            question=f"Replace existing values of {entity.label or entity.id}: {described}?",
            options=[
                DecisionOption(id="overwrite", label="Use the new values"),
                DecisionOption(id="keep_current", label="Keep the current values"),
            ],
            recommended="keep_current",
            evidence=[c.model_dump(mode="json") for c in delta.changes],
            delta_ids=[delta.delta_id],
            client_ids=[entity.id] if entity.kind == "client" else [],
        )

    def _invalid_decision(
        self,
        entity: KnownEntity,
        delta: CanonicalDelta,
        invalid: list[FieldChange],
        records: Mapping[str, Mapping[str, Any]],
    ) -> None:
        for change in invalid:
            raw = change.provenance.raw_value if change.provenance else None
            self.decide(
                kind="invalid_value",
                risk="low",
                question=f"{change.field} of {entity.label or entity.id} is not valid "
                f"({raw!r}: {records[change.field].get('invalid')}); keep it raw or correct it?",
                options=[
                    DecisionOption(id="keep_raw", label="Keep the raw value, unresolved"),
                    DecisionOption(id="correct", label="Type a corrected value"),
                ],
                recommended="keep_raw",
                evidence=[
                    {
                        "field": change.field,
                        "raw_value": raw,
                        "problem": records[change.field].get("invalid"),
                    }
                ],
                delta_ids=[delta.delta_id],
                client_ids=[entity.id] if entity.kind == "client" else [],
            )

    def propose_merge(
        self,
        entities: Sequence[KnownEntity],
        *,
        kind: Literal["identity_merge", "identity_conflict"],
        question: str,
        score: float | None = None,
        evidence: Sequence[Evidence] = (),
        decision_evidence: Sequence[dict[str, Any]] = (),
    ) -> ReviewDecision:
        """A `merge` delta of two or more entities (the first survives, after their creates)
        and the decision it waits for: merge, or keep them separate (recommended)."""
        ids = [entity.id for entity in entities]
        delta = self.add_delta(
            entities[0],
            "merge",
            "high",
            target_ids=ids,
            score=score,
            evidence=list(evidence),
            depends_on=[e.create_delta for e in entities if e.create_delta],
        )
        return self.decide(
            kind=kind,
            risk="high",
            question=question,
            options=[
                DecisionOption(id="merge", label=f"Merge {', '.join(ids[1:])} into {ids[0]}"),
                DecisionOption(id="keep_separate", label="Keep them separate"),
            ],
            recommended="keep_separate",
            evidence=list(decision_evidence),
            delta_ids=[delta.delta_id],
            client_ids=ids if entities[0].kind == "client" else [],
        )

    def decide(self, **values: Any) -> ReviewDecision:
        """Record a review decision."""
        decision = ReviewDecision(
            decision_id=new_id("dec"),
            import_id=self.import_id,
            writeback_id=self.writeback_id,
            status="pending",
            **values,
        )
        self.decisions.append(decision)
        return decision
