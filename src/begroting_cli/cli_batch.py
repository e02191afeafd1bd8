"""`begroting batch`: many documents into one dataset. `cli.py` adds it with `register(app)`.

No `from __future__ import annotations` here: typer reads the option annotations at run time.
"""

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .errors import EXIT_UNREADABLE, UsageError


class Executor(str, Enum):
    local = "local"
    dask = "dask"


def _fail(message: str) -> None:
    typer.echo(f"begroting: error: {message}", err=True)


def _line(n: int, total: int, r: Any) -> str:
    how = "done earlier" if r.skipped else f"{r.seconds:.2f} s"
    pages = f", {r.pages} pages" if r.pages else ""
    text = f"[{n}/{total}] {r.path}: {r.status} ({how}{pages})"
    return f"{text}: {r.message}" if r.status != "success" and r.message else text


def _on_terminal() -> bool:
    return sys.stderr.isatty()


def _run_plain(run: Any, quiet: bool) -> None:
    for n, r in enumerate(run, start=1):
        if not quiet:
            typer.echo(f"begroting batch: {_line(n, run.summary.total, r)}", err=True)


def _run_progress(run: Any) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

    console = Console(stderr=True)
    columns = [TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rates]}"),
               TimeRemainingColumn(), TextColumn("{task.fields[failures]} failed")]
    started, failures, pages = time.monotonic(), 0, 0
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("batch", total=run.summary.total, rates="", failures=0)
        for n, r in enumerate(run, start=1):
            failures += r.status == "failure"
            pages += 0 if r.skipped else (r.pages or 0)
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(bar, advance=1, failures=failures,
                            rates=f"{n / elapsed:.1f} docs/s {pages / elapsed:.0f} pages/s")
            if r.status != "success":
                progress.console.print(_line(n, run.summary.total, r), markup=False, highlight=False)


def _print_summary(run: Any) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    s = run.summary
    t = Table(title=f"begroting batch -> {run.outdir}", title_justify="left", show_header=False)
    for status in ("success", "partial", "failure"):
        t.add_row(status, str(s.counts[status]))
    t.add_row("done earlier (--resume)", str(s.skipped))
    t.add_row("pages", str(s.pages))
    t.add_row("seconds", f"{s.elapsed:.1f}")
    parsed = s.total - s.skipped
    t.add_row("documents/s", f"{parsed / s.elapsed:.2f}" if s.elapsed else "-")
    Console(stderr=True).print(t)


def batch_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories (recursive: .txt .pdf .html) or globs.",
                                                 show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output directory (OUTDIR).", show_default=False)],
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Documents at once (default: "
                                                 "number of cores; with dask: LocalCluster workers).")] = None,
    executor: Annotated[Executor, typer.Option("--executor", help="local processes, or dask.distributed.")]
    = Executor.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, e.g. "
                                                      "tcp://host:8786 (default: a LocalCluster).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip documents this tool version already did in "
                                                          "OUTDIR.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Wall-clock seconds per document.")] = 600.0,
    max_memory: Annotated[int, typer.Option("--max-memory", min=64, help="Memory limit per document, MB "
                                            "(address space of its process).")] = 2048,
    max_pages: Annotated[Optional[int], typer.Option("--max-pages", min=1, help="Refuse PDFs with more pages "
                                                      "(a failure row).")] = None,
    unit: Annotated[Optional[int], typer.Option("--unit", min=1, help="Multiplier to euros for tables that "
                                                "state no unit.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; the exit code tells.")] = False,
) -> None:
    """Parse many documents into OUTDIR: one JSON per document, manifest.jsonl, a Parquet dataset and a CSV.

    Exit codes: 0 all documents succeeded, 1 some were partial or failed, 2 bad usage.
    """
    from .batch import BatchRun, BatchLimits  # noqa: PLC0415

    try:
        run = BatchRun(inputs, output, jobs=jobs, executor=executor.value, scheduler=scheduler, resume=resume,
                       limits=BatchLimits(timeout=timeout, max_memory_mb=max_memory, max_pages=max_pages), unit=unit)
        if not quiet and _on_terminal():
            _run_progress(run)
        else:
            _run_plain(run, quiet)
    except UsageError as exc:
        _fail(exc.one_line())
        raise typer.Exit(EXIT_UNREADABLE) from None
    if not quiet:
        _print_summary(run)
    raise typer.Exit(run.summary.exit_code)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_cmd)
