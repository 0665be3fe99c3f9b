"""What every command shares: the global options (`--db`, `--policy`, `--json`, given before or
after the subcommand and handled once, by the root callback), the runtime built from them, and
product and database errors turned into one stderr line and the contract's exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError

from backend.cli.options import CliOptions, cli_options
from backend.cli.output import fail
from backend.errors import DatabaseUnavailable, InvalidInput, UnreadableFile, VelocityError
from backend.runtime import Runtime, open_runtime
from backend.settings import Settings

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path (default: VELOCITY_DATABASE_URL or the embedded "
        "SQLite file).",
        show_default=False,
    ),
]
PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="Review policy YAML file (default: VELOCITY_POLICY or the built-in policy).",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Machine-readable output; errors as problem details.")
]
#: The global options, and whether each takes a value; accepted anywhere on the command line.
GLOBAL_OPTIONS = {"--db": True, "--policy": True, "--json": False}


def hoist_global_options(args: list[str]) -> list[str]:
    """The arguments with the global options moved to the front, wherever they were given
    (arguments after `--` are left alone)."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in arg
            front.extend(args[index : index + 1 + takes_value])
            index += 1 + takes_value
            continue
        rest.append(arg)
        index += 1
    return [*front, *rest]


def _database_url(url: str | None) -> str | None:
    """A URL as given, or a plain path as the SQLite file it names."""
    if not url or "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def settings_for(options: CliOptions) -> Settings:
    """Settings from the environment, with `--db` and `--policy` taking precedence."""
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"VELOCITY_{'_'.join(str(p) for p in item['loc']).upper()}: {item['msg']}"
            for item in error.errors()
        )
        raise InvalidInput(f"Bad setting: {problems}") from error
    database_url = _database_url(options.db or settings.database_url)
    return settings.model_copy(
        update={"database_url": database_url, "policy": options.policy or settings.policy}
    )


def _database_error(error: Exception, settings: Settings | None) -> VelocityError:
    url = settings.database_url if settings else None
    shown = url or "the database"
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return InvalidInput(f"{shown!r} is not a database URL or SQLite file path ({error}).")
    if url:
        shown = make_url(url).render_as_string(hide_password=True)
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return DatabaseUnavailable(
        f"Cannot use the database {shown}: {reason[0] if reason else type(error).__name__}"
    )


DATABASE_ERRORS = (OperationalError, InterfaceError, ArgumentError, NoSuchModuleError)


@contextmanager
def reported_errors(settings: Settings | None = None) -> Iterator[None]:
    """End the command with one stderr line (or problem details) and the contract's exit code
    for product errors and for a database that cannot be reached or named."""
    try:
        yield
    except VelocityError as error:
        raise fail(error) from error
    except DATABASE_ERRORS as error:
        raise fail(_database_error(error, settings)) from error


@contextmanager
def runtime_for() -> Iterator[Runtime]:
    """The runtime for one command, its policy validated before any work."""
    with reported_errors():
        settings = settings_for(cli_options())
    with reported_errors(settings):
        runtime = open_runtime(settings)
        _ = runtime.policy
        yield runtime


def readable_file(path: Path) -> Path:
    """The path, when it names a readable file; else `UnreadableFile` (exit 2)."""
    if not path.is_file():
        raise UnreadableFile(f"{path} is not a readable file.")
    return path
