"""The library façade: what scripts call and what the CLI is a thin layer over."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .emit import tidy_rows
from .errors import UsageError
from .models import Document
from .pipeline import build_document
from .sources import read_source
from .sources.text import decode_text
from .stream import Format, Line, SourceDocument

PDF_ENGINES = ("pypdfium2", "pdfplumber")


def parse(path: str | Path, *, unit: int | None = None, pdf_engine: str = "pypdfium2", jobs: int = 1) -> Document:
    """Parse a budget document (text or PDF) into a Document.

    `unit` is the multiplier to euros (e.g. 1000) for tables that state none. Raises SourceError
    when the file cannot be read; problems in the data become diagnostics on the Document.
    """
    if unit is not None and unit <= 0:
        raise UsageError(f"--unit must be a positive multiplier such as 1000, not {unit}")
    if pdf_engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {pdf_engine!r}; choose one of {', '.join(PDF_ENGINES)}")
    src = read_source(path, engine=pdf_engine, jobs=jobs)
    return build_document(src, unit=unit)


def parse_text(text: str, *, name: str = "<text>", unit: int | None = None) -> Document:
    """Parse text held in memory (tests, notebooks)."""
    data = text.encode("utf-8")
    decoded, notes = decode_text(data, name)
    from .sources.text import split_lines  # noqa: PLC0415

    lines = [Line(number=i, text=s) for i, s in enumerate(split_lines(decoded), start=1)]
    src = SourceDocument(name=name, sha256=hashlib.sha256(data).hexdigest(), format=Format.TEXT, lines=lines,
                         notes=notes)
    return build_document(src, unit=unit)


__all__ = ["parse", "parse_text", "tidy_rows"]
