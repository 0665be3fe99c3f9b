"""The global options of one invocation (`--db`, `--policy`, `--json`), stored by the root
callback on the root context and read by the runtime and the output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer._click.globals import get_current_context


@dataclass(frozen=True)
class CliOptions:
    """The global options of one invocation."""

    db: str | None = None
    policy: Path | None = None
    as_json: bool = False


def cli_options() -> CliOptions:
    """The global options of the running command (defaults outside one)."""
    context = get_current_context(silent=True)
    found = context.find_root().obj if context else None
    return found if isinstance(found, CliOptions) else CliOptions()
