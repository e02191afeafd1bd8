"""Format detection and the one entry point that turns a path into a `SourceDocument`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import SourceError, UsageError
from ..limits import DEFAULT_LIMITS, Limits
from ..stream import Format, SourceDocument
from .files import check_input
from .text import read_text

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm"}


def detect_format(path: Path, head: bytes) -> Format:
    """By content first (a PDF is a PDF whatever its name), then by suffix."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return Format.PDF
    if suffix in PDF_SUFFIXES:
        raise SourceError("not a PDF file (no %PDF- header)", source=path.name)
    if suffix in HTML_SUFFIXES:
        return Format.HTML
    if suffix == ".json":
        return Format.JSON
    return Format.TEXT


def read_source(path: Path | str, *, engine: str = "pypdfium2", jobs: int = 1, pages: range | None = None,
                meanwhile: Callable[[], None] | None = None,
                on_text: Callable[[list[str]], None] | None = None,
                limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Read any supported file into the common line stream; raises SourceError if it cannot.

    `meanwhile` is called once in this process while PDF pages are read by worker processes (for
    other inputs, before reading): the caller's chance to do its own start-up work in parallel.
    `on_text` gets the line texts of PDF pages batch by batch as they come in (see `read_pdf`).
    `pages` (1-based) limits a PDF to those pages; other inputs have no pages and refuse it.
    `limits` bounds file size, pages, line length, streams, time and memory (`limits.Limits`).
    """
    path = Path(path)
    check_input(path, limits)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror})", source=str(path)) from None
    fmt = detect_format(path, head)
    if fmt is Format.PDF:
        from .pdf import read_pdf  # imported lazily: text users never pay for the PDF stack

        return read_pdf(path, engine=engine, jobs=jobs, pages=pages, meanwhile=meanwhile, on_text=on_text,
                        limits=limits)
    if pages is not None:
        raise UsageError("--pages applies to PDF input only", source=path.name)
    if fmt is Format.HTML:
        raise SourceError("HTML input is not supported yet; save the page as text", source=path.name)
    if fmt is Format.JSON:
        raise SourceError("this is a JSON file; parse takes source documents (text or PDF)",
                          source=path.name)
    if meanwhile is not None:
        meanwhile()
    return read_text(path, limits=limits)


__all__ = ["Format", "SourceDocument", "detect_format", "read_source"]
