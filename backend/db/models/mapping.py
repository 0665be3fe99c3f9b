"""Mapping manifests: every version of every manifest, reusable by profile and header set."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, JSONType, UTCDateTime, utcnow


class MappingManifestRow(Base):
    """One version of a mapping manifest; versions of one manifest share `family_id`."""

    __tablename__ = "mapping_manifests"
    __table_args__ = (Index(None, "profile_key", "header_key"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    family_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    profile_key: Mapped[str] = mapped_column(String(80))
    header_key: Mapped[str] = mapped_column(String(64))
    import_id: Mapped[str | None] = mapped_column(String(40))
    document: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_by: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
