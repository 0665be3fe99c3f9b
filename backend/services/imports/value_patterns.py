"""Value patterns: what a column's values say about its target, from ingest's column statistics.

It owns three judgements over `ColumnStats.kinds` (the share of values of each kind) and samples:
the targets a column of e-mails, phones, URLs, dates or amounts under a meaningless header may be
(never above 0.75 confidence, and a date column only as suggestions: its meaning is unknown),
whether the values contradict a target a header proposed, and whether they support it. It does
not read headers (`header_matching`) nor decide between columns (`mapping_proposal`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from backend.contracts.imports import ColumnStats
from backend.services.imports.header_matching import Candidate
from backend.services.imports.source_profiles import ProfileObject
from backend.services.imports.targets import transform_for

DOMINANT_SHARE: Final = 0.8
SUPPORT_SHARE: Final = 0.5
SPECIFIC_KINDS: Final = frozenset(
    {"email", "phone", "url", "date", "datetime", "money", "percent", "boolean"}
)

#: Kinds of value a typed transform accepts. Ingest's cheap check reads "12500.00" as a phone,
#: so amounts and counts accept phones too.
_EXPECTED_KINDS: Final[dict[str, frozenset[str]]] = {
    "email": frozenset({"email"}),
    "phone": frozenset({"phone", "number"}),
    "url": frozenset({"url"}),
    "domain": frozenset({"url"}),
    "date": frozenset({"date", "datetime", "number"}),
    "datetime": frozenset({"date", "datetime", "number"}),
    "money": frozenset({"money", "number", "phone"}),
    "integer": frozenset({"number", "phone"}),
    "percent": frozenset({"percent", "number"}),
    "boolean": frozenset({"boolean", "number"}),
}
#: Word-valued transforms, with the specific kinds they may still look like.
_WORD_TRANSFORMS: Final[dict[str, frozenset[str]]] = {
    "name_part": frozenset(),
    "full_name": frozenset(),
    "company_name": frozenset({"url"}),
    "country": frozenset(),
    "region": frozenset(),
}
_DATE_SUGGESTIONS: Final[dict[ProfileObject, tuple[str, ...]]] = {
    "client": ("client.created_at", "client.birth_date", "client.last_contacted_at"),
    "account": ("account.created_at", "account.updated_at"),
    "opportunity": ("opportunity.close_date", "opportunity.created_at"),
    "interaction": ("interaction.occurred_at", "interaction.due_at"),
}
_AMOUNT_SUGGESTIONS: Final[dict[ProfileObject, tuple[str, ...]]] = {
    "client": ("opportunity.amount", "account.annual_revenue"),
    "account": ("account.annual_revenue",),
    "opportunity": ("opportunity.amount",),
    "interaction": ("opportunity.amount",),
}
_DECIMAL: Final = re.compile(r"^-?\d+[.,]\d{1,2}$")
_LINKEDIN_COMPANY: Final = re.compile(r"linkedin\.com/(company|school|showcase)/", re.IGNORECASE)


def dominant_kind(column: ColumnStats) -> str | None:
    """The kind of at least 80 % of the column's non-empty values, if there is one."""
    if not column.kinds:
        return None
    kind, share = max(column.kinds.items(), key=lambda item: item[1])
    return kind if share >= DOMINANT_SHARE else None


def values_contradict(column: ColumnStats, target: str) -> bool:
    """Whether the values are mostly of a specific kind the target cannot hold (dates as names)."""
    if target == "client.linkedin_url" and _mostly(column.samples, _is_linkedin_company):
        return True
    transform = transform_for(target)
    allowed = _EXPECTED_KINDS.get(transform, _WORD_TRANSFORMS.get(transform))
    kind = dominant_kind(column)
    if allowed is None or kind is None:
        return False
    return kind in SPECIFIC_KINDS and kind not in allowed


def values_support(column: ColumnStats, target: str) -> bool | None:
    """Whether the values look like the target's form; None when the form or the values are open."""
    expected = _EXPECTED_KINDS.get(transform_for(target))
    if expected is None or not column.kinds:
        return None
    return max(column.kinds.get(kind, 0.0) for kind in expected) >= SUPPORT_SHARE


def _share(column: ColumnStats, kind: str) -> float:
    return column.kinds.get(kind, 0.0)


def _is_linkedin_company(sample: str) -> bool:
    return bool(_LINKEDIN_COMPANY.search(sample))


def _phone_shaped(sample: str) -> bool:
    digits = sum(ch.isdigit() for ch in sample)
    formatted = sample.lstrip().startswith(("+", "00")) or any(ch in sample for ch in " -()/")
    return digits >= 7 and (formatted or digits >= 10) and not _DECIMAL.match(sample.strip())


def _mostly(samples: list[str], test: Callable[[str], bool]) -> bool:
    if not samples:
        return False
    return sum(1 for sample in samples if test(sample)) / len(samples) >= DOMINANT_SHARE


def _ranked(targets: tuple[str, ...], top: float, step: float = 0.05) -> list[Candidate]:
    return [
        Candidate(target, round(top - step * rank, 2), "values")
        for rank, target in enumerate(targets)
    ]


def candidates_from_values(column: ColumnStats, obj: ProfileObject) -> list[Candidate]:
    """Targets the column's values point to, best first; empty when they say nothing."""
    kind = dominant_kind(column)
    if kind is None:
        return []
    confident = 0.75 if _share(column, kind) >= 0.95 else 0.7
    if kind == "email":
        return [Candidate("client.email", confident, "values")]
    if kind == "phone" and _mostly(column.samples, _phone_shaped):
        phone = "account.phone" if obj == "account" else "client.phone"
        return [
            Candidate(phone, confident - 0.05, "values"),
            *_ranked(("client.mobile_phone",), 0.4),
        ]
    if kind == "url":
        if _mostly(column.samples, _is_linkedin_company):
            return []
        if _mostly(column.samples, lambda sample: "linkedin.com" in sample.lower()):
            return [Candidate("client.linkedin_url", confident, "values")]
        website = "account.website" if obj == "account" else "client.website"
        return [Candidate(website, confident - 0.05, "values")]
    if kind in ("date", "datetime"):
        return _ranked(_DATE_SUGGESTIONS[obj], 0.45)
    if kind == "money":
        return _ranked(_AMOUNT_SUGGESTIONS[obj], 0.5)
    if kind == "percent":
        return _ranked(("opportunity.probability",), 0.5 if obj == "opportunity" else 0.35)
    if kind == "boolean" and obj == "client":
        return _ranked(("client.email_opt_out", "client.do_not_call"), 0.35)
    return []
