"""Proposals and decisions: deltas, review decisions, remembered "not the same" answers and Oracle
writebacks. Written by the resolve and review stages; statuses updated by apply and revert."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, JSONType, UTCDateTime, utcnow


class Delta(Base):
    """One CanonicalDelta."""

    __tablename__ = "deltas"
    __table_args__ = (Index(None, "import_id", "status"), Index(None, "writeback_id", "status"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    import_id: Mapped[str | None] = mapped_column(String(40))
    writeback_id: Mapped[str | None] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    target_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    risk: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    depends_on: Mapped[list[str]] = mapped_column(JSONType, default=list)
    source_row: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012


class ReviewDecisionRow(Base):
    """One ReviewDecision an operator must answer."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index(None, "import_id", "status"), Index(None, "writeback_id", "status"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    import_id: Mapped[str | None] = mapped_column(String(40))
    writeback_id: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(24))
    risk: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    recommended: Mapped[str | None] = mapped_column(String(80))
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    delta_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    client_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    chosen_option: Mapped[str | None] = mapped_column(String(80))
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012


class MatchRejection(Base):
    """A lasting "not the same" answer between two entities."""

    __tablename__ = "match_rejections"
    __table_args__ = (UniqueConstraint("entity_kind", "id_a", "id_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_kind: Mapped[str] = mapped_column(String(16))
    id_a: Mapped[str] = mapped_column(String(40))
    id_b: Mapped[str] = mapped_column(String(40))
    evidence_key: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Writeback(Base):
    """A proposal from the Oracle intelligence layer."""

    __tablename__ = "writebacks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str] = mapped_column(String(40), default="oracle")
    mission_id: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    document: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(24))
    created_by: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
