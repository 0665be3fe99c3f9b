"""What every command shares: the database option, `--json`, and the runtime with product
errors turned into one stderr line and the contract's exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from backend.cli.output import fail
from backend.errors import VelocityError
from backend.runtime import Runtime, open_runtime
from backend.settings import Settings

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: VELOCITY_DATABASE_URL or embedded SQLite)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def settings_for(db: str | None) -> Settings:
    """Settings from the environment, with `--db` taking precedence."""
    settings = Settings()
    return settings.model_copy(update={"database_url": db}) if db else settings


@contextmanager
def runtime_for(db: str | None, as_json: bool) -> Iterator[Runtime]:
    """The runtime for one command; product errors end the command with their exit code."""
    try:
        yield open_runtime(settings_for(db))
    except VelocityError as error:
        raise fail(error, as_json=as_json) from error
