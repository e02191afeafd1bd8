"""PDF tables read from geometry: amount bands, header words by extent, label parts, wrapped cells.

A PDF line carries its cells with x positions. Amounts are right-aligned, so the right edges of
the value cells of a table fall into a few vertical *bands*: one per column. This module finds
runs of lines on a page whose amounts share bands (a region), and reads the region as a grid:

- header: the lines above the first figure row, up to the caption; every header word is placed on
  the band under it, and a header cell centred over a run of columns that have no words of their
  own (`Meerjarenbeeld` over 2026 / 2027 / 2028) spans that run (a group header);
- label parts: the text cells left of the amounts (`1a.` | `(+)` | `Financiële vaste activa`);
- wrapped labels: label-only lines belong to the figure row they are vertically aligned with,
  bottom-aligned (`Rijnlands` / `Lyceum 6.116.211 ...`) or centred (`Ontvlechting Sociaal
  Domein` / `200` / `gemeenten`); the table's alignment is the one that leaves the fewest label
  lines without a row; lines left over are section captions;
- a region without a header that continues the bands of the previous page's region takes its
  columns (a table over a page break, header repeated or not).

It knows nothing of scenarios or units: column texts go to the same header parsing as any table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..normalise.units import find_unit
from ..stream import Cell, Line
from .columns import is_part, scenario_of
from ..settings import SETTINGS
from ..lexicon import LABEL_CONJUNCTIONS as _CONJUNCTIONS, CAPTION_WORD as _CAPTION


_AMOUNT = re.compile(r"^[(+\-\u2013\u2212]?\s?€?\s?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?-?\)?%?$|^[-\u2013\u2014]$")  # "141-": a trailing minus
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_BROKEN_OFF = ("-", "/", ",", "(", "&", "+")
_ABBREVIATION = re.compile(r"(?:^|\s)[^\W\d_]{1,5}\.$")  # "max.", "openb.", "Verduurz." is longer
_CLOSING = frozenset(")]»”’")
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass
class GridRow:
    """One row: label parts as printed (left to right), amounts with their right edges."""

    labels: list[str]
    values: list[tuple[str, float]]
    line: Line
    section: bool = False


@dataclass
class Grid:
    """A region read from geometry: stream indices of its lines, its columns and its rows."""

    header: list[int]
    rows_idx: list[int]
    unit_lines: list[int]
    columns: list[str]
    corner: list[str]
    right: list[float]
    rows: list[GridRow] = field(default_factory=list)
    continued: bool = False


def is_amount(text: str) -> bool:
    t = text.strip()
    return bool(_AMOUNT.match(t)) and not _YEAR.match(t) and find_unit(t) is None  # "(€ 1.000)" is a unit


def _split(line: Line) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    """(label cells, value cells): the trailing run of amount cells is the values."""
    return _split_cells(line.cells or ())


@lru_cache(maxsize=8192)
def _split_cells(cells: tuple[Cell, ...]) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    kept = tuple(c for c in cells if c.x0 is not None and c.x1 is not None and c.text.strip())
    k = len(kept)
    while k > 0 and is_amount(kept[k - 1].text):
        k -= 1
    return kept[:k], kept[k:]


def _years_line(line: Line) -> bool:
    cells = [c for c in line.cells or () if c.text.strip()]
    return sum(1 for c in cells if _YEAR.match(c.text.strip())) >= 2


def _bands(cells: list[Cell], size: float) -> list[tuple[float, float]]:
    """The value columns: extents of amount cells merged where they overlap or end at (about) the
    same right edge. Right-aligned amounts share their right edge, centred or left-aligned ones
    (a nil dash, a left-aligned column) still overlap the column's other amounts."""
    tolerance = max(SETTINGS.grid_band_tolerance, SETTINGS.grid_band_size_factor * size)
    spans = sorted(((c.x0 or 0.0), (c.x1 or 0.0)) for c in cells)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and (a < merged[-1][1] - 0.5 or abs(b - merged[-1][1]) <= tolerance):
            merged[-1][1] = max(merged[-1][1], b)
            merged[-1][0] = min(merged[-1][0], a)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def band_of(cell: Cell, bands: list[tuple[float, float]]) -> int | None:
    """The band a value cell stands in (most overlap, else the nearest right edge)."""
    if not bands:
        return None
    x0, x1 = cell.x0 or 0.0, cell.x1 or 0.0
    return max(range(len(bands)), key=lambda i: (min(x1, bands[i][1]) - max(x0, bands[i][0]),
                                                 -abs(bands[i][1] - x1)))


def find_grids(lines: list[Line], free: Callable[[int], bool]) -> list[Grid]:
    """Every table region of the PDF lines, read as a grid (see the module docstring)."""
    grids: list[Grid] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if not free(i) or ln.cells is None or ln.page is None or not _split(ln)[1] or _years_line(ln):
            i += 1
            continue
        grid, end = _region(lines, i, free, grids[-1] if grids else None)
        if grid is not None and grid.continued:
            grids[-1].header += grid.header  # a repeated header is claimed with the table
            grids[-1].rows_idx += grid.rows_idx
            grids[-1].rows += grid.rows
        elif grid is not None:
            grids.append(grid)
        i = max(end, i + 1)
    return grids


def _is_break(prev: Line | None, ln: Line) -> bool:
    """Where a region must end: another page, a caption, prose, a heading-sized gap."""
    t = ln.text.strip()
    if _CAPTION.match(t) or (len(ln.cells or ()) == 1 and len(t) >= SETTINGS.grid_prose_min_chars):
        return True
    if prev is not None and (prev.page != ln.page or (
            prev.bbox and ln.bbox and ln.size and ln.bbox[1] - prev.bbox[3] > SETTINGS.grid_gap_factor * ln.size)):
        return True
    return False


def _region(lines: list[Line], first: int, free: Callable[[int], bool],
            before: Grid | None) -> tuple[Grid | None, int]:
    """The region whose first figure row is `first`: rows down to a break, header above."""
    body: list[int] = []
    seen: list[Cell] = []  # the value cells of the region so far
    k, skipped = first - 1, 0  # the years over the region: past blank and label-only lines
    while k > 0 and skipped <= SETTINGS.grid_max_label_only_run and (lines[k].is_blank or (
            lines[k].cells is not None and not _years_line(lines[k]) and not _split(lines[k])[1])):
        skipped += not lines[k].is_blank
        k -= 1
    years = [c for c in lines[k].cells or () if _YEAR.match(c.text.strip())] \
        if k >= 0 and lines[k].page == lines[first].page and _years_line(lines[k]) else []
    label_run = 0
    last = None
    j = first
    while j < len(lines) and free(j):
        ln = lines[j]
        if ln.is_blank:
            j += 1
            continue
        if _is_break(last, ln) or ln.cells is None or _years_line(ln):
            break
        labels, values = _split(ln)
        if values and _new_grid(seen, values, years):
            break  # figures in columns of their own: another table starts, even without a gap
        if values:
            label_run = 0
            seen.extend(values)
        else:
            label_run += 1
            if label_run > SETTINGS.grid_max_label_only_run or any(len(c.text) > SETTINGS.grid_header_max_cell_chars for c in labels):
                break
        body.append(j)
        last = ln
        j += 1
    while body and not _split(lines[body[-1]])[1]:
        body.pop()  # trailing label lines: a centred row's last label line is taken back below
    if body:
        k = body[-1] + 1
        while k < len(lines) and lines[k].is_blank:
            k += 1
        if k < len(lines) and free(k) and lines[k].page == lines[body[-1]].page and _tail_label(lines, body, k):
            body.append(k)
    figure_rows = [b for b in body if _split(lines[b])[1]]
    if len(figure_rows) < SETTINGS.grid_min_figure_rows:
        return None, first + 1
    size = sorted(lines[b].size or 0.0 for b in figure_rows)[len(figure_rows) // 2]
    bands = _bands([c for b in figure_rows for c in _split(lines[b])[1]], size)
    right = [b for _, b in bands]
    if max(len(_split(lines[b])[1]) for b in figure_rows) < 2 and len(right) < 2:
        return None, first + 1
    header, unit_lines = _header_above(lines, first, free, bands)
    if header:
        lead = [k for k in range(header[-1] + 1, first) if not lines[k].is_blank and free(k)]
    else:  # label lines at the top of a page: the head of a row continued from the page before
        lead = []
        k = first - 1
        while k >= 0 and len(lead) < SETTINGS.grid_max_label_only_run and free(k) and lines[k].page == lines[first].page:
            if not lines[k].is_blank:
                labels, values = _split(lines[k])
                if values or len(labels) != 1 or len(lines[k].text) > SETTINGS.grid_header_max_cell_chars \
                        or _CAPTION.match(lines[k].text.strip()):
                    break
                lead.insert(0, k)
            k -= 1
    body = lead + body  # section captions and wrapped label heads under the header
    bands = _header_bands([lines[h] for h in header], bands, [lines[b] for b in body])
    right = [b for _, b in bands]
    columns, corner = place_header([lines[h] for h in header], right, bands)
    end = body[-1] + 1
    if not _consistent(columns):
        return None, end  # header words that do not sit over one column each: left to the text reading
    grid = Grid(header=header, rows_idx=body, unit_lines=unit_lines, columns=columns, corner=corner, right=right)
    if before is not None and (not header or columns == before.columns) and before.rows_idx \
            and len(before.right) == len(right) and lines[before.rows_idx[-1]].page == (lines[first].page or 0) - 1 \
            and all(abs(a - b) <= max(SETTINGS.grid_band_tolerance, SETTINGS.grid_band_size_factor * size) for a, b in zip(before.right, right)):
        # the same bands on the next page, header repeated or not: the table goes on
        grid.columns, grid.corner, grid.continued = list(before.columns), list(before.corner), True
        grid.unit_lines = []
    if not grid.continued and all(c.startswith("kolom ") for c in grid.columns):
        return None, end  # no header and no table above to continue: left to the text reading
    grid.rows = read_rows(lines, body, bands)
    return grid, end


def _header_bands(header: list[Line], bands: list[tuple[float, float]],
                  body: list[Line]) -> list[tuple[float, float]]:
    """Columns the header names but no row fills: where the lowest header line with more cells
    than there are value bands prints a cell over no band, right of every label, that cell is a
    column of its own (a sparse table prints amounts in a few of its columns only)."""
    label_right = max((c.x1 or 0.0 for ln in body for c in _split(ln)[0]), default=0.0)
    for ln in reversed(header):
        cells = [c for c in ln.cells or () if c.text.strip() and (c.x0 or 0) > label_right
                 and find_unit(c.text) is None]
        if len(cells) <= len(bands):
            continue
        extra = [((c.x0 or 0.0), (c.x1 or 0.0)) for c in cells
                 if not any(min(c.x1 or 0, b) - max(c.x0 or 0, a) > 0 for a, b in bands)]
        return sorted(bands + extra)
    return bands


def _new_grid(seen: list[Cell], values: tuple[Cell, ...], years: list[Cell]) -> bool:
    """Whether a figure row's amounts stand in other columns than the region's so far: two of
    them or more, most overlapping none of the cells above nor the years over the region (a
    table stacked under another; a sparse table fills its later columns under its years)."""
    if len(values) < 2 or len(seen) < 2 * len(values):
        return False
    inside = sum(1 for v in values
                 if any(min(v.x1 or 0, c.x1 or 0) > max(v.x0 or 0, c.x0 or 0) for c in (*seen, *years)))
    return inside * 2 < len(values)


def _consistent(columns: list[str]) -> bool:
    """A header reading is kept only when no column gets two different years (words glued over
    column borders, or a header placed off its columns)."""
    return all(len(set(_YEAR_IN.findall(c))) <= 1 for c in columns)


def _tail_label(lines: list[Line], body: list[int], k: int) -> bool:
    """A label-only line right under the last figure row that ends a centred label."""
    ln, row = lines[k], lines[body[-1]]
    labels, values = _split(ln)
    if values or len(labels) != 1 or len(ln.text) > SETTINGS.grid_header_max_cell_chars or _CAPTION.match(ln.text.strip()):
        return False
    row_labels = _split(row)[0]
    above = body[-2] if len(body) > 1 else None
    return not row_labels or (above is not None and not _split(lines[above])[1]
                              and abs((labels[0].x0 or 0) - (row_labels[-1].x0 or 0)) <= SETTINGS.grid_align_tolerance)


def _header_above(lines: list[Line], first: int, free: Callable[[int], bool],
                  bands: list[tuple[float, float]]) -> tuple[list[int], list[int]]:
    """Header lines over the first figure row, and a unit/caption line above them."""
    header: list[int] = []
    unit: list[int] = []
    below = lines[first]
    k = first - 1
    while k >= 0 and len(header) < SETTINGS.grid_max_header_lines and free(k):
        ln = lines[k]
        if ln.is_blank:
            k -= 1
            continue
        t = ln.text.strip()
        if ln.page != below.page or ln.cells is None or (
                ln.bbox and below.bbox and ln.size and below.bbox[1] - ln.bbox[3] > SETTINGS.grid_header_gap_factor * ln.size):
            break
        if _CAPTION.match(t):
            if _years_line(ln) and _over_bands(ln, bands):
                header.insert(0, k)  # the caption line carries the years
            else:
                unit.append(k)
            break
        cells = [c for c in ln.cells if c.text.strip()]
        if any(len(c.text) > SETTINGS.grid_header_max_cell_chars for c in cells) or (_split(ln)[1] and not _years_line(ln)) \
                or (t.endswith(".") and len(t.split()) > 6):
            break
        header.insert(0, k)
        below = ln
        k -= 1
    # label-only lines between the header and the first figure row that print nothing over the
    # bands are rows of the table (a section caption, the first lines of a wrapped label)
    while header and not _over_bands(lines[header[-1]], bands):
        header.pop()
    if not header:
        return [], unit if unit and not _over_bands(lines[unit[0]], bands) else []
    return header, unit


def _over_bands(line: Line, bands: list[tuple[float, float]]) -> bool:
    """Some text of the line reaches over the first value column (a header line, not a label)."""
    left_edge = bands[0][0] - SETTINGS.grid_band_tolerance
    return any((c.x1 or 0) > left_edge for c in line.cells or () if c.text.strip())


def _words(line: Line) -> list[Cell]:
    if line.words:
        return [Cell(t, x0, x1) for t, x0, x1 in line.words]
    return [c for c in line.cells or () if c.x0 is not None and c.text.strip()]


def place_header(header: list[Line], right: list[float],
                 extents: list[tuple[float, float]]) -> tuple[list[str], list[str]]:
    """Column texts from header words placed by horizontal extent; words left of the first column
    are the corner. A header cell centred over a run of columns without words of their own spans
    the run (a group header); hyphenated words broken over lines are joined."""
    n = len(right)
    pitch = min((b - a for a, b in zip(right, right[1:])), default=60.0)
    first_left = min(extents[0][0], right[0] - pitch * 0.75) if extents else right[0] - pitch
    owner: list[list[tuple[int, int, str]]] = [[] for _ in range(n)]  # (line, order, text)
    corner: list[str] = []
    spans: list[tuple[int, Cell]] = []
    for li, ln in enumerate(header):
        line_corner = []
        unit_cells = [c for c in ln.cells or () if c.x0 is not None and find_unit(c.text) is not None]
        grouped = (_groups_over_parts(ln, header[li + 1], extents, first_left, unit_cells)
                   or _group_cells(ln, extents, pitch, first_left, unit_cells)) if li + 1 < len(header) else {}
        for cell, (a, b) in grouped.items():
            for k in range(a, b + 1):
                owner[k].append((li, int(cell.x0 or 0), cell.text))
        for w in _words(ln):
            centre = (w.x0 + w.x1) / 2  # type: ignore[operator]
            if any((c.x0 or 0) - 1 <= centre <= (c.x1 or 0) + 1 for c in grouped):
                continue  # placed with its whole cell above
            if centre < first_left or any((c.x0 or 0) - 1 <= centre <= (c.x1 or 0) + 1 for c in unit_cells):
                line_corner.append(w.text)
                continue
            col = _column_at(centre, extents, w.x1)
            owner[col].append((li, int(w.x0 or 0), w.text))  # type: ignore[arg-type]
        if line_corner:
            corner.append(" ".join(line_corner))
        spans.extend((li, c) for c in ln.cells or () if c.x0 is not None and c.text.strip()
                     and (c.x0 + c.x1) / 2 >= first_left and c not in unit_cells  # type: ignore[operator]
                     and c not in grouped)
    for li, cell in spans:
        # columns with no words on this line; a kind phrase ("Jaarrekening") never spans a column whose
        # own header names a kind already ("Raming 2023"): over a bare year it is that column's wrapped head
        kind = scenario_of(cell.text) is not None
        bare = [not any(w[0] == li for w in words)
                and not (kind and scenario_of(" ".join(w[2] for w in words if w[0] != li)) is not None)
                for words in owner]
        centre = (cell.x0 + cell.x1) / 2  # type: ignore[operator]
        col = _column_at(centre, extents)
        a = b = col
        best = (a, b)
        while True:  # widen symmetrically over columns with no words of their own
            grown = False
            if a > 0 and bare[a - 1] and b + 1 < n and bare[b + 1]:
                a, b, grown = a - 1, b + 1, True
            elif a > 0 and bare[a - 1] and _centred(centre, extents, a - 1, b, pitch):
                a, grown = a - 1, True
            elif b + 1 < n and bare[b + 1] and _centred(centre, extents, a, b + 1, pitch):
                b, grown = b + 1, True
            if not grown:
                break
            if _centred(centre, extents, a, b, pitch):
                best = (a, b)
        for k in range(best[0], best[1] + 1):
            if k != col:
                owner[k].append((li, int(cell.x0 or 0), cell.text))
    labels = []
    for i, words in enumerate(owner):
        text = ""
        for _, _, t in sorted(words):
            text = join_wrapped(text, t) if text else t
        labels.append(text.strip() or f"kolom {i + 1}")
    return labels, corner


def _groups_over_parts(line: Line, below: Line, extents: list[tuple[float, float]], first_left: float,
                       unit_cells: list[Cell]) -> dict[Cell, tuple[int, int]]:
    """Group cells over a line of parts that repeats ("Begroting 2024" "Begroting 2025" over "Lasten
    Baten Saldo Lasten Baten Saldo"): n columns = groups x parts, so group i spans the i-th run of
    parts, wherever the phrase stands within it."""
    n = len(extents)
    parts = [w for w in _words(below) if w.x0 is not None and (w.x0 + w.x1) / 2 >= first_left]  # type: ignore[operator]
    if len(parts) != n or not all(is_part(w.text) for w in parts):
        return {}
    cells = [c for c in line.cells or () if c.x0 is not None and c.x1 is not None and c.text.strip()
             and c not in unit_cells and (c.x0 + c.x1) / 2 >= first_left]
    if len(cells) < 2 or n % len(cells):
        return {}
    per = n // len(cells)
    names = [w.text.lower() for w in parts]
    if per < 2 or any(names[i] != names[i % per] for i in range(n)):
        return {}
    return {c: (i * per, (i + 1) * per - 1) for i, c in enumerate(sorted(cells, key=lambda c: c.x0 or 0))}


def _group_cells(line: Line, extents: list[tuple[float, float]], pitch: float, first_left: float,
                 unit_cells: list[Cell]) -> dict[Cell, tuple[int, int]]:
    """Header cells of several words ("Begroting 2024") that stand over more than one column and are
    centred over the run of columns their words reach: a group phrase over its parts, kept whole
    instead of split word by word over the parts."""
    out: dict[Cell, tuple[int, int]] = {}
    for cell in line.cells or ():
        if cell.x0 is None or cell.x1 is None or " " not in cell.text.strip() or cell in unit_cells \
                or (cell.x0 + cell.x1) / 2 < first_left:
            continue
        words = [w for w in _words(line) if w.x0 is not None and cell.x0 - 1 <= w.x0 and w.x1 <= cell.x1 + 1]
        cols = {_column_at((w.x0 + w.x1) / 2, extents, w.x1) for w in words}  # type: ignore[operator]
        if len(cols) < 2:
            continue
        a, b = min(cols), max(cols)
        centre = (cell.x0 + cell.x1) / 2
        while not _centred(centre, extents, a, b, pitch) and (a > 0 or b + 1 < len(extents)):
            left = a > 0 and abs((extents[a - 1][0] + extents[b][1]) / 2 - centre) \
                < abs((extents[a][0] + extents[min(b + 1, len(extents) - 1)][1]) / 2 - centre)
            a, b = (a - 1, b) if left or b + 1 >= len(extents) else (a, b + 1)
        if _centred(centre, extents, a, b, pitch):
            out[cell] = (a, b)
    return out


def _column_at(centre: float, extents: list[tuple[float, float]], right: float | None = None) -> int:
    """The column under a header word: the one whose amounts' extent holds its centre; else the one
    whose amounts end where the word ends (a header right-aligned like its amounts, wider than
    them: "Jaarrekening" over "1.350"); else the one whose extent is nearest."""
    for i, (a, b) in enumerate(extents):
        if a - SETTINGS.grid_band_tolerance <= centre <= b + SETTINGS.grid_band_tolerance:
            return i
    if right is not None:
        aligned = [i for i, (_, b) in enumerate(extents) if abs(b - right) <= SETTINGS.grid_band_tolerance]
        if len(aligned) == 1:
            return aligned[0]
    return min(range(len(extents)), key=lambda i: min(abs(extents[i][0] - centre), abs(extents[i][1] - centre)))


def join_wrapped(upper: str, lower: str) -> str:
    """Two lines of one cell: a word hyphenated at the break ("Vermeerde-" / "ringen") is joined;
    a hyphen before a conjunction ("Riool-" / "en waterzorgheffing") is part of the text."""
    first = lower.split(" ")[0]
    if upper.endswith("-") and len(upper) > 1 and upper[-2].isalpha() and first[:1].islower() \
            and first.lower() not in _CONJUNCTIONS:
        return upper[:-1] + lower
    return f"{upper} {lower}"


def _centred(centre: float, extents: list[tuple[float, float]], a: int, b: int, pitch: float) -> bool:
    mid = (extents[a][0] + extents[b][1]) / 2
    return abs(mid - centre) <= SETTINGS.grid_centre_tolerance * pitch


def read_rows(lines: list[Line], body: list[int], bands: list[tuple[float, float]]) -> list[GridRow]:
    """Rows of a region: figure rows with their wrapped label lines, by the alignment (bottom,
    centred or top) that leaves the fewest label lines over; lines left over are section captions."""
    columns = _widest(lines, body)  # the widest label per label column, asked for by every reading
    ruled = _ruled_rows(lines, body, bands, columns)
    if ruled is not None:
        return ruled
    best: list[GridRow] | None = None
    best_left = -1
    for mode in ("bottom", "centre", "top"):  # on a tie the first: labels ending on their figures
        rows, left = _assign(lines, body, mode, bands, columns)
        if best is None or left < best_left:
            best, best_left = rows, left
    return best or []


def _first_word_width(cell: Cell) -> float:
    text = cell.text.strip()
    word = text.split(" ")[0]
    return ((cell.x1 or 0) - (cell.x0 or 0)) * len(word) / max(len(text), 1)


def _wraps(upper: Line, lower: Line, starts: list[float], widest: dict[int, float] | None = None) -> int:
    """How surely `lower` goes on with the label of `upper`: 2 when the text or the columns say
    so (a figure row without label text, a code column printed only above, a lower line in lower
    case, an upper line broken off), 1 when only the width says so (the first word of the lower
    line would have run into the next column, or, in a table whose labels wrap (`widest` given),
    past the widest label of the column), 0 when it would have fit: a caption over a row."""
    up = _split(upper)[0]
    low = _split(lower)[0]
    if not up or not low:
        return 2  # a figure row without label text: its label is around it
    if (low[0].x0 or 0) > (up[0].x0 or 0) + SETTINGS.grid_align_tolerance:
        return 2  # the upper line prints the code column the lower one leaves empty: one row
    if low[0].text.strip()[:1].islower() or up[-1].text.rstrip().endswith(_BROKEN_OFF) \
            or _ABBREVIATION.search(up[-1].text.rstrip()):
        return 2  # "Verlagen max." / "snelheid naar 30": the text itself goes on
    a = next((c for c in up if abs((c.x0 or 0) - (low[0].x0 or 0)) <= SETTINGS.grid_align_tolerance), up[-1])
    limit = next((x for x in starts if x > (a.x0 or 0) + SETTINGS.grid_align_tolerance), starts[-1])
    size = upper.size or lower.size or 8.0
    reach = (a.x1 or 0) + size * 0.25 + _first_word_width(low[0])
    if widest is not None:
        column = widest.get(round((a.x0 or 0) / SETTINGS.grid_align_tolerance))
        if column is not None:
            return int(reach >= column - SETTINGS.grid_align_tolerance)
    return int(reach >= limit - SETTINGS.grid_wrap_slack * size)


def _column_starts(lines: list[Line], body: list[int]) -> list[float]:
    """Left edges of the label columns and, last, of the amounts: where a label line must stop."""
    starts: list[float] = []
    value_left = None
    for b in body:
        labels, values = _split(lines[b])
        for c in labels:
            if not any(abs(x - (c.x0 or 0)) <= SETTINGS.grid_align_tolerance for x in starts):
                starts.append(c.x0 or 0.0)
        if values:
            x = values[0].x0 or 0.0
            value_left = x if value_left is None else min(value_left, x)
    return sorted(starts) + [value_left if value_left is not None else max(starts, default=0.0) + 1000]


def _ruled_rows(lines: list[Line], body: list[int], bands: list[tuple[float, float]],
                columns: dict[int, float]) -> list[GridRow] | None:
    """Rows of a table with drawn row borders: the lines between two rules are one cell, however
    its label wraps and wherever its figures stand; None when the rules do not separate the rows
    (no rules, or rules around a few rows only)."""
    figures = [p for p, b in enumerate(body) if _split(lines[b])[1]]
    ruled = [p for p in figures[1:] if any(lines[body[q]].rule_above for q in _cell_span(lines, body, p))]
    if len(figures) < 2 or len(ruled) * 2 < len(figures) - 1:
        return None
    cells: list[list[int]] = []
    for p, b in enumerate(body):
        if not cells or lines[b].rule_above:
            cells.append([])
        cells[-1].append(p)
    rows: list[GridRow] = []
    for cell in cells:
        figs = [p for p in cell if _split(lines[body[p]])[1]]
        if len(figs) == 1:
            p = figs[0]
            rows.append(_row(lines, [body[q] for q in cell if q < p], lines[body[p]],
                             [body[q] for q in cell if q > p], bands, columns))
        elif not figs:
            text = " ".join(c.text.strip() for q in cell for c in _split(lines[body[q]])[0])
            rows.append(GridRow([text], [], lines[body[cell[0]]], section=True))
        else:  # several figure rows between two rules: whitespace decides inside the cell
            part, _ = min((_assign(lines, [body[q] for q in cell], mode, bands, columns)
                           for mode in ("bottom", "centre", "top")), key=lambda r: r[1])
            rows.extend(part)
    return rows


def _cell_span(lines: list[Line], body: list[int], p: int) -> list[int]:
    """A figure row and the label-only lines right above it (where its cell's top rule may be)."""
    q = p
    while q > 0 and not _split(lines[body[q - 1]])[1] and not lines[body[q]].rule_above:
        q -= 1
    return list(range(q, p + 1))


def _compatible(label_line: Line, row: Line, above: bool) -> bool:
    """A label-only line can be part of a figure row's label cell: the same font weight, and its
    cells stand where the row's label parts stand (a head line may carry all parts)."""
    lab, _ = _split(label_line)
    own, _ = _split(row)
    if not lab or label_line.bold != row.bold:
        return False
    if not own:
        return len(lab) == 1
    if above:
        return all(any(abs((o.x0 or 0) - (c.x0 or 0)) <= SETTINGS.grid_align_tolerance for c in lab) for o in own) \
            and abs((lab[-1].x0 or 0) - (own[-1].x0 or 0)) <= SETTINGS.grid_align_tolerance
    return len(lab) == 1 and abs((lab[0].x0 or 0) - (own[-1].x0 or 0)) <= SETTINGS.grid_align_tolerance


def _widest(lines: list[Line], body: list[int]) -> dict[int, float]:
    """Per label column (keyed by its rounded left edge) the right edge of its widest label."""
    out: dict[int, float] = {}
    for b in body:
        for c in _split(lines[b])[0]:
            key = round((c.x0 or 0) / SETTINGS.grid_align_tolerance)
            for k in (key - 1, key, key + 1):
                out[k] = max(out.get(k, 0.0), c.x1 or 0.0)
    return out


def _same_row(a: Line, b: Line) -> bool:
    """Two lines that overlap vertically by a good part of their height are one printed row
    (figures in a smaller font sit a little lower than the label they belong to)."""
    if not a.bbox or not b.bbox:
        return False
    overlap = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    return overlap > SETTINGS.grid_same_row_overlap * min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])


def _wrapped_table(lines: list[Line], body: list[int], kinds: list[bool], starts: list[float]) -> bool:
    """Most figure rows have a label line above them that surely wraps into them: a table of
    wrapped labels, where a line that would reach past the column's widest label wrapped too."""
    rows = [p for p, k in enumerate(kinds) if k]
    sure = sum(1 for p in rows if p > 0 and not kinds[p - 1] and _wraps(lines[body[p - 1]], lines[body[p]], starts))
    return len(rows) >= 2 and sure * 2 >= len(rows)


def _assign(lines: list[Line], body: list[int], mode: str, bands: list[tuple[float, float]],
            columns: dict[int, float]) -> tuple[list[GridRow], int]:
    kinds = [bool(_split(lines[b])[1]) for b in body]
    starts = _column_starts(lines, body)
    widest = columns if _wrapped_table(lines, body, kinds, starts) else None

    def wraps(upper: int, lower: int) -> int:
        sure = _wraps(lines[body[upper]], lines[body[lower]], starts)
        if not sure and widest is not None:
            sure = _wraps(lines[body[upper]], lines[body[lower]], starts, widest)
        # in a table of wrapped labels a join on width is what is expected: as sure as any
        strength[(upper, lower)] = 2 if sure and widest is not None else sure
        return sure

    strength: dict[tuple[int, int], int] = {}

    taken: dict[int, int] = {}  # body position of a label line -> body position of its figure row
    unexplained = 0
    weak = 0
    for p, is_fig in enumerate(kinds):
        if not is_fig:
            continue
        row = lines[body[p]]
        up = []
        q = p - 1
        while q >= 0 and not kinds[q] and q not in taken and _compatible(lines[body[q]], row, True) \
                and wraps(q, q + 1):
            up.append(q)
            q -= 1
        down = []
        q = p + 1
        while q < len(body) and not kinds[q] and _compatible(lines[body[q]], row, False) \
                and wraps(q - 1, q):
            down.append(q)
            q += 1
        if not _split(row)[0] and up and down and mode != "centre" and not _same_row(lines[body[p - 1]], row):
            unexplained += 1  # figures between label lines, with no label of their own: centred
        if mode == "bottom":
            chosen = up
        elif mode == "top":
            chosen = down
        else:
            k = min(len(up), len(down))
            chosen = up[:k] + down[:k]
        for q in chosen:
            taken[q] = p
        # a line joined on width alone costs as much as one left over: the alignment that needs
        # fewer such joins wins (a section caption under a long label is no wrap); centred, a pair
        # of lines around the figures counts as sure when either of the two is
        if mode == "centre":
            k = len(chosen) // 2
            weak += sum(2 for a, b in zip(up[:k], down[:k])
                        if strength.get((a, a + 1), 2) == 1 and strength.get((b - 1, b), 2) == 1)
        else:
            weak += sum(1 for q in chosen if strength.get((q, q + 1) if q < p else (q - 1, q), 2) == 1)
    rows: list[GridRow] = []
    left = 0
    for p, b in enumerate(body):
        ln = lines[b]
        if kinds[p]:
            parts = [[q for q, owner in taken.items() if owner == p and q < p],
                     [q for q, owner in taken.items() if owner == p and q > p]]
            rows.append(_row(lines, [body[q] for q in sorted(parts[0])], ln, [body[q] for q in sorted(parts[1])],
                             bands, columns))
        elif p not in taken:
            left += 1
            rows.append(GridRow([" ".join(c.text.strip() for c in _split(ln)[0])], [], ln, section=True))
    return rows, left + unexplained + weak


def _broken_word(upper: Cell, lower: str, widest: dict[int, float], size: float) -> bool:
    """A word broken inside, without a hyphen, because it is wider than its column: the upper
    line is that one word and fills the column to its widest label, the lower line goes on in
    lower case or with closing punctuation ("Uitvoeringsmaatre" / "gelen", "(Dr.Mansveltkade" / ")")."""
    text = upper.text.strip()
    edge = widest.get(round((upper.x0 or 0) / SETTINGS.grid_align_tolerance))
    return " " not in text and text[-1:].isalpha() and edge is not None \
        and (upper.x1 or 0) >= edge - SETTINGS.grid_broken_word_fill * size and lower[:1] in _CLOSING | set(
            ch for ch in lower[:1] if ch.islower())


def _join(upper: Cell, lower: str, widest: dict[int, float] | None, size: float) -> str:
    if widest is not None and _broken_word(upper, lower, widest, size):
        return upper.text.strip() + lower
    return join_wrapped(upper.text.strip(), lower)


def _row(lines: list[Line], above: list[int], row: Line, below: list[int],
         bands: list[tuple[float, float]], widest: dict[int, float] | None = None) -> GridRow:
    """A figure row's label parts: its own label cells, with the wrapped lines joined onto the
    part they stand under (by x), a head line above giving the parts it prints."""
    own, values = _split(row)
    size = row.size or 8.0
    parts: list[tuple[float, str]] = [(c.x0 or 0.0, c.text.strip()) for c in own]
    for idx in above[::-1]:
        for c in reversed(_split(lines[idx])[0]):
            k = next((i for i, (x, _) in enumerate(parts) if abs(x - (c.x0 or 0)) <= SETTINGS.grid_align_tolerance), None)
            if k is None:
                parts.insert(0, (c.x0 or 0.0, c.text.strip()))
            else:
                parts[k] = (parts[k][0], _join(c, parts[k][1], widest, size))
    last: dict[int, Cell] = {}  # per part the cell its text ends with so far
    for idx in below:
        for c in _split(lines[idx])[0]:
            k = next((i for i, (x, _) in enumerate(parts) if abs(x - (c.x0 or 0)) <= SETTINGS.grid_align_tolerance), None)
            if k is None:
                parts.append((c.x0 or 0.0, c.text.strip()))
            else:
                upper = last.get(k) or next((o for o in own if abs((o.x0 or 0) - parts[k][0]) <= SETTINGS.grid_align_tolerance),
                                            Cell(parts[k][1], parts[k][0], parts[k][0]))
                joined = _join(upper, c.text.strip(), widest, size)
                head = parts[k][1][: len(parts[k][1]) - len(upper.text.strip())]
                parts[k] = (parts[k][0], head + joined if parts[k][1].endswith(upper.text.strip())
                            else join_wrapped(parts[k][1], c.text.strip()))
                last[k] = c
    parts.sort()
    labels = [t for _, t in parts]
    placed = []
    for c in values:  # each amount at its band's right edge: the builder places by that edge
        k = band_of(c, bands)
        placed.append((c.text.strip(), bands[k][1] if k is not None else (c.x1 or 0.0)))
    return GridRow(labels, placed, row)
