"""People as the matching core sees them: staged rows and stored clients turned into
`PersonRecord`s, and the indexed lookups that find the existing clients worth comparing
(blocking on e-mail, phone, source link and last-name key)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from backend.db.models import Account
from backend.repositories import graph_repository
from backend.services.client_graph.matching import PersonRecord
from backend.services.imports.normalizers.base import fold_key

PHONE_FIELDS = ("phone", "mobile_phone", "home_phone", "other_phone")
EMAIL_FIELDS = ("email", "email_secondary")


def _value(fields: Mapping[str, Any], name: str) -> Any:
    record = fields.get(name)
    if isinstance(record, Mapping):
        return record.get("value") if "invalid" not in record else None
    return record


def last_name_key(last_name: str | None) -> str | None:
    """The blocking key of a last name (case and accents folded)."""
    return fold_key(last_name)[:120] or None if last_name else None


def label_of(kind: str, fields: Mapping[str, Any]) -> str | None:
    """A short human label for an entity."""
    if kind == "client":
        names = ("first_name", "last_name")
        label = " ".join(str(_value(fields, k)) for k in names if _value(fields, k))
        label = label or _value(fields, "email") or _value(fields, "full_name")
    else:
        label = (
            _value(fields, "name") or _value(fields, "subject") or _value(fields, "inventory_ref")
        )
    return str(label) if label else None


def from_fields(
    key: str, fields: Mapping[str, Any], *, company_key: str | None, source_links: Sequence[str]
) -> PersonRecord:
    """A PersonRecord from staged field records or stored golden values."""
    emails = tuple(dict.fromkeys(str(v) for f in EMAIL_FIELDS if (v := _value(fields, f))))
    phones = tuple(dict.fromkeys(str(v) for f in PHONE_FIELDS if (v := _value(fields, f))))
    return PersonRecord(
        key=key,
        first_name=_value(fields, "first_name"),
        last_name=_value(fields, "last_name"),
        emails=emails,
        phones=phones,
        company_key=company_key,
        city=_value(fields, "city"),
        street=_value(fields, "street"),
        postal_code=_value(fields, "postal_code"),
        birth_date=_value(fields, "birth_date"),
        source_links=tuple(source_links),
    )


def from_staged(
    key: str, client: Mapping[str, Any], account: Mapping[str, Any] | None, system: str | None
) -> PersonRecord:
    """The PersonRecord of one staged row."""
    source_id = _value(client, "source_id")
    links = [f"{system}:client:{source_id}"] if system and source_id else []
    company_key = _value(account, "name_key") if account else None
    return from_fields(key, client, company_key=company_key, source_links=links)


def load_candidates(
    session: Session,
    incoming: Sequence[PersonRecord],
    *,
    email_holders: Mapping[str, set[str]],
    link_holders: Mapping[str, str],
) -> dict[str, PersonRecord]:
    """Existing clients sharing a block with any incoming record, as PersonRecords. The stored
    holders of the records' e-mail addresses and source links are the caller's (looked up once
    for the whole batch); phones and last names are looked up here."""
    phones = {p for record in incoming for p in record.phones}
    names = {k for record in incoming if (k := last_name_key(record.last_name))}
    ids: set[str] = set()
    for record in incoming:
        for email in record.emails:
            ids |= email_holders.get(email, set())
        ids.update(link_holders[link] for link in record.source_links if link in link_holders)
    for holders in graph_repository.client_ids_by_contact_values(session, "phone", phones).values():
        ids |= holders
    ids |= graph_repository.client_ids_by_last_name_keys(session, names)
    return load_people(session, ids)


def load_people(session: Session, ids: set[str]) -> dict[str, PersonRecord]:
    """Stored clients as PersonRecords, with their contact points, links and company."""
    clients = graph_repository.get_entities(session, "client", ids)
    emails: dict[str, list[str]] = defaultdict(list)
    phones: dict[str, list[str]] = defaultdict(list)
    for point in graph_repository.contact_points_of(session, list(clients)):
        (emails if point.kind == "email" else phones)[point.client_id].append(point.value)
    links: dict[str, list[str]] = defaultdict(list)
    for link in graph_repository.source_links_of(session, "client", list(clients)):
        links[link.entity_id].append(f"{link.system}:{link.object}:{link.source_id}")
    account_of: dict[str, str] = {}
    for relation in graph_repository.links_touching(session, "client", list(clients)):
        if relation.from_kind == "client" and relation.to_kind == "account":
            account_of.setdefault(relation.from_id, relation.to_id)
    accounts = {
        account_id: account
        for account_id, account in graph_repository.get_entities(
            session, "account", set(account_of.values())
        ).items()
        if isinstance(account, Account)
    }
    records = {}
    for client_id, client in clients.items():
        fields = dict(client.fields or {})
        fields["email"], fields["email_secondary"] = None, None
        for position, value in enumerate(emails[client_id][:2]):
            fields[EMAIL_FIELDS[position]] = value
        for name in PHONE_FIELDS:
            fields[name] = None
        for position, value in enumerate(phones[client_id][: len(PHONE_FIELDS)]):
            fields[PHONE_FIELDS[position]] = value
        account = accounts.get(account_of.get(client_id, ""))
        records[client_id] = from_fields(
            client_id,
            fields,
            company_key=account.name_key if account is not None else None,
            source_links=links[client_id],
        )
    return records
