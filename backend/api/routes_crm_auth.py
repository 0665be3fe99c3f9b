"""HTTP route that tells a caller who the API takes it for, and what it may do (`/api/crm/me`)."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import ActorDep, RuntimeDep
from backend.api.problems import PROBLEM
from backend.contracts.auth import Caller
from backend.services import access_rules

router = APIRouter(prefix="/api/crm", tags=["auth"])


@router.get("/me", response_model=Caller, responses={401: PROBLEM})
def current_caller(runtime: RuntimeDep, actor: ActorDep) -> Caller:
    """The caller's name and role, whether the API needs a bearer token, the actions the role
    allows, and the least role each action of the API needs."""
    return access_rules.caller_of(
        actor.name, actor.role, auth_required=runtime.settings.auth_required
    )
