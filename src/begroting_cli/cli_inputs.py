"""What the commands do with their inputs: `-` for stdin, JSON written by `parse`, `--pages` selections and
a progress bar over several files (on a terminal only). The CLI stays a thin layer over this and `api`."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BegrotingError, SourceError
from .pagespec import PageSelection

if TYPE_CHECKING:
    from .models import Document

STDIN = "-"


def _stdin_suffix(data: bytes) -> str:
    """What the bytes on stdin are: a PDF, a JSON document from `parse`, or text."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"{"):
        return ".json"
    return ".txt"


@contextlib.contextmanager
def materialised(inputs: list[Path]) -> Iterator[list[Path]]:
    """The inputs as files: `-` becomes a temporary file `stdin.pdf|json|txt` (removed afterwards), read once."""
    if sum(str(p) == STDIN for p in inputs) > 1:
        raise SourceError("stdin (-) can be given once")
    if all(str(p) != STDIN for p in inputs):
        yield inputs
        return
    with tempfile.TemporaryDirectory(prefix="begroting-stdin-") as tmp:
        data = sys.stdin.buffer.read()
        target = Path(tmp) / f"stdin{_stdin_suffix(data)}"
        target.write_bytes(data)
        yield [target if str(p) == STDIN else p for p in inputs]


def _span(path: Path, selection: PageSelection | None) -> range | None:
    if selection is None:
        return None
    span = selection.span()
    if span is None and path.suffix.lower() == ".pdf":  # '10-': to the end of this PDF
        from .sources.pdf import page_count  # noqa: PLC0415

        try:
            span = selection.span(page_count(path))
        except (OSError, ValueError, RuntimeError):
            span = None  # damaged or unreadable: the reader names the problem below
    if span is None:
        return range(min(a for a, _ in selection.parts), 10**9)  # the reader says which pages there are
    return span


def load(path: Path, *, unit: int | None, engine: str, jobs: int, selection: PageSelection | None) -> Document:
    """A document from a source file (parsed) or a JSON document written by `begroting parse`."""
    if path.suffix.lower() == ".json":
        if selection is not None:
            raise SourceError("--pages applies to PDF input, not to a JSON document", source=str(path))
        from .checks import load_document_json  # noqa: PLC0415

        return load_document_json(path)
    from .api import parse  # noqa: PLC0415

    return parse(path, unit=unit, pdf_engine=engine, jobs=jobs, pages=_span(path, selection))


def progress(items: list[Any], what: str) -> Iterator[Any]:
    """Iterate with a progress bar on stderr when there are several items and stderr is a terminal."""
    from rich.console import Console  # noqa: PLC0415

    console = Console(stderr=True)
    if len(items) < 2 or not console.is_terminal:
        yield from items
        return
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(what, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


__all__ = ["BegrotingError", "STDIN", "load", "materialised", "progress"]
