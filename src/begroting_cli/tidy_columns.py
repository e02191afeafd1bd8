"""The tidy table's column names, apart from `tidy.py` so that reading them loads no document model."""

from __future__ import annotations

# The first fourteen are the original contract (scorer and scripts read them by name); new columns follow.
BASE_COLUMNS = ["source", "element", "title", "row", "subrow", "column", "year", "scenario", "value", "unit", "raw",
                "status", "page", "line"]
TIDY_COLUMNS = [*BASE_COLUMNS, "table", "row_index", "part", "total", "sum_of", "body", "document_kind",
                "document_year", "unit_source"]

__all__ = ["BASE_COLUMNS", "TIDY_COLUMNS"]
