"""The `velocity-crm` command line: the same services and contracts as the API."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy.orm import Session

from backend.cli.commands_demo import demo_command
from backend.cli.commands_graph import clients_app, export_command, tokens_app
from backend.cli.commands_review import mapping_app, review_app
from backend.cli.common import (
    DbOption,
    JsonOption,
    PolicyOption,
    readable_file,
    reported_errors,
    runtime_for,
    settings_for,
)
from backend.cli.group import VelocityGroup
from backend.cli.options import CliOptions, cli_options
from backend.cli.output import EXIT_WORK_FAILED, emit, fail, failed_import_error
from backend.contracts.client360 import HistoryEntry
from backend.contracts.imports import ImportSummary
from backend.contracts.source_systems import IMPORT_SOURCE_SYSTEMS
from backend.contracts.writebacks import WritebackCreate
from backend.errors import InvalidInput, UnreadableFile
from backend.runtime import Runtime
from backend.services import batch_actions, import_pipeline, read_models
from backend.services.client_graph import aggregation_service, writeback_service
from backend.services.imports import mapping_upload
from backend.services.imports.ingest_service import ImportRequest
from backend.services.imports.mapping_upload import ChosenMapping
from backend.services.imports.source_system_choice import import_source_system

app = typer.Typer(
    cls=VelocityGroup,
    no_args_is_help=True,
    help="Velocity CRM import and Client 360 adapter. The options --db, --policy and --json "
    "may be given before or after the command.",
)
imports_app = typer.Typer(no_args_is_help=True, help="Inspect import batches.")
app.add_typer(imports_app, name="imports")
app.add_typer(review_app, name="review")
app.add_typer(mapping_app, name="mapping")
app.add_typer(clients_app, name="clients")
app.add_typer(tokens_app, name="tokens")
app.command("export")(export_command)
app.command("demo")(demo_command)


@app.callback()
def global_options(
    context: typer.Context,
    db: DbOption = None,
    policy: PolicyOption = None,
    as_json: JsonOption = False,
) -> None:
    """Velocity CRM import and Client 360 adapter."""
    context.obj = CliOptions(db=db, policy=policy, as_json=as_json)


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
    system: Annotated[
        str | None,
        typer.Option(
            help=f"Source system, one of: {', '.join(IMPORT_SOURCE_SYSTEMS)} "
            "(default: the profile's system)."
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet to read.")] = None,
    mapping: Annotated[
        str | None,
        typer.Option(
            help="Mapping manifest: a JSON file (as `mapping propose --json` prints) or a stored "
            "manifest id."
        ),
    ] = None,
) -> None:
    """Import a file: store it, parse it and run the pipeline; prints the ImportSummary."""
    with reported_errors():
        source_system = import_source_system(system, field="--system")
        readable_file(file)
    with runtime_for() as runtime:
        with runtime.unit() as session:
            chosen = _chosen_mapping(session, runtime, mapping, profile)
        with file.open("rb") as stream:
            request = ImportRequest(
                file_name=file.name,
                stream=stream,
                actor=runtime.operator,
                sheet=sheet,
                profile=chosen.profile if chosen else profile,
                source_system=source_system,
                mapping_id=chosen.mapping_id if chosen else None,
            )
            summary = import_pipeline.run_import(runtime, request)
        limit = runtime.settings.max_upload_bytes
    emit(summary, text=_summary_text(summary))
    if summary.status == "failed":
        error = failed_import_error(summary, size_bytes=file.stat().st_size, max_bytes=limit)
        raise fail(error, exit_code=EXIT_WORK_FAILED)


def _chosen_mapping(
    session: Session, runtime: Runtime, mapping: str | None, profile: str | None
) -> ChosenMapping | None:
    """`--mapping`: a manifest file when it names one, else a stored manifest's id."""
    if mapping is None:
        return None
    path = Path(mapping)
    if path.is_file():
        return mapping_upload.choose_mapping(
            session,
            runtime.profiles,
            document=path.read_bytes(),
            source=str(path),
            profile=profile,
            actor=runtime.operator,
        )
    if path.suffix.lower() == ".json" or len(path.parts) > 1:
        raise UnreadableFile(f"{path} is not a readable mapping manifest file.")
    return mapping_upload.choose_mapping(
        session, runtime.profiles, mapping_id=mapping, profile=profile, actor=runtime.operator
    )


@imports_app.command("list")
def imports_list(limit: int = 50, status: str | None = None) -> None:
    """List import batches, newest first."""
    with runtime_for() as runtime, runtime.unit() as session:
        summaries = read_models.list_imports(session, limit=limit, status=status)
    text = "\n".join(
        f"{s.import_id}  {s.status:<17} {s.rows.parsed:>8} rows  {s.file.name}" for s in summaries
    )
    emit(summaries, text=text or "no imports yet")


@imports_app.command("show")
def imports_show(import_id: str) -> None:
    """Show one batch's ImportSummary."""
    with runtime_for() as runtime, runtime.unit() as session:
        summary = read_models.import_summary(session, import_id)
    emit(summary, text=_summary_text(summary))


@imports_app.command("unresolved")
def imports_unresolved(import_id: str) -> None:
    """List a batch's unresolved fields (raw values kept)."""
    with runtime_for() as runtime, runtime.unit() as session:
        fields = read_models.unresolved_of(session, import_id)
    text = "\n".join(
        f"{f.reason:<22} {f.column!s:<24} row {f.row if f.row is not None else '-':>6}  "
        f"{f.raw_value!r}  {f.message}"
        for f in fields
    )
    emit(fields, text=text or "nothing unresolved")


@imports_app.command("deltas")
def imports_deltas(import_id: str, status: str | None = None) -> None:
    """List a batch's proposed deltas with their scores and evidence."""
    with runtime_for() as runtime, runtime.unit() as session:
        read_models.import_summary(session, import_id)
        deltas = read_models.deltas_of(session, import_id, status=status)
    text = "\n".join(
        f"{d.delta_id}  {d.op:<9} {d.entity:<11} {d.entity_id or '-':<28} {d.risk:<6} {d.status}"
        for d in deltas
    )
    emit(deltas, text=text or "no deltas")


@app.command("apply")
def apply_batch(batch_id: str) -> None:
    """Apply the approved deltas of an import or writeback (one transaction)."""
    with runtime_for() as runtime:
        result = batch_actions.apply(runtime, batch_id, actor=runtime.operator)
    text = f"{batch_id}: {result.status}; applied {result.applied}, blocked {result.blocked}"
    emit(result, text="\n".join([text, *result.blocked_reasons]))


@app.command("revert")
def revert_batch(batch_id: str) -> None:
    """Undo an applied import or writeback, unless newer data would be clobbered."""
    with runtime_for() as runtime:
        result = batch_actions.revert(runtime, batch_id, actor=runtime.operator)
    emit(result, text=f"{batch_id}: reverted {result.reverted} change(s)")


@app.command("unmerge")
def unmerge_client(client_id: str) -> None:
    """Split a client's latest applied merge back into separate clients."""
    with runtime_for() as runtime:
        result = batch_actions.unmerge(runtime, client_id, actor=runtime.operator)
    emit(result, text=f"{client_id}: merge split ({result.reverted} change(s))")


@app.command("replay")
def replay_batch(
    import_id: str,
    mapping: Annotated[str | None, typer.Option(help="Mapping manifest id to use.")] = None,
) -> None:
    """Re-run a stored batch from its raw evidence as a new batch."""
    with runtime_for() as runtime:
        summary = import_pipeline.replay(
            runtime, import_id, mapping_id=mapping, actor=runtime.operator
        )
    emit(summary, text=_summary_text(summary))


@app.command("client360")
def client360(client_id: str) -> None:
    """Show a client's Client 360 snapshot."""
    with runtime_for() as runtime, runtime.unit() as session:
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
    if snapshot.history:
        shown = snapshot.history[-HISTORY_SHOWN:]
        text += f"\n  history (latest {len(shown)} of {len(snapshot.history)}):"
        text += "".join(f"\n    {_history_line(entry)}" for entry in shown)
    emit(snapshot, text=text)


HISTORY_SHOWN = 10
"""History entries the text view of `client360` shows (all are in `--json`)."""


def _minute(at: str | None) -> str:
    return (at or "?")[:16].replace("T", " ")


def _history_line(entry: HistoryEntry) -> str:
    line = f"{_minute(entry.at)}  {entry.action} {entry.batch_id or ''}".rstrip()
    if entry.action in ("revert", "unmerge"):
        return f"{line} by {entry.actor or '?'}: undid {len(entry.undid)} change(s)"
    if entry.reverted:
        return f"{line} (reverted {_minute(entry.reverted_at)} by {entry.reverted_by or '?'})"
    return line


@app.command("writeback")
def writeback(file: Path) -> None:
    """Submit an Oracle writeback document (JSON) for review."""
    with reported_errors():
        try:
            document = WritebackCreate.model_validate_json(readable_file(file).read_bytes())
        except (OSError, ValidationError) as error:
            raise InvalidInput(f"{file}: {error}") from error
    with runtime_for() as runtime, runtime.unit() as session:
        result = writeback_service.submit(
            session, document, actor=runtime.operator, policy=runtime.policy
        )
    emit(
        result,
        text=f"{result.writeback_id}: {len(result.deltas)} delta(s), "
        f"{len(result.decisions)} decision(s) waiting",
    )


@app.command("audit")
def audit(
    since: Annotated[str | None, typer.Option(help="ISO date or datetime.")] = None,
) -> None:
    """Show the audit log."""
    with runtime_for() as runtime, runtime.unit() as session:
        moment = datetime.fromisoformat(since) if since else None
        events = read_models.audit_events(session, since=moment)
    text = "\n".join(
        f"{e['at']}  {e['actor']:<12} {e['action']:<12} {e['subject_id']}" for e in events
    )
    emit({"events": events}, text=text or "no events")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the HTTP API (and the UI when built)."""
    import uvicorn

    from backend.api.app import create_app

    with reported_errors():
        settings = settings_for(cli_options())
    with reported_errors(settings):
        api = create_app(settings)
    uvicorn.run(api, host=host, port=port)
