"""`begroting diff`: compare two budget documents. `cli.py` adds it with `register(app)`.

No `from __future__ import annotations` here: typer reads the option annotations at run time.
"""

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_common import fail, write_or_exit
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, BegrotingError


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


def diff_cmd(
    old: Annotated[Path, typer.Argument(help="The old document (.txt, .pdf) or JSON from `begroting parse`.",
                                        show_default=False)],
    new: Annotated[Path, typer.Argument(help="The new document, likewise.", show_default=False)],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="text (people, biggest changes first), json "
                                            "(schemas/diff.schema.json) or csv (one row per difference).")]
    = DiffFormat.text,
    unit: Annotated[Optional[int], typer.Option("--unit", min=1, help="Multiplier to euros for tables that state "
                                                "no unit, e.g. 1000 (source documents only).")] = None,
    threshold: Annotated[Optional[str], typer.Option("--threshold", "-t", help="Report a changed figure only beyond "
                                                     "this: a percentage (5%) or an amount in euros (1000).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: stdout).")]
    = None,
) -> None:
    """Compare two documents: tables, rows, columns (by year and kind), indicators and list items matched by
    a scored assignment; changed, restated, renamed, added and removed figures reported.

    Exit codes: 0 no difference beyond --threshold, 1 differences, 2 unreadable input or bad usage.
    """
    from .api import diff
    from .diffing.render import render

    try:
        result = diff(old, new, unit=unit, threshold=threshold, jobs=os.cpu_count() or 1)
    except BegrotingError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    color = output is None and fmt is DiffFormat.text and sys.stdout.isatty()
    write_or_exit(output, render(result, fmt.value, color=color))
    raise typer.Exit(EXIT_FINDINGS if result.differs else EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add the `diff` command to the `begroting` app."""
    app.command("diff")(diff_cmd)
