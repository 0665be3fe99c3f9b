"""HTTP route that tells a caller who the API takes it for (`/api/crm/me`)."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import ActorDep, RuntimeDep
from backend.api.problems import PROBLEM
from backend.contracts.auth import Caller

router = APIRouter(prefix="/api/crm", tags=["auth"])


@router.get("/me", response_model=Caller, responses={401: PROBLEM})
def current_caller(runtime: RuntimeDep, actor: ActorDep) -> Caller:
    """The caller's name and role, and whether the API needs a bearer token."""
    return Caller(actor=actor.name, role=actor.role, auth_required=runtime.settings.auth_required)
