"""Validators: the arithmetic a printed budget table obeys, as plain functions kept in `CHECKS`.

Each check takes a `Context` (the document, with the inferred subtotal structure of every financial table) and
yields `Relation`s (an arithmetic relation between printed figures, held or not) and `Finding`s (problems that
are not arithmetic, such as a missing unit). `validate()` runs them all and turns every relation that does not
hold into a finding with the expected and the printed figure and the tolerance.

Tolerance is rounding: each printed figure may be off by half a unit of the table (half of 1.000 euros in a
table "x € 1.000", half a euro in a whole-euro table, half of the last printed decimal), so a relation between
n printed figures (the total included) may be off by the sum of their half units. Percentages may be off by
half their last printed digit plus what the rounding of the two amounts they come from explains.

All arithmetic is Decimal; figures are the document model's exact values (euros), never floats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path

from pydantic import ValidationError

from .errors import SourceError
from .limits import DEFAULT_LIMITS, Limits
from .magnitude import excesses, thousands
from .models import (BudgetComparison, Column, Diagnostic, Document, FinancialRow, FinancialTable, Scenario,
                     Severity, Value)
from .report import CheckSummary, Counts, DocumentReport, Figure, Finding, Relation, Report, dutch
from .sources.files import check_input

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_NIL = {"-", "\u2013", "\u2014", "\u2212"}
MAX_RUN = 500  # most items one subtotal is searched over: a bound that keeps the inference linear


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


def half_unit(value: Decimal | None, scale: int) -> Decimal:
    """Half of the last printed digit of a figure in a table of unit `scale` (half a unit for whole numbers)."""
    step = Decimal(scale)
    if value is not None and value != 0:
        printed = (value / step).normalize()
        exp = printed.as_tuple().exponent
        if isinstance(exp, int) and exp < 0:
            step = step.scaleb(exp)
    return step / 2


def norm(label: str) -> str:
    return " ".join(label.lower().split())


_TOTAL = re.compile(r"^(sub[- ]?)?totaa?l|^saldo|^resultaat|^generaal|saldo$|totaal$")


def is_total_label(label: str) -> bool:
    """Totaal / Subtotaal / Saldo / Resultaat rows: totals printed after their members."""
    return bool(_TOTAL.search(norm(label)))


def is_saldo_label(label: str) -> bool:
    return norm(label).startswith("saldo")


def label_kind(label: str) -> str | None:
    """'lasten' or 'baten' for rows such as 'Lasten', 'Totaal baten', 'Onttrekkingen aan reserves (baten)'."""
    text = norm(label)
    for kind in ("lasten", "baten"):
        if re.match(rf"^(totaal |totale )?{kind}\b", text) or f"({kind})" in text:
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


_VERSCHIL = re.compile(r"verschil|afwijking", re.I)


def is_verschil_column(col: Column) -> bool:
    return col.scenario is Scenario.VERSCHIL or bool(_VERSCHIL.search(col.label))


def amount_columns(table: FinancialTable) -> list[int]:
    return [c for c in range(len(table.columns)) if not is_percent_column(table, c)]


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
    run: list[int]
    matched: int  # columns where the sum holds and the total is not (about) zero
    mismatched: int  # columns where it does not hold
    nonzero_items: int


class _Inference:
    """Hierarchical inference: an item is a row with everything it already sums (its block); a row is the sum of
    a contiguous run of items directly after it (group rows first, as many programme tables print them) or directly before
    it (totals printed after their members). Inner blocks form first; the longest run wins."""

    def __init__(self, table: FinancialTable):
        self.table = table
        self.scale = table_scale(table)
        self.cols = amount_columns(table)
        values = [[num(cell(table, r, c)) for c in self.cols] for r in range(len(table.rows))]
        halves = [[half_unit(x, self.scale) if x is not None else ZERO for x in row] for row in values]
        # exact integers in a common unit (a Decimal fraction of a euro at most): the search adds a lot
        exps = [d.as_tuple().exponent for row in values + halves for d in row if d is not None]
        shift = -min([e for e in exps if isinstance(e, int)] + [0])
        self.vals = [[int(x.scaleb(shift)) if x is not None else None for x in row] for row in values]
        self.halves = [[int(h.scaleb(shift)) for h in row] for row in halves]
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
        (a column past its total for good) or at MAX_RUN items: linear time on long tables."""
        ncols = len(self.cols)
        total, half = self.vals[r], self.halves[r]
        sums, halves, nonzero = [0] * ncols, [0] * ncols, [0] * ncols
        items = 0
        run: list[int] = []
        step, end = (self.nxt, len(self.in_top)) if forward else (self.prv, -1)
        dead_limit = 0 if exact else ncols // 2  # more dead columns: no rule of `near` can accept the run
        h = step[r]
        while h != end and len(run) < MAX_RUN:
            if h in self.boundary or (forward and self.total_like[h]):
                break  # details follow their group row; a total after it closes the group
            vh, hh = self.vals[h], self.halves[h]
            matched = mismatched = dead = 0
            for ci in range(ncols):
                x = vh[ci]
                if x is not None:
                    sums[ci] += x
                    halves[ci] += hh[ci]
                    nonzero[ci] += x != 0
                if total[ci] is None:
                    mismatched += nonzero[ci] > 0
                    dead += nonzero[ci] > 0
                else:
                    tol = half[ci] + halves[ci]
                    if abs(total[ci] - sums[ci]) > tol:
                        mismatched += 1
                        sign = self.sign[ci]
                        dead += sign != 0 and sign * (sums[ci] - total[ci]) - tol > self.slack[ci]
                    elif abs(total[ci]) > tol:
                        matched += 1
            items += not self.zero(h)
            run.append(h)
            if dead > dead_limit:
                break
            if not (exact and mismatched):
                yield _Fit(list(run), matched, mismatched, items)
            h = step[h]

    def strict(self, r: int, forward: bool) -> list[int] | None:
        sums, trivial = [], []
        for f in self.candidates(r, forward, exact=True):
            if f.nonzero_items >= 2 and not self.zero(f.run[-1]) and f.matched >= self.need:
                sums.append(f)
            elif f.nonzero_items == 1 and f.matched >= 1:  # a repeated figure: one non-zero column will do
                trivial.append(f)
        if sums:
            self.st.sum_of[r] = sorted(max(sums, key=lambda f: len(f.run)).run)
            return self.st.sum_of[r]
        if trivial:
            if not forward and not is_total_label(self.table.rows[r].label):
                return None  # only a total repeats the figure before it ("Saldo voor reserveringen")
            # backward, empty or zero rows before the repeated one belong to it (Toevoegingen 0, Onttrekkingen,
            # Saldo mutaties reserves); forward, a group row repeats its one detail and nothing after it
            pick = max(trivial, key=lambda f: len(f.run)) if not forward else trivial[0]
            self.st.equal_to[r] = sorted(pick.run)
            return self.st.equal_to[r]
        return None

    def near(self, r: int, forward: bool) -> list[int] | None:
        total_like = is_total_label(self.table.rows[r].label)
        ncols = len(self.cols)
        best: _Fit | None = None
        for f in self.candidates(r, forward):
            if not f.mismatched or self.zero(f.run[-1]):
                continue
            if f.nonzero_items < 2 and not (total_like and f.nonzero_items == 1):
                continue
            rule_a = f.mismatched <= max(1, ncols // 4) and f.matched >= max(2, 3 * f.mismatched)
            rule_b = total_like and not forward and f.matched >= max(1, f.mismatched)
            if not (rule_a or rule_b):
                continue
            if best is None or (f.mismatched, -f.matched, -len(f.run)) < (best.mismatched, -best.matched,
                                                                          -len(best.run)):
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
            _record(el, infer_structure(el, near=False))


def _record(table: FinancialTable, st: Structure) -> None:
    for r, row in enumerate(table.rows):
        row.sum_of = list(st.sum_of.get(r, []))


# --- context and the checks --------------------------------------------------------------------------------------

@dataclass
class Context:
    doc: Document
    file: str
    structures: dict[int, Structure]

    def tables(self) -> Iterator[tuple[int, FinancialTable]]:
        for i, el in enumerate(self.doc.elements):
            if isinstance(el, FinancialTable):
                yield i, el

    def comparisons(self) -> Iterator[tuple[int, BudgetComparison]]:
        for i, el in enumerate(self.doc.elements):
            if isinstance(el, BudgetComparison):
                yield i, el


Item = Relation | Finding
Check = Callable[[Context], Iterable[Item]]


def check_subtotals(ctx: Context) -> Iterator[Item]:
    """Subtotal and total rows equal the sum of their members: a wrong figure or a mis-read cell breaks it.
    Structures that hold in every column are verified; one that holds in nearly every column (or a Totaal /
    Subtotaal / Saldo row that holds in most) is evident, and its failing columns are findings."""
    for i, t in ctx.tables():
        st = ctx.structures[i]
        scale = table_scale(t)
        columns = amount_columns(t)  # once per table: it looks at every row
        for kind, relations in (("sum", st.sum_of), ("near", st.near), ("equal", st.equal_to)):
            for r, run in sorted(relations.items()):
                for c in columns:
                    target = figure(t, r, c)
                    terms = [x for x in (figure(t, h, c) for h in run) if x.value is not None]
                    if target.value is None or not terms:
                        continue
                    formula = None
                    if kind == "equal":
                        formula = f"{target.row} = {' + '.join(x.row for x in terms)} (repeats the figure)"
                    yield make_relation("subtotals", "subtotal-mismatch", i, t.title, target, terms, scale,
                                        formula=formula)


_SALDO_CONVENTIONS = {"baten - lasten": (1, -1), "lasten - baten": (-1, 1), "baten + lasten": (1, 1)}


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


Instance = tuple[Figure, Figure, Figure, object]  # target, first term, second term, context for `make`


def _by_convention(instances: list[Instance], conventions: dict[str, tuple[int, int]],
                   make: Callable[[Figure, list[Figure], str, object], Relation]) -> Iterator[Relation]:
    """Decide the sign convention by the majority of instances that prove something, then check each."""
    def rel(inst: Instance, name: str) -> Relation:
        target, a, b, extra = inst
        sa, sb = conventions[name]
        return make(target, [a.model_copy(update={"sign": sa}), b.model_copy(update={"sign": sb})], name, extra)

    counts = {name: 0 for name in conventions}
    for inst in instances:
        if (inst[1].value or 0) == 0 and (inst[2].value or 0) == 0:
            continue  # nothing against nothing proves no convention
        for name in conventions:
            counts[name] += rel(inst, name).holds
    best = max(counts.values(), default=0)
    if best == 0:
        return
    chosen = [name for name, n in counts.items() if n == best]
    for inst in instances:
        yield rel(inst, next((n for n in chosen if rel(inst, n).holds), chosen[0]))


def _present(*figures: Figure) -> bool:
    return all(f.value is not None for f in figures)


def check_saldo_rows(ctx: Context) -> Iterator[Item]:
    """A Saldo row equals Baten - Lasten (or Lasten - Baten, or Baten + Lasten when lasten are printed negative,
    whichever the table uses by majority): the saldo is what a reader quotes, so it must follow from the rows."""
    for i, t in ctx.tables():
        scale = table_scale(t)
        cols = [c for c in amount_columns(t) if not is_verschil_column(t.columns[c])]
        instances = []
        for s, b, l_ in saldo_triples(t):
            for c in cols:
                fs, fb, fl = figure(t, s, c), figure(t, b, c), figure(t, l_, c)
                if _present(fs, fb, fl):
                    instances.append((fs, fb, fl, None))

        yield from _by_convention(instances, _SALDO_CONVENTIONS, _saldo_maker(i, t, scale))


def _saldo_maker(i: int, t: FinancialTable, scale: int):  # noqa: ANN202 - a relation factory
    """The relation builder of the saldo checks: the formula says which convention the table uses."""
    def make(target: Figure, terms: list[Figure], name: str, _: object) -> Relation:
        rel = make_relation("saldo", "saldo-mismatch", i, t.title, target, terms, scale)
        rel.formula += f" (this table: saldo = {name})"
        return rel

    return make


def _column_groups(table: FinancialTable) -> dict[tuple, dict[str, int]]:
    """Columns under one year group, by part: {(scenario, year, label stem): {'lasten': c, 'baten': c, ...}}."""
    groups: dict[tuple, dict[str, int]] = {}
    for c, col in enumerate(table.columns):
        if not col.part or col.part.lower() not in ("lasten", "baten", "saldo"):
            continue
        stem = " ".join(re.sub(rf"\b{re.escape(col.part)}\b", " ", col.label, flags=re.I).split())
        key = (col.scenario, col.year, stem)
        groups.setdefault(key, {})[col.part.lower()] = c
    return groups


def _saldo_printed_elsewhere(table: FinancialTable, r: int, groups: list[dict[str, int]]) -> bool:
    """A row that prints 0 as saldo under every year group while it has baten or lasten (or the reverse), such
    as 'Onttrekking aan reserves' whose saldo stands on a 'Mutaties reserves' row: a layout, not a misprint."""
    def v(c: int) -> Decimal | None:
        return num(cell(table, r, c))

    pattern = []
    for parts in groups:
        s, b, l_ = v(parts["saldo"]), v(parts["baten"]), v(parts["lasten"])
        if s is None or b is None or l_ is None:
            continue
        if s == 0 and b == l_ == 0:
            continue
        pattern.append((s == 0) != (b == 0 and l_ == 0))
    return len(pattern) >= 2 and all(pattern)


def check_saldo_columns(ctx: Context) -> Iterator[Item]:
    """Within a year group, the Saldo column equals Baten - Lasten (or the table's convention) on every row,
    programme totals included ("Subtotaal programma's", "Totaal")."""
    for i, t in ctx.tables():
        scale = table_scale(t)
        groups = [parts for parts in _column_groups(t).values() if {"lasten", "baten", "saldo"} <= parts.keys()]
        elsewhere = {r for r in range(len(t.rows)) if _saldo_printed_elsewhere(t, r, groups)}
        instances = []
        for parts in groups:
            for r, row in enumerate(t.rows):
                if row.section or r in elsewhere:
                    continue
                fs, fb, fl = (figure(t, r, parts[p]) for p in ("saldo", "baten", "lasten"))
                if _present(fs, fb, fl):
                    instances.append((fs, fb, fl, None))

        yield from _by_convention(instances, _SALDO_CONVENTIONS, _saldo_maker(i, t, scale))


def check_saldo_split_table(ctx: Context) -> Iterator[Item]:
    """A 'Saldo van baten en lasten' row printed under a table of Lasten/Baten columns per year (the parser gives
    such rows as a table of their own) equals the Baten and Lasten of that table's last Totaal row."""
    elements = ctx.doc.elements
    for i, t in ctx.tables():
        prev = elements[i - 1] if i > 0 else None
        if not isinstance(prev, FinancialTable) or any(col.part for col in t.columns):
            continue
        totals = [r for r, row in enumerate(prev.rows)
                  if is_total_label(row.label) and r not in ctx.structures[i - 1].members]
        groups = {key[1]: parts for key, parts in _column_groups(prev).items()
                  if {"lasten", "baten"} <= parts.keys() and key[1] is not None}
        if not totals or not groups:
            continue
        tot = totals[-1]
        scale = table_scale(t)
        instances = []
        for s, row in enumerate(t.rows):
            text = norm(row.label)
            if not (is_saldo_label(row.label) and "baten" in text and "lasten" in text):
                continue
            for c, col in enumerate(t.columns):
                parts = groups.get(col.year)
                if parts is None:
                    continue
                fs, fb, fl = figure(t, s, c), figure(prev, tot, parts["baten"]), figure(prev, tot, parts["lasten"])
                fb.row, fl.row = f"{prev.title} / {fb.row}", f"{prev.title} / {fl.row}"
                if _present(fs, fb, fl):
                    instances.append((fs, fb, fl, None))
            break

        yield from _by_convention(instances, _SALDO_CONVENTIONS, _saldo_maker(i, t, scale))


def _difference_holds(v: Figure, a: Figure, b: Figure, scale: int) -> bool:
    """v = a - b or v = b - a within rounding."""
    return any(make_relation("", "", 0, "", v, [a.model_copy(update={"sign": sa}), b.model_copy(update={"sign": sb})],
                             scale).holds for sa, sb in ((1, -1), (-1, 1)))


def check_verschil(ctx: Context) -> Iterator[Item]:
    """A Verschil / Afwijking column is one amount column minus another: find the pair and the sign that fit
    (lasten rows may take the opposite sign: 'verschil' as the effect on the saldo), then check every row."""
    for i, t in ctx.tables():
        scale = table_scale(t)
        amounts = [c for c in amount_columns(t) if not is_verschil_column(t.columns[c])]
        for v in (c for c in amount_columns(t) if is_verschil_column(t.columns[c])):
            pool = [c for c in amounts if t.columns[c].part == t.columns[v].part]
            rows = [r for r in range(len(t.rows)) if figure(t, r, v).value is not None]
            best: tuple[int, int, int, int] | None = None  # (rows that fit, -distance to v, a, b)
            for a in pool:
                for b in (b for b in pool if b > a):
                    score = sum(1 for r in rows if _present(figure(t, r, a), figure(t, r, b))
                                and _difference_holds(figure(t, r, v), figure(t, r, a), figure(t, r, b), scale))
                    cand = (score, -abs(v - b) - abs(v - a), a, b)
                    if best is None or cand[:2] > best[:2]:
                        best = cand
            with_data = sum(1 for r in rows if _present(figure(t, r, best[2]), figure(t, r, best[3]))) if best else 0
            if not best or best[0] == 0 or 2 * best[0] < with_data:
                continue  # no pair explains most rows: not a difference column after all
            _, _, a, b = best
            by_class: dict[str, list[Instance]] = {}
            for r in rows:
                fv, fa, fb = figure(t, r, v), figure(t, r, a), figure(t, r, b)
                if _present(fa, fb):
                    cls = "lasten" if label_kind(t.rows[r].label) == "lasten" else "other"
                    by_class.setdefault(cls, []).append((fv, fa, fb, None))
            ca, cb = t.columns[a].label, t.columns[b].label
            options = {f"{ca} - {cb}": (1, -1), f"{cb} - {ca}": (-1, 1)}

            def make(target: Figure, terms: list[Figure], name: str, _: object, i: int = i, t: FinancialTable = t,
                     scale: int = scale) -> Relation:
                rel = make_relation("verschil", "verschil-mismatch", i, t.title, target, terms, scale)
                rel.formula = f"{target.row} [{target.column}] = {name}"
                return rel

            for instances in by_class.values():
                yield from _by_convention(instances, options, make)


def _pct_tolerance(printed: Decimal, x: Decimal, y: Decimal, hx: Decimal, hy: Decimal) -> Decimal:
    """Half the last printed digit of the percentage plus the effect of rounding x and y on 100 * x / y."""
    exp = printed.normalize().as_tuple().exponent if printed != 0 else 0
    step = Decimal(1).scaleb(exp) if isinstance(exp, int) and exp < 0 else Decimal(1)
    return step / 2 + HUNDRED * (hx / abs(y) + abs(x) * hy / (y * y))


def _pct_relation(check: str, code: str, element: int, title: str, target: Figure, x: Figure, y: Figure,
                  scale: int, formula: str, *, magnitude: bool = False) -> Relation | None:
    if x.value is None or y.value is None or target.value is None or y.value == 0:
        return None
    with localcontext() as lc:
        lc.prec = 28
        exact = HUNDRED * x.value / y.value
        if magnitude:
            exact = abs(exact) if target.value >= 0 else -abs(exact)
        tol = _pct_tolerance(target.value, x.value, y.value, half_unit(x.value, scale), half_unit(y.value, scale))
        try:  # a percentage beyond 26 digits (a tiny denominator) is no percentage column
            expected, tolerance = exact.quantize(Decimal("0.01")), tol.quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
    return Relation(check=check, code=code, element=element, table=title, formula=formula, target=target,
                    terms=[x, y], expected=expected, tolerance=tolerance, unit="%", scale=scale)


def check_percentages(ctx: Context) -> Iterator[Item]:
    """A % column is one amount column as a percentage of another (realisatie / begroting x 100, rounded):
    find the pair that fits most rows, then check every row."""
    for i, t in ctx.tables():
        scale = table_scale(t)
        amounts = amount_columns(t)
        for p in (c for c in range(len(t.columns)) if is_percent_column(t, c)):
            rows = [r for r in range(len(t.rows)) if figure(t, r, p).value is not None]
            best: tuple[int, int, int] | None = None
            for a in amounts:
                for b in amounts:
                    if a == b:
                        continue
                    score = 0
                    for r in rows:
                        rel = _pct_relation("", "", i, "", figure(t, r, p), figure(t, r, a), figure(t, r, b), scale, "")
                        score += bool(rel and rel.holds)
                    if best is None or score > best[0]:
                        best = (score, a, b)
            with_data = sum(1 for r in rows if _present(figure(t, r, best[1]), figure(t, r, best[2]))) if best else 0
            if not best or best[0] == 0 or 2 * best[0] < with_data:
                continue  # no pair explains most rows
            _, a, b = best
            formula = f"{t.columns[p].label} = {t.columns[a].label} / {t.columns[b].label} x 100"
            for r in rows:
                rel = _pct_relation("percentages", "percentage-mismatch", i, t.title, figure(t, r, p),
                                    figure(t, r, a), figure(t, r, b), scale, f"{row_name(t.rows[r])}: {formula}")
                if rel:
                    yield rel


def _item_figures(el: BudgetComparison, n: int) -> tuple[Figure, Figure, Figure, Figure | None]:
    item = el.items[n]
    name = f"{el.title} / {item.label or f'item {n + 1}'}"
    return (value_figure(item.begroot, name, "begroot"), value_figure(item.realisatie, name, "realisatie"),
            value_figure(item.afwijking, name, "afwijking"),
            value_figure(item.percentage, name, "percentage") if item.percentage else None)


def check_comparison_afwijking(ctx: Context) -> Iterator[Item]:
    """In 'Begroot vs Realisatie' blocks, afwijking = begroot - realisatie (or the reverse: the document's
    majority decides), within rounding."""
    instances: list[Instance] = []
    for i, el in ctx.comparisons():
        for n in range(len(el.items)):
            b, r, a, _ = _item_figures(el, n)
            if _present(a, b, r):
                instances.append((a, b, r, (i, el.title, table_scale(el))))
    options = {"begroot - realisatie": (1, -1), "realisatie - begroot": (-1, 1)}

    def make(target: Figure, terms: list[Figure], name: str, extra: object) -> Relation:
        i, title, scale = extra  # type: ignore[misc]
        rel = make_relation("comparison", "comparison-afwijking-mismatch", i, title, target, terms, scale)
        rel.formula = f"{target.row}: afwijking = {name}"
        return rel

    yield from _by_convention(instances, options, make)


def check_comparison_percentage(ctx: Context) -> Iterator[Item]:
    """The percentage of a 'Begroot vs Realisatie' block is the afwijking relative to begroot or to realisatie
    (documents use both; its sign follows no single convention, so its size is checked)."""
    for i, el in ctx.comparisons():
        scale = table_scale(el)
        for n in range(len(el.items)):
            b, r, a, p = _item_figures(el, n)
            if p is None:
                continue
            candidates = [
                _pct_relation("comparison", "comparison-percentage-mismatch", i, el.title, p, a, b, scale,
                              f"{p.row}: |percentage| = |afwijking| / begroot x 100", magnitude=True),
                _pct_relation("comparison", "comparison-percentage-mismatch", i, el.title, p, a, r, scale,
                              f"{p.row}: |percentage| = |afwijking| / realisatie x 100", magnitude=True),
            ]
            rels = [c for c in candidates if c is not None]
            if rels:
                yield next((c for c in rels if c.holds), rels[0])


_BEGROTING = (Scenario.BEGROTING, Scenario.BEGROTING_NA_WIJZIGING)


def check_comparison_table(ctx: Context) -> Iterator[Item]:
    """A 'Begroot vs Realisatie' block repeats the Lasten or Baten row of the document's table: same begroot
    (a begroting column) and realisatie figures. Matched by title, or by one figure equal to the table's."""
    tables = list(ctx.tables())
    for i, el in ctx.comparisons():
        for n, item in enumerate(el.items):
            if not item.label or label_kind(item.label) is None:
                continue
            b, r, _, _ = _item_figures(el, n)
            if not _present(b, r):
                continue
            best = None
            for ti, t in tables:
                bcols = [c for c, col in enumerate(t.columns) if col.scenario in _BEGROTING
                         and (el.year is None or col.year in (None, el.year))]
                rcols = [c for c, col in enumerate(t.columns) if col.scenario is Scenario.REALISATIE
                         and (el.year is None or col.year in (None, el.year))]
                if not bcols or not rcols:
                    continue
                kind = label_kind(item.label)
                for row_i, row in enumerate(t.rows):
                    if label_kind(row.label) != kind or f"({kind})" in norm(row.label):
                        continue  # not the Lasten / Baten row (reserve rows say "(baten)")
                    fb = [figure(t, row_i, c) for c in bcols]
                    fr = [figure(t, row_i, c) for c in rcols]
                    same_b = next((f for f in fb if f.value == b.value), None)
                    same_r = next((f for f in fr if f.value == r.value), None)
                    titled = norm(t.title) == norm(el.title)
                    score = (same_b is not None) + (same_r is not None) + titled
                    if (same_b or same_r or titled) and (best is None or score > best[0]):
                        best = (score, ti, t, same_b or fb[-1], same_r or fr[-1])
            if best is None:
                continue
            _, ti, t, tb, tr = best
            scale = max(table_scale(el), table_scale(t))
            for mine, theirs in ((b, tb), (r, tr)):
                theirs = theirs.model_copy(update={"row": f"{t.title} / {theirs.row}"})
                yield make_relation("comparison", "comparison-table-mismatch", i, el.title, mine, [theirs], scale,
                                    formula=f"{mine.row} {mine.column} = {theirs.row} [{theirs.column}] "
                                            f"(element {ti})")


_BEGIN = re.compile(r"(stand|saldo|boekwaarde).*(begin|(?<!\d)1[-/ ]1(?!\d)|1 jan|primo)|^begin", re.I)
_EIND = re.compile(r"(stand|saldo|boekwaarde).*(eind|31[-/ ]12|31 dec|ultimo)|^eind", re.I)
_PLUS = re.compile(r"vermeerdering|toevoeging|dotatie|storting", re.I)
_MINUS = re.compile(r"vermindering|onttrekking|aanwending|besteding", re.I)


def check_reserves(ctx: Context) -> Iterator[Item]:
    """Reserve overviews (stand en verloop): stand begin + vermeerderingen - verminderingen = stand eind, per row
    and year (verminderingen printed negative are added: the table's majority decides)."""
    for i, t in ctx.tables():
        scale = table_scale(t)
        by_year: dict[int | None, dict[str, int]] = {}
        for c, col in enumerate(t.columns):
            for kind, pattern in (("eind", _EIND), ("begin", _BEGIN), ("plus", _PLUS), ("minus", _MINUS)):
                if pattern.search(col.label):
                    by_year.setdefault(col.year, {}).setdefault(kind, c)
                    break
        groups = [parts for parts in by_year.values()
                  if {"begin", "eind"} <= parts.keys() and {"plus", "minus"} & parts.keys()]
        if not groups:
            groups = _positional_reserve_groups(t)
        for parts in groups:

            def build(r: int, minus_sign: int, parts: dict[str, int] = parts, i: int = i,
                      t: FinancialTable = t, scale: int = scale) -> Relation:
                terms = [figure(t, r, parts["begin"])]
                if "plus" in parts:
                    terms.append(figure(t, r, parts["plus"]))
                if "minus" in parts:
                    terms.append(figure(t, r, parts["minus"], minus_sign))
                return make_relation("reserves", "reserve-mismatch", i, t.title, figure(t, r, parts["eind"]),
                                     terms, scale)

            rows = [r for r, row in enumerate(t.rows) if not row.section
                    and _present(figure(t, r, parts["eind"]), figure(t, r, parts["begin"]))]
            counts = {sign: sum(build(r, sign).holds for r in rows) for sign in (-1, 1)}
            chosen = [sign for sign, n in counts.items() if n == max(counts.values())]
            for r in rows:
                yield build(r, next((sign for sign in chosen if build(r, sign).holds), chosen[0]))


def _positional_reserve_groups(t: FinancialTable) -> list[dict[str, int]]:
    """Overviews that print the balance per year ("Begroting 2023", "Vermeerderingen 2024",
    "Verminderingen 2024", "Begroting 2024"): the balance column left of a year's movements is its
    begin, the one right of them its end."""
    kinds = []
    for col in t.columns:
        kinds.append("plus" if _PLUS.search(col.label) else "minus" if _MINUS.search(col.label) else "stand")
    if "plus" not in kinds and "minus" not in kinds:
        return []
    groups = []
    for c, kind in enumerate(kinds):
        if kind != "stand" or c == 0:
            continue
        left = c - 1
        moves: dict[str, int] = {}
        while left >= 0 and kinds[left] != "stand":
            moves.setdefault(kinds[left], left)
            left -= 1
        if left >= 0 and moves:
            groups.append({"begin": left, "eind": c, **moves})
    return groups


_GENERIC = re.compile(r"^((sub)?totaa?l|totale|saldo|lasten|baten|resultaat|overige?|reserves?|mutaties?|"
                      r"onttrekking|toevoeging|dotatie|begroting|realisatie|stand|apparaatslasten|"
                      r"programmalasten|personeel|inhuur|kapitaallasten)\b")


def _specific(label: str) -> bool:
    text = norm(label)
    return len(text) > 3 and not _GENERIC.match(text) and re.search(r"[a-z]{3}", text) is not None


def check_cross_table(ctx: Context) -> Iterator[Item]:
    """The same figure printed in two tables of one document agrees: a row with the same specific label
    (a programme, a taakveld) under a column of the same scenario, year and part; or a programme's own
    table's Lasten / Baten / Saldo rows and that programme's row in an overview."""
    tables = list(ctx.tables())

    def key(col: Column) -> tuple | None:
        if col.year is None and col.scenario is None:
            return None
        return (col.scenario, col.year, (col.part or "").lower())

    def unique_rows(t: FinancialTable) -> dict[str, int]:
        seen: dict[str, list[int]] = {}
        for r, row in enumerate(t.rows):
            seen.setdefault(norm(row_name(row)), []).append(r)
        return {k: v[0] for k, v in seen.items() if len(v) == 1}

    def compare(i: int, t: FinancialTable, mine: Figure, j: int, u: FinancialTable, theirs: Figure) -> Relation:
        scale = max(table_scale(t), table_scale(u))
        theirs = theirs.model_copy(update={"row": f"{u.title} / {theirs.row}"})
        if mine.value is not None and theirs.value is not None and mine.value == -theirs.value:
            theirs.sign = -1  # the other table prints the opposite sign convention
        return make_relation("cross-table", "cross-table-mismatch", i, t.title, mine, [theirs], scale,
                             formula=f"{mine.row} [{mine.column}] = {theirs.row} [{theirs.column}] (element {j})")

    for x, (j, u) in enumerate(tables):
        rows_u = unique_rows(u)
        keys_u = {key(col): c for c, col in enumerate(u.columns) if key(col)}
        for i, t in tables[x + 1:]:
            found: list[Relation] = []
            # 1. the same specific row label in both tables
            for label, r in unique_rows(t).items():
                if label not in rows_u or not _specific(label):
                    continue
                for c, col in enumerate(t.columns):
                    k = key(col)
                    if k is None or k not in keys_u or is_percent_column(t, c):
                        continue
                    mine, theirs = figure(t, r, c), figure(u, rows_u[label], keys_u[k])
                    if _present(mine, theirs):
                        found.append(compare(i, t, mine, j, u, theirs))
            # 2. a table titled after a row of the other: its Lasten/Baten/Saldo rows vs that row's part columns
            for own, own_i, overview, over_i in ((t, i, u, j), (u, j, t, i)):
                title = norm(own.title.split(" - ")[-1])
                over_rows = unique_rows(overview)
                if not _specific(title) or title not in over_rows:
                    continue
                orow = over_rows[title]
                for r, row in enumerate(own.rows):
                    part = label_kind(row.label) or ("saldo" if is_saldo_label(row.label) else None)
                    if part is None or "reserve" in norm(row.label):
                        continue
                    for c, col in enumerate(own.columns):
                        if col.year is None and col.scenario is None:
                            continue
                        oc = next((k for k, ocol in enumerate(overview.columns)
                                   if (ocol.part or "").lower() == part and ocol.year == col.year
                                   and ocol.scenario == col.scenario), None)
                        if oc is None:
                            continue
                        mine, theirs = figure(own, r, c), figure(overview, orow, oc)
                        if _present(mine, theirs):
                            found.append(compare(own_i, own, mine, over_i, overview, theirs))
            # Only tables that evidently repeat each other's figures: most pairs agree, the few others are
            # misprints. Tables that share labels but hold other quantities (mutations, another unit) agree
            # rarely, and are left alone.
            agree = sum(rel.holds for rel in found)
            if agree >= 2 and agree >= 3 * (len(found) - agree):
                yield from found


def check_units(ctx: Context) -> Iterator[Item]:
    """A table without a stated unit is read as whole euros: a warning (or info when another table's unit was
    taken), since a factor 1.000 off is the costliest misreading there is."""
    have = {(d.code, d.location.element) for d in ctx.doc.diagnostics}
    for i, t in ctx.tables():
        first = t.rows[0].values[0].provenance if t.rows and t.rows[0].values else None
        line = t.lines[0] if t.lines else (first.line if first else None)
        if t.unit is None and not have & {("unit-not-stated", i), ("unit-unknown", i), ("unit-implausible", i)}:
            yield Finding(code="unit-not-stated", severity=Severity.WARNING, check="units", file=ctx.file, element=i,
                          table=t.title, line=line, message=f"table '{t.title}' states no unit: its figures are "
                          "taken as whole euros (give --unit 1000 if they are thousands)")
        elif t.unit is not None and t.unit.source == "inferred" and not have & {("unit-inferred", i),
                                                                              ("unit-from-magnitude", i)}:
            yield Finding(code="unit-inferred", severity=Severity.WARNING, check="units", file=ctx.file, element=i,
                          table=t.title, line=line, message=f"table '{t.title}' states no unit; "
                          f"'{t.unit.raw}' was inferred from the document")


def check_magnitude(ctx: Context) -> Iterator[Item]:
    """A figure larger than the document's largest total cannot be right: a unit 1.000 off, or a misread cell."""
    for e in excesses(list(ctx.tables())):
        prov = e.value.provenance
        yield Finding(code="implausible-magnitude", severity=Severity.ERROR, check="magnitude", file=ctx.file,
                      element=e.element, table=e.table, page=prov.page, line=prov.line, row=e.row, column=e.column,
                      printed=e.value.value, printed_raw=e.value.raw,
                      message=f"{e.row} [{e.column}] {e.value.raw} is {thousands(e.value.value)} euros, more than the "
                      f"document's largest total ({thousands(e.bound)}): the table's unit is probably wrong")


def check_columns(ctx: Context) -> Iterator[Item]:
    """A column with neither a year nor a kind (begroting, realisatie, ...) cannot be compared or exported
    meaningfully: its header was probably not read (one finding per table; none where the parse said so)."""
    have = {(d.code, d.location.element) for d in ctx.doc.diagnostics}
    for i, t in ctx.tables():
        bare = [col.label for col in t.columns if col.year is None and col.scenario is None and col.part is None]
        if bare and ("no-header", i) not in have:
            yield Finding(code="column-unclassified", severity=Severity.WARNING, check="columns", file=ctx.file,
                          element=i, table=t.title, column=bare[0], line=t.lines[0] if t.lines else None,
                          message=f"table '{t.title}': column(s) {', '.join(repr(b) for b in bare)} have no year "
                          "and no kind")


CHECKS: list[Check] = [
    check_subtotals,
    check_saldo_rows,
    check_saldo_columns,
    check_saldo_split_table,
    check_verschil,
    check_percentages,
    check_comparison_afwijking,
    check_comparison_percentage,
    check_comparison_table,
    check_reserves,
    check_cross_table,
    check_units,
    check_magnitude,
    check_columns,
]

# Every code a check can report, with its severity (docs/validate.md explains each in one line).
CODES = {
    "subtotal-mismatch": Severity.ERROR,
    "saldo-mismatch": Severity.ERROR,
    "verschil-mismatch": Severity.ERROR,
    "percentage-mismatch": Severity.ERROR,
    "comparison-afwijking-mismatch": Severity.ERROR,
    "comparison-percentage-mismatch": Severity.ERROR,
    "comparison-table-mismatch": Severity.ERROR,
    "reserve-mismatch": Severity.ERROR,
    "cross-table-mismatch": Severity.ERROR,
    "unit-not-stated": Severity.WARNING,
    "unit-inferred": Severity.WARNING,
    "unit-unknown": Severity.WARNING,
    "implausible-magnitude": Severity.ERROR,
    "column-unclassified": Severity.WARNING,
    "unchecked": Severity.ERROR,
}


# --- running the checks ------------------------------------------------------------------------------------------

_VERB = {"cross-table-mismatch": "disagrees with the other table", "comparison-table-mismatch":
         "disagrees with the table", "percentage-mismatch": "is not the percentage",
         "comparison-percentage-mismatch": "is not the percentage"}


def _finding(rel: Relation, file: str) -> Finding:
    t = rel.target
    unit_scale = rel.scale if rel.unit == "EUR" else 1
    figures = f"expected {dutch(rel.expected, unit_scale, unit=rel.unit)}, printed " \
              f"{dutch(t.value, unit_scale, unit=rel.unit)}"
    where = f"{t.row}" + (f" [{t.column}]" if t.column else "")
    return Finding(code=rel.code, severity=CODES[rel.code], check=rel.check, file=file, element=rel.element,
                   table=rel.table, page=t.page, line=t.line, row=t.row, column=t.column, formula=rel.formula,
                   expected=rel.expected, printed=t.value, printed_raw=t.printed, difference=rel.difference,
                   tolerance=rel.tolerance, unit=rel.unit, scale=rel.scale, terms=rel.terms,
                   message=f"{where} {_VERB.get(rel.code, 'does not add up')}: {rel.formula}; {figures}")


def _parse_finding(d: Diagnostic, file: str, doc: Document) -> Finding:
    n = d.location.element
    title = getattr(doc.elements[n], "title", None) if n is not None and n < len(doc.elements) else None
    return Finding(code=d.code, severity=d.severity, message=d.message, origin="parse", file=file,
                   element=d.location.element, table=title, page=d.location.page, line=d.location.line,
                   row=d.location.row, column=d.location.column)


def _mark_suspects(findings: list[Finding]) -> None:
    """A figure that takes part in two or more failing relations is the likely misprint: say so."""
    def figures(f: Finding) -> list[Figure]:
        target = Figure(row=f.row or "", column=f.column, line=f.line, page=f.page, printed=f.printed_raw or "",
                        value=f.printed)
        return [target, *f.terms]

    def key(x: Figure) -> tuple:
        return (x.line, x.page, x.row, x.column, x.printed)

    failing = [f for f in findings if f.origin == "check" and f.difference is not None]
    seen: dict[tuple, int] = {}
    for f in failing:
        for k in {key(x) for x in figures(f)}:
            seen[k] = seen.get(k, 0) + 1
    for f in failing:
        shared = [x for x in figures(f) if seen[key(x)] >= 2]
        if len(shared) == 1:
            x = f.suspect = shared[0].model_copy(update={"sign": 1})
            where = f" (line {x.line})" if x.line is not None else ""
            f.message += f"; {x.row} [{x.column}] {x.printed}{where} breaks {seen[key(x)]} relations: probably " \
                         f"the misprint"


def validate_document(doc: Document, *, file: str | None = None, allow_unchecked: bool = False) -> DocumentReport:
    """Run every check on one document (annotating its tables' `sum_of` on the way). A document in which no
    relation could be checked is `unchecked`: an error (a warning with `allow_unchecked`), never `valid`."""
    file = file or doc.source.name
    structures = {i: infer_structure(t) for i, t in enumerate(doc.elements) if isinstance(t, FinancialTable)}
    for i, st in structures.items():
        _record(doc.elements[i], st)
    ctx = Context(doc=doc, file=file, structures=structures)
    findings = [_parse_finding(d, file, doc) for d in doc.diagnostics]
    relations: list[Relation] = []
    summaries: dict[tuple[str, int | None], CheckSummary] = {}
    for check in CHECKS:
        name = check.__name__.removeprefix("check_").replace("_", "-")
        for item in check(ctx):
            element = item.element
            summary = summaries.setdefault((name, element), CheckSummary(
                check=name, element=element, table=getattr(doc.elements[element], "title", None)
                if element is not None else None))
            if isinstance(item, Relation):
                item.check = name
                relations.append(item)
                summary.relations += 1
                if not item.holds:
                    findings.append(_finding(item, file))
                    summary.findings += 1
            else:
                item.check = name
                findings.append(item)
                summary.findings += 1
    _mark_suspects(findings)
    if not relations:
        findings.append(Finding(code="unchecked", severity=Severity.WARNING if allow_unchecked else Severity.ERROR,
                                check="unchecked", file=file, message="no relation between figures could be "
                                "checked (no table with totals, or nothing parsed): nothing shows the figures are "
                                "right"))
    counts = Counts.of(findings)
    return DocumentReport(file=file, source=doc.source.name, sha256=doc.source.sha256, gemeente=doc.gemeente,
                          document_kind=doc.document_kind.value if doc.document_kind else None, year=doc.year,
                          valid=counts.error == 0 and bool(relations), unchecked=not relations, counts=counts,
                          checks=list(summaries.values()), findings=findings, relations=relations)


def load_document(path: str | Path, *, unit: int | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """A source document (text or PDF, parsed), or JSON / YAML written by `begroting parse` (by suffix)."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_document_yaml(path, limits=limits)
    if path.suffix.lower() != ".json":
        from . import api  # late: the pipeline imports this module

        return api.parse(path, unit=unit, limits=limits)
    return load_document_json(path, limits=limits)


def load_document_yaml(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read the YAML that `begroting parse --format yaml` writes back as the model it was made from."""
    import yaml

    check_input(path, limits)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        problem = _schema_problem(data)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", source=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise SourceError(f"not valid YAML{where}", source=str(path)) from None
    except RecursionError:
        raise SourceError("not a begroting document: YAML nested too deeply", source=str(path)) from None
    if problem:
        raise SourceError(f"not a begroting document (schemas/document.schema.json): {problem}", source=str(path))
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SourceError(f"not a begroting document: at {_json_path(err['loc'], data)}: {err['msg']}",
                          source=str(path)) from None


def load_document_json(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a JSON document, check it against the document schema (naming the failing JSON path), load it."""
    check_input(path, limits)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", source=str(path)) from None
    try:
        data = json.loads(text)
        problem = _schema_problem(data)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                          source=str(path)) from None
    except RecursionError:  # JSON nested deeper than the interpreter's stack: never a document
        raise SourceError("not a begroting document: JSON nested too deeply", source=str(path)) from None
    if problem:
        raise SourceError(f"not a begroting document (schemas/document.schema.json): {problem}", source=str(path))
    try:
        return Document.model_validate_json(text)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SourceError(f"not a begroting document: at {_json_path(err['loc'], data)}: {err['msg']}",
                          source=str(path)) from None


def _json_path(loc: Iterable[str | int], data: object = None) -> str:
    """A pydantic error location as a JSON path, following `data` to drop union tags that are no keys."""
    out, node = "$", data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            out, node = out + f"[{part}]", node[part]
        elif isinstance(node, dict) and part in node:
            out, node = out + f".{part}", node[part]
        elif data is None:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema_problem(data: object) -> str | None:
    """The first place where `data` breaks the document schema, as 'at $.path: message', or None."""
    from .schema import document_schema

    try:
        import jsonschema
    except ImportError:  # jsonschema is optional: pydantic then names the failing path
        try:
            Document.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            return f"at {_json_path(err['loc'], data)}: {err['msg']}"
        return None
    validator = jsonschema.Draft202012Validator(document_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return None
    while error.context:  # an element of the wrong shape: follow the branch its "type" names
        branches: dict[object, list] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        chosen = [errs for errs in branches.values()
                  if not any(e.validator == "const" and list(e.relative_path) == ["type"] for e in errs)]
        if len(chosen) != 1:
            break
        error = jsonschema.exceptions.best_match(chosen[0])
    message = " ".join(error.message.split())
    if len(message) > 160:
        message = message[:157] + "..."
    return f"at {error.json_path}: {message}"


def validate(doc_or_path: Document | str | Path, *, unit: int | None = None, file: str | None = None,
             allow_unchecked: bool = False) -> Report:
    """Validate a Document, or the document at a path (text, PDF, or JSON from `begroting parse`).

    Returns a Report: `report.valid`, `report.findings` (each with location, expected and printed figure and
    tolerance) and `report.relations` (every relation checked). Raises SourceError for unreadable input.
    """
    if isinstance(doc_or_path, Document):
        doc = doc_or_path
    else:
        doc = load_document(doc_or_path, unit=unit)
        file = file or str(doc_or_path)
    return Report.of([validate_document(doc, file=file, allow_unchecked=allow_unchecked)])


__all__ = ["CHECKS", "CODES", "Structure", "annotate", "infer_structure", "load_document", "validate",
           "validate_document"]
