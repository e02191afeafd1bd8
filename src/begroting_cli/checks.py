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
from .relations import (HUNDRED, Structure, amount_columns, annotate, cell, figure, half_unit, infer_structure,
                        is_percent_column, is_saldo_label, is_total_label, is_verschil_column, label_kind,
                        make_relation, norm, num, record_structure, row_name, saldo_triples, table_scale,
                        value_figure)
from .report import CheckSummary, Counts, DocumentReport, Figure, Finding, Relation, dutch
from .sources.files import check_input
from .lexicon import (OPENING_BALANCE as _BEGIN, CLOSING_BALANCE as _EIND, ADDITION_WORDS as _PLUS,
                      WITHDRAWAL_WORDS as _MINUS, GENERIC_LABEL as _GENERIC)


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
                    relation = make_relation("subtotals", "subtotal-mismatch", i, t.title, target, terms, scale,
                                             formula=formula)
                    relation.proves = kind != "equal"
                    yield relation


_SALDO_CONVENTIONS = {"baten - lasten": (1, -1), "lasten - baten": (-1, 1), "baten + lasten": (1, 1)}


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


def _sums_the_column_above(t: FinancialTable, rows: list[int], r: int, v: int, scale: int) -> bool:
    """A total row whose difference-column figure is the sum of that column's figures above it (since the
    previous such total), not the difference of its own row ("Totaal activa" carrying the sum of the
    relevant mutations): it totals the column, so where the row-wise difference fails it does not apply."""
    if not is_total_label(t.rows[r].label):
        return False
    above = []
    for k in reversed([k for k in rows if k < r]):
        if is_total_label(t.rows[k].label):
            break
        above.append(figure(t, k, v))
    if len(above) < 2:
        return False
    return make_relation("", "", 0, "", figure(t, r, v), above, scale).holds


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
            rows = [r for r in rows if not _present(figure(t, r, a), figure(t, r, b))
                    or _difference_holds(figure(t, r, v), figure(t, r, a), figure(t, r, b), scale)
                    or not _sums_the_column_above(t, rows, r, v, scale)]
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
        record_structure(doc.elements[i], st)
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
    checked = any(r.proves for r in relations)
    if not checked:
        findings.append(Finding(code="unchecked", severity=Severity.WARNING if allow_unchecked else Severity.ERROR,
                                check="unchecked", file=file, message="no relation between figures could be "
                                "checked (no table with totals, or nothing parsed): nothing shows the figures are "
                                "right"))
    counts = Counts.of(findings)
    return DocumentReport(file=file, source=doc.source.name, sha256=doc.source.sha256, gemeente=doc.gemeente,
                          document_kind=doc.document_kind.value if doc.document_kind else None, year=doc.year,
                          valid=counts.error == 0 and checked, unchecked=not checked, counts=counts,
                          checks=list(summaries.values()), findings=findings, relations=relations)


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
    return _as_document(path, data, problem, lambda: Document.model_validate(data))


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
    return _as_document(path, data, problem, lambda: Document.model_validate_json(text))


def _as_document(path: Path, data: object, problem: str | None, load: Callable[[], Document]) -> Document:
    """The schema's verdict, then the model: either failure is one line naming the JSON path."""
    if problem:
        raise SourceError(f"not a begroting document (schemas/document.schema.json): {problem}", source=str(path))
    try:
        return load()
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


__all__ = ["CHECKS", "CODES", "Structure", "annotate", "infer_structure", "load_document_json",
           "load_document_yaml", "validate_document"]
