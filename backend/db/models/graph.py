"""The canonical client graph: clients, accounts, opportunities, interactions, interests, their
contact points, the links between them, source links and every field value with its provenance.
Written only by the apply stage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, JSONType, UTCDateTime, utcnow


class GraphEntity(Base):
    """Columns every canonical entity has: status, merge pointer, golden fields, versioning."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    merged_into: Mapped[str | None] = mapped_column(String(40))
    fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, default=1)


class Client(GraphEntity):
    """A person (contact or lead)."""

    __tablename__ = "clients"
    __table_args__ = (Index(None, "search_name"), Index(None, "last_name_key"))

    display_name: Mapped[str | None] = mapped_column(Text)
    search_name: Mapped[str | None] = mapped_column(Text)
    last_name_key: Mapped[str | None] = mapped_column(String(120))
    primary_email: Mapped[str | None] = mapped_column(String(320), index=True)
    primary_phone: Mapped[str | None] = mapped_column(String(32), index=True)


class Account(GraphEntity):
    """An organization or household."""

    __tablename__ = "accounts"

    name: Mapped[str | None] = mapped_column(Text)
    name_key: Mapped[str | None] = mapped_column(String(200), index=True)
    domain: Mapped[str | None] = mapped_column(String(253), index=True)


class Opportunity(GraphEntity):
    """A deal."""

    __tablename__ = "opportunities"

    name: Mapped[str | None] = mapped_column(Text)
    content_key: Mapped[str | None] = mapped_column(String(64), index=True)


class Interaction(GraphEntity):
    """A communication or activity."""

    __tablename__ = "interactions"

    kind: Mapped[str | None] = mapped_column(String(16))
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_key: Mapped[str | None] = mapped_column(String(64), index=True)


class Interest(GraphEntity):
    """A client's interest in an inventory item (the link only)."""

    __tablename__ = "interests"

    inventory_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    content_key: Mapped[str | None] = mapped_column(String(64), index=True)


class ContactPoint(Base):
    """An e-mail address or phone number of a client."""

    __tablename__ = "contact_points"
    __table_args__ = (UniqueConstraint("client_id", "kind", "value"), Index(None, "kind", "value"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(320))
    label: Mapped[str | None] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class EntityLink(Base):
    """A relationship between two entities (client-account, opportunity-client, ...)."""

    __tablename__ = "entity_links"
    __table_args__ = (
        UniqueConstraint("from_kind", "from_id", "to_kind", "to_id", "role"),
        Index(None, "to_kind", "to_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    from_kind: Mapped[str] = mapped_column(String(16))
    from_id: Mapped[str] = mapped_column(String(40), index=True)
    to_kind: Mapped[str] = mapped_column(String(16))
    to_id: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(40), default="related")
    import_id: Mapped[str | None] = mapped_column(String(40))


class SourceLink(Base):
    """Where an entity came from: one record of one source system."""

    __tablename__ = "source_links"
    __table_args__ = (
        UniqueConstraint("entity_kind", "system", "object", "source_id"),
        Index(None, "entity_kind", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(40))
    system: Mapped[str] = mapped_column(String(40))
    object: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(200))
    import_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FieldValue(Base):
    """One value a source gave a field, with provenance; `is_current` marks the surviving one."""

    __tablename__ = "field_values"
    __table_args__ = (Index(None, "entity_kind", "entity_id", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(120))
    value: Mapped[Any] = mapped_column(JSONType)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    system: Mapped[str | None] = mapped_column(String(40))
    import_id: Mapped[str | None] = mapped_column(String(40), index=True)
    writeback_id: Mapped[str | None] = mapped_column(String(40))
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(Text)
    raw_value: Mapped[str | None] = mapped_column(Text)
    transform: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column(Float)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
