"""Raw tables -> FinancialTable / IndicatorTable: typed columns, labelled rows, aligned values."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from math import comb
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..magnitude import is_total_row
from ..models import Column, FinancialRow, FinancialTable, IndicatorRow, IndicatorTable, Scenario, Unit, Value
from ..normalise.numbers import NBSP, CellValue, Status, try_parse_cell
from ..normalise.units import find_unit
from ..provenance import Provenance
from ..relations import infer_structure, is_total_label, part_role, quotient_pair, saldo_relations, subtotal_column
from ..segment import is_value_cell
from ..stream import Line
from .columns import YEAR_RE, ColumnSpec, HeaderParse, is_part, parse_header, scenario_of, year_of
from .diagnostics import Diagnostics
from .glued import split_glued_rows
from .rawtable import RawRow, RawTable, RawValue, indented, is_row_code, split_trailing_number
from ..lexicon import (PART_NAMES, SIGN_CONVENTION as _SIGN, INDICATOR_HINT as _INDICATOR_HINT, COUNT_LABEL as _COUNT_LABEL,
                       RATIO_LABEL as _RATIO_LABEL, MONEY_LABEL as _MONEY_LABEL, SUBROW_SCENARIOS as _SCENARIO_SUBROW,
                       TOTAL_HEAD as _TOTAL_HEAD, MEASURE_HEAD as _UNIT_HEAD,
                       INDICATOR_SOORT as _SOORT, INDICATOR_SUBROW as _SUBROW_MARK)
from ..settings import SETTINGS

_DASH_LED = re.compile(r"^\s*[-–•]\s+\S")  # "- van 0 - 3 jaar": an item under a lead-in line


@dataclass
class TableContext:
    title: str
    heading_path: list[str]
    unit: Unit | None  # resolved unit for money (None: not known)
    index: int  # element index, for diagnostic locations


def table_text(raw: RawTable) -> str:
    return " ".join(raw.corner + raw.unit_lines + raw.header_cells)


def stated_unit(raw: RawTable, title_lines: list[str]) -> Unit | None:
    for text in raw.unit_lines + raw.corner + raw.header_cells + raw.footnotes + title_lines:
        u = find_unit(text)
        if u:
            return Unit(multiplier=u.multiplier, raw=u.raw, source="table")
    return None


def sign_convention(raw: RawTable, context_lines: list[str]) -> str | None:
    for text in raw.corner + raw.unit_lines + raw.header_cells + context_lines:
        m = _SIGN.search(text)
        if m:
            return m.group(0).strip()
    return None


def _money_parts(header_cells: list[str]) -> bool:
    """The header names both money parts (Lasten and Baten, or their synonyms)."""
    named = {PART_NAMES[w] for cell in header_cells for w in re.findall(r"[a-z]+", cell.lower()) if w in PART_NAMES}
    return {"Lasten", "Baten"} <= named


def looks_like_indicators(raw: RawTable, title: str, unit: Unit | None) -> bool:
    if raw.layout in ("soort", "grid"):
        return True
    text = f"{title} {table_text(raw)}"
    if unit is not None and _money_parts(raw.header_cells):
        return False  # a stated unit over Lasten and Baten columns: money, whatever the section is called
    if _INDICATOR_HINT.search(text):
        return True
    if unit is not None:
        return False
    if raw.layout == "pairs":
        return True  # one value per label and no unit: parameters and key figures, not a money table
    if any(r.measure for r in raw.rows):
        return True  # "63.265" / "st.": figures with a unit of measure are quantities, not money
    labels = [" ".join(r.labels) for r in raw.rows]
    if labels and sum(1 for lb in labels if _RATIO_LABEL.search(lb)) * 2 >= len(labels):
        return True  # "formatie (in fte per 1.000 inwoners)", "overhead (% van totale lasten)": ratios
    if any(_MONEY_LABEL.search(lb) for lb in labels):
        return False
    if sum(1 for lb in labels if _COUNT_LABEL.match(lb)) * 3 >= len(labels) > 0:
        return True  # "Aantal inwoners", "Aantal woningen": counts, not money
    vals = [try_parse_cell(v.raw) for r in raw.rows for v in r.values]
    nums = [v for v in vals if v is not None and v.value is not None]
    if not nums:
        return False
    soft = sum(1 for v in nums if v.percent or (v.value != v.value.to_integral_value()))
    return soft * 2 >= len(nums)


# ----------------------------------------------------------------------------- values

def make_value(raw: RawValue, money: Unit | None, percent_column: bool) -> Value:
    cv = try_parse_cell(raw.raw)
    prov = provenance(raw.line)
    if cv is None:
        return Value.trusted(raw=raw.raw, value=None, status=Status.UNKNOWN, provenance=prov, note="not a number")
    return value_from(cv, raw.raw, money, percent_column, prov)


def value_from(cv: CellValue, raw: str, money: Unit | None, percent_column: bool, prov: Provenance) -> Value:
    number = cv.value
    unit = ""
    if number is not None:
        if cv.percent or percent_column:
            unit = "%"
        elif money is not None:
            number = number * money.multiplier
            unit = "EUR"
    # Fields left at their default are not passed: the same Value, with a smaller set of fields set.
    # The parser's own figures, of the model's own types: built without validating them again.
    if cv.marker is None and cv.note is None:  # most cells: no dict of extras to build
        if unit:
            return Value.trusted(raw=raw, value=number, status=cv.status, provenance=prov, unit=unit)
        return Value.trusted(raw=raw, value=number, status=cv.status, provenance=prov)
    extra = {k: v for k, v in (("marker", cv.marker), ("note", cv.note)) if v is not None}
    if unit:
        extra["unit"] = unit
    return Value.trusted(raw=raw, value=number, status=cv.status, provenance=prov, **extra)


def provenance(line: Line) -> Provenance:
    """One frozen Provenance per source location, shared by the row and all its values (a document
    holds one per cell otherwise: most of its memory)."""
    return _provenance(line.number, line.page, line.page_label, line.bbox, line.html_path, line.source_line)


@lru_cache(maxsize=4096)
def _provenance(number: int, page: int | None, page_label: str | None, bbox: tuple[float, float, float, float] | None,
                html_path: str | None, source_line: int | None) -> Provenance:
    # Only the fields that are set are passed: the same model, with a smaller set of fields set.
    located = {k: v for k, v in (("page", page), ("page_label", page_label), ("bbox", bbox), ("html_path", html_path),
                                 ("source_line", source_line)) if v is not None}
    if bbox is not None:
        return Provenance(line=number, **located)  # a PDF box is validated (its figures become floats)
    return Provenance.trusted(line=number, **located)


def empty_value(line: Line) -> Value:
    return Value.trusted(raw="", value=None, status=Status.EMPTY, provenance=provenance(line))


# ----------------------------------------------------------------------------- alignment

def align(values: list[RawValue], ncols: int, row_label: str, line: Line, diags: Diagnostics,
          element: int) -> list[RawValue | None]:
    """Values -> exactly ncols slots. Never a silent shift: any guess is reported."""
    if len(values) == ncols:
        return list(values)
    merged = _merge_spaced_signs(values)
    if len(merged) == ncols:
        return list(merged)
    if len(values) > ncols:
        diags.add("extra-values", "error",  # figures left out of the table: said as an error, kept here
                  f"row '{row_label}' has {len(values)} values for {ncols} columns; kept the first {ncols}; the "
                  f"figures {' | '.join(v.raw for v in values[ncols:])} are not in the table (all printed: "
                  f"{' | '.join(v.raw for v in values)})", line, row=row_label, element=element)
        return list(values[:ncols])
    if values:
        diags.add("ragged-row", "warning",
                  f"row '{row_label}' has {len(values)} values for {ncols} columns; the empty cells were not "
                  f"printed, so the values are kept in order from the first column and their columns are uncertain",
                  line, row=row_label, element=element)
    return list(values) + [None] * (ncols - len(values))


def align_by_spacing(values: list[RawValue], ncols: int) -> list[RawValue | None] | None:
    """Cells joined by one space with each empty cell printed as a space of its own
    ("Subsidie 268 268            ", "Cultuur   1.000   1.097"): a gap of 2k+1 spaces between two
    figures holds k empty cells, a trailing run of 2k spaces k more, and the gap after the label
    the rest. Taken only when every gap fits that pattern and the cells add up to the column count."""
    if not values or len(values) >= ncols or len({id(v.line) for v in values}) != 1:
        return None
    text = values[0].line.text.rstrip("\n")
    spans, at = [], 0
    for v in values:
        start = text.find(v.raw, at)
        if start < 0:
            return None
        spans.append((start, start + len(v.raw)))
        at = start + len(v.raw)
    gaps = [text[a[1]:b[0]] for a, b in zip(spans, spans[1:])]
    tail = text[spans[-1][1]:]
    if any(g.strip(" ") or len(g) % 2 == 0 for g in gaps) or tail.strip(" ") or len(tail) % 2:
        return None
    between = [(len(g) - 1) // 2 for g in gaps]
    trailing = len(tail) // 2
    leading = ncols - len(values) - sum(between) - trailing
    lead_gap = text[:spans[0][0]]
    run = len(lead_gap) - len(lead_gap.rstrip(" "))
    # The label's own run: a separator, maybe the padding of the label cell, and one more empty
    # text cell of the label column (Programma / Product printed with Product empty).
    if leading < 0 or run not in (2 * leading, 2 * leading + 1, 2 * leading + 2, 2 * leading + 3):
        return None  # a gap that is padding of another kind (pdftotext columns)
    slots: list[RawValue | None] = [None] * leading
    for v, k in zip(values, [*between, trailing]):
        slots += [v] + [None] * k
    return slots


def _merge_spaced_signs(values: list[RawValue]) -> list[RawValue]:
    """"- 19.796" printed with a space: a lone dash directly before an amount is its sign."""
    out: list[RawValue] = []
    i = 0
    while i < len(values):
        v = values[i]
        if v.raw.strip() in {"-", "–", "−"} and i + 1 < len(values) and re.match(r"^\d", values[i + 1].raw):
            out.append(RawValue(f"{v.raw} {values[i + 1].raw}", v.line))
            i += 2
            continue
        out.append(v)
        i += 1
    return out


def distribute_stacked(values: list[RawValue], k: int, ncols: int) -> list[list[RawValue | None]] | None:
    """Cells holding k stacked figures (one per sub-row) after alignment blanks; trailing blanks are
    empty columns. Returns per sub-row value lists, or None when the pattern does not fit."""
    groups: list[list[RawValue]] = []
    cur: list[RawValue] = []
    trailing = 0
    for v in values:
        if v.raw.replace(NBSP, "").strip() == "":
            if cur:
                groups.append(cur)
                cur = []
                trailing = 0
            trailing += 1
        else:
            if trailing and groups:
                trailing = 0
            cur.append(v)
            trailing = 0
    if cur:
        groups.append(cur)
        trailing = 0
    if not groups or any(len(g) != k for g in groups) or len(groups) + trailing != ncols:
        return None
    out: list[list[RawValue | None]] = [[] for _ in range(k)]
    for g in groups:
        for s in range(k):
            out[s].append(g[s])
    for s in range(k):
        out[s] += [None] * trailing
    return out


# ----------------------------------------------------------------------------- row labels

@dataclass
class LabelledRow:
    label: str
    group: str | None
    values: list[RawValue]
    line: Line
    number: str | None = None
    section: bool = False
    subrows: list[str] | None = None
    glued: str | None = None
    measure: str | None = None
    caption: bool = False  # `group` is a caption over a row printed flush: a category, the row an indicator of its own


def placements_by_totals(rows: list[LabelledRow], ncols: int) -> dict[int, list[RawValue | None]]:
    """Rows printing fewer figures than there are columns (empty cells not printed), in a block closed by a
    total row that prints every column: each short row's figures, in order, go to the columns where every
    column of the block adds up to its total (within the rounding of its terms), when one placement does and
    no other. Keyed by id()."""
    out: dict[int, list[RawValue | None]] = {}
    start = 0
    for t, row in enumerate(rows):
        if not (row.values and is_total_row(row.label)):
            continue
        members = [r for r in rows[start:t] if r.values and not r.section and not is_total_row(r.label)]
        start = t + 1
        if len(row.values) != ncols or not any(len(r.values) < ncols for r in members) \
                or any(len(r.values) > ncols for r in members):
            continue
        totals = _figures(row.values)
        figures = [_figures(r.values) for r in members]
        if totals is None or any(f is None for f in figures):
            continue
        found = _unique_placement([f for f in figures if f is not None], totals, ncols)
        if found is None:
            continue
        for r, cols in zip(members, found):
            if len(r.values) < ncols:
                slots: list[RawValue | None] = [None] * ncols
                for v, c in zip(r.values, cols):
                    slots[c] = v
                out[id(r)] = slots
    return out


def _figures(values: list[RawValue]) -> list[Decimal] | None:
    """The printed figures as numbers (a nil dash is 0); None when one is no figure."""
    out = []
    for v in values:
        cv = try_parse_cell(v.raw)
        if cv is None:
            return None
        out.append(cv.value or Decimal(0))
    return out


def _unique_placement(figures: list[list[Decimal]], totals: list[Decimal], ncols: int) -> list[tuple[int, ...]] | None:
    """The one order-keeping choice of columns per row that makes every column sum to its total within
    rounding, or None
    (no such choice, several, or too many to try)."""
    from itertools import combinations  # noqa: PLC0415

    options = [list(combinations(range(ncols), len(f))) for f in figures]
    size = 1
    for o in options:
        size *= len(o)
    if size > SETTINGS.placement_search_max:
        return None
    nonneg = all(x >= 0 for f in figures for x in f) and all(x >= 0 for x in totals)
    # each printed figure is rounded to its last digit: the sums may be off by half a digit per term
    exps = [x.as_tuple().exponent for f in [*figures, totals] for x in f]
    digit = Decimal(1).scaleb(min([e for e in exps if isinstance(e, int)] + [0]))
    tol = digit * (len(figures) + 1) / 2
    solutions: list[list[tuple[int, ...]]] = []
    chosen: list[tuple[int, ...]] = []

    def search(k: int, sums: list[Decimal]) -> None:
        if len(solutions) > 1:
            return
        if k == len(figures):
            if all(abs(a - b) <= tol for a, b in zip(sums, totals)):
                solutions.append(list(chosen))
            return
        for cols in options[k]:
            nxt = list(sums)
            for x, c in zip(figures[k], cols):
                nxt[c] += x
            if nonneg and any(a > b + tol for a, b in zip(nxt, totals)):
                continue
            chosen.append(cols)
            search(k + 1, nxt)
            chosen.pop()

    search(0, [Decimal(0)] * ncols)
    return solutions[0] if len(solutions) == 1 else None


def resolve_labels(rows: list[RawRow], indent_groups: bool = False, row_width: int | None = None) -> list[LabelledRow]:
    """Several label cells before the values: a label split over two cells, a group label with
    Lasten/Baten/Saldo parts, sub-row labels, or rows printed without values. With `indent_groups`
    (indicator tables) a caption is the group of the rows under it: of its indented rows (sub-rows of
    the caption: "Inwoners" / " van 0-4 jaar"), or, where the first row under it is printed flush, of
    the rows up to a total, which closes it and stands alone ("Woonruimten" / "Koopwoningen" /
    "Totaal woonruimten"); flush rows are indicators of their own, the caption their category. With `row_width` (the
    column count) short labels read as sub-rows only when more figures follow than one row holds;
    otherwise, unless most rows print as many label cells (text columns), "Activa" / "Vaste activa" /
    "Immateriële vaste activa" / six figures are two captions over one row."""
    out: list[LabelledRow] = []
    group: str | None = None
    caption: str | None = None
    flush = False  # the caption's first row was printed flush: rows join it until a total
    members = 0
    # How many rows with figures print each number of label cells: a count most rows share is a
    # row layout (a name and text cells: "Programma", "Incidenteel"), a rare one a run of captions.
    label_cells = Counter(len(r.labels) for r in rows if r.values)
    with_values = sum(label_cells.values())
    # A first label cell that comes back over several rows is a category column ("reiniging" / "voertuig
    # 244", "reiniging" / "ravo"), not the first half of a label wrapped over two cells.
    categories = Counter(" ".join(r.labels[0].split()).casefold() for r in rows if len(r.labels) >= 2)
    # ... and where most such rows show one, the table has a category column: a category printed once is one too
    repeated = sum(n for n in categories.values() if n >= SETTINGS.category_min_rows)
    category_column = repeated >= SETTINGS.category_min_rows and 2 * repeated >= sum(categories.values())

    def category(cell: str) -> bool:
        return category_column or categories[cell.casefold()] >= SETTINGS.category_min_rows

    for r in rows:
        labels = [" ".join(lb.split()) for lb in r.labels]
        raw_labels = r.labels
        if not labels:
            out.append(LabelledRow("", group, r.values, r.line, r.number))
            continue
        if r.section:
            out.append(LabelledRow(labels[0], None, [], r.line, section=True))
            group = None
            caption, flush, members = labels[0], False, 0
            continue
        if indent_groups and caption and len(labels) == 1 and r.values:
            led = bool(indented(r.line) or _DASH_LED.match(labels[0]))
            if members == 0 and not led and not is_total_label(labels[0]):
                flush = True
            if led or flush and not is_total_label(labels[0]):
                members += 1
                out.append(LabelledRow(labels[0], caption, r.values, r.line, r.number, glued=r.glued,
                                       measure=r.measure, caption=flush))
                continue  # " van 0-4 jaar" under "Inwoners": the caption is the group of the rows under it
        caption = None
        main = labels
        if len(labels) >= 2 and (raw_labels[1][:1].isspace() or labels[1][:1].islower()) \
                and not _part_label(labels[1]) and r.number is None \
                and not category(labels[0]) \
                and not (_part_label(labels[0]) and " " not in labels[0]):  # "Lasten" over "huisvesting"
            main = [f"{labels[0]} {labels[1]}"] + labels[2:]
        elif len(labels) >= 3 and labels[-1][:1].islower() and not _part_label(labels[-1]):
            main = labels[:-2] + [f"{labels[-2]} {labels[-1]}"]  # a label wrapped over two cells under a caption
        if len(main) == 2 and r.values and is_row_code(main[0]) and not is_row_code(main[1]):
            main = [f"{main[0]} / {main[1]}"]  # "1A" / "Inzet Coronamiddelen": the row's code and name
        if len(main) >= 3 and _part_label(main[-1]) and r.values:
            for extra in main[:-2]:  # "Programma" / "Zorg en ondersteuning" / "lasten"
                out.append(LabelledRow(extra, None, [], r.line, section=True))
            main = main[-2:]
        # Text columns (Programma, Structureel/Incidenteel) beside the name: most rows print as many
        # label cells, whatever their length.
        text_columns = label_cells.get(len(labels), 0) >= SETTINGS.text_column_min_rows \
            and label_cells.get(len(labels), 0) * 3 >= with_values * 2
        if len(main) >= 3 and (text_columns or all(len(x) <= 25 and len(x.split()) <= 3 for x in main[1:])) \
                and r.values \
                and (row_width is None or len(r.values) > row_width or label_cells.get(len(labels), 0) * 2 >= with_values):
            out.append(LabelledRow(main[0], None, r.values, r.line, r.number, subrows=main[1:]))
            group = None
            continue
        if len(main) == 2 and _part_label(main[1]) and _part_label(main[0]) and r.values:
            # "lasten" printed without its cells, then "baten" and figures: two rows of the group above.
            group = out[-1].label if out and not out[-1].values and not _part_label(out[-1].label) else group
            out.append(LabelledRow(main[0], group, [], r.line, r.number))
            out.append(LabelledRow(main[1], group, r.values, r.line, r.number))
            continue
        if len(main) == 2 and _part_label(main[1]) and r.values:
            group = main[0]
            out.append(LabelledRow(main[1], group, r.values, r.line, r.number))
            continue
        for extra in main[:-1]:  # a category cell opens a section: the rows before it are not its members
            out.append(LabelledRow(extra, None, [], r.line,
                                   section=not r.values or category(extra)))
            group = None
        label = main[-1]
        if indent_groups and len(main) >= 2 and main[-2].endswith(":") and _DASH_LED.match(label) and r.values:
            caption, flush, members = main[-2], False, 1  # "waarvan:" / "- van 0 - 3 jaar": the lead-in groups the dashed rows under it
            out.append(LabelledRow(label, caption, r.values, r.line, r.number, measure=r.measure))
        elif group and _part_label(label):
            out.append(LabelledRow(label, group, r.values, r.line, r.number, glued=r.glued, measure=r.measure))
        else:
            group = None
            out.append(LabelledRow(label, None, r.values, r.line, r.number, glued=r.glued, measure=r.measure))
    return out


def _part_label(label: str) -> bool:
    """A row that is one part of the group above ("lasten", "Saldo programma"); a longer phrase
    ("Saldo van baten en lasten (A)") is a row of its own."""
    words = label.split(" ")
    return words[0].lower() in {"lasten", "baten", "saldo", "onttrekkingen", "toevoegingen", "mutaties", "uitgaven",
                                "inkomsten"} and len(words) <= SETTINGS.part_label_max_words


# ----------------------------------------------------------------------------- builders

def columns_of(raw: RawTable) -> tuple[list[ColumnSpec], list[ColumnSpec], list[str], str]:
    if raw.x_columns:
        specs = []
        for label in raw.x_columns:
            last = label.split(" ")[-1]
            specs.append(ColumnSpec(label, scenario_of(label), year_of(label), last if is_part(last) else None))
        return specs, [], [], " ".join(raw.corner)
    width = modal_width(raw)
    hp = parse_header(raw.header_cells, raw.parts, width)
    texts = [" ".join(c.split()) for c in raw.header_cells if c.strip()]
    if raw.layout == "cells" and not raw.parts and width and len(texts) == width != len(hp.columns) \
            and all(year_of(t) or scenario_of(t) for t in texts):
        # One cell per paragraph: a header cell is one column, whatever years it names
        # ("Jaarschijf 2025 uit MJB 2024-2027" is the 2025 column, not two).
        hp = HeaderParse(corner=hp.corner, columns=[ColumnSpec(t, scenario_of(t), year_of(t)) for t in texts])
    cells = raw.header_cells
    if raw.layout == "pipe" and width == len(cells) and "" in cells and len(hp.columns) == len(texts) and not raw.parts:
        # "2025 | |": a pipe header cell left empty heads a column of its own (subtotals, remarks)
        named = iter(hp.columns)
        hp.columns = [next(named) if c.strip() else ColumnSpec(f"kolom {i + 1}") for i, c in enumerate(cells)]
    total = _total_column_before(raw, hp.columns, width)
    if total is not None:
        hp.columns = [ColumnSpec(total), *hp.columns]
        hp.corner = " ".join(hp.corner.split()[:-len(total.split())]) if hp.corner.endswith(total) else hp.corner
    if raw.column_dates and len(raw.column_dates) == len(hp.columns):
        for spec, date in zip(hp.columns, raw.column_dates):
            spec.label = f"{spec.label} {date}"
    return hp.columns, hp.groups, hp.leftovers, hp.corner


def _total_column_before(raw: RawTable, columns: list[ColumnSpec], width: int | None) -> str | None:
    """"Totaal" printed before the years ("Omschrijving Totaal 2018 2019 2020 2021"), one value more in the
    rows than the header has years: the first column is the total of the others when every full row adds
    up that way. The arithmetic decides, not the word: the word alone stays in the corner."""
    head = raw.corner[-1].strip() if raw.corner else ""
    if width is None or width != len(columns) + 1 or not columns or not all(c.year for c in columns) \
            or not _TOTAL_HEAD.match(head) or len(head) > 40:
        return None
    checked = 0
    for r in raw.rows:
        if len(r.values) != width:
            continue
        figures = [cv.value if (cv := try_parse_cell(v.raw)) is not None else None for v in r.values]
        if any(f is None for f in figures):
            continue
        if abs(figures[0] - sum(figures[1:], Decimal(0))) > len(figures) - 1:  # each term rounded by at most 1/2
            return None
        checked += 1
    return head if checked >= SETTINGS.total_column_min_rows else None


def _split_unlabelled_subtotals(raw: RawTable, ncols: int, ctx: TableContext, diags: Diagnostics) -> None:
    """A row printing twice the columns' figures, the second half the sums of its section's rows (from the
    section's caption or numbered first row through this row): the section's subtotal, printed without a label. The
    arithmetic is the evidence; it becomes a row of its own with an empty label, and the parse says so."""
    if ncols < 1:
        return
    out: list[RawRow] = []
    since = 0  # index in `out` where the current section's rows start
    for r in raw.rows:
        if not r.values or is_total_row(" ".join(r.labels)):
            out.append(r)
            since = len(out)  # a caption without figures, or a total: the next rows start a section
            continue
        if r.number is not None or len(r.labels) >= 2:
            since = len(out)  # a numbered row, or one carrying its section's caption, starts a section
        if len(r.values) == 2 * ncols:
            members = [*out[since:], r]
            sums = _column_sums(members, ncols)
            extra = [try_parse_cell(v.raw) for v in r.values[ncols:]]
            if len(members) >= 2 and sums is not None and all(e is not None and e.value is not None for e in extra) \
                    and all(abs(e.value - s) <= len(members) for e, s in zip(extra, sums)):  # type: ignore[union-attr]
                out.append(RawRow(list(r.labels), list(r.values[:ncols]), r.line, number=r.number))
                out.append(RawRow([""], list(r.values[ncols:]), r.line))
                diags.add("subtotal-unlabelled", "info", f"row '{' '.join(r.labels)}' prints "
                          f"{' | '.join(v.raw for v in r.values)}: the last {ncols} are the sums of its section's "
                          f"rows, a subtotal printed without a label", r.line, row=" ".join(r.labels),
                          element=ctx.index)
                continue
        out.append(r)
    raw.rows[:] = out


def _column_sums(rows: list[RawRow], ncols: int) -> list[Decimal] | None:
    """Per column, the sum of the rows' first ncols figures (None where a row has other than ncols figures)."""
    sums = [Decimal(0)] * ncols
    for r in rows:
        vals = r.values[:ncols]
        if len(r.values) not in (ncols, 2 * ncols):
            return None
        for c, v in enumerate(vals):
            cv = try_parse_cell(v.raw)
            if cv is None:
                return None
            sums[c] += cv.value or 0
    return sums


def modal_width(raw: RawTable) -> int | None:
    """The number of values most rows print (ties: the larger), None without rows of two or more."""
    counts: dict[int, int] = {}
    for r in raw.rows:
        if len(r.values) >= 2:
            counts[len(r.values)] = counts.get(len(r.values), 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


def build_financial(raw: RawTable, ctx: TableContext, diags: Diagnostics) -> list[FinancialTable]:
    specs, groups, leftovers, corner = columns_of(raw)
    if not specs and raw.rows:
        width = max(len(r.values) for r in raw.rows)
        edges = _value_edges(raw) if raw.header_right is None else None
        if edges is not None and len(edges) > width:
            width, raw.header_right = len(edges), edges  # amounts right-aligned under columns no header names
        named = len(raw.header_cells) == width and raw.layout == "pairs"  # "Grondslag": the one value column's head
        specs = [ColumnSpec(" ".join(raw.header_cells[i].split()) if named else f"kolom {i + 1}") for i in range(width)]
        diags.add("no-header", "warning", f"table '{ctx.title}' has no recognisable column header; columns are numbered",
                  raw.rows[0].line, element=ctx.index)
    if leftovers:
        diags.add("header-unplaced", "warning", f"header text not placed on a column: {', '.join(leftovers)}",
                  raw.block.lines[0] if raw.block else None, element=ctx.index)
    ncols = len(specs)
    split_trailing_number(raw, ncols)
    _split_unlabelled_subtotals(raw, ncols, ctx, diags)
    _return_extras_to_label(raw, ncols)
    labelled = resolve_labels(raw.rows, row_width=ncols)
    if raw.layout == "rows":
        _numbers_of_labels(labelled)
    pct_cols = [s.scenario is Scenario.PERCENTAGE for s in specs]
    relation = _table_relation(labelled, specs)
    placed = placements_by_totals(labelled, ncols) if raw.layout == "cells" else {}
    # may move glued digits into the label
    glued = split_glued_rows([lr for lr in labelled if lr.glued is not None], specs, diags, ctx.index)
    main_rows: list[FinancialRow] = []
    ragged: list[tuple[int, list[RawValue], int]] = []  # (row, its printed values, its ragged-row warning)
    group_rows: list[FinancialRow] = []
    caption: str | None = None  # the last caption without figures: the section an unlabelled row belongs to
    for lr in labelled:
        if lr.section or not lr.values:
            caption = lr.label or caption
        elif not lr.label and lr.group is None and caption:
            lr.group = caption
        if lr.glued is not None:
            vals = glued[id(lr)]
        label = lr.label or "(zonder label)"
        if raw.layout == "cells" and lr.number and lr.label and not lr.label.startswith(lr.number):
            label = f"{lr.number} / {label}"  # the "Nr." cell: the row's code, kept as the table cites it
        if lr.glued is not None:
            pass  # values come from the arithmetic split above
        elif lr.section or not lr.values:
            main_rows.append(FinancialRow(label=label, group=lr.group, values=[empty_value(lr.line) for _ in specs],
                                          section=lr.section, provenance=provenance(lr.line)))
            continue
        elif id(lr) in placed:
            vals = placed[id(lr)]
            diags.add("ragged-aligned", "info", f"row '{label}' prints {len(lr.values)} values for {ncols} columns; "
                      f"they were placed where the columns of its block add up to the total printed under it, "
                      f"the only placement that does", lr.line, row=label, element=ctx.index)
        elif (by_spaces := align_by_spacing(lr.values, ncols)) is not None:
            vals = by_spaces
        elif groups and len(lr.values) == len(groups) and len(lr.values) != ncols:
            gvals = [make_value(v, ctx.unit, False) for v in lr.values]
            group_rows.append(FinancialRow(label=label, group=lr.group, values=gvals, provenance=provenance(lr.line)))
            continue
        elif (by_x := _align_by_position(lr.values, ncols, raw, labelled)) is not None:
            vals = by_x
        else:
            proven = _align_by_arithmetic(lr.values, specs, relation)
            if proven is None and raw.layout == "rows" and len(lr.values) < ncols:
                # "Programma 2 500 500 600 600": is the 2 part of the label? Only arithmetic can tell.
                for k in (1, 2):
                    head = lr.values[:k]
                    if all(re.match(r"^\d{1,2}[a-zA-Z]?\.?$", v.raw) for v in head):
                        proven = _align_by_arithmetic(lr.values[k:], specs, relation)
                        if proven is not None:
                            lr.label = label = " ".join([label] + [v.raw for v in head])
                            break
            if proven is not None:
                vals = proven
                diags.add("ragged-aligned", "info", f"row '{label}' prints {len(lr.values)} values for {ncols} "
                          f"columns; the empty cells were placed where the saldo relation ({relation}) holds in "
                          f"every column group, the only placement that does", lr.line, row=label, element=ctx.index)
            else:
                vals = align(lr.values, ncols, label, lr.line, diags, ctx.index)
                if 0 < len(lr.values) < ncols:
                    ragged.append((len(main_rows), lr.values, len(diags) - 1))
        values = [make_value(v, ctx.unit, pct_cols[i]) if v is not None else empty_value(lr.line)
                  for i, v in enumerate(vals)]
        main_rows.append(FinancialRow(label=label, group=lr.group, values=values, provenance=provenance(lr.line)))
    if len(ragged) == 1:
        _place_by_total(ragged[0], main_rows, specs, ctx, pct_cols, diags)
    if ctx.unit is not None:
        _keep_ratios_unscaled(main_rows, ctx, diags)
    lines = [ln.number for ln in raw.block.lines] if raw.block else []
    specs = _subtotal_columns(specs, main_rows, ctx, diags)
    columns = [Column(label=s.label, scenario=s.scenario, year=s.year, part=s.part) for s in specs]
    tables = []
    title = ctx.title
    sections = _split_sections(main_rows) if raw.layout == "rows" else [(title, main_rows)]
    for i, (sec_title, rows) in enumerate(sections):
        tables.append(FinancialTable(title=sec_title or title, heading_path=ctx.heading_path, unit=ctx.unit,
                                     columns=columns, rows=rows, footnotes=raw.footnotes if i == 0 else [],
                                     lines=lines if i == 0 else []))
    if group_rows:
        gcols = [Column(label=g.label, scenario=g.scenario, year=g.year) for g in groups]
        tables.append(FinancialTable(title=f"{title} (saldo)", heading_path=ctx.heading_path, unit=ctx.unit,
                                     columns=gcols, rows=group_rows, lines=[]))
        diags.add("rows-per-group", "warning",
                  f"{len(group_rows)} row(s) print one value per year group ({len(groups)} values for {ncols} columns);"
                  " they are given as a separate table with the group columns", group_rows_line(raw, group_rows),
                  element=ctx.index)
    return tables


def _subtotal_columns(specs: list[ColumnSpec], rows: list[FinancialRow], ctx: TableContext,
                      diags: Diagnostics) -> list[ColumnSpec]:
    """A column without a year right of a column with one, holding that column's subtotals (the sums
    of its figures since the previous subtotal): the same year and kind, proven by the arithmetic."""
    out = list(specs)
    scale = ctx.unit.multiplier if ctx.unit is not None else 1
    for i in range(1, len(out)):
        left = out[i - 1]
        if out[i].year is not None or out[i].scenario is not None or left.year is None or left.part is not None:
            continue
        body = [r for r in rows if not r.section]
        detail = [r.values[i - 1].value if r.values[i - 1].unit != "%" else None for r in body]
        column = [r.values[i].value if r.values[i].unit != "%" else None for r in body]
        if subtotal_column(detail, column, Decimal(scale) * SETTINGS.subtotal_tolerance_units):
            out[i] = ColumnSpec(f"{left.label} (subtotaal)", left.scenario, left.year, None)
            diags.add("subtotal-column", "info", f"table '{ctx.title}': column '{specs[i].label}' holds the "
                      f"subtotals of column '{left.label}' (each figure the sum of the figures beside it since "
                      f"the one before), so it is of the same year and kind", body[0].provenance,
                      element=ctx.index)
    return out


def _keep_ratios_unscaled(rows: list[FinancialRow], ctx: TableContext, diags: Diagnostics) -> None:
    """A row of small decimal figures that is, in every column, the quotient of two other rows (to its
    printed decimals) is a ratio of amounts: kept as printed, never scaled by the table's unit (1,2 would
    otherwise read as 1.200 euros)."""
    candidates = []  # (row, printed decimals): rows of small figures printed with decimals
    for r, row in enumerate(rows):
        cells = [cv for v in row.values if (cv := try_parse_cell(v.raw)) is not None and cv.value is not None]
        if row.section or not cells or any(cv.percent or abs(cv.value) >= SETTINGS.ratio_max for cv in cells):  # type: ignore[arg-type]
            continue
        decimals = min(-int(cv.value.as_tuple().exponent) for cv in cells)  # type: ignore[union-attr]
        if decimals >= 1:
            candidates.append((r, decimals))
    if not candidates:
        return  # most tables: nothing printed with decimals, nothing to divide
    printed = [[_printed_number(v) for v in row.values] for row in rows]
    for r, decimals in candidates:
        row = rows[r]
        pair = quotient_pair(printed, r, decimals)
        if pair is None:
            continue
        rows[r] = row.model_copy(update={"values": [
            value_from(cv, v.raw, None, False, v.provenance) if (cv := try_parse_cell(v.raw)) is not None and cv.value is not None
            else v for v in row.values]})
        top, bottom = rows[pair[0]].label, rows[pair[1]].label
        diags.add("ratio-row", "info", f"row '{row.label}' is the ratio of '{top}' to '{bottom}' in every column, not an "
                  f"amount: its figures are kept as printed, without the table's unit", row.values[0].provenance,
                  row=row.label, element=ctx.index)


def _printed_number(v: Value) -> Decimal | None:
    cv = try_parse_cell(v.raw)
    return cv.value if cv is not None and not cv.percent else None


def _place_by_total(ragged: tuple[int, list[RawValue], int], rows: list[FinancialRow], specs: list[ColumnSpec],
                    ctx: TableContext, pct_cols: list[bool], diags: Diagnostics) -> None:
    """The one row that printed fewer figures than columns, placed where a total row of the table is
    the sum of its rows in every column, when exactly one placement does that (the column sums are
    the evidence); otherwise its ragged-row warning stands."""
    r, printed, warning = ragged
    ncols = len(specs)
    if comb(ncols, len(printed)) > SETTINGS.ragged_max_placements:
        return
    row = rows[r]
    # Group captions left out: a grand total adds up over the groups' rows.
    above = [x for x in rows[:r] if not x.section]
    below = [x for x in rows[r + 1:] if not x.section]
    if not any(is_total_label(x.label) for x in (*above, *below)):
        return  # only another row, a total, can take the row among its members: no placement can fit
    at = len(above)
    columns = [Column(label=s.label) for s in specs]
    fits = []
    for slots in combinations(range(ncols), len(printed)):
        placed = dict(zip(slots, printed))
        values = [make_value(placed[i], ctx.unit, pct_cols[i]) if i in placed else empty_value(printed[0].line)
                  for i in range(ncols)]
        trial = [*above, row.model_copy(update={"values": values}), *below]
        table = FinancialTable(title="", columns=columns, rows=trial, lines=[])
        st = infer_structure(table, near=False)
        if any(at in members and is_total_label(trial[t].label) for t, members in st.sum_of.items()):
            fits.append(values)
    if len(fits) != 1:
        return
    rows[r] = row.model_copy(update={"values": fits[0]})
    diags.pop(warning)
    diags.add("ragged-aligned", "info", f"row '{row.label}' prints {len(printed)} values for {ncols} columns; the "
              f"empty cells were placed where the table's total adds up in every column, the only placement that "
              f"does", printed[0].line, row=row.label, element=ctx.index)


def group_rows_line(raw: RawTable, rows: list[FinancialRow]) -> Line | None:
    if not raw.block:
        return None
    first = rows[0].provenance.line
    return next((ln for ln in raw.block.lines if ln.number == first), None)


def _value_edges(raw: RawTable) -> list[float] | None:
    """The right edges the amounts of a PDF table without a header line up on, left to right: one per
    column, when every row's amounts fall on distinct edges (amounts are right-aligned in their column)."""
    xs = sorted(v.x1 for r in raw.rows for v in r.values if v.x1 is not None)
    if not xs or any(v.x1 is None for r in raw.rows for v in r.values):
        return None
    clusters: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - clusters[-1][-1] <= SETTINGS.grid_align_tolerance:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    edges = [sorted(c)[len(c) // 2] for c in clusters]
    for r in raw.rows:
        slots = [min(range(len(edges)), key=lambda i: abs(edges[i] - v.x1)) for v in r.values]  # type: ignore[operator]
        if len(set(slots)) != len(slots) or slots != sorted(slots):
            return None
    return edges


def _column_right_edges(raw: RawTable, rows: list[LabelledRow], ncols: int) -> list[float] | None:
    """Right edges of the value columns: from rows that fill every column, else the header's years."""
    full = [[v.x1 for v in r.values] for r in rows if len(r.values) == ncols and all(v.x1 for v in r.values)]
    if len(full) >= 2:
        return [sorted(col)[len(col) // 2] for col in zip(*full)]  # type: ignore[type-var]
    if raw.header_right and len(raw.header_right) == ncols:
        return raw.header_right
    return None


def _align_by_position(values: list[RawValue], ncols: int, raw: RawTable,
                       rows: list[LabelledRow]) -> list[RawValue | None] | None:
    """PDF: a row with empty cells puts each amount under the column whose right edge it shares."""
    if len(values) >= ncols or not values or any(v.x1 is None for v in values):
        return None
    edges = _column_right_edges(raw, rows, ncols)
    if edges is None:
        return None
    pitch = min((b - a for a, b in zip(edges, edges[1:])), default=40.0)
    slots: list[RawValue | None] = [None] * ncols
    for v in values:
        col = min(range(ncols), key=lambda i: abs(edges[i] - v.x1))  # type: ignore[operator]
        if abs(edges[col] - v.x1) > pitch / 2 or slots[col] is not None:  # type: ignore[operator]
            return None
        slots[col] = v
    return slots


def _groups_of(specs: list[ColumnSpec]) -> list[dict[str, int]]:
    """Column positions of Lasten/Baten/Saldo per year group."""
    groups: list[dict[str, int]] = []
    for i, sp in enumerate(specs):
        part = (sp.part or "").lower()
        if part not in ("lasten", "baten", "saldo"):
            continue
        if not groups or part in groups[-1]:
            groups.append({})
        groups[-1][part] = i
    return [g for g in groups if len(g) == 3]


def _table_relation(rows: list[LabelledRow], specs: list[ColumnSpec]) -> str | None:
    """Which saldo relation the complete rows of this table satisfy (l-b, b-l or l+b)."""
    groups = _groups_of(specs)
    if not groups:
        return None
    votes: dict[str, int] = {}
    for r in rows:
        if len(r.values) != len(specs):
            continue
        nums = [try_parse_cell(v.raw) for v in r.values]
        for g in groups:
            vals = [nums[g[k]] for k in ("lasten", "baten", "saldo")]
            if all(v is not None and v.value is not None for v in vals):
                for rel in saldo_relations(*(v.value for v in vals)):  # type: ignore[union-attr,misc]
                    votes[rel] = votes.get(rel, 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None


def _align_by_arithmetic(values: list[RawValue], specs: list[ColumnSpec], relation: str | None) -> list[RawValue | None] | None:
    """Place missing cells where lasten/baten/saldo still add up in every group; None unless unique."""
    from itertools import combinations

    missing = len(specs) - len(values)
    groups = _groups_of(specs)
    if relation is None or not groups or not 0 < missing <= 3:
        return None
    nums = [try_parse_cell(v.raw) for v in values]
    if any(n is None for n in nums):
        return None
    found = []
    saldo_cols = {g["saldo"] for g in groups}
    for holes in combinations(range(len(specs)), missing):
        if saldo_cols & set(holes):
            continue  # a saldo is printed whenever its lasten or baten are (0 when they cancel)
        it = iter(range(len(values)))
        slots = [None if i in holes else next(it) for i in range(len(specs))]

        def val(i: int) -> Decimal:
            j = slots[i]
            n = nums[j] if j is not None else None
            return n.value if n is not None and n.value is not None else Decimal(0)

        ok = True
        for g in groups:
            lasten, baten, saldo = val(g["lasten"]), val(g["baten"]), val(g["saldo"])
            expr = {"l-b": lasten - baten, "b-l": baten - lasten, "l+b": lasten + baten}[relation]
            if abs(expr - saldo) > 1:
                ok = False
                break
        if ok:
            found.append(slots)
            if len(found) > 1:
                return None
    if len(found) != 1:
        return None
    return [values[j] if j is not None else None for j in found[0]]


_SMALL = re.compile(r"^\d{1,2}$")


def _numbers_of_labels(rows: list[LabelledRow]) -> None:
    """In a row per line the split between label and figures is a guess; two kinds of evidence move
    a leading figure back into the label: a bare year ("Wmo 2015") in a row whose other amounts
    print thousands dots (an amount of that size would be "2.015"), and a small number where the
    sibling rows' labels end in one ("Programma 2" between "Programma 1" and "Programma 3")."""
    labels = {lr.label for lr in rows}
    for lr in rows:
        if len(lr.values) < 2 or not lr.label:
            continue
        first = lr.values[0].raw.strip()
        year = YEAR_RE.fullmatch(first) is not None and len(first) == 4 \
            and any("." in v.raw for v in lr.values[1:])
        numbered = _SMALL.match(first) is not None and sum(
            1 for other in labels if other.startswith(f"{lr.label} ") and _SMALL.match(other[len(lr.label) + 1:])) >= 2
        if year or numbered:
            lr.label = f"{lr.label} {first}"
            lr.values = lr.values[1:]


def _return_extras_to_label(raw: RawTable, ncols: int) -> None:
    """In a row per line, values are taken from the right; tokens beyond the column count belong to
    the label when their form says so ("Overhead *", "Fte per 1.000 inwoners 2022", "Wmo 2015").
    Extra figures printed like the amounts ("Baten 5 6 7 8" under two columns) stay figures: the
    row is then reported (extra-values), never silently relabelled."""
    if raw.layout != "rows" or not ncols:
        return
    # "Programma 1 ..." / "Programma 2 ...": a label word followed by a short number on several rows
    numbered = Counter(r.labels[-1] for r in raw.rows
                       if r.labels and r.values and _SHORT_CODE.fullmatch(r.values[0].raw))
    for r in raw.rows:
        if len(r.values) > ncols and r.labels:
            extra = r.values[: len(r.values) - ncols]
            kept = r.values[len(extra):]
            if len(extra) == 1 and numbered[r.labels[-1]] >= 2:
                r.labels[-1] = f"{r.labels[-1]} {extra[0].raw}"
                r.values = kept
                continue
            # "Wmo 2015 - 105.530": a bare year among amounts printed with thousands dots is the
            # label's, so the dash is a nil cell, not the sign of the next amount.
            label_year = len(extra) == 1 and YEAR_RE.match(extra[0].raw) is not None \
                and any("." in v.raw for v in r.values[1:])
            if not label_year and len(_merge_spaced_signs(r.values)) == ncols:
                continue
            if not all(_label_token(v.raw, kept, len(extra) == 1) for v in extra):
                continue  # figures like the others: align() keeps them in order and says so
            r.labels[-1] = " ".join([r.labels[-1]] + [v.raw for v in extra])
            r.values = kept


_SHORT_CODE = re.compile(r"\d{1,2}[a-z]?\.?")


def _label_token(token: str, amounts: list[RawValue], alone: bool) -> bool:
    """Whether a token left of a row's figures reads as part of its label: no digit (a marker),
    a year among figures that are no years, or one short code among figures of three or more digits."""
    if not re.search(r"\d", token):
        return True
    if YEAR_RE.match(token):
        return not all(YEAR_RE.match(v.raw) for v in amounts)
    if alone and _SHORT_CODE.fullmatch(token):
        return all(len(re.sub(r"\D", "", v.raw)) >= 3 for v in amounts if re.search(r"\d", v.raw))
    return False


def _split_sections(rows: list[FinancialRow]) -> list[tuple[str | None, list[FinancialRow]]]:
    """A caption row between figure rows starts a new table with the same columns (110)."""
    out: list[tuple[str | None, list[FinancialRow]]] = [(None, [])]
    for r in rows:
        if r.section and out[-1][1] and any(not x.section for x in out[-1][1]):
            out.append((r.label, [r]))
        else:
            out[-1][1].append(r)
    return out


# ----------------------------------------------------------------------------- indicators

def build_indicators(raw: RawTable, ctx: TableContext, diags: Diagnostics) -> IndicatorTable:
    if raw.layout == "soort":
        return _soort_table(raw, ctx, diags)
    if raw.layout == "grid":
        return _grid_table(raw, ctx, diags)
    if raw.layout == "pipe" and (grid := _pipe_grid(raw)) is not None:
        return _grid_table(grid, ctx, diags)
    specs, groups, leftovers, corner = columns_of(raw)
    if not specs and raw.rows:
        width = max(len(r.values) for r in raw.rows)
        named = len(raw.header_cells) == width and raw.layout == "pairs"  # "Grondslag": the one value column's head
        specs = [ColumnSpec(" ".join(raw.header_cells[i].split()) if named else f"kolom {i + 1}") for i in range(width)]
    ncols = len(specs)
    split_trailing_number(raw, ncols)
    _return_extras_to_label(raw, ncols)
    texts = _text_columns(raw, corner, ncols)
    specs = [ColumnSpec(t) for t in texts] + specs
    ncols = len(specs)
    columns = [Column(label=s.label, scenario=s.scenario, year=s.year, part=s.part) for s in specs]
    rows: list[IndicatorRow] = []
    for lr in _comparator_subrows(raw.rows) or resolve_labels(raw.rows, indent_groups=True):
        name = lr.label
        number, name = _split_number(lr.number, name)
        if lr.subrows:
            stacked = distribute_stacked(lr.values, len(lr.subrows), ncols)
            if stacked is None:
                diags.add("ragged-row", "warning", f"indicator '{name}': {len(lr.values)} printed cells do not split "
                          f"evenly over the sub-rows {', '.join(lr.subrows)}; kept in order on the first sub-row",
                          lr.line, row=name, element=ctx.index)
                stacked = [align([v for v in lr.values if v.raw.strip(NBSP + ' ')], ncols, name, lr.line, diags, ctx.index)] + \
                          [[None] * ncols for _ in lr.subrows[1:]]
            for sub, vals in zip(lr.subrows, stacked):
                rows.append(_indicator_row(name, sub, number, vals, lr.line, columns))
            continue
        if lr.section or not lr.values:
            rows.append(_indicator_row(name, None, number, [None] * ncols, lr.line, columns))
            continue
        vals = align(lr.values, ncols, name, lr.line, diags, ctx.index)
        if lr.caption:  # a flush row is an indicator in its own right; the caption over it names its category
            rows.append(_indicator_row(name, lr.group, number, vals, lr.line, columns, measure=lr.measure))
            continue
        rows.append(_indicator_row(name, lr.group and lr.label or None, number, vals, lr.line, columns,
                                   indicator=lr.group or name, measure=lr.measure))
    lines = [ln.number for ln in raw.block.lines] if raw.block else []
    return IndicatorTable(title=ctx.title, heading_path=ctx.heading_path, columns=columns, rows=rows,
                          footnotes=raw.footnotes, lines=lines)


def _comparator_subrows(rows: list[RawRow]) -> list[LabelledRow] | None:
    """"Verwijzingen Halt" / "Gemeente" / figures / "Nederland" / figures / "Werkloze jongeren" /
    "Gemeente" / ...: short labels that recur in every group (the gemeente against Nederland, a
    region) are sub-rows of the name printed before them. The recurrence is the evidence; the
    words may be anything. None unless every row fits: two or more groups, each of recurring labels."""
    if len(rows) < 4 or any(not r.values or not r.labels or len(r.labels) > 2 for r in rows):
        return None
    subs = Counter(" ".join(r.labels[-1].split()) for r in rows)
    out: list[LabelledRow] = []
    name: str | None = None
    groups = 0
    for r in rows:
        sub = " ".join(r.labels[-1].split())
        if subs[sub] < 2 or len(sub) > SETTINGS.subrow_max_chars:
            return None
        if len(r.labels) == 2:
            name = " ".join(r.labels[0].split())
            groups += 1
            if subs[name] > 1:
                return None
        if name is None:
            return None
        out.append(LabelledRow(sub, name, r.values, r.line, r.number, measure=r.measure))
    return out if groups >= 2 else None


def _text_columns(raw: RawTable, corner: str, ncols: int) -> list[str]:
    """"Norm" before the year columns, and rows "Netto schuldquote" / "90-130%" / figures: where the
    header's first cell is no column of figures and most full rows print exactly one text cell
    after their label, that cell is the row's value under that head (a range, a condition: kept
    as printed, no number). The rows are rewritten in place; returns the text columns' heads."""
    head = corner.strip()
    if raw.layout != "cells" or not head or not raw.header_cells or " ".join(raw.header_cells[0].split()) != head:
        return []
    full = [r for r in raw.rows if len(r.values) == ncols]
    two = [r for r in full if len(r.labels) == 2 and "\n" not in r.labels[1]]
    if not full or len(two) * 2 <= len(full) or len(two) < 2:
        return []
    unit_head = _UNIT_HEAD.match(head) is not None
    for r in two:
        if unit_head:  # "Eenheid" / "ha": the row's unit, not a column of values
            r.measure = " ".join(r.labels[1].split())
        else:
            r.values = [RawValue(r.labels[1].strip(), r.line)] + r.values
        r.labels = r.labels[:1]
    return [] if unit_head else [head]


def _pipe_grid(raw: RawTable) -> RawTable | None:
    """"| Indicator | Eenheid | Waarde | Jaar | Bron |": pipe rows as wide as the header whose cells
    keep one pattern of text and figures, with text columns beside the name, read as a grid."""
    from ..segment import Cell as ParaCell, grid_value  # noqa: PLC0415 - the grid's own cell test

    head = [*raw.corner, *raw.header_cells]
    w = len(head)
    cells = [[*r.labels, *(v.raw for v in r.values)] for r in raw.rows]
    if w < 3 or not cells or any(len(c) != w for c in cells):
        return None
    body = [ParaCell(t, [r.line]) for r, row in zip(raw.rows, cells) for t in row]
    patterns = {tuple(grid_value(c) for c in body[i:i + w]) for i in range(0, len(body), w)}
    if len(patterns) != 1:
        return None
    (pattern,) = patterns
    if sum(1 for p in pattern if not p) < 2 or not any(pattern[1:]):
        return None
    return RawTable("grid", head, grid_width=w, body=body, block=raw.block)


def _split_number(number: str | None, name: str) -> tuple[str | None, str]:
    m = re.search(r"\s*\((\d{1,3})\)\s*$", name)
    if m and number is None:
        return m.group(1), name
    return number, name


def _indicator_row(name: str, sub: str | None, number: str | None, vals: list[RawValue | None], line: Line,
                   columns: list[Column], *, indicator: str | None = None, kind: str | None = None,
                   monitor: str | None = None, attributes: dict[str, str] | None = None,
                   measure: str | None = None) -> IndicatorRow:
    values = [make_value(v, None, False) if v is not None else empty_value(line) for v in vals]
    expanded: list[Value] = []
    for v in values:
        expanded.extend(_expand_composite(v))
    units = {v.unit for v in expanded if v.value is not None}
    unit = "%" if units == {"%"} or name.lstrip().startswith("%") else measure
    peildatum = next((m.group(1) for v in expanded if v.note and (m := re.search(r"peildatum\s*([^)]*)", v.note))), None)
    return IndicatorRow(indicator=indicator or name, subrow=sub, number=number, kind=kind, unit=unit, monitor=monitor,
                        peildatum=peildatum, attributes=attributes or {}, values=expanded[: max(len(columns), 0)] if
                        len(expanded) == len(values) else values, provenance=provenance(line))


def _expand_composite(v: Value) -> list[Value]:
    """"Volwassenen: 4.015\\nJeugd: 4.407" keeps both figures: the first as the cell value, all as parts."""
    if v.value is not None or v.status is not Status.UNKNOWN or "\n" not in v.raw and ":" not in v.raw:
        return [v]
    first = None
    for part in v.raw.split("\n"):
        m = re.match(r"^\s*(?P<label>[^:]+):\s*(?P<num>.+)$", part)
        text = m.group("num") if m else part
        cv = try_parse_cell(text.strip())
        if cv is not None and cv.value is not None and first is None:
            first = Value(raw=v.raw, value=cv.value, status=Status.OK, unit="%" if cv.percent else "",
                          note=cv.note, part=m.group("label").strip() if m else None, provenance=v.provenance)
    return [first or v]


def _grid_table(raw: RawTable, ctx: TableContext, diags: Diagnostics) -> IndicatorTable:
    w = raw.grid_width or len(raw.header_cells)
    header = [" ".join(h.split()) for h in raw.header_cells]
    body = raw.body
    rows_cells = [body[i:i + w] for i in range(0, len(body) - w + 1, w)]
    from ..segment import grid_value  # noqa: PLC0415

    pattern = [grid_value(c) for c in rows_cells[0]] if rows_cells else []
    name_col = next((i for i, h in enumerate(header) if re.search(r"\bindicator\b", h, re.I) and not pattern[i]),
                    next((i for i, h in enumerate(header) if re.match(r"^(omschrijving|naam)", h, re.I)),
                         next((i for i, p in enumerate(pattern) if not p), 0)))
    # Figures left of the indicator's name are its codes (Nr., Taakveld), not its values.
    codes = [i for i, p in enumerate(pattern) if p and i < name_col]
    nr_col = codes[0] if codes else None
    value_cols = [i for i, p in enumerate(pattern) if p and i not in codes]
    columns = [Column(label=header[i], year=None) for i in value_cols]
    rows = []
    for cells in rows_cells:
        attrs = {header[i]: " ".join(cells[i].text.split()) for i in range(w)
                 if i not in value_cols and i not in (nr_col, name_col)}
        attrs.update({header[i]: cells[i].text.strip() for i in codes[1:]})
        unit = next((v for k, v in attrs.items() if _UNIT_HEAD.match(k)), None)
        monitor = next((v for k, v in attrs.items() if re.match(r"^(bron|monitor|naam monitor)", k, re.I)), None)
        vals = [RawValue(cells[i].text, cells[i].lines[0]) for i in value_cols]
        row = _indicator_row(" ".join(cells[name_col].text.split()), None,
                             cells[nr_col].text.strip() if nr_col is not None else None, vals, cells[0].lines[0],
                             columns, monitor=monitor, attributes=attrs)
        if unit and row.unit is None:
            row = row.model_copy(update={"unit": unit})
        rows.append(row)
    lines = [ln.number for ln in raw.block.lines] if raw.block else []
    return IndicatorTable(title=ctx.title, heading_path=ctx.heading_path, columns=columns, rows=rows, lines=lines)


def _soort_table(raw: RawTable, ctx: TableContext, diags: Diagnostics) -> IndicatorTable:
    """Soort / Beschrijving / Nulmeting / years / Naam monitor, with Mijlpaal and Realisatie sub-rows."""
    hp = parse_header([h for h in raw.header_cells if not re.match(r"^(soort indicator|beschrijving)", h.strip(), re.I)])
    columns = [Column(label=s.label, scenario=s.scenario, year=s.year) for s in hp.columns]
    ncols = len(columns)
    has_monitor = any(re.search(r"monitor|bron", h, re.I) for h in raw.header_cells)
    rows: list[IndicatorRow] = []
    kind: str | None = None
    names: list[str] = []
    sub: str | None = None
    sub_line: Line | None = None
    vals: list[RawValue] = []
    monitor: str | None = None
    pending: list[tuple[str, str | None, list[RawValue], Line]] = []

    def close_sub() -> None:
        nonlocal sub, vals, sub_line
        if sub is not None and sub_line is not None:
            pending.append((" / ".join(names), sub, vals, sub_line))
        sub, vals, sub_line = None, [], None

    def close_indicator() -> None:
        nonlocal pending, monitor
        close_sub()
        for name, s, vs, line in pending:
            aligned = align(vs, ncols, f"{name} / {s}", line, diags, ctx.index) if vs else [None] * ncols
            rows.append(_indicator_row(name, s, None, aligned, line, columns,
                                       kind=_kind(kind), monitor=monitor))
        pending = []
        monitor = None


    for cell in raw.body:
        text = cell.text.strip()
        if _SOORT.match(text) and (sub is not None or not names or pending):
            close_indicator()
            kind, names = text, []
            continue
        if _SUBROW_MARK.match(text):
            close_sub()
            sub, sub_line = text.rstrip("#").strip(), cell.lines[0]
            continue
        if sub is None:
            names.append(" ".join(text.split()).rstrip("#"))
            continue
        if is_value_cell(cell):
            vals.append(RawValue(text, cell.lines[0]))
        elif has_monitor and monitor is None:
            monitor = " ".join(text.split())
        else:
            vals.append(RawValue(text, cell.lines[0]))
    close_indicator()
    lines = [ln.number for ln in raw.block.lines] if raw.block else []
    return IndicatorTable(title=ctx.title, heading_path=ctx.heading_path, columns=columns, rows=rows, lines=lines)


def _kind(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower().replace(" ", "")
    if t.startswith("bbv"):
        return "bbv"
    if t.startswith("collegetarget"):
        return "collegetarget"
    return "overig"


def subrow_scenario(sub: str | None) -> Scenario | None:
    if not sub:
        return None
    first = sub.split(" ")[0].lower().rstrip("#")
    scenario = _SCENARIO_SUBROW.get(first)
    return Scenario(scenario) if scenario else None


__all__ = ["TableContext", "build_financial", "build_indicators", "looks_like_indicators", "sign_convention",
           "stated_unit", "subrow_scenario"]
