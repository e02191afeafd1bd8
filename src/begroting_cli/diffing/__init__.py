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

from .compare import diff_documents
from .model import DocumentDiff
from .threshold import Threshold


__all__ = ["DocumentDiff", "Threshold", "diff_documents"]
