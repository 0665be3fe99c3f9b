"""The plain values the identity-matching core takes and returns.

It owns the input shape (`PersonRecord`: an existing client or an incoming row, already
normalized by stage 4) and the result shapes: one `Comparison` per piece of evidence, a scored
`Candidate`, the `MatchOutcome` of one incoming record against the canonical graph, and the
`BatchCluster` of rows inside one file that are one person. No database, ORM or HTTP type
appears here; `identity_resolution_service.py` turns these into deltas and review decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Decision = Literal["match", "ambiguous", "new", "conflict"]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as the matcher sees it: normalized values, keyed by client id or row ref."""

    key: str
    first_name: str | None = None
    last_name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company_key: str | None = None
    city: str | None = None
    postal_code: str | None = None
    street: str | None = None
    birth_date: str | None = None
    source_links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """One piece of evidence: which field, at which level, its weight (log2 Bayes factor)."""

    field: str
    level: str
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing record proposed for an incoming one, with its score and evidence."""

    key: str
    probability: float
    weight: float
    evidence: tuple[Comparison, ...]
    previously_rejected: bool


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    """What the matcher proposes for one incoming record."""

    key: str
    decision: Decision
    best: Candidate | None
    candidates: tuple[Candidate, ...]
    conflict: str | None


@dataclass(frozen=True, slots=True)
class BatchLink:
    """A scored pair of rows inside one batch."""

    keys: tuple[str, str]
    probability: float
    weight: float
    evidence: tuple[Comparison, ...]


@dataclass(frozen=True, slots=True)
class BatchCluster:
    """Rows of one batch proposed as one person; every row is in exactly one cluster.

    `links` are the matches that joined the rows; `uncertain` are pairs between the review and
    match thresholds that touch a member; `needs_review` is set with a readable `reason` for a
    weak chain, an uncertain pair or a `conflict` (rows sharing an e-mail but not a name).
    """

    keys: tuple[str, ...]
    links: tuple[BatchLink, ...]
    uncertain: tuple[BatchLink, ...]
    needs_review: bool
    reason: str | None
    conflict: str | None
