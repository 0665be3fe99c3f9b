"""The catalogue of canonical targets (CONTRACTS.md section 3) and the transform each one needs.

It owns the names only; how a transform turns a raw value into a canonical one lives in
`normalizers/`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # the staging workers import this module, and never need the contracts
    from backend.contracts.common import EntityKind

#: target -> transform (the value form of CONTRACTS.md section 3).
TARGET_TRANSFORMS: Final[dict[str, str]] = {
    # client
    "client.source_id": "id",
    "client.first_name": "name_part",
    "client.middle_name": "name_part",
    "client.last_name": "name_part",
    "client.full_name": "full_name",
    "client.salutation": "text",
    "client.name_suffix": "text",
    "client.job_title": "text",
    "client.department": "text",
    "client.email": "email",
    "client.email_secondary": "email",
    "client.phone": "phone",
    "client.mobile_phone": "phone",
    "client.home_phone": "phone",
    "client.other_phone": "phone",
    "client.fax": "phone",
    "client.phone_extension": "phone_extension",
    "client.mobile_phone_extension": "phone_extension",
    "client.home_phone_extension": "phone_extension",
    "client.other_phone_extension": "phone_extension",
    "client.fax_extension": "phone_extension",
    "client.street": "text",
    "client.city": "text",
    "client.region": "region",
    "client.postal_code": "postal_code",
    "client.country": "country",
    "client.lifecycle_stage": "enum",
    "client.lead_status": "text",
    "client.lead_source": "text",
    "client.owner": "text",
    "client.linkedin_url": "url",
    "client.website": "url",
    "client.birth_date": "date",
    "client.email_opt_out": "boolean",
    "client.do_not_call": "boolean",
    "client.tags": "tags",
    "client.description": "text",
    "client.created_at": "datetime",
    "client.updated_at": "datetime",
    "client.last_contacted_at": "datetime",
    # account
    "account.source_id": "id",
    "account.name": "company_name",
    "account.domain": "domain",
    "account.website": "url",
    "account.industry": "text",
    "account.type": "text",
    "account.employee_count": "integer",
    "account.annual_revenue": "money",
    "account.annual_revenue_currency": "currency",
    "account.phone": "phone",
    "account.phone_extension": "phone_extension",
    "account.street": "text",
    "account.city": "text",
    "account.region": "region",
    "account.postal_code": "postal_code",
    "account.country": "country",
    "account.owner": "text",
    "account.parent_source_id": "id",
    "account.description": "text",
    "account.tags": "tags",
    "account.created_at": "datetime",
    "account.updated_at": "datetime",
    # opportunity
    "opportunity.source_id": "id",
    "opportunity.name": "text",
    "opportunity.amount": "money",
    "opportunity.currency": "currency",
    "opportunity.stage": "enum",
    "opportunity.pipeline": "text",
    "opportunity.probability": "percent",
    "opportunity.close_date": "date",
    "opportunity.owner": "text",
    "opportunity.type": "text",
    "opportunity.next_step": "text",
    "opportunity.lost_reason": "text",
    "opportunity.description": "text",
    "opportunity.created_at": "datetime",
    "opportunity.updated_at": "datetime",
    # interaction
    "interaction.source_id": "id",
    "interaction.kind": "enum",
    "interaction.occurred_at": "datetime",
    "interaction.direction": "enum",
    "interaction.subject": "text",
    "interaction.body": "text",
    "interaction.duration_seconds": "duration",
    "interaction.outcome": "text",
    "interaction.status": "text",
    "interaction.due_at": "datetime",
    "interaction.owner": "text",
    # interest
    "interest.inventory_ref": "id",
    "interest.level": "enum",
    "interest.note": "text",
    "interest.noted_at": "datetime",
}

#: The parts of a value that its normalizer keeps apart (`NormalizedValue.extra`), and the target
#: each one is stored under: a phone's extension beside the phone, the currency written in an
#: amount in the entity's currency field (filled only when the row's own currency column is
#: empty; a currency column that disagrees makes both values ambiguous).
KEPT_APART: Final[dict[str, dict[str, str]]] = {
    "client.phone": {"extension": "client.phone_extension"},
    "client.mobile_phone": {"extension": "client.mobile_phone_extension"},
    "client.home_phone": {"extension": "client.home_phone_extension"},
    "client.other_phone": {"extension": "client.other_phone_extension"},
    "client.fax": {"extension": "client.fax_extension"},
    "account.phone": {"extension": "account.phone_extension"},
    "opportunity.amount": {"currency": "opportunity.currency"},
    "account.annual_revenue": {"currency": "account.annual_revenue_currency"},
}

#: What identifies an entity: a row must give it at least one of these fields (valid or kept
#: raw), else the entity is `missing_required` and is not created; the rest of the row proceeds.
#: An interest's item of inventory is its identity. (docs/decisions/0004-contract-additions.md)
IDENTIFYING_FIELDS: Final[dict[str, frozenset[str]]] = {
    "client": frozenset(
        {
            "source_id",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "email_secondary",
            "phone",
            "mobile_phone",
            "home_phone",
            "other_phone",
            "linkedin_url",
        }
    ),
    "account": frozenset({"source_id", "name", "domain", "website"}),
    "opportunity": frozenset({"source_id", "name"}),
    "interaction": frozenset({"source_id", "subject", "body", "occurred_at", "due_at"}),
    "interest": frozenset({"inventory_ref"}),
}

#: Targets that may hold several values for one record (never a single-valued conflict).
MULTI_VALUED_TARGETS: Final[frozenset[str]] = frozenset({"client.tags", "account.tags"})

#: Canonical enum vocabularies; a profile maps raw values onto these.
CANONICAL_ENUMS: Final[dict[str, tuple[str, ...]]] = {
    "client.lifecycle_stage": ("lead", "prospect", "customer", "former_customer", "other"),
    "opportunity.stage": (
        "new",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
    ),
    "interaction.kind": ("email", "call", "meeting", "note", "task", "sms", "chat", "other"),
    "interaction.direction": ("inbound", "outbound", "internal"),
    "interest.level": ("low", "medium", "high"),
}

#: Entities that may carry custom attributes.
CUSTOM_ENTITIES: Final[tuple[EntityKind, ...]] = ("client", "account", "opportunity")

_CUSTOM_RE = re.compile(r"^(client|account|opportunity)\.custom\.[a-z0-9_]{1,64}$")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def is_custom_target(target: str) -> bool:
    """Whether `target` names a custom attribute (`client.custom.<slug>` and the like)."""
    return bool(_CUSTOM_RE.match(target))


def is_known_target(target: str) -> bool:
    """Whether `target` is a canonical target or a well-formed custom attribute."""
    return target in TARGET_TRANSFORMS or is_custom_target(target)


def transform_for(target: str) -> str:
    """The transform of a target; custom attributes are kept as text."""
    if is_custom_target(target):
        return "text"
    return TARGET_TRANSFORMS[target]


def entity_of(target: str) -> EntityKind:
    """The entity a target belongs to."""
    entity = target.split(".", 1)[0]
    for kind in ("client", "account", "opportunity", "interaction", "interest"):
        if kind == entity:
            return kind
    raise KeyError(target)


def custom_slug(column: str) -> str:
    """A stable slug for keeping a column as a custom attribute."""
    slug = _SLUG_RE.sub("_", column.strip().lower()).strip("_")
    return (slug or "column")[:64]
