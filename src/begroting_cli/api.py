"""The library façade: what scripts call and what the CLI is a thin layer over."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .gcpause import gc_paused
from .limits import DEFAULT_LIMITS, Limits
from .sources import read_source
from .sources.text import decode_text, split_lines
from .stream import Format, Line, SourceDocument

if TYPE_CHECKING:
    from .diffing.model import DocumentDiff
    from .extract.parsing_report import Explanation, TableExplanation
    from .diffing.threshold import Threshold
    from .models import Document
    from .report import Report

PDF_ENGINES = ("pypdfium2", "pdfplumber")


def _load_pipeline() -> None:
    """Import the model and extractors (~0.15 s, mostly pydantic building validators).

    `read_source` runs this while PDF pages are being read in worker processes, so the two overlap.
    """
    from . import pipeline  # noqa: F401, PLC0415


def _warm_segmenter(texts: list[str]) -> None:
    """Classify PDF lines as pages come in, on this process's core, while workers read the rest."""
    from .segment import warm  # noqa: PLC0415 - loaded by _load_pipeline

    warm(texts)


def parse(path: str | Path, *, unit: int | None = None, pdf_engine: str = "pypdfium2", jobs: int = 1,
          pages: range | None = None, limits: Limits = DEFAULT_LIMITS, recursive: bool = False,
          crawl: bool = False, body: str | None = None, year: int | None = None,
          kind: str | None = None) -> Document:
    """Parse a budget document (text, PDF, HTML page, folder of saved pages or URL) into a Document.

    `unit` is the multiplier to euros (e.g. 1000) for tables that state none; `pages` (1-based,
    contiguous, PDF only) reads part of a long PDF, with the pages' own numbers in provenance;
    `limits` bounds what a hostile input may cost (file size, pages, time, memory; see `Limits`).
    A folder of saved web pages is one document (`recursive`: with its sub-folders); a `str` starting
    with http:// or https:// is fetched (`crawl`: with the pages it links to within its document).
    `body` ("gemeente Zeist", "Omgevingsdienst Haaglanden"), `year` and `kind` (begroting,
    jaarrekening, ...) override what the document's cover and text reveal.
    Raises SourceError when the file cannot be read; problems in the data become diagnostics.
    """
    overrides = _overrides(body, year, kind)
    if unit is not None and unit <= 0:
        raise UsageError(f"--unit must be a positive multiplier such as 1000, not {unit}")
    if pdf_engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {pdf_engine!r}; choose one of {', '.join(PDF_ENGINES)}")
    with gc_paused():
        read = [read_source(path, engine=pdf_engine, jobs=jobs, pages=pages, meanwhile=_load_pipeline,
                            on_text=_warm_segmenter, limits=limits, recursive=recursive, crawl=crawl)]
        from .pipeline import build_document  # noqa: PLC0415 - loaded by _load_pipeline

        # Handed over, not kept here: build_document then frees the line stream once it has read it.
        return build_document(read.pop(), unit=unit, overrides=overrides, consume=True)


def explain(path: str | Path, *, page: int | None = None, table: int | None = None, unit: int | None = None,
            pdf_engine: str = "pypdfium2", jobs: int = 1, limits: Limits = DEFAULT_LIMITS) -> Explanation:
    """Every table's competing readings with their scores and evidence, and the runs of figures left outside
    every table (what `begroting explain` prints).

    `page` keeps the tables (and figures outside them) on that page (1-based); `table` then keeps the K-th
    table of those (1-based). Raises UsageError when the selection holds no table, SourceError when the
    file cannot be read.
    """
    from .extract.parsing_report import Explanation  # noqa: PLC0415

    if unit is not None and unit <= 0:
        raise UsageError(f"--unit must be a positive multiplier such as 1000, not {unit}")
    if pdf_engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {pdf_engine!r}; choose one of {', '.join(PDF_ENGINES)}")
    with gc_paused():
        src = read_source(path, engine=pdf_engine, jobs=jobs, meanwhile=_load_pipeline, limits=limits)
        from .pipeline import build_document  # noqa: PLC0415 - loaded by _load_pipeline

        found: list[TableExplanation] = []
        doc = build_document(src, unit=unit, explain=found)
    outside = [d for d in doc.diagnostics if d.code == "figures-outside-table"]
    if page is not None:
        found = [t for t in found if t.page == page]
        outside = [d for d in outside if d.location.page == page]
        if not found:
            raise UsageError(f"--page {page}: no table starts on that page" + ("" if src.pages else
                             " (the document has no pages: leave --page out)"))
    if table is not None:
        if not 1 <= table <= len(found):
            raise UsageError(f"--table {table}: there are {len(found)} table(s)"
                             + (f" on page {page}" if page is not None else "") + f"; choose 1-{len(found)}"
                             if found else "--table: the document has no tables")
        found = [found[table - 1]]
        outside = []
    return Explanation(found, outside)


def _overrides(body: str | None, year: int | None, kind: str | None):  # noqa: ANN202 - Overrides, loaded late
    if body is None and year is None and kind is None:
        return None
    from .extract.metadata import Overrides  # noqa: PLC0415
    from .models import DocumentKind  # noqa: PLC0415

    if year is not None and not 1800 <= year <= 2200:
        raise UsageError(f"--year takes a year such as 2025, not {year}")
    if body is not None and not body.strip():
        raise UsageError("--body takes a name such as 'gemeente Zeist', not an empty text")
    try:
        doc_kind = DocumentKind(kind.lower()) if kind is not None else None
    except ValueError:
        raise UsageError(f"--kind takes one of {', '.join(k.value for k in DocumentKind)}, not {kind!r}") from None
    return Overrides(body=body, year=year, kind=doc_kind)


def parse_text(text: str, *, name: str = "<text>", unit: int | None = None, body: str | None = None,
               year: int | None = None, kind: str | None = None) -> Document:
    """Parse text held in memory (tests, notebooks)."""
    overrides = _overrides(body, year, kind)
    data = text.encode("utf-8")
    decoded, notes = decode_text(data, name)
    lines = [Line(number=i, text=s) for i, s in enumerate(split_lines(decoded), start=1)]
    src = SourceDocument(name=name, sha256=hashlib.sha256(data).hexdigest(), format=Format.TEXT, lines=lines,
                         notes=notes)
    from .pipeline import build_document  # noqa: PLC0415

    return build_document(src, unit=unit, overrides=overrides)


def parse_html_text(markup: str, *, name: str = "<html>", unit: int | None = None) -> Document:
    """Parse a web page held in memory (tests, notebooks, pages fetched by the caller)."""
    from .pipeline import build_document  # noqa: PLC0415
    from .sources.html import HtmlPage, read_html_pages  # noqa: PLC0415

    return build_document(read_html_pages([HtmlPage(name, markup.encode("utf-8"))], name=name), unit=unit)


def page_range(text: str) -> range:
    """"15-20" or "7" (1-based, inclusive) -> range; what `--pages` takes."""
    first, sep, last = text.strip().partition("-")
    try:
        a = int(first)
        b = int(last) if sep else a
    except ValueError:
        raise UsageError(f"--pages takes a page or a range such as 15-20, not {text!r}") from None
    if a < 1 or b < a:
        raise UsageError(f"--pages {text}: pages count from 1 and a range runs upwards")
    return range(a, b + 1)


def load_document(path: str | Path, *, unit: int | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """A source document (text or PDF, parsed), or JSON / YAML written by `begroting parse` (by suffix)."""
    from .checks import load_document_json, load_document_yaml  # noqa: PLC0415 - the checks load the model

    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_document_yaml(path, limits=limits)
    if path.suffix.lower() != ".json":
        return parse(path, unit=unit, limits=limits)
    return load_document_json(path, limits=limits)


def validate(doc_or_path: Document | str | Path, *, unit: int | None = None, file: str | None = None,
             allow_unchecked: bool = False) -> Report:
    """Validate a Document, or the document at a path (text, PDF, or JSON from `begroting parse`).

    Returns a Report: `report.valid`, `report.findings` (each with location, expected and printed figure and
    tolerance) and `report.relations` (every relation checked). Raises SourceError for unreadable input.
    """
    from .checks import validate_document  # noqa: PLC0415
    from .models import Document  # noqa: PLC0415
    from .report import Report  # noqa: PLC0415

    if isinstance(doc_or_path, Document):
        doc = doc_or_path
    else:
        doc = load_document(doc_or_path, unit=unit)
        file = file or str(doc_or_path)
    return Report.of([validate_document(doc, file=file, allow_unchecked=allow_unchecked)])


def diff(old: str | Path | Document, new: str | Path | Document, *, unit: int | None = None,
         threshold: str | Threshold | None = None, jobs: int = 1) -> DocumentDiff:
    """Compare two documents: paths to sources (text, PDF) or to JSON from `begroting parse`, or Documents.

    `unit` is the multiplier to euros for tables that state none (source documents only); `threshold`
    is `5%` or an amount in euros (`1000`) a changed figure must exceed to be reported; `jobs` the
    processes for reading PDF pages. Raises SourceError for unreadable input, UsageError for a bad threshold.
    """
    from .checks import load_document_json  # noqa: PLC0415 - the checks load the model
    from .diffing import diff_documents  # noqa: PLC0415
    from .diffing.threshold import NONE, Threshold  # noqa: PLC0415
    from .models import Document  # noqa: PLC0415

    limit = Threshold.parse(threshold) if isinstance(threshold, str) else threshold or NONE
    docs = []
    for side in (old, new):
        if isinstance(side, Document):
            docs.append((side, None))
        elif Path(side).suffix.lower() == ".json":
            docs.append((load_document_json(Path(side)), str(side)))
        else:
            docs.append((parse(side, unit=unit, jobs=jobs), str(side)))
    (a, fa), (b, fb) = docs
    return diff_documents(a, b, threshold=limit, old_file=fa, new_file=fb)


__all__ = ["PDF_ENGINES", "diff", "explain", "load_document", "page_range", "parse", "parse_html_text", "parse_text", "validate"]
