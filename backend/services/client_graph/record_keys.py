"""Stable keys for records without a shared identifier: a replay of the same deal, note or
interest produces the same key, so it is recognised instead of duplicated."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

CONTENT_FIELDS = {
    "opportunity": ("name", "amount", "currency", "close_date", "stage"),
    "interaction": ("kind", "occurred_at", "subject", "body", "due_at"),
    "interest": ("inventory_ref",),
}


def source_link(system: str | None, kind: str, fields: Mapping[str, Any]) -> str | None:
    """`system:object:source_id` of a staged entity, when it has a source id."""
    record = fields.get("source_id")
    value = record.get("value") if isinstance(record, Mapping) else None
    if not system or not value:
        return None
    return f"{system}:{kind}:{value}"


def content_key(kind: str, fields: Mapping[str, Any], anchor: str | None) -> str | None:
    """A digest of what identifies a deal, activity or interest; `anchor` is its client, if any."""
    names = CONTENT_FIELDS.get(kind)
    if names is None:
        return None
    parts = []
    for name in names:
        record = fields.get(name)
        value = record.get("value") if isinstance(record, Mapping) else None
        parts.append("" if value is None else str(value).casefold().strip())
    if not any(parts):
        return None
    material = "\x1f".join([kind, anchor or "", *parts])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
