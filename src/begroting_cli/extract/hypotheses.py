"""Competing readings of one table (TABLES.md §3): the reading the rules produced and a small, bounded set
of alternatives built from the same printed tokens, so that a scorer can weigh them.

A reading is a plain grid: typed column guesses and rows of printed cell texts (None where a column gets
nothing), with what the reading leaves unexplained (header words on no column, figures in no cell). The
alternatives are those TABLES.md names: one value column fewer or more (n-1, n+1), short rows placed from
the right instead of the left, a leading small figure taken into the label or a label's trailing figure
taken as a value, the first data row read as a header line, and other factorisations of the header grid
(groups x parts). Each generator returns None where its reading does not apply, so the set stays small.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..models import FinancialTable, IndicatorTable
from .columns import YEAR_RE, is_part, scenario_of, year_of
from .rawtable import RawTable
from ..settings import SETTINGS


_SMALL = re.compile(r"^\d{1,2}[a-z]?\.?$")
_PARTS = {2: ("Lasten", "Baten"), 3: ("Lasten", "Baten", "Saldo")}


@dataclass(frozen=True)
class ColumnGuess:
    """What a reading says a value column is; label as printed (or built from header words)."""

    label: str
    year: int | None = None
    scenario: str | None = None
    part: str | None = None

    @property
    def typed(self) -> bool:
        return self.year is not None or self.scenario is not None or self.part is not None


@dataclass
class RowGuess:
    label: str
    cells: list[str | None]
    line: int | None = None
    section: bool = False
    printed: int = 0  # figure tokens the row prints (placed or not)


@dataclass
class Reading:
    """One way to read a table. `name` is stable (explain, the report); `summary` says it in words."""

    name: str
    summary: str
    columns: list[ColumnGuess]
    rows: list[RowGuess]
    header_tokens: int = 0  # header texts printed over the value columns
    header_unplaced: int = 0  # of them, on no column of this reading
    left_out: int = 0  # printed figures in no cell of this reading
    scale: int = 1  # multiplier to euros: the arithmetic tolerance
    x_of: dict[int, list[float]] = field(default_factory=dict)  # line -> right edges of its figure tokens
    tokens: dict[int, list[str]] = field(default_factory=dict)  # line -> its printed figure tokens


Table = FinancialTable | IndicatorTable


def rules_reading(raw: RawTable, tables: list[Table], header_unplaced: int = 0) -> Reading:
    """The reading the rule-based path produced (the tables as built), in the common grid form."""
    first = tables[0]
    columns = [ColumnGuess(c.label, c.year, c.scenario.value if c.scenario else None, c.part) for c in first.columns]
    printed = printed_counts(raw)
    rows: list[RowGuess] = []
    for t in tables:
        if len(t.columns) != len(columns):
            continue  # the per-group side table (rows printing one value per year group)
        for r in t.rows:
            label = r.label if isinstance(t, FinancialTable) else " / ".join(
                x for x in (r.indicator, r.subrow) if x)
            cells = [v.raw if v.raw.strip() else None for v in r.values][: len(columns)]
            cells += [None] * (len(columns) - len(cells))
            section = bool(getattr(r, "section", False))
            line = r.provenance.line
            rows.append(RowGuess(label, cells, line, section, printed.get(line, sum(c is not None for c in cells))))
    tokens = _tokens(raw)
    per_line: dict[int, tuple[str, list[str | None]]] = {}
    for r in rows:  # sub-rows share their line: one pool of cells and labels per line
        if r.line is not None:
            label, cells = per_line.get(r.line, ("", []))
            per_line[r.line] = (f"{label} {r.label}", cells + r.cells)
    left_out = sum(unplaced(label, cells, tokens.get(line, [])) for line, (label, cells) in per_line.items())
    scale = first.unit.multiplier if isinstance(first, FinancialTable) and first.unit else 1
    return Reading("rules", "as the layout rules read it", columns, rows[:SETTINGS.reading_max_rows],
                   header_tokens=header_token_count(raw, len(columns)), header_unplaced=header_unplaced,
                   left_out=left_out,
                   scale=scale, x_of=right_edges(raw), tokens=tokens)


def unplaced(label: str, cells: list[str | None], toks: list[str]) -> int:
    """Printed figure tokens of a row found neither in its cells nor among its label's words."""
    pool = [c for c in cells if c is not None]
    words = label.split()
    out = 0
    for t in toks:
        if t in pool:
            pool.remove(t)
        elif t in words:
            words.remove(t)
        elif not any(t in c for c in pool):  # "- 100" printed as two tokens, one cell
            out += 1
    return out


def printed_counts(raw: RawTable) -> dict[int, int]:
    """Figure tokens printed per line (rows of the raw table; a wrapped row counts on its first line)."""
    out: dict[int, int] = {}
    for r in raw.rows:
        out[r.line.number] = out.get(r.line.number, 0) + sum(1 for v in r.values if v.raw.strip())
    return out


def header_token_count(raw: RawTable, ncols: int) -> int:
    return max(ncols, len([h for h in raw.header_cells if h.strip()]))


def right_edges(raw: RawTable) -> dict[int, list[float]]:
    """Right edge of each figure token per line: its x on a PDF page, else its end column in the line text
    (space-aligned text). Pipe and one-cell-per-paragraph rows carry no geometry: empty."""
    if raw.layout not in ("rows",):
        return {}
    out: dict[int, list[float]] = {}
    for r in raw.rows:
        xs: list[float] = []
        text, at = r.line.text, 0
        for v in r.values:
            if v.x1 is not None:
                xs.append(v.x1)
                continue
            k = text.find(v.raw, at)
            if k < 0:
                return {}
            if not text[max(0, k - 2):k].isspace():
                return {}  # cells joined by single spaces: character columns say nothing
            at = k + len(v.raw)
            xs.append(float(at))
        if xs:
            out[r.line.number] = xs
    return out


# --- alternatives ---------------------------------------------------------------------------------------------

def _tokens(raw: RawTable) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in raw.rows:
        out.setdefault(r.line.number, []).extend(v.raw for v in r.values if v.raw.strip())
    return out


def _refill(base: Reading, name: str, summary: str, columns: list[ColumnGuess], raw: RawTable,
            place: Callable[[str, list[str], int], tuple[str, list[str | None], int]], **extra: int) -> Reading:
    """A reading with other columns over the same printed tokens: `place(label, tokens, n)` gives the
    row's label, its n cells and the figures it leaves out."""
    tokens = base.tokens
    rows, left = [], 0
    for r in base.rows:
        if r.section or r.line is None or r.line not in tokens or all(c is None for c in r.cells):
            rows.append(RowGuess(r.label, [None] * len(columns), r.line, r.section, r.printed))
            continue
        label, cells, out = place(r.label, tokens[r.line], len(columns))
        left += out
        rows.append(RowGuess(label, cells, r.line, False, r.printed))
    return Reading(name, summary, columns, rows, header_tokens=base.header_tokens,
                   header_unplaced=extra.get("header_unplaced", base.header_unplaced), left_out=left,
                   scale=base.scale, x_of=base.x_of, tokens=tokens)


def _from_left(label: str, toks: list[str], n: int) -> tuple[str, list[str | None], int]:
    """Extras before the last n tokens join the label; a short row fills from the first column."""
    if len(toks) > n:
        return " ".join([label, *toks[: len(toks) - n]]), list(toks[len(toks) - n:]), 0
    return label, [*toks, *[None] * (n - len(toks))], 0


def _from_right(label: str, toks: list[str], n: int) -> tuple[str, list[str | None], int]:
    lab, cells, out = _from_left(label, toks, n)
    if len(toks) < n:
        cells = [*[None] * (n - len(toks)), *toks]
    return lab, cells, out


def fewer_columns(base: Reading, raw: RawTable) -> Reading | None:
    """n-1 value columns: the last header column is on no column; a row's extra figure joins its label."""
    n = len(base.columns)
    if n < 2 or not raw.rows:
        return None
    return _refill(base, "columns-1", f"{n - 1} value columns instead of {n}", base.columns[:-1], raw, _from_left,
                   header_unplaced=base.header_unplaced + 1)


def more_columns(base: Reading, raw: RawTable) -> Reading | None:
    """n+1 value columns: an unlabelled first column (a code or a figure the label printed)."""
    n = len(base.columns)
    if not raw.rows or n == 0:
        return None
    tokens = base.tokens
    if not any(len(t) > n for t in tokens.values()) and not any(
            re.search(r"\s\d[\d.,]*$", r.label) for r in base.rows if not r.section):
        return None  # nothing printed that an extra column could hold

    def place(label: str, toks: list[str], k: int) -> tuple[str, list[str | None], int]:
        m = re.match(r"^(.*\S)\s+(\d[\d.,]*)$", label)
        if len(toks) < k and m:
            label, toks = m.group(1), [m.group(2), *toks]
        return _from_left(label, toks, k)

    return _refill(base, "columns+1", f"{n + 1} value columns instead of {n}",
                   [ColumnGuess("(unlabelled)"), *base.columns], raw, place)


def short_rows_right(base: Reading, raw: RawTable) -> Reading | None:
    """Rows printing fewer figures than columns hold the last columns (their first cells empty)."""
    n = len(base.columns)
    tokens = base.tokens
    if not any(0 < len(tokens.get(r.line or -1, [])) < n for r in base.rows if not r.section):
        return None
    return _refill(base, "short-rows-right", "rows with fewer figures fill the last columns", base.columns, raw,
                   _from_right)


def figure_into_label(base: Reading, raw: RawTable) -> Reading | None:
    """A leading year or short number of a row belongs to its label ("Wmo 2015", "Programma 2")."""
    tokens = base.tokens
    if not any((t := tokens.get(r.line or -1)) and (YEAR_RE.fullmatch(t[0]) or _SMALL.match(t[0]))
               and not r.label.endswith(f" {t[0]}") for r in base.rows if not r.section):
        return None

    def place(label: str, toks: list[str], k: int) -> tuple[str, list[str | None], int]:
        if toks and (YEAR_RE.fullmatch(toks[0]) or _SMALL.match(toks[0])) and len(toks) >= 2:
            label, toks = f"{label} {toks[0]}", toks[1:]
        return _from_left(label, toks, k)

    return _refill(base, "figure-into-label", "a leading year or short number is part of the label",
                   base.columns, raw, place)


def label_figure_out(base: Reading, raw: RawTable) -> Reading | None:
    """A label's trailing figure is the row's first value ("Jeugd 2019" read as a label plus 2019)."""
    if not any(re.search(r"\s\d[\d.,]*$", r.label) for r in base.rows if not r.section):
        return None

    def place(label: str, toks: list[str], k: int) -> tuple[str, list[str | None], int]:
        m = re.match(r"^(.*\S)\s+(\d[\d.,]*)$", label)
        if m:
            label, toks = m.group(1), [m.group(2), *toks]
        if len(toks) > k:
            return label, list(toks[:k]), len(toks) - k
        return label, [*toks, *[None] * (k - len(toks))], 0

    return _refill(base, "label-figure-out", "a label's trailing figure is a value", base.columns, raw, place)


def first_row_header(base: Reading, raw: RawTable) -> Reading | None:
    """The first data row is a header line (its cells years or kind words), not figures."""
    data = [i for i, r in enumerate(base.rows) if not r.section and any(c is not None for c in r.cells)]
    if len(data) < 2:
        return None
    row = base.rows[data[0]]
    cells = [c or "" for c in row.cells]
    if not any(YEAR_RE.fullmatch(c.strip()) for c in cells):
        return None
    columns = [ColumnGuess(" ".join(x for x in (col.label, c) if x), col.year or year_of(c),
                           col.scenario or (s.value if (s := scenario_of(c)) else None), col.part)
               for col, c in zip(base.columns, cells)]
    rows = base.rows[: data[0]] + base.rows[data[0] + 1:]
    return replace(base, name="first-row-header", summary="the first data row is a header line",
                   columns=columns, rows=rows)


def header_factorisations(base: Reading, raw: RawTable) -> Iterable[Reading]:
    """Other groups x parts splits of the header grid (n = groups x parts, parts of 2 or 3)."""
    n = len(base.columns)
    parts_now = len({c.part.lower() for c in base.columns if c.part}) or 1
    years = list(dict.fromkeys(c.year for c in base.columns if c.year is not None))
    printed = [w for text in [*raw.parts, *raw.header_cells, *(raw.x_columns or [])]
               for w in text.split() if is_part(w)]
    if not printed:
        return  # no part words printed: no parts to factor
    for p in (2, 3):
        if p == parts_now or n % p or n < 2 * p - 1:
            continue
        names = list(dict.fromkeys(w.capitalize() for w in printed))
        names = names[:p] if len(names) >= p else list(_PARTS[p])
        columns = [ColumnGuess(f"{c.label}", years[i // p] if i // p < len(years) else None, c.scenario,
                               names[i % p]) for i, c in enumerate(base.columns)]
        yield replace(base, name=f"grid-{n // p}x{p}", summary=f"{n // p} column groups of {p} parts",
                      columns=columns)


GENERATORS: tuple[Callable[[Reading, RawTable], Reading | None], ...] = (
    fewer_columns, more_columns, short_rows_right, figure_into_label, label_figure_out, first_row_header)


def raw_to_readings(raw: RawTable, tables: list[Table], header_unplaced: int = 0) -> list[Reading]:
    """The rules' reading first, then each alternative that applies (bounded: at most a dozen)."""
    base = rules_reading(raw, tables, header_unplaced)
    out = [base]
    if not base.columns:
        return out
    filled = [r.line for r in base.rows if any(c is not None for c in r.cells)]
    if len(filled) != len(set(filled)):
        return out  # sub-rows printed on one line: their figures' split is the rules' own (not re-placed here)
    seen = {_content(base)}
    for alt in [*(gen(base, raw) for gen in GENERATORS), *header_factorisations(base, raw)]:
        if alt is not None and (key := _content(alt)) not in seen:  # a reading like another proves nothing
            seen.add(key)
            out.append(alt)
    return out


def _content(r: Reading) -> tuple:
    return (tuple(r.columns), tuple((x.label, tuple(x.cells)) for x in r.rows), r.left_out, r.header_unplaced)


__all__ = ["ColumnGuess", "Reading", "RowGuess", "raw_to_readings", "rules_reading"]
