"""Stream -> blocks. Each non-blank line is claimed by exactly one block.

Detectors run in a fixed order, each claiming the lines it recognises: "Begroot vs Realisatie"
comparisons, `|` tables, row-per-line tables, lists, cell-per-paragraph tables; what is left
becomes headings, navigation boilerplate and narrative text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .headwords import is_header_text, is_part, scenario_of, split_groups, unglue
from .normalise.numbers import NBSP, try_parse_cell
from .normalise.units import find_unit
from .models import Scenario
from .stream import Line
from .lexicon import (DATE_RE, DATED_HEAD, MEASURE, YEAR_RE, BULLET, WEB_FURNITURE_LINE as _BOILERPLATE, COMPARISON_TITLE as _COMPARE_TITLE, COMPARISON_KEYS as _COMPARISON_KEYS,
                      INDICATOR_SOORT as _SOORT, INDICATOR_SUBROW as _SUBROW_MARK, MONEY_ROW_WORDS as _MONEY_LABEL,
                      NUMBERED_CAPTION as _CAPTION_NUMBER)
from .settings import SETTINGS

_GLUED_VALUES = re.compile(r"^-?\d[\d.\-]{8,}$")

_SPACES = re.compile(r"[ \t]+")


@dataclass
class Cell:
    """A cell of a cell-per-paragraph table: its text and the lines it came from."""

    text: str
    lines: list[Line]


@dataclass
class Block:
    kind: str  # comparison | pipe_table | row_table | cell_table | list | heading | text | boilerplate
    lines: list[Line]
    heading_path: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.lines[0].number


# ----------------------------------------------------------------------------- line classes

@lru_cache(maxsize=32768)
def tokens(text: str) -> tuple[str, ...]:
    """Split on ordinary spaces only: a lone U+00A0 is an empty cell, inside words it is a space."""
    return tuple(t for t in _SPACES.split(text.strip(" \t")) if t != "")


@lru_cache(maxsize=32768)
def label_and_values(text: str) -> tuple[str, tuple[str, ...]]:
    """"1. Openbare orde 3.464 39" -> ("1. Openbare orde", ["3.464", "39"]); markers stay with amounts."""
    toks = tokens(text)
    vals: list[str] = []  # right to left (appending keeps a line of 300k figures linear)
    i = len(toks) - 1
    while i >= 0:
        tok = toks[i]
        if try_parse_cell(tok) is not None:
            if i > 0 and toks[i - 1] in {"N", "V"} and try_parse_cell(toks[i - 1] + " " + tok):
                vals.append(f"{toks[i - 1]} {tok}")
                i -= 2
                continue
            vals.append(tok)
            i -= 1
            continue
        if tok in {"N", "V"} and vals:
            vals[-1] = f"{vals[-1]} {tok}"
            i -= 1
            continue
        if tok == "€" and vals and not vals[-1].startswith("€") and try_parse_cell(f"€ {vals[-1]}") is not None \
                and find_unit(text) is None:
            vals[-1] = f"€ {vals[-1]}"  # "Lasten € 1.000 € 2.000": the sign printed apart belongs to its amount
            i -= 1
            continue
        break
    ordered = list(reversed(vals))
    take = _period_in_label(toks[: i + 1], ordered)
    label = " ".join(toks[: i + 1 + take])
    return label, tuple(ordered[take:])


_PERIOD_YEAR = re.compile(r"(?:19|20)\d\d")


def _period_in_label(label: list[str], values: list[str]) -> int:
    """How many leading "values" are a period that ends the label ("Investeringsprogramma 2020 -
    2023", "Kapitaallasten 2020 t/m 2023"): a year range, never a figure, a nil dash and a figure."""
    def period(a: str, b: str) -> bool:
        return bool(_PERIOD_YEAR.fullmatch(a) and _PERIOD_YEAR.fullmatch(b)) and 0 < int(b) - int(a) <= SETTINGS.period_max_years

    if len(values) >= 3 and values[1] in {"-", "–"} and period(values[0], values[2]) and label:
        return 3
    if values and len(label) >= 2 and label[-1].lower() in {"t/m", "tot", "-", "–"} and period(label[-2], values[0]):
        return 1
    return 0


@lru_cache(maxsize=32768)
def is_row_line(text: str, min_values: int = 2) -> bool:
    label, vals = label_and_values(text)
    if not label or not re.search(r"[A-Za-zÀ-ÿ]", label) or len(label) > 140:
        return False
    if label.endswith((".", ",")) and len(label.split()) > 8:
        return False
    if _FORMULA.search(text):
        return False  # "Berekening EMU-saldo = post 1 – 2 + 3 – 4 – 5": the figures name rows, they are no values
    return len(vals) >= min_values


_FORMULA = re.compile(r"=[^=]*?\d+(?:\s*[-–+×x/]\s*\d+)+\s*$")


def warm(texts: Iterable[str]) -> None:
    """Fill the per-line caches ahead of `segment`, e.g. while PDF page workers are still busy.

    The classifiers are pure functions of the text, so any subset in any order gives the same
    segmentation; this only moves work to where a core would otherwise wait.
    """
    for text in texts:
        if text.strip():
            label_and_values(text)
            header_groups(text)


def is_glued_row(text: str) -> bool:
    return glued_parts(text) is not None


def glued_parts(text: str) -> tuple[str, str] | None:
    """(label, figures) of a row whose cells were printed without separators: "Bestuur 1.234300-934",
    or with the label glued on as well, "Bestuur1.234300-934"; None for any other line."""
    toks = tokens(text)
    if not toks:
        return None
    last = toks[-1]
    if YEAR_RE.match(last):
        return None  # "2022-2025": a period, not figures
    if len(toks) >= 2 and _GLUED_VALUES.match(last) and not _GROUPED_AMOUNT.match(last) \
            and re.search(r"[A-Za-z]", " ".join(toks[:-1])):  # "1. Afval 29.26328.534-729": a numbered label
        return " ".join(toks[:-1]), last
    m = _GLUED_TAIL.match(last)
    if m and _GLUED_VALUES.match(m.group(2)) and not _GROUPED_AMOUNT.match(m.group(2)) and not YEAR_RE.match(m.group(2)):
        return " ".join([*toks[:-1], m.group(1)]), m.group(2)
    return None


_GLUED_TAIL = re.compile(r"^(.*[A-Za-zÀ-ÿ)])(-?\d[\d.\-]*)$")  # "Bestuur1.234300-934": a word, then figures


# One amount with its thousands grouped by points ("2.155.198"): cells glued together break the
# grouping ("1.2341.300"), so a well-grouped figure is one figure.
_GROUPED_AMOUNT = re.compile(r"^-?\d{1,3}(?:\.\d{3}){1,3}$")


_ABBREVIATED_END = re.compile(r"\s[A-Z][a-z]{1,5}\.$")  # "... Begroting na wijziging Rek.": a kind cut short


@lru_cache(maxsize=32768)
def header_groups(text: str) -> int:
    """Number of column groups with a year or kind in a header-looking line (0 if not a header)."""
    t = unglue(text) if re.search(r"[a-z](?:19|20)\d\d|\d[A-Z]", text) else text
    t = " ".join(t.split())  # lengths as read, not as padded into columns
    long_stop = t.endswith(".") and len(t) > 80  # a sentence, unless the stop ends an abbreviated kind ("Rek.")
    if len(t) > 220 or (long_stop and not _ABBREVIATED_END.search(t)):
        return 0
    corner, groups = split_groups(t)
    if len(corner) > 80 or (long_stop and not (groups and groups[-1].kind_words
                                               and groups[-1].text == t.rsplit(" ", 1)[-1])):
        return 0
    useful = [g for g in groups if g.year or g.kind_words]
    return len(useful)


def is_parts_line(text: str) -> bool:
    """"Lasten Baten Saldo ..." (possibly after a corner such as the sign convention or the unit)."""
    toks = tokens(unglue(text))
    n = 0
    for t in reversed(toks):
        if not is_part(t):
            break
        n += 1
    if n < 2:
        return False
    return n == len(toks) or len(toks) - n <= 8 and not is_row_line(text, 1)


_FOOTNOTED = re.compile(r"\d{1,3}\s+[^\W\d_]{2}")  # "1. 1 Fte per 1.000 inwoners": a note's number, then words


def is_bullet(text: str) -> bool:
    if not BULLET.match(text):
        return False
    rest = BULLET.sub("", text, count=1)
    if _FOOTNOTED.match(rest) and not label_and_values(rest)[1]:
        return True  # the numbered notes under a table repeat the note's number; a row would end in figures
    return bool(re.match(r"[^\d\s€\-–(]|\(\D|€\s?\d", rest)) or len(rest) > 40


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.match(text))


def is_headingish(text: str) -> bool:
    t = text.strip().replace(NBSP, " ")
    if not t or len(t) > 100 or len(t.split()) > 14:
        return False
    if t.endswith((".", ",", ";")) and not re.match(r"^\d+(\.\d+)*\.?\s", t):
        return False
    if try_parse_cell(t) is not None or is_bullet(text) or _values_only(t) or _prints_amounts(t):
        return False
    return bool(re.match(r"^[\dA-ZÀ-Ý'‘“\"(]", t))


def _prints_amounts(text: str) -> bool:
    """A label and two or more figures, one of them an amount of three digits or more and no year: a
    table row, even with the rows around it out of sight (a heading may end in one number, a year or a
    period, never in a row of amounts)."""
    label, values = label_and_values(text)
    if not label or len(values) < 2:
        return False
    return any(len(re.sub(r"\D", "", v)) >= 3 and not YEAR_RE.fullmatch(v.strip()) for v in values)


# ----------------------------------------------------------------------------- segmenter

class _Claims:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.owner: list[int | None] = [None] * len(lines)
        self.n = len(lines)
        self.blocks: list[Block] = []

    def free(self, i: int) -> bool:
        return 0 <= i < self.n and self.owner[i] is None

    def claim(self, idx: list[int], kind: str, **data: object) -> Block:
        idx = sorted(i for i in idx if not self.lines[i].is_blank)
        block = Block(kind, [self.lines[i] for i in idx], data=dict(data))
        for i in idx:
            self.owner[i] = len(self.blocks)
        self.blocks.append(block)
        return block


def _starts(at: list[int], n: int) -> Callable[[int], int]:
    """For a detector whose runs can only start on some lines, `at` (ascending; found by a test of the line
    alone, which claims do not change, and which may let more lines through than can start a run): the first
    of them at or after i, `n` (the end) when none is left. The detector jumps from one to the next instead
    of asking each line in turn (a pass of Python per line and detector: most of the segmenter's time on
    prose), and still asks those it lands on everything it did. The tests are written out in the callers'
    comprehensions, without a call per line."""
    at = [*at, n]

    def first_from(i: int) -> int:
        k = bisect_left(at, i)
        return at[k] if k < len(at) else i

    return first_from


class GridRegion(Protocol):
    """A table region a PDF grid finder returns: the stream indices it claims (`extract.pdf_grid.Grid`)."""

    header: list[int]
    rows_idx: list[int]
    unit_lines: list[int]


#: Finds the table regions of PDF lines by their geometry; given the lines and which of them are still free.
GridFinder = Callable[[list[Line], Callable[[int], bool]], Sequence[GridRegion]]


def segment(lines: list[Line], find_grids: GridFinder | None = None) -> list[Block]:
    """Lines -> blocks. `find_grids` reads PDF table regions from geometry (the pipeline passes
    `extract.pdf_grid.find_grids`): the segmenter claims them first and knows nothing of how they are read."""
    claims = _Claims(lines)
    _find_comparisons(claims)
    _find_column_lists(claims)
    _find_pipe_tables(claims)
    if find_grids is not None:
        _find_pdf_grids(claims, find_grids)
    _find_row_tables(claims)
    _find_pair_tables(claims)
    _find_labelled_figures(claims)
    _find_pdf_figure_runs(claims)
    _find_lists(claims)
    _find_dated_lists(claims)
    _find_cell_tables(claims)
    _rest(claims)
    blocks = sorted(claims.blocks, key=lambda b: b.first)
    _assign_heading_paths(blocks)
    return blocks


def _find_pdf_grids(c: _Claims, find_grids: GridFinder) -> None:
    """PDF only: tables read from cell geometry (`extract.pdf_grid`) before any text reading."""
    if not any(ln.cells is not None and ln.page is not None and ln.bbox is not None for ln in c.lines):
        return
    for grid in find_grids(c.lines, c.free):
        c.claim(sorted(set(grid.header + grid.rows_idx + grid.unit_lines)), "row_table", header=grid.header, rows=grid.rows_idx,
                footnotes=[], unit_lines=grid.unit_lines, repeated_header=[], pdf_grid=grid)


def _next_nonblank(lines: list[Line], i: int) -> int:
    while i < len(lines) and lines[i].is_blank:
        i += 1
    return i


def _prev_nonblank(lines: list[Line], i: int) -> int:
    while i >= 0 and lines[i].is_blank:
        i -= 1
    return i


# --- "Begroot vs Realisatie"

def _triplet_at(lines: list[Line], i: int) -> int | None:
    """begroot / € x / realisatie / € y / afwijking / € z [p%] (or their synonyms, "Begroot / Rekening /
    Verschil"): returns the index after it."""
    j = i
    for keys in _COMPARISON_KEYS:
        if j + 1 >= len(lines) or lines[j].text.strip().lower() not in keys:
            return None
        if not lines[j + 1].text.strip() or not re.search(r"\d", lines[j + 1].text):
            return None
        j += 2
    return j


_BEGROOT = re.compile("|".join(sorted(_COMPARISON_KEYS[0])), re.IGNORECASE)  # a line that may open a card


def _find_comparisons(c: _Claims) -> None:
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if _BEGROOT.search(ln.text)], len(lines))  # `_triplet_at`'s first key
    i = jump(0)
    while i < len(lines):
        end = _triplet_at(lines, i) if c.free(i) else None
        if end is None:
            i = jump(i + 1)
            continue
        idx = list(range(i, end))
        triplets = [(i, end)]
        j = end
        while (nxt := _triplet_at(lines, j)) is not None:
            triplets.append((j, nxt))
            idx += list(range(j, nxt))
            j = nxt
        # Title lines: "Begroot vs Realisatie" + "Lasten", or a product name before a blank line.
        title, label = None, None
        p = _prev_nonblank(lines, i - 1)
        if p >= 0 and c.free(p) and lines[p].text.strip().lower() in {"lasten", "baten", "saldo"}:
            label = lines[p].text.strip()
            idx.append(p)
            q = _prev_nonblank(lines, p - 1)
            if q >= 0 and c.free(q) and _COMPARE_TITLE.match(lines[q].text):
                title = lines[q].text.strip()
                idx.append(q)
        elif p >= 0 and c.free(p) and _COMPARE_TITLE.match(lines[p].text):
            title = lines[p].text.strip()
            idx.append(p)
        elif p >= 0 and c.free(p) and is_headingish(lines[p].text) and p == i - 2:
            title = lines[p].text.strip()
            idx.append(p)
        c.claim(idx, "comparison", title=title, label=label, triplets=triplets)
        i = j


# --- "|" tables

def _is_pipe(text: str) -> bool:
    return text.count("|") >= 2 or text.strip() == "|" or bool(re.match(r"^\s*-{3,}\s*\|", text))


def _pipe_cells(text: str) -> list[str]:
    """The cells of a pipe row: one border pipe at each end is no cell, every other pipe separates
    two (so `a | ||||` has its empty cells, as many as the rows printed in full)."""
    t = text.strip()
    t = t[1:] if t.startswith("|") else t
    t = t[:-1] if t.endswith("|") else t
    return [x.strip() for x in t.split("|")]


def _filled_width(cells: list[str]) -> int:
    """Cells up to the last one printed: a row that leaves its last cells empty may drop their pipes."""
    return max((k + 1 for k, x in enumerate(cells) if x), default=0)


def _same_pipe_table(rows: list[Line], nxt: Line) -> bool:
    """A pipe row after a blank line goes on the table above: not a header of its own (years and
    kinds only), from a web page a row of the same <table>, and as many cells as the rows above, or,
    holding a figure after its label, no more cells than they print (its empty cells dropped)."""
    last = rows[-1]
    if last.html_path and nxt.html_path and _table_path(last.html_path) != _table_path(nxt.html_path):
        return False
    cells = _pipe_cells(nxt.text)
    if any(x and (YEAR_RE.match(x) or is_header_text(x)) for x in cells[1:]) \
            and all(YEAR_RE.match(x) or is_header_text(x) for x in cells[1:] if x):
        return False
    widths = [len(_pipe_cells(r.text)) for r in rows]
    if len(cells) == widths[-1]:
        return True
    return 2 <= _filled_width(cells) <= max(widths) and any(try_parse_cell(x) is not None for x in cells[1:] if x)


def _table_path(path: str) -> str:
    return re.split(r" > (?:thead|tbody|tfoot|tr)\b", path, maxsplit=1)[0]


def _find_pipe_tables(c: _Claims) -> None:
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if "|" in ln.text], len(lines))
    i = jump(0)
    while i < len(lines):
        if c.free(i) and lines[i].text.count("|") >= 2:
            j = i
            taken: list[int] = []
            while j < len(lines) and c.free(j):
                if _is_pipe(lines[j].text):
                    taken.append(j)
                    j += 1
                elif (lines[j].is_blank and taken and j + 1 < len(lines) and c.free(j + 1)
                      and _is_pipe(lines[j + 1].text) and _same_pipe_table([lines[k] for k in taken], lines[j + 1])):
                    j += 1  # one blank line between two rows of as many cells: the table goes on
                else:
                    break
            if len(taken) >= 2:
                c.claim(taken, "pipe_table")
            i = j
        else:
            i = jump(i + 1)


# --- row-per-line tables

def _find_row_tables(c: _Claims) -> None:
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if not ln.is_blank], len(lines))
    i = jump(0)
    while i < len(lines):
        if not c.free(i) or lines[i].is_blank:
            i = jump(i + 1)  # a blank line starts no table: no header, no row, no unit line's first row (half of a text)
            continue
        text = lines[i].text
        header = (header_groups(text) >= 2 and (not is_row_line(text, 3) or _years_only_tail(text))) \
            or _one_group_over_parts(c, i) or _one_column_header(c, i)
        start = i
        j = i
        header_idx: list[int] = []
        cell_header = 0 if header else _cell_header_over_rows(c, i)
        if cell_header:
            # A header printed one cell per line ("Programma" / "2016" / "Baten" / "2016" / "Lasten")
            # over rows printed one per line.
            header = True
            header_idx = list(range(i, i + cell_header))
            j = i + cell_header
        elif header:
            if i > 0 and c.free(i - 1) and is_parts_line(lines[i - 1].text) and not lines[i - 1].is_blank:
                header_idx.append(i - 1)  # "LASTEN BATEN" printed over the years
            header_idx.append(j)
            j += 1
            # Stacked header rows: kinds over years ("Rekening Begroting" / "2022 2023"), parts, hyphenated words.
            while j < len(lines) and c.free(j) and len(header_idx) < 4 and (
                    is_parts_line(lines[j].text) or _years_only_tail(lines[j].text) or _dates_tail(lines[j].text)
                    or (header_groups(lines[j].text) >= 2 and not is_row_line(lines[j].text, 3))):
                header_idx.append(j)
                j += 1
            k = j
            while k < len(lines) and k - j < 3 and c.free(k) and (_caption(lines[k].text) or _numbered_label(lines[k].text)):
                k += 1  # caption rows ("Algemene reserves", "P3 Bestuur en Middelen") under the header
            if not (k < len(lines) and c.free(k) and (is_row_line(lines[k].text, 1) or is_glued_row(lines[k].text)
                                                      or _lone_pdf_value(lines[k]))):
                i += 1
                continue
            above = _header_lines_above(c, header_idx[0])
            header_idx = above + header_idx
            start = header_idx[0]
        elif not ((is_row_line(text) and i + 1 < len(lines) and c.free(i + 1) and is_row_line(lines[i + 1].text))
                  or _unit_led_column(c, i)):
            i += 1
            continue
        else:
            above = _prev_nonblank(lines, i - 1)
            if above == i - 1 and c.free(above) and is_parts_line(lines[above].text):
                header_idx = [above]  # "Kosten baten kostendek." over a table without years
                start = above
                kinds = above - 1  # "Programma Begroting 2025" over "Lasten Baten Saldo": one group
                if kinds >= 0 and c.free(kinds) and not lines[kinds].is_blank \
                        and header_groups(lines[kinds].text) == 1 and not is_row_line(lines[kinds].text, 2):
                    header_idx = [kinds, above]
                    start = kinds
        rows: list[int] = []
        repeated: list[int] = []
        heads = [" ".join(lines[h].text.split()) for h in header_idx]  # the header as printed, to know it again
        joined: dict[int, int] = {}  # figures line -> its label line, a blank line apart
        while j < len(lines) and c.free(j):
            t = lines[j].text
            if _CAPTION_NUMBER.match(t):
                break  # "Tabel 1" under the table: its caption, never a row with the figure 1
            if rows and header_idx and _header_again(t, heads):
                repeated.append(j)  # the header printed again (over a balance's second half): no row of figures
                j += 1
                continue
            if rows and _unit_statement_only(t):
                break  # "bedragen x €1.000" under the table: its unit line, never a row with the figure 1.000
            if lines[j].is_blank and rows and header and _empty_row_of_spaces(c, j):
                j += 1  # an empty row printed as its cells' spaces: the table goes on
                continue
            if lines[j].is_blank and rows and header and _same_row_after_blank(c, j, rows[-1]):
                j += 1  # one blank line between two rows of as many figures: the table goes on
                continue
            if lines[j].is_blank and rows and header:
                cont = _continues_on_next_page(c, j, rows[-1], header_idx)
                if cont is not None:
                    j, again = cont
                    repeated += again
                    continue
            if _figure_row(lines[j]) or is_glued_row(t) \
                    or (header and (_values_only(t) or _lone_pdf_value(lines[j]))) \
                    or (_values_only(t) and _as_wide_as_last_row(lines, rows, t)):
                rows.append(j)
                j += 1
                continue
            pair = _label_apart_from_figures(c, j) if rows and header else None
            if pair is not None:  # "Subtotaal" / blank / "3.452 5.034 2.984": one row
                rows += pair
                joined[pair[1]] = pair[0]
                j = pair[1] + 1
                continue
            # A caption row ("Omschrijving algemene dekkingsmiddelen") between rows, or the second line
            # of a label printed around its figures.
            if (_caption(t) or ((rows or header) and _label_line(lines[j]))) and (
                    _figures_follow(c, j + 1, header)
                    or (rows and rows[-1] == j - 1 and (_values_only(lines[j - 1].text)
                                                        or _lone_pdf_value(lines[j - 1])))):
                rows.append(j)
                j += 1
                continue
            items = _itemised_group(c, j) if rows else 0
            if items:  # "- Bestuursstukken" / "- Gemeentearchief" / "Totaal secretarieleges 51.509 ..."
                rows.extend(range(j, j + items))
                j += items
                continue
            break
        footnotes: list[int] = []
        while j < len(lines) and c.free(j) and re.match(r"^\s*(\*+|\(\d\)|\d\))\s*\S", lines[j].text):
            footnotes.append(j)
            j += 1
        if len([r for r in rows if is_row_line(lines[r].text, 1) or is_glued_row(lines[r].text)]) >= (1 if header else 2):
            unit_idx = _unit_line_before(c, start)
            after = _next_nonblank(lines, j)
            if after < len(lines) and c.free(after) and after - j <= 2 and find_unit(lines[after].text) \
                    and len(lines[after].text) < SETTINGS.unit_line_max_chars:
                unit_idx.append(after)  # a unit line printed under the table
            c.claim(header_idx + rows + footnotes + unit_idx + repeated, "row_table", header=header_idx, rows=rows,
                    footnotes=footnotes, unit_lines=unit_idx, repeated_header=repeated, joined=joined)
            i = j
        else:
            i += 1


# --- two-cell rows: a label and one value, set apart by a run of spaces

_PAIR = re.compile(r"^(?P<label>\S(?:\S| (?! ))*?) {2,}(?P<value>\S(?:\S| (?! ))*)$")


def pair_cells(text: str) -> tuple[str, str] | None:
    """"Lonen en sociale lasten  3,08%" -> (label, value): exactly two cells, two or more spaces apart."""
    if "  " not in text:
        return None  # no two spaces in a row, no gap between cells (most prose): asked before the pattern
    m = _PAIR.match(text.strip(" \t"))
    if m is None or len(m.group("label")) > SETTINGS.pair_label_max_chars or len(m.group("value")) > SETTINGS.pair_value_max_chars \
            or not re.search(r"[A-Za-zÀ-ÿ]", m.group("label")):
        return None
    return m.group("label"), m.group("value")


def _pair_figure(value: str) -> bool:
    return try_parse_cell(value) is not None and bool(re.search(r"\d", value)) and not YEAR_RE.fullmatch(value)


def _find_pair_tables(c: _Claims) -> None:
    """Key-value tables ("Omschrijving Grondslag" / "Prijzen  0,90%" / "Tarieven  Kostendekkend"):
    three or more lines in a row of a label and one value, set apart by two or more spaces, most
    values figures. A short line of words right above names the label and value columns. A cell
    of several lines inside the run (a caption and its items, then their values) is kept too."""
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if "  " in ln.text], len(lines))  # `pair_cells`' first test
    i = jump(0)
    while i < len(lines):
        j = i
        rows: list[int] = []
        stacked: list[tuple[int, list[int], list[int]]] = []
        while j < len(lines):
            if _pair_line(c, j):
                rows.append(j)
                j += 1
                continue
            found = _stacked_cell(c, j) if rows else None
            if found is None:
                break
            stacked.append(found[0])
            j = found[1]
        if not rows:
            i = jump(i + 1)  # no pair here (most lines): nothing to count
            continue
        figures = sum(1 for k in rows if _pair_figure(pair_cells(lines[k].text)[1]))  # type: ignore[index]
        if len(rows) < SETTINGS.pair_min_rows or figures * 2 < len(rows):
            i = jump(max(j, i + 1))
            continue
        header: list[int] = []
        p = i - 1
        if p >= 0 and c.free(p) and not lines[p].is_blank and _pair_header(lines[p].text):
            header = [p]
        inside = [k for cap, items, values in stacked for k in (cap, *items, *values)]
        c.claim(header + rows + inside, "row_table", header=header, rows=rows, footnotes=[],
                unit_lines=_unit_line_before(c, header[0] if header else i), repeated_header=[], pairs=True,
                stacked=stacked)
        i = j


def _pair_line(c: _Claims, j: int) -> bool:
    ln = c.lines[j]
    return c.free(j) and not ln.is_blank and ln.cells is None and pair_cells(ln.text) is not None


def _stacked_cell(c: _Claims, j: int) -> tuple[tuple[int, list[int], list[int]], int] | None:
    """"Overige lokale heffingen:" / "- Afvalstoffenheffing" / "- Overige heffingen" / (blank) /
    "Kostendekkend" / "0,90%", then the run of pairs goes on: a two-cell row whose cells hold several
    lines each (a flattened web table). As many value lines as items, matched in order:
    ((caption, items, values), the line after it), or None."""
    lines = c.lines
    t = lines[j].text.strip()
    if not c.free(j) or not t.endswith(":") or len(t) > SETTINGS.pair_label_max_chars or pair_cells(t) is not None:
        return None
    k = j + 1
    items: list[int] = []
    while k < len(lines) and len(items) < SETTINGS.stacked_max_items and _pair_line_free(c, k) and BULLET.match(lines[k].text):
        items.append(k)
        k += 1
    gap = 0
    while k < len(lines) and lines[k].is_blank and gap < SETTINGS.stacked_max_gap:
        k += 1
        gap += 1
    values: list[int] = []
    while k < len(lines) and len(values) < len(items) and _pair_line_free(c, k) and not BULLET.match(lines[k].text) \
            and len(lines[k].text.strip()) <= SETTINGS.pair_value_max_chars:
        values.append(k)
        k += 1
    if not items or len(values) != len(items) or k >= len(lines) or not _pair_line(c, k):
        return None
    return (j, items, values), k


def _pair_line_free(c: _Claims, k: int) -> bool:
    """A free, non-blank line that is no label-and-value pair: one line of a stacked cell."""
    ln = c.lines[k]
    return c.free(k) and not ln.is_blank and ln.cells is None and pair_cells(ln.text) is None \
        and len(ln.text.strip()) <= SETTINGS.pair_label_max_chars


_LABELLED = re.compile(r"^(?P<label>[^:]{1,60}?):\s+(?P<value>\S.{0,39})$")
_TRAILING_WORD = re.compile(r"^(?P<figure>.*\d.*?)\s+(?P<word>[a-zà-ÿ]{1,12}\.?)$")


def labelled_figure(text: str) -> tuple[str, str, str | None] | None:
    """"• Gemiddelde leeftijd: 44,2 jaar" -> ("Gemiddelde leeftijd", "44,2", "jaar"): a bulleted
    label, a colon, and one figure with at most one word of unit after it."""
    if not BULLET.match(text):
        return None
    m = _LABELLED.match(BULLET.sub("", text, count=1).strip())
    if m is None:
        return None
    value, word = m.group("value").strip(), None
    if try_parse_cell(value) is None and (w := _TRAILING_WORD.match(value)) is not None:
        value, word = w.group("figure").strip(), w.group("word")
    cv = try_parse_cell(value)
    if cv is None or cv.value is None or YEAR_RE.fullmatch(value):
        return None  # "Afgerond: 2024" is a date, not a key figure
    return m.group("label").strip(), value, word


def _find_labelled_figures(c: _Claims) -> None:
    """A bulleted run of "name: figure" items and nothing else ("• Aantal inwoners: 26.762",
    "• Aandeel alleenwonenden: 26,5%"): key figures, one value each, so a table of one column
    rather than a list of sentences. Three or more items; one that is no such pair keeps the list."""
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if BULLET.match(ln.text)], len(lines))  # `labelled_figure`'s first test
    i = jump(0)
    while i < len(lines):
        j = i
        while j < len(lines) and c.free(j) and not lines[j].is_blank and labelled_figure(lines[j].text):
            j += 1
        if j - i >= SETTINGS.pair_min_rows and (j == len(lines) or not (c.free(j) and is_bullet(lines[j].text))) \
                and (i == 0 or not (c.free(i - 1) and is_bullet(lines[i - 1].text))):
            c.claim(list(range(i, j)), "row_table", header=[], rows=list(range(i, j)), footnotes=[],
                    unit_lines=[], repeated_header=[], pairs="labelled")
        i = jump(max(j, i + 1))


def _find_pdf_figure_runs(c: _Claims) -> None:
    """PDF lines of a label and an amount or two, each amount a cell of its own well right of the label
    ("Kosten taakveld(en) incl. omslagrente" ... "2.392.223"): a table without a header (a
    kostendekkingsberekening, key figures), its columns the amounts' right edges. Three such lines or
    more, with at most two caption lines ("Toe te rekenen kosten:") between them."""
    lines = c.lines
    # Only a PDF line of two cells or more can open a run (a text has none: the detector costs it nothing).
    jump = _starts([k for k, ln in enumerate(lines) if ln.cells and len(ln.cells) >= 2 and ln.cells[0].x0 is not None],
                   len(lines))
    i = jump(0)
    while i < len(lines):
        if not _pdf_figure_line(c, i):
            i = jump(i + 1)
            continue
        rows: list[int] = []
        pending: list[int] = []
        figures = 0
        j = i
        while j < len(lines) and c.free(j) and not lines[j].is_blank:
            if _pdf_figure_line(c, j):
                rows += [*pending, j]
                pending = []
                figures += 1
            elif len(pending) < 2 and _pdf_caption_line(lines[j]):
                pending.append(j)
            else:
                break
            j += 1
        if figures >= SETTINGS.pair_min_rows:
            c.claim(rows, "row_table", header=[], rows=rows, footnotes=[], unit_lines=_unit_line_before(c, rows[0]),
                    repeated_header=[])
            i = jump(rows[-1] + 1)
        else:
            i = jump(max(j, i + 1))


def _pdf_figure_line(c: _Claims, j: int) -> bool:
    ln = c.lines[j]
    cells = ln.cells
    if not c.free(j) or ln.is_blank or not cells or len(cells) < 2 or cells[0].x0 is None or ln.heading_level:
        return False
    label, values = pdf_label_and_values(ln)
    if not label or not _WORD.search(label) or len(label) > SETTINGS.pair_label_max_chars or label.endswith(".") \
            or not 1 <= len(values) <= 2 or len(cells) != 1 + len(values):
        return False  # the label one cell, each amount one cell: nothing else on the line
    if any(YEAR_RE.fullmatch(v) for v in values) or not all(re.search(r"\d", v) for v in values):
        return False
    gap = (cells[1].x0 or 0) - (cells[0].x1 or 0)
    return gap >= SETTINGS.pdf_figure_gap_sizes * (ln.size or 10.0)


def _pdf_caption_line(ln: Line) -> bool:
    """A caption between the rows of such a run: one short cell of words, no figures."""
    t = ln.text.strip()
    return bool(ln.cells) and len(ln.cells) == 1 and len(t) <= SETTINGS.pair_label_max_chars and _WORD.search(t) is not None \
        and not label_and_values(t)[1] and not t.endswith(".")


def _pair_header(text: str) -> bool:
    """"Omschrijving Grondslag": two to four words, no figures, no sentence."""
    t = text.strip()
    words = t.split()
    return 2 <= len(words) <= 4 and len(t) <= SETTINGS.pair_label_max_chars and not re.search(r"\d", t) \
        and not t.endswith((".", ":", ",")) and is_row_line(t, 1) is False


def _cell_header_over_rows(c: _Claims, i: int) -> int:
    """The number of lines of a header printed one short cell per line, starting a paragraph at `i`,
    with at least two year or kind cells among them, and followed (after at most a few caption
    lines) by a row with figures; 0 when there is none."""
    lines = c.lines
    if i > 0 and c.free(i - 1) and not lines[i - 1].is_blank:
        return 0
    k = i  # a paragraph too short to hold the header cells, whatever they say (most are): asked before reading them
    while k < len(lines) and k - i < SETTINGS.cell_header_min_cells and c.free(k) and not lines[k].is_blank:
        k += 1
    if k - i < SETTINGS.cell_header_min_cells:
        return 0
    j = i
    while j < len(lines) and j - i < SETTINGS.cell_header_max_cells and c.free(j) and not lines[j].is_blank:
        t = lines[j].text.strip()
        if len(t) > SETTINGS.cell_header_max_chars or is_row_line(t, 1) or find_unit(t):
            break
        j += 1
    if j - i < SETTINGS.cell_header_min_cells:
        return 0  # too few cells whatever they hold (the count below can only shrink): asked before reading them
    cells = [lines[k].text.strip() for k in range(i, j)]
    heads = [k for k, t in enumerate(cells) if YEAR_RE.match(t) or is_header_text(t)]
    if not heads:
        return 0
    n = heads[-1] + 1  # caption lines after the last header cell ("Maatschappelijke ondersteuning") are rows
    cells, j = cells[:n], i + n
    if n < SETTINGS.cell_header_min_cells:
        return 0
    if len(heads) < 2 or len([t for t in cells if YEAR_RE.match(t) or scenario_of(t)]) < 2:
        return 0
    # Header cells run from the first year/kind cell to the end: only a short corner may precede them.
    if heads[0] > 4 or any(not (YEAR_RE.match(t) or is_header_text(t)) for t in cells[heads[0]:]):
        return 0
    k = j
    while k < len(lines) and k - j < 3 and c.free(k) and not lines[k].is_blank and _caption(lines[k].text):
        k += 1
    if k < len(lines) and c.free(k) and is_row_line(lines[k].text, 1):
        return n
    return 0


def _header_lines_above(c: _Claims, first: int) -> list[int]:
    """PDF header lines printed over the one with the years, without a gap: the column names of an
    investment table ("Totaal beschikbaar gesteld krediet", "Nog te besteden (peildatum ...)"),
    stacked word by word. Their words are placed on the columns by x-position later."""
    lines = c.lines
    head = lines[first]
    if head.cells is None or head.size is None:
        return []
    out: list[int] = []
    k = first - 1
    while k >= 0 and len(out) < SETTINGS.header_above_max_lines and c.free(k):
        ln = lines[k]
        t = ln.text.strip()
        if ln.is_blank or ln.heading_level or ln.cells is None or ln.size is None or len(t) > 80 \
                or abs(ln.size - head.size) > SETTINGS.header_size_tolerance * head.size or is_row_line(t, 1) \
                or find_unit(t) or re.match(r"(?i)tabel\b", t) or t.endswith("."):
            break
        out.insert(0, k)
        k -= 1
    return out


def _as_wide_as_last_row(lines: list[Line], rows: list[int], text: str) -> bool:
    """Figures without a label inside a headerless table, as many as the last row with figures has
    (its label is printed above or below them)."""
    n = len(label_and_values(text)[1])
    for r in reversed(rows):
        vals = label_and_values(lines[r].text)[1]
        if vals:
            return len(vals) == n >= 2
    return False


def _itemised_group(c: _Claims, j: int) -> int:
    """Inside a table, a run of bulleted items without figures whose total follows ("Secretarieleges"
    / "- Bestuursstukken" / ... / "Totaal secretarieleges 51.509 83.903 163%"): the number of item
    lines (0 when the run does not end in a row of figures)."""
    lines = c.lines
    k = j
    while k < len(lines) and k - j < SETTINGS.itemised_max_lines and c.free(k) and not lines[k].is_blank:
        t = lines[k].text
        if is_row_line(t, 2) or _values_only(t):
            return k - j if k > j else 0
        title = k == j and _caption(t)  # the group's own caption over its items
        if not (title or (BULLET.match(t) and len(t.strip()) <= 80 and not is_row_line(t, 1)
                          and not t.rstrip().endswith("."))):
            return 0
        k += 1
    return 0


def _unit_led_column(c: _Claims, i: int) -> bool:
    """A list of amounts under a unit line, without a column header ("Bedragen x € 1.000" /
    "Toename:" / "Afschrijvingen 2.683" / ...): at least three rows of one figure each, with
    captions ending in a colon between them. The unit line is the evidence that these are money."""
    lines = c.lines
    p = _prev_nonblank(lines, i - 1)
    if p < 0 or not c.free(p) or i - p > 2 or len(lines[p].text) >= 80 or not find_unit(lines[p].text):
        return False
    rows = 0
    k = i
    while k < len(lines) and c.free(k) and k - i < 6:
        t = lines[k].text
        if _figure_row(lines[k]) and not is_row_line(t, 2):
            rows += 1
        elif not (_caption(t) and t.rstrip().endswith(":")):
            break
        k += 1
    return rows >= 3


def _one_group_over_parts(c: _Claims, i: int) -> bool:
    """"Programma Begroting 2025" right over "Lasten Baten Saldo": one kind-and-year group whose
    columns are the parts on the next line."""
    text = c.lines[i].text
    if header_groups(text) != 1 or is_row_line(text, 2) or not c.free(i + 1) or i + 1 >= len(c.lines):
        return False
    last = _last_group(text)
    return bool(last and last[0]) and is_parts_line(c.lines[i + 1].text)


@lru_cache(maxsize=32768)
def _last_group(text: str) -> tuple[int | None, bool] | None:
    """(year, kind words) of the last column group of a header line; None without groups. Cached: two
    detectors ask it about every line with one group, and prose that names a kind has one."""
    _, groups = split_groups(unglue(text))
    return (groups[-1].year, groups[-1].kind_words) if groups else None


def _one_column_header(c: _Claims, i: int) -> bool:
    """A table with one amount column: a header that ends in one kind-and-year group ("Programma
    Begroting 2025"), then rows with exactly one figure each. One column is easily prose, so it
    also takes money evidence: a unit line just above, or a label such as baten, lasten, saldo."""
    text = c.lines[i].text
    if header_groups(text) != 1 or is_row_line(text, 2):
        return False
    last = _last_group(text)
    stated = find_unit(text) is not None  # "Renterisiconorm (x €1.000) 2015": the unit names a money column
    if not (last and last[0] and (last[1] or stated)):
        return False
    rows = []
    k = i + 1
    while k < len(c.lines) and c.free(k) and len(rows) < 12:
        above = _label_lines_over_row(c, k)
        if above:
            k += above  # a caption ("Programma's") over the rows, or a label's first line ("Openbare orde")
            continue
        label, vals = label_and_values(c.lines[k].text)
        if len(vals) == 2 and YEAR_RE.fullmatch(vals[0]) and label:
            vals = vals[1:]  # "Wmo 2015 102.968": the year is the label's
        if len(vals) != 1 or not is_row_line(c.lines[k].text, 1) or YEAR_RE.fullmatch(vals[0]):
            break
        rows.append(label)
        k += 1
    if len(rows) < 2:
        return False
    return stated or bool(_unit_line_before(c, i)) or any(_MONEY_LABEL.search(label) for label in rows)


def _label_lines_over_row(c: _Claims, k: int) -> int:
    """How many caption or label lines from k stand right above a row with one figure or more (at
    most `caption_run_max`: "Programma's" / "Openbare orde" / "en veiligheid 237.789"); 0 if none do."""
    n = k
    while n < len(c.lines) and n - k < SETTINGS.caption_run_max and c.free(n) \
            and (_caption(c.lines[n].text) or _numbered_label(c.lines[n].text)):
        n += 1
    return n - k if n > k and n < len(c.lines) and c.free(n) and is_row_line(c.lines[n].text, 1) else 0


def _header_again(text: str, heads: list[str]) -> bool:
    """The same column groups as a header line of the table (`heads`, whitespace normalised), whatever its
    corner says ("Activa" then "Passiva" before the same years and kinds)."""
    flat = " ".join(text.split())
    if flat in heads:
        return True
    if header_groups(text) < 2:
        return False
    groups = [g.text for g in split_groups(flat)[1]]
    return any(groups == [g.text for g in split_groups(h)[1]] for h in heads)


def _unit_statement_only(text: str) -> bool:
    """A line that states a unit and prints no figure besides the one in the statement."""
    unit = find_unit(text) if len(text) < SETTINGS.unit_line_max_chars else None
    return unit is not None and not label_and_values(text.replace(unit.raw, " "))[1]


def _same_row_after_blank(c: _Claims, j: int, last_row: int) -> bool:
    """A row with a label and as many figures as the row before the blank line at j."""
    if j + 1 >= len(c.lines) or not c.free(j + 1) or c.lines[j + 1].is_blank:
        return False
    nxt, last = c.lines[j + 1].text, c.lines[last_row].text
    if not (is_row_line(nxt, 1) and is_row_line(last, 1)):
        return False
    return len(label_and_values(nxt)[1]) == len(label_and_values(last)[1])


def _empty_row_of_spaces(c: _Claims, j: int) -> bool:
    """A line of nothing but spaces, as many as an empty row of cells each printed as a space
    takes, inside a table whose rows go on right after it (a caption or a row with figures)."""
    t = c.lines[j].text.rstrip("\n")
    if len(t) < SETTINGS.empty_row_min_spaces or t.strip(" ") or j + 1 >= len(c.lines) or not c.free(j + 1):
        return False
    nxt = c.lines[j + 1]
    return not nxt.is_blank and (is_row_line(nxt.text, 1) or (_caption(nxt.text) and _figures_follow(c, j + 2, True)))


def _continues_on_next_page(c: _Claims, j: int, last_row: int, header_idx: list[int]) -> tuple[int, list[int]] | None:
    """A table that runs on over a page break: after the break come more rows, or the same header
    printed again and then rows. Returns where the rows resume and the repeated header lines."""
    lines = c.lines
    n = _next_nonblank(lines, j)
    if n >= len(lines) or not c.free(n) or lines[n].page is None or lines[n].page == lines[last_row].page:
        return None
    head = [lines[h].text.strip() for h in header_idx]
    again: list[int] = []
    k = n
    while k < len(lines) and c.free(k) and len(again) < len(head) and lines[k].text.strip() in head:
        again.append(k)
        k += 1
    if again and len(again) != len(head):
        return None
    m = k  # the first row may start with its wrapped label ("Verlagen max." / "snelheid naar 30")
    while m < len(lines) and m - k < 2 and c.free(m) and _label_line(lines[m]):
        m += 1
    if m < len(lines) and c.free(m) and (_figure_row(lines[m], 2) or _values_only(lines[m].text)):
        return k, again
    return None


def _label_apart_from_figures(c: _Claims, j: int) -> tuple[int, int] | None:
    """A row whose label and figures were exported as paragraphs of their own: at line j inside a
    table (or past a blank line there), a label line, then past blank lines a line of figures only,
    with the table going on right after it. (label line, figures line), or None."""
    lines = c.lines
    k = _next_nonblank(lines, j)
    m = _next_nonblank(lines, k + 1) if k < len(lines) else len(lines)
    if k - j > 2 or m - k > 2 or m == k + 1 or m >= len(lines) or not (c.free(k) and c.free(m)):
        return None
    if not (_caption(lines[k].text) and not is_row_line(lines[k].text, 1)):
        return None
    label, vals = label_and_values(lines[m].text)
    if label or not vals:
        return None
    after = m + 1
    goes_on = after < len(lines) and c.free(after) and not lines[after].is_blank
    raw = lines[m].text.rstrip("\n")
    # its empty cells printed as spaces around the figure: a row of the table
    padded = max(len(raw) - len(raw.rstrip(" ")), len(raw) - len(raw.lstrip(" "))) >= 2
    return (k, m) if goes_on or len(vals) >= 2 or padded else None


def _caption(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 80 and not t.endswith(".") and not BULLET.match(text) and not _values_only(t) \
        and re.search(r"[A-Za-zÀ-ÿ]", t) is not None and not is_row_line(t, 1) and not is_glued_row(t)


_SMALL_NUMBER = re.compile(r"\d{1,3}|[-\u2013]")  # house numbers, "30 km/uur", a dash in words
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2}")


def _figure_row(line: Line, min_values: int = 1) -> bool:
    """A row with figures; in a PDF not one whose only "figure" is part of its label's cell."""
    return is_row_line(line.text, min_values) and not label_cell(line)


def _label_line(line: Line) -> bool:
    """A line of a row label without its figures: a caption, an abbreviation's end, a numbered
    name, or a PDF label cell ending in a small number."""
    t = line.text
    return _caption(t) or abbreviated_label(t) or label_cell(line) or _numbered_label(t)


def label_cell(line: Line) -> bool:
    """A PDF line that is one cell of words ending in a small plain number ("snelheid naar 30",
    "Langstraat 40"): amounts stand in cells of their own, so the number is part of the words."""
    if line.cells is None or len(line.cells) != 1 or len(line.text) > 60:
        return False
    label, vals = label_and_values(line.text)
    return len(vals) == 1 and _SMALL_NUMBER.fullmatch(vals[0]) is not None \
        and _WORD.search(label) is not None


def pdf_label_and_values(line: Line) -> tuple[str, tuple[str, ...]]:
    """`label_and_values`, but where a PDF shows the cells, a small plain number at the end of the
    label's cell belongs to the label ("Langstraat 40" | "210.000" | ..., "snelheid naar 30")."""
    label, vals = label_and_values(line.text)
    cells = line.cells
    if not (vals and label and cells):
        return label, vals
    if len(cells) == 1:
        return (line.text.strip(), ()) if label_cell(line) else (label, vals)
    first_label, first_vals = label_and_values(cells[0].text)
    rest_label, rest = label_and_values(" ".join(c.text for c in cells[1:]))
    if len(first_vals) != 1 or not _SMALL_NUMBER.fullmatch(first_vals[0]) or rest_label or not rest \
            or not _WORD.search(first_label):
        return label, vals
    return cells[0].text.strip(), rest


_NUMBERED = re.compile(r"^\s*\d{1,2}[a-z]?[.)]\s+\S")


def _numbered_label(text: str) -> bool:
    """"4. Structurele" over its figures in a table of numbered rows (kengetallen): a caption in
    all but the number, which otherwise makes it a list item."""
    t = text.strip()
    return bool(_NUMBERED.match(t)) and len(t) <= 60 and not t.endswith(".") and len(t.split()) <= 6 \
        and _WORD.search(t) is not None and not is_row_line(t, 1) and not is_glued_row(t)


def abbreviated_label(text: str) -> bool:
    """"Verledding openb.", "Verkeersmaatr.": the first line of a wrapped row label that ends in
    an abbreviation's period; a caption otherwise, never a sentence (few, short words)."""
    t = text.strip()
    words = t.split()
    return t.endswith(".") and 0 < len(words) <= 4 and len(t) <= 40 and (len(words) == 1 or len(words[-1]) <= 8) \
        and not BULLET.match(text) and re.search(r"[A-Za-zÀ-ÿ]", t) is not None and not is_row_line(t, 1)


def _values_only(text: str) -> bool:
    """"8.000 0 0 8.000": figures whose label is printed on the lines around them."""
    toks = tokens(text)
    return len(toks) >= 2 and all(try_parse_cell(t) is not None for t in toks) and any(re.search(r"\d", t) for t in toks)


def _figures_follow(c: _Claims, k: int, header: bool) -> bool:
    """A figure row within the next lines, with only caption rows (a group, a wrapped label) between."""
    for n in range(k, min(k + (2 if header else 1), len(c.lines))):
        ln = c.lines[n]
        if not c.free(n) or ln.is_blank:
            return False
        if _figure_row(ln) or _values_only(ln.text) or _lone_pdf_value(ln) or is_glued_row(ln.text):
            return True
        if not _label_line(ln):
            return False
    return False


def _lone_pdf_value(line: Line) -> bool:
    """A single amount on its own line, placed by position under a column (PDF only)."""
    return bool(line.cells) and line.cells[0].x0 is not None and len(tokens(line.text)) == 1 \
        and try_parse_cell(line.text.strip()) is not None and bool(re.search(r"\d", line.text))


def _years_only_tail(text: str) -> bool:
    """"(bedragen x € 1.000) 2020 2021 2022 2023": trailing values that are all years make a header."""
    _, vals = label_and_values(text)
    years = 0
    for v in reversed(vals):
        if not YEAR_RE.match(v):
            break
        years += 1
    # "bedragen x € 1.000 2022 2023": the unit's 1.000 is not a figure
    return years >= 2 and (years == len(vals) or find_unit(text) is not None)


_DATE = DATE_RE


def _dates_tail(text: str) -> bool:
    """"Sociale structuur 31-12-2017 1-1-2018 1-1-2019": a header line of a date per column."""
    toks = tokens(text)
    n = 0
    while n < len(toks) and _DATE.match(toks[len(toks) - 1 - n]):
        n += 1
    return n >= 2


def _unit_line_before(c: _Claims, start: int) -> list[int]:
    p = _prev_nonblank(c.lines, start - 1)
    if p >= 0 and c.free(p) and start - p <= 2 and find_unit(c.lines[p].text) and len(c.lines[p].text) < 80:
        return [p]
    return []


# --- lists

def _find_lists(c: _Claims) -> None:
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if BULLET.match(ln.text)], len(lines))  # `is_bullet`'s first test
    i = jump(0)
    while i < len(lines):
        if not (c.free(i) and is_bullet(lines[i].text)) or lines[i].heading_level:
            i = jump(i + 1)  # a line the reader knows is a heading ("<h2>1. Inleiding</h2>") is no item
            continue
        if _numbered_title(c, i):
            c.claim([i], "heading", level=_heading_level(lines[i].text))
            i += 1
            continue
        idx: list[int] = []
        items: list[tuple[list[int], str | None]] = []
        groups: list[str] = []
        group: str | None = None
        heading_idx: int | None = None
        # A sub-heading attached directly above the first bullet, and a list heading above it.
        p = i - 1
        if p >= 0 and c.free(p) and not lines[p].is_blank and is_headingish(lines[p].text):
            q = p - 1
            if q >= 0 and c.free(q) and not lines[q].is_blank and is_headingish(lines[q].text) and len(lines[q].text) < 60:
                heading_idx, group = q, lines[p].text.strip()
                groups.append(group)
                idx += [q, p]
        lead = _lead_in(c, i) if heading_idx is None else None
        idx += lead or []  # "... gebonden aan:" right above the items: it names this list
        j = i
        while j < len(lines) and c.free(j):
            t = lines[j].text
            if is_bullet(t):
                item = [j]
                j += 1
                while j < len(lines) and c.free(j) and _continues_item(lines, j):
                    item.append(j)
                    j += 1
                items.append((item, group))
                idx += item
                continue
            # Sub-heading directly after an item and directly followed by bullets.
            if (not lines[j].is_blank and is_headingish(t) and j + 1 < len(lines) and c.free(j + 1)
                    and is_bullet(lines[j + 1].text) and j - 1 >= 0 and not lines[j - 1].is_blank):
                group = t.strip()
                groups.append(group)
                idx.append(j)
                j += 1
                continue
            # One blank line between items of the same list; any run of them at a page break.
            k = _next_nonblank(lines, j) if lines[j].is_blank else j
            if (k > j and k < len(lines) and c.free(k) and is_bullet(lines[k].text)
                    and (k == j + 1 or _page_break_between(lines, items[-1][0][-1], k))
                    and _marker(lines[k].text) == _marker(lines[items[-1][0][0]].text)):
                j = k
                continue
            break
        if len(items) == 1 and len(items[0][0]) == 1 and _cells_follow(c, j):
            i = j  # "- Lokale heffingen" / "lasten" / "721" / ...: a label cell of a table, not a list
            continue
        c.claim(idx, "list", items=items, groups=groups, heading_line=heading_idx, lead_in=lead or None)
        i = j


def _page_break_between(lines: list[Line], a: int, b: int) -> bool:
    """A list split by a PDF page break (the reader puts blank lines there; running headers and
    footers are gone). Separate web pages are separate documents' pages: never joined."""
    return (lines[a].bbox is not None and lines[b].bbox is not None and lines[a].page is not None
            and lines[b].page is not None and lines[a].page != lines[b].page)


_SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-z][.)])\s+(?=\S)")


def _marker_kind(text: str) -> str:
    mk = _marker(text)
    return "1." if mk == "1." else "a." if re.fullmatch(r"[a-z][.)]", mk) else mk


def _numbered_title(c: _Claims, i: int) -> bool:
    """A numbered line standing alone ("10. Bijlagen bij de jaarrekening", "c. Overzicht lasten en
    baten"): blank lines around it, no lead-in above, neither an item of its numbering nor a table's
    cells next, and a title's shape. A section heading, not a list of one item. Text only: in a PDF
    the fonts decide."""
    lines = c.lines
    m = _SECTION_NUMBER.match(lines[i].text)
    if not m or lines[i].size is not None:
        return False
    rest = lines[i].text[m.end():].strip()
    if not is_headingish(rest) or len(rest.split()) > SETTINGS.title_max_words or rest.endswith((":", ";")):
        return False
    if not ((i == 0 or lines[i - 1].is_blank) and (i + 1 == len(lines) or lines[i + 1].is_blank)) or _lead_in(c, i):
        return False
    n = _next_nonblank(lines, i + 1)
    if _cells_follow(c, n):
        return False  # " 1. Materiële vaste activa" / "841,0" / ...: a numbered row label of a table
    return not (n < len(lines) and is_bullet(lines[n].text) and _marker_kind(lines[n].text) == _marker_kind(lines[i].text))


def _continues_item(lines: list[Line], j: int) -> bool:
    """A line right under an item that goes on with its text: indented under it, or, where the
    flattening dropped the indent, a sentence going on in lower case. A short line right above
    further bullets is their sub-heading instead."""
    t = lines[j].text
    if lines[j].is_blank or is_bullet(t) or is_boilerplate(t):
        return False
    if re.match(r"^\s*[a-zà-ÿ]", t) and not lines[j].heading_level:
        return True
    return bool(re.match(r"^\s+\S", t)) and not (j + 1 < len(lines) and is_bullet(lines[j + 1].text)
                                                 and is_headingish(t) and not t.startswith("  "))


def _row_cells(line: Line, lead_pipe: bool) -> list[str]:
    """The cells of a `|` row: the reader's own where it knows them (HTML), else split on `|`; the
    empty ends of `| a | b |` dropped (the leading one only where the table's rows open with `|`:
    elsewhere ` | b |` is a row whose first cell is empty)."""
    if line.cells is not None:
        return [" ".join(cell.text.split()) for cell in line.cells]
    parts = [" ".join(p.split()) for p in line.text.split("|")]
    if parts and not parts[0] and lead_pipe:
        parts = parts[1:]
    if parts and not parts[-1]:
        parts = parts[:-1]
    return parts


def _list_header(cells: list[str]) -> bool:
    """Every named cell ends in ':' ("Ongebonden belastingen: | Gebonden belastingen:"): each
    introduces the words under it, as a lead-in does; a table's column names do not end in ':'."""
    named = [x for x in cells if x]
    return bool(named) and all(x.endswith(":") and len(x) <= SETTINGS.cell_max_chars for x in named)


def _word_row(cells: list[str]) -> bool:
    """A row of words only: no figure, no nil or 'n.v.t.' standing in for one, no new header."""
    named = [x for x in cells if x]
    return bool(named) and all(try_parse_cell(x) is None and not x.endswith(":") for x in named)


def _find_column_lists(c: _Claims) -> None:
    """Lists printed side by side as the columns of a table of words: a header row of lead-ins, each
    ending in ':', over rows without a single figure. Each column is a list named by its header; a
    row may stop early (the flattening drops trailing empty cells)."""
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if "|" in ln.text], len(lines))
    i = jump(0)
    while i < len(lines):
        lead_pipe = lines[i].text.lstrip().startswith("|")
        if not (c.free(i) and "|" in lines[i].text and _list_header(head := _row_cells(lines[i], lead_pipe))):
            i = jump(i + 1)
            continue
        j = i + 1
        rows: list[int] = []
        while j < len(lines) and c.free(j) and "|" in lines[j].text:
            if re.fullmatch(r"[\s|:\-]+", lines[j].text):  # a |---| rule under the header
                rows.append(j)
                j += 1
                continue
            if not _word_row(_row_cells(lines[j], lead_pipe)):
                break
            rows.append(j)
            j += 1
        body = [(k, _row_cells(lines[k], lead_pipe)) for k in rows if not re.fullmatch(r"[\s|:\-]+", lines[k].text)]
        columns = [(name, [(k, cells[col]) for k, cells in body if col < len(cells) and cells[col]])
                   for col, name in enumerate(head) if name]
        if not any(items for _, items in columns):
            i += 1
            continue
        c.claim([i, *rows], "list", columns=columns, header_line=i)
        i = j


# A line led by a year and a title ("2014 Beleidsplan Nieuwe Wmo"): an item of a chronological list.
_DATED_ITEM = re.compile(r"^\s*(?:19|20)\d{2}\s+(?=[^\W\d_])")


def _dated_item(text: str) -> bool:
    """A year, then words; no figure but years (a table row led by a year carries amounts)."""
    if not _DATED_ITEM.match(text) or len(text.strip()) > SETTINGS.dated_item_max_chars:
        return False
    return all(YEAR_RE.fullmatch(t) or try_parse_cell(t) is None for t in re.split(r"[\s\-–/]+", text.strip()) if t)


def _find_dated_lists(c: _Claims) -> None:
    """Runs of year-led titles with no amounts (policy notes, decisions by year): a list whose items keep
    their year, not a series of headings."""
    lines = c.lines
    jump = _starts([k for k, ln in enumerate(lines) if _DATED_ITEM.match(ln.text)], len(lines))  # `_dated_item`'s first test
    i = jump(0)
    while i < len(lines):
        j = i
        while j < len(lines) and c.free(j) and not lines[j].is_blank and _dated_item(lines[j].text):
            j += 1
        # set apart by blank lines, with no cells after them (year-led cells over figures are a header)
        apart = j - i >= SETTINGS.dated_items_min and (i == 0 or lines[i - 1].is_blank or bool(_lead_in(c, i))) \
            and (j == len(lines) or lines[j].is_blank)  # the count first: it rules out nearly every line at once
        if apart and not _cells_follow(c, _next_nonblank(lines, j)):
            lead = _lead_in(c, i)
            c.claim(lead + list(range(i, j)), "list", items=[([k], None) for k in range(i, j)], groups=[],
                    heading_line=None, lead_in=lead or None)
        i = jump(max(j, i + 1))


_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÀ-Ý]")


def _lead_in(c: _Claims, i: int) -> list[int]:
    """The lines right above a list's first item that introduce it (one blank line between allowed):
    a sentence ending in ':' ("... gebonden aan:"), prose whose last sentence runs on into the items
    without a stop, or a paragraph of one short sentence ending in '.' ("Per programma is een tabel
    opgenomen."). A lead-in wrapped over lines is gathered upwards while each line goes on in lower
    case from the one above. [] when there is none."""
    lines = c.lines
    p = _prev_nonblank(lines, i - 1)
    if p < 0 or i - p > 2 or not _lead_in_line(c, p):
        return []
    idx = [p]
    while (len(idx) < SETTINGS.lead_in_max_lines and re.match(r"^\s*[a-zà-ÿ]", lines[idx[0]].text)
           and _lead_in_line(c, idx[0] - 1)):
        idx.insert(0, idx[0] - 1)
    text = " ".join(lines[k].text.strip() for k in idx)
    if text.endswith(":"):
        return idx
    if _SENTENCE_BREAK.search(text) and re.search(r"[^\W\d_]$", text) and not is_row_line(text, 1):
        return idx  # prose whose last sentence runs on into the items ("... geven wij inzicht in")
    alone = idx[0] == 0 or lines[idx[0] - 1].is_blank or not c.free(idx[0] - 1)
    if (alone and text.endswith(".") and len(text) <= SETTINGS.lead_in_sentence_max_chars and len(text.split()) >= 4
            and not _SENTENCE_BREAK.search(text) and not is_row_line(text, 1)):
        return idx
    return []


def _lead_in_line(c: _Claims, k: int) -> bool:
    """A line that can be (part of) a lead-in: free prose, not an item, heading or navigation."""
    if not c.free(k) or c.lines[k].is_blank or c.lines[k].heading_level:
        return False
    t = c.lines[k].text
    return not (is_bullet(t) or BULLET.match(t) or is_boilerplate(t) or _is_pipe(t))


def _cells_follow(c: _Claims, j: int) -> bool:
    """The next paragraphs are one-line cells, blank-separated, at least one of them a figure."""
    lines = c.lines
    seen = figures = 0
    k = j
    while k < len(lines) and seen < SETTINGS.cells_ahead:
        if not lines[k].is_blank:
            t = lines[k].text.strip()
            if not c.free(k) or len(t) > 60 or (k + 1 < len(lines) and not lines[k + 1].is_blank):
                return False
            seen += 1
            if try_parse_cell(t) is not None:
                return True  # a figure, or a nil dash / "n.v.t." standing in for one
        k += 1
    return False


def _marker(text: str) -> str:
    m = BULLET.match(text)
    mk = m.group("m") if m else ""
    return "1." if re.match(r"\d", mk) else mk


# --- cell-per-paragraph tables

def _paragraphs(c: _Claims) -> list[list[int]]:
    """Runs of free non-blank lines; a claimed line or a blank line ends a run."""
    out: list[list[int]] = []
    cur: list[int] = []
    owner = c.owner  # `c.free(i)` for an index in range, without a call per line
    for i, line in enumerate(c.lines):
        if owner[i] is None and not line.is_blank:
            cur.append(i)
        else:
            if cur:
                out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _is_empty_run(text: str) -> bool:
    return bool(text) and not text.replace(NBSP, "").strip() and NBSP in text


def _cells_of(c: _Claims, para: list[int]) -> list[Cell] | None:
    """A paragraph as table cells, or None when it is prose (long or many lines)."""
    lines = [c.lines[i] for i in para]
    texts = [ln.text for ln in lines]
    split = len(lines) > 1 and any(_is_empty_run(t) or (is_row_line(t, 2) and len(t) > 40) for t in texts)
    if split or len(lines) > SETTINGS.cell_max_lines:
        if not split and not all(try_parse_cell(t) is not None or _composite(t) for t in texts):
            return None
        return [cell for ln in lines for cell in (_line_cells(ln) or [])] or None
    text = "\n".join(t.strip(" \t") for t in texts)
    if len(text) > SETTINGS.cell_max_chars:
        return None
    if _is_empty_run(text):
        return [Cell(NBSP, [ln]) for ln in lines for _ in tokens(ln.text)] or [Cell(NBSP, lines)]
    if len(lines) == 1 and is_row_line(text, 2) and len(text) > 40:
        return _line_cells(lines[0])
    return [Cell(text, lines)]


def _line_cells(line: Line) -> list[Cell] | None:
    text = line.text
    if _is_empty_run(text):
        return [Cell(NBSP, [line]) for _ in tokens(text)]
    if is_row_line(text, 2):
        label, vals = label_and_values(text)
        return [Cell(label, [line])] + [Cell(v, [line]) for v in vals]
    if len(text) > SETTINGS.cell_max_chars:
        return None
    return [Cell(text.strip(), [line])]


def _composite(text: str) -> bool:
    """"Volwassenen: 4.015" or "90% (6 weken)": a labelled figure inside a cell."""
    return bool(re.match(r"^[^:]{1,40}:\s*[\d\-–]", text.strip())) or (
        try_parse_cell(text.strip().split(" ")[0]) is not None and bool(re.search(r"\d", text)))


def is_value_cell(cell: Cell) -> bool:
    return _is_value_text(cell.text)


@lru_cache(maxsize=65536)
def _is_value_text(text: str) -> bool:
    if text == NBSP:
        return True
    if "\n" not in text:
        if YEAR_RE.match(text.strip()):
            return True
        return try_parse_cell(text) is not None or _composite_value(text)
    return all(try_parse_cell(t) is not None or _composite_value(t) or t.strip().startswith("(")
               for t in text.split("\n") if t.strip())


def _composite_value(text: str) -> bool:
    t = text.strip()
    if re.match(r"^[^:]{1,40}:\s*-?[\d.,]+%?(\s*\(.*\))?$", t):
        return True
    head = t.split(" ")[0]
    cv = try_parse_cell(head)
    return cv is not None and cv.value is not None and len(t) < 60 and bool(re.match(r"^\S+\s*\(", t))


def _long_label(c: _Claims, para: list[int], nxt: list[int] | None) -> Cell | None:
    """A one-line paragraph too long for a cell, right before a figure: a row label, not prose.
    Prose ends its sentences; a label does not, and figures follow it."""
    if len(para) != 1 or nxt is None or len(nxt) != 1:
        return None
    line = c.lines[para[0]]
    text = line.text.strip()
    if len(text) > SETTINGS.cell_label_max_chars or text.endswith((".", ":", "?", "!")) or re.search(r"[.!?]\s+[A-Z]", text) \
            or is_row_line(text, 1):
        return None
    figure = c.lines[nxt[0]].text.strip()
    if YEAR_RE.match(figure) or try_parse_cell(figure) is None or not re.search(r"\d", figure):
        return None
    return Cell(text, [line])


def _find_cell_tables(c: _Claims) -> None:
    """Runs of short paragraphs (cells) are searched for tables; prose ends a run."""
    run: list[Cell] = []
    paras = _paragraphs(c)
    for k, para in enumerate(paras):
        cells = _cells_of(c, para)
        if cells is None:
            label = _long_label(c, para, paras[k + 1] if k + 1 < len(paras) else None)
            cells = [label] if label is not None and run else None
        if cells is None:
            if run:
                _tables_in_run(c, run)
            run = []
            continue
        run.extend(cells)
    if run:
        _tables_in_run(c, run)


def _with_markers(cells: list[Cell]) -> list[Cell]:
    """A lone voordeel/nadeel letter right after a figure is that figure's marker, printed in its
    own cell ("445" / "V"): one cell "445 V", so the letter never reads as the next row's label."""
    out: list[Cell] = []
    for cell in cells:
        if (out and cell.text.strip() in _VN_LETTERS and is_value_cell(out[-1]) and out[-1].text != NBSP
                and "\n" not in out[-1].text and try_parse_cell(f"{out[-1].text.strip()} {cell.text.strip()}")):
            out[-1] = Cell(f"{out[-1].text.strip()} {cell.text.strip()}", out[-1].lines + cell.lines)
        else:
            out.append(cell)
    return out


_VN_LETTERS = {"V", "N"}


def _tables_in_run(c: _Claims, cells: list[Cell]) -> None:
    """Find tables inside a run of short paragraphs: a header, then labels and values."""
    cells = _with_markers(cells)
    start = 0
    while start < len(cells):
        found = _one_table(cells, start)
        if found is None:
            return
        t0, t1, info = found
        idx = [ln.number - 1 for cell in cells[t0:t1] for ln in cell.lines]
        idx = [i for i in dict.fromkeys(idx) if c.free(i)]
        if idx:
            c.claim(idx, "cell_table", cells=cells[t0:t1], **info)
        start = t1


def _figure_at(cells: list[Cell], i: int) -> bool:
    return (is_value_cell(cells[i]) and not YEAR_RE.match(cells[i].text.strip()) and cells[i].text != NBSP
            and not _row_number_at(cells, i))


def _one_table(cells: list[Cell], start: int) -> tuple[int, int, dict] | None:
    """The next table at or after `start`; runs without a header are skipped, left to right."""
    while start < len(cells):
        fv = next((i for i in range(start, len(cells)) if _figure_at(cells, i)), None)
        if fv is None or next((i for i in range(fv + 1, len(cells)) if _figure_at(cells, i)), None) is None:
            return None
        found = _table_at(cells, start, fv)
        if found is not None:
            return found
        start = fv + 1
    return None


def _table_at(cells: list[Cell], start: int, fv: int) -> tuple[int, int, dict] | None:
    soort = _indicator_family(cells, start, fv)
    if soort is not None:
        return soort
    grid = _grid_table(cells, start, fv)
    if grid is not None and _text_column_grid(cells, grid[0], grid[2]["grid"]):
        return grid
    # Labels right before the first value (alignment blanks skipped), then header cells before them.
    lab = fv - 1
    while lab >= start and cells[lab].text == NBSP:
        lab -= 1
    if lab < start or is_value_cell(cells[lab]):
        # Values without a label before them: not a table start; skip past them.
        return None
    hs = lab
    while (hs - 1 >= start and lab - hs < 3 and not _headerish(cells[hs - 1]) and not is_value_cell(cells[hs - 1])
           and not _kind_head(cells, hs - 1, start)
           and len(cells[hs - 1].text) <= 100 and any(_headerish(x) for x in cells[max(start, hs - 4):hs - 1])):
        hs -= 1  # a group label ("Participatie") or a label with sub-row labels (the gemeente, "Nederland")
    h = hs - 1
    header_end = hs
    if h >= start and _row_number_at(cells, h):
        h -= 1  # the "Nr." cell of the first row
        header_end = hs - 1
        while (h >= start and header_end - h <= 2 and (not _headerish(cells[h]) or is_part(cells[h].text.strip()))
               and not is_value_cell(cells[h])
               and len(cells[h].text) <= 60 and any(_headerish(x) for x in cells[max(start, h - 3):h])):
            h -= 1  # a group caption ("Vaste activa") over the numbered first row
            header_end = h + 1
    while h >= start and (_headerish(cells[h]) or cells[h].text == NBSP or (h + 1 < header_end and _year_headed(cells[h]))
                          or _kind_head(cells, h, start)):
        h -= 1
    interrupted: list[int] = []
    while h - 1 >= start and h + 1 < header_end and _interrupts_header(cells[h]) and _headerish(cells[h - 1]) \
            and len(cells[h - 1].text) <= 40 and not cells[h - 1].text.rstrip().endswith(":") \
            and not re.search(r"(?:19|20)\d\d", cells[h - 1].text):  # kinds over years, not a dated title
        interrupted.append(h)  # "Rekening Begroting" / "(x € 1.000)" / "2016 2017": a unit or caption
        h -= 1                 # cell printed inside a stacked header belongs to the corner
        while h >= start and (_headerish(cells[h]) or cells[h].text == NBSP):
            h -= 1
    header_start = h + 1
    if header_start >= header_end:
        return _grid_table(cells, start, fv) or _pairs_under_unit(cells, start, lab) \
            or _measured_rows(cells, start, fv)
    if header_end - header_start >= 3 and is_part(cells[header_end - 1].text) \
            and not any(is_part(cells[k].text) for k in range(header_start, header_end - 1)):
        # One part word after the kinds and years, right before the first row ("Baten" over
        # "Algemene uitkering"): the caption of the rows below, not a part of every column.
        header_end -= 1
    header_start = _text_column_head(cells, start, header_start, header_end, fv)
    header_start = _block_names_before(cells, start, header_start, header_end)
    # Corner cell and unit statement just above the header.
    pre = header_start
    for _ in range(2):
        p = pre - 1
        if p < start:
            break
        t = cells[p].text
        if find_unit(t) and len(t) <= 80 or (len(t) <= 60 and not t.rstrip().endswith("?") and "\n" not in t
                                             and not is_value_cell(cells[p]) and _corner_like(t)):
            pre = p
        else:
            break
    pre = _unit_above(cells, start, pre)
    end = _table_end(cells, fv)
    return pre, end, {"header": [i - pre for i in range(header_start, header_end) if i not in interrupted],
                      "corner": list(range(0, header_start - pre)) + [i - pre for i in sorted(interrupted)]}


def _text_column_head(cells: list[Cell], start: int, hs: int, he: int, fv: int) -> int:
    """"Norm" / 2018 ... 2023 over rows "Netto schuldquote" / "90-130%" / six figures: a short word
    right before the header cells heads a text column when the first two rows each print exactly
    one text cell between their label and as many figures as the header has cells. The counts are
    the evidence; the word itself may be anything."""
    p = hs - 1
    n = he - hs
    if p < start or fv - he != 2 or n < 2:
        return hs
    t = cells[p].text.strip()
    if not t or len(t) > SETTINGS.text_head_max_chars or len(t.split()) > 3 or "\n" in t or is_value_cell(cells[p]) \
            or t.endswith((".", ":")) or find_unit(t) or _headerish(cells[p]):
        return hs
    row = he
    for _ in range(2):  # label, text cell, then exactly n figures
        if row + 2 + n > len(cells) or any(is_value_cell(x) for x in cells[row:row + 2]) \
                or not all(grid_value(cells[i]) for i in range(row + 2, row + 2 + n)):
            return hs
        row += 2 + n
        if row < len(cells) and is_value_cell(cells[row]):
            return hs
    return p


def _pairs_under_unit(cells: list[Cell], start: int, lab: int) -> tuple[int, int, dict] | None:
    """One value column without a year or kind: a caption stating the unit ("Kostendekking
    (bedragen x € 1.000)"), maybe the column's own name ("Rioolheffing"), then label, figure, label,
    figure ... The unit is the evidence that the figures are a table's amounts."""
    while lab - 2 >= start and grid_value(cells[lab - 1]) and not is_value_cell(cells[lab - 2]) \
            and len(cells[lab - 2].text) <= 100 and not find_unit(cells[lab - 2].text):
        lab -= 2  # pairs whose small figure was read as the next row's number ("BTW" / "11")
    i, rows = lab, 0
    while i + 1 < len(cells) and not is_value_cell(cells[i]) and len(cells[i].text) <= 100:
        if not grid_value(cells[i + 1]):  # "Kwijtschelding" / "88": a small figure is the value here
            if i + 2 < len(cells) and not is_value_cell(cells[i + 1]) and len(cells[i + 1].text) <= 100 \
                    and grid_value(cells[i + 2]) and cells[i].text.rstrip().endswith(":"):
                i += 1  # "Toe te rekenen kosten:": the caption of the pairs below
                continue
            break
        rows += 1
        i += 2
        while i < len(cells) and grid_value(cells[i]):  # a stray figure after a group line's value
            i += 1
    if rows < SETTINGS.pairs_under_unit_min_rows:
        return None
    above = [p for p in range(lab - 1, max(start, lab - 2) - 1, -1)]
    unit = next((p for p in above if find_unit(cells[p].text) and len(cells[p].text) <= 80), None)
    if unit is None:
        return None
    header = [p for p in range(unit + 1, lab) if len(cells[p].text) <= 40 and not is_value_cell(cells[p])]
    if len(header) != lab - unit - 1:
        return None
    return unit, i, {"header": [p - unit for p in header], "corner": [0]}


def _block_names_before(cells: list[Cell], start: int, hs: int, he: int) -> int:
    """Names of column blocks over a header whose years repeat ("Investering" "Kapitaallasten" over
    2021..2024 2021..2024): k short text cells right above m years that repeat with period m / k
    name the k blocks. The repetition is the evidence; the words themselves may be anything."""
    years = [cells[i].text.strip() for i in range(hs, he) if cells[i].text != NBSP]
    if not years or not all(YEAR_RE.match(y) for y in years):
        return hs
    k = 0
    while k < SETTINGS.block_names_max and hs - k - 1 >= start:
        t = cells[hs - k - 1].text.strip()
        if not t or is_value_cell(cells[hs - k - 1]) or len(t) > 40 or "\n" in t or t.endswith((".", ":")) \
                or find_unit(t) or YEAR_RE.search(t.split(" ")[-1]):
            break
        k += 1
    for names in range(k, 1, -1):
        period, rest = divmod(len(years), names)
        if rest == 0 and period >= 2 and all(years[i] == years[i % period] for i in range(len(years))):
            return hs - names
    return hs


def _interrupts_header(cell: Cell) -> bool:
    """A short cell that is no header word inside a stacked header: a unit statement, or a caption
    of the label column ("ACTIVA", "Omschrijving")."""
    t = cell.text.strip()
    return bool(t) and len(t) <= 40 and "\n" not in t and not is_value_cell(cell) and not t.endswith(".") \
        and not _headerish(cell)


def _unit_above(cells: list[Cell], start: int, pre: int) -> int:
    """A unit statement a few short caption cells above the header ("Bedragen x € 1.000" /
    "Prognose meerjarenbalans" / header): the captions and the unit belong to the table."""
    for p in range(pre - 1, max(start, pre - SETTINGS.unit_above_max_cells) - 1, -1):
        t = cells[p].text
        if find_unit(t) and len(t) <= 80:
            return p
        if re.match(r"^\d{1,2}(?:\.\d{1,2})?\.?$", t.strip()):
            continue  # the section's number ("3.") beside its caption
        if len(t) > 60 or t.rstrip().endswith((".", "?", ":")) or is_value_cell(cells[p]):
            break
    return pre


def _corner_like(text: str) -> bool:
    return bool(re.match(r"^(programma|indicator|omschrijving|taakveld|exploitatie|kengetallen|product|"
                         r"\d+\s*[-–.]\s*\w|nr\.?$|onderdeel|thema|bedragen|\(?bedragen)", text.strip(), re.I)) \
        or text.strip().endswith(":")


def _kind_head(cells: list[Cell], i: int, start: int) -> bool:
    """A difference column's head right after a dated head ("Stand per 31-12-2021" / "Mutatie"): a kind
    phrase without a year is a column head only where a balance-date head comes right before it."""
    t = " ".join(cells[i].text.split())
    return i - 1 >= start and len(t) <= 60 and scenario_of(t) is Scenario.VERSCHIL \
        and DATED_HEAD.match(" ".join(cells[i - 1].text.split())) is not None


def _year_headed(cell: Cell) -> bool:
    """A short cell with a year and words the lexicon does not know ("2023 geactualiseerd beeld"):
    a column head when the header goes on right after it."""
    toks = cell.text.split()
    return 2 <= len(toks) <= 4 and len(cell.text) <= 40 and not is_value_cell(cell) \
        and sum(bool(YEAR_RE.fullmatch(t)) for t in toks) == 1


def _headerish(cell: Cell) -> bool:
    t = cell.text
    if t == NBSP:
        return False
    return is_header_text(t) or header_groups(t) >= 2 or bool(re.match(r"^(incl\.?|excl\.?)\s", t.strip()))


def _table_end(cells: list[Cell], fv: int) -> int:
    """After the last value cell of the table; a new header (years after values) ends it."""
    last = fv
    i = fv + 1
    while i < len(cells):
        cell = cells[i]
        if is_value_cell(cell) and not YEAR_RE.match(cell.text.strip()):
            last = i
        elif _column_head(cell.text) and i + 1 < len(cells) and _column_head(cells[i + 1].text):
            # A second table's header: give back the corner/unit cells before it too.
            break
        elif is_value_cell(cell):
            last = i
        elif len(cell.text) > 100 and not (i + 1 < len(cells) and _figure_at(cells, i + 1)):
            break  # prose; a long row label has its figures right after it
        i += 1
    end = last + 1
    # Leave trailing header-looking cells that belong to the next table.
    return end


def _column_head(text: str) -> bool:
    """A year or a peildatum cell: two of them in a row after the values start the next table."""
    t = text.strip()
    return bool(YEAR_RE.match(t) or _DATE.match(t))


def _row_number_at(cells: list[Cell], i: int) -> bool:
    """A small integer directly before a text cell: the "Nr." of the row that follows."""
    t = cells[i].text.strip()
    return (bool(re.match(r"^\d{1,3}(?:\.\d{1,2}[a-z]?)?\.?$", t)) and i + 1 < len(cells)
            and not is_value_cell(cells[i + 1]) and len(cells[i + 1].text) > 1
            and not MEASURE.match(cells[i + 1].text.strip()))  # "209" / "st.": a count and its unit


def grid_value(cell: Cell) -> bool:
    """In a grid, a year ("2015" under Periode) is text, not a figure."""
    return is_value_cell(cell) and not YEAR_RE.match(cell.text.strip()) and cell.text != NBSP


def _grid_table(cells: list[Cell], start: int, fv: int) -> tuple[int, int, dict] | None:
    """Tables whose header names text columns (Nr., Indicator, Meeteenheid, <gemeente>, Nederland, Bron):
    a run of short text header cells, then rows of the same width with the same text/value pattern."""
    for w in range(3, 13):
        best: tuple[int, int, int] | None = None  # (rows, -r0, end): of the starts that fit, the most rows
        for r0 in range(fv, max(start + w, fv - w + 1) - 1, -1):
            header = cells[r0 - w:r0]
            if any(is_value_cell(x) or len(x.text) > 60 for x in header) or all(_headerish(x) for x in header):
                continue
            pattern = [grid_value(x) for x in cells[r0:r0 + w]]
            if len(pattern) < w or not any(pattern[1:]) or all(pattern):
                continue  # a grid row names its indicator in a text cell; figures alone are no grid row
            if YEAR_RE.fullmatch(cells[r0].text.strip()):
                continue  # a row opens with its name or code, never with its year (Jaar, Periode)
            rows, r = 0, r0
            while r + w <= len(cells) and [grid_value(x) for x in cells[r:r + w]] == pattern:
                rows += 1
                r += w
            if rows >= 2 and (best is None or rows > best[0]):
                best = (rows, -r0, r)  # a start shifted by a cell or two fits fewer rows; ties: the nearest
        if best is not None:
            return -best[1] - w, best[2], {"grid": w, "header": list(range(0, w)), "corner": []}
    return None


def _text_column_grid(cells: list[Cell], g0: int, w: int) -> bool:
    """A grid read before any header of kinds and years: its rows carry text columns beside the
    name (Eenheid, Bron, Periode) and no head names a kind of figures (Begroot, Rekening) or a unit
    statement, which would make it a money table with a code or remark column."""
    header, row = cells[g0:g0 + w], cells[g0 + w:g0 + 2 * w]
    texts = sum(1 for x in row if not grid_value(x))
    return texts >= 2 and not any(scenario_of(x.text) or find_unit(x.text) for x in header)


def _measured_row(cells: list[Cell], i: int) -> tuple[int, int, int] | None:
    """At i, one row of label cells (a lead-in and an item at most), then figures each followed by
    its unit of measure or not: (end, figures, units), or None where no figure follows the label."""
    j = i
    while j < len(cells) and j - i < SETTINGS.row_label_max_cells and not is_value_cell(cells[j]) \
            and not MEASURE.match(cells[j].text.strip()) and len(cells[j].text) <= 80 and "\n" not in cells[j].text:
        j += 1
    if j == i:
        return None
    figures = units = 0
    while j < len(cells) and _figure_at(cells, j):
        figures += 1
        j += 1
        if j < len(cells) and MEASURE.match(cells[j].text.strip()):
            units += 1
            j += 1
    return (j, figures, units) if figures else None


def _measured_rows(cells: list[Cell], start: int, fv: int) -> tuple[int, int, dict] | None:
    """Rows without a header of their own whose figures carry a unit of measure in the next cell
    ("Bomen" / "63.265" / "st." / "63.050" / "st."): quantities, not money. Three or more rows of
    the same number of figures (two or more), most with their units, make a table; columns unnamed."""
    i = fv - 1
    while i > start and fv - i < SETTINGS.row_label_max_cells and not is_value_cell(cells[i - 1]) \
            and len(cells[i - 1].text) <= 80 and cells[i - 1].text.rstrip().endswith(":"):
        i -= 1  # "Wegen:" over "- Asfalt en beton": the lead-in opens the first row
    t0 = i
    rows: list[tuple[int, int]] = []
    while (found := _measured_row(cells, i)) is not None:
        end, figures, units = found
        if rows and figures != rows[0][0]:
            break
        rows.append((figures, units))
        i = end
    if len(rows) < SETTINGS.measured_min_rows or rows[0][0] < 2 or sum(1 for _, u in rows if u) * 2 < len(rows):
        return None
    return t0, i, {"header": [], "corner": []}


def _indicator_family(cells: list[Cell], start: int, fv: int) -> tuple[int, int, dict] | None:
    """Indicator tables with a kind column: a Soort cell (BBV / Overig / Collegetarget) starts each
    indicator, "Mijlpaal" and "Realisatie (incl. peildatum)" cells start its sub-rows."""
    soort = [i for i in range(start, min(fv, len(cells))) if _SOORT.match(cells[i].text)]
    marks = [i for i in range(start, min(fv + 1, len(cells))) if _SUBROW_MARK.match(cells[i].text)]
    if not soort or not marks:
        return None
    first = soort[0]
    h = first - 1
    while h >= start and (len(cells[h].text) <= 80 and not is_value_cell(cells[h]) or YEAR_RE.match(cells[h].text.strip())):
        if re.match(r"^(soort indicator|indicator)", cells[h].text.strip(), re.I):
            h -= 1
            break
        h -= 1
    header_start = h + 1
    # Through the last sub-row of the last indicator: stop at the first long cell.
    end = first
    i = first
    while i < len(cells):
        if len(cells[i].text) > 120:
            break
        end = i + 1
        i += 1
    # Drop trailing cells after the last value/sub-row that are prose headings ("Toelichting ...").
    while end > first and re.match(r"^toelichting", cells[end - 1].text.strip(), re.I):
        end -= 1
    return header_start, end, {"family": "soort", "header": list(range(0, first - header_start))}


# --- what is left

def _rest(c: _Claims) -> None:
    lines = c.lines
    i = 0
    while i < len(lines):
        if not c.free(i) or lines[i].is_blank:
            i += 1
            continue
        text = lines[i].text
        if is_boilerplate(text):
            c.claim([i], "boilerplate")
            i += 1
            continue
        if _is_heading(c, i):
            c.claim([i], "heading", level=lines[i].heading_level or _heading_level(text))
            i += 1
            continue
        j = i
        idx = []
        while j < len(lines) and c.free(j) and not lines[j].is_blank and not is_boilerplate(lines[j].text):
            if j > i and _is_heading(c, j):
                break
            idx.append(j)
            j += 1
        c.claim(idx, "text")
        i = j


def _is_heading(c: _Claims, i: int) -> bool:
    """Where the reader knows the fonts (PDF), its size-and-weight judgement decides: the short
    lines of a table's wrapped text cells are not headings. In plain text, a line's shape must."""
    line = c.lines[i]
    if line.heading_level:
        return True
    return line.size is None and is_headingish(line.text) and _heading_context(c, i)


def _heading_context(c: _Claims, i: int) -> bool:
    """A short line is a heading when something follows it; not inside a run of short lines of prose."""
    text = c.lines[i].text.strip()
    if text.endswith(":") and len(text) > 50:
        return False
    n = _next_nonblank(c.lines, i + 1)
    return n < len(c.lines)


def _heading_level(text: str) -> int:
    m = re.match(r"^(\d+(?:\.\d+)*)\.?\s", text.strip())
    if m:
        return min(1 + m.group(1).count("."), 4)
    if re.match(r"^wat\b.*\?$|^hoe\b.*\?$", text.strip(), re.I):
        return 3
    return 2


def _assign_heading_paths(blocks: list[Block]) -> None:
    stack: list[tuple[int, str]] = []
    for b in blocks:
        if b.kind == "heading":
            level = b.data["level"]
            while stack and stack[-1][0] >= level:
                stack.pop()
            b.heading_path = [t for _, t in stack]
            stack.append((level, b.lines[0].text.strip()))
        else:
            b.heading_path = [t for _, t in stack]


def stray_figures(blocks: list[Block]) -> list[tuple[Line, int]]:
    """Figures left outside every table: (first line, count) per run of text, list and heading
    blocks holding three or more lines that are a lone amount or a label with two or more amounts.
    A table the segmenter missed must not vanish silently."""
    out = []
    hits: list[Line] = []
    for b in [*blocks, Block("end", [])]:
        if b.kind in ("text", "list", "heading"):
            hits += [ln for ln in b.lines if _figure_line(ln.text)]
            continue
        if len(hits) >= SETTINGS.stray_figures_min:
            out.append((hits[0], len(hits)))
        hits = []
    return out


def _figure_line(text: str) -> bool:
    t = text.strip()
    if YEAR_RE.match(t):
        return False
    if try_parse_cell(t) is not None and re.search(r"\d", t):
        return True
    return is_row_line(text, 2) and len(t) <= 140
