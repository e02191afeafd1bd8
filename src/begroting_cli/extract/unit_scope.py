"""Units as scoped evidence: a table's own statement (caption, corner, header, footnote), then its page's,
then the document's. A unit printed for another table is only a hypothesis: it is taken where figures
repeated across tables fix the scale (the same row label and figure in a table that states its unit), or
where an amount printed in euros in the prose equals a figure of the table, or where size leaves one reading
(in thousands a figure would exceed the document's largest total, in euros none does: whole euros); otherwise
the figures stay as printed, with no unit, and a `unit-unknown` warning says so."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..magnitude import plausible_scales, speaks_of_money, thousands
from ..models import FinancialTable, Unit
from ..normalise.units import MULTIPLIERS, UnitStatement, find_unit
from ..stream import Line
from .diagnostics import Diagnostics
from ..lexicon import ACTIVA as _ACTIVA, PASSIVA as _PASSIVA
from ..settings import SETTINGS

_STATED = ("table", "document", "page", "option")
_LEAD_IN = re.compile(r"(\([^()]{2,30}\))\s*:\s*$")  # "... ontwikkelt zich als volgt (x €1.000):"


@dataclass
class Pending:
    """The tables built from one block that states no unit, waiting for evidence."""

    index: int  # element index of the first table
    tables: list[FinancialTable]
    title: str
    line: Line
    written_out: bool = False  # every figure a round thousand of five digits or more: euros written out
    proof: tuple[Unit, int] | None = None  # an amount in the prose equal to a figure x the multiplier
    notes: list[str] = field(default_factory=list)


def page_units(lines: list[Line], table_lines: set[int]) -> dict[int, Unit]:
    """Pages with a free unit line ("Bedragen x € 1.000" on its own, not part of a table): one unit per page.
    A page whose free lines state two different units states none."""
    found: dict[int, set[tuple[int, str]]] = {}
    for ln in lines:
        if ln.page is None or ln.number in table_lines or len(ln.text.strip()) > SETTINGS.unit_line_max_chars:
            continue
        u = unit_line(ln.text)
        if u is not None:
            found.setdefault(ln.page, set()).add((u.multiplier, u.raw))
    return {page: Unit(multiplier=next(iter(us))[0], raw=next(iter(us))[1], source="page")
            for page, us in found.items() if len({m for m, _ in us}) == 1}


def unit_line(text: str) -> UnitStatement | None:
    """The unit of a short line that is a unit statement ("Bedragen x € 1.000", "(x € 1.000) (-/- = nadeel)",
    "in € (+ = baat)"), not a sentence that happens to hold an amount."""
    if len(text.strip()) > SETTINGS.unit_line_max_chars:
        return None
    u = find_unit(text)
    if u is not None and re.search(r"(?i)bedrag|^\W*(?:x|in)\b|^\W*\(", text.strip()):
        return u
    return None


def margin_lines(lines: list[Line], first: int, last: int, table_lines: set[int]) -> tuple[list[str], list[str]]:
    """The lines around a table that may state its unit (line numbers count from 1): above, the short lines
    between the header and the prose or table before it (a header printed one cell per line spreads over
    several); below, the table's own last line when it is a unit line, else the lines right after it."""
    above: list[str] = []
    for ln in reversed(lines[max(0, first - 1 - SETTINGS.unit_margin_scan):first - 1]):
        if ln.number in table_lines or len(ln.text.strip()) > SETTINGS.unit_line_max_chars and not _LEAD_IN.search(ln.text):
            break
        above.insert(0, ln.text)
        if len(ln.text.strip()) > SETTINGS.unit_line_max_chars:
            break  # the lead-in sentence opens the margin
    head = lines[first - 1].text if 0 < first <= len(lines) else ""
    if unit_line(head):
        above.append(head)  # the table's first row is its unit line ("bedragen x € 1.000 | | |")
    tail = lines[last - 1].text if 0 < last <= len(lines) else ""
    below = [tail] if unit_line(tail) else [ln.text for ln in lines[last:last + 3] if ln.number not in table_lines]
    return above, below


def margin_unit(above: list[str], below: list[str]) -> Unit | None:
    """A unit printed in the table's margin rather than in its cells: a unit line among the few lines just above
    its header (nearest first), a lead-in sentence ending in the unit ("... als volgt (x € 1.000):") right
    above it, or the first line below it (the footnote "bedragen x € 1.000")."""
    near = [t for t in above if t.strip()][-SETTINGS.unit_margin_above:]
    for text in [*reversed(near), *[t for t in below if t.strip()][:1]]:
        u = unit_line(text)
        if u is not None:
            return Unit(multiplier=u.multiplier, raw=u.raw, source="table")
    if near and (m := _LEAD_IN.search(near[-1])) and (u := find_unit(m.group(1))) is not None:
        return Unit(multiplier=u.multiplier, raw=u.raw, source="table")
    return None


def apply_unit(tables: list[FinancialTable], unit: Unit) -> None:
    """Scale the figures of tables built without a unit (percentages keep theirs)."""
    for t in tables:
        t.unit = unit
        for row in t.rows:
            for k, v in enumerate(row.values):
                if v.value is not None and v.unit == "":
                    row.values[k] = v.model_copy(update={"value": v.value * unit.multiplier, "unit": "EUR"})


def _label(text: str) -> str:
    return " ".join(text.lower().split()).strip(" :")


@dataclass
class _Figures:
    """The distinct euro figures one row label has in tables printed at one scale, sorted: a figure
    near a value is found by bisection, so matching a table costs its figures times log n, not n."""

    raw: str | None
    values: list[Decimal] = field(default_factory=list)

    def near(self, target: Decimal, slack: Decimal, floor: Decimal) -> Decimal | None:
        """The largest figure within `slack` of `target` and at least `floor`, or None."""
        hi = bisect_right(self.values, target + slack)
        if hi == 0:
            return None
        y = self.values[hi - 1]
        return y if y >= target - slack and y >= floor else None


def _index(stated: list[FinancialTable]) -> dict[str, dict[int, _Figures]]:
    """Row label -> multiplier -> the figures in euros of tables that state that unit."""
    out: dict[str, dict[int, _Figures]] = {}
    for t in stated:
        assert t.unit is not None
        for row in t.rows:
            for v in row.values:
                if v.unit == "EUR" and v.value:
                    per_scale = out.setdefault(_label(row.label), {})
                    per_scale.setdefault(t.unit.multiplier, _Figures(t.unit.raw)).values.append(abs(v.value))
    for per_scale in out.values():
        for figures in per_scale.values():
            figures.values = sorted(set(figures.values))
    return out


def repeated_scale(tables: list[FinancialTable], index: dict[str, dict[int, _Figures]]
                   ) -> tuple[int, str | None, str] | None:
    """The multiplier that makes this table's figures equal the same rows' figures in tables that state their
    unit: (multiplier, unit as printed, the evidence), or None when no figure is repeated or the votes split."""
    votes: dict[int, set[tuple[str, Decimal]]] = {}
    strong: Counter[int] = Counter()
    example: dict[int, tuple[str, str, Decimal, str | None]] = {}
    for t in tables:
        for row in t.rows:
            theirs = index.get(_label(row.label))
            if not theirs:
                continue
            for v in row.values:
                if v.unit != "" or not v.value:
                    continue
                x = abs(v.value)
                for scale, figures in theirs.items():
                    for m in MULTIPLIERS:
                        coarse = Decimal(max(m, scale))
                        y = figures.near(x * m, coarse / 2, SETTINGS.unit_repeat_significant * coarse)
                        if y is None:
                            continue
                        votes.setdefault(m, set()).add((row.label, x))
                        if y >= SETTINGS.unit_alone_significant * coarse:
                            strong[m] += 1
                        example.setdefault(m, (row.label, v.raw, y, figures.raw if m == scale else None))
    if not votes:
        return None
    ranked = sorted(votes, key=lambda m: len(votes[m]), reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and len(votes[ranked[1]]) * 2 > len(votes[best]):
        return None
    if len(votes[best]) < 2 and not strong[best]:
        return None
    label, raw, y, unit_raw = example[best]
    evidence = f"row '{label}' prints {raw} where a table that states its unit prints {thousands(y)} euros " \
               f"({len(votes[best])} figure(s) agree)"
    return best, unit_raw, evidence


def _implausible(largest: Decimal | None, multiplier: int, bound: Decimal | None) -> bool:
    return bound is not None and largest is not None and largest * multiplier > bound


def magnitude_reading(tables: list[FinancialTable], title: str, largest: Decimal | None,
                      bound: Decimal | None) -> str | None:
    """Whole euros are the only plausible reading when x 1.000 (or any coarser scale) would put a figure above
    the document's largest total while x 1 keeps every figure within it: the evidence, or None. Small figures
    are no evidence of thousands (a tariff is small in euros too), and stocks or non-money tables say nothing."""
    if bound is None or largest is None or not largest:
        return None
    if plausible_scales(largest, bound, MULTIPLIERS) != [1]:
        return None
    columns = [c.label for t in tables for c in t.columns]
    rows = [r.label for t in tables for r in t.rows]
    if not speaks_of_money(title, columns, rows):
        return None
    return (f"figures up to {thousands(largest)} would exceed the document's largest total ({thousands(bound)}) "
            f"in thousands; read as whole euros")


def repeated_header(pending: list[Pending], elements: list, texts: list[str], diags: Diagnostics) -> list[Pending]:
    """A table printed in halves, the second repeating the first one's column header right below it, with
    nothing between them or only the caption of a balance sheet's other side (ACTIVA, then PASSIVA): the
    repeated header says the same table goes on, so the unit the first half states is the second half's
    too. A caption of any other kind between them ("Tabel B") starts another table. The pending tables that
    stay without evidence are returned. `texts`: the text of every line of the stream, in order."""
    left = []
    for p in pending:
        # walked back from the table, not over a copy of every element before it (quadratic in a long text)
        prev = next((e for k in range(p.index - 1, -1, -1) if isinstance(e := elements[k], FinancialTable)), None)
        first = p.tables[0] if p.tables else None
        if isinstance(prev, FinancialTable) and first is not None and prev.unit is not None \
                and prev.unit.source == "table" and _same_header(prev, first) and prev.lines and first.lines:
            between = [t for text in texts[max(prev.lines):min(first.lines) - 1] if (t := text.strip())
                       and t.strip('"\'') != ""]  # an empty cell printed as ""
            sides = _ACTIVA.search(" ".join([prev.title, *prev.heading_path])) is not None \
                and _PASSIVA.search(" ".join([p.title, *between])) is not None
            if not between or sides and len(between) <= SETTINGS.repeated_header_gap \
                    and all(len(t) <= SETTINGS.repeated_header_gap_chars for t in between):
                apply_unit(p.tables, Unit(multiplier=prev.unit.multiplier, raw=prev.unit.raw, source="inferred"))
                diags.add("unit-inferred", "warning", f"table '{p.title}' states no unit; it repeats the column "
                          f"header of table '{prev.title}' right above it, so it goes on with that table's "
                          f"'{prev.unit.raw}'", p.line, element=p.index)
                continue
        left.append(p)
    return left


def _same_header(a: FinancialTable, b: FinancialTable) -> bool:
    heads = [" ".join(c.label.split()).casefold() for c in a.columns]
    return len(heads) >= 2 and any(c.year for c in a.columns) \
        and heads == [" ".join(c.label.split()).casefold() for c in b.columns]


def resolve(pending: list[Pending], stated: list[FinancialTable], bound: Decimal | None,
            diags: Diagnostics) -> None:
    """Give each pending table the unit its evidence supports, or say out loud that its unit is unknown."""
    stated = [t for t in stated if t.unit is not None and t.unit.source in _STATED]
    index = _index(stated)
    foreign = Counter(t.unit.multiplier for t in stated if t.unit is not None)
    foreign_raw = {t.unit.multiplier: t.unit.raw for t in stated if t.unit is not None}
    for p in pending:
        found = repeated_scale(p.tables, index)
        largest = max((abs(v.value) for t in p.tables for r in t.rows for v in r.values
                       if v.unit == "" and v.value is not None), default=None)

        if found is not None and _implausible(largest, found[0], bound):
            p.notes.append(f"figures repeated in other tables suggest x {thousands(Decimal(found[0]))}, but then "
                           f"{thousands(largest)} would exceed the document's largest total ({thousands(bound)})")
            found = None
        if p.proof is not None and _implausible(largest, p.proof[0].multiplier, bound):
            p.notes.append(f"the amount '{p.proof[0].raw}' on line {p.proof[1]} suggests x "
                           f"{thousands(Decimal(p.proof[0].multiplier))}, but then {thousands(largest)} would "
                           f"exceed the document's largest total ({thousands(bound)})")
            p.proof = None
        if found is not None:
            m, raw, evidence = found
            apply_unit(p.tables, Unit(multiplier=m, raw=raw, source="inferred"))
            diags.add("unit-inferred", "warning", f"table '{p.title}' states no unit; {evidence}, which fixes the "
                      f"scale at x {thousands(Decimal(m))}", p.line, element=p.index)
        elif p.proof is not None:
            unit, line = p.proof
            apply_unit(p.tables, unit)
            diags.add("unit-inferred", "warning", f"table '{p.title}' states no unit; the amount '{unit.raw}' "
                      f"printed in euros on line {line} equals a figure of the table x "
                      f"{thousands(Decimal(unit.multiplier))}, which fixes the scale", p.line, element=p.index)
        elif (evidence := magnitude_reading(p.tables, p.title, largest, bound)) is not None:
            apply_unit(p.tables, Unit(multiplier=1, raw=None, source="inferred"))
            diags.add("unit-from-magnitude", "warning", f"table '{p.title}' states no unit; {evidence}",
                      p.line, element=p.index)
        elif p.written_out and any(m > 1 for m in foreign):
            apply_unit(p.tables, Unit(multiplier=1, raw=None, source="inferred"))
            diags.add("unit-inferred", "warning", f"table '{p.title}' states no unit; its amounts are written "
                      f"out in whole euros (all multiples of 1.000 with at least five digits), so they are taken "
                      f"as euros, not in the unit other tables of this document state", p.line, element=p.index)
        elif foreign:
            m = foreign.most_common(1)[0][0]
            if _implausible(largest, m, bound):
                p.notes.append(f"read as '{foreign_raw[m]}' its figure {thousands(largest)} would exceed the "
                               f"document's largest total ({thousands(bound)} euros)")
            why = "".join(f"; {n}" for n in p.notes)
            diags.add("unit-unknown", "warning", f"table '{p.title}' states no unit, and nothing shows that "
                      f"'{foreign_raw[m]}' of other tables applies to it (no figure repeated in them, no amount "
                      f"in the text){why}; values are kept as printed, without a unit", p.line, element=p.index)
        else:
            diags.add("unit-not-stated", "warning", f"table '{p.title}' states no unit and the document states "
                      f"none; values are kept as printed (give --unit 1000 if they are thousands of euros)",
                      p.line, element=p.index)
