"""The per-document task: parse one file, write its JSON, return its manifest record.

This runs inside an isolated child process (see isolation.py), the same under every executor.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..version import __version__
from ..errors import BegrotingError
from ..limits import DEFAULT_LIMITS, Limits
from .atomic import write_atomic
from .plan import Task
from .values import document_head, stage_values

DOCUMENTS_DIR = "documents"


def document_path(outdir: str | Path, sha256: str) -> Path:
    return Path(outdir) / DOCUMENTS_DIR / f"{sha256}.json"


def new_record(sha256: str) -> dict[str, Any]:
    """Every field of a manifest row except the input path, with failure as the default."""
    return {"sha256": sha256, "tool_version": __version__, "status": "failure", "stage": "", "message": "",
            "format": "", "pages": None, "tables": 0, "values": 0, "diagnostics": 0, "errors": 0,
            "body": None, "document_kind": None, "year": None}


def failure(sha256: str, stage: str, message: str) -> dict[str, Any]:
    rec = new_record(sha256)
    rec.update(stage=stage, message=" ".join(message.split()))
    return rec


def _resolve(spec: str) -> Callable[..., Any]:
    """"package.module:function" -> the function: the parse callable is named, so it travels as text."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _parser_limits(task: Task) -> Limits:
    """The parser's own limits, less the two this child already has: its memory limit (RLIMIT_AS)
    and the batch's wall-clock timeout. So the PDF pages are read in this process, not in a worker."""
    limits = replace(DEFAULT_LIMITS, pdf_memory_bytes=0, pdf_seconds=0)
    if task.limits.max_pages is not None:
        limits = replace(limits, max_pages=task.limits.max_pages)
    return limits


def _too_many_pages(path: Path, limit: int) -> str | None:
    with path.open("rb") as fh:
        if not fh.read(5).startswith(b"%PDF-"):
            return None
    from ..sources.pdf import page_count  # noqa: PLC0415 - PDF stack only for PDFs

    n = page_count(path)
    return f"{n} pages, more than --max-pages {limit}" if n > limit else None


def process_document(task: Task) -> dict[str, Any]:
    """Parse and write documents/<sha256>.json; exceptions become a failure record, never escape."""
    path = Path(task.path)
    try:
        if task.limits.max_pages is not None:
            refused = _too_many_pages(path, task.limits.max_pages)
            if refused:
                return failure(task.sha256, "limits", f"{path.name}: {refused}")
        doc = _resolve(task.parser)(path, unit=task.unit, limits=_parser_limits(task))
    except BegrotingError as exc:
        if exc.source is None:
            exc.source = path.name
        return failure(task.sha256, "read", exc.one_line())
    except MemoryError:
        return failure(task.sha256, "memory", f"{path.name}: memory limit of {task.limits.max_memory_mb} MB reached")
    except RecursionError:
        return failure(task.sha256, "parse", f"{path.name}: recursion too deep")
    except Exception as exc:  # noqa: BLE001 - a parser bug must become a failure row, not end the batch
        return failure(task.sha256, "parse", f"{path.name}: {type(exc).__name__}: {exc}")
    from ..emit import to_json, tidy_rows  # noqa: PLC0415
    from ..models import BudgetComparison, FinancialTable, IndicatorTable, Severity  # noqa: PLC0415

    try:
        write_atomic(document_path(task.outdir, task.sha256), to_json(doc))
    except OSError as exc:
        return failure(task.sha256, "write", f"{path.name}: cannot write its JSON ({exc.strerror})")
    rows = tidy_rows(doc)
    try:  # here, in parallel with the other documents; the batch turns them into its Parquet file and CSV
        stage_values(task.outdir, document_head(doc, task.sha256), rows)
    except (OSError, TypeError, ValueError):  # the batch writes them from the JSON then, and reports what fails
        pass
    rec = new_record(task.sha256)
    errors = sum(1 for d in doc.diagnostics if d.severity is Severity.ERROR)
    rec.update(status="partial" if errors else "success", format=doc.source.format, pages=doc.source.pages,
               tables=sum(1 for e in doc.elements if isinstance(e, (FinancialTable, IndicatorTable, BudgetComparison))),
               values=sum(1 for r in rows if r["value"] is not None), diagnostics=len(doc.diagnostics),
               errors=errors, body=doc.gemeente,
               document_kind=doc.document_kind.value if doc.document_kind else None, year=doc.year)
    if errors:
        first = next(d for d in doc.diagnostics if d.severity is Severity.ERROR)
        rec.update(stage="parse", message=f"{path.name}: {errors} error diagnostic(s), first: [{first.code}] "
                                          f"{' '.join(first.message.split())}")
    return rec
