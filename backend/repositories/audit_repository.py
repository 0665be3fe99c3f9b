"""SQL for the append-only audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.models import AuditEvent


def record(
    session: Session,
    actor: str | None,
    action: str,
    subject_id: str | None,
    details: dict[str, Any] | None = None,
    *,
    subject_kind: str | None = None,
) -> None:
    """Append one event."""
    kind = subject_kind or (subject_id.split("_", 1)[0] if subject_id else None)
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            subject_kind=kind,
            subject_id=subject_id,
            details=details or {},
        )
    )


def events(
    session: Session, *, since: datetime | None = None, limit: int = 500
) -> Sequence[AuditEvent]:
    """Events, oldest first."""
    statement = select(AuditEvent).order_by(AuditEvent.id).limit(limit)
    if since is not None:
        statement = statement.where(AuditEvent.at >= since)
    return session.scalars(statement).all()
