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
  Domein` / `200` / `Voorschoten`); the table's alignment is the one that leaves the fewest label
  lines without a row; lines left over are section captions;
- a region without a header that continues the bands of the previous page's region takes its
  columns (a table over a page break, header repeated or not).

It knows nothing of scenarios or units: column texts go to the same header parsing as any table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..stream import Cell, Line

BAND_TOLERANCE = 3.0        # points: right edges of one column's amounts differ by less ...
BAND_SIZE_FACTOR = 0.6      # ... or by less than this share of the font size
MAX_LABEL_ONLY_RUN = 6      # label-only lines in a row inside a region (wrapped labels, captions)
MIN_FIGURE_ROWS = 2         # figure rows a region needs
MAX_HEADER_LINES = 16       # header lines above the first figure row (word-stacked headers)
HEADER_MAX_CELL_CHARS = 60  # a longer cell above a table is prose, not a header
PROSE_MIN_CHARS = 90        # a one-cell line this long ends a region
GAP_FACTOR = 3.0            # a vertical gap of this many font sizes ends a region ...
HEADER_GAP_FACTOR = 4.5     # ... and a header (ruled header rows stand further apart)
CENTRE_TOLERANCE = 0.3      # share of a column pitch a group header may sit off the centre of its run
ALIGN_TOLERANCE = 4.0       # points: a wrapped label line starts where the row's label part starts
WRAP_SLACK = 2.0            # font sizes: cell padding between a wrapped label and the next column

_AMOUNT = re.compile(r"^[(+\-\u2013\u2212]?\s?€?\s?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\)?%?$|^[-\u2013\u2014]$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_BROKEN_OFF = ("-", "/", ",", "(", "&", "+")
_ABBREVIATION = re.compile(r"(?:^|\s)[^\W\d_]{1,5}\.$")  # "max.", "openb.", "Verduurz." is longer
_CONJUNCTIONS = frozenset({"en", "of", "tot", "t/m"})  # "Riool- en waterzorgheffing"
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CAPTION = re.compile(r"^(?:tabel|figuur|grafiek|overzicht)\s+\d", re.IGNORECASE)


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
    return bool(_AMOUNT.match(t)) and not _YEAR.match(t)


def _split(line: Line) -> tuple[list[Cell], list[Cell]]:
    """(label cells, value cells): the trailing run of amount cells is the values."""
    cells = [c for c in line.cells or () if c.x0 is not None and c.x1 is not None and c.text.strip()]
    k = len(cells)
    while k > 0 and is_amount(cells[k - 1].text):
        k -= 1
    return cells[:k], cells[k:]


def _years_line(line: Line) -> bool:
    cells = [c for c in line.cells or () if c.text.strip()]
    return sum(1 for c in cells if _YEAR.match(c.text.strip())) >= 2


def _bands(cells: list[Cell], size: float) -> list[tuple[float, float]]:
    """The value columns: extents of amount cells merged where they overlap or end at (about) the
    same right edge. Right-aligned amounts share their right edge, centred or left-aligned ones
    (a nil dash, a left-aligned column) still overlap the column's other amounts."""
    tolerance = max(BAND_TOLERANCE, BAND_SIZE_FACTOR * size)
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
    if _CAPTION.match(t) or (len(ln.cells or ()) == 1 and len(t) >= PROSE_MIN_CHARS):
        return True
    if prev is not None and (prev.page != ln.page or (
            prev.bbox and ln.bbox and ln.size and ln.bbox[1] - prev.bbox[3] > GAP_FACTOR * ln.size)):
        return True
    return False


def _region(lines: list[Line], first: int, free: Callable[[int], bool],
            before: Grid | None) -> tuple[Grid | None, int]:
    """The region whose first figure row is `first`: rows down to a break, header above."""
    body: list[int] = []
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
        if values:
            label_run = 0
        else:
            label_run += 1
            if label_run > MAX_LABEL_ONLY_RUN or any(len(c.text) > HEADER_MAX_CELL_CHARS for c in labels):
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
    if len(figure_rows) < MIN_FIGURE_ROWS:
        return None, first + 1
    size = sorted(lines[b].size or 0.0 for b in figure_rows)[len(figure_rows) // 2]
    bands = _bands([c for b in figure_rows for c in _split(lines[b])[1]], size)
    right = [b for _, b in bands]
    if max(len(_split(lines[b])[1]) for b in figure_rows) < 2 and len(right) < 2:
        return None, first + 1
    header, unit_lines = _header_above(lines, first, free, right)
    if header:
        lead = [k for k in range(header[-1] + 1, first) if not lines[k].is_blank and free(k)]
    else:  # label lines at the top of a page: the head of a row continued from the page before
        lead = []
        k = first - 1
        while k >= 0 and len(lead) < MAX_LABEL_ONLY_RUN and free(k) and lines[k].page == lines[first].page:
            if not lines[k].is_blank:
                labels, values = _split(lines[k])
                if values or len(labels) != 1 or len(lines[k].text) > HEADER_MAX_CELL_CHARS \
                        or _CAPTION.match(lines[k].text.strip()):
                    break
                lead.insert(0, k)
            k -= 1
    body = lead + body  # section captions and wrapped label heads under the header
    columns, corner = place_header([lines[h] for h in header], right, bands)
    end = body[-1] + 1
    if not _consistent(columns):
        return None, end  # header words that do not sit over one column each: left to the text reading
    grid = Grid(header=header, rows_idx=body, unit_lines=unit_lines, columns=columns, corner=corner, right=right)
    if before is not None and (not header or columns == before.columns) and before.rows_idx \
            and len(before.right) == len(right) and lines[before.rows_idx[-1]].page == (lines[first].page or 0) - 1 \
            and all(abs(a - b) <= max(BAND_TOLERANCE, BAND_SIZE_FACTOR * size) for a, b in zip(before.right, right)):
        # the same bands on the next page, header repeated or not: the table goes on
        grid.columns, grid.corner, grid.continued = list(before.columns), list(before.corner), True
        grid.unit_lines = []
    if not grid.continued and all(c.startswith("kolom ") for c in grid.columns):
        return None, end  # no header and no table above to continue: left to the text reading
    grid.rows = read_rows(lines, body, bands)
    return grid, end


def _consistent(columns: list[str]) -> bool:
    """A header reading is kept only when no column gets two different years (words glued over
    column borders, or a header placed off its columns)."""
    return all(len(set(_YEAR_IN.findall(c))) <= 1 for c in columns)


def _tail_label(lines: list[Line], body: list[int], k: int) -> bool:
    """A label-only line right under the last figure row that ends a centred label."""
    ln, row = lines[k], lines[body[-1]]
    labels, values = _split(ln)
    if values or len(labels) != 1 or len(ln.text) > HEADER_MAX_CELL_CHARS or _CAPTION.match(ln.text.strip()):
        return False
    row_labels = _split(row)[0]
    above = body[-2] if len(body) > 1 else None
    return not row_labels or (above is not None and not _split(lines[above])[1]
                              and abs((labels[0].x0 or 0) - (row_labels[-1].x0 or 0)) <= ALIGN_TOLERANCE)


def _header_above(lines: list[Line], first: int, free: Callable[[int], bool],
                  right: list[float]) -> tuple[list[int], list[int]]:
    """Header lines over the first figure row, and a unit/caption line above them."""
    header: list[int] = []
    unit: list[int] = []
    below = lines[first]
    k = first - 1
    while k >= 0 and len(header) < MAX_HEADER_LINES and free(k):
        ln = lines[k]
        if ln.is_blank:
            k -= 1
            continue
        t = ln.text.strip()
        if ln.page != below.page or ln.cells is None or (
                ln.bbox and below.bbox and ln.size and below.bbox[1] - ln.bbox[3] > HEADER_GAP_FACTOR * ln.size):
            break
        if _CAPTION.match(t):
            if _years_line(ln) and _over_bands(ln, right):
                header.insert(0, k)  # the caption line carries the years
            else:
                unit.append(k)
            break
        cells = [c for c in ln.cells if c.text.strip()]
        if any(len(c.text) > HEADER_MAX_CELL_CHARS for c in cells) or (_split(ln)[1] and not _years_line(ln)) \
                or (t.endswith(".") and len(t.split()) > 6):
            break
        header.insert(0, k)
        below = ln
        k -= 1
    # label-only lines between the header and the first figure row that print nothing over the
    # bands are rows of the table (a section caption, the first lines of a wrapped label)
    while header and not _over_bands(lines[header[-1]], right):
        header.pop()
    if not header:
        return [], unit if unit and not _over_bands(lines[unit[0]], right) else []
    return header, unit


def _over_bands(line: Line, right: list[float]) -> bool:
    left_edge = right[0] - (right[1] - right[0] if len(right) > 1 else 40.0)
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
        for w in _words(ln):
            centre = (w.x0 + w.x1) / 2  # type: ignore[operator]
            if centre < first_left:
                line_corner.append(w.text)
                continue
            col = _column_at(centre, extents)
            owner[col].append((li, int(w.x0 or 0), w.text))  # type: ignore[arg-type]
        if line_corner:
            corner.append(" ".join(line_corner))
        spans.extend((li, c) for c in ln.cells or () if c.x0 is not None and c.text.strip()
                     and (c.x0 + c.x1) / 2 >= first_left)  # type: ignore[operator]
    for li, cell in spans:
        bare = [not any(w[0] == li for w in words) for words in owner]  # columns with no words on this line
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


def _column_at(centre: float, extents: list[tuple[float, float]]) -> int:
    """The column under a header word: the one whose amounts' extent holds its centre, else the
    one whose extent is nearest (headers may be centred or right-aligned over the amounts)."""
    for i, (a, b) in enumerate(extents):
        if a - BAND_TOLERANCE <= centre <= b + BAND_TOLERANCE:
            return i
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
    return abs(mid - centre) <= CENTRE_TOLERANCE * pitch


def read_rows(lines: list[Line], body: list[int], bands: list[tuple[float, float]]) -> list[GridRow]:
    """Rows of a region: figure rows with their wrapped label lines, by the alignment (bottom or
    centred) that leaves the fewest label lines over; lines left over are section captions."""
    best: list[GridRow] | None = None
    best_left = -1
    for mode in ("centre", "bottom"):
        rows, left = _assign(lines, body, mode, bands)
        if best is None or left < best_left:
            best, best_left = rows, left
    return best or []


def _first_word_width(cell: Cell) -> float:
    text = cell.text.strip()
    word = text.split(" ")[0]
    return ((cell.x1 or 0) - (cell.x0 or 0)) * len(word) / max(len(text), 1)


def _wraps(upper: Line, lower: Line, starts: list[float], widest: dict[int, float] | None = None) -> bool:
    """Whether `lower` goes on with the label of `upper` because it did not fit: the first word of
    the lower line would have run into the next column (the next label column, else the amounts),
    or, in a table whose labels wrap (`widest` given), past the widest label of the column. A
    short caption line over a row is a line of its own; a wrapped label is not."""
    up = _split(upper)[0]
    low = _split(lower)[0]
    if not up or not low:
        return True  # a figure row without label text: its label is around it
    if (low[0].x0 or 0) > (up[0].x0 or 0) + ALIGN_TOLERANCE:
        return True  # the upper line prints the code column the lower one leaves empty: one row
    if low[0].text.strip()[:1].islower() or up[-1].text.rstrip().endswith(_BROKEN_OFF) \
            or _ABBREVIATION.search(up[-1].text.rstrip()):
        return True  # "Verlagen max." / "snelheid naar 30": the text itself goes on
    a = next((c for c in up if abs((c.x0 or 0) - (low[0].x0 or 0)) <= ALIGN_TOLERANCE), up[-1])
    limit = next((x for x in starts if x > (a.x0 or 0) + ALIGN_TOLERANCE), starts[-1])
    size = upper.size or lower.size or 8.0
    if widest is not None:
        column = widest.get(round((a.x0 or 0) / ALIGN_TOLERANCE))
        if column is not None:
            return (a.x1 or 0) + size * 0.25 + _first_word_width(low[0]) > column + ALIGN_TOLERANCE / 2
    return (a.x1 or 0) + size * 0.25 + _first_word_width(low[0]) >= limit - WRAP_SLACK * size


def _column_starts(lines: list[Line], body: list[int]) -> list[float]:
    """Left edges of the label columns and, last, of the amounts: where a label line must stop."""
    starts: list[float] = []
    value_left = None
    for b in body:
        labels, values = _split(lines[b])
        for c in labels:
            if not any(abs(x - (c.x0 or 0)) <= ALIGN_TOLERANCE for x in starts):
                starts.append(c.x0 or 0.0)
        if values:
            x = values[0].x0 or 0.0
            value_left = x if value_left is None else min(value_left, x)
    return sorted(starts) + [value_left if value_left is not None else max(starts, default=0.0) + 1000]


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
        return all(any(abs((o.x0 or 0) - (c.x0 or 0)) <= ALIGN_TOLERANCE for c in lab) for o in own) \
            and abs((lab[-1].x0 or 0) - (own[-1].x0 or 0)) <= ALIGN_TOLERANCE
    return len(lab) == 1 and abs((lab[0].x0 or 0) - (own[-1].x0 or 0)) <= ALIGN_TOLERANCE


def _widest(lines: list[Line], body: list[int]) -> dict[int, float]:
    """Per label column (keyed by its rounded left edge) the right edge of its widest label."""
    out: dict[int, float] = {}
    for b in body:
        for c in _split(lines[b])[0]:
            key = round((c.x0 or 0) / ALIGN_TOLERANCE)
            for k in (key - 1, key, key + 1):
                out[k] = max(out.get(k, 0.0), c.x1 or 0.0)
    return out


def _wrapped_table(lines: list[Line], body: list[int], kinds: list[bool], starts: list[float]) -> bool:
    """Most figure rows have a label line above them that surely wraps into them: a table of
    wrapped labels, where a line that would reach past the column's widest label wrapped too."""
    rows = [p for p, k in enumerate(kinds) if k]
    sure = sum(1 for p in rows if p > 0 and not kinds[p - 1] and _wraps(lines[body[p - 1]], lines[body[p]], starts))
    return len(rows) >= 2 and sure * 2 >= len(rows)


def _assign(lines: list[Line], body: list[int], mode: str,
            bands: list[tuple[float, float]]) -> tuple[list[GridRow], int]:
    kinds = [bool(_split(lines[b])[1]) for b in body]
    starts = _column_starts(lines, body)
    widest = _widest(lines, body) if _wrapped_table(lines, body, kinds, starts) else None

    def wraps(upper: int, lower: int) -> bool:
        return _wraps(lines[body[upper]], lines[body[lower]], starts) or \
            (widest is not None and _wraps(lines[body[upper]], lines[body[lower]], starts, widest))

    taken: dict[int, int] = {}  # body position of a label line -> body position of its figure row
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
        if mode == "bottom":
            chosen = up
        else:
            k = min(len(up), len(down))
            chosen = up[:k] + down[:k]
        for q in chosen:
            taken[q] = p
    rows: list[GridRow] = []
    left = 0
    for p, b in enumerate(body):
        ln = lines[b]
        if kinds[p]:
            parts = [[q for q, owner in taken.items() if owner == p and q < p],
                     [q for q, owner in taken.items() if owner == p and q > p]]
            rows.append(_row(lines, [body[q] for q in sorted(parts[0])], ln, [body[q] for q in sorted(parts[1])],
                             bands))
        elif p not in taken:
            left += 1
            rows.append(GridRow([" ".join(c.text.strip() for c in _split(ln)[0])], [], ln, section=True))
    return rows, left


def _row(lines: list[Line], above: list[int], row: Line, below: list[int],
         bands: list[tuple[float, float]]) -> GridRow:
    """A figure row's label parts: its own label cells, with the wrapped lines joined onto the
    part they stand under (by x), a head line above giving the parts it prints."""
    own, values = _split(row)
    parts: list[tuple[float, str]] = [(c.x0 or 0.0, c.text.strip()) for c in own]
    for idx in above[::-1]:
        for c in reversed(_split(lines[idx])[0]):
            k = next((i for i, (x, _) in enumerate(parts) if abs(x - (c.x0 or 0)) <= ALIGN_TOLERANCE), None)
            if k is None:
                parts.insert(0, (c.x0 or 0.0, c.text.strip()))
            else:
                parts[k] = (parts[k][0], join_wrapped(c.text.strip(), parts[k][1]))
    for idx in below:
        for c in _split(lines[idx])[0]:
            k = next((i for i, (x, _) in enumerate(parts) if abs(x - (c.x0 or 0)) <= ALIGN_TOLERANCE), None)
            if k is None:
                parts.append((c.x0 or 0.0, c.text.strip()))
            else:
                parts[k] = (parts[k][0], join_wrapped(parts[k][1], c.text.strip()))
    parts.sort()
    labels = [t for _, t in parts]
    placed = []
    for c in values:  # each amount at its band's right edge: the builder places by that edge
        k = band_of(c, bands)
        placed.append((c.text.strip(), bands[k][1] if k is not None else (c.x1 or 0.0)))
    return GridRow(labels, placed, row)
