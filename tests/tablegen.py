"""Random budget tables, rendered in the text layouts real documents use, and the round-trip check.

A table is generated from a seed (kinds, years, parts, labels, unit, empty cells, totals that add
up), printed as row text, space-aligned text, pipe rows (with and without the leading pipe, with a
`|---|` line) or one cell per paragraph, parsed back with `begroting_cli.parse_text`, and compared
cell by cell: row labels, each column's year and scenario, and the values in euros. A table that
does not come back exactly must at least carry a warning (`roundtrip` says which).

    python -m tests.tablegen --seeds 2000      # the round-trip rate, as `make eval` prints it
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable, Scenario

# Kind phrases as printed, with the scenario they mean ({year} is replaced by the column's year).
KINDS: list[tuple[str, Scenario]] = [
    ("Rekening {year}", Scenario.REALISATIE),
    ("Realisatie {year}", Scenario.REALISATIE),
    ("Werkelijk {year}", Scenario.REALISATIE),
    ("Jaarrekening {year}", Scenario.REALISATIE),
    ("Begroting {year}", Scenario.BEGROTING),
    ("Begroot {year}", Scenario.BEGROTING),
    ("Primitieve begroting {year}", Scenario.BEGROTING),
    ("Begroting {year} na wijziging", Scenario.BEGROTING_NA_WIJZIGING),
    ("Begroting na wijziging {year}", Scenario.BEGROTING_NA_WIJZIGING),
    ("Raming {year}", Scenario.RAMING),
    ("Meerjarenraming {year}", Scenario.RAMING),
    ("Rek. {year}", Scenario.REALISATIE),
    ("Begr. {year}", Scenario.BEGROTING),
    ("Budget {year}", Scenario.BEGROTING),
    ("MJB {year}", Scenario.RAMING),
]
NEGATIVE = ("lead", "trail", "paren")  # -1.000, 1.000-, (1.000)
CODES = ("none", "numbered", "taakveld")  # Bestuur, 1. Bestuur, 0.1 Bestuur
PART_SETS = [("Lasten", "Baten", "Saldo"), ("Uitgaven", "Inkomsten", "Saldo")]
CORNERS = ["Programma", "Omschrijving", "Taakveld", "Onderdeel", "Product"]
NAMES = ["Bestuur en ondersteuning", "Veiligheid", "Verkeer, vervoer en waterstaat", "Economie", "Onderwijs",
         "Sport, cultuur en recreatie", "Sociaal domein", "Volksgezondheid en milieu", "Wonen en bouwen",
         "Openbare orde en veiligheid", "Jeugd", "Participatie", "Wmo 2015", "Riolering", "Afval",
         "Begraafplaatsen", "Overhead", "Algemene dekkingsmiddelen", "Treasury", "Belastingen"]
UNITS = [(1000, "Bedragen x € 1.000"), (1, "Bedragen in euro's"), (1000, "(bedragen x € 1.000)")]
LAYOUTS = ("rows", "spaces", "pipe", "pipe_bare", "cells")


@dataclass
class Column:
    label: str
    year: int
    scenario: Scenario
    part: str | None = None


@dataclass
class GenTable:
    title: str
    unit: int
    unit_line: str
    corner: str
    groups: list[str]                  # kind phrases as printed, one per column group
    parts: tuple[str, ...] | None
    columns: list[Column]
    rows: list[tuple[str, list[int | None]]] = field(default_factory=list)
    negative: str = "lead"
    stacked: bool = False              # kinds on one header line, years on the next
    sections: dict[int, str] = field(default_factory=dict)  # row index -> caption line printed above it


def fmt(v: int | None, negative: str = "lead") -> str:
    """A Dutch amount as printed: thousands dots, a minus before or after or parentheses; None is
    the nil dash."""
    if v is None:
        return "-"
    s = f"{abs(v):,}".replace(",", ".")
    if v >= 0:
        return s
    return {"lead": f"-{s}", "trail": f"{s}-", "paren": f"({s})"}[negative]


def generate(seed: int) -> GenTable:
    rnd = random.Random(seed)
    first = rnd.randint(2015, 2026)
    ngroups = rnd.randint(1, 4)
    parts = rnd.choice(PART_SETS) if rnd.random() < 0.3 and ngroups <= 2 else None
    groups, columns = [], []
    for g in range(ngroups):
        phrase, scenario = rnd.choice(KINDS)
        year = first + g
        printed = phrase.format(year=year)
        groups.append(printed)
        for p in parts or (None,):
            columns.append(Column(f"{printed} {p}" if p else printed, year, scenario, p))
    unit, unit_line = rnd.choice(UNITS)
    names = rnd.sample(NAMES, rnd.randint(2, 8))
    codes = rnd.choice(CODES)
    if codes == "numbered":
        names = [f"{i + 1}. {n}" for i, n in enumerate(names)]
    elif codes == "taakveld":
        names = [f"{rnd.randint(0, 8)}.{i + 1} {n}" for i, n in enumerate(names)]
    rows = []
    for name in names:
        values: list[int | None] = []
        for _ in range(ngroups):
            if parts:
                lasten, baten = rnd.randint(0, 90000), rnd.randint(0, 30000)
                values += [lasten, baten, baten - lasten]
            else:
                values += [rnd.randint(-5000, 250000) if rnd.random() < 0.9 else None]
        rows.append((name, values))
    if rnd.random() < 0.5:  # a total that adds up
        total = [sum(r[1][i] or 0 for r in rows) for i in range(len(columns))]
        rows.append(("Totaal", total))
    sections = {}
    if len(rows) >= 4 and rnd.random() < 0.25:
        sections = {0: "Programma's", len(rows) // 2: "Algemene dekkingsmiddelen en overhead"}
    return GenTable(title=rnd.choice(["Overzicht baten en lasten", "Financieel overzicht", "Wat mag het kosten?"]),
                    unit=unit, unit_line=unit_line, corner=rnd.choice(CORNERS), groups=groups, parts=parts,
                    columns=columns, rows=rows, negative=rnd.choice(NEGATIVE),
                    stacked=not parts and ngroups >= 2 and rnd.random() < 0.3, sections=sections)


def _body(t: GenTable) -> list[list[str]]:
    """Caption rows (a label alone) and figure rows, as cells."""
    out: list[list[str]] = []
    for i, (label, vals) in enumerate(t.rows):
        if i in t.sections:
            out.append([t.sections[i]])
        out.append([label, *(fmt(v, t.negative) for v in vals)])
    return out


def render(t: GenTable, layout: str) -> str:
    head = [t.title, "", t.unit_line]
    if layout in ("rows", "spaces"):
        if t.stacked and all(g.endswith(str(c.year)) for g, c in zip(t.groups, t.columns)):
            # "Programma Rekening Begroting" over "2022 2023"
            cells = [[t.corner, *(g.rsplit(" ", 1)[0] for g in t.groups)], ["", *(str(c.year) for c in t.columns)]]
        else:
            cells = [[t.corner, *t.groups]]
        cells += [["", *(t.parts * len(t.groups))]] if t.parts else []
        cells += _body(t)
        if layout == "rows":
            lines = [" ".join(c for c in row if c) for row in cells]
        else:
            lines = _aligned(cells, t)
        return "\n".join(head + lines) + "\n"
    if layout in ("pipe", "pipe_bare"):
        lead = "| " if layout == "pipe" else ""
        rows = [[t.corner, *(c.label for c in t.columns)], ["---"] * (len(t.columns) + 1)]
        rows += [r + [""] * (len(t.columns) + 1 - len(r)) for r in _body(t)]
        return "\n".join(head + [lead + " | ".join(r) + " |" for r in rows]) + "\n"
    if layout == "cells":
        cells = [t.corner, *t.groups, *(t.parts * len(t.groups) if t.parts else ())]
        for row in _body(t):
            cells += row
        return "\n\n".join(head[:1] + head[2:] + cells) + "\n"
    raise ValueError(layout)


def _aligned(cells: list[list[str]], t: GenTable) -> list[str]:
    """pdftotext -layout style: the label column padded, every value right-aligned in its column."""
    label_w = max(len(r[0]) for r in cells) + 3
    ncols = len(t.columns)
    col_w = max(12, *(len(c) + 2 for r in cells for c in r[1:]))
    out = []
    for r in cells:
        vals = r[1:]
        if not vals:
            out.append(r[0])
            continue
        if len(vals) == ncols:
            body = "".join(v.rjust(col_w) for v in vals)
        else:  # the kind line over groups of parts: each phrase right-aligned over its group
            per = ncols // len(vals)
            body = "".join(v.rjust(col_w * per) for v in vals)
        out.append((r[0].ljust(label_w) + body).rstrip())
    return out


@dataclass
class Outcome:
    exact: bool
    warned: bool
    why: str = ""


def roundtrip(t: GenTable, layout: str) -> Outcome:
    doc = parse_text(render(t, layout))
    warned = any(d.severity.value in ("warning", "error") for d in doc.diagnostics)
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    if not tables:
        return Outcome(False, warned, "no table")
    for got in tables:  # a caption may split the rows over tables with the same columns
        if len(got.columns) != len(t.columns):
            return Outcome(False, warned, f"{len(got.columns)} columns for {len(t.columns)}")
        for want, col in zip(t.columns, got.columns):
            if col.year != want.year or col.scenario != want.scenario:
                return Outcome(False, warned, f"column {col.label!r}: {col.year} {col.scenario} for {want.label!r}")
    rows = [r for got in tables for r in got.rows if any(v.raw for v in r.values)]
    if [r.label for r in rows] != [label for label, _ in t.rows]:
        return Outcome(False, warned, f"labels {[r.label for r in rows]}")
    for row, (label, vals) in zip(rows, t.rows):
        for v, want in zip(row.values, vals):
            expect = None if want is None else Decimal(want) * t.unit
            if v.value != expect and not (want is None and v.value in (None, 0)):
                return Outcome(False, warned, f"{label}: {v.raw} -> {v.value}, want {expect}")
    return Outcome(True, warned)


def rate(seeds: range, layouts: tuple[str, ...] = LAYOUTS) -> tuple[int, int, int, dict[str, list[str]]]:
    """(exact, total, silent failures, failures by layout)."""
    exact = total = silent = 0
    failures: dict[str, list[str]] = {}
    for seed in seeds:
        t = generate(seed)
        for layout in layouts:
            total += 1
            out = roundtrip(t, layout)
            if out.exact:
                exact += 1
            else:
                failures.setdefault(layout, []).append(f"seed {seed}: {out.why}")
                silent += not out.warned
    return exact, total, silent, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2000)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    exact, total, silent, failures = rate(range(a.seeds))
    by_layout = ", ".join(f"{k} {len(v)}" for k, v in sorted(failures.items())) or "none"
    print(f"generator round-trip: {100.0 * exact / total:.1f}% exact ({exact}/{total} = {a.seeds} tables x "
          f"{len(LAYOUTS)} layouts); failures by layout: {by_layout}; without a warning: {silent}")
    if a.verbose:
        for layout, items in sorted(failures.items()):
            for item in items[:10]:
                print(f"  {layout}: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
