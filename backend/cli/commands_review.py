"""`velocity-crm review …` and `velocity-crm mapping …`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backend.cli.common import readable_file, runtime_for
from backend.cli.output import emit, fail
from backend.contracts.mapping import MappingEdit
from backend.contracts.review import DecisionAnswer
from backend.errors import InvalidInput
from backend.services import batch_actions, read_models
from backend.services.imports import mapping_service
from backend.services.imports.ingest_service import analyse_table

review_app = typer.Typer(no_args_is_help=True, help="Review decisions: list, approve, reject.")
mapping_app = typer.Typer(no_args_is_help=True, help="Mapping manifests: propose, show, edit.")


@review_app.command("list")
def review_list(
    import_id: Annotated[
        str | None, typer.Option("--import", help="Import or writeback id.")
    ] = None,
    status: str | None = "pending",
    kind: str | None = None,
    risk: Annotated[str | None, typer.Option(help="Comma-separated risks.")] = None,
) -> None:
    """List review decisions."""
    risks = risk.split(",") if risk else None
    with runtime_for() as runtime, runtime.unit() as session:
        decisions = read_models.decisions_of(
            session, batch_id=import_id, kind=kind, risks=risks, status=status
        )
    text = "\n".join(
        f"{d.decision_id}  {d.kind:<18} {d.risk:<6} {d.status:<8} {d.question}" for d in decisions
    )
    emit(decisions, text=text or "nothing to review")


@review_app.command("approve")
def review_approve(
    decision_ids: Annotated[list[str] | None, typer.Argument()] = None,
    option: str | None = None,
    value: Annotated[str | None, typer.Option(help="A corrected value (option 'correct').")] = None,
    note: str | None = None,
    approve_all: Annotated[bool, typer.Option("--all", help="Approve a whole batch.")] = False,
    import_id: Annotated[
        str | None, typer.Option("--import", help="Import or writeback id.")
    ] = None,
    risk: Annotated[str | None, typer.Option(help="Comma-separated risks (with --all).")] = None,
) -> None:
    """Approve decisions (recommended option unless --option), or --all of an import."""
    if approve_all == bool(decision_ids) or (approve_all and not import_id):
        raise fail(InvalidInput("Give decision ids, or --all --import ID."))
    with runtime_for() as runtime:
        if approve_all and import_id:
            risks = risk.split(",") if risk else None
            decided, deltas = batch_actions.approve_all(
                runtime, import_id, risks=risks, actor=runtime.operator, role="approver"
            )
            emit(
                {"decisions": decided, "deltas": deltas},
                text=f"approved {decided} decision(s) and {deltas} delta(s)",
            )
            return
        answer = DecisionAnswer(option=option, note=note, value=value)
        results = [
            batch_actions.decide(
                runtime, decision_id, answer, approve=True, actor=runtime.operator, role="approver"
            )
            for decision_id in decision_ids or []
        ]
    emit(
        results,
        text="\n".join(f"{r.decision_id}: approved ({r.chosen_option})" for r in results),
    )


@review_app.command("reject")
def review_reject(
    decision_ids: list[str],
    note: str | None = None,
) -> None:
    """Reject decisions (their deltas are not applied)."""
    with runtime_for() as runtime:
        results = [
            batch_actions.decide(
                runtime,
                decision_id,
                DecisionAnswer(note=note),
                approve=False,
                actor=runtime.operator,
                role="approver",
            )
            for decision_id in decision_ids
        ]
    emit(results, text="\n".join(f"{r.decision_id}: rejected" for r in results))


@mapping_app.command("propose")
def mapping_propose(
    file: Path,
    profile: str | None = None,
    sheet: str | None = None,
) -> None:
    """Dry run: the mapping manifest a file would get; nothing is stored."""
    with runtime_for() as runtime:
        analysis = analyse_table(
            readable_file(file), sheet=sheet, sink=lambda _chunk: None, chunk_size=10_000
        )
        manifest = mapping_service.propose_dry_run(runtime.profiles, analysis.columns, profile)
    lines = [f"profile {manifest.profile}"]
    lines += [
        f"  {e.column:<30} -> {e.target} ({e.confidence:.2f}, {e.origin})" for e in manifest.entries
    ]
    lines += [f"  {u.column:<30} -- {u.disposition}" for u in manifest.unmapped]
    emit(manifest, text="\n".join(lines))


@mapping_app.command("show")
def mapping_show(import_id: str) -> None:
    """Show the mapping manifest an import used."""
    with runtime_for() as runtime, runtime.unit() as session:
        manifest = read_models.mapping_of(session, import_id)
    emit(manifest, text=manifest.model_dump_json(indent=2))


@mapping_app.command("set")
def mapping_set(
    mapping_id: str,
    column: str,
    target: Annotated[str | None, typer.Option(help="Canonical target, e.g. client.email.")] = None,
    disposition: Annotated[str | None, typer.Option(help="ignore, custom or unresolved.")] = None,
) -> None:
    """Edit one column of a manifest: a new version (replay an import to use it)."""
    with runtime_for() as runtime, runtime.unit() as session:
        edit = MappingEdit.model_validate(
            {"column": column, "target": target, "disposition": disposition}
        )
        manifest = mapping_service.edit_mapping(session, mapping_id, [edit], actor=runtime.operator)
    emit(manifest, text=f"{manifest.id} (version {manifest.version})")
