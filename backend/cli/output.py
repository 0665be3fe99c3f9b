"""How the CLI reports: JSON or text on stdout, one readable line (or problem details) on stderr,
and the exit codes of CONTRACTS.md section 8 (0 success, 1 the work failed, 2 bad usage/input)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import typer
from pydantic import BaseModel

from backend.cli.options import cli_options
from backend.contracts.imports import ImportSummary
from backend.errors import (
    BrokenProfile,
    FileTooLarge,
    InvalidInput,
    NotFound,
    UnreadableFile,
    VelocityError,
)

EXIT_OK = 0
EXIT_WORK_FAILED = 1
EXIT_USAGE = 2


def exit_code_for(error: VelocityError) -> int:
    """The exit status an error ends a command with: bad usage or input is 2, the rest 1."""
    if isinstance(error, InvalidInput | UnreadableFile | NotFound | BrokenProfile):
        return EXIT_USAGE
    return EXIT_WORK_FAILED


def problem_of(error: VelocityError) -> dict[str, Any]:
    """The RFC 9457 problem details of an error (shared with the API)."""
    return {
        "type": f"https://velocity.dev/problems/{error.code}",
        "title": error.title,
        "status": error.http_status,
        "detail": error.message,
        **{key: value for key, value in error.details.items() if value is not None},
    }


def emit(payload: BaseModel | Sequence[BaseModel] | dict[str, Any], *, text: str) -> None:
    """Print a result (`--json`: its JSON contract shape; else a short text for a person)."""
    if not cli_options().as_json:
        typer.echo(text)
        return
    if isinstance(payload, BaseModel):
        typer.echo(payload.model_dump_json(indent=2))
    elif isinstance(payload, Sequence):
        typer.echo(json.dumps([item.model_dump(mode="json") for item in payload], indent=2))
    else:
        typer.echo(json.dumps(payload, indent=2, default=str))


def fail(
    error: VelocityError, *, as_json: bool | None = None, exit_code: int | None = None
) -> typer.Exit:
    """Report an error on stderr (one line, or with `--json` a problem-details object) and give
    the exit to raise (the error's exit code unless `exit_code` is given)."""
    if as_json if as_json is not None else cli_options().as_json:
        sys.stderr.write(json.dumps(problem_of(error)) + "\n")
    else:
        message = " ".join(error.message.split())
        sys.stderr.write(f"error: {message}\n")
    return typer.Exit(exit_code_for(error) if exit_code is None else exit_code)


def failed_import_error(
    summary: ImportSummary, *, size_bytes: int | None, max_bytes: int
) -> VelocityError:
    """The error a failed batch is reported as (shared with the API): the file was over the
    upload limit, or it could not be read as a table."""
    reason = summary.errors[0] if summary.errors else "The import failed."
    if size_bytes is not None and size_bytes > max_bytes:
        return FileTooLarge(reason, import_id=summary.import_id)
    return UnreadableFile(reason, import_id=summary.import_id)
