"""Who is calling the API: the caller's name and role, whether the API needs a token, and what
the caller may do (the actions of the API and the least role each one needs)."""

from __future__ import annotations

from typing import Literal

from backend.contracts.common import Contract

Role = Literal["viewer", "operator", "approver", "admin"]

#: What a caller may ask of the API; each route needs one of these (`services/access_rules.py`).
Action = Literal[
    "view",
    "upload",
    "replay",
    "edit_mapping",
    "submit_writeback",
    "read_audit",
    "decide",
    "apply",
    "revert",
    "unmerge",
    "manage_tokens",
]


class ActionRole(Contract):
    """An action of the API and the least role that may take it."""

    action: Action
    role: Role


class Caller(Contract):
    """The caller of `GET /api/crm/me`: the token's holder, or the local operator, with the
    actions its role allows (`actions`) and the role every action needs (`action_roles`), so
    that a client shows only the controls the API will accept and names the role a missing one
    would take."""

    actor: str
    role: Role
    auth_required: bool
    actions: list[Action]
    action_roles: list[ActionRole]
