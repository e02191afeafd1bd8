"""What the commands do with their inputs: `-` for stdin, JSON written by `parse`, `--pages` selections and
a progress bar over several files (on a terminal only). The CLI stays a thin layer over this and `api`."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import BegrotingError, OutputError, SourceError
from .limits import DEFAULT_LIMITS, Limits, size_text
from .pagespec import PageSelection

if TYPE_CHECKING:
    from .models import Document

P = TypeVar("P", str, Path)

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
def materialised(inputs: Sequence[P]) -> Iterator[list[P]]:
    """The inputs as files: `-` becomes a temporary file `stdin.pdf|json|txt` (removed afterwards), read once."""
    if sum(str(p) == STDIN for p in inputs) > 1:
        raise SourceError("stdin (-) can be given once")
    if all(str(p) != STDIN for p in inputs):
        yield list(inputs)
        return
    with tempfile.TemporaryDirectory(prefix="begroting-stdin-") as tmp:
        data = sys.stdin.buffer.read(DEFAULT_LIMITS.max_file_bytes + 1)  # never unbounded: `cat /dev/zero |`
        if len(data) > DEFAULT_LIMITS.max_file_bytes:
            raise SourceError(f"stdin: more than {size_text(DEFAULT_LIMITS.max_file_bytes)}, over the input "
                              "size limit; save it to a file and use --max-file-size")
        target = Path(tmp) / f"stdin{_stdin_suffix(data)}"
        target.write_bytes(data)
        yield [type(p)(target) if str(p) == STDIN else p for p in inputs]


def source_of(text: str) -> str | Path:
    """An input as the library takes it: a URL stays a string (a Path would fold its `//`), anything else is a path."""
    from .sources.sniff import is_url  # noqa: PLC0415

    return text if is_url(text) else Path(text)


def _span(path: Path, selection: PageSelection | None) -> range | None:
    """The contiguous pages the reader reads for a selection (an open end resolved by the PDF's page count)."""
    if selection is None:
        return None
    span = selection.span()
    if span is None and path.suffix.lower() == ".pdf":  # '10-': to the end of this PDF
        from .sources.pdf import page_count  # noqa: PLC0415

        try:
            span = selection.span(page_count(path))
        except (OSError, ValueError, RuntimeError):
            span = None  # damaged or unreadable: the reader names the problem below
    return span  # None: the whole document, the selection filters


def load(path: str | Path, *, unit: int | None, engine: str, jobs: int, selection: PageSelection | None,
         limits: Limits = DEFAULT_LIMITS, recursive: bool = False, crawl: bool = False, **meta: object) -> Document:
    """A document from a source (file, folder or URL: parsed) or a JSON / YAML document written by `begroting
    parse`. `meta` (body, year, kind) overrides what a parsed source reveals."""
    if isinstance(path, Path) and path.suffix.lower() in (".yaml", ".yml"):
        if selection is not None:
            raise SourceError("--pages applies to PDF input, not to a YAML document", source=str(path))
        from .checks import load_document_yaml  # noqa: PLC0415

        return load_document_yaml(path, limits=limits)
    if isinstance(path, Path) and path.suffix.lower() == ".json":
        if selection is not None:
            raise SourceError("--pages applies to PDF input, not to a JSON document", source=str(path))
        from .checks import load_document_json  # noqa: PLC0415

        return load_document_json(path, limits=limits)
    from .api import parse  # noqa: PLC0415

    pages = _span(path, selection) if isinstance(path, Path) else (selection.span() if selection else None)
    return parse(path, unit=unit, pdf_engine=engine, jobs=jobs, pages=pages, limits=limits, recursive=recursive,
                 crawl=crawl, **meta)  # type: ignore[arg-type]


def write_binary(path: Path | None, data: bytes) -> None:
    """Bytes (Parquet, xlsx) to stdout (None) or to a file, written beside it and renamed: never half a file."""
    if path is None:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError as exc:
            raise OutputError(f"<stdout>: cannot write: {exc.strerror or exc}") from None
        return
    if path.is_dir():
        raise OutputError(f"{path}: cannot write: is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def progress(items: list[Any], what: str) -> Iterator[Any]:
    """Iterate with a progress bar on stderr when there are several items and stderr is a terminal."""
    from rich.console import Console  # noqa: PLC0415

    console = Console(stderr=True)
    if len(items) < 2 or not console.is_terminal:
        yield from items
        return
    from rich.progress import Progress  # noqa: PLC0415

    # no refresh thread: the PDF reader forks its workers only from a single-threaded process
    with Progress(console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(what, total=len(items))
        bar.refresh()
        for item in items:
            yield item
            bar.advance(task)
            bar.refresh()


__all__ = ["BegrotingError", "STDIN", "load", "materialised", "progress", "source_of", "write_binary"]
