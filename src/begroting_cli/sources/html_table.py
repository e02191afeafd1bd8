"""A table grid -> stream lines: one header line (stacked header cells joined per column) and one
`label | value | ...` line per body row, each carrying its exact cells.

Why lines in the `|` form: every later stage already reads `|` rows, so an HTML table reaches the
table builder through the same door as a pipe table in extracted text, but with the cell boundaries,
spans and header rows known instead of guessed.
"""

from __future__ import annotations

import re

from .html_grid import Grid, GridCell
from ..lexicon import HTML_STATE_CELLS as _STATES

# A printed amount or percentage: 1.234 / -1.234,5 / (12) / 4.977- / 12% / € 1.234 / N 31.393 (a V/N
# voordeel/nadeel marker before or after); years are excluded below.
_AMOUNT = re.compile(r"^(?:[VN]\s+)?(?:[-−–+]|-/-)?\s*(?:€\s*)?\(?\s*[-−–]?\d[\d.,]*\)?\s*[-−–]?\s*%?(?:\s+[VN])?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[a-z]?\.?$")


def is_amount(text: str) -> bool:
    t = text.strip()
    return bool(_AMOUNT.match(t)) and not _YEAR.match(t)


def _column_kind(grid: Grid, col: int) -> str:
    """`amounts` (most filled body cells are figures), `codes` (all short codes), or `text`."""
    body = [row[col].text.strip() for row in grid.rows[grid.header_rows:]]
    filled = [t for t in body if t.lower() not in _STATES]
    if not filled:
        return "empty"
    if all(_CODE.match(t) for t in filled):
        return "codes"
    return "amounts" if sum(is_amount(t) for t in filled) * 2 >= len(filled) else "text"


def label_columns(grid: Grid) -> int:
    """How many leading columns hold the row label: those the corner header cell spans (a
    `colspan` over a number and a name column), then a code column before a text column, text
    columns. At least one."""
    kinds = [_column_kind(grid, c) for c in range(grid.width)]
    n = 0
    if grid.header_rows:
        top = grid.rows[0]
        while n + 1 < grid.width and top[n + 1].col_copy and top[n + 1].text == top[0].text:
            n += 1
        n = n + 1 if n else 0
    if n == 0 and kinds and kinds[0] == "codes" and len(kinds) > 1 and kinds[1] == "text":
        n = 1
    while n < len(kinds) and kinds[n] == "text":
        n += 1
    return 1 if n >= len(kinds) else max(1, n)  # no figures at all: a text table, one label column


def infer_header_rows(grid: Grid) -> int:
    """Where the page marks no header row: the leading rows without a figure (years are not figures)."""
    n = 0
    while n < len(grid.rows) - 1 and not any(is_amount(c.text) for c in grid.rows[n]) \
            and any(c.text.strip() for c in grid.rows[n][1:]):
        n += 1
    return min(n, 3)


def _title_row(row: list[GridCell]) -> bool:
    """A header row that is one cell across the whole table: a title or unit line, not column names."""
    return len(row) > 1 and all(c.col_copy for c in row[1:]) and bool(row[0].text.strip())


def grid_lines(grid: Grid) -> list[tuple[str, tuple[str, ...] | None, int | None]]:
    """(line text, cells, source line) for the header line and each body row of a grid. A header row
    spanning the whole table (a unit or title line) leads the corner cell, where a table's unit is
    looked for."""
    if not grid.rows or grid.width == 0:
        return []
    out: list[tuple[str, tuple[str, ...] | None, int | None]] = []
    rows, lines, head = list(grid.rows), list(grid.source_lines), grid.header_rows
    titles: list[str] = []
    while head > 1 and _title_row(rows[0]):
        titles.append(rows[0][0].text.strip())
        rows, lines, head = rows[1:], lines[1:], head - 1
    head = head if head < len(rows) else min(1, len(rows) - 1)
    grid = Grid(rows, head, lines)
    if head == 0:
        grid = Grid(rows, infer_header_rows(grid), lines)
        head = grid.header_rows
    labels = label_columns(grid) if grid.width > 1 else 1
    if head:
        columns = [_joined([grid.rows[r][c] for r in range(head)], " ", copies=True) for c in range(grid.width)]
        corner = " ".join(dict.fromkeys(t for t in [*titles, *columns[:labels]] if t))
        cells = (corner, *columns[labels:])
        out.append((_pipe_text(cells), cells, grid.source_lines[0]))
    for r in range(head, len(grid.rows)):
        row = grid.rows[r]
        # A colspan copy in the body is empty space (a section row spanning the table), a rowspan copy
        # is the label standing beside each row it spans (a programme over its Lasten / Baten / Saldo).
        texts = ["" if c.col_copy and not c.row_copy else c.text for c in row]
        if not any(t.strip() for t in texts):
            continue
        label = _joined(row[:labels], " / ", copies=False)
        cells = (label, *texts[labels:])
        out.append((_pipe_text(cells), cells, grid.source_lines[r]))
    return out


def _joined(cells: list[GridCell], sep: str, *, copies: bool) -> str:
    """Texts of cells joined; a span's copy repeats the cell above it (kept once) or beside it
    (dropped unless `copies`: a header over several columns names each of them)."""
    out: list[str] = []
    for c in cells:
        t = c.text.strip()
        if not t or (c.col_copy and not copies):
            continue
        if out and out[-1] == t and (c.row_copy or c.col_copy):
            continue
        out.append(t)
    return sep.join(out)


def _pipe_text(cells: tuple[str, ...]) -> str:
    # A "|" inside a cell would split it again downstream; the Cell keeps the exact text.
    return " | ".join(c.replace("|", "¦") for c in cells) + " |"
