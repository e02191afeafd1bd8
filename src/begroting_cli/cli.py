"""The `begroting` command: a thin typer layer over the library API.

Exit codes: 0 success; 1 parsed, but with error diagnostics (or, for validate, findings);
2 unreadable input or bad usage. Errors are one line naming the file, never a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__
from .api import PDF_ENGINES, page_range, parse
from .cli_validate import register as register_validate
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, BegrotingError, UsageError

# The model, emitters and checks are imported inside the commands, after the input is opened:
# `parse` starts the PDF page workers first and loads them meanwhile (see api.parse).
if TYPE_CHECKING:
    from .models import Document

app = typer.Typer(
    name="begroting",
    help="Turn Dutch municipal budget documents (begroting, jaarrekening; text or PDF) into validated data.\n\n"
         "Exit codes: 0 success, 1 parsed with error diagnostics, 2 unreadable input or bad usage.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


class DocFormat(str, Enum):
    json = "json"
    yaml = "yaml"


class TidyFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"begroting {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                            help="Show the version and exit.")] = None) -> None:
    """begroting: budget documents as data."""


UnitOpt = Annotated[Optional[int], typer.Option("--unit", min=1, help="Multiplier to euros for tables that state "
                                                 "no unit, e.g. 1000 for 'x € 1.000'.")]
EngineOpt = Annotated[str, typer.Option("--pdf-engine", help=f"PDF text engine: {' or '.join(PDF_ENGINES)}.")]
PagesOpt = Annotated[Optional[str], typer.Option("--pages", "-p", help="Read only these PDF pages, e.g. 15-20 "
                                                 "or 7 (1 = the file's first page, not the printed "
                                                 "page number).",
                                                 show_default=False)]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Processes for PDF pages "
                                                 "(default: number of cores).")]


def _fail(message: str) -> None:
    typer.echo(f"begroting: error: {message}", err=True)


def _write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target and rename: never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _parse_all(inputs: list[Path], unit: int | None, engine: str, jobs: int | None,
               pages: str | None = None) -> tuple[list[tuple[Path, Document]], int]:
    try:
        span = page_range(pages) if pages is not None else None
    except UsageError as exc:
        _fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    docs, code = [], EXIT_OK
    for path in inputs:
        try:
            doc = parse(path, unit=unit, pdf_engine=engine, jobs=jobs or os.cpu_count() or 1, pages=span)
        except BegrotingError as exc:
            if exc.source is None:
                exc.source = str(path)
            _fail(exc.one_line())
            code = EXIT_UNREADABLE
            continue
        docs.append((path, doc))
        if doc.has_errors and code == EXIT_OK:
            code = EXIT_FINDINGS
    return docs, code


@app.command("parse")
def parse_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Documents to parse (.txt or .pdf).", show_default=False)],
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = DocFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file, or a directory (ends with "
                                                    "/ or exists) for one file per input. Default: stdout.")] = None,
    unit: UnitOpt = None,
    pdf_engine: EngineOpt = "pypdfium2",
    jobs: JobsOpt = None,
    pages: PagesOpt = None,
    summary: Annotated[bool, typer.Option("--summary", help="Print a short summary per document to stderr.")] = False,
) -> None:
    """Parse documents into the JSON/YAML document model (schema: `begroting schema`)."""
    to_dir = output is not None and (output.is_dir() or str(output).endswith(("/", os.sep)) or len(inputs) > 1)
    if len(inputs) > 1 and output is None:
        _fail("several inputs need -o DIR (one output file per input)")
        raise typer.Exit(EXIT_UNREADABLE)
    docs, code = _parse_all(inputs, unit, pdf_engine, jobs, pages)
    for path, doc in docs:
        from .emit import to_json, to_yaml  # noqa: PLC0415 - after parse: see the note on imports

        text = (to_json if fmt is DocFormat.json else to_yaml)(doc)
        if output is None:
            sys.stdout.write(text)
        else:
            target = output / f"{path.stem}.{fmt.value}" if to_dir else output
            _write_atomic(target, text)
        if summary:
            _print_summary(path, doc, target if output is not None else None)
    raise typer.Exit(code)


@app.command("export")
def export_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Documents to export.", show_default=False)],
    fmt: Annotated[TidyFormat, typer.Option("--format", "-f", help="csv or jsonl (JSON lines).")] = TidyFormat.csv,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
    unit: UnitOpt = None,
    pdf_engine: EngineOpt = "pypdfium2",
    jobs: JobsOpt = None,
    pages: PagesOpt = None,
) -> None:
    """Write the tidy long table: one row per value (columns documented in the README)."""
    docs, code = _parse_all(inputs, unit, pdf_engine, jobs, pages)
    from .emit import tidy_rows, to_csv, to_jsonl  # noqa: PLC0415

    rows = [r for _, doc in docs for r in tidy_rows(doc)]
    text = to_csv(rows) if fmt is TidyFormat.csv else to_jsonl(rows)
    if output is None:
        sys.stdout.write(text)
    elif docs or not inputs:
        _write_atomic(output, text)
    raise typer.Exit(code)


@app.command("schema")
def schema_cmd(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: stdout).")] = None,
) -> None:
    """Print the JSON Schema of the document model."""
    from .schema import document_schema_json  # noqa: PLC0415

    text = document_schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        _write_atomic(output, text)


def _print_summary(path: Path, doc: Document, target: Path | None) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    from .emit import tidy_rows  # noqa: PLC0415
    from .models import BudgetComparison, FinancialTable, IndicatorTable, ItemList  # noqa: PLC0415

    counts = {"financial tables": 0, "indicator tables": 0, "comparisons": 0, "lists": 0, "values": 0}
    for el in doc.elements:
        if isinstance(el, FinancialTable):
            counts["financial tables"] += 1
        elif isinstance(el, IndicatorTable):
            counts["indicator tables"] += 1
        elif isinstance(el, BudgetComparison):
            counts["comparisons"] += 1
        elif isinstance(el, ItemList):
            counts["lists"] += 1
    counts["values"] = sum(1 for r in tidy_rows(doc) if r["value"] is not None)
    sev = {s: sum(1 for d in doc.diagnostics if d.severity.value == s) for s in ("error", "warning", "info")}
    t = Table(title=f"{path.name}" + (f" -> {target}" if target else ""), show_header=False, title_justify="left")
    meta = " ".join(str(x) for x in (doc.gemeente, doc.document_kind.value if doc.document_kind else None, doc.year) if x)
    t.add_row("document", meta or "-")
    for k, v in counts.items():
        t.add_row(k, str(v))
    t.add_row("diagnostics", f"{sev['error']} error, {sev['warning']} warning, {sev['info']} info")
    Console(stderr=True).print(t)


register_validate(app)


def main() -> None:
    try:
        app()
    except UsageError as exc:
        _fail(exc.one_line())
        sys.exit(EXIT_UNREADABLE)
    except KeyboardInterrupt:
        _fail("interrupted")
        sys.exit(130)
