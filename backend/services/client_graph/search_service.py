"""Client search: by e-mail, by phone in any format, by name (typo-tolerant) and by company.
Exact lookups use the indexes on contact points and clients; names are narrowed with the
`search_name` and `last_name_key` indexes, then ranked with rapidfuzz."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from backend.contracts.client360 import ClientMatch
from backend.db.models import Account, Client, ContactPoint, EntityLink
from backend.services.client_graph.people import last_name_key
from backend.services.imports.normalizers.base import fold_key
from backend.services.imports.normalizers.email import normalize_email
from backend.services.imports.normalizers.phone import normalize_phone

CANDIDATE_LIMIT = 500


def _by_contact(session: Session, kind: str, value: str) -> set[str]:
    statement = select(ContactPoint.client_id).where(
        ContactPoint.kind == kind, ContactPoint.value == value
    )
    return set(session.scalars(statement))


def _by_phone(session: Session, phone: str, region: str | None) -> set[str]:
    normalized = normalize_phone(phone, region).value
    if normalized:
        return _by_contact(session, "phone", str(normalized))
    # No region to read a national number with: match the national digits at the end of the
    # stored E.164 numbers (a scan, but only for this fallback).
    digits = "".join(ch for ch in phone if ch.isdigit()).lstrip("0")
    if len(digits) < 6:
        return set()
    statement = select(ContactPoint.client_id).where(
        ContactPoint.kind == "phone", ContactPoint.value.like(f"%{digits}")
    )
    return set(session.scalars(statement.limit(CANDIDATE_LIMIT)))


def _by_name(session: Session, name: str) -> set[str]:
    key = fold_key(name)
    words = [w for w in name.split() if w]
    keys = {k for w in words if (k := last_name_key(w))}
    conditions = [Client.search_name.like(f"{key[:4]}%")] if key else []
    if keys:
        conditions.append(Client.last_name_key.in_(keys))
    if not conditions:
        return set()
    statement = select(Client.id).where(or_(*conditions), Client.status == "active")
    return set(session.scalars(statement.limit(CANDIDATE_LIMIT)))


def _by_company(session: Session, company: str) -> set[str]:
    key = fold_key(company)
    if not key:
        return set()
    accounts = select(Account.id).where(Account.name_key.like(f"{key}%"))
    statement = select(EntityLink.from_id).where(
        EntityLink.from_kind == "client",
        EntityLink.to_kind == "account",
        EntityLink.to_id.in_(accounts),
    )
    return set(session.scalars(statement.limit(CANDIDATE_LIMIT)))


def _account_names(session: Session, client_ids: list[str]) -> dict[str, list[str]]:
    statement = (
        select(EntityLink.from_id, Account.name)
        .join(Account, Account.id == EntityLink.to_id)
        .where(
            EntityLink.from_kind == "client",
            EntityLink.to_kind == "account",
            EntityLink.from_id.in_(client_ids),
            Account.status == "active",
        )
        .order_by(Account.name)
    )
    names: dict[str, list[str]] = {}
    for client_id, name in session.execute(statement):
        names.setdefault(client_id, []).append(name or "")
    return names


def find_clients(
    session: Session,
    *,
    q: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    company: str | None = None,
    region: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[ClientMatch]:
    """Clients matching any of the given criteria, best first."""
    from rapidfuzz import fuzz

    if q:
        if "@" in q:
            email = q
        elif sum(ch.isdigit() for ch in q) >= 6:
            phone = q
        else:
            name, company = q, q
    ids: set[str] = set()
    if email:
        normalized = normalize_email(email).value
        ids |= _by_contact(session, "email", str(normalized or email.strip().lower()))
    if phone:
        ids |= _by_phone(session, phone, region)
    if name:
        ids |= _by_name(session, name)
    if company:
        ids |= _by_company(session, company)
    clients = list(
        session.scalars(select(Client).where(Client.id.in_(ids), Client.status == "active"))
    )
    account_names = _account_names(session, [client.id for client in clients])
    matches = []
    for client in clients:
        score = 100.0
        if name and not email and not phone:
            score = fuzz.WRatio(name, client.display_name or "")
        matches.append(
            ClientMatch(
                client_id=client.id,
                display_name=client.display_name,
                email=client.primary_email,
                phone=client.primary_phone,
                accounts=account_names.get(client.id, []),
                score=round(score, 1),
            )
        )
    floor = 60.0 if name and not company else 0.0
    matches = [m for m in matches if (m.score or 0) >= floor or (company and not email)]
    matches.sort(key=lambda m: (-(m.score or 0), m.display_name or "", m.client_id))
    return matches[offset : offset + limit]
