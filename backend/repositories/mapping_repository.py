"""SQL for mapping manifests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.models import MappingManifestRow
from backend.errors import NotFound


def add_manifest(session: Session, row: MappingManifestRow) -> None:
    """Store one manifest version."""
    session.add(row)
    session.flush()


def get_manifest(session: Session, mapping_id: str) -> MappingManifestRow:
    """The manifest version with this id, or NotFound."""
    row = session.get(MappingManifestRow, mapping_id)
    if row is None:
        raise NotFound(f"There is no mapping manifest {mapping_id!r}.", mapping_id=mapping_id)
    return row


def latest_for(session: Session, profile_key: str, header_key: str) -> MappingManifestRow | None:
    """The newest manifest saved for this profile and header set."""
    statement = (
        select(MappingManifestRow)
        .where(
            MappingManifestRow.profile_key == profile_key,
            MappingManifestRow.header_key == header_key,
        )
        .order_by(MappingManifestRow.created_at.desc(), MappingManifestRow.version.desc())
        .limit(1)
    )
    return session.scalars(statement).first()
