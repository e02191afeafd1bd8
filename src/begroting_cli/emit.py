"""Deterministic output: JSON, YAML, and the tidy long table as CSV or JSON lines.

The tidy rows themselves come from `tidy.py`; spreadsheet and columnar formats live in `emit_tabular.py`.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import yaml

from .models import Document
from .tidy import TIDY_COLUMNS, exact_number, text_row, tidy_rows

__all__ = ["TIDY_COLUMNS", "compact_json", "tidy_rows", "to_csv", "to_json", "to_jsonl", "to_yaml"]


def to_json(doc: Document, *, compact: bool = False) -> str:
    """The document model as JSON; `compact` leaves out keys whose value is null (`parse --compact`)."""
    if compact:
        return compact_json(doc)
    return doc.model_dump_json(indent=2) + "\n"


def compact_json(doc: Document) -> str:
    return doc.model_dump_json(indent=2, exclude_none=True) + "\n"


def to_yaml(doc: Document, *, compact: bool = False) -> str:
    data = json.loads(doc.model_dump_json(exclude_none=compact))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def to_csv(rows: list[dict[str, Any]], *, excel: bool = False) -> str:
    """The tidy rows as CSV (typed or already text). `excel`: `;` as separator and a BOM, so that a Dutch
    spreadsheet opens the file in columns with its accents intact."""
    buf = io.StringIO()
    if excel:
        buf.write("\ufeff")
    w = csv.DictWriter(buf, fieldnames=TIDY_COLUMNS, lineterminator="\r\n" if excel else "\n",
                       delimiter=";" if excel else ",", extrasaction="ignore")
    w.writeheader()
    w.writerows(text_row(r) for r in rows)
    return buf.getvalue()


def _json_cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return exact_number(value)  # a JSON number written exactly; read it with parse_float=Decimal
    return json.dumps(value, ensure_ascii=False)


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    """One JSON object per line with types kept: numbers for year/page/line, exact numbers for value
    (`json.loads(line, parse_float=Decimal)` gives the Decimal back), booleans for total, lists for sum_of."""
    return "".join("{" + ", ".join(f"{json.dumps(k)}: {_json_cell(r.get(k))}" for k in TIDY_COLUMNS) + "}\n"
                   for r in rows)
