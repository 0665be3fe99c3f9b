"""API tokens: bearer tokens stored as sha256 only, each carrying a role
(`viewer` < `operator` < `approver` < `admin`)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.models import ApiToken
from backend.errors import InvalidInput, Unauthenticated
from backend.ids import new_id
from backend.repositories import audit_repository
from backend.services.client_graph.review_rules import ROLES


@dataclass(frozen=True)
class Actor:
    """Who is acting, and with which role."""

    name: str
    role: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, name: str, role: str, actor: str) -> str:
    """A new token (shown once; only its digest is stored)."""
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; roles are {', '.join(ROLES)}.")
    token = "vel_" + secrets.token_urlsafe(32)
    session.add(ApiToken(id=new_id("tok"), name=name, role=role, token_hash=_digest(token)))
    audit_repository.record(session, actor, "token_create", None, {"name": name, "role": role})
    session.flush()
    return token


def authenticate(session: Session, token: str) -> Actor:
    """The actor a bearer token stands for."""
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False))
    ).one_or_none()
    if row is None:
        raise Unauthenticated("The bearer token is not valid.")
    row.last_used_at = datetime.now(UTC)
    audit_repository.record(
        session, row.name, "token_use", row.id, {"role": row.role}, subject_kind="token"
    )
    return Actor(name=row.name, role=row.role)
