"""Request dependencies: the runtime held by the app, and the caller (bearer token and role)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from backend.errors import Forbidden, Unauthenticated
from backend.runtime import Runtime
from backend.services.auth_service import Actor, authenticate
from backend.services.client_graph.review_rules import role_allows


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


def require(role: str) -> Callable[[Actor], Actor]:
    """A dependency that refuses callers below `role`."""

    def check(actor: ActorDep) -> Actor:
        if not role_allows(actor.role, role):
            raise Forbidden(f"This needs the {role} role; {actor.name} is a {actor.role}.")
        return actor

    return check


OperatorDep = Annotated[Actor, Depends(require("operator"))]
ApproverDep = Annotated[Actor, Depends(require("approver"))]
AdminDep = Annotated[Actor, Depends(require("admin"))]
