"""One scoring function over competing readings of a table (TABLES.md §4), with named evidence terms.

Each term is a number in [0, 1] (1: the evidence fully supports the reading); the score is their weighted
mean, so scores of different tables compare. The weights and the margin under which a choice is uncertain
live in `ScoringSettings` (documented in docs/scoring.md), nowhere else:

| term | what it measures |
|---|---|
| geometry | rows whose figures fill the columns; figures aligned under their column (right edges); no figure left out |
| arithmetic | relations that hold within rounding: totals, subtotals and saldo rows (prefix sums over the `relations` vocabulary and tolerance, shared with validate), saldo = baten - lasten per column group, a Totaal column |
| types | each column one kind of cell (amounts, percentages, years); no row of years among the figures |
| header | columns typed by the header (year, kind, part); header words placed on a column |
| labels | labels without stray figures, none empty |
| lexicon | column kinds recognised by the vocabulary (a weak prior) |
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from statistics import median

from ..normalise.numbers import try_parse_cell
from ..relations import half_unit
from ..relations import is_saldo_label as _is_saldo
from ..relations import is_total_label as _is_total
from ..relations import label_kind as _label_kind
from .hypotheses import ColumnGuess, Reading
from ..settings import SETTINGS, TERMS, ScoringSettings
from ..lexicon import LASTEN_WORDS as _LASTEN, BATEN_WORDS as _BATEN, SALDO_WORDS as _SALDO, YEARLESS_HEAD as _YEARLESS

DEFAULT_SETTINGS = SETTINGS.scoring


@dataclass
class Scored:
    reading: Reading
    terms: dict[str, float]
    score: float
    notes: dict[str, str] = field(default_factory=dict)  # a few words per term: what was counted


def score(reading: Reading, settings: ScoringSettings = DEFAULT_SETTINGS) -> Scored:
    notes: dict[str, str] = {}
    rows = _data_rows(reading)  # once per reading, not once per term that reads them
    terms = {
        "geometry": geometry(reading, notes, rows),
        "arithmetic": arithmetic(reading, notes, rows),
        "types": types(reading, notes, rows),
        "header": header(reading, notes),
        "labels": labels(reading, notes, rows),
        "lexicon": lexicon(reading, notes),
    }
    total = sum(settings.weight(t) for t in TERMS)
    value = sum(settings.weight(t) * terms[t] for t in TERMS) / total
    return Scored(reading, {t: round(v, 4) for t, v in terms.items()}, round(value, 4), notes)


def rank(candidates: list[Reading], settings: ScoringSettings = DEFAULT_SETTINGS) -> list[Scored]:
    """Every reading scored, best first; ties keep the rules' reading (listed first) ahead."""
    scored = [score(r, settings) for r in candidates]
    return sorted(scored, key=lambda s: -s.score)


# --- terms ----------------------------------------------------------------------------------------------------

def _data_rows(reading: Reading) -> list:
    return [r for r in reading.rows if not r.section and any(c is not None for c in r.cells)]


def geometry(reading: Reading, notes: dict[str, str], rows: list | None = None) -> float:
    """Rows that fill every column, right edges that line up, no figure left out of every cell."""
    rows = _data_rows(reading) if rows is None else rows
    n = len(reading.columns)
    if not rows or not n:
        notes["geometry"] = "no rows"
        return 0.0
    full = sum(1 for r in rows if sum(c is not None for c in r.cells) == n)
    fill = full / len(rows)
    kept = 1 - min(1.0, reading.left_out / len(rows))
    residual = _alignment_residual(reading)
    parts = [fill, kept] + ([1.0 - residual] if residual is not None else [])
    notes["geometry"] = (f"{full}/{len(rows)} rows full, {reading.left_out} figure(s) left out"
                         + (f", alignment residual {residual:.2f}" if residual is not None else ""))
    return sum(parts) / len(parts)


def _alignment_residual(reading: Reading) -> float | None:
    """Median distance of a cell's right edge from its column's, in column pitches (0: aligned); None
    without geometry. The edges are matched to cells in printed order, so a shifted row shows."""
    if not reading.x_of:
        return None
    n = len(reading.columns)
    by_col: list[list[float]] = [[] for _ in range(n)]
    for r in reading.rows:
        xs = reading.x_of.get(r.line) if r.line is not None else None
        if not xs or r.section:
            continue
        filled = [i for i, c in enumerate(r.cells) if c is not None]
        for i, x in zip(filled, xs[len(xs) - len(filled):] if len(xs) >= len(filled) else xs):
            by_col[i].append(x)
    centres = [median(c) for c in by_col if c]
    if len(centres) < 1:
        return None
    gaps = [b - a for a, b in zip(centres, centres[1:]) if b > a]
    pitch = min(gaps) if gaps else max(1.0, max(centres) / max(1, n))
    dev = [abs(x - median(c)) / pitch for c in by_col if c for x in c]
    return min(1.0, sum(dev) / len(dev)) if dev else None


@lru_cache(maxsize=16384)
def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    cv = try_parse_cell(text)
    if cv is None:
        return None
    if cv.value is None:
        return Decimal(0) if cv.nil else None
    return cv.value


def _column_relations(reading: Reading) -> tuple[int, int]:
    """(held, broken) over the rows' figures, column by column, with prefix sums (linear in the cells):
    a total row (`relations.is_total_label`) against the rows since the previous total, or since the start
    (a grand total over its subtotals' members); a saldo row against the baten and lasten rows above it
    (`relations.label_kind`, either sign). Tolerance: half the last printed digit of every figure."""
    n = len(reading.columns)
    figures = [[_number(c) for c in r.cells] for r in reading.rows]
    halves = [[_half(x) if x is not None else _ZERO for x in row] for row in figures]
    held = broken = 0
    run_start = 0
    members = [_ZERO] * n  # non-total rows since the start
    members_half = [_ZERO] * n
    run = [_ZERO] * n
    run_half = [_ZERO] * n
    kinds: dict[str, int] = {}
    for i, r in enumerate(reading.rows):
        row = figures[i]
        if r.section or all(x is None for x in row):
            continue
        if is_total_label(r.label) or is_saldo_label(r.label):
            checks = []
            if i - run_start >= 2:
                checks.append((run, run_half))
            checks.append((members, members_half))
            if is_saldo_label(r.label) and "baten" in kinds and "lasten" in kinds:
                b, l_ = figures[kinds["baten"]], figures[kinds["lasten"]]
                diff = [(x - y) if x is not None and y is not None else None for x, y in zip(b, l_)]
                checks.append(([d if d is not None else _ZERO for d in diff],
                               [halves[kinds["baten"]][c] + halves[kinds["lasten"]][c] for c in range(n)]))
            ok = any(_matches(row, halves[i], sums, tol) for sums, tol in checks)
            if not ok and is_saldo_label(r.label) and len(checks) > 2:  # saldo = lasten - baten
                sums, tol = checks[-1]
                ok = _matches(row, halves[i], [-x for x in sums], tol)
            held += ok
            broken += not ok
            run, run_half, run_start = [_ZERO] * n, [_ZERO] * n, i + 1
            continue
        if (kind := label_kind(r.label)) is not None:
            kinds.setdefault(kind, i)
        for c, x in enumerate(row):
            if x is not None:
                run[c] += x
                run_half[c] += halves[i][c]
                members[c] += x
                members_half[c] += halves[i][c]
    return held, broken


def _matches(row: list[Decimal | None], half: list[Decimal], sums: list[Decimal], tol: list[Decimal]) -> bool:
    """Every printed, non-zero figure of the row equals its column's sum within rounding (two at least)."""
    hits = 0
    for x, h, s, t in zip(row, half, sums, tol):
        if x is None or x == 0:
            continue
        if abs(x - s) > h + t:
            return False
        hits += 1
    return hits >= 1


_ZERO = Decimal(0)
is_total_label = lru_cache(maxsize=8192)(_is_total)  # labels repeat across readings
is_saldo_label = lru_cache(maxsize=8192)(_is_saldo)
label_kind = lru_cache(maxsize=8192)(_label_kind)


@lru_cache(maxsize=16384)
def _half(x: Decimal) -> Decimal:
    return half_unit(x, 1)


def arithmetic(reading: Reading, notes: dict[str, str], rows: list | None = None) -> float:
    """Share of the relations the reading implies that hold: totals/subtotals (the relations module) and,
    per row, saldo = baten - lasten (either sign) within each column group of parts."""
    held = broken = 0
    rows = _data_rows(reading) if rows is None else rows
    if len(rows) >= 3 and reading.columns:
        held, broken = _column_relations(reading)
    trios = _part_groups(reading)
    for r in rows:
        for trio in trios:
            lasten, baten, saldo = (_number(r.cells[i]) for i in trio)
            if lasten is None or baten is None or saldo is None or (lasten == baten == saldo == 0):
                continue
            tol = _half(lasten) + _half(baten) + _half(saldo)
            if abs(baten - lasten - saldo) <= tol or abs(lasten - baten - saldo) <= tol:
                held += 1
            else:
                broken += 1
    held += _total_column(rows)
    notes["arithmetic"] = f"{held} relation(s) hold, {broken} do not"
    if not held + broken:
        return 0.0
    # how often relations hold when they are tried, and how much of the table they cover
    return (held / (held + broken) + min(1.0, held / max(1, len(rows)))) / 2


def _total_column(rows: list) -> int:
    """Rows where the first (or last) cell is the sum of the others: a Totaal column. Counted only where it
    holds in two rows or more and in most rows that print three figures, so a chance sum proves nothing."""
    found = [_row_total(tuple(r.cells)) for r in rows]
    tried = sum(1 for r in rows if sum(1 for c in r.cells if _number(c) is not None) >= 3)
    best = max((found.count(side) for side in (0, -1)), default=0)
    return best if best >= 2 and 2 * best > tried else 0


@lru_cache(maxsize=4096)
def _row_total(cells: tuple[str | None, ...]) -> int | None:
    """The index of the first or last cell when it is the sum of the row's other cells (three or more)."""
    nums = [_number(c) for c in cells]
    figures = [x for x in nums if x is not None]
    if len(figures) < 3 or not any(figures):
        return None
    tol = sum((_half(x) for x in figures), _ZERO)
    for i in (0, -1):
        if nums[i] is not None and nums[i] != 0 and abs(2 * nums[i] - sum(figures, Decimal(0))) <= tol:
            return i
    return None


def _part_groups(reading: Reading) -> list[tuple[int, int, int]]:
    """(lasten, baten, saldo) column indices of each group of three part columns."""
    out = []
    parts = [part_of(c) for c in reading.columns]
    i = 0
    while i < len(parts) - 2:
        if parts[i] in _LASTEN and parts[i + 1] in _BATEN and parts[i + 2] in _SALDO:
            out.append((i, i + 1, i + 2))
            i += 3
        else:
            i += 1
    return out


_PART_WORDS = _LASTEN | _BATEN | _SALDO


def part_of(c: ColumnGuess) -> str:
    """The column's part (lasten, baten, saldo, ...): as guessed, else the last word of its label."""
    if c.part:
        return c.part.lower()
    last = c.label.split(" ")[-1].lower() if c.label else ""
    return last if last in _PART_WORDS else ""


@lru_cache(maxsize=4096)
def contradicted(c: ColumnGuess) -> bool:
    """A guess the column's own printed label denies: another year, or another part word."""
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", c.label)}
    if c.year is not None and years and c.year not in years:
        return True
    words = {w for w in c.label.lower().split() if w in _PART_WORDS}
    return bool(c.part and words and c.part.lower() not in words)


_YEAR_CELL = re.compile(r"^(?:19|20)\d{2}$")


@lru_cache(maxsize=16384)
def _kind(text: str) -> str:
    t = text.strip()
    if _YEAR_CELL.match(t):
        return "year"
    cv = try_parse_cell(t)
    if cv is None:
        return "text"
    if cv.value is None:
        return "nil"
    return "percent" if cv.percent else "amount"


def types(reading: Reading, notes: dict[str, str], rows: list | None = None) -> float:
    """Each column holds one kind of cell; years count against a column of amounts (and a row of years is a
    header read as data)."""
    n = len(reading.columns)
    rows = _data_rows(reading) if rows is None else rows
    if not rows or not n:
        notes["types"] = "no cells"
        return 0.0
    grid = [[_kind(c) if c is not None else "nil" for c in r.cells] for r in rows]
    shares = []
    for i in range(n):
        kinds = Counter(row[i] for row in grid)
        kinds.pop("nil", None)
        if kinds:
            shares.append(max(kinds.values()) / sum(kinds.values()))
    year_rows = sum(1 for row in grid if row.count("year") >= max(2, n // 2 + 1))
    value = (min(shares) if shares else 0.0) * (1 - year_rows / len(rows))  # the worst column decides
    notes["types"] = f"{len(shares)} typed column(s), {year_rows} row(s) of years"
    return value


def header(reading: Reading, notes: dict[str, str]) -> float:
    """Columns the header types (year, kind or part) and header words placed on a column."""
    n = len(reading.columns)
    if not n:
        notes["header"] = "no columns"
        return 0.0
    typed = sum(1 for c in reading.columns if (c.typed or _YEARLESS.search(c.label)) and not contradicted(c)) / n
    placed = 1 - min(1.0, reading.header_unplaced / max(1, reading.header_tokens))
    notes["header"] = f"{sum(1 for c in reading.columns if c.typed)}/{n} columns typed, " \
                      f"{reading.header_unplaced} header text(s) unplaced"
    return (typed + placed) / 2


_FIGURE_END = re.compile(r"\s(-?\(?\d[\d.,]*\)?-?)$")


def labels(reading: Reading, notes: dict[str, str], rows: list | None = None) -> float:
    """Labels without a stray figure at their end (a code or year shared by sibling labels is fine: "Programma
    1", "Wmo 2015"), and no figure row without a label."""
    rows = _data_rows(reading) if rows is None else rows
    if not rows:
        notes["labels"] = "no rows"
        return 0.0
    stems: dict[str, int] = {}
    for r in rows:
        if m := _FIGURE_END.search(r.label):
            stems[r.label[: m.start()]] = stems.get(r.label[: m.start()], 0) + 1
    bad = 0
    for r in rows:
        if not r.label.strip() or try_parse_cell(r.label.strip()) is not None:
            bad += 1
            continue
        m = _FIGURE_END.search(r.label)
        if not m:
            continue
        fig = m.group(1)
        sibling = stems.get(r.label[: m.start()], 0) >= 2 and len(fig) <= 3
        if _YEAR_CELL.match(fig) or sibling:
            continue  # a year ("Wmo 2015") or a code its sibling labels share ("Programma 1", "Programma 2")
        bad += 1
    notes["labels"] = f"{bad}/{len(rows)} label(s) implausible"
    return 1 - bad / len(rows)


def lexicon(reading: Reading, notes: dict[str, str]) -> float:
    n = len(reading.columns)
    known = sum(1 for c in reading.columns if c.scenario is not None)
    notes["lexicon"] = f"{known}/{n} column kind(s) recognised"
    return known / n if n else 0.0


__all__ = ["DEFAULT_SETTINGS", "TERMS", "Scored", "ScoringSettings", "rank", "score"]
