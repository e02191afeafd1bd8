"""`begroting explain`: each table's competing readings with their scores. `cli.py` adds it with `register(app)`.

No `from __future__ import annotations` here: typer reads the option annotations at run time.
"""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_common import fail, unit_option, write_or_exit
from .errors import EXIT_OK, EXIT_UNREADABLE, BegrotingError


def explain_cmd(
    source: Annotated[str, typer.Argument(metavar="FILE", help="A document: .txt, .pdf or .html file, a folder of "
                                          "saved web pages or an http(s) URL.", show_default=False)],
    page: Annotated[Optional[int], typer.Option("--page", "-p", min=1, metavar="N", help="Only the tables that "
                                                "start on this page (1 = the file's first page).",
                                                show_default=False)] = None,
    table: Annotated[Optional[int], typer.Option("--table", "-t", min=1, metavar="K", help="Only the K-th table "
                                                 "(1-based; of the page with --page, else of the document).",
                                                 show_default=False)] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", callback=unit_option, metavar="N", help="Multiplier to "
                                                "euros for tables that state no unit, as for parse.",
                                                show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: stdout).",
                                                   show_default=False)] = None,
) -> None:
    """Show how each table's structure was chosen: the competing readings (value columns n-1/n+1, short rows
    placed from the right, figures in or out of the label, header lines, header grid), each with its score
    and evidence terms (geometry, arithmetic, types, header, labels, lexicon), the kept one marked; then the
    runs of figures left outside every table.

    Exit codes: 0 readings shown, 2 unreadable input, bad usage, a document without tables or figures, or a
    --page/--table that selects no table.
    """
    from .api import explain
    from .explain_render import render_explanations

    try:
        found = explain(source if source.startswith(("http://", "https://")) else Path(source), page=page,
                        table=table, unit=unit)  # type: ignore[arg-type] - the callback made it an int
    except BegrotingError as exc:
        if exc.source is None:
            exc.source = source
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    if not found.tables and not found.outside:
        fail(f"{source}: no table found")
        raise typer.Exit(EXIT_UNREADABLE)
    color = output is None and sys.stdout.isatty()
    write_or_exit(output, render_explanations(found, color=color))
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add the `explain` command to the `begroting` app."""
    app.command("explain")(explain_cmd)
