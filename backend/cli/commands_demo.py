"""`velocity-crm demo`: a fresh embedded database, the bundled sample exports imported and the
low-risk creates applied under the demo policy, then the API and UI served."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from backend.cli.common import reported_errors
from backend.cli.options import cli_options
from backend.cli.output import fail
from backend.errors import InvalidInput
from backend.runtime import open_runtime
from backend.services import batch_actions, import_pipeline
from backend.services.imports.ingest_service import ImportRequest
from backend.settings import Settings

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
SAMPLES_DIR = DEMO_DIR / "samples"


def demo_command(
    data_dir: Annotated[Path, typer.Option(help="Where the demo database lives.")] = Path(
        "var/demo"
    ),
    host: str = "127.0.0.1",
    port: int = 8000,
    serve: Annotated[bool, typer.Option(help="Serve the API and UI afterwards.")] = True,
) -> None:
    """Load the bundled sample exports into a fresh database and serve the UI.

    The demo policy applies unless --policy names another."""
    options = cli_options()
    if options.db:
        raise fail(InvalidInput("demo always uses a fresh embedded database; use --data-dir."))
    shutil.rmtree(data_dir, ignore_errors=True)
    settings = Settings(
        data_dir=data_dir,
        database_url=None,
        policy=options.policy or DEMO_DIR / "demo_policy.yaml",
        operator="demo",
    )
    with reported_errors(settings):
        runtime = open_runtime(settings)
        _ = runtime.policy
    typer.echo(f"demo database: {settings.effective_database_url}")
    for sample in sorted(SAMPLES_DIR.iterdir()):
        if sample.suffix not in (".csv", ".xlsx"):
            continue
        with sample.open("rb") as stream, reported_errors(settings):
            summary = import_pipeline.run_import(
                runtime, ImportRequest(file_name=sample.name, stream=stream, actor="demo")
            )
            applied = batch_actions.apply(runtime, summary.import_id, actor="demo")
        counts = ", ".join(
            f"{entity} {sum(ops.values())}" for entity, ops in summary.deltas.items()
        )
        typer.echo(
            f"{sample.name:<34} {summary.profile.key or '-':<24} {applied.status:<17} "
            f"rows {summary.rows.parsed:>4}  deltas [{counts}]  review {summary.review_required:>3}"
            f"  unresolved {summary.unresolved_fields:>3}  applied {applied.applied}"
        )
    if not serve:
        return
    import uvicorn

    from backend.api.app import create_app

    typer.echo(f"serving the API and UI at http://{host}:{port}/  (OpenAPI at /docs)")
    with reported_errors(settings):
        api = create_app(settings)
    uvicorn.run(api, host=host, port=port, log_level="warning")
