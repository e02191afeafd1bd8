"""Blocks of the three table layouts (`|` cells, one row per line, one cell per paragraph) ->
one raw form: header texts, and rows of label parts and printed value cells with their lines."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..normalise.numbers import NBSP, try_parse_cell
from ..lexicon import MEASURE
from ..normalise.units import find_unit
from ..segment import (Block, abbreviated_label, glued_parts, is_value_cell, label_and_values, pdf_label_and_values,
                       tokens)
from ..segment import Cell as ParaCell
from ..stream import Cell, Line
from .columns import DATE_RE, YEAR_RE, is_header_text, is_part, unglue
from .rawform import RawRow, RawTable, RawValue
from ..lexicon import HEADER_WORDS as _KNOWN_HEADER
from ..settings import SETTINGS


def from_block(block: Block) -> RawTable:
    if block.kind == "pipe_table":
        return _pipe(block)
    if block.kind == "row_table" and block.data.get("pdf_grid") is not None:
        from .pdf_rawtable import grid_table  # noqa: PLC0415 - PDF only

        return grid_table(block)
    if block.kind == "row_table" and block.data.get("pairs"):
        return _pairs(block)
    if block.kind == "row_table":
        return _rows(block)
    return _cells(block)


# --- "|" tables

_RULE = re.compile(r"^:?-{3,}:?$")

def _pipe(block: Block) -> RawTable:
    header: list[str] = []
    corner: list[str] = []
    rows: list[RawRow] = []
    columns: list[str] | None = None
    unit_lines: list[str] = []
    body: list[tuple[list[str], Line]] = []
    header_line: Line | None = None
    for line in block.lines:
        text = line.text.strip()
        if text == "|" or re.match(r"^-{3,}\s*\|", text):
            continue
        cells = [c.strip() for c in text.split("|")]
        if line.text.startswith("|") and line.cells is None:
            cells = cells[1:]  # "| Programma | 2024 |": the leading pipe opens the first cell
        between = len(cells) - (1 if text.endswith("|") else 0)  # cells as printed, a closing pipe opens none
        while cells and cells[-1] == "":
            cells.pop()
        if cells and all(_RULE.match(c) for c in cells):
            continue  # "|---|:---:|": the line under a header
        if not cells:  # a line of bars only ("| |"): a rule, like "|"
            continue
        if not header and not body and len(cells) == 1 and find_unit(cells[0]):
            unit_lines.append(cells[0])  # "(bedragen x €1.000) | ||" above the header: the unit, not the header
            continue
        if not header and not body and all(_column_head(c) for c in cells):
            header = cells  # "31-12-2022 | 31-12-2023 | |": a header without the label column's cell
            header_line = line
            continue
        if header_line is None or (not header and not body and not _column_head(corner[0])):
            # A first line of one caption cell ("(bedragen x €1.000) | ||") leaves the header to the next.
            corner, header = cells[:1], cells[1:]
            columns = _reader_columns(line, len(cells))
            header_line = line
            continue
        body.append((cells + [""] * (between - len(cells)) if header else cells, line))
    # Rows keep the empty cells they print up to the last column any row fills (a closing "| |" that
    # every row prints is decoration, not a column).
    span = max((max(i for i, c in enumerate(cells) if c) + 1 for cells, _ in body if any(cells)), default=0)
    body = [(cells[:span], line) for cells, line in body]
    width = _pipe_label_width([cells for cells, _ in body])
    if width > 1 and columns is None and len(header) + 1 - width == _modal_pipe_width(body, width):
        # "Renterisico | vaste schuld | 2025 ...": the header's first cells stand over the label cells
        # ("1 | Renteherzieningen | 0 ..."), a code and a name printed in cells of their own.
        corner, header = corner + header[: width - 1], header[width - 1:]
        columns = _reader_columns(header_line, len(header) + 1)
    if columns is None and corner and _column_head(corner[0]) \
            and _modal_pipe_width(body, width) == len(corner) + len(header):
        # "2026 | 2027 | 2028 | 2029" over "Saldi | 8.590 | 6.072 | ...": the label column has no
        # header cell, so the first header cell is the first column's.
        corner, header = [], corner + header
    wider = [len(cells) - width for cells, _ in body if len(cells) - width > len(header)]
    if header and columns is None and len(wider) >= 2:
        # "Omschrijving | 2025 | |" over "Totaal | | -305 |": a column whose header cell is empty (a
        # subtotal column, a remark column) is a column still; its figures are no extra values.
        header = header + [""] * (max(wider) - len(header))
    for cells, line in body:
        lw = width if _label_cells(cells) == width else 1
        labels = cells[:lw]
        if lw == 2 and is_row_code(labels[0]) and labels[1]:
            labels = [f"{labels[0]} / {labels[1]}"]  # "1 | Renteherzieningen": the row's code and its name
        rows.append(RawRow(labels, [RawValue(v, line) for v in cells[lw:]], line))
    return RawTable("pipe", header, corner=corner, unit_lines=unit_lines, rows=rows, block=block, x_columns=columns)


_ROW_CODE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[a-zA-Z]?\.?|[A-Z]{1,3}\d{1,3}[a-z]?\.?)$")


def is_row_code(text: str) -> bool:
    """A row's code printed in a cell of its own ("1A", "5b", "6.1", "P3"): kept with the name
    as "code / name", the way a table cites its rows."""
    t = text.strip()
    return bool(_ROW_CODE.match(t)) and not YEAR_RE.match(t)


def _column_head(text: str) -> bool:
    return bool(YEAR_RE.match(text) or is_header_text(text))


def _label_cells(cells: list[str]) -> int:
    """How many leading cells of a pipe row are its label: up to the last cell with words, when
    every cell after it is a figure, a nil or empty."""
    last = max((i for i, c in enumerate(cells) if c and try_parse_cell(c) is None), default=-1)
    return last + 1 if last >= 0 else 1


def _pipe_label_width(rows: list[list[str]]) -> int:
    """The label width most rows of a pipe table agree on (1 unless two or more rows say otherwise)."""
    widths = [_label_cells(r) for r in rows if any(try_parse_cell(c) is not None and c for c in r)]
    if not widths:
        return 1
    best = max(set(widths), key=widths.count)
    return best if widths.count(best) >= max(2, len(widths) // 2) else 1


def _modal_pipe_width(body: list[tuple[list[str], Line]], width: int) -> int:
    counts = [len(cells) - width for cells, _ in body if _label_cells(cells) == width]
    return max(set(counts), key=counts.count) if counts else -1


def _reader_columns(header: Line, width: int) -> list[str] | None:
    """Where the reader knows each column's whole header (HTML: stacked header cells joined per
    column), the columns are those, one per cell, instead of a parse of the header's words."""
    cells = header.cells
    if not cells or any(c.x0 is not None for c in cells) or len(cells) < width:
        return None
    columns = [" ".join(c.text.split()) for c in cells[1:width]]
    return columns if any(columns) else None


# --- two cells per line (a label and one value, spaces apart)

def _pairs(block: Block) -> RawTable:
    """"Omschrijving Grondslag" / "Prijzen  0,90%": the header's last word names the value column,
    the rest heads the labels; every row is one label and one value, text values included."""
    from ..segment import labelled_figure, pair_cells  # noqa: PLC0415 - the segmenter's own cell split

    header_idx = block.data.get("header", [])
    unit_idx = block.data.get("unit_lines", [])
    corner: list[str] = []
    header: list[str] = []
    rows: list[RawRow] = []
    by_index = {ln.number - 1: ln for ln in block.lines}
    stacked = {cap: (items, values) for cap, items, values in block.data.get("stacked", [])}
    inside = {k for items, values in stacked.values() for k in (*items, *values)}
    for ln in block.lines:
        if ln.number - 1 in stacked:  # a caption over items, their values below them, in order
            items, values = stacked[ln.number - 1]
            for n, (item, value) in enumerate(zip(items, values)):
                labels = [ln.text.strip(), by_index[item].text.strip()] if n == 0 else [by_index[item].text.strip()]
                rows.append(RawRow(labels, [RawValue(by_index[value].text.strip(), by_index[value])], by_index[item]))
        elif ln.number - 1 in inside:
            continue
        elif ln.number - 1 in header_idx:
            split = pair_cells(ln.text)
            words = ln.text.split()
            first, last = split if split else (" ".join(words[:-1]), words[-1])
            corner, header = [first], [last]
        elif ln.number - 1 in unit_idx:
            continue
        elif block.data.get("pairs") == "labelled" and (found := labelled_figure(ln.text)) is not None:
            rows.append(RawRow([found[0]], [RawValue(found[1], ln)], ln, measure=found[2]))
        elif (cells := pair_cells(ln.text)) is not None:
            rows.append(RawRow([cells[0]], [RawValue(cells[1], ln)], ln))
    units = [ln.text for ln in block.lines if ln.number - 1 in unit_idx]
    return RawTable("pairs", header, corner=corner, unit_lines=units, rows=rows, block=block)


# --- one row per line

def _rows(block: Block) -> RawTable:
    by_index = block.lines
    header_lines = [ln for ln in by_index if ln.number - 1 in block.data.get("header", [])]
    unit_lines = [ln.text for ln in by_index if ln.number - 1 in block.data.get("unit_lines", [])]
    foot = [ln.text.strip() for ln in by_index if ln.number - 1 in block.data.get("footnotes", [])]
    header_cells: list[str] = []
    parts: list[str] = []
    corner_texts: list[str] = []
    dates: list[str] = []
    for i, ln in enumerate(header_lines):
        if i > 0 and not dates and (found := date_tail(ln.text)):
            dates = found  # "Sociale structuur 31-12-2017 1-1-2018 ...": the peildatum of each column
            label_part = ln.text.strip()[: -len(" ".join(found))].strip() if found else ""
            if label_part:
                corner_texts.append(label_part)
            continue
        if is_parts_only(ln.text):
            parts.extend(tokens(ln.text))
            continue
        text = unglue(ln.text) if re.search(r"[a-z](?:19|20)\d\d|[a-z][A-Z]", ln.text) else ln.text
        toks = tokens(text)
        n = 0
        for t in reversed(toks):
            if not is_part(t):
                break
            n += 1
        if i > 0 and n >= 2 and n >= len(toks) - 8:
            parts.extend(toks[len(toks) - n:])
            if n < len(toks):
                corner_texts.append(" ".join(toks[: len(toks) - n]))
        else:
            header_cells.append(text)
    if len(header_cells) == 2 and all(ln.cells for ln in header_lines[:2]):
        header_cells = _join_by_x(header_lines[0], header_lines[1]) or header_cells
    x_columns = None
    row_lines_all = [ln for ln in by_index if ln.number - 1 in block.data.get("rows", [])]
    if header_lines and all(ln.cells for ln in header_lines):
        from .columns import parse_header  # noqa: PLC0415

        n = _modal_value_count(row_lines_all)
        # The token parse is kept when it explains every header word and gives n columns; otherwise
        # (hyphenated words, headers over three lines, counts that differ) positions decide.
        parsed = parse_header(header_cells, parts)
        clean = len(parsed.columns) == n and not parsed.leftovers and all(
            all(_KNOWN_HEADER.match(tok) for tok in col.label.split()) for col in parsed.columns)
        if n and not clean:
            found = columns_by_x(header_lines, row_lines_all, n)
            if found:
                x_columns, corner_x = found
                corner_texts = corner_x + corner_texts
    rows: list[RawRow] = []
    row_lines = [ln for ln in by_index if ln.number - 1 in block.data.get("rows", [])]
    wrapped, bare_rows = _labels_wrap_above(row_lines)
    doubtful: list[tuple[Line, str]] = []  # (figures line, joined label) on table-wide evidence alone
    joined: dict[int, int] = block.data.get("joined", {})  # figures line -> label line (indices)
    k = 0
    while k < len(row_lines):
        ln = row_lines[k]
        if (glued := glued_parts(ln.text)) is not None and not label_and_values(ln.text)[1][1:]:
            rows.append(RawRow([glued[0]], [], ln, glued=glued[1]))
            k += 1
            continue
        label, vals = pdf_label_and_values(ln)
        nxt_line = row_lines[k + 1] if k + 1 < len(row_lines) else None
        figures_line = row_lines[k + 2] if k + 2 < len(row_lines) else None
        if label and list(vals) in (["-"], ["\u2013"]) and nxt_line is not None and figures_line is not None \
                and nxt_line.number == ln.number + 1 and figures_line.number == nxt_line.number + 1:
            nxt_label, nxt_vals = pdf_label_and_values(nxt_line)
            fig_label, fig_vals = pdf_label_and_values(figures_line)
            if nxt_label and not nxt_vals and not fig_label and len(fig_vals) >= 2:
                # "Intensivering economie -" / "bijdrage innovatiefonds" / figures: a dash alone at the end of
                # a line whose label goes on below, above a line of figures only, breaks the label off; no nil cell
                rows.append(RawRow([f"{label} {vals[0]} {nxt_label}"], [], nxt_line, section=True))
                k += 2
                continue
        if vals and not label and rows and rows[-1].section and (
                rows[-1].line.number == ln.number - 1 or joined.get(ln.number - 1) == rows[-1].line.number - 1):
            # A label printed above (and maybe below) its figures: "Algemene reserve" / figures / "weerstandsvermogen".
            prev = rows.pop()
            nxt = row_lines[k + 1] if k + 1 < len(row_lines) else None
            tail = not wrapped and ln.number - 1 not in joined and nxt is not None and nxt.number == ln.number + 1 \
                and not label_and_values(nxt.text)[1] \
                and (k + 2 >= len(row_lines) or row_lines[k + 2].number > nxt.number + 1
                     or bool(label_and_values(row_lines[k + 2].text)[0]))
            if tail and nxt is not None and _DASH_ITEM.match(prev.labels[0]):
                rows.append(prev)  # an item of the group above; the label printed under the figures is theirs
                text = nxt.text.strip()
            else:
                text = f"{prev.labels[0]} {nxt.text.strip()}" if tail and nxt is not None else prev.labels[0]
                while wrapped and rows and rows[-1].section and rows[-1].line.number == prev.line.number - 1:
                    sure = _label_goes_on(rows[-1].labels[0], text)
                    prev = rows.pop()  # a label wrapped over several lines above its figures
                    text = f"{prev.labels[0]} {text}"
                    if bare_rows and not sure:
                        doubtful.append((ln, text))
            rows.append(RawRow([text], _placed(vals, ln), ln))
            k += 2 if tail else 1
            continue
        if not vals and _continues_above(rows, ln, row_lines[k + 1] if k + 1 < len(row_lines) else None, wrapped):
            rows[-1].labels[-1] = f"{rows[-1].labels[-1]} {ln.text.strip()}"  # "gecorrigeerd voor" / "verstrekte leningen"
        elif not vals:
            rows.append(RawRow([ln.text.strip()], [], ln, section=True))
        elif rows and rows[-1].section and rows[-1].line.number == ln.number - 1 and label \
                and not indented(ln) and (wrapped or _label_goes_on(rows[-1].labels[0], label)) \
                and not (_NUMBERED_START.match(label) and not _NUMBERED_START.match(rows[-1].labels[0])) \
                and not _lower_case_items(label, row_lines[k + 1] if k + 1 < len(row_lines) else None, ln):
            # The first part of the label printed on the line(s) above: "De Paauw restauratie /" +
            # "verbouwing raadhuis"; in a table whose labels all wrap, every line above its figures.
            pieces, guessed = [label], False
            while rows and rows[-1].section and rows[-1].line.number == ln.number - len(pieces) \
                    and (wrapped or _label_goes_on(rows[-1].labels[0], pieces[0])):
                guessed = guessed or not _label_goes_on(rows[-1].labels[0], pieces[0])
                pieces.insert(0, rows.pop().labels[0])
            rows.append(RawRow([" ".join(pieces)], _placed(vals, ln), ln))
            if guessed and bare_rows:
                doubtful.append((ln, " ".join(pieces)))
        else:
            rows.append(RawRow([label], _placed(vals, ln), ln))
        k += 1
    if header_cells and x_columns is None:
        from .columns import parse_header as _ph  # noqa: PLC0415

        head_corner = _ph(header_cells, parts).corner
        if head_corner:
            corner_texts.insert(0, head_corner)
    return RawTable("rows", header_cells, parts=parts, corner=corner_texts, unit_lines=unit_lines, rows=rows,
                    footnotes=foot, block=block, x_columns=x_columns, header_right=_header_right(header_lines),
                    column_dates=dates, doubtful_wraps=doubtful)


DATE = DATE_RE


def date_tail(text: str) -> list[str]:
    """The dates a header line ends with, two or more ("31-12-2017 1-1-2018"); else []."""
    toks = tokens(text)
    n = 0
    while n < len(toks) and DATE.match(toks[len(toks) - 1 - n]):
        n += 1
    return list(toks[len(toks) - n:]) if n >= 2 else []


def indented(line: Line) -> bool:
    """A text row printed with leading spaces: a sub-row of the caption above it."""
    return line.cells is None and line.text[:1] in (" ", "\t")


_DASH_ITEM = re.compile(r"^\s*[•\-*·▪○◦–]\s+\S")  # "- Diversen": an item of a group, not a numbered row
# A label that opens with its number ("1. Afval", "3.2 Jeugd", "b) Sport") starts there: the line
# above it is a caption, not the label's first part.
_NUMBERED_START = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})+[a-z]?\.?|\d{1,3}[a-z]?[.)]|[a-z][.)])\s")


def _continues_above(rows: list[RawRow], ln: Line, nxt: Line | None, wrapped: bool) -> bool:
    """A label line in lower case right under a row with figures ends that row's label, unless the
    next line goes on with it (then it starts the next label)."""
    text = ln.text.strip()
    if wrapped or not text[:1].islower() or not rows or rows[-1].section or not rows[-1].values \
            or not rows[-1].labels or rows[-1].line.number != ln.number - 1:
        return False
    if nxt is None or nxt.number != ln.number + 1:
        return True
    next_label, next_vals = label_and_values(nxt.text)
    return bool(next_label) and not next_label[:1].islower() and bool(next_vals)


def _lower_case_items(label: str, nxt: Line | None, ln: Line) -> bool:
    """"Oppervlakte in km²" / "binnenwater 7,73 ..." / "land 220,71 ...": a row in lower case under
    a caption is an item of it, not the caption's second line, when the row right after it also
    prints figures after a lower-case label (lower case is how this table writes its items); one
    blank line between the two rows is how some tables space them."""
    if not label[:1].islower() or nxt is None or nxt.number - ln.number > 2:
        return False
    next_label, next_vals = label_and_values(nxt.text)
    return bool(next_vals) and next_label[:1].islower()


def _label_goes_on(first: str, then: str) -> bool:
    """Whether `then` continues the label line `first`: it starts in lower case, or `first` breaks
    off ("restauratie /", "re-", "a,") or ends in an abbreviation ("Verlagen max.")."""
    return then[:1].islower() or first.rstrip().endswith(("/", "-", ",")) or abbreviated_label(first)


class WrapEvidence(NamedTuple):
    wrapped: bool  # the table's labels wrap: a label line right above figures is the label's start
    bare_rows: bool  # some figure rows have no label line above: a doubtful join may be a section caption


def _labels_wrap_above(row_lines: list[Line]) -> WrapEvidence:
    """A table whose labels are printed over two or three lines, the last one with the figures
    ("Versterking" / "Dorpskern 5.590.000 651.933"): most figure rows then have label-only lines
    right above them, each group followed by one figure row. Captions of sections ("Algemene
    reserves" over several rows) are the other reading, so it takes most rows to decide. A label line
    that surely goes on below ("Openbare orde" / "en veiligheid") is joined whatever the table does, so
    it says nothing of the doubtful ones: they must be most of the rows that are not sure wraps."""
    figures = above = sure = 0
    for i, ln in enumerate(row_lines):
        label, vals = label_and_values(ln.text)
        if not (vals and label):
            continue
        figures += 1
        prev = row_lines[i - 1] if i else None
        if prev is None or prev.number != ln.number - 1 or label_and_values(prev.text)[1]:
            continue
        if _NUMBERED_START.match(label) and not _NUMBERED_START.match(prev.text.strip()):
            continue  # "Overhead" over "3. Jeugd 10 11": a numbered row starts its own label
        before = row_lines[i - 2] if i > 1 else None
        ends_row_above = prev.text.strip()[:1].islower() and before is not None \
            and before.number == prev.number - 1 and bool(label_and_values(before.text)[1])
        if ends_row_above:  # "verstrekte leningen" under a row with figures ends that row's label
            continue
        if _label_goes_on(prev.text.strip(), label):
            sure += 1
        else:
            above += 1
    return WrapEvidence(above + sure >= SETTINGS.wrapped_min_rows and above >= SETTINGS.wrapped_min_share * (figures - sure),
                        figures > above + sure)


def is_parts_only(text: str) -> bool:
    toks = tokens(text)
    return len(toks) >= 2 and all(is_part(t) for t in toks)


def _placed(vals: list[str], line: Line) -> list[RawValue]:
    """Values with the right edge of their cell, when the line's last cells are exactly these values."""
    cells = [c for c in line.cells or () if c.x1 is not None]
    tail = cells[-len(vals):] if len(cells) >= len(vals) else []
    if tail and [c.text.strip() for c in tail] == [v.strip() for v in vals]:
        return [RawValue(v, line, c.x1) for v, c in zip(vals, tail)]
    return [RawValue(v, line) for v in vals]


def _header_right(header_lines: list[Line]) -> list[float] | None:
    best: list[float] = []
    for ln in header_lines:
        right = [c.x1 for c in ln.cells or () if c.x1 is not None and YEAR_RE.match(c.text.strip())]
        if len(right) > len(best):
            best = right
    return best or None


def _modal_value_count(lines: list[Line]) -> int:
    counts: dict[int, int] = {}
    for ln in lines:
        n = len(pdf_label_and_values(ln)[1])
        if n >= 2:
            counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else 0


def columns_by_x(header_lines: list[Line], row_lines: list[Line], n: int) -> tuple[list[str], list[str]] | None:
    """Header words placed on the value columns below them. Amounts are right-aligned, so a column
    owns the span from the previous column's right edge to its own; words left of the first column
    are the corner. Hyphenated header words ("Vermeerde-" / "ringen") are joined."""
    boxes = []
    for ln in row_lines:
        cells = [c for c in ln.cells or () if c.x0 is not None]
        vals = pdf_label_and_values(ln)[1]
        if len(vals) == n and len(cells) >= n and all(" " not in c.text.strip() or c.text.split()[0] in {"N", "V"}
                                                      for c in cells[-n:]):
            boxes.append([(c.x0, c.x1) for c in cells[-n:]])
    if len(boxes) < 2:
        return None
    right = [sorted(b[i][1] for b in boxes)[len(boxes) // 2] for i in range(n)]
    left0 = min(b[0][0] for b in boxes)
    pitch = min((right[i + 1] - right[i] for i in range(n - 1)), default=60.0)
    starts = [left0 - pitch * 0.5] + right[:-1]
    texts: list[list[str]] = [[] for _ in range(n)]
    corner: list[str] = []
    for hl in header_lines:
        words = [Cell(*w) for w in hl.words] if hl.words else list(hl.cells or ())
        line_corner = []
        for w in words:
            if w.x0 is None or w.x1 is None:
                return None
            centre = (w.x0 + w.x1) / 2
            if centre < starts[0]:
                line_corner.append(w.text)
                continue
            col = next((i for i in range(n) if starts[i] < centre <= right[i]), None)
            if col is None:
                col = next((i for i in range(n) if starts[i] < centre <= right[i] + pitch * 0.3), None)
            if col is None:
                col = min(range(n), key=lambda i: abs(right[i] - w.x1))
            if not hl.words and (w.x0 < starts[col] - 2 or w.x1 > right[col] + pitch * 0.5):
                return None  # a cell spanning several columns: cannot be placed without word boxes
            texts[col].append(w.text)
        if line_corner:
            corner.append(" ".join(line_corner))
    labels = [re.sub(r"(\w)- (\w)", r"\1\2", " ".join(t)).strip() for t in texts]
    if sum(1 for lb in labels if lb) * 2 < n:
        return None
    # A column whose header stands higher up (outside the header rows) keeps its place, numbered.
    return [lb or f"kolom {i + 1}" for i, lb in enumerate(labels)], corner


def _join_by_x(top: Line, bottom: Line) -> list[str] | None:
    """Kinds printed over years in two rows: join each year with the kind above it (overlap in x)."""
    kinds = [c for c in top.cells or () if c.x0 is not None]
    years = [c for c in bottom.cells or () if c.x0 is not None and YEAR_RE.match(c.text.strip())]
    if not kinds or len(years) < 2 or any(len(c.text.split()) > 3 for c in kinds):
        return None
    corner = [c.text for c in bottom.cells or () if not YEAR_RE.match(c.text.strip())]
    joined = []
    for y in years:
        best = max(kinds, key=lambda k: min(k.x1, y.x1) - max(k.x0, y.x0))
        if min(best.x1, y.x1) - max(best.x0, y.x0) < -5:
            return None
        joined.append(f"{best.text} {y.text}")
    return [" ".join(corner + joined)]


# --- one cell per paragraph

def _cells(block: Block) -> RawTable:
    cells: list[ParaCell] = block.data["cells"]
    header_idx: list[int] = block.data.get("header", [])
    corner_idx: list[int] = block.data.get("corner", [])
    family = block.data.get("family")
    grid = block.data.get("grid")
    head_end = max(header_idx + corner_idx, default=-1) + 1
    if grid:
        head_end = max(header_idx, default=-1) + 1
    corner = [cells[i].text for i in corner_idx]
    unit_lines = []
    for t in list(corner):
        if find_unit(t):
            unit_lines.append(t)
    header = [cells[i].text for i in header_idx if cells[i].text != NBSP]
    body = cells[head_end:]
    layout = "soort" if family else ("grid" if grid else "cells")
    raw = RawTable(layout, header, corner=corner, unit_lines=unit_lines, grid_width=grid, body=body, block=block)
    if layout == "cells":
        raw.rows = _cell_rows(body)
    return raw


def _cell_rows(body: list[ParaCell]) -> list[RawRow]:
    """Label cells followed by value cells; consecutive label cells are resolved later."""
    rows: list[RawRow] = []
    labels: list[ParaCell] = []
    values: list[ParaCell] = []
    number: str | None = None
    measure: str | None = None

    def flush() -> None:
        nonlocal labels, values, number, measure
        if labels or values:
            line = (labels or values)[0].lines[0]
            rows.append(RawRow([c.text for c in labels], [RawValue(v.text, v.lines[0]) for v in values],
                               line, number=number, measure=measure))
        labels, values, number, measure = [], [], None, None

    for i, cell in enumerate(body):
        if values and MEASURE.match(cell.text.strip()):
            measure = cell.text.strip()  # "31.868" / "ha" / "31.868" / "ha": the unit of the figures
            continue
        if is_value_cell(cell):
            nxt = body[i + 1] if i + 1 < len(body) else None
            if _CODE.match(cell.text.strip()) and nxt is not None and not is_value_cell(nxt):
                flush()  # "0.64" / "Belastingen overig": a taakveld code opens the next row
                number = cell.text.strip()
                continue
            if not labels and not values and _row_number(cell):
                number = cell.text.strip()
                continue
            values.append(cell)
        else:
            if values:
                flush()
            labels.append(cell)
    flush()
    return rows


# A row code that is no Dutch amount: "0.2", "0.64", "6.", "1.1a" (thousands groups have three digits).
_CODE = re.compile(r"^\d{1,2}\.(?:\d{1,2}[a-z]?)?$")


def _row_number(cell: ParaCell) -> bool:
    return bool(re.match(r"^\d{1,3}\.?$", cell.text.strip())) and not YEAR_RE.match(cell.text.strip())


def split_trailing_number(raw: RawTable, ncols: int) -> None:
    """A small integer after a full row, before a label, is the next row's "Nr." cell (113).
    Only for one cell per paragraph: in a row per line the number is part of the label."""
    if raw.layout != "cells":
        return
    rows = raw.rows
    for a, b in zip(rows, rows[1:]):
        if len(a.values) == ncols + 1 and b.number is None and b.labels and re.match(r"^\d{1,3}$", a.values[-1].raw.strip()):
            b.number = a.values.pop().raw.strip()
        elif len(a.values) == 1 and ncols >= 2 and a.labels and b.number is None and b.labels and b.values \
                and re.match(r"^\d{1,2}$", a.values[0].raw.strip()):
            b.number = a.values.pop().raw.strip()  # "Vaste activa" / "1" / "Immateriële vaste activa" / ...


def is_empty_raw(raw: str) -> bool:
    return raw.replace(NBSP, "").strip() == ""


def numeric(raw: str) -> bool:
    cv = try_parse_cell(raw)
    return cv is not None and cv.value is not None
