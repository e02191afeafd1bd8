"""Deterministic output: JSON, YAML, and the tidy long table (CSV / JSON lines)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import yaml

from .extract.tables import subrow_scenario
from .models import BudgetComparison, Document, FinancialTable, IndicatorTable, ItemList, Value

TIDY_COLUMNS = ["source", "element", "title", "row", "subrow", "column", "year", "scenario", "value", "unit", "raw",
                "status", "page", "line"]


def to_json(doc: Document) -> str:
    return doc.model_dump_json(indent=2) + "\n"


def to_yaml(doc: Document) -> str:
    data = json.loads(doc.model_dump_json())
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def _num(v: Decimal | None) -> str:
    if v is None:
        return ""
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), "f")


def _cell(doc: Document, element: str, title: str, row: str, subrow: str | None, column: str, year: int | None,
          scenario: str | None, v: Value) -> dict[str, str]:
    return {"source": doc.source.name, "element": element, "title": title, "row": row, "subrow": subrow or "",
            "column": column, "year": str(year) if year else "", "scenario": scenario or "", "value": _num(v.value),
            "unit": v.unit if v.value is not None else "", "raw": v.raw, "status": v.status.value,
            "page": str(v.provenance.page) if v.provenance.page else "", "line": str(v.provenance.line)}


def tidy_rows(doc: Document) -> list[dict[str, str]]:
    """One row per value, in the column order of TIDY_COLUMNS (the documented contract)."""
    out: list[dict[str, str]] = []
    for el in doc.elements:
        if isinstance(el, FinancialTable):
            for row in el.rows:
                for col, v in zip(el.columns, row.values):
                    out.append(_cell(doc, "financial_table", el.title, row.group or row.label,
                                     row.label if row.group else None, col.label, col.year,
                                     col.scenario.value if col.scenario else None, v))
        elif isinstance(el, IndicatorTable):
            for row in el.rows:
                sub_scn = subrow_scenario(row.subrow)
                for col, v in zip(el.columns, row.values):
                    scn = sub_scn or col.scenario
                    sub = row.subrow
                    if v.part:
                        sub = f"{sub} / {v.part}" if sub else v.part
                    out.append(_cell(doc, "indicator_table", el.title, row.indicator, sub, col.label, col.year,
                                     scn.value if scn else None, v))
        elif isinstance(el, BudgetComparison):
            generic = el.title.lower().startswith("begroot")
            for item in el.items:
                row = (item.label or el.title) if generic else el.title
                sub = None if generic else item.label
                for name, scn, v in (("begroot", "begroting", item.begroot), ("realisatie", "realisatie", item.realisatie),
                                     ("afwijking", "verschil", item.afwijking),
                                     ("afwijking %", "percentage", item.percentage)):
                    if v is not None:
                        out.append(_cell(doc, "budget_comparison", el.title, row, sub, name, el.year, scn, v))
        elif isinstance(el, ItemList):
            title = " / ".join([*el.heading_path[-1:], el.heading] if el.heading_path[-1:] != [el.heading]
                               else [el.heading])
            for item in el.items:
                out.append({"source": doc.source.name, "element": "list", "title": title, "row": item.text,
                            "subrow": item.group or "", "column": "", "year": "", "scenario": "", "value": "",
                            "unit": "", "raw": item.text, "status": "ok",
                            "page": str(item.provenance.page) if item.provenance.page else "",
                            "line": str(item.provenance.line)})
    return out


def to_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=TIDY_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def to_jsonl(rows: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
