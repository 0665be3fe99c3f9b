"""Which role each action of the API needs: the one table that the route dependencies enforce
(`api/deps.py`) and that `GET /api/crm/me` reports, so that no client keeps its own copy of the
role order. Roles rank viewer < operator < approver < admin (`review_rules.ROLES`); which
decisions an approver may settle is `review_rules`' business, not this table's."""

from __future__ import annotations

from backend.contracts.auth import Action, ActionRole, Caller, Role
from backend.services.client_graph.review_rules import role_allows

#: The least role that may take each action.
ACTION_ROLES: dict[Action, Role] = {
    "view": "viewer",
    "upload": "operator",
    "replay": "operator",
    "edit_mapping": "operator",
    "submit_writeback": "operator",
    "read_audit": "operator",
    "decide": "approver",
    "apply": "approver",
    "revert": "approver",
    "unmerge": "approver",
    "manage_tokens": "admin",
}
ACTIONS: tuple[Action, ...] = tuple(ACTION_ROLES)


def role_needed(action: Action) -> Role:
    """The least role that may take `action`."""
    return ACTION_ROLES[action]


def may(role: str, action: Action) -> bool:
    """Whether a caller with `role` may take `action`."""
    return role_allows(role, ACTION_ROLES[action])


def allowed_actions(role: str) -> list[Action]:
    """The actions a caller with `role` may take, in the table's order."""
    return [action for action in ACTIONS if may(role, action)]


def action_roles() -> list[ActionRole]:
    """Every action with the least role that may take it."""
    return [ActionRole(action=action, role=ACTION_ROLES[action]) for action in ACTIONS]


def caller_of(name: str, role: str, *, auth_required: bool) -> Caller:
    """The caller as `GET /api/crm/me` reports it: who, which role, and what that role allows."""
    return Caller(
        actor=name,
        role=role,
        auth_required=auth_required,
        actions=allowed_actions(role),
        action_roles=action_roles(),
    )
