"""How the CLI reports: JSON or text on stdout, one readable line (or problem details) on stderr,
and the exit codes of CONTRACTS.md section 8 (0 success, 1 the work failed, 2 bad usage/input)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import typer
from pydantic import BaseModel

from backend.errors import BrokenProfile, InvalidInput, NotFound, UnreadableFile, VelocityError

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


def emit(
    payload: BaseModel | Sequence[BaseModel] | dict[str, Any], *, as_json: bool, text: str
) -> None:
    """Print a result: its JSON contract shape, or a short text for a person."""
    if not as_json:
        typer.echo(text)
        return
    if isinstance(payload, BaseModel):
        typer.echo(payload.model_dump_json(indent=2))
    elif isinstance(payload, Sequence):
        typer.echo(json.dumps([item.model_dump(mode="json") for item in payload], indent=2))
    else:
        typer.echo(json.dumps(payload, indent=2, default=str))


def fail(error: VelocityError, *, as_json: bool) -> typer.Exit:
    """Report an error on stderr and give the exit to raise."""
    if as_json:
        sys.stderr.write(json.dumps(problem_of(error)) + "\n")
    else:
        sys.stderr.write(f"error: {error.message}\n")
    return typer.Exit(exit_code_for(error))
