"""An HTML `<table>` -> a full rectangular grid of cell texts, spans expanded, header rows marked.

Why: the cells of a web table are exact (no gap guessing as in PDF or flattened text), but only once
`colspan` / `rowspan` are expanded: a year group over Lasten / Baten / Saldo then names all three
columns, and a label spanning its Lasten / Baten / Saldo rows stands beside each of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import Tag

# Spans beyond these are typos or attacks (colspan="100000"); browsers cap them the same way.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
MAX_GRID_CELLS = 2_000_000


@dataclass(frozen=True, slots=True)
class GridCell:
    """One position of the grid; `col_copy` / `row_copy` mark the copies a colspan / rowspan makes."""

    text: str
    header: bool
    col_copy: bool = False
    row_copy: bool = False
    source_line: int | None = None


@dataclass(slots=True)
class Grid:
    """Rows of equal width; `header_rows` counts the leading rows marked as header (thead / all th)."""

    rows: list[list[GridCell]]
    header_rows: int
    source_lines: list[int | None]

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def table_rows(table: Tag) -> Iterator[tuple[Tag, bool]]:
    """The table's own rows (not those of tables nested in its cells), with "in thead"."""
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            yield child, False
        elif child.name in ("thead", "tbody", "tfoot"):
            for tr in child.children:
                if isinstance(tr, Tag) and tr.name == "tr":
                    yield tr, child.name == "thead"


def build_grid(rows: list[tuple[list[tuple[str, bool, int, int, int | None]], bool, int | None]]) -> Grid:
    """Rows of (text, is_th, colspan, rowspan, source line) cells -> the expanded grid.

    `rowspan=0` means "to the end of the row group" (HTML); here: to the last row. A row is a
    header row when it sits in `<thead>` or all its own cells are `<th>`; only a leading run of such
    rows counts as the header (a `<th>` row label further down is not a header).
    """
    pending: dict[int, tuple[GridCell, int]] = {}  # column -> (cell, rows still to cover)
    out: list[list[GridCell | None]] = []
    kinds: list[bool] = []
    lines: list[int | None] = []
    cells_made = 0
    total_rows = len(rows)
    for r, (cells, in_head, line) in enumerate(rows):
        row: list[GridCell | None] = []
        col = 0

        def fill_pending() -> None:
            nonlocal col
            while col in pending:
                cell, left = pending[col]
                row.append(GridCell(cell.text, cell.header, cell.col_copy, True, cell.source_line))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
                col += 1

        fill_pending()
        for text, is_th, colspan, rowspan, src in cells:
            fill_pending()
            down = (total_rows - r) if rowspan == 0 else rowspan
            for k in range(colspan):
                cell = GridCell(text, is_th or in_head, k > 0, False, src)
                row.append(cell)
                if down > 1:
                    pending[col] = (cell, down - 1)
                col += 1
                cells_made += 1
                if cells_made > MAX_GRID_CELLS:
                    raise ValueError(f"table larger than {MAX_GRID_CELLS} cells")
        fill_pending()
        # Spans reaching past the row's last cell still occupy their columns.
        while pending and col <= max(pending):
            if col in pending:
                fill_pending()
            else:
                row.append(None)
                col += 1
        out.append(row)
        kinds.append(in_head or (bool(cells) and all(is_th for _, is_th, *_ in cells)))
        lines.append(line)
    width = max((len(r) for r in out), default=0)
    grid = [[c if c is not None else GridCell("", False) for c in row]
            + [GridCell("", False)] * (width - len(row)) for row in out]
    header = 0
    while header < len(kinds) and kinds[header]:
        header += 1
    return Grid(grid, header, lines)
