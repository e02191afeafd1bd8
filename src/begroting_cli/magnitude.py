"""How large a figure of a budget can plausibly be: no amount is larger than the document's largest total.

A table read 1.000 times too large (a whole-euro table given "x € 1.000") looks right cell by cell; only its
size gives it away. The bound is the largest total row (Totaal lasten, Saldo, Geraamde resultaat, ...) among
the document's tables, after leaving out tables whose largest total is far above the others': those are the
suspects themselves, so they cannot set the bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .models import FinancialTable, Value
from .lexicon import (TOTAL_ROW as _TOTAL_ROW, MONEY_CONTEXT as _MONEY_WORDS, STOCK_CONTEXT as _STOCK_WORDS,
                      STOCK_ROWS as _STOCK_ROWS)
from .settings import SETTINGS


# No Dutch public body (gemeente, provincie, waterschap, regeling) has an annual budget near this: a stated unit
# that puts a figure above it is misprinted ("in miljoenen" over figures in thousands).
PUBLIC_BODY_MAX = Decimal(50_000_000_000)
_STATED = ("table", "document", "page", "option")


@lru_cache(maxsize=8192)
def is_total_row(label: str) -> bool:
    """Totaal / Subtotaal / Saldo / Resultaat / Lasten (exclusief reserves) / Baten: a total of the table."""
    return bool(_TOTAL_ROW.search(" ".join(label.split())))


@dataclass(frozen=True, slots=True)
class Excess:
    """A figure above the bound: where it is and by how much."""

    element: int
    table: str
    row: str
    column: str
    value: Value
    bound: Decimal


def thousands(x: Decimal) -> str:
    """An amount as Dutch print has it: 88.352.660 (decimals, if any, after a comma)."""
    whole = f"{int(abs(x)):,}".replace(",", ".")
    frac = abs(x) - int(abs(x))
    return ("-" if x < 0 else "") + whole + (f",{str(frac)[2:]}" if frac else "")


def money(table: FinancialTable) -> Iterator[tuple[str, str, Value]]:
    """(row label, column label, value) of every amount in euros."""
    for row in table.rows:
        for c, v in enumerate(row.values):
            if v.unit == "EUR" and v.value is not None:
                yield row.label, table.columns[c].label if c < len(table.columns) else "", v


def totals(table: FinancialTable) -> list[Decimal]:
    """The amounts printed in the total rows of a table, in euros; amounts with cents are tariffs or amounts
    per household, not totals of a budget."""
    # `money`, row by row: the label is asked once per row, not once per figure
    return [abs(v.value) for row in table.rows if is_total_row(row.label) for v in row.values
            if v.unit == "EUR" and v.value and "," not in v.raw.strip().rstrip("-")[-3:]]


def _scale(table: FinancialTable) -> int:
    return table.unit.multiplier if table.unit else 1


def confirmed_totals(tables: list[FinancialTable]) -> list[Decimal]:
    """Totals printed in two tables (equal up to the rounding of the coarser one): the document's own
    figures. A table read at the wrong scale does not meet the others' figures, so it cannot confirm itself."""
    return _confirmed([(k, _scale(t), x) for k, t in enumerate(tables) for x in totals(t)])


def _confirmed(seen: list[tuple[int, int, Decimal]]) -> list[Decimal]:
    """`confirmed_totals` of (table, scale, total) triples."""
    found = []
    by_value = sorted(seen, key=lambda s: s[2])
    for n, (k, scale, x) in enumerate(by_value):
        for m in (n - 1, n + 1):
            if 0 <= m < len(by_value):
                k2, scale2, y = by_value[m]
                if k2 != k and abs(x - y) <= Decimal(max(scale, scale2)) / 2:
                    found.append(x)
                    break
    return found


def bound_of(values: Iterable[Decimal]) -> Decimal | None:
    """The largest value that is not far above the median one (None: no values)."""
    xs = sorted(t for t in values if t)
    if not xs:
        return None
    median = xs[(len(xs) - 1) // 2]
    return max(t for t in xs if t <= median * SETTINGS.totals_spread)


def document_bound(tables: Iterable[FinancialTable]) -> Decimal | None:
    """The largest total the document confirms by printing it twice, raised to the largest total of a table
    that states its own unit within a factor SETTINGS.near_anchor of it (last year's lasten may be larger than this
    year's). None when no total is printed twice: one table's totals say nothing about another's rows (a
    woonlasten table prints a house's WOZ value beside its tariffs)."""
    with_totals = [(t, totals(t)) for t in tables]  # once per table: both steps below read them
    anchor = bound_of(_confirmed([(k, _scale(t), x) for k, (t, xs) in enumerate(with_totals) for x in xs]))
    if anchor is None:
        return None
    stated = [x for t, xs in with_totals if t.unit is not None and t.unit.source in _STATED for x in xs]
    return max([anchor, *(x for x in stated if x <= anchor * SETTINGS.near_anchor)])


def speaks_of_money(title: str, columns: list[str], rows: list[str]) -> bool:
    """Money evidence in the words of a table, and no sign that its figures are stocks rather than flows."""
    head = " ".join([title, *columns])
    if _STOCK_WORDS.search(head) or any(_STOCK_ROWS.search(r) for r in rows):
        return False
    return bool(_MONEY_WORDS.search(" ".join([head, *rows])))


def plausible_scales(largest: Decimal, bound: Decimal, scales: Iterable[int]) -> list[int]:
    """The scales under which the table's largest figure stays within the document's bound."""
    return [m for m in scales if largest * m <= bound]


def excesses(tables: list[tuple[int, FinancialTable]], bound: Decimal | None = None) -> list[Excess]:
    """Every amount larger than the bound (the document's, unless given)."""
    if bound is None:
        bound = document_bound(t for _, t in tables)
    if bound is None:
        return []
    return [Excess(i, t.title, label, column, v, bound) for i, t in tables for label, column, v in money(t)
            if abs(v.value) > bound]
