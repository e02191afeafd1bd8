"""The `begroting` command: a thin typer layer over the library API.

Exit codes: 0 success; 1 parsed, but with error diagnostics (or, for validate, findings);
2 unreadable input, unwritable output or bad usage; 70 an internal error (a bug: please report it);
130 / 143 interrupted by SIGINT / SIGTERM. Errors are one line naming the file, never a traceback
(`--debug` shows the traceback of an internal error).
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .cli_batch import register as register_batch
from .cli_common import fail, limits_of, read_or_report, unit_option, write_or_exit
from .cli_diff import register as register_diff
from .cli_explain import register as register_explain
from .cli_inputs import load, materialised, progress, write_binary
from .cli_style import BegrotingGroup
from .cli_validate import register as register_validate
from .config import find_config
from .errors import (EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE, BegrotingError,
                     OutputError, UsageError)
from .limits import DEFAULT_LIMITS, Limits
from .outputs import plan_targets
from .pagespec import PageSelection, parse_pages
from .version import __version__

# The model, emitters and checks are imported inside the commands, after the input is opened:
# `parse` starts the PDF page workers first and loads them meanwhile (see api.parse).
if TYPE_CHECKING:
    from .models import Document

app = typer.Typer(
    name="begroting",
    help="Turn Dutch municipal budget documents (begroting, jaarrekening; text, PDF or web pages) into validated "
         "data.\n\n"
         "Exit codes: 0 success, 1 parsed with error diagnostics, 2 unreadable input, unwritable output or "
         "bad usage, 70 internal error (a bug), 130/143 interrupted.",
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
                                                            help="Show the version and exit.")] = None,
          debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error "
                                              "(for a bug report).")] = False) -> None:
    """begroting: budget documents as data."""


UnitOpt = Annotated[Optional[str], typer.Option("--unit", callback=unit_option, metavar="N", help="Multiplier to "
                                                 "euros for tables that state no unit: 1000, 1.000, 1e3 or duizend "
                                                 "for 'x € 1.000'; 1.000.000 or miljoen (default: `unit` of the "
                                                 "settings file).", show_default=False)]
BodyOpt = Annotated[Optional[str], typer.Option("--body", metavar="NAME", help="The publishing body, e.g. "
                                                "'gemeente Zeist' or 'Omgevingsdienst Haaglanden' (overrides "
                                                "the cover).", show_default=False)]
YearOpt = Annotated[Optional[int], typer.Option("--year", metavar="Y", help="The document's year (overrides the "
                                                "title).", show_default=False)]
KindOpt = Annotated[Optional[str], typer.Option("--kind", metavar="K", help="The document kind: begroting, "
                                                "jaarrekening, jaarverslag, voorjaarsnota, kadernota, "
                                                "bestuursrapportage.", show_default=False)]
EngineOpt = Annotated[PdfEngine, typer.Option("--pdf-engine", help="PDF text engine.")]
PagesOpt = Annotated[Optional[str], typer.Option("--pages", "-p", metavar="PAGES",
                                                 help="Read only these PDF pages: 7, 15-20, 1,3,5-7,10- (1 = the "
                                                 "file's first page, not the printed page number; pages between "
                                                 "the parts are read, and export keeps only the rows of the "
                                                 "pages selected).", show_default=False)]
RecursiveOpt = Annotated[bool, typer.Option("--recursive", "-r", help="A folder input: read its sub-folders too "
                                            "(a saved site: page + sub-pages).")]
CrawlOpt = Annotated[bool, typer.Option("--crawl", help="A URL input: also fetch the pages it links to within "
                                        "the same document (depth 2, at most 50 pages).")]
InputsArg = Annotated[list[str], typer.Argument(metavar="INPUT", help="Documents: .txt, .pdf or .html files, "
                                                "folders of saved web pages, http(s) URLs, a JSON document "
                                                "written by `parse`, or - for stdin.", show_default=False)]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", help="Processes for PDF pages "
                                                 "(default: number of cores).", show_default=False)]


_D = DEFAULT_LIMITS
MaxFileOpt = Annotated[str, typer.Option("--max-file-size", help="Largest input file (e.g. 256M, 1G; 0 = no "
                                         "limit).", rich_help_panel="Limits")]
MaxPagesOpt = Annotated[int, typer.Option("--max-pages", min=0, help="Most PDF pages read (0 = no limit).",
                                          rich_help_panel="Limits")]
MaxLineOpt = Annotated[int, typer.Option("--max-line-length", min=0, help="Longest line of a text document, in "
                                         "characters (0 = no limit).", rich_help_panel="Limits")]
MaxLinesOpt = Annotated[int, typer.Option("--max-lines", min=0, help="Most lines of a text document (0 = no "
                                          "limit).", rich_help_panel="Limits")]
MaxStreamOpt = Annotated[str, typer.Option("--max-stream-size", help="Largest decompressed PDF stream (e.g. "
                                           "256M; 0 = no limit).", rich_help_panel="Limits")]
MaxSecondsOpt = Annotated[float, typer.Option("--max-seconds", min=0, help="Time for reading a PDF's pages "
                                              "(0 = no limit).", rich_help_panel="Limits")]
MaxMemoryOpt = Annotated[str, typer.Option("--max-memory", help="Memory of each PDF worker process (e.g. 1G; "
                                           "0 = no limit).", rich_help_panel="Limits")]


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)}M"


def _targets(inputs: list[str], output: str | None, suffix: str) -> list[Path | None]:
    try:
        return plan_targets([_stem(_input(i)) for i in inputs], output, suffix)
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None


def _input(text: str) -> str | Path:
    """A URL stays a string (Path would fold its `//`); anything else is a path."""
    from .sources.sniff import is_url  # noqa: PLC0415

    return text if is_url(text) else Path(text)


def _stem(source: str | Path) -> str:
    """The output file stem of an input: a file's stem, a folder's name, a URL's last path segment."""
    if isinstance(source, Path):
        return source.stem or source.resolve().name
    from urllib.parse import urlsplit  # noqa: PLC0415

    parts = urlsplit(source)
    last = [s for s in parts.path.split("/") if s]
    return Path(last[-1]).stem if last else (parts.hostname or "page")


def _selection(pages: str | None) -> PageSelection | None:
    try:
        return parse_pages(pages) if pages is not None else None
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None


def _unit(unit: int | None) -> int | None:
    """The option, else the settings file's `unit`."""
    try:
        return unit if unit is not None else find_config().unit
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None


def _parse_all(inputs: list[str], unit: int | None, engine: PdfEngine | str, jobs: int | None,
               pages: str | None = None, limits: Limits = DEFAULT_LIMITS, recursive: bool = False,
               crawl: bool = False, meta: dict | None = None) -> tuple[list[tuple[str, Document]], int]:
    selection = _selection(pages)
    unit = _unit(unit)
    engine = engine.value if isinstance(engine, PdfEngine) else engine
    docs, code = [], EXIT_OK
    try:
        with materialised(inputs) as files:
            for name, file in progress(list(zip(inputs, files)), "reading"):
                path = _input(file)
                doc = read_or_report(path, lambda path=path: load(
                    path, unit=unit, engine=engine, jobs=jobs or os.cpu_count() or 1, selection=selection,
                    limits=limits, recursive=recursive, crawl=crawl, **(meta or {})))
                if doc is None:
                    code = EXIT_UNREADABLE
                    continue
                docs.append((name, doc))
                if doc.has_errors and code == EXIT_OK:
                    code = EXIT_FINDINGS
    except BegrotingError as exc:  # stdin given twice, or unreadable
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    return docs, code


@app.command("parse")
def parse_cmd(
    inputs: InputsArg,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = DocFormat.json,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE|DIR", help="Output file, or a "
                                                   "directory (ends with / or exists) for one file per input. "
                                                   "Default: stdout (several inputs: one JSON document per line, "
                                                   "or a YAML stream).", show_default=False)] = None,
    unit: UnitOpt = None,
    pdf_engine: EngineOpt = PdfEngine.pypdfium2,
    jobs: JobsOpt = None,
    pages: PagesOpt = None,
    recursive: RecursiveOpt = False,
    crawl: CrawlOpt = False,
    compact: Annotated[bool, typer.Option("--compact", help="Leave out keys whose value is null.")] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Print a short summary per document to stderr.")] = False,
    max_file_size: MaxFileOpt = _size(_D.max_file_bytes),
    max_pages: MaxPagesOpt = _D.max_pages,
    max_line_length: MaxLineOpt = _D.max_line_chars,
    max_lines: MaxLinesOpt = _D.max_lines,
    max_stream_size: MaxStreamOpt = _size(_D.max_stream_bytes),
    max_seconds: MaxSecondsOpt = _D.pdf_seconds,
    max_memory: MaxMemoryOpt = _size(_D.pdf_memory_bytes),
    body: BodyOpt = None,
    year: YearOpt = None,
    kind: KindOpt = None,
) -> None:
    """Parse documents into the JSON/YAML document model (schema: `begroting schema`)."""
    limits = limits_of(max_file_size, max_pages, max_line_length, max_lines, max_stream_size, max_seconds,
                       max_memory)
    stream = output is None and len(inputs) > 1  # NDJSON (or a YAML stream) to stdout
    targets = dict.fromkeys(inputs) if stream else dict(zip(inputs, _targets(inputs, output, fmt.value),
                                                             strict=True))
    docs, code = _parse_all(inputs, unit, pdf_engine, jobs, pages, limits, recursive, crawl,
                            {"body": body, "year": year, "kind": kind})
    for path, doc in docs:
        from .emit import to_json, to_yaml  # noqa: PLC0415 - after parse: see the note on imports

        if stream and fmt is DocFormat.json:
            text = doc.model_dump_json(exclude_none=compact) + "\n"
        elif stream:
            text = "---\n" + to_yaml(doc, compact=compact)
        else:
            text = (to_json if fmt is DocFormat.json else to_yaml)(doc, compact=compact)
        write_or_exit(targets[path], text)
        if summary:
            _print_summary(path, doc, targets[path])
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
    recursive: RecursiveOpt = False,
    crawl: CrawlOpt = False,
    max_file_size: MaxFileOpt = _size(_D.max_file_bytes),
    max_pages: MaxPagesOpt = _D.max_pages,
    max_line_length: MaxLineOpt = _D.max_line_chars,
    max_lines: MaxLinesOpt = _D.max_lines,
    max_stream_size: MaxStreamOpt = _size(_D.max_stream_bytes),
    max_seconds: MaxSecondsOpt = _D.pdf_seconds,
    max_memory: MaxMemoryOpt = _size(_D.pdf_memory_bytes),
    body: BodyOpt = None,
    year: YearOpt = None,
    kind: KindOpt = None,
) -> None:
    """Write the tidy long table: one row per value (columns documented in the README)."""
    limits = limits_of(max_file_size, max_pages, max_line_length, max_lines, max_stream_size, max_seconds,
                       max_memory)
    if output is not None and output.is_dir():
        fail(f"{output}: cannot write: is a directory (export writes one table: -o FILE)")
        raise typer.Exit(EXIT_UNREADABLE)
    if excel and fmt is not TidyFormat.csv:
        fail("--excel applies to --format csv only")
        raise typer.Exit(EXIT_UNREADABLE)
    binary = fmt in (TidyFormat.parquet, TidyFormat.xlsx)
    if binary and output is None and sys.stdout.isatty():
        fail(f"--format {fmt.value} is binary: give -o FILE or redirect stdout")
        raise typer.Exit(EXIT_UNREADABLE)
    selection = _selection(pages)
    docs, code = _parse_all(inputs, unit, pdf_engine, jobs, pages, limits, recursive, crawl,
                            {"body": body, "year": year, "kind": kind})
    from .emit import tidy_rows  # noqa: PLC0415

    rows = [r for _, doc in docs for r in tidy_rows(doc)]
    if selection is not None:
        rows = [r for r in rows if selection.wanted(r["page"])]
    try:
        data = _tidy_output(rows, fmt, excel)
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    if output is None or docs or not inputs:
        if isinstance(data, bytes):
            try:
                write_binary(output, data)
            except OutputError as exc:
                fail(exc.one_line())
                raise typer.Exit(exc.exit_code) from None
        else:
            write_or_exit(output, data)
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

    write_or_exit(output, document_schema_json())


def _print_summary(path: str | Path, doc: Document, target: Path | None) -> None:
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
    name = path.name if isinstance(path, Path) else path
    t = Table(title=f"{name}" + (f" -> {target}" if target else ""), show_header=False, title_justify="left")
    body = f"{doc.body.kind.value if doc.body.kind else ''} {doc.body.name}".strip() if doc.body else None
    meta = " ".join(str(x) for x in (body, doc.document_kind.value if doc.document_kind else None, doc.year) if x)
    t.add_row("document", meta or "-")
    for k, v in counts.items():
        t.add_row(k, str(v))
    t.add_row("diagnostics", f"{sev['error']} error, {sev['warning']} warning, {sev['info']} info")
    Console(stderr=True).print(t)


register_validate(app)
register_diff(app)
register_explain(app)
register_batch(app)


REPORT_BUGS = "https://github.com/begroting/begroting-cli/issues"


class Interrupted(BaseException):
    """SIGINT (Ctrl-C) or SIGTERM (timeout, CI cancellation, docker stop) as an exception: the cleanup of
    workers and temporary files runs on the way out. Not a KeyboardInterrupt, which click would swallow."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # one is enough: let the cleanup finish
    raise Interrupted(signum)


def _interruption(exc: BaseException) -> BaseException | None:
    """The signal behind an exception, when a library caught it and raised its own (pydantic's class
    creation turns a KeyboardInterrupt into "RuntimeError: Error calling __set_name__")."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, (Interrupted, KeyboardInterrupt)):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def _exit_interrupted(exc: BaseException) -> None:
    signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
    what = "interrupted (SIGINT)" if signum == signal.SIGINT else "terminated (SIGTERM)"
    fail(f"{what}; no output written")
    sys.exit(EXIT_INTERRUPTED if signum == signal.SIGINT else 128 + signum)


def main() -> None:
    """The console script: every way out of the program is an exit code and at most one line."""
    debug = "--debug" in sys.argv[1:]
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:  # a shell that ignores SIGINT for background jobs keeps it so
            signal.signal(signum, _on_signal)
    try:
        app()
    except UsageError as exc:
        fail(exc.one_line())
        sys.exit(EXIT_UNREADABLE)
    except (Interrupted, KeyboardInterrupt) as exc:
        _exit_interrupted(exc)
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug must not look like a finding (exit 1)
        if (signalled := _interruption(exc)) is not None:
            _exit_interrupted(signalled)  # a signal inside library code that wraps what it catches
        if debug:
            traceback.print_exc()
        detail = " ".join(str(exc).split())[:160]
        fail(f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); this is a bug in "
             f"begroting {__version__}: please report it at {REPORT_BUGS} with the input file"
             + ("" if debug else " and the output of the same command with --debug"))
        sys.exit(EXIT_INTERNAL)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
