"""One style for every command-line error: `begroting: error: MESSAGE`, exit code 2 for bad usage.

typer (click) prints its own usage errors as a usage line plus `Error: ...`; this group prints them the way
the commands print theirs, with a pointer to `-h`.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from .errors import EXIT_UNREADABLE

# click's exception classes, as the installed typer provides them (vendored or click itself)
_CLICK_USAGE = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def usage_line(message: str, command: str = "begroting") -> str:
    return f"begroting: error: {message} (see '{command} -h')"


class BegrotingGroup(TyperGroup):
    """The `begroting` group: click's usage errors in the house style (everything else as typer does it)."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _CLICK_USAGE as exc:
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()
                sys.exit(EXIT_UNREADABLE)
            typer.echo(usage_line(exc.format_message(), ctx.command_path if ctx is not None else "begroting"),
                       err=True)
            sys.exit(EXIT_UNREADABLE)
        except _CLICK_EXCEPTION as exc:
            typer.echo(f"begroting: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("begroting: error: aborted", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


__all__ = ["BegrotingGroup", "usage_line"]
