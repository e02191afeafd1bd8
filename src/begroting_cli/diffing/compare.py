"""Two documents compared: match their elements, then report what moved, vanished, appeared or changed."""

from __future__ import annotations

from decimal import Decimal

from ..version import __version__
from ..models import Document, ItemList, Value
from . import settings
from .grids import Grid, GridColumn, GridRow, grids
from .matching import (also_columns, item_similarity, match_columns, match_grids, match_items, match_lists,
                       match_rows, renamed, row_similarity, transition)
from .model import (ColumnPair, DiffCounts, DocumentDiff, DocumentRef, Figure, FigureChange, ItemChange, ListDiff,
                    Place, RowChange, TableDiff)
from .threshold import NONE, Threshold

_RELATIVE = Decimal("0.0001")


def _ref(doc: Document, file: str | None) -> DocumentRef:
    return DocumentRef(file=file or doc.source.name, name=doc.source.name, sha256=doc.source.sha256,
                       gemeente=doc.gemeente, document_kind=doc.document_kind.value if doc.document_kind else None,
                       year=doc.year)


def _place(g: Grid) -> Place:
    return Place(element=g.index, title=g.title, heading_path=list(g.heading_path), page=g.page, line=g.line)


def _list_place(index: int, el: ItemList) -> Place:
    first = el.items[0].provenance if el.items else None
    return Place(element=index, title=el.heading, heading_path=list(el.heading_path),
                 page=first.page if first else None, line=el.lines[0] if el.lines else None)


def _kind(old: GridColumn, new: GridColumn, row_scenarios: tuple[str | None, str | None]) -> str:
    a, b = row_scenarios[0] or old.scenario, row_scenarios[1] or new.scenario
    if a is None or b is None or old.year is None or new.year is None:
        return "changed"
    if a == b:
        return "restated"
    if b == "realisatie":
        return "realised"
    order = settings.SCENARIO_ORDER
    return "revised" if a in order and b in order else "changed"


def _figure(col: GridColumn, scenario: str | None, v: Value | None) -> Figure:
    if v is None:
        return Figure(column=col.label, scenario=scenario, raw="", status="empty")
    return Figure(column=col.label, scenario=scenario, raw=v.raw, value=v.value, status=v.status.value,
                  page=v.provenance.page, line=v.provenance.line)


def _printed(v: Value | None, scale: int | None) -> Decimal | None:
    """The figure in euros, or as printed (value / scale) when the two tables' units disagree."""
    if v is None or v.value is None:
        return None
    return v.value / scale if scale and v.unit == "EUR" else v.value


def _differs(u: Value | None, v: Value | None, su: int | None, sv: int | None) -> bool:
    if u is None or v is None:
        return (u is None) != (v is None) and (u or v).value is not None  # type: ignore[union-attr]
    if u.value is not None or v.value is not None:
        return _printed(u, su) != _printed(v, sv)
    return u.status != v.status


def _change(x: GridRow, y: GridRow, cx: GridColumn, cy: GridColumn, u: Value | None, v: Value | None,
            scales: tuple[int | None, int | None]) -> FigureChange:
    delta = relative = None
    a, b = _printed(u, scales[0]), _printed(v, scales[1])
    if a is not None and b is not None:
        delta = b - a
        if a != 0:
            relative = (delta / abs(a)).quantize(_RELATIVE)
    unit = (v.unit if v is not None and v.value is not None else u.unit if u is not None else "") or ""
    if scales != (None, None) and unit == "EUR":
        unit = ""
    return FigureChange(row=y.label, subrow=y.sub, old_row=x.label if x.label != y.label else None,
                        year=cy.year if cy.year is not None else cx.year,
                        part=cy.part or cx.part, kind=_kind(cx, cy, (x.scenario, y.scenario)),  # type: ignore[arg-type]
                        old=_figure(cx, x.scenario or cx.scenario, u), new=_figure(cy, y.scenario or cy.scenario, v),
                        delta=delta, relative=relative, unit=unit)


def _table_diff(a: Grid, b: Grid, score: float, threshold: Threshold) -> TableDiff:
    cols = match_columns(a, b)
    out = TableDiff(status="matched", element=a.element, score=round(score, 3),  # type: ignore[arg-type]
                    old=_place(a), new=_place(b), differs=False)
    scales: tuple[int | None, int | None] = (None, None)
    if (a.scale or 1) != (b.scale or 1):
        scales = (a.scale or 1, b.scale or 1)
        out.old_unit, out.new_unit = scales
    also = also_columns(a, b, cols)
    paired_a = {i for i, _, _ in cols + also}
    paired_b = {j for _, j, _ in cols + also}
    for k, (i, j, _) in enumerate(cols + also):
        x, y = a.columns[i], b.columns[j]
        out.columns.append(ColumnPair(status="matched", old=x.label, new=y.label, year=y.year, part=y.part or x.part,
                                      old_scenario=x.scenario, new_scenario=y.scenario,
                                      transition=transition(x.scenario, y.scenario), also=k >= len(cols)))
    for i, x in enumerate(a.columns):
        if i not in paired_a:
            out.columns.append(ColumnPair(status="removed", old=x.label, year=x.year, part=x.part,
                                          old_scenario=x.scenario))
    for j, y in enumerate(b.columns):
        if j not in paired_b:
            out.columns.append(ColumnPair(status="added", new=y.label, year=y.year, part=y.part,
                                          new_scenario=y.scenario))
    rows = match_rows(a, b, cols)
    rows_a = {i for i, _, _ in rows}
    rows_b = {j for _, j, _ in rows}
    out.rows_matched = len(rows)
    for ri, rj, _ in rows:
        x, y = a.rows[ri], b.rows[rj]
        if renamed(x, y):
            out.rows.append(RowChange(status="renamed", old_row=x.label, old_subrow=x.sub, new_row=y.label,
                                      new_subrow=y.sub, similarity=round(row_similarity(x, y), 3),
                                      old_page=x.page, new_page=y.page))
        for ci, cj, _ in cols + also:
            u, v = x.cells[ci], y.cells[cj]
            out.figures_compared += 1
            if not _differs(u, v, *scales):
                continue
            if not threshold.exceeded(_printed(u, scales[0]), _printed(v, scales[1])):
                out.below_threshold += 1
                continue
            out.changes.append(_change(x, y, a.columns[ci], b.columns[cj], u, v, scales))
    out.rows.extend(RowChange(status="removed", old_row=x.label, old_subrow=x.sub, old_page=x.page)
                    for i, x in enumerate(a.rows) if i not in rows_a)
    out.rows.extend(RowChange(status="added", new_row=y.label, new_subrow=y.sub, new_page=y.page)
                    for j, y in enumerate(b.rows) if j not in rows_b)
    out.differs = bool(out.rows or out.changes or out.old_unit or any(c.status != "matched" for c in out.columns))
    return out


def _list_diff(ia: int, a: ItemList, ib: int, b: ItemList, score: float) -> ListDiff:
    pairs = match_items(a, b)
    out = ListDiff(status="matched", score=round(score, 3), old=_list_place(ia, a), new=_list_place(ib, b),
                   differs=False, items_matched=len(pairs))
    for i, j, _ in pairs:
        x, y = a.items[i], b.items[j]
        sim = item_similarity(x.text, y.text)
        if sim < 1.0:
            out.items.append(ItemChange(status="reworded", old=x.text, new=y.text, similarity=round(sim, 3),
                                        old_page=x.provenance.page, new_page=y.provenance.page))
    used_a = {i for i, _, _ in pairs}
    used_b = {j for _, j, _ in pairs}
    out.items.extend(ItemChange(status="removed", old=x.text, old_page=x.provenance.page)
                     for i, x in enumerate(a.items) if i not in used_a)
    out.items.extend(ItemChange(status="added", new=y.text, new_page=y.provenance.page)
                     for j, y in enumerate(b.items) if j not in used_b)
    out.differs = bool(out.items)
    return out


def _lists(doc: Document) -> list[tuple[int, ItemList]]:
    return [(i, el) for i, el in enumerate(doc.elements) if isinstance(el, ItemList) and el.items]


def diff_documents(old: Document, new: Document, *, threshold: Threshold = NONE, old_file: str | None = None,
                   new_file: str | None = None) -> DocumentDiff:
    """Compare two parsed documents (the core of `begroting diff`)."""
    ga, gb = grids(old), grids(new)
    tables: list[TableDiff] = []
    pairs = match_grids(ga, gb)
    for i, j, score in pairs:
        tables.append(_table_diff(ga[i], gb[j], score, threshold))
    used_a = {i for i, _, _ in pairs}
    used_b = {j for _, j, _ in pairs}
    tables.extend(TableDiff(status="removed", element=g.element, old=_place(g), differs=True)  # type: ignore[arg-type]
                  for i, g in enumerate(ga) if i not in used_a)
    tables.extend(TableDiff(status="added", element=g.element, new=_place(g), differs=True)  # type: ignore[arg-type]
                  for j, g in enumerate(gb) if j not in used_b)

    la, lb = _lists(old), _lists(new)
    lists: list[ListDiff] = []
    lpairs = match_lists([el for _, el in la], [el for _, el in lb])
    for i, j, score in lpairs:
        lists.append(_list_diff(la[i][0], la[i][1], lb[j][0], lb[j][1], score))
    lused_a = {i for i, _, _ in lpairs}
    lused_b = {j for _, j, _ in lpairs}
    lists.extend(ListDiff(status="removed", old=_list_place(*la[i]), differs=True)
                 for i in range(len(la)) if i not in lused_a)
    lists.extend(ListDiff(status="added", new=_list_place(*lb[j]), differs=True)
                 for j in range(len(lb)) if j not in lused_b)

    counts = _counts(tables, lists)
    return DocumentDiff(tool_version=__version__, old=_ref(old, old_file), new=_ref(new, new_file),
                        threshold=str(threshold) or None, differs=any(t.differs for t in tables)
                        or any(li.differs for li in lists), counts=counts, tables=tables, lists=lists)


def _counts(tables: list[TableDiff], lists: list[ListDiff]) -> DiffCounts:
    c = DiffCounts()
    for t in tables:
        if t.status == "matched":
            c.tables_matched += 1
        elif t.status == "added":
            c.tables_added += 1
        else:
            c.tables_removed += 1
        c.columns_matched += sum(1 for x in t.columns if x.status == "matched")
        c.columns_unmatched += sum(1 for x in t.columns if x.status != "matched")
        c.rows_matched += t.rows_matched
        c.rows_renamed += sum(1 for r in t.rows if r.status == "renamed")
        c.rows_added += sum(1 for r in t.rows if r.status == "added")
        c.rows_removed += sum(1 for r in t.rows if r.status == "removed")
        c.figures_compared += t.figures_compared
        c.figures_changed += len(t.changes)
        c.restated += sum(1 for x in t.changes if x.kind == "restated")
        c.below_threshold += t.below_threshold
    for li in lists:
        if li.status == "matched":
            c.lists_matched += 1
        elif li.status == "added":
            c.lists_added += 1
        else:
            c.lists_removed += 1
        c.items_reworded += sum(1 for x in li.items if x.status == "reworded")
        c.items_added += sum(1 for x in li.items if x.status == "added")
        c.items_removed += sum(1 for x in li.items if x.status == "removed")
    return c
