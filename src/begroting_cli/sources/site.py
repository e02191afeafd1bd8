"""Saved web pages on disk: one page, a folder of pages, or a saved site with sub-folders.

Why an order of its own: a saved site keeps a page beside the folder of its sub-pages
(`programma-1.html`, `programma-1/doelen.html`); reading it as one document wants each page before
its sub-pages and an `index.html` first in its folder, which plain name order does not give.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from .html import MAX_HTML_BYTES, HtmlPage
from .sniff import HTML_SUFFIXES, SNIFF_BYTES, looks_like_html

MAX_PAGES = 2000


def _order(rel: Path) -> tuple[str, ...]:
    stem = "" if rel.stem.lower() in ("index", "default") else rel.stem
    return (*rel.parts[:-1], stem)


def _is_page(path: Path) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            return looks_like_html(fh.read(SNIFF_BYTES))
    except OSError:
        return False


def folder_pages(folder: Path, *, recursive: bool = False) -> list[HtmlPage]:
    """The HTML pages of a folder (with `recursive`, of its sub-folders too), in reading order.

    Hidden entries and the `<page>_files` folders browsers save scripts and images into are skipped.
    """
    found: list[Path] = []
    todo = [folder]
    while todo:
        here = todo.pop()
        try:
            entries = sorted(here.iterdir())
        except OSError as exc:
            raise SourceError(f"cannot list folder ({exc.strerror})", source=str(here)) from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                if recursive and not entry.name.endswith("_files") and not entry.is_symlink():
                    todo.append(entry)
            elif entry.is_file() and _is_page(entry):
                found.append(entry)
                if len(found) > MAX_PAGES:
                    raise SourceError(f"more than {MAX_PAGES} pages in the folder", source=str(folder))
    if not found:
        hint = "" if recursive else " (sub-folders are read with --recursive)"
        raise SourceError(f"no HTML pages in this folder{hint}", source=str(folder))
    found.sort(key=lambda p: _order(p.relative_to(folder)))
    pages = []
    for path in found:
        if path.stat().st_size > MAX_HTML_BYTES:
            raise SourceError(f"page larger than {MAX_HTML_BYTES // (1024 * 1024)} MB", source=str(path))
        pages.append(HtmlPage(path.relative_to(folder).as_posix(), path.read_bytes()))
    return pages
