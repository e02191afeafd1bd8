"""The tidy long table: one typed row per value, so that a `groupby` gives right answers.

Every row says which table it belongs to (`table`, the element's index in `Document.elements`, the
same number diagnostics give as `location.element`), which row of that table (`row_index`), the
part (Lasten / Baten / Saldo, from the column or the row) and whether the row is a total or subtotal
(`total`, with `sum_of`: the `row_index` values it adds up). Summing the rows with `total` false
counts every figure once.

`tidy_rows` keeps types (int year/page/line, Decimal value, bool total); `text_row` gives the string
form that the CSV writes (and that the shared scorer reads by column name).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .relations import is_total_label, label_kind
from .extract.tables import subrow_scenario
from .models import BudgetComparison, Document, FinancialRow, FinancialTable, IndicatorTable, ItemList, Unit, Value
from .lexicon import PART_NAMES as PART_WORDS
from .tidy_columns import BASE_COLUMNS, TIDY_COLUMNS


_WORD = re.compile(r"[a-z]+")


def normalise_part(text: str | None) -> str:
    """'Lasten', 'Totaal lasten', 'Uitgaven', 'Saldo van baten en lasten' -> Lasten / Baten / Saldo; else ''."""
    if not text:
        return ""
    words = _WORD.findall(text.lower())
    if not words:
        return ""
    if words[0] in PART_WORDS:
        return PART_WORDS[words[0]]
    kind = label_kind(text)  # 'Totaal lasten', 'Onttrekkingen aan reserves (baten)'
    if kind:
        return PART_WORDS[kind]
    if words[0] in ("totaal", "totale", "subtotaal") and len(words) == 2 and words[1] in PART_WORDS:
        return PART_WORDS[words[1]]
    return ""


def _is_total(row: FinancialRow) -> bool:
    """A total or subtotal: its figures add up other rows (evidence), or its label says Totaal / Saldo van ...

    A bare part label ('Lasten', 'Saldo' under a programme) is a part of its group, not a total.
    """
    if row.sum_of:
        return True
    words = _WORD.findall(row.label.lower())
    if len(words) == 1 and words[0] in PART_WORDS:
        return False
    return is_total_label(row.label)


def _unit_source(unit: Unit | None, v: Value) -> str:
    return unit.source if unit is not None and v.unit == "EUR" and v.value is not None else ""


def _cell(doc: Document, element: str, title: str, row: str, subrow: str | None, column: str, year: int | None,
          scenario: str | None, v: Value, *, table: int, row_index: int, part: str, total: bool = False,
          sum_of: list[int] | None = None, unit: Unit | None = None) -> dict[str, Any]:
    return {"source": doc.source.name, "element": element, "title": title, "row": row, "subrow": subrow or "",
            "column": column, "year": year or None, "scenario": scenario or "",
            "value": v.value, "unit": v.unit if v.value is not None else "", "raw": v.raw, "status": v.status.value,
            "page": v.provenance.page or None, "line": v.provenance.line,
            "table": table, "row_index": row_index, "part": part, "total": total, "sum_of": list(sum_of or []),
            "body": doc.gemeente or "",  # the gemeente until the model has a body of its own
            "document_kind": doc.document_kind.value if doc.document_kind else "",
            "document_year": doc.year, "unit_source": _unit_source(unit, v)}


def _financial(doc: Document, i: int, el: FinancialTable) -> list[dict[str, Any]]:
    out = []
    section_part = ""  # a caption row 'Lasten' / 'Baten' gives its part to the rows under it
    for r, row in enumerate(el.rows):
        if row.section:
            section_part = normalise_part(row.label)
        row_part = normalise_part(row.label) or section_part
        total = _is_total(row)
        for col, v in zip(el.columns, row.values):
            part = normalise_part(col.part) or row_part
            out.append(_cell(doc, "financial_table", el.title, row.group or row.label,
                             row.label if row.group else None, col.label, col.year,
                             col.scenario.value if col.scenario else None, v, table=i, row_index=r, part=part,
                             total=total, sum_of=row.sum_of, unit=el.unit))
    return out


def _indicators(doc: Document, i: int, el: IndicatorTable) -> list[dict[str, Any]]:
    out = []
    for r, row in enumerate(el.rows):
        sub_scn = subrow_scenario(row.subrow)
        for col, v in zip(el.columns, row.values):
            scn = sub_scn or col.scenario
            sub = row.subrow
            if v.part:
                sub = f"{sub} / {v.part}" if sub else v.part
            out.append(_cell(doc, "indicator_table", el.title, row.indicator, sub, col.label, col.year,
                             scn.value if scn else None, v, table=i, row_index=r, part=""))
    return out


def _comparison(doc: Document, i: int, el: BudgetComparison) -> list[dict[str, Any]]:
    out = []
    generic = el.title.lower().startswith("begroot")
    for r, item in enumerate(el.items):
        row = (item.label or el.title) if generic else el.title
        sub = None if generic else item.label
        for name, scn, v in (("begroot", "begroting", item.begroot), ("realisatie", "realisatie", item.realisatie),
                             ("afwijking", "verschil", item.afwijking),
                             ("afwijking %", "percentage", item.percentage)):
            if v is not None:
                out.append(_cell(doc, "budget_comparison", el.title, row, sub, name, el.year, scn, v, table=i,
                                 row_index=r, part=normalise_part(item.label), unit=el.unit))
    return out


def _list_title(el: ItemList) -> str:
    """The section heading, the list's own heading and its lead-in: the title path below the section."""
    path = el.title_path or [*el.heading_path, *([el.heading] if el.heading_path[-1:] != [el.heading] else [])]
    own = path[len(el.heading_path):] if path[:len(el.heading_path)] == el.heading_path else path
    return " / ".join([*el.heading_path[-1:], *own] or [el.heading])


def _list(doc: Document, i: int, el: ItemList) -> list[dict[str, Any]]:
    title = _list_title(el)
    out = []
    for r, item in enumerate(el.items):
        v = Value(raw=item.text, status="ok", provenance=item.provenance)
        out.append(_cell(doc, "list", title, item.text, item.group, "", None, None, v, table=i, row_index=r,
                         part=""))
    return out


def tidy_rows(doc: Document) -> list[dict[str, Any]]:
    """One typed row per value, keys in the order of TIDY_COLUMNS (the documented contract)."""
    out: list[dict[str, Any]] = []
    for i, el in enumerate(doc.elements):
        if isinstance(el, FinancialTable):
            out += _financial(doc, i, el)
        elif isinstance(el, IndicatorTable):
            out += _indicators(doc, i, el)
        elif isinstance(el, BudgetComparison):
            out += _comparison(doc, i, el)
        elif isinstance(el, ItemList):
            out += _list(doc, i, el)
    return out


def exact_number(v: Decimal | None) -> str:
    """A Decimal as plain text: '1234000', '12.5' (never an exponent, never a float); '' for none."""
    if v is None:
        return ""
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), "f")


def text_cell(key: str, value: Any) -> str:
    """One typed cell in its CSV form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return exact_number(value)
    if isinstance(value, list):
        return " ".join(str(x) for x in value)
    return str(value)


def text_row(row: dict[str, Any]) -> dict[str, str]:
    """The CSV form of a typed row: empty for none, exact decimals, `true`/`false`, `sum_of` space-separated."""
    return {k: text_cell(k, v) for k, v in row.items()}


__all__ = ["BASE_COLUMNS", "PART_WORDS", "TIDY_COLUMNS", "exact_number", "normalise_part", "text_row", "tidy_rows"]
