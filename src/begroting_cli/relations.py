"""Relations between the figures of a financial table: the subtotal structure inferred from the figures and
the helpers that turn printed cells into figures and relations.

Shared by the pipeline (which records the structure in the model) and the checks (which verify it), so
neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .models import BudgetComparison, Column, Document, FinancialRow, FinancialTable, Scenario, Value
from .report import Figure, Relation
from .lexicon import TOTAL_LABEL as _TOTAL, KIND_OPENS as _KIND_OPENS, VERSCHIL_LABEL as _VERSCHIL
from .settings import SETTINGS

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_NIL = {"-", "\u2013", "\u2014", "\u2212"}


# --- the saldo of a lasten/baten pair -----------------------------------------------------------------------

# Part words as printed -> their role in the saldo relation ("Uitgaven" are lasten, "Netto" is a saldo).
PART_ROLES = {"lasten": "lasten", "uitgaven": "lasten", "kosten": "lasten",
              "baten": "baten", "inkomsten": "baten", "opbrengsten": "baten",
              "saldo": "saldo", "netto": "saldo", "resultaat": "saldo"}
SALDO_TOLERANCE = Decimal(1)  # printed units: lasten, baten and saldo are rounded each on its own


def part_role(part: str | None) -> str | None:
    """'lasten', 'baten' or 'saldo' for a column's part word; None for any other part."""
    return PART_ROLES.get((part or "").strip().lower())


def saldo_relations(lasten: Decimal, baten: Decimal, saldo: Decimal) -> list[str]:
    """Which ways of printing a saldo these three figures satisfy within rounding: lasten - baten ('l-b'),
    baten - lasten ('b-l'), or both added when the baten are printed negative ('l+b')."""
    return [name for name, expr in (("l-b", lasten - baten), ("b-l", baten - lasten), ("l+b", lasten + baten))
            if abs(expr - saldo) <= SALDO_TOLERANCE]


# --- figures ---------------------------------------------------------------------------------------------------

def num(v: Value | None) -> Decimal | None:
    """The figure of a cell: its value, 0 for a printed dash (nil), None when nothing is printed."""
    if v is None:
        return None
    if v.value is not None:
        return v.value
    if v.raw.strip() in _NIL:
        return ZERO
    return None


@lru_cache(maxsize=65536)
def half_unit(value: Decimal | None, scale: int) -> Decimal:
    """Half of the last printed digit of a figure in a table of unit `scale` (half a unit for whole numbers).

    Cached: it depends on the figure's value only (normalised), not on how the Decimal was written."""
    step = Decimal(scale)
    if value is not None and value != 0:
        printed = (value / step).normalize()
        exp = printed.as_tuple().exponent
        if isinstance(exp, int) and exp < 0:
            step = step.scaleb(exp)
    return step / 2


def norm(label: str) -> str:
    return " ".join(label.lower().split())


@lru_cache(maxsize=8192)  # pure; asked about every row of every table, labels repeat ("Totaal lasten")
def is_total_label(label: str) -> bool:
    """Totaal / Subtotaal / Saldo / Resultaat rows: totals printed after their members."""
    return bool(_TOTAL.search(norm(label)))


@lru_cache(maxsize=8192)
def is_saldo_label(label: str) -> bool:
    return norm(label).startswith("saldo")


@lru_cache(maxsize=8192)
def label_kind(label: str) -> str | None:
    """'lasten' or 'baten' for rows such as 'Lasten', 'Totaal baten', 'Onttrekkingen aan reserves (baten)'."""
    text = norm(label)
    for kind, opens in _KIND_OPENS:
        if opens.match(text) or f"({kind})" in text:
            return kind
    return None


def row_name(row: FinancialRow) -> str:
    return f"{row.group} / {row.label}" if row.group else row.label


def table_scale(table: FinancialTable | BudgetComparison) -> int:
    return table.unit.multiplier if table.unit else 1


def is_percent_column(table: FinancialTable, c: int) -> bool:
    col = table.columns[c]
    if col.scenario is Scenario.PERCENTAGE or col.label.strip() == "%":
        return True
    return any(c < len(r.values) and r.values[c].unit == "%" for r in table.rows)


def is_verschil_column(col: Column) -> bool:
    return col.scenario is Scenario.VERSCHIL or bool(_VERSCHIL.search(col.label))


def amount_columns(table: FinancialTable) -> list[int]:
    """The columns that are not `is_percent_column`: the rows are read once, not once per column."""
    percent_cells = {c for r in table.rows for c, v in enumerate(r.values) if v.unit == "%"}
    return [c for c, col in enumerate(table.columns) if not (col.scenario is Scenario.PERCENTAGE or col.label.strip() == "%"
                                                            or c in percent_cells)]


def cell(table: FinancialTable, r: int, c: int) -> Value | None:
    values = table.rows[r].values
    return values[c] if c < len(values) else None


def figure(table: FinancialTable, r: int, c: int, sign: int = 1) -> Figure:
    row = table.rows[r]
    v = cell(table, r, c)
    return Figure(row=row_name(row), column=table.columns[c].label, line=v.provenance.line if v else None,
                  page=v.provenance.page if v else None, printed=v.raw if v else "", value=num(v),
                  sign=1 if sign >= 0 else -1)


def value_figure(v: Value, row: str, column: str, sign: int = 1) -> Figure:
    return Figure(row=row, column=column, line=v.provenance.line, page=v.provenance.page, printed=v.raw,
                  value=num(v), sign=1 if sign >= 0 else -1)


def tolerance_of(figures: Iterable[Figure], scale: int) -> Decimal:
    return sum((half_unit(f.value, scale) for f in figures if f.value is not None), ZERO)


def expected_of(terms: Iterable[Figure]) -> Decimal:
    return sum((t.sign * t.value for t in terms if t.value is not None), ZERO)


def formula_of(target: Figure, terms: list[Figure]) -> str:
    rows = [t.row for t in terms]
    with_column = target.row in rows or len(set(rows)) < len(rows)

    def name(f: Figure) -> str:
        return f"{f.row} [{f.column}]" if with_column else f.row

    text = ""
    for i, t in enumerate(terms):
        text += (name(t) if i == 0 and t.sign > 0 else f"-{name(t)}" if i == 0 else
                 f" + {name(t)}" if t.sign > 0 else f" - {name(t)}")
    return f"{name(target)} = {text}"


def make_relation(check: str, code: str, element: int, title: str, target: Figure, terms: list[Figure],
                  scale: int, *, formula: str | None = None) -> Relation:
    return Relation(check=check, code=code, element=element, table=title, formula=formula or formula_of(target, terms),
                    target=target, terms=terms, expected=expected_of(terms),
                    tolerance=tolerance_of([target, *terms], scale), scale=scale)


# --- subtotal structure ------------------------------------------------------------------------------------------

@dataclass
class Structure:
    """Which rows of a financial table sum which others, inferred from the figures.

    `sum_of`: row -> member rows, holding in every column (what `annotate` records in the model).
    `equal_to`: row -> rows it repeats (a duplicate, possibly with empty or zero rows): proves nothing.
    `near`: row -> member rows that add up in nearly every column: the structure is evident, a figure is wrong.
    `saldo`: a Saldo row -> the Baten and Lasten rows it is the saldo of (checked by the saldo check).
    """

    sum_of: dict[int, list[int]] = field(default_factory=dict)
    equal_to: dict[int, list[int]] = field(default_factory=dict)
    near: dict[int, list[int]] = field(default_factory=dict)
    saldo: dict[int, list[int]] = field(default_factory=dict)  # a saldo row and the Baten/Lasten rows it closes
    members: set[int] = field(default_factory=set)

    def structured(self, r: int) -> bool:
        return r in self.sum_of or r in self.equal_to or r in self.near or r in self.saldo


@dataclass
class _Fit:
    """A run of items (the first `size` of `grown`, a list the search goes on growing) and how it fits."""

    grown: list[int]
    size: int
    matched: int  # columns where the sum holds and the total is not (about) zero
    mismatched: int  # columns where it does not hold
    nonzero_items: int

    @property
    def run(self) -> list[int]:
        return self.grown[:self.size]

    @property
    def last(self) -> int:
        return self.grown[self.size - 1]


class _Inference:
    """Hierarchical inference: an item is a row with everything it already sums (its block); a row is the sum of
    a contiguous run of items directly after it (group rows first, as many programme tables print them) or directly before
    it (totals printed after their members). Inner blocks form first; the longest run wins."""

    def __init__(self, table: FinancialTable):
        self.table = table
        self.scale = table_scale(table)
        self.cols = amount_columns(table)
        cols = self.cols
        values = [[num(vs[c]) if c < len(vs) else None for c in cols] for vs in (row.values for row in table.rows)]
        halves = [[half_unit(x, self.scale) if x is not None else ZERO for x in row] for row in values]
        # exact integers in a common unit (a Decimal fraction of a euro at most): the search adds a lot
        exps = [d.as_tuple().exponent for row in values + halves for d in row if d is not None]
        shift = -min([e for e in exps if isinstance(e, int)] + [0])
        if shift:
            self.vals = [[int(x.scaleb(shift)) if x is not None else None for x in row] for row in values]
            self.halves = [[int(h.scaleb(shift)) for h in row] for row in halves]
        else:  # every exponent >= 0: each figure is a whole number as it stands
            self.vals = [[int(x) if x is not None else None for x in row] for row in values]
            self.halves = [[int(h) for h in row] for row in halves]
        n = len(table.rows)
        # the items: rows not (yet) inside another row's block, as a linked list in row order (absorbing a
        # run is then as cheap as the run, however long the table)
        self.in_top = [True] * n
        self.nxt = list(range(1, n + 1))  # n: the end
        self.prv = list(range(-1, n - 1))  # -1: the start
        self.boundary = {r for r, row in enumerate(table.rows) if row.section}
        self.saldo = saldo_triples(table)
        self.saldo_rows = {s for s, _, _ in self.saldo}
        self.st = Structure()
        self.need = min(2, len(self.cols))
        self.total_like = [is_total_label(row.label) for row in table.rows]
        self.zeros = [all(x is None or x == 0 for x in row) for row in self.vals]
        # Pruning: in a column whose figures all have one sign, a run's sum only moves away from the total,
        # except by what the half units of figures smaller than their own half unit can win back.
        self.sign = []
        self.slack = []
        for ci in range(len(self.cols)):
            col = [row[ci] for row in self.vals if row[ci] is not None]
            self.sign.append(1 if all(x >= 0 for x in col) else -1 if all(x <= 0 for x in col) else 0)
            self.slack.append(sum(max(0, self.halves[r][ci] - abs(x)) for r, row in enumerate(self.vals)
                                  if (x := row[ci]) is not None))

    @property
    def top(self) -> list[int]:
        return [r for r in range(len(self.in_top)) if self.in_top[r]]

    def zero(self, r: int) -> bool:
        return self.zeros[r]

    def candidates(self, r: int, forward: bool, *, exact: bool = False) -> Iterator[_Fit]:
        """Runs of items directly after (or before) row r, growing one item at a time, with how they fit.
        With `exact`, only runs that hold in every column. A run stops growing once no longer run can fit
        (a column past its total for good) or at SETTINGS.subtotal_max_run items: linear time on long tables."""
        ncols = len(self.cols)
        total, half = self.vals[r], self.halves[r]
        sums, halves, nonzero = [0] * ncols, [0] * ncols, [0] * ncols
        items = 0
        run: list[int] = []
        step, end = (self.nxt, len(self.in_top)) if forward else (self.prv, -1)
        dead_limit = 0 if exact else ncols // 2  # more dead columns: no rule of `near` can accept the run
        vals, all_halves, zeros, boundary, total_like = self.vals, self.halves, self.zeros, self.boundary, self.total_like
        signs, slack, columns = self.sign, self.slack, range(ncols)
        h = step[r]
        while h != end and len(run) < SETTINGS.subtotal_max_run:
            if h in boundary or (forward and total_like[h]):
                break  # details follow their group row; a total after it closes the group
            vh, hh = vals[h], all_halves[h]
            matched = mismatched = dead = 0
            for ci in columns:
                x = vh[ci]
                if x is not None:
                    sums[ci] += x
                    halves[ci] += hh[ci]
                    if x:
                        nonzero[ci] += 1
                t = total[ci]
                if t is None:
                    if nonzero[ci]:
                        mismatched += 1
                        dead += 1
                else:
                    tol = half[ci] + halves[ci]
                    if abs(t - sums[ci]) > tol:
                        mismatched += 1
                        sign = signs[ci]
                        if sign and sign * (sums[ci] - t) - tol > slack[ci]:
                            dead += 1
                    elif abs(t) > tol:
                        matched += 1
            if not zeros[h]:
                items += 1
            run.append(h)
            if dead > dead_limit:
                break
            if not (exact and mismatched):
                yield _Fit(run, len(run), matched, mismatched, items)  # the run as it stands: no copy
            h = step[h]

    def strict(self, r: int, forward: bool) -> list[int] | None:
        sums, trivial = [], []
        for f in self.candidates(r, forward, exact=True):
            if f.nonzero_items >= 2 and not self.zero(f.last) and f.matched >= self.need:
                sums.append(f)
            elif f.nonzero_items == 1 and f.matched >= 1:  # a repeated figure: one non-zero column will do
                trivial.append(f)
        if sums:
            self.st.sum_of[r] = sorted(max(sums, key=lambda f: f.size).run)
            return self.st.sum_of[r]
        if trivial:
            if not forward and not is_total_label(self.table.rows[r].label):
                return None  # only a total repeats the figure before it ("Saldo voor reserveringen")
            # backward, empty or zero rows before the repeated one belong to it (Toevoegingen 0, Onttrekkingen,
            # Saldo mutaties reserves); forward, a group row repeats its one detail and nothing after it
            pick = max(trivial, key=lambda f: f.size) if not forward else trivial[0]
            self.st.equal_to[r] = sorted(pick.run)
            return self.st.equal_to[r]
        return None

    def near(self, r: int, forward: bool) -> list[int] | None:
        total_like = is_total_label(self.table.rows[r].label)
        ncols = len(self.cols)
        best: _Fit | None = None
        for f in self.candidates(r, forward):
            if not f.mismatched or self.zero(f.last):
                continue
            if f.nonzero_items < 2 and not (total_like and f.nonzero_items == 1):
                continue
            rule_a = f.mismatched <= max(1, ncols // 4) and f.matched >= max(2, 3 * f.mismatched)
            rule_b = total_like and not forward and f.matched >= max(1, f.mismatched)
            if not (rule_a or rule_b):
                continue
            if best is None or (f.mismatched, -f.matched, -f.size) < (best.mismatched, -best.matched, -best.size):
                best = f
        if best is None:
            return None
        self.st.near[r] = sorted(best.run)
        return self.st.near[r]

    def absorb(self, r: int, run: list[int]) -> None:
        for h in run:
            if self.in_top[h]:
                self.in_top[h] = False
                p, q = self.prv[h], self.nxt[h]
                if p >= 0:
                    self.nxt[p] = q
                if q < len(self.in_top):
                    self.prv[q] = p
        self.st.members.update(run)

    def saldo_blocks(self) -> bool:
        """A Saldo row closes the Baten and Lasten rows it is the saldo of (so a later total can take it as one
        item), when nothing but empty or zero rows stands between them."""
        changed = False
        for s, b, l_ in self.saldo:
            if not (self.in_top[s] and self.in_top[b] and self.in_top[l_]) or self.st.structured(s):
                continue
            run = [h for h in range(min(b, l_), s) if self.in_top[h]]
            if all(h in (b, l_) or self.zero(h) for h in run):
                self.st.saldo[s] = sorted(run)
                self.absorb(s, run)
                changed = True
        return changed

    def passes(self, mode: str) -> None:
        method = self.strict if mode == "strict" else self.near
        for _ in range(4):
            changed = False
            for forward in (True, False):
                for r in sorted(self.top, reverse=forward):
                    if not self.in_top[r] or self.st.structured(r) or r in self.boundary or self.zero(r):
                        continue
                    if mode == "near" and r in self.saldo_rows:
                        continue  # the saldo check reports these
                    run = method(r, forward)
                    if run:
                        self.absorb(r, run)
                        changed = True
            if mode == "strict":
                changed |= self.saldo_blocks()
            if not changed:
                break


def infer_structure(table: FinancialTable, *, near: bool = True) -> Structure:
    """The subtotal structure of a table (see `Structure`), from the figures alone: indentation is lost."""
    inf = _Inference(table)
    inf.passes("strict")
    if near:
        inf.passes("near")
    return inf.st


def annotate(doc: Document) -> None:
    """Fill `FinancialRow.sum_of` on every financial table: the rows each row is the sum of (in every column)."""
    for el in doc.elements:
        if isinstance(el, FinancialTable):
            record_structure(el, infer_structure(el, near=False))


def record_structure(table: FinancialTable, st: Structure) -> None:
    """Write the rows each row sums (`st.sum_of`) into the model's `FinancialRow.sum_of`."""
    for r, row in enumerate(table.rows):
        row.sum_of = list(st.sum_of.get(r, []))


def saldo_triples(table: FinancialTable) -> list[tuple[int, int, int]]:
    """(saldo row, baten row, lasten row): a Saldo row after a Baten and a Lasten row of the same group."""
    out = []
    b = l_ = None
    group: object = object()
    for i, row in enumerate(table.rows):
        if row.group != group:
            b = l_ = None
            group = row.group
        if row.section:
            continue
        if is_saldo_label(row.label):
            if b is not None and l_ is not None:
                out.append((i, b, l_))
            b = l_ = None
            continue
        kind = label_kind(row.label)
        if kind == "baten" and b is None:
            b = i
        elif kind == "lasten" and l_ is None:
            l_ = i
    return out




def quotient_pair(rows: list[list[Decimal | None]], r: int, decimals: int) -> tuple[int, int] | None:
    """Two of the rows right above row r, printed as whole numbers, whose quotient rounded to row r's
    printed decimals is row r in every column it fills ("Weerstandsvermogen (1:2) 1,2" under capacities
    of 28.231 and 24.045): row r is then a ratio of amounts, not an amount. Figures as printed (no unit
    applied). The pair (numerator, denominator) or None."""
    target = rows[r]
    filled = [c for c, v in enumerate(target) if v is not None]
    if not filled or decimals < 1:
        return None
    half = Decimal(1).scaleb(-decimals) / 2
    near = [k for k in range(max(0, r - SETTINGS.ratio_rows_above), r)
            if all(rows[k][c] is not None and rows[k][c] == rows[k][c].to_integral_value() for c in filled)]  # type: ignore[union-attr]
    for p in near:
        for q in near:
            if p != q and all(rows[q][c] and abs(rows[p][c] / rows[q][c] - target[c]) <= half  # type: ignore[operator]
                              for c in filled):
                return p, q
    return None


def subtotal_column(detail: list[Decimal | None], column: list[Decimal | None], tolerance: Decimal) -> bool:
    """Whether `column` holds the subtotals of `detail`, printed beside it one column to the right (a
    kasstroomoverzicht, a kostendekkingsberekening): every figure in it is the sum of the detail figures
    since the previous one, or the sum of the subtotals above it (the grand total), and no row fills both.
    Two such figures at least, one of them a sum of two or more details: arithmetic, not a coincidence."""
    run: list[Decimal] = []
    subtotals: list[Decimal] = []
    proven = 0
    for d, s in zip(detail, column):
        if d is not None and s is not None:
            return False
        if d is not None:
            run.append(d)
            continue
        if s is None:
            continue
        if run and abs(sum(run) - s) <= tolerance:
            proven += len(run) >= 2
            subtotals.append(s)
        elif not (len(subtotals) >= 2 and abs(sum(subtotals) - s) <= tolerance):
            return False
        run = []
    return len(subtotals) >= 2 and proven >= 1
