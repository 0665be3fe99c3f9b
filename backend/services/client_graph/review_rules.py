"""The approval rules no policy can change (CONTRACTS.md section 7, seed section 9): identity
merges, account merges and overwrites of a non-empty value always wait for a person; only
low-risk creates may be auto-approved, and only when the policy says so."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from backend.services.client_graph.policy import Policy

ROLES = ("viewer", "operator", "approver", "admin")


def may_auto_approve(
    *,
    op: str,
    risk: str,
    changes: Sequence[Mapping[str, Any]],
    score: float | None,
    governed: bool,
    policy: Policy,
) -> bool:
    """Whether the policy lets this delta through without a person."""
    if not policy.auto_approve_low_risk_creates or governed:
        return False
    if op != "create" or risk != "low":
        return False
    if any(not change.get("valid", True) or change.get("old") is not None for change in changes):
        return False
    return score is None or score < policy.review_threshold


def needs_approver(risk: str) -> bool:
    """High-risk decisions need the approver role."""
    return risk == "high"


def role_allows(role: str, needed: str) -> bool:
    """Whether a role includes another (admin > approver > operator > viewer)."""
    return ROLES.index(role) >= ROLES.index(needed)
