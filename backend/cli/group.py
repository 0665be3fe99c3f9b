"""The root command group: global options accepted anywhere on the command line, and usage
errors reported as the contract asks (CONTRACTS.md section 8) - one stderr line, or with
`--json` a problem-details object, exit status 2 - instead of Click's framed message."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import _click
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from backend.cli.common import hoist_global_options
from backend.cli.output import EXIT_USAGE, EXIT_WORK_FAILED, fail
from backend.errors import InvalidInput, VelocityError


def _json_in(args: Sequence[str]) -> bool:
    options = list(args)
    if "--" in options:
        options = options[: options.index("--")]
    return "--json" in options


def _exit_code_of(error: _click.ClickException | typer.Abort, *, as_json: bool) -> int:
    if isinstance(error, NoArgsIsHelpError):
        error.show()
        return EXIT_USAGE
    if isinstance(error, typer.Abort):
        aborted = VelocityError("Aborted.")
        return fail(aborted, as_json=as_json, exit_code=EXIT_WORK_FAILED).exit_code
    message = error.format_message()
    if isinstance(error, UsageError) and error.ctx is not None:
        message = f"{message} (see '{error.ctx.command_path} --help')"
    code = EXIT_USAGE if isinstance(error, UsageError) else error.exit_code
    return fail(InvalidInput(message), as_json=as_json, exit_code=code).exit_code


class VelocityGroup(TyperGroup):
    """`velocity-crm`: hoists the global options, and reports usage errors in one line."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except (_click.ClickException, typer.Abort) as error:
            sys.exit(_exit_code_of(error, as_json=_json_in(argv)))
        sys.exit(result if isinstance(result, int) else 0)
