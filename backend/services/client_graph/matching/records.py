"""The plain values the identity-matching core takes and returns.

It owns the input shape (`PersonRecord`: an existing client or an incoming row, already
normalized by stage 4) and the result shapes: one `Comparison` per piece of evidence, a scored
`Candidate`, the `MatchOutcome` of one incoming record against the canonical graph, and the
`BatchClustering` of the rows inside one file: clusters that are one person each, and the
`BatchReview`s an operator must decide. No database, ORM or HTTP type
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
    """What the matcher proposes for one incoming record. `holders` are existing records that
    hold one of its e-mail addresses without being among its `candidates` (a shared mailbox, a
    reused or mis-keyed address), scored for the evidence; they do not change `decision`."""

    key: str
    decision: Decision
    best: Candidate | None
    candidates: tuple[Candidate, ...]
    conflict: str | None
    holders: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchLink:
    """A scored pair of rows inside one batch."""

    keys: tuple[str, str]
    probability: float
    weight: float
    evidence: tuple[Comparison, ...]


@dataclass(frozen=True, slots=True)
class BatchCluster:
    """Rows of one batch that are one person, joined by `links` (matches); every row is in
    exactly one cluster."""

    keys: tuple[str, ...]
    links: tuple[BatchLink, ...]


@dataclass(frozen=True, slots=True)
class BatchReview:
    """Rows of one batch that may be one person but are not joined without an operator: a
    cluster held together only by a weak chain, a pair between the thresholds, or rows that
    share an e-mail but not a name (`conflict`). `keys` are every row of the clusters concerned,
    `links` the scored pairs among them, `reason` says why in words."""

    keys: tuple[str, ...]
    links: tuple[BatchLink, ...]
    reason: str
    conflict: bool


@dataclass(frozen=True, slots=True)
class BatchClustering:
    """A batch's rows as people (`clusters`), and the doubts among them (`reviews`)."""

    clusters: tuple[BatchCluster, ...]
    reviews: tuple[BatchReview, ...]
