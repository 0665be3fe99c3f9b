"""`GET /api/crm/me` over real HTTP: the UI asks who it is before it shows any control."""

from __future__ import annotations

import httpx
import pytest

from backend.runtime import Runtime
from backend.services import auth_service


def _bearer(runtime: Runtime, *, name: str, role: str) -> dict[str, str]:
    with runtime.unit() as session:
        token = auth_service.create_token(session, name=name, role=role, actor="test")
    return {"Authorization": f"Bearer {token}"}


def test_without_auth_the_caller_is_the_local_operator_as_approver(api: httpx.Client) -> None:
    response = api.get("/api/crm/me")
    assert response.status_code == 200
    assert response.json() == {"actor": "tester", "role": "approver", "auth_required": False}


@pytest.mark.parametrize("role", ["viewer", "operator", "approver", "admin"])
def test_a_token_names_its_holder_and_role(api: httpx.Client, runtime: Runtime, role: str) -> None:
    runtime.settings.auth_required = True
    headers = _bearer(runtime, name=f"{role} sam", role=role)
    response = api.get("/api/crm/me", headers=headers)
    assert response.json() == {"actor": f"{role} sam", "role": role, "auth_required": True}


def test_a_token_counts_even_when_auth_is_not_required(api: httpx.Client, runtime: Runtime) -> None:
    headers = _bearer(runtime, name="vera", role="viewer")
    response = api.get("/api/crm/me", headers=headers)
    assert response.json() == {"actor": "vera", "role": "viewer", "auth_required": False}


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
