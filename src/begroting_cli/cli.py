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
from .cli_inputs import load, materialised, progress
from .cli_style import BegrotingGroup
from .cli_validate import register as register_validate
from .config import find_config
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, BegrotingError, UsageError
from .pagespec import PageSelection, parse_pages

# The model, emitters and checks are imported inside the commands, after the input is opened:
# `parse` starts the PDF page workers first and loads them meanwhile (see api.parse).
if TYPE_CHECKING:
    from .models import Document

app = typer.Typer(
    name="begroting",
    help="Turn Dutch municipal budget documents (begroting, jaarrekening; text or PDF) into validated data.\n\n"
         "Exit codes: 0 success, 1 parsed with error diagnostics, 2 unreadable input or bad usage.",
    no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    cls=BegrotingGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100, "terminal_width": 100},
)


class DocFormat(str, Enum):
    json = "json"
    yaml = "yaml"


class TidyFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    xlsx = "xlsx"


class PdfEngine(str, Enum):
    pypdfium2 = "pypdfium2"
    pdfplumber = "pdfplumber"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"begroting {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                            help="Show the version and exit.")] = None) -> None:
    """begroting: budget documents as data."""


UnitOpt = Annotated[Optional[int], typer.Option("--unit", min=1, metavar="N", help="Multiplier to euros for "
                                                 "tables that state no unit, e.g. 1000 for 'x € 1.000' "
                                                 "(default: `unit` of the settings file).", show_default=False)]
EngineOpt = Annotated[PdfEngine, typer.Option("--pdf-engine", help="PDF text engine.")]
PagesOpt = Annotated[Optional[str], typer.Option("--pages", "-p", metavar="PAGES",
                                                 help="Read only these PDF pages: 7, 15-20, 1,3,5-7,10- (1 = the "
                                                 "file's first page, not the printed page number; pages between "
                                                 "the parts are read, and export keeps only the rows of the "
                                                 "pages selected).", show_default=False)]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", help="Processes for PDF pages "
                                                 "(default: number of cores).", show_default=False)]
InputsArg = Annotated[list[Path], typer.Argument(metavar="INPUT", help="Documents (.txt, .pdf), a JSON "
                                                 "document written by `parse`, or - for stdin.",
                                                 show_default=False)]


def _fail(message: str) -> None:
    typer.echo(f"begroting: error: {message}", err=True)


def _write_atomic(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside the target and rename: never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as fb:
                fb.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _selection(pages: str | None) -> PageSelection | None:
    try:
        return parse_pages(pages) if pages is not None else None
    except UsageError as exc:
        _fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None


def _unit(unit: int | None) -> int | None:
    """The option, else the settings file's `unit`."""
    try:
        return unit if unit is not None else find_config().unit
    except UsageError as exc:
        _fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None


def _parse_all(inputs: list[Path], unit: int | None, engine: PdfEngine | str, jobs: int | None,
               pages: str | None = None) -> tuple[list[tuple[Path, Document]], int]:
    selection = _selection(pages)
    unit = _unit(unit)
    engine = engine.value if isinstance(engine, PdfEngine) else engine
    docs, code = [], EXIT_OK
    for path in progress(inputs, "reading"):
        try:
            doc = load(path, unit=unit, engine=engine, jobs=jobs or os.cpu_count() or 1, selection=selection)
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
    inputs: InputsArg,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = DocFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE|DIR", help="Output file, or a "
                                                    "directory (ends with / or exists) for one file per input. "
                                                    "Default: stdout (several inputs: one JSON document per "
                                                    "line, or a YAML stream).", show_default=False)] = None,
    unit: UnitOpt = None,
    pdf_engine: EngineOpt = PdfEngine.pypdfium2,
    jobs: JobsOpt = None,
    pages: PagesOpt = None,
    compact: Annotated[bool, typer.Option("--compact", help="Leave out keys whose value is null.")] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Print a short summary per document to stderr.")] = False,
) -> None:
    """Parse documents into the JSON/YAML document model (schema: `begroting schema`)."""
    to_dir = output is not None and (output.is_dir() or str(output).endswith(("/", os.sep)) or len(inputs) > 1)
    stream = output is None and len(inputs) > 1
    with materialised(inputs) as files:
        docs, code = _parse_all(files, unit, pdf_engine, jobs, pages)
    for path, doc in docs:
        from .emit import to_json, to_yaml  # noqa: PLC0415 - after parse: see the note on imports

        if stream and fmt is DocFormat.json:
            text = doc.model_dump_json(exclude_none=compact) + "\n"  # NDJSON: one document per line
        elif stream:
            text = "---\n" + to_yaml(doc, compact=compact)
        else:
            text = (to_json if fmt is DocFormat.json else to_yaml)(doc, compact=compact)
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
    inputs: InputsArg,
    fmt: Annotated[TidyFormat, typer.Option("--format", "-f", help="csv, jsonl (JSON lines), parquet or xlsx "
                                            "(one sheet per table plus the tidy sheet).")] = TidyFormat.csv,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Output file (default: "
                                                    "stdout).", show_default=False)] = None,
    excel: Annotated[bool, typer.Option("--excel", help="CSV for Dutch spreadsheets: ';' between columns and a "
                                        "byte-order mark.")] = False,
    unit: UnitOpt = None,
    pdf_engine: EngineOpt = PdfEngine.pypdfium2,
    jobs: JobsOpt = None,
    pages: PagesOpt = None,
) -> None:
    """Write the tidy long table: one row per value (columns documented in the README)."""
    if excel and fmt is not TidyFormat.csv:
        _fail("--excel applies to --format csv only")
        raise typer.Exit(EXIT_UNREADABLE)
    if fmt in (TidyFormat.parquet, TidyFormat.xlsx) and output is None and sys.stdout.isatty():
        _fail(f"--format {fmt.value} is binary: give -o FILE or redirect stdout")
        raise typer.Exit(EXIT_UNREADABLE)
    selection = _selection(pages)
    with materialised(inputs) as files:
        docs, code = _parse_all(files, unit, pdf_engine, jobs, pages)
    from .emit import tidy_rows  # noqa: PLC0415

    rows = [r for _, doc in docs for r in tidy_rows(doc)]
    if selection is not None and not selection.contiguous:
        rows = [r for r in rows if selection.wanted(r["page"])]
    try:
        data = _tidy_output(rows, fmt, excel)
    except UsageError as exc:
        _fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            sys.stdout.write(data)
    elif docs or not inputs:
        _write_atomic(output, data)
    raise typer.Exit(code)


def _tidy_output(rows: list, fmt: TidyFormat, excel: bool) -> str | bytes:
    from .emit import to_csv, to_jsonl  # noqa: PLC0415

    if fmt is TidyFormat.csv:
        return to_csv(rows, excel=excel)
    if fmt is TidyFormat.jsonl:
        return to_jsonl(rows)
    from .emit_tabular import to_parquet, to_xlsx  # noqa: PLC0415

    return to_parquet(rows) if fmt is TidyFormat.parquet else to_xlsx(rows)


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
