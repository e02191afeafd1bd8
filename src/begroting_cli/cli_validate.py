"""`begroting validate`: check that a budget document's figures add up. `cli.py` adds it with `register(app)`.

No `from __future__ import annotations` here: typer reads the option annotations at run time.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .cli_common import fail, limits_of, read_or_report, unit_option, write_or_exit
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, BegrotingError
from .limits import DEFAULT_LIMITS as _D

if TYPE_CHECKING:  # imported in the command: `begroting parse` does not pay for the checks
    from .models import Document


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


def _report_file(path: "Path | str", doc: "Document") -> str:
    """The file findings point at: the input (a URL as given), or for a JSON document its source beside it
    (else its name)."""
    if isinstance(path, str) or path.suffix.lower() not in (".json", ".yaml", ".yml"):
        return str(path)
    beside = path.with_name(doc.source.name)
    return str(beside) if beside.exists() else doc.source.name


def _unit(value: Optional[str]) -> Optional[int]:
    return unit_option(value)


def validate_cmd(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Documents (.txt, .pdf, .html), http(s) "
                                                "URLs, JSON from `begroting parse`, or - for stdin.",
                                                show_default=False)],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="text (people), json (schemas/report.schema."
                                              "json), github (workflow annotations) or junit (XML).")]
    = ReportFormat.text,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 on findings of this severity or "
                                                      "worse (default: `fail-on` of the settings file, else "
                                                      "error).", show_default=False)] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="CODE", help="Report only findings "
                                                        "with this code (a glob such as 'subtotal-*' works); "
                                                        "repeat for more.", show_default=False)] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODE", help="Leave out findings with "
                                                        "this code (added to `ignore` of the settings file); "
                                                        "repeat for more.", show_default=False)] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", callback=_unit, metavar="N", help="Multiplier to euros "
                                                "for tables that state no unit: 1000, 1.000, 1e3, duizend, miljoen "
                                                "(source documents only; a parsed JSON/YAML document keeps its "
                                                "units).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the report to "
                                                   "this file (default: stdout).", show_default=False)] = None,
    crawl: Annotated[bool, typer.Option("--crawl", help="A URL input: also fetch the pages it links to within "
                                        "the same document (depth 2, at most 50 pages).")] = False,
    allow_unchecked: Annotated[bool, typer.Option("--allow-unchecked", help="A document in which no relation "
                                                  "could be checked is not a failure (a warning, not an error).")]
    = False,
    max_file_size: Annotated[str, typer.Option("--max-file-size", help="Largest input file (0 = no limit).",
                                               rich_help_panel="Limits")] = f"{_D.max_file_bytes >> 20}M",
    max_pages: Annotated[int, typer.Option("--max-pages", min=0, help="Most PDF pages read (0 = no limit).",
                                           rich_help_panel="Limits")] = _D.max_pages,
    max_line_length: Annotated[int, typer.Option("--max-line-length", min=0, help="Longest text line (0 = no "
                                                 "limit).", rich_help_panel="Limits")] = _D.max_line_chars,
    max_lines: Annotated[int, typer.Option("--max-lines", min=0, help="Most lines of a text document (0 = no "
                                           "limit).", rich_help_panel="Limits")] = _D.max_lines,
    max_stream_size: Annotated[str, typer.Option("--max-stream-size", help="Largest decompressed PDF stream "
                                                 "(0 = no limit).", rich_help_panel="Limits")]
    = f"{_D.max_stream_bytes >> 20}M",
    max_seconds: Annotated[float, typer.Option("--max-seconds", min=0, help="Time for reading a PDF's pages "
                                               "(0 = no limit).", rich_help_panel="Limits")] = _D.pdf_seconds,
    max_memory: Annotated[str, typer.Option("--max-memory", help="Memory of each PDF worker process (0 = no "
                                            "limit).", rich_help_panel="Limits")] = f"{_D.pdf_memory_bytes >> 20}M",
) -> None:
    """Check that the figures add up: subtotals, saldo, verschil and % columns, Begroot vs Realisatie blocks,
    reserve movements, figures repeated across tables; plus units and the parse's own diagnostics.

    Settings (`[tool.begroting]` in pyproject.toml, or begroting.toml): unit, fail-on, select, ignore.
    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 unreadable input or bad usage.
    """
    from .checks import validate_document
    from .cli_inputs import load, materialised, source_of
    from .config import find_config
    from .errors import UsageError
    from .models import Severity
    from .report import Report, render

    limits = limits_of(max_file_size, max_pages, max_line_length, max_lines, max_stream_size, max_seconds,
                            max_memory)
    try:
        config = find_config()
    except UsageError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    unit = unit if unit is not None else config.unit
    documents, code = [], EXIT_OK
    try:
        with materialised(inputs) as files:
            for path in map(source_of, files):
                doc = read_or_report(path, lambda path=path: load(path, unit=unit, engine="pypdfium2", jobs=1,
                                                                  selection=None, limits=limits, crawl=crawl))
                if doc is None:
                    code = EXIT_UNREADABLE
                    continue
                documents.append(validate_document(doc, file=_report_file(path, doc),
                                                   allow_unchecked=allow_unchecked))
    except BegrotingError as exc:
        fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    report = Report.of(documents).filtered(select=tuple(select or config.select),
                                           ignore=(*config.ignore, *(ignore or ())))
    severity = Severity(fail_on.value if fail_on is not None else (config.fail_on or "error"))
    if output is None and not documents and fmt is ReportFormat.text:
        pass  # every input was unreadable: the errors on stderr say it all
    elif output is None:
        write_or_exit(None, render(report, fmt.value, fail_on=severity, color=fmt is ReportFormat.text
                                        and sys.stdout.isatty()))
    else:
        write_or_exit(output, render(report, fmt.value, fail_on=severity))
    if code == EXIT_OK and report.fails(severity):
        code = EXIT_FINDINGS
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the `validate` command to the `begroting` app."""
    app.command("validate")(validate_cmd)
