"""What the command modules share (errors as one line, output written or exit 2, the --unit and limits
options), so that cli.py imports the command modules to register them and no command module imports cli.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Optional, TypeVar

import typer

from .errors import EXIT_UNREADABLE, BegrotingError, OutputError, UsageError
from .limits import Limits, parse_size
from .outputs import write_text


def unit_option(value: Optional[str]) -> Optional[int]:
    """`--unit` as people write it (1000, 1.000, 1e3, duizend, miljoen); anything else is a usage error."""
    if value is None:
        return None
    from .normalise.units import parse_unit_option  # noqa: PLC0415

    try:
        return parse_unit_option(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def limits_of(max_file_size: str, max_pages: int, max_line_length: int, max_lines: int, max_stream_size: str,
              max_seconds: float, max_memory: str) -> Limits:
    """The limits options as `Limits`; a bad size is a usage error (exit 2)."""
    try:
        return Limits(max_file_bytes=parse_size(max_file_size), max_pages=max_pages, max_line_chars=max_line_length,
                      max_lines=max_lines,
                      max_stream_bytes=parse_size(max_stream_size), pdf_seconds=max_seconds,
                      pdf_memory_bytes=parse_size(max_memory))
    except ValueError as exc:
        fail(str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None


def fail(message: str) -> None:
    typer.echo(f"begroting: error: {message}", err=True)


T = TypeVar("T")


def read_or_report(source: object, read: Callable[[], T]) -> T | None:
    """One input of a multi-input command. A usage error is the same for every input: one line, exit 2.
    Any other error is that input's one-line error and None, so that the other inputs still run."""
    try:
        return read()
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    except BegrotingError as exc:
        if exc.source is None:
            exc.source = str(source)
        fail(exc.one_line())
        return None


def write_or_exit(target: Path | None, text: str) -> None:
    """Write an output (stdout for None); an unwritable path is a one-line error, exit 2."""
    try:
        write_text(target, text)
    except OutputError as exc:
        fail(exc.one_line())
        raise typer.Exit(exc.exit_code) from None
