"""Every figure-bearing element as one shape, a grid: columns with (scenario, year, part), rows with a
label and sub-label, a value per cell. Financial tables, indicator tables and begroot/realisatie
blocks are then matched and compared by the same code."""

from __future__ import annotations

from dataclasses import dataclass

from ..extract.tables import subrow_scenario
from ..models import BudgetComparison, Document, FinancialTable, IndicatorTable, Value
from . import labels
from .labels import Label


@dataclass(frozen=True)
class GridColumn:
    label: str
    scenario: str | None
    year: int | None
    part: str | None


@dataclass(frozen=True)
class GridRow:
    label: str
    sub: str | None
    cells: tuple[Value | None, ...]
    scenario: str | None = None  # a sub-row that names the scenario (Mijlpaal, Realisatie) overrides the column's

    @property
    def key(self) -> Label:
        return labels.label(self.label)

    @property
    def sub_key(self) -> Label:
        return labels.label(self.sub or "")

    @property
    def page(self) -> int | None:
        return next((c.provenance.page for c in self.cells if c is not None), None)


@dataclass(frozen=True)
class Grid:
    element: str  # financial_table / indicator_table / budget_comparison
    index: int  # position among the document's elements
    title: str
    heading_path: tuple[str, ...]
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    page: int | None
    line: int | None
    scale: int | None = None  # a financial table's unit multiplier (1000 for 'x € 1.000'); None: not stated

    @property
    def title_key(self) -> Label:
        return labels.title(self.title)


def _scenario(value: object) -> str | None:
    return getattr(value, "value", None) if value is not None else None


def _financial(i: int, el: FinancialTable) -> Grid:
    cols = tuple(GridColumn(c.label, _scenario(c.scenario), c.year, c.part) for c in el.columns)
    rows = tuple(GridRow(r.group or r.label, r.label if r.group else None,
                         tuple(r.values[k] if k < len(r.values) else None for k in range(len(cols))))
                 for r in el.rows if not r.section and r.values)
    return _grid("financial_table", i, el.title, el.heading_path, cols, rows, el.lines,
                 el.unit.multiplier if el.unit else None)


def _indicators(i: int, el: IndicatorTable) -> Grid:
    cols = tuple(GridColumn(c.label, _scenario(c.scenario), c.year, c.part) for c in el.columns)
    rows = tuple(GridRow(r.indicator, r.subrow, tuple(r.values[k] if k < len(r.values) else None
                                                      for k in range(len(cols))),
                         _scenario(subrow_scenario(r.subrow)))
                 for r in el.rows if r.values)
    return _grid("indicator_table", i, el.title, el.heading_path, cols, rows, el.lines)


_COMPARISON = (("begroot", "begroting"), ("realisatie", "realisatie"), ("afwijking", "verschil"),
               ("percentage", "percentage"))


def _comparison(i: int, el: BudgetComparison) -> Grid:
    cols = tuple(GridColumn(name, scn, el.year, None) for name, scn in _COMPARISON)
    rows = tuple(GridRow(item.label or el.title, None, tuple(getattr(item, name) for name, _ in _COMPARISON))
                 for item in el.items)
    return _grid("budget_comparison", i, el.title, el.heading_path, cols, rows, el.lines)


def _grid(kind: str, i: int, title: str, path: list[str], cols: tuple[GridColumn, ...], rows: tuple[GridRow, ...],
          lines: list[int], scale: int | None = None) -> Grid:
    page = next((r.page for r in rows if r.page is not None), None)
    return Grid(kind, i, title, tuple(path), cols, rows, page, lines[0] if lines else None, scale)


def grids(doc: Document) -> list[Grid]:
    """The figure-bearing elements of a document in reading order."""
    out: list[Grid] = []
    for i, el in enumerate(doc.elements):
        if isinstance(el, FinancialTable):
            out.append(_financial(i, el))
        elif isinstance(el, IndicatorTable):
            out.append(_indicators(i, el))
        elif isinstance(el, BudgetComparison):
            out.append(_comparison(i, el))
    return [g for g in out if g.rows]
