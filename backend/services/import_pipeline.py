"""Runs an import through the pipeline stages in one transaction: a batch either ends with every
stage's artifact stored (raw rows, manifest, staged records, deltas, decisions), or it is
recorded as `failed` with its reason and nothing else of it is kept. Shared by the CLI and the
API (this is the edge that commits)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.contracts.imports import ImportSummary
from backend.db.models import ImportBatch
from backend.repositories import imports_repository
from backend.runtime import Runtime
from backend.services.client_graph import identity_resolution_service, review_service
from backend.services.imports import ingest_service, mapping_service, normalize_service
from backend.services.imports.import_summary import summarize
from backend.services.imports.ingest_service import ImportRequest, IngestFailed


def propose(
    session: Session, runtime: Runtime, batch: ImportBatch, *, mapping_id: str | None, actor: str
) -> None:
    """Stages 2-6 on a parsed batch: mapping, normalize, resolve and review triage."""
    registry = runtime.profiles
    manifest = mapping_service.map_batch(
        session, batch, registry, mapping_id=mapping_id, actor=actor, assistant=runtime.assistant
    )
    profile = registry.get(manifest.profile)
    normalize_service.normalize_batch(
        session, batch, manifest, profile, policy_region=runtime.policy.default_region
    )
    batch.counts = {
        **batch.counts,
        "unresolved_fields": imports_repository.count_unresolved(session, batch.id),
    }
    identity_resolution_service.resolve_batch(session, batch, runtime.policy, manifest)
    review_service.triage(session, batch.id, runtime.policy)


def run_import(runtime: Runtime, request: ImportRequest) -> ImportSummary:
    """Ingest a file and run the later stages; a failed batch is recorded and summarized."""
    try:
        with runtime.unit() as session:
            batch = ingest_service.ingest(session, runtime.settings, request)
            propose(session, runtime, batch, mapping_id=request.mapping_id, actor=request.actor)
            return summarize(batch)
    except IngestFailed as failure:
        with runtime.unit() as session:
            failed = ingest_service.record_failure(session, failure)
            return summarize(failed)


def replay(
    runtime: Runtime, import_id: str, *, mapping_id: str | None, actor: str
) -> ImportSummary:
    """Re-run a stored batch from its raw evidence as a new batch (current or given mapping)."""
    with runtime.unit() as session:
        original = imports_repository.get_batch(session, import_id)
        batch = ingest_service.replay_batch(session, original, actor=actor)
        propose(session, runtime, batch, mapping_id=mapping_id, actor=actor)
        return summarize(batch)
