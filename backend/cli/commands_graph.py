"""`velocity-crm clients …`, `export …`, `tokens …` and snapshot rebuilds."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from backend.cli.common import runtime_for
from backend.cli.output import emit, fail
from backend.errors import InvalidInput
from backend.services import auth_service
from backend.services.client_graph import aggregation_service, export_service, search_service

clients_app = typer.Typer(no_args_is_help=True, help="Find clients; rebuild Client 360 snapshots.")
tokens_app = typer.Typer(no_args_is_help=True, help="API tokens.")


@clients_app.command("find")
def clients_find(
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    company: str | None = None,
    limit: int = 20,
) -> None:
    """Find clients by e-mail, phone (any format), name (typo-tolerant) or company."""
    with runtime_for() as runtime, runtime.unit() as session:
        matches = search_service.find_clients(
            session,
            email=email,
            phone=phone,
            name=name,
            company=company,
            region=runtime.policy.default_region,
            limit=limit,
        )
    text = "\n".join(
        f"{m.client_id}  {m.display_name or '-':<30} {m.email or '-'}" for m in matches
    )
    emit(matches, text=text or "no clients found")


@clients_app.command("rebuild")
def clients_rebuild() -> None:
    """Rebuild every Client 360 snapshot from the graph."""
    with runtime_for() as runtime, runtime.unit() as session:
        count = aggregation_service.rebuild_all(session)
    emit({"rebuilt": count}, text=f"rebuilt {count} snapshot(s)")


def export_command(
    kind: Annotated[str, typer.Argument(help="clients, accounts, opportunities or interactions")],
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "jsonl",
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout).")] = None,
) -> None:
    """Export canonical records with their ids and source links."""
    if kind not in export_service.KINDS or fmt not in ("csv", "jsonl"):
        raise fail(InvalidInput(f"Unknown export {kind!r} or format {fmt!r}."))
    with runtime_for() as runtime, runtime.unit() as session:
        if out is None:
            export_service.write(session, export_service.KINDS[kind], sys.stdout, fmt=fmt)
            return
        with out.open("w", encoding="utf-8", newline="") as handle:
            count = export_service.write(session, export_service.KINDS[kind], handle, fmt=fmt)
    typer.echo(f"wrote {count} {kind} to {out}", err=True)


@tokens_app.command("create")
def tokens_create(
    name: Annotated[str, typer.Option(help="Who the token is for.")],
    role: Annotated[str, typer.Option(help="viewer, operator, approver or admin")],
) -> None:
    """Create an API token; it is printed once."""
    with runtime_for() as runtime, runtime.unit() as session:
        token = auth_service.create_token(session, name=name, role=role, actor=runtime.operator)
    typer.echo(token)
