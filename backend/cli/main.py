"""The `velocity-crm` command line: the same services and contracts as the API."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from backend.cli.commands_demo import demo_command
from backend.cli.commands_graph import clients_app, export_command, tokens_app
from backend.cli.commands_review import mapping_app, review_app
from backend.cli.common import DbOption, JsonOption, runtime_for
from backend.cli.output import EXIT_WORK_FAILED, emit, fail
from backend.contracts.imports import ImportSummary
from backend.contracts.writebacks import WritebackCreate
from backend.errors import InvalidInput
from backend.services import batch_actions, import_pipeline, read_models
from backend.services.client_graph import aggregation_service, writeback_service
from backend.services.imports.ingest_service import ImportRequest
from backend.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Velocity CRM import and Client 360 adapter.")
imports_app = typer.Typer(no_args_is_help=True, help="Inspect import batches.")
app.add_typer(imports_app, name="imports")
app.add_typer(review_app, name="review")
app.add_typer(mapping_app, name="mapping")
app.add_typer(clients_app, name="clients")
app.add_typer(tokens_app, name="tokens")
app.command("export")(export_command)
app.command("demo")(demo_command)


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
    with runtime_for(db, as_json) as runtime, file.open("rb") as stream:
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
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        summaries = read_models.list_imports(session, limit=limit, status=status)
    text = "\n".join(
        f"{s.import_id}  {s.status:<17} {s.rows.parsed:>8} rows  {s.file.name}" for s in summaries
    )
    emit(summaries, as_json=as_json, text=text or "no imports yet")


@imports_app.command("show")
def imports_show(import_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one batch's ImportSummary."""
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        summary = read_models.import_summary(session, import_id)
    emit(summary, as_json=as_json, text=_summary_text(summary))


@imports_app.command("unresolved")
def imports_unresolved(import_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """List a batch's unresolved fields (raw values kept)."""
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        fields = read_models.unresolved_of(session, import_id)
    text = "\n".join(
        f"{f.reason:<22} {f.column!s:<24} row {f.row if f.row is not None else '-':>6}  "
        f"{f.raw_value!r}  {f.message}"
        for f in fields
    )
    emit(fields, as_json=as_json, text=text or "nothing unresolved")


@imports_app.command("deltas")
def imports_deltas(
    import_id: str, status: str | None = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """List a batch's proposed deltas with their scores and evidence."""
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        deltas = read_models.deltas_of(session, import_id, status=status)
    text = "\n".join(
        f"{d.delta_id}  {d.op:<9} {d.entity:<11} {d.entity_id or '-':<28} {d.risk:<6} {d.status}"
        for d in deltas
    )
    emit(deltas, as_json=as_json, text=text or "no deltas")


@app.command("apply")
def apply_batch(batch_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Apply the approved deltas of an import or writeback (one transaction)."""
    with runtime_for(db, as_json) as runtime:
        result = batch_actions.apply(runtime, batch_id, actor=runtime.operator)
    text = f"{batch_id}: {result.status}; applied {result.applied}, blocked {result.blocked}"
    emit(result, as_json=as_json, text="\n".join([text, *result.blocked_reasons]))


@app.command("revert")
def revert_batch(batch_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Undo an applied import or writeback, unless newer data would be clobbered."""
    with runtime_for(db, as_json) as runtime:
        result = batch_actions.revert(runtime, batch_id, actor=runtime.operator)
    emit(result, as_json=as_json, text=f"{batch_id}: reverted {result.reverted} change(s)")


@app.command("unmerge")
def unmerge_client(client_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Split a client's latest applied merge back into separate clients."""
    with runtime_for(db, as_json) as runtime:
        result = batch_actions.unmerge(runtime, client_id, actor=runtime.operator)
    emit(result, as_json=as_json, text=f"{client_id}: merge split ({result.reverted} change(s))")


@app.command("replay")
def replay_batch(
    import_id: str,
    mapping: Annotated[str | None, typer.Option(help="Mapping manifest id to use.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Re-run a stored batch from its raw evidence as a new batch."""
    with runtime_for(db, as_json) as runtime:
        summary = import_pipeline.replay(
            runtime, import_id, mapping_id=mapping, actor=runtime.operator
        )
    emit(summary, as_json=as_json, text=_summary_text(summary))


@app.command("client360")
def client360(client_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show a client's Client 360 snapshot."""
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        snapshot = aggregation_service.snapshot(session, client_id)
    name = " ".join(
        str(snapshot.profile[f].value) for f in ("first_name", "last_name") if f in snapshot.profile
    )
    text = (
        f"{client_id} v{snapshot.version}  {name}\n"
        f"  e-mails: {', '.join(e.value for e in snapshot.emails) or '-'}\n"
        f"  phones: {', '.join(p.value for p in snapshot.phones) or '-'}\n"
        f"  accounts: {', '.join(a.name or a.account_id for a in snapshot.accounts) or '-'}\n"
        f"  opportunities: {snapshot.opportunities.open_count} open, "
        f"{snapshot.opportunities.won_count} won; interactions: {snapshot.interactions.total}\n"
        f"  pending reviews: {len(snapshot.pending_reviews)}"
    )
    emit(snapshot, as_json=as_json, text=text)


@app.command("writeback")
def writeback(file: Path, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Submit an Oracle writeback document (JSON) for review."""
    try:
        document = WritebackCreate.model_validate_json(file.read_bytes())
    except (OSError, ValidationError) as error:
        raise fail(InvalidInput(f"{file}: {error}"), as_json=as_json) from error
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        result = writeback_service.submit(
            session, document, actor=runtime.operator, policy=runtime.policy
        )
    emit(
        result,
        as_json=as_json,
        text=f"{result.writeback_id}: {len(result.deltas)} delta(s), "
        f"{len(result.decisions)} decision(s) waiting",
    )


@app.command("audit")
def audit(
    since: Annotated[str | None, typer.Option(help="ISO date or datetime.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the audit log."""
    with runtime_for(db, as_json) as runtime, runtime.unit() as session:
        moment = datetime.fromisoformat(since) if since else None
        events = read_models.audit_events(session, since=moment)
    text = "\n".join(
        f"{e['at']}  {e['actor']:<12} {e['action']:<12} {e['subject_id']}" for e in events
    )
    emit({"events": events}, as_json=as_json, text=text or "no events")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, db: DbOption = None) -> None:
    """Serve the HTTP API (and the UI when built)."""
    import uvicorn

    from backend.api.app import create_app

    settings = Settings()
    if db:
        settings = settings.model_copy(update={"database_url": db})
    uvicorn.run(create_app(settings), host=host, port=port)
