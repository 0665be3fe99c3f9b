"""Who is calling the API: the caller's name and role, and whether the API needs a token."""

from __future__ import annotations

from typing import Literal

from backend.contracts.common import Contract

Role = Literal["viewer", "operator", "approver", "admin"]


class Caller(Contract):
    """The caller of `GET /api/crm/me`: the token's holder, or the local operator."""

    actor: str
    role: Role
    auth_required: bool
