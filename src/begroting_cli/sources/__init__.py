"""Format detection and the one entry point that turns a path into a `SourceDocument`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import SourceError, UsageError
from ..limits import DEFAULT_LIMITS, Limits
from ..stream import Format, SourceDocument
from .files import check_input
from .sniff import HTML_SUFFIXES, SNIFF_BYTES, is_url, looks_like_html
from .text import read_text

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}


def detect_format(path: Path, head: bytes) -> Format:
    """By content first (a PDF is a PDF and a web page a web page whatever its name), then by suffix."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return Format.PDF
    if suffix in PDF_SUFFIXES:
        raise SourceError("not a PDF file (no %PDF- header)", source=path.name)
    if suffix in HTML_SUFFIXES or looks_like_html(head):
        return Format.HTML
    if suffix == ".json":
        return Format.JSON
    return Format.TEXT


def read_source(path: Path | str, *, engine: str = "pypdfium2", jobs: int = 1, pages: range | None = None,
                meanwhile: Callable[[], None] | None = None,
                on_text: Callable[[list[str]], None] | None = None, limits: Limits = DEFAULT_LIMITS,
                recursive: bool = False, crawl: bool = False) -> SourceDocument:
    """Read any supported file, folder of web pages or URL into the common line stream; raises
    SourceError if it cannot.

    `meanwhile` is called once in this process while PDF pages are read by worker processes (for
    other inputs, before reading): the caller's chance to do its own start-up work in parallel.
    `on_text` gets the line texts of PDF pages batch by batch as they come in (see `read_pdf`).
    `pages` (1-based) limits a PDF to those pages; other inputs have no pages and refuse it.
    `limits` bounds file size, pages, line length, streams, time and memory (`limits.Limits`).
    A folder is read as one document of its HTML pages (`recursive`: sub-folders too, a saved
    site); an http(s) URL is fetched (`crawl`: with the pages it links to within its document).
    """
    if isinstance(path, str) and is_url(path):
        return _read_url(path, pages=pages, crawl=crawl, meanwhile=meanwhile)
    if crawl:
        raise UsageError("--crawl applies to URLs only", source=str(path))
    path = Path(path)
    if path.is_dir():
        return _read_folder(path, pages=pages, recursive=recursive, meanwhile=meanwhile)
    check_input(path, limits)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
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
        from .html import HtmlPage, read_html_pages  # noqa: PLC0415 - text users never pay for bs4

        if meanwhile is not None:
            meanwhile()
        return read_html_pages([HtmlPage(path.name, path.read_bytes())], name=path.name)
    if fmt is Format.JSON:
        raise SourceError("this is a JSON file; parse takes source documents (text or PDF)",
                          source=path.name)
    if meanwhile is not None:
        meanwhile()
    return read_text(path, limits=limits)


def _read_folder(folder: Path, *, pages: range | None, recursive: bool,
                 meanwhile: Callable[[], None] | None) -> SourceDocument:
    if pages is not None:
        raise UsageError("--pages applies to PDF input only", source=str(folder))
    from .html import read_html_pages  # noqa: PLC0415
    from .site import folder_pages  # noqa: PLC0415

    found = folder_pages(folder, recursive=recursive)
    if meanwhile is not None:
        meanwhile()
    return read_html_pages(found, name=folder.name or str(folder), numbered=True)


def _read_url(url: str, *, pages: range | None, crawl: bool,
              meanwhile: Callable[[], None] | None) -> SourceDocument:
    if pages is not None:
        raise UsageError("--pages applies to PDF input only", source=url)
    from .fetch import crawl as crawl_site  # noqa: PLC0415 - httpx only for URLs
    from .fetch import fetch_page  # noqa: PLC0415
    from .html import read_html_pages  # noqa: PLC0415

    found = crawl_site(url) if crawl else [fetch_page(url)]
    if meanwhile is not None:
        meanwhile()
    return read_html_pages(found, name=url)


__all__ = ["Format", "SourceDocument", "detect_format", "read_source"]
