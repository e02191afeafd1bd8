"""A table read from PDF geometry (`pdf_grid.Grid`) -> the raw form every table builder takes.

Columns come from header words placed by position, so they go in as `x_columns`; the band edges
go in as `header_right`, which places the amounts of rows with empty cells. Label parts: a code
or sign column (`1a.`, `(+)`, `P3`) is kept as the row's number, the name is the label; a name
with a Lasten/Baten/Saldo part beside it keeps both, for the group reading of `resolve_labels`.
"""

from __future__ import annotations

import re

from ..segment import Block
from .pdf_grid import Grid
from .rawform import RawRow, RawTable, RawValue

_CODE_PART = re.compile(r"^(?:\(?[+\-\u2013]\)?|\(?[A-Za-z]{0,2}\d{1,3}(?:[.,]\d{1,3})*[a-z]?[.)]?|[a-z][.)]|[IVX]{1,4}\.)$")


def label_parts(parts: list[str]) -> tuple[list[str], str | None]:
    """(labels, number): code and sign cells are the number, the text cells are the label."""
    codes = [p for p in parts if _CODE_PART.match(p.strip())]
    names = [p for p in parts if not _CODE_PART.match(p.strip())]
    if not names:
        return [" ".join(parts)] if parts else [], None
    return names, " ".join(codes) or None


def grid_table(block: Block) -> RawTable:
    grid: Grid = block.data["pdf_grid"]
    rows: list[RawRow] = []
    for r in grid.rows:
        labels, number = label_parts(r.labels)
        if r.section:
            rows.append(RawRow([" ".join(r.labels)], [], r.line, section=True))
            continue
        if len(labels) > 2:
            labels = [" ".join(labels)]
        rows.append(RawRow(labels or [""], [RawValue(v, r.line, x1) for v, x1 in r.values], r.line, number=number))
    by_number = {ln.number - 1: ln for ln in block.lines}
    unit_lines = [by_number[i].text for i in grid.unit_lines if i in by_number]
    header_cells = [by_number[i].text for i in grid.header if i in by_number]
    return RawTable("rows", header_cells, corner=list(grid.corner), unit_lines=unit_lines, rows=rows,
                    block=block, x_columns=list(grid.columns), header_right=list(grid.right))
