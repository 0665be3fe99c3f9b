"""HTTP routes for import batches (`/api/crm/imports`). Routes only translate HTTP to service
calls; each request that changes data is one unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse

from backend.api.deps import get_runtime
from backend.api.problems import PROBLEM_MEDIA_TYPE
from backend.cli.output import problem_of
from backend.contracts.imports import ImportSummary
from backend.errors import UnreadableFile
from backend.repositories import imports_repository
from backend.runtime import Runtime
from backend.services import import_pipeline
from backend.services.imports import import_summary
from backend.services.imports.ingest_service import ImportRequest

router = APIRouter(prefix="/api/crm/imports", tags=["imports"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
PROBLEM = {"model": dict[str, object], "content": {PROBLEM_MEDIA_TYPE: {}}}


@router.post(
    "",
    status_code=201,
    response_model=ImportSummary,
    responses={413: PROBLEM, 422: PROBLEM},
)
def create_import(
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description="CSV, TSV or XLSX export")],
    profile: Annotated[str | None, Form()] = None,
    source_system: Annotated[str | None, Form()] = None,
    sheet: Annotated[str | None, Form()] = None,
    mapping_id: Annotated[str | None, Form()] = None,
) -> ImportSummary | JSONResponse:
    """Upload an export and run it through the pipeline; a failed batch answers with a problem."""
    request = ImportRequest(
        file_name=file.filename or "upload",
        stream=file.file,
        actor=runtime.operator,
        sheet=sheet,
        profile=profile,
        source_system=source_system,
        mapping_id=mapping_id,
    )
    summary = import_pipeline.run_import(runtime, request)
    if summary.status != "failed":
        return summary
    reason = summary.errors[0] if summary.errors else "The import failed."
    status = 413 if "upload limit" in reason else 422
    error = UnreadableFile(reason, import_id=summary.import_id)
    body = problem_of(error) | {"status": status}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


@router.get("", response_model=list[ImportSummary])
def list_imports(
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    status: str | None = None,
) -> list[ImportSummary]:
    """Import batches, newest first."""
    with runtime.unit() as session:
        batches = imports_repository.list_batches(
            session, limit=limit, offset=offset, status=status
        )
        return [import_summary.summarize(batch) for batch in batches]


@router.get("/{import_id}", response_model=ImportSummary, responses={404: PROBLEM})
def get_import(runtime: RuntimeDep, import_id: str) -> ImportSummary:
    """One batch's ImportSummary."""
    with runtime.unit() as session:
        return import_summary.summarize(imports_repository.get_batch(session, import_id))
