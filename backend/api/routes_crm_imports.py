"""HTTP routes for import batches (`/api/crm/imports`): upload, list, the batch's mapping,
unresolved fields, deltas and decisions, and apply, revert, replay and bulk approval. Routes
translate HTTP to service calls; each call that changes data is one unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from backend.api.deps import (
    ApplyDep,
    DecideDep,
    EditMappingDep,
    ReplayDep,
    RevertDep,
    RuntimeDep,
    UploadDep,
    ViewDep,
)
from backend.api.problems import PROBLEM, problem_response
from backend.cli.output import failed_import_error
from backend.contracts.common import Contract
from backend.contracts.imports import ImportSummary, UnresolvedField
from backend.contracts.mapping import MappingManifest, MappingUpdate
from backend.contracts.review import ApplyResult, CanonicalDelta, RevertResult, ReviewDecision
from backend.contracts.source_systems import IMPORT_SOURCE_SYSTEMS, ImportSourceSystem
from backend.errors import InvalidInput
from backend.runtime import Runtime
from backend.services import batch_actions, import_pipeline, read_models
from backend.services.imports import mapping_service, mapping_upload
from backend.services.imports.ingest_service import ImportRequest
from backend.services.imports.mapping_upload import ChosenMapping
from backend.services.imports.source_system_choice import import_source_system

router = APIRouter(prefix="/api/crm/imports", tags=["imports"])


class BulkApproval(Contract):
    decisions: int
    deltas: int


class ReplayRequest(Contract):
    mapping_id: str | None = None


UPLOAD_FIELDS = frozenset(
    {"file", "profile", "source_system", "system", "sheet", "mapping", "mapping_id"}
)
SOURCE_SYSTEM_HELP = (
    f"Source system, one of: {', '.join(IMPORT_SOURCE_SYSTEMS)} (case, spaces and hyphens "
    "aside); default: the profile's system."
)


async def _known_upload_fields(request: Request) -> None:
    """Refuse multipart fields the upload does not take, rather than ignore them."""
    unknown = sorted(set((await request.form()).keys()) - UPLOAD_FIELDS)
    if unknown:
        raise InvalidInput(
            f"Unknown upload field(s) {unknown}; the upload takes {sorted(UPLOAD_FIELDS)}.",
            fields=unknown,
        )


def _source_system_part(source_system: str | None, alias: str | None) -> ImportSourceSystem | None:
    """The `source_system` field or its alias `system`, checked against the source systems."""
    named = import_source_system(source_system, field="source_system")
    aliased = import_source_system(alias, field="system")
    if named and aliased and named != aliased:
        raise InvalidInput(
            f"`source_system` names {named!r} and its alias `system` names {aliased!r}; "
            "give one of them.",
            fields=["source_system", "system"],
        )
    return named or aliased


def _mapping_part(
    runtime: Runtime,
    actor: str,
    form_value: UploadFile | str | None,
    alias: str | None,
    profile: str | None,
) -> ChosenMapping | None:
    """The `mapping` part (a stored manifest id, or a manifest JSON document or file part) or
    its alias `mapping_id`, validated (and a document stored) before the import runs."""
    if form_value and alias:
        raise InvalidInput("Give either `mapping` or `mapping_id`, not both.")
    value = form_value or alias or None
    if value is None:
        return None
    document: bytes | str | None = None
    mapping_id: str | None = None
    if isinstance(value, str):
        document, mapping_id = (value, None) if value.lstrip().startswith("{") else (None, value)
    else:
        document = value.file.read()
    source = getattr(value, "filename", None) or "the `mapping` part"
    with runtime.unit() as session:
        return mapping_upload.choose_mapping(
            session,
            runtime.profiles,
            mapping_id=mapping_id,
            document=document,
            source=source,
            profile=profile,
            actor=actor,
        )


@router.post(
    "",
    status_code=201,
    response_model=ImportSummary,
    responses={404: PROBLEM, 413: PROBLEM, 422: PROBLEM},
    dependencies=[Depends(_known_upload_fields)],
)
def create_import(
    runtime: RuntimeDep,
    actor: UploadDep,
    file: Annotated[UploadFile, File(description="CSV, TSV or XLSX export")],
    profile: Annotated[str | None, Form()] = None,
    source_system: Annotated[str | None, Form(description=SOURCE_SYSTEM_HELP)] = None,
    system: Annotated[
        str | None, Form(description="Alias of `source_system` (the CLI's `--system`).")
    ] = None,
    sheet: Annotated[str | None, Form()] = None,
    mapping: Annotated[
        UploadFile | str | None,
        File(
            description="Mapping manifest: a stored manifest's id, or a manifest JSON document "
            "(as `mapping propose --json` prints), stored as a saved manifest and used."
        ),
    ] = None,
    mapping_id: Annotated[
        str | None, Form(description="Alias of `mapping` (a stored manifest's id).")
    ] = None,
) -> ImportSummary | JSONResponse:
    """Upload an export and run it through the pipeline; a failed batch answers with a problem
    (413 `file_too_large` over the upload limit, else 422 `unreadable_file`), and an unknown
    source system with 422 `invalid_input` before anything is stored."""
    chosen_system = _source_system_part(source_system, system)
    chosen = _mapping_part(runtime, actor.name, mapping, mapping_id, profile or None)
    request = ImportRequest(
        file_name=file.filename or "upload",
        stream=file.file,
        actor=actor.name,
        sheet=sheet,
        profile=chosen.profile if chosen else profile or None,
        source_system=chosen_system,
        mapping_id=chosen.mapping_id if chosen else None,
    )
    summary = import_pipeline.run_import(runtime, request)
    if summary.status != "failed":
        return summary
    error = failed_import_error(
        summary, size_bytes=file.size, max_bytes=runtime.settings.max_upload_bytes
    )
    return problem_response(error)


@router.get("", response_model=list[ImportSummary])
def list_imports(
    runtime: RuntimeDep,
    _actor: ViewDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    status: str | None = None,
) -> list[ImportSummary]:
    """Import batches, newest first."""
    with runtime.unit() as session:
        return read_models.list_imports(session, limit=limit, offset=offset, status=status)


@router.get("/{import_id}", response_model=ImportSummary, responses={404: PROBLEM})
def get_import(runtime: RuntimeDep, _actor: ViewDep, import_id: str) -> ImportSummary:
    """One batch's ImportSummary."""
    with runtime.unit() as session:
        return read_models.import_summary(session, import_id)


@router.get("/{import_id}/mapping", response_model=MappingManifest, responses={404: PROBLEM})
def get_mapping(runtime: RuntimeDep, _actor: ViewDep, import_id: str) -> MappingManifest:
    """The mapping manifest the batch used."""
    with runtime.unit() as session:
        return read_models.mapping_of(session, import_id)


@router.put("/{import_id}/mapping", response_model=ImportSummary, responses={404: PROBLEM})
def edit_mapping(
    runtime: RuntimeDep, actor: EditMappingDep, import_id: str, update: MappingUpdate
) -> ImportSummary:
    """Edit the batch's mapping (a new version) and replay the batch from raw evidence."""
    with runtime.unit() as session:
        current = read_models.mapping_of(session, import_id)
        edited = mapping_service.edit_mapping(
            session, current.id or "", update.edits, actor=actor.name
        )
    return import_pipeline.replay(runtime, import_id, mapping_id=edited.id, actor=actor.name)


@router.get("/{import_id}/unresolved", response_model=list[UnresolvedField])
def get_unresolved(
    runtime: RuntimeDep,
    _actor: ViewDep,
    import_id: str,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[UnresolvedField]:
    """The batch's unresolved fields, raw values kept."""
    with runtime.unit() as session:
        return read_models.unresolved_of(session, import_id, limit=limit, offset=offset)


@router.get("/{import_id}/deltas", response_model=list[CanonicalDelta], responses={404: PROBLEM})
def get_deltas(
    runtime: RuntimeDep, _actor: ViewDep, import_id: str, status: str | None = None
) -> list[CanonicalDelta]:
    """The batch's proposed deltas with score and evidence."""
    with runtime.unit() as session:
        read_models.import_summary(session, import_id)
        return read_models.deltas_of(session, import_id, status=status)


@router.get("/{import_id}/decisions", response_model=list[ReviewDecision], responses={404: PROBLEM})
def get_decisions(
    runtime: RuntimeDep,
    _actor: ViewDep,
    import_id: str,
    status: str | None = None,
    kind: str | None = None,
    risk: str | None = None,
) -> list[ReviewDecision]:
    """The batch's review decisions (filter by status, kind, comma-separated risks)."""
    with runtime.unit() as session:
        read_models.import_summary(session, import_id)
        return read_models.decisions_of(
            session,
            batch_id=import_id,
            kind=kind,
            risks=risk.split(",") if risk else None,
            status=status,
        )


@router.post("/{import_id}/approve", response_model=BulkApproval)
def approve_batch(
    runtime: RuntimeDep, actor: DecideDep, import_id: str, risk: str | None = None
) -> BulkApproval:
    """Approve every pending decision (recommended option) and undecided delta of given risks."""
    decided, deltas = batch_actions.approve_all(
        runtime,
        import_id,
        risks=risk.split(",") if risk else None,
        actor=actor.name,
        role=actor.role,
    )
    return BulkApproval(decisions=decided, deltas=deltas)


@router.post("/{import_id}/apply", response_model=ApplyResult, responses={404: PROBLEM})
def apply_import(runtime: RuntimeDep, actor: ApplyDep, import_id: str) -> ApplyResult:
    """Apply the batch's approved deltas in one transaction."""
    return batch_actions.apply(runtime, import_id, actor=actor.name)


@router.post("/{import_id}/revert", response_model=RevertResult, responses={409: PROBLEM})
def revert_import(runtime: RuntimeDep, actor: RevertDep, import_id: str) -> RevertResult:
    """Undo an applied batch, or 409 with the later changes that are in the way."""
    return batch_actions.revert(runtime, import_id, actor=actor.name)


@router.post("/{import_id}/replay", status_code=201, response_model=ImportSummary)
def replay_import(
    runtime: RuntimeDep, actor: ReplayDep, import_id: str, body: ReplayRequest | None = None
) -> ImportSummary:
    """Re-run a stored batch from its raw evidence as a new batch."""
    mapping_id = body.mapping_id if body else None
    return import_pipeline.replay(runtime, import_id, mapping_id=mapping_id, actor=actor.name)
