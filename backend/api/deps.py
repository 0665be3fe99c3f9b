"""Request dependencies: the runtime held by the app, the caller (bearer token and role), and
the check that the caller's role allows a route's action (`services/access_rules.py`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from backend.contracts.auth import Action
from backend.errors import Forbidden, Unauthenticated
from backend.runtime import Runtime
from backend.services import access_rules
from backend.services.auth_service import Actor, authenticate


def get_runtime(request: Request) -> Runtime:
    """The runtime created by `create_app`."""
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def current_actor(
    runtime: RuntimeDep, authorization: Annotated[str | None, Header()] = None
) -> Actor:
    """The caller: the token's holder, or the local operator when auth is not required."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
        with runtime.unit() as session:
            return authenticate(session, token.strip())
    if runtime.settings.auth_required:
        raise Unauthenticated("This API needs a bearer token.")
    return Actor(name=runtime.operator, role="approver")


ActorDep = Annotated[Actor, Depends(current_actor)]


class Permit:
    """A dependency that refuses callers whose role does not allow `action`; every route names
    the action it takes, so the table that `/me` reports is the one the API enforces."""

    def __init__(self, action: Action) -> None:
        self.action = action

    def __call__(self, actor: ActorDep) -> Actor:
        if not access_rules.may(actor.role, self.action):
            needed = access_rules.role_needed(self.action)
            raise Forbidden(f"This needs the {needed} role; {actor.name} is a {actor.role}.")
        return actor


ViewDep = Annotated[Actor, Depends(Permit("view"))]
UploadDep = Annotated[Actor, Depends(Permit("upload"))]
ReplayDep = Annotated[Actor, Depends(Permit("replay"))]
EditMappingDep = Annotated[Actor, Depends(Permit("edit_mapping"))]
SubmitWritebackDep = Annotated[Actor, Depends(Permit("submit_writeback"))]
ReadAuditDep = Annotated[Actor, Depends(Permit("read_audit"))]
DecideDep = Annotated[Actor, Depends(Permit("decide"))]
ApplyDep = Annotated[Actor, Depends(Permit("apply"))]
RevertDep = Annotated[Actor, Depends(Permit("revert"))]
UnmergeDep = Annotated[Actor, Depends(Permit("unmerge"))]
ManageTokensDep = Annotated[Actor, Depends(Permit("manage_tokens"))]
