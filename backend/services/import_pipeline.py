"""Runs an import through the pipeline stages, one transaction for the whole run: a batch either
ends with every stage's artifact stored, or it is recorded as `failed` with its reason and nothing
else of it is kept. Shared by the CLI and the API (this is the edge that commits)."""

from __future__ import annotations

from backend.contracts.imports import ImportSummary
from backend.repositories import imports_repository
from backend.runtime import Runtime
from backend.services.imports import ingest_service, mapping_service, normalize_service
from backend.services.imports.import_summary import summarize
from backend.services.imports.ingest_service import ImportRequest, IngestFailed


def run_import(runtime: Runtime, request: ImportRequest) -> ImportSummary:
    """Ingest a file and run the later stages; a failed batch is recorded and summarized."""
    try:
        with runtime.unit() as session:
            batch = ingest_service.ingest(session, runtime.settings, request)
            registry = mapping_service.load_registry(runtime.settings.profiles_dir)
            manifest = mapping_service.map_batch(
                session, batch, registry, mapping_id=request.mapping_id, actor=request.actor
            )
            profile = registry.get(manifest.profile)
            normalize_service.normalize_batch(session, batch, manifest, profile, policy_region=None)
            return summarize(batch)
    except IngestFailed as failure:
        with runtime.unit() as session:
            failed = ingest_service.record_failure(session, failure)
            return summarize(failed)
