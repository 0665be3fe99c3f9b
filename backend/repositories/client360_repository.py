"""SQL for Client 360: the rows a chunk of clients' snapshots are built from (values, contact
points, relationships, related entities, source links, change-log history and the audit events
that undid some of it), each in a few chunked queries, and the stored snapshots themselves."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.models import Account, Client, ContactPoint, EntityLink, FieldValue, SourceLink
from backend.db.models.ledger import AuditEvent, ChangeLogEntry, ClientSnapshot
from backend.repositories.graph_repository import MODELS, ColumnRow, in_chunks, rows_in_chunks


def client_relations(session: Session, client_ids: Collection[str]) -> list[ColumnRow]:
    """(client id, other kind, other id, role) for every relationship of clients."""
    outgoing = rows_in_chunks(
        session,
        client_ids,
        lambda chunk: select(
            EntityLink.from_id, EntityLink.to_kind, EntityLink.to_id, EntityLink.role
        ).where(EntityLink.from_kind == "client", EntityLink.from_id.in_(chunk)),
    )
    incoming = rows_in_chunks(
        session,
        client_ids,
        lambda chunk: select(
            EntityLink.to_id, EntityLink.from_kind, EntityLink.from_id, EntityLink.role
        ).where(EntityLink.to_kind == "client", EntityLink.to_id.in_(chunk)),
    )
    return outgoing + incoming


def entity_rows(session: Session, kind: str, ids: Collection[str]) -> list[ColumnRow]:
    """(id, status, merged_into, fields) of entities."""
    model = MODELS[kind]
    return rows_in_chunks(
        session,
        ids,
        lambda chunk: select(model.id, model.status, model.merged_into, model.fields).where(
            model.id.in_(chunk)
        ),
    )


def account_rows(session: Session, ids: Collection[str]) -> list[ColumnRow]:
    """(id, name, domain) of accounts."""
    return rows_in_chunks(
        session,
        ids,
        lambda chunk: select(Account.id, Account.name, Account.domain).where(Account.id.in_(chunk)),
    )


def snapshots_for_update(
    session: Session, client_ids: Collection[str]
) -> dict[str, ClientSnapshot]:
    """The stored snapshots of clients, locked, by client id."""
    return {
        stored.client_id: stored
        for stored in in_chunks(
            session,
            client_ids,
            lambda chunk: (
                select(ClientSnapshot).where(ClientSnapshot.client_id.in_(chunk)).with_for_update()
            ),
        )
    }


def client_value_rows(session: Session, client_ids: Collection[str]) -> list[ColumnRow]:
    """Every recorded value (current and alternatives) of clients, oldest first."""
    return rows_in_chunks(
        session,
        client_ids,
        lambda chunk: (
            select(
                FieldValue.entity_id,
                FieldValue.field,
                FieldValue.value,
                FieldValue.is_current,
                FieldValue.valid,
                FieldValue.system,
                FieldValue.import_id,
                FieldValue.writeback_id,
                FieldValue.row,
                FieldValue.column,
                FieldValue.raw_value,
                FieldValue.transform,
                FieldValue.confidence,
                FieldValue.observed_at,
            )
            .where(FieldValue.entity_kind == "client", FieldValue.entity_id.in_(chunk))
            .order_by(FieldValue.id)
        ),
    )


def client_contact_rows(session: Session, client_ids: Collection[str]) -> list[ColumnRow]:
    """(client id, kind, value, label, is_primary) of clients' contact points, oldest first."""
    return rows_in_chunks(
        session,
        client_ids,
        lambda chunk: (
            select(
                ContactPoint.client_id,
                ContactPoint.kind,
                ContactPoint.value,
                ContactPoint.label,
                ContactPoint.is_primary,
            )
            .where(ContactPoint.client_id.in_(chunk))
            .order_by(ContactPoint.id)
        ),
    )


def client_source_rows(session: Session, client_ids: Collection[str]) -> list[ColumnRow]:
    """(client id, system, object, source id) of clients' source links, oldest first."""
    return rows_in_chunks(
        session,
        client_ids,
        lambda chunk: (
            select(SourceLink.entity_id, SourceLink.system, SourceLink.object, SourceLink.source_id)
            .where(SourceLink.entity_kind == "client", SourceLink.entity_id.in_(chunk))
            .order_by(SourceLink.id)
        ),
    )


def client_history_rows(session: Session, client_ids: Collection[str]) -> list[ColumnRow]:
    """(client id, action, batch id, delta id, created at, reverted, entry id) of the change-log
    entries of clients, oldest first."""
    return rows_in_chunks(
        session,
        client_ids,
        lambda chunk: (
            select(
                ChangeLogEntry.entity_id,
                ChangeLogEntry.action,
                ChangeLogEntry.batch_id,
                ChangeLogEntry.delta_id,
                ChangeLogEntry.created_at,
                ChangeLogEntry.reverted,
                ChangeLogEntry.id,
            )
            .where(ChangeLogEntry.entity_kind == "client", ChangeLogEntry.entity_id.in_(chunk))
            .order_by(ChangeLogEntry.id)
        ),
    )


def reverted_change_images(session: Session, client_ids: Collection[str]) -> list[ColumnRow]:
    """(entry id, before, after) of the change-log entries of clients that were undone."""
    return rows_in_chunks(
        session,
        client_ids,
        lambda chunk: select(ChangeLogEntry.id, ChangeLogEntry.before, ChangeLogEntry.after).where(
            ChangeLogEntry.entity_kind == "client",
            ChangeLogEntry.entity_id.in_(chunk),
            ChangeLogEntry.reverted.is_(True),
        ),
    )


def undo_events(
    session: Session, subject_ids: Collection[str], *, since: datetime
) -> list[ColumnRow]:
    """(action, subject id, actor, at, details) of the audit events that undid changes - the
    `revert` of a batch, the `unmerge` of a client - about these subjects, since a time (the
    audit log is indexed by time only), oldest first."""
    return rows_in_chunks(
        session,
        subject_ids,
        lambda chunk: (
            select(
                AuditEvent.action,
                AuditEvent.subject_id,
                AuditEvent.actor,
                AuditEvent.at,
                AuditEvent.details,
            )
            .where(
                AuditEvent.at >= since,
                AuditEvent.action.in_(("revert", "unmerge")),
                AuditEvent.subject_id.in_(chunk),
            )
            .order_by(AuditEvent.id)
        ),
    )


def all_client_ids(session: Session) -> list[str]:
    """Every client's id, in order."""
    return list(session.scalars(select(Client.id).order_by(Client.id)))
