"""Words -> lines, per page (runs in the workers) and per document (runs after gathering).

Per page: words are clustered into lines by baseline, ordered left to right and split into cells
at wide gaps. Per document: running headers/footers are dropped (`pdf_running`), bold and heading
levels are judged against the document's body text, blank lines are put between paragraphs and
at page breaks, and every line gets its number in the stream.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from ..normalise.units import find_unit
from ..stream import Cell, Line
from .pdf_engines import PageWords
from .pdf_running import find_running
from .pdf_words import TEXT_FIXES, Word
from ..settings import SETTINGS

ROUND = 2                      # decimals kept for coordinates and sizes

_NUMERIC = re.compile(r"[(+\-\u2013\u2212€]*\d[\d.,]*%?\)?|[-\u2013\u2212]")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = (".", ",", ";", ":")
_SECTION_NUMBER = re.compile(r"(\d+\.)*\d+\.?|[A-Z]\.")  # "1.5.2." before a tab in a heading
_LEADER = re.compile(rf"\.{{{SETTINGS.pdf_leader_min_dots},}}")

CellTuple = tuple[str, float, float]


class PageLine(NamedTuple):
    """A line on one page, as plain data a worker can return.

    `fonts` lists (weight, bold_name, chars) per distinct font of the line, so the document-level
    bold judgement can be made after all pages are in.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float
    cells: tuple[CellTuple, ...]
    fonts: tuple[tuple[float, bool, int], ...]
    words: tuple[CellTuple, ...] = ()
    rule_above: bool = False  # a drawn horizontal rule between this line and the one above it


class PageResult(NamedTuple):
    """One page's lines, as plain data a worker returns; header detection comes later."""

    page: int
    width: float
    height: float
    lines: list[PageLine]
    reason: str | None  # set for an unreadable page


# ------------------------------------------------------------------------------------ per page


def layout_page(page: PageWords) -> PageResult:
    """The worker-side step: one page's words -> its lines, top to bottom."""
    return PageResult(page.page, page.width, page.height,
                      mark_rules(page_lines(page.words), row_borders(page.rules, page.width)), page.reason)


def row_borders(rules: tuple[tuple[float, float, float], ...], width: float) -> list[tuple[float, float, float]]:
    """Rules that can separate table rows: collinear pieces joined (a border drawn cell by cell);
    `width` (the page's) bounds them."""
    joined: list[list[float]] = []
    for x0, y, x1 in sorted(rules, key=lambda r: (round(r[1]), r[0])):
        last = joined[-1] if joined else None
        if last and abs(last[1] - y) <= 0.5 and x0 <= last[2] + SETTINGS.pdf_rule_join_gap:
            last[2] = max(last[2], x1)
        else:
            joined.append([x0, y, x1])
    return [(max(a, 0.0), y, min(b, width)) for a, y, b in joined]


def mark_rules(lines: list[PageLine], rules: list[tuple[float, float, float]]) -> list[PageLine]:
    """Mark each line with a drawn rule between it and the line above, reaching over the whole
    line: a ruled table says there where one row ends and the next begins."""
    if not rules:
        return lines
    out = lines[:1]
    for above, ln in zip(lines, lines[1:]):
        low = ln.baseline - SETTINGS.pdf_rule_baseline_factor * ln.size
        ruled = any(above.baseline < y < low and x0 <= ln.x0 + SETTINGS.pdf_rule_cover_tolerance
                    and x1 >= ln.x1 - SETTINGS.pdf_rule_cover_tolerance for x0, y, x1 in rules)
        out.append(ln._replace(rule_above=True) if ruled else ln)
    return out


def page_lines(words: list[Word]) -> list[PageLine]:
    """Cluster words by baseline (anchored on a line's first word, so lines cannot drift)."""
    groups: list[list[Word]] = []
    anchor = anchor_size = 0.0
    for w in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if groups and w.baseline - anchor <= SETTINGS.pdf_line_baseline_factor * max(w.size, anchor_size):
            groups[-1].append(w)
        else:
            groups.append([w])
            anchor, anchor_size = w.baseline, w.size
    return [_make_line(sorted(g, key=lambda w: w.x0)) for g in groups]


def _drop_overprints(words: list[Word]) -> list[Word]:
    """A word printed twice at almost the same place (fake bold by offset) is kept once."""
    kept = [words[0]]
    for w in words[1:]:
        prev = kept[-1]
        if w.text == prev.text and abs(w.x0 - prev.x0) < SETTINGS.pdf_overprint_word_factor * w.size:
            continue
        kept.append(w)
    return kept


def _is_cell_gap(a: Word, b: Word) -> bool:
    """Whether the gap between neighbours a and b separates table cells rather than words."""
    gap = b.x0 - a.x1
    size = max(a.size, b.size)
    if gap > SETTINGS.pdf_cell_gap_factor * size:
        return True
    return (gap > SETTINGS.pdf_numeric_cell_gap_factor * size and bool(_NUMERIC.fullmatch(a.text))
            and bool(_NUMERIC.fullmatch(b.text)))


def _split_leaders(words: list[Word]) -> list[Word]:
    """Dot leaders become one word of their own, so "Inleiding....." reads the same whichever
    engine (or PDF producer) decided where the dots touch the text."""
    if not any("...." in w.text for w in words):
        return words
    pieces: list[Word] = []
    for w in words:
        start = 0
        per_char = (w.x1 - w.x0) / max(len(w.text), 1)
        for m in _LEADER.finditer(w.text):
            for a, b in ((start, m.start()), (m.start(), m.end())):
                if a < b:
                    pieces.append(w._replace(text=w.text[a:b], x0=w.x0 + a * per_char,
                                             x1=w.x0 + b * per_char))
            start = m.end()
        if start < len(w.text):
            pieces.append(w._replace(text=w.text[start:], x0=w.x0 + start * per_char))
    merged = [pieces[0]]
    for w in pieces[1:]:
        prev = merged[-1]
        if _LEADER.fullmatch(prev.text) and _LEADER.fullmatch(w.text):
            merged[-1] = prev._replace(text=prev.text + w.text, x1=w.x1)
        else:
            merged.append(w)
    return merged


def _make_line(words: list[Word]) -> PageLine:
    words = _split_leaders(_drop_overprints(words))
    cells: list[CellTuple] = []
    start = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or _is_cell_gap(words[i - 1], words[i]):
            part = words[start:i]
            text = " ".join(w.text for w in part).translate(TEXT_FIXES)
            cells.append((text, round(part[0].x0, ROUND), round(max(w.x1 for w in part), ROUND)))
            start = i
    sizes: dict[float, int] = {}
    fonts: dict[tuple[float, bool], int] = {}
    for w in words:
        n = len(w.text)
        size = round(w.size, ROUND)
        sizes[size] = sizes.get(size, 0) + n
        font = (w.weight, w.bold_name)
        fonts[font] = fonts.get(font, 0) + n
    # The line shares its text and outer x-values with its cells (one object, not an equal copy):
    # most lines are one cell, and a long document's lines are most of the reader's memory.
    return PageLine(
        text=cells[0][0] if len(cells) == 1 else " ".join(c[0] for c in cells),
        x0=cells[0][1],
        top=round(min(w.top for w in words), ROUND),
        x1=max(c[2] for c in cells),
        bottom=round(max(w.bottom for w in words), ROUND),
        baseline=words[0].baseline,
        size=_most_common(sizes),
        cells=tuple(cells),
        fonts=tuple((weight, named, n) for (weight, named), n in sorted(fonts.items())),
        # Word boxes only where a header may need them: several text (non-figure) cells on the line.
        words=tuple((w.text, w.x0, w.x1) for w in words)
        if sum(1 for c in cells if not _NUMERIC.fullmatch(c[0])) >= 2 else (),
    )


def _most_common(counter: dict[float, int]) -> float:
    """The most common key; ties go to the larger key so the choice is deterministic."""
    return max(counter.items(), key=lambda kv: (kv[1], kv[0]))[0]


# -------------------------------------------------------------------------------- per document


class _Style(NamedTuple):
    """What "normal" looks like in this document."""

    body_size: float
    bold_weight: float
    pitch_ratio: float


def assemble(pages: list[PageResult]) -> tuple[list[Line], dict[int, str]]:
    """All pages -> the numbered line stream and the printed page labels.

    Consumes `pages`: each page's plain lines are released once its `Line`s are built, so a long
    document is never held twice at the end of reading.
    """
    removed, labels = find_running(
        [(p.page, p.width, p.height, [ln.text for ln in p.lines], [(ln.top, ln.bottom) for ln in p.lines])
         for p in pages], keep=_states_unit)
    kept = [[ln for i, ln in enumerate(p.lines) if (p.page, i) not in removed] for p in pages]
    style = _document_style(kept)
    out: list[Line] = []
    for k, page in enumerate(pages):
        lines, kept[k] = kept[k], []
        pages[k] = page._replace(lines=[])
        label = labels.get(page.page)
        if out and lines and not out[-1].is_blank:
            out.append(Line(number=len(out) + 1, text="", page=page.page, page_label=label))
        in_table = _table_rows(lines)
        for i, ln in enumerate(lines):
            if i and not (in_table[i - 1] and in_table[i]) and _paragraph_break(lines[i - 1], ln, style):
                out.append(Line(number=len(out) + 1, text="", page=page.page, page_label=label))
            out.append(_to_line(ln, len(out) + 1, page.page, label, style, in_table[i]))
    return out, labels


def _states_unit(text: str) -> bool:
    """A unit statement ("Bedragen x € 1.000") printed at the same place on many pages is still
    the unit of each page's figures, not a running header to drop."""
    return find_unit(text) is not None


def _document_style(pages: Iterable[list[PageLine]]) -> _Style:
    """Body size and weight (most characters) and normal pitch (most common baseline step
    between one-cell lines of one size), the yardsticks for headings, bold and paragraphs."""
    sizes: Counter[float] = Counter()
    weights: Counter[float] = Counter()
    pitches: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            n = len(ln.text)
            sizes[ln.size] += n
            for weight, _named, chars in ln.fonts:
                if weight > 0:
                    weights[weight] += chars
        for a, b in zip(lines, lines[1:]):
            if a.size == b.size and len(a.cells) == 1 and len(b.cells) == 1:
                ratio = (b.baseline - a.baseline) / a.size
                if 0 < ratio <= SETTINGS.pdf_pitch_max_ratio:
                    pitches[round(ratio, 2)] += 1
    body_size = _most_common(sizes) if sizes else 10.0
    body_weight = _most_common(weights) if weights else 400.0
    return _Style(body_size=body_size,
                  bold_weight=max(SETTINGS.pdf_bold_min_weight, SETTINGS.pdf_bold_weight_ratio * body_weight),
                  pitch_ratio=_most_common(pitches) if pitches else SETTINGS.pdf_default_pitch_ratio)


def _table_rows(lines: list[PageLine]) -> list[bool]:
    """Which lines are table rows: several cells, or a short line in the table's font between
    such rows (a wrapped label, a section caption). Rows are often spaced wider than text, so
    no blank lines go between them; a caption or heading in another size still gets one."""
    multi = [len(ln.cells) > 1 for ln in lines]
    out = []
    for i, ln in enumerate(lines):
        if multi[i]:
            out.append(True)
            continue
        before = [j for j in range(max(i - SETTINGS.pdf_table_bridge_lines, 0), i) if multi[j]]
        after = [j for j in range(i + 1, min(i + 1 + SETTINGS.pdf_table_bridge_lines, len(lines))) if multi[j]]
        out.append(len(ln.text) <= SETTINGS.pdf_table_bridge_max_chars and bool(before) and bool(after)
                   and (lines[before[-1]].size == ln.size == lines[after[0]].size
                        or _label_part(ln, lines[after[0]])))
    return out


def _label_part(ln: PageLine, row: PageLine) -> bool:
    """A line that starts a row's label ("Versterking" over "Dorpskern 5.590.000 ..."): set at the
    label column's x, in a size near the row's, some typesetters print it a point larger."""
    return abs(ln.x0 - row.x0) <= SETTINGS.pdf_label_align_tolerance and \
        abs(ln.size - row.size) <= SETTINGS.pdf_label_size_tolerance * row.size


def _paragraph_break(a: PageLine, b: PageLine, style: _Style) -> bool:
    """A step between baselines clearly larger than the normal line pitch."""
    step = b.baseline - a.baseline
    return step > SETTINGS.pdf_paragraph_gap_factor * style.pitch_ratio * max(a.size, b.size)


def _is_bold(ln: PageLine, style: _Style) -> bool:
    """Mostly bold characters: a bold label in a plain row does not make the row bold."""
    bold = sum(n for weight, named, n in ln.fonts if named or weight >= style.bold_weight)
    total = sum(n for _, _, n in ln.fonts)
    return total > 0 and bold >= SETTINGS.pdf_bold_line_share * total


def _heading_level(ln: PageLine, bold: bool, style: _Style) -> int | None:
    """1/2/3 for short one-cell lines (or "1.5.2. | Title") set larger than the body text, or
    bold at body size."""
    text = ln.text
    numbered = len(ln.cells) == 2 and _SECTION_NUMBER.fullmatch(ln.cells[0][0])
    if (len(ln.cells) > 1 and not numbered) or len(text) > SETTINGS.pdf_heading_max_chars or not _LETTER.search(text):
        return None
    ratio = ln.size / style.body_size
    for min_ratio, level in SETTINGS.pdf_heading_ratios:
        if ratio >= min_ratio:
            return level
    if bold and ratio >= SETTINGS.pdf_heading_bold_min_ratio and not text.endswith(_SENTENCE_END):
        return 3
    return None


def _to_line(ln: PageLine, number: int, page: int, label: str | None, style: _Style,
             in_table: bool = False) -> Line:
    """The stream's `Line`, once the document's style is known. A short line between table rows in
    their font is a wrapped label or a caption of the table, not a heading, whatever its size."""
    bold = _is_bold(ln, style)
    return Line(
        number=number,
        text=ln.text,
        page=page,
        page_label=label,
        bbox=(ln.x0, ln.top, ln.x1, ln.bottom),
        cells=tuple(Cell(text, x0, x1) for text, x0, x1 in ln.cells),
        words=ln.words or None,
        size=ln.size,
        bold=bold,
        heading_level=None if in_table and len(ln.cells) == 1 else _heading_level(ln, bold, style),
        rule_above=ln.rule_above,
    )
