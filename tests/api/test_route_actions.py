"""Every route of the API names the one action it takes (`deps.Permit`), so the table that
`GET /api/crm/me` reports is exactly what the routes enforce: no route goes unguarded, and no
action is reported that no route takes."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from backend.api.deps import Permit
from backend.services import access_rules

API = Path(__file__).resolve().parents[2] / "backend" / "api"

#: Routes anyone the API recognises may call, whatever their role.
UNGUARDED = {"GET /api/crm/me"}


def _permits(dependant: Dependant) -> list[Permit]:
    found = [dependant.call] if isinstance(dependant.call, Permit) else []
    for sub in dependant.dependencies:
        found.extend(_permits(sub))
    return found


def _routers() -> list[APIRouter]:
    """The router of every `routes_*.py` module of the API."""
    modules = sorted(path.stem for path in API.glob("routes_*.py"))
    return [importlib.import_module(f"backend.api.{module}").router for module in modules]


@pytest.fixture(scope="module")
def route_actions() -> dict[str, list[str]]:
    """Each API route ("POST /api/crm/imports") and the actions its dependencies check."""
    return {
        f"{method} {route.path}": [permit.action for permit in _permits(route.dependant)]
        for router in _routers()
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods)
    }


def test_every_route_but_me_checks_exactly_one_action(
    route_actions: dict[str, list[str]],
) -> None:
    unchecked = {route for route, actions in route_actions.items() if len(actions) != 1}
    assert unchecked == UNGUARDED


def test_every_reported_action_is_taken_by_some_route(route_actions: dict[str, list[str]]) -> None:
    taken = {action for actions in route_actions.values() for action in actions}
    assert taken == set(access_rules.ACTIONS)


@pytest.mark.parametrize(
    ("route", "action"),
    [
        ("GET /api/crm/imports/{import_id}/deltas", "view"),
        ("POST /api/crm/imports", "upload"),
        ("PUT /api/crm/imports/{import_id}/mapping", "edit_mapping"),
        ("POST /api/crm/imports/{import_id}/approve", "decide"),
        ("POST /api/crm/decisions/{decision_id}/reject", "decide"),
        ("POST /api/crm/imports/{import_id}/apply", "apply"),
        ("POST /api/crm/writebacks/{writeback_id}/apply", "apply"),
        ("POST /api/crm/imports/{import_id}/revert", "revert"),
        ("POST /api/crm/clients/{client_id}/unmerge", "unmerge"),
        ("POST /api/crm/tokens", "manage_tokens"),
    ],
)
def test_a_route_takes_the_action_the_ui_gates_it_by(
    route_actions: dict[str, list[str]], route: str, action: str
) -> None:
    assert route_actions[route] == [action]
