"""HTTP routes for the Client 360 view, client search, export, writebacks, source profiles,
the audit log and tokens."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from backend.api.deps import (
    ApplyDep,
    ManageTokensDep,
    ReadAuditDep,
    RuntimeDep,
    SubmitWritebackDep,
    UnmergeDep,
    ViewDep,
)
from backend.contracts.client360 import Client360Snapshot, ClientMatch
from backend.contracts.common import Contract
from backend.contracts.review import ApplyResult, RevertResult
from backend.contracts.writebacks import Writeback, WritebackCreate
from backend.errors import InvalidInput
from backend.services import auth_service, batch_actions, read_models
from backend.services.client_graph import (
    aggregation_service,
    export_service,
    search_service,
    writeback_service,
)

router = APIRouter(prefix="/api/crm", tags=["clients"])


class TokenCreate(Contract):
    name: str
    role: str


@router.get("/client-360/{client_id}", response_model=Client360Snapshot)
def client_360(runtime: RuntimeDep, _actor: ViewDep, client_id: str) -> Client360Snapshot:
    """The client's Client 360 snapshot."""
    with runtime.unit() as session:
        return aggregation_service.snapshot(session, client_id)


@router.get("/clients", response_model=list[ClientMatch])
def find_clients(
    runtime: RuntimeDep,
    _actor: ViewDep,
    q: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    company: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[ClientMatch]:
    """Search clients by name (typo-tolerant), e-mail, phone in any format or company."""
    with runtime.unit() as session:
        return search_service.find_clients(
            session,
            q=q,
            email=email,
            phone=phone,
            name=name,
            company=company,
            region=runtime.policy.default_region,
            limit=limit,
            offset=offset,
        )


@router.post("/clients/{client_id}/unmerge", response_model=RevertResult)
def unmerge(runtime: RuntimeDep, actor: UnmergeDep, client_id: str) -> RevertResult:
    """Split the client's latest applied merge, remembering they are not the same."""
    return batch_actions.unmerge(runtime, client_id, actor=actor.name)


@router.get("/export/{kind}", response_class=PlainTextResponse)
def export(runtime: RuntimeDep, _actor: ViewDep, kind: str, format: str = "jsonl") -> str:
    """Canonical records with ids and source links, as JSONL or CSV."""
    if kind not in export_service.KINDS or format not in ("csv", "jsonl"):
        raise InvalidInput(f"Unknown export {kind!r} or format {format!r}.")
    buffer = io.StringIO()
    with runtime.unit() as session:
        export_service.write(session, export_service.KINDS[kind], buffer, fmt=format)
    return buffer.getvalue()


@router.post("/writebacks", status_code=201, response_model=Writeback)
def submit_writeback(
    runtime: RuntimeDep, actor: SubmitWritebackDep, document: WritebackCreate
) -> Writeback:
    """Submit an Oracle writeback; its deltas wait for review like an import's."""
    with runtime.unit() as session:
        return writeback_service.submit(session, document, actor=actor.name, policy=runtime.policy)


@router.get("/writebacks", response_model=list[Writeback])
def list_writebacks(
    runtime: RuntimeDep, _actor: ViewDep, client_id: str | None = None
) -> list[Writeback]:
    """Writebacks, newest first, with their deltas and decisions."""
    with runtime.unit() as session:
        return writeback_service.list_writebacks(session, client_id=client_id)


@router.get("/writebacks/{writeback_id}", response_model=Writeback)
def get_writeback(runtime: RuntimeDep, _actor: ViewDep, writeback_id: str) -> Writeback:
    """One writeback with its deltas and decisions."""
    with runtime.unit() as session:
        return writeback_service.get(session, writeback_id)


@router.post("/writebacks/{writeback_id}/apply", response_model=ApplyResult)
def apply_writeback(runtime: RuntimeDep, actor: ApplyDep, writeback_id: str) -> ApplyResult:
    """Apply a writeback's approved deltas."""
    return batch_actions.apply(runtime, writeback_id, actor=actor.name)


@router.get("/source-profiles")
def source_profiles(runtime: RuntimeDep, _actor: ViewDep) -> list[dict[str, Any]]:
    """The source profiles imports can use."""
    return read_models.source_profiles(runtime.profiles)


@router.get("/audit")
def audit(runtime: RuntimeDep, _actor: ReadAuditDep, limit: int = 500) -> list[dict[str, Any]]:
    """The audit log, oldest first."""
    with runtime.unit() as session:
        return read_models.audit_events(session, limit=limit)


@router.post("/tokens", status_code=201)
def create_token(runtime: RuntimeDep, actor: ManageTokensDep, body: TokenCreate) -> dict[str, str]:
    """Create an API token (returned once)."""
    with runtime.unit() as session:
        token = auth_service.create_token(session, name=body.name, role=body.role, actor=actor.name)
    return {"token": token, "name": body.name, "role": body.role}
