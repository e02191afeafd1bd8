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

from . import __version__
from .api import PDF_ENGINES, page_range, parse
from .cli_validate import register as register_validate
from .errors import (EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE, BegrotingError,
                     OutputError, UsageError)
from .limits import DEFAULT_LIMITS, Limits, parse_size
from .outputs import plan_targets, write_text

# The model, emitters and checks are imported inside the commands, after the input is opened:
# `parse` starts the PDF page workers first and loads them meanwhile (see api.parse).
if TYPE_CHECKING:
    from .models import Document

app = typer.Typer(
    name="begroting",
    help="Turn Dutch municipal budget documents (begroting, jaarrekening; text or PDF) into validated data.\n\n"
         "Exit codes: 0 success, 1 parsed with error diagnostics, 2 unreadable input, unwritable output or "
         "bad usage, 70 internal error (a bug), 130/143 interrupted.",
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
                                                            help="Show the version and exit.")] = None,
          debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error "
                                              "(for a bug report).")] = False) -> None:
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


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)}M"


def fail(message: str) -> None:
    typer.echo(f"begroting: error: {message}", err=True)


def write_or_exit(target: Path | None, text: str) -> None:
    """Write an output (stdout for None); an unwritable path is a one-line error, exit 2."""
    try:
        write_text(target, text)
    except OutputError as exc:
        fail(exc.one_line())
        raise typer.Exit(exc.exit_code) from None


def _targets(inputs: list[Path], output: Path | None, suffix: str) -> list[Path | None]:
    try:
        return plan_targets(inputs, output, suffix)
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None


def _parse_all(inputs: list[Path], unit: int | None, engine: str, jobs: int | None,
               pages: str | None = None, limits: Limits = DEFAULT_LIMITS) -> tuple[list[tuple[Path, Document]], int]:
    try:
        span = page_range(pages) if pages is not None else None
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    docs, code = [], EXIT_OK
    for path in inputs:
        try:
            doc = parse(path, unit=unit, pdf_engine=engine, jobs=jobs or os.cpu_count() or 1, pages=span,
                        limits=limits)
        except BegrotingError as exc:
            if exc.source is None:
                exc.source = str(path)
            fail(exc.one_line())
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
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Output file, or a directory (ends with "
                                                   "/ or exists) for one file per input. Default: stdout.",
                                                   show_default=False)] = None,
    unit: UnitOpt = None,
    pdf_engine: EngineOpt = "pypdfium2",
    jobs: JobsOpt = None,
    pages: PagesOpt = None,
    summary: Annotated[bool, typer.Option("--summary", help="Print a short summary per document to stderr.")] = False,
    max_file_size: MaxFileOpt = _size(_D.max_file_bytes),
    max_pages: MaxPagesOpt = _D.max_pages,
    max_line_length: MaxLineOpt = _D.max_line_chars,
    max_lines: MaxLinesOpt = _D.max_lines,
    max_stream_size: MaxStreamOpt = _size(_D.max_stream_bytes),
    max_seconds: MaxSecondsOpt = _D.pdf_seconds,
    max_memory: MaxMemoryOpt = _size(_D.pdf_memory_bytes),
) -> None:
    """Parse documents into the JSON/YAML document model (schema: `begroting schema`)."""
    limits = limits_of(max_file_size, max_pages, max_line_length, max_lines, max_stream_size, max_seconds,
                       max_memory)
    targets = dict(zip(inputs, _targets(inputs, output, fmt.value), strict=True))
    docs, code = _parse_all(inputs, unit, pdf_engine, jobs, pages, limits)
    for path, doc in docs:
        from .emit import to_json, to_yaml  # noqa: PLC0415 - after parse: see the note on imports

        write_or_exit(targets[path], (to_json if fmt is DocFormat.json else to_yaml)(doc))
        if summary:
            _print_summary(path, doc, targets[path])
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
    max_file_size: MaxFileOpt = _size(_D.max_file_bytes),
    max_pages: MaxPagesOpt = _D.max_pages,
    max_line_length: MaxLineOpt = _D.max_line_chars,
    max_lines: MaxLinesOpt = _D.max_lines,
    max_stream_size: MaxStreamOpt = _size(_D.max_stream_bytes),
    max_seconds: MaxSecondsOpt = _D.pdf_seconds,
    max_memory: MaxMemoryOpt = _size(_D.pdf_memory_bytes),
) -> None:
    """Write the tidy long table: one row per value (columns documented in the README)."""
    limits = limits_of(max_file_size, max_pages, max_line_length, max_lines, max_stream_size, max_seconds,
                       max_memory)
    if output is not None and output.is_dir():
        fail(f"{output}: cannot write: is a directory (export writes one table: -o FILE)")
        raise typer.Exit(EXIT_UNREADABLE)
    docs, code = _parse_all(inputs, unit, pdf_engine, jobs, pages, limits)
    from .emit import tidy_rows, to_csv, to_jsonl  # noqa: PLC0415

    rows = [r for _, doc in docs for r in tidy_rows(doc)]
    text = to_csv(rows) if fmt is TidyFormat.csv else to_jsonl(rows)
    if output is None or docs or not inputs:
        write_or_exit(output, text)
    raise typer.Exit(code)


@app.command("schema")
def schema_cmd(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: stdout).")] = None,
) -> None:
    """Print the JSON Schema of the document model."""
    from .schema import document_schema_json  # noqa: PLC0415

    write_or_exit(output, document_schema_json())


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
    counts["values"] = sum(1 for r in tidy_rows(doc) if r["value"] != "")
    sev = {s: sum(1 for d in doc.diagnostics if d.severity.value == s) for s in ("error", "warning", "info")}
    t = Table(title=f"{path.name}" + (f" -> {target}" if target else ""), show_header=False, title_justify="left")
    meta = " ".join(str(x) for x in (doc.gemeente, doc.document_kind.value if doc.document_kind else None, doc.year) if x)
    t.add_row("document", meta or "-")
    for k, v in counts.items():
        t.add_row(k, str(v))
    t.add_row("diagnostics", f"{sev['error']} error, {sev['warning']} warning, {sev['info']} info")
    Console(stderr=True).print(t)


register_validate(app)


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
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        what = "interrupted (SIGINT)" if signum == signal.SIGINT else "terminated (SIGTERM)"
        fail(f"{what}; no output written")
        sys.exit(EXIT_INTERRUPTED if signum == signal.SIGINT else 128 + signum)
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug must not look like a finding (exit 1)
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
