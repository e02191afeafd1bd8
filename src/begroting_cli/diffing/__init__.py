"""Compare two budget documents: years (begroting 2024 / 2025), kinds (begroting / jaarrekening of one
year) or versions (a voorjaarsnota and the begroting it amends).

    >>> from begroting_cli import diff
    >>> result = diff("begroting-2024.pdf", "begroting-2025.pdf")   # doctest: +SKIP
    >>> [c.kind for t in result.tables for c in t.changes]           # doctest: +SKIP

Modules: `labels` (normalised labels and their similarity), `assign` (scored one-to-one assignment),
`grids` (every figure-bearing element as one shape), `matching` (elements, columns, rows, list items),
`compare` (the result), `model` (its pydantic types), `render` (text, json, csv), `settings` (weights).
"""

from __future__ import annotations

from pathlib import Path

from ..models import Document
from .compare import diff_documents
from .model import DocumentDiff
from .threshold import NONE, Threshold


def diff(old: str | Path | Document, new: str | Path | Document, *, unit: int | None = None,
         threshold: str | Threshold | None = None, jobs: int = 1) -> DocumentDiff:
    """Compare two documents: paths to sources (text, PDF) or to JSON from `begroting parse`, or Documents.

    `unit` is the multiplier to euros for tables that state none (source documents only); `threshold`
    is `5%` or an amount in euros (`1000`) a changed figure must exceed to be reported; `jobs` the
    processes for reading PDF pages. Raises SourceError for unreadable input, UsageError for a bad threshold.
    """
    limit = Threshold.parse(threshold) if isinstance(threshold, str) else threshold or NONE
    docs = []
    for side in (old, new):
        if isinstance(side, Document):
            docs.append((side, None))
        elif Path(side).suffix.lower() == ".json":
            from ..checks import load_document_json  # noqa: PLC0415 - the checks load the model

            docs.append((load_document_json(Path(side)), str(side)))
        else:
            from ..api import parse  # noqa: PLC0415

            docs.append((parse(side, unit=unit, jobs=jobs), str(side)))
    (a, fa), (b, fb) = docs
    return diff_documents(a, b, threshold=limit, old_file=fa, new_file=fb)


__all__ = ["DocumentDiff", "Threshold", "diff", "diff_documents"]
