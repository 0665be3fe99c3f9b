"""The `velocity-crm` command line: the same services and contracts as the API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from backend.cli.output import EXIT_WORK_FAILED, emit, fail
from backend.contracts.imports import ImportSummary
from backend.errors import VelocityError
from backend.repositories import imports_repository
from backend.runtime import Runtime, open_runtime
from backend.services import import_pipeline
from backend.services.imports import import_summary
from backend.services.imports.ingest_service import ImportRequest
from backend.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Velocity CRM import and Client 360 adapter.")
imports_app = typer.Typer(no_args_is_help=True, help="Inspect import batches.")
app.add_typer(imports_app, name="imports")

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: VELOCITY_DATABASE_URL or embedded SQLite)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@contextmanager
def _runtime(db: str | None, as_json: bool) -> Iterator[Runtime]:
    """Open the runtime and turn product errors into one stderr line and an exit code."""
    settings = Settings()
    if db:
        settings = settings.model_copy(update={"database_url": db})
    try:
        yield open_runtime(settings)
    except VelocityError as error:
        raise fail(error, as_json=as_json) from error


def _summary_text(summary: ImportSummary) -> str:
    lines = [
        f"{summary.import_id}  {summary.status}  {summary.file.name}",
        f"  rows: {summary.rows.parsed} parsed, {summary.rows.flagged} flagged; "
        f"columns: {summary.columns.total}",
    ]
    if summary.replay_of:
        lines.append(f"  replay of {summary.replay_of} (same bytes)")
    lines.extend(f"  error: {error}" for error in summary.errors)
    lines.extend(f"  warning: {warning}" for warning in summary.warnings)
    return "\n".join(lines)


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or XLSX export to import.")],
    profile: Annotated[str | None, typer.Option(help="Source profile key.")] = None,
    system: Annotated[str | None, typer.Option(help="Source system name.")] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet to read.")] = None,
    mapping: Annotated[str | None, typer.Option(help="Mapping manifest id to use.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a file: store it, parse it and run the pipeline; prints the ImportSummary."""
    if not file.is_file():
        typer.echo(f"error: {file} is not a readable file", err=True)
        raise typer.Exit(2)
    with _runtime(db, as_json) as runtime, file.open("rb") as stream:
        request = ImportRequest(
            file_name=file.name,
            stream=stream,
            actor=runtime.operator,
            sheet=sheet,
            profile=profile,
            source_system=system,
            mapping_id=mapping,
        )
        summary = import_pipeline.run_import(runtime, request)
    emit(summary, as_json=as_json, text=_summary_text(summary))
    if summary.status == "failed":
        raise typer.Exit(EXIT_WORK_FAILED)


@imports_app.command("list")
def imports_list(
    limit: int = 50, status: str | None = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """List import batches, newest first."""
    with _runtime(db, as_json) as runtime, runtime.unit() as session:
        summaries = [
            import_summary.summarize(batch)
            for batch in imports_repository.list_batches(session, limit=limit, status=status)
        ]
    text = "\n".join(
        f"{s.import_id}  {s.status:<17} {s.rows.parsed:>8} rows  {s.file.name}" for s in summaries
    )
    emit(summaries, as_json=as_json, text=text or "no imports yet")


@imports_app.command("show")
def imports_show(import_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one batch's ImportSummary."""
    with _runtime(db, as_json) as runtime, runtime.unit() as session:
        summary = import_summary.summarize(imports_repository.get_batch(session, import_id))
    emit(summary, as_json=as_json, text=_summary_text(summary))


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, db: DbOption = None) -> None:
    """Serve the HTTP API (and the UI when built)."""
    import uvicorn

    from backend.api.app import create_app

    settings = Settings()
    if db:
        settings = settings.model_copy(update={"database_url": db})
    uvicorn.run(create_app(settings), host=host, port=port)


SAMPLES_DIR = Path(__file__).resolve().parent.parent / "demo" / "samples"


@app.command()
def demo(
    data_dir: Annotated[Path, typer.Option(help="Where the demo database lives.")] = Path(
        "var/demo"
    ),
) -> None:
    """Set up a fresh embedded database and import the bundled sample exports."""
    import shutil

    shutil.rmtree(data_dir, ignore_errors=True)
    runtime = open_runtime(Settings(data_dir=data_dir, database_url=None))
    for sample in sorted(SAMPLES_DIR.glob("*.csv")):
        with sample.open("rb") as stream:
            request = ImportRequest(file_name=sample.name, stream=stream, actor=runtime.operator)
            summary = import_pipeline.run_import(runtime, request)
        typer.echo(summary.model_dump_json(indent=2))
