"""`GET /api/crm/me` over real HTTP: the UI asks who it is, and what it may do, before it shows
any control; the actions it reports are the ones the routes enforce."""

from __future__ import annotations

import httpx
import pytest

from backend.runtime import Runtime
from backend.services import auth_service

#: The least role of every action, as the API's access rules state it.
ACTION_ROLES = [
    {"action": "view", "role": "viewer"},
    {"action": "upload", "role": "operator"},
    {"action": "replay", "role": "operator"},
    {"action": "edit_mapping", "role": "operator"},
    {"action": "submit_writeback", "role": "operator"},
    {"action": "read_audit", "role": "operator"},
    {"action": "decide", "role": "approver"},
    {"action": "apply", "role": "approver"},
    {"action": "revert", "role": "approver"},
    {"action": "unmerge", "role": "approver"},
    {"action": "manage_tokens", "role": "admin"},
]
OPERATOR_ACTIONS = ["view", "upload", "replay", "edit_mapping", "submit_writeback", "read_audit"]
APPROVER_ACTIONS = [*OPERATOR_ACTIONS, "decide", "apply", "revert", "unmerge"]
ACTIONS_OF_ROLE = {
    "viewer": ["view"],
    "operator": OPERATOR_ACTIONS,
    "approver": APPROVER_ACTIONS,
    "admin": [*APPROVER_ACTIONS, "manage_tokens"],
}


def _bearer(runtime: Runtime, *, name: str, role: str) -> dict[str, str]:
    with runtime.unit() as session:
        token = auth_service.create_token(session, name=name, role=role, actor="test")
    return {"Authorization": f"Bearer {token}"}


def test_without_auth_the_caller_is_the_local_operator_as_approver(api: httpx.Client) -> None:
    response = api.get("/api/crm/me")
    assert response.status_code == 200
    assert response.json() == {
        "actor": "tester",
        "role": "approver",
        "auth_required": False,
        "actions": APPROVER_ACTIONS,
        "action_roles": ACTION_ROLES,
    }


@pytest.mark.parametrize("role", ["viewer", "operator", "approver", "admin"])
def test_a_token_names_its_holder_and_role(api: httpx.Client, runtime: Runtime, role: str) -> None:
    runtime.settings.auth_required = True
    headers = _bearer(runtime, name=f"{role} sam", role=role)
    response = api.get("/api/crm/me", headers=headers)
    assert response.json() == {
        "actor": f"{role} sam",
        "role": role,
        "auth_required": True,
        "actions": ACTIONS_OF_ROLE[role],
        "action_roles": ACTION_ROLES,
    }


def test_a_token_counts_even_when_auth_is_not_required(api: httpx.Client, runtime: Runtime) -> None:
    headers = _bearer(runtime, name="vera", role="viewer")
    response = api.get("/api/crm/me", headers=headers)
    assert response.json() | {"action_roles": None} == {
        "actor": "vera",
        "role": "viewer",
        "auth_required": False,
        "actions": ["view"],
        "action_roles": None,
    }


@pytest.mark.parametrize(
    ("role", "action", "path"),
    [
        ("viewer", "replay", "/api/crm/imports/imp_x/replay"),
        ("operator", "revert", "/api/crm/imports/imp_x/revert"),
        ("approver", "manage_tokens", "/api/crm/tokens"),
    ],
)
def test_a_refused_action_names_the_role_that_me_reports_for_it(
    api: httpx.Client, runtime: Runtime, role: str, action: str, path: str
) -> None:
    headers = _bearer(runtime, name="sam", role=role)
    me = api.get("/api/crm/me", headers=headers).json()
    assert action not in me["actions"]
    (needed,) = [rule["role"] for rule in me["action_roles"] if rule["action"] == action]

    refused = api.post(path, headers=headers, json={"name": "x", "role": "viewer"})

    assert refused.status_code == 403
    assert refused.json()["detail"] == f"This needs the {needed} role; sam is a {role}."


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "This API needs a bearer token."),
        ({"Authorization": "Bearer vel_not-a-token"}, "The bearer token is not valid."),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "Use 'Authorization: Bearer <token>'."),
    ],
)
def test_without_a_valid_token_auth_required_answers_401_problem(
    api: httpx.Client, runtime: Runtime, headers: dict[str, str], detail: str
) -> None:
    runtime.settings.auth_required = True
    response = api.get("/api/crm/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == detail
    assert response.json()["type"].endswith("/unauthenticated")
