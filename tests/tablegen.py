"""Random budget tables, rendered every way real documents print them, and the round-trip check.

A table is generated from a seed (kinds, years, parts, labels with codes and years, unit, empty
cells, negative amounts in three prints, section captions, a wrapped label, totals that add up)
and rendered as row text, space-aligned text, pipe rows (with and without the leading pipe,
with a `|---|` line), one cell per paragraph, glued cells (tables whose Lasten/Baten/Saldo let the
arithmetic find the cuts), a web page (a `<table>` read through the HTML reader) and a PDF page
(columns placed by x-position, many tables to one PDF). Each rendering is parsed back and compared
cell by cell: row labels, each column's year and scenario, and the values in euros. A table that
does not come back exactly must at least carry a warning; one that does neither is "silent".

    python -m tests.tablegen --seeds 2000      # the rate per rendering and overall, as `make eval` prints it
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from begroting_cli import parse, parse_text
from begroting_cli.api import parse_html_text
from begroting_cli.models import Document, FinancialTable, Scenario

from .html_tables import SimpleTable, render_table_html
from .pdfgen import HELVETICA_BOLD, Page, Text, build_pdf, centred, right_aligned, text_width

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
LAYOUTS = ("rows", "spaces", "pipe", "pipe_bare", "cells")  # the text layouts
RENDERINGS = (*LAYOUTS, "glued", "html", "pdf")
PDF_BATCH = 50  # tables per generated PDF (one table a page): one reader start per batch


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
    wrapped: int | None = None         # a row whose label wraps: its first words on a line above its figures


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
    table = GenTable(title=rnd.choice(["Overzicht baten en lasten", "Financieel overzicht", "Wat mag het kosten?"]),
                     unit=unit, unit_line=unit_line, corner=rnd.choice(CORNERS), groups=groups, parts=parts,
                     columns=columns, rows=rows, negative=rnd.choice(NEGATIVE),
                     stacked=not parts and ngroups >= 2 and rnd.random() < 0.3, sections=sections)
    # never "Wmo" over "2015 1.234": a figure-like word starting the figure line would leave the
    # reading open, which no print should
    long = [i for i, (label, _) in enumerate(rows) if len(label.split()) >= 3 and not wrap_label(label)[1][0].isdigit()]
    if long and rnd.random() < 0.2:  # drawn last: the tables of earlier draws stay as they were
        table.wrapped = rnd.choice(long)
    return table


def wrap_label(label: str) -> tuple[str, str]:
    """A label broken where a narrow label column breaks it: the first half of its words above."""
    words = label.split()
    cut = (len(words) + 1) // 2
    return " ".join(words[:cut]), " ".join(words[cut:])


def stacked_kinds(t: GenTable) -> list[str] | None:
    """The kind words of each group when the table prints its kinds over a line of years (only
    where every phrase ends in its year: "Begroting 2024 na wijziging" is not split)."""
    if not t.stacked or t.parts or not all(g.endswith(str(c.year)) for g, c in zip(t.groups, t.columns)):
        return None
    return [g.rsplit(" ", 1)[0] for g in t.groups]


def _body(t: GenTable, wrap: bool = False) -> list[list[str]]:
    """Caption rows (a label alone) and figure rows, as cells; with `wrap`, the wrapped row's first
    words as a line of their own above it."""
    out: list[list[str]] = []
    for i, (label, vals) in enumerate(t.rows):
        if i in t.sections:
            out.append([t.sections[i]])
        if wrap and i == t.wrapped:
            first, label = wrap_label(label)
            out.append([first])
        out.append([label, *(fmt(v, t.negative) for v in vals)])
    return out


def render_text(t: GenTable, layout: str) -> str:
    """The table in one of the text LAYOUTS."""
    head = [t.title, "", t.unit_line]
    if layout in ("rows", "spaces"):
        kinds = stacked_kinds(t)
        if kinds:  # "Programma Rekening Begroting" over "2022 2023"
            cells = [[t.corner, *kinds], ["", *(str(c.year) for c in t.columns)]]
        else:
            cells = [[t.corner, *t.groups]]
        cells += [["", *(t.parts * len(t.groups))]] if t.parts else []
        cells += _body(t, wrap=True)
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


def glued_applies(t: GenTable) -> bool:
    """Glued cells can only be cut back apart by arithmetic: a row of Lasten, Baten and Saldo
    groups, every cell printed (real glued pages are such overviews)."""
    return t.parts is not None and t.parts[-1] == "Saldo" and all(v is not None for _, vs in t.rows for v in vs)


def render_glued(t: GenTable) -> str:
    """The flattening that drops every cell boundary: "ProgrammaRekening 2022Begroting 2023",
    "LastenBatenSaldo...", "Bestuur3.756660-3.096"; the minus is printed in front."""
    assert t.parts is not None
    lines = [t.title, "", t.unit_line, "", t.corner + "".join(t.groups), "".join(t.parts * len(t.groups))]
    for i, (label, vals) in enumerate(t.rows):
        if i in t.sections:
            lines.append(t.sections[i])
        lines.append(label + "".join(fmt(v) for v in vals))
    return "\n".join(lines) + "\n"


def blank_nil(seed: int) -> bool:
    """Whether the web page of this seed prints a missing figure as an empty cell (else the dash)."""
    return seed % 3 == 2


def render_html(t: GenTable, seed: int = 0) -> str:
    """A web page: the header in <thead> (kind phrases spanning their parts; kinds over a row of
    years when the table is stacked), sections as rows spanning the table, the unit in a paragraph
    or the caption, and a missing figure as the nil dash or an empty cell (&nbsp;)."""
    blank = "" if blank_nil(seed) else fmt(None)
    rows = [(label, [blank if v is None else fmt(v, t.negative) for v in vals]) for label, vals in t.rows]
    kinds = stacked_kinds(t)
    table = SimpleTable(groups=kinds or list(t.groups), rows=rows,
                        parts=list(t.parts or ()), corner=t.corner, unit=t.unit_line.strip("()"), title=t.title,
                        years=[str(c.year) for c in t.columns] if kinds else [], sections=dict(t.sections))
    return render_table_html(table, unit_in_caption=seed % 2 == 1)


# PDF geometry (points): Helvetica 8 for cells, 7 for header cells, right-aligned amounts.
_LEFT, _TOP, _SIZE, _HEAD_SIZE, _PITCH, _HEAD_PITCH = 40.0, 60.0, 8.0, 7.0, 12.0, 9.0


def _wrap(phrase: str, width: float, size: float) -> list[str]:
    """A header phrase broken into lines that fit `width`, as typesetters wrap narrow columns."""
    lines: list[str] = []
    for word in phrase.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def pdf_page(t: GenTable) -> Page:
    """One table on one page: title, unit line, a header whose phrases wrap within their columns
    (bottom-aligned, over their parts when the table has parts), then the rows with every amount
    right-aligned on its column's edge."""
    label_w = max(120.0, max(text_width(label, _SIZE) for label, _ in t.rows) + 24)
    label_w = max(label_w, *(text_width(s, _SIZE) + 24 for s in t.sections.values())) if t.sections else label_w
    col_w = max(64.0, *(text_width(fmt(v, t.negative), _SIZE) + 14 for _, vs in t.rows for v in vs))
    right = [_LEFT + label_w + col_w * (i + 1) for i in range(len(t.columns))]
    size = (842.0, 595.0) if right[-1] > 560 else (595.0, 842.0)
    texts = [Text(_LEFT, _TOP, t.title, 10.0, HELVETICA_BOLD), Text(_LEFT, _TOP + 16, t.unit_line, _SIZE)]
    top = _TOP + 36
    per = len(t.parts) if t.parts else 1
    kinds = stacked_kinds(t)
    heads = kinds or list(t.groups)
    wrapped = [_wrap(h, col_w * per - 8, _HEAD_SIZE) for h in heads]
    depth = max(len(w) for w in wrapped)
    texts.append(Text(_LEFT, top, t.corner, _HEAD_SIZE))
    for g, lines in enumerate(wrapped):
        first = top + (depth - len(lines)) * _HEAD_PITCH
        for k, line in enumerate(lines):
            y = first + k * _HEAD_PITCH
            if per > 1:  # centred over its parts
                centre = right[g * per] - col_w + col_w * per / 2
                texts.append(centred(centre, y, line, _HEAD_SIZE))
            else:
                texts.append(right_aligned(right[g], y, line, _HEAD_SIZE))
    top += depth * _HEAD_PITCH
    if kinds:
        texts += [right_aligned(x, top, str(c.year), _HEAD_SIZE) for x, c in zip(right, t.columns)]
        top += _HEAD_PITCH
    if t.parts:
        texts += [right_aligned(x, top, c.part or "", _HEAD_SIZE) for x, c in zip(right, t.columns)]
        top += _HEAD_PITCH
    top += 4
    for i, (label, vals) in enumerate(t.rows):
        if i in t.sections:
            texts.append(Text(_LEFT, top, t.sections[i], _SIZE, HELVETICA_BOLD))
            top += _PITCH
        if i == t.wrapped:
            first, label = wrap_label(label)
            texts.append(Text(_LEFT, top, first, _SIZE))
            top += _PITCH
        texts.append(Text(_LEFT, top, label, _SIZE))
        texts += [right_aligned(x, top, fmt(v, t.negative), _SIZE) for x, v in zip(right, vals)]
        top += _PITCH
    return Page(texts=texts, size=size)


@dataclass
class Outcome:
    exact: bool
    warned: bool
    why: str = ""


def _warned(doc: Document) -> bool:
    return any(d.severity.value in ("warning", "error") for d in doc.diagnostics)


def compare(t: GenTable, tables: list[FinancialTable], warned: bool, *, blank_nil: bool = False) -> Outcome:
    """The generated table against the tables read back (a caption may split the rows over tables
    with the same columns): labels, each column's year and scenario, every value in euros.
    `blank_nil`: a missing figure was printed as an empty cell, so a row without any figure reads
    as a caption, which is all its print says."""
    if not tables:
        return Outcome(False, warned, "no table")
    for got in tables:
        if len(got.columns) != len(t.columns):
            return Outcome(False, warned, f"{len(got.columns)} columns for {len(t.columns)}")
        for want, col in zip(t.columns, got.columns):
            if col.year != want.year or col.scenario != want.scenario:
                return Outcome(False, warned, f"column {col.label!r}: {col.year} {col.scenario} for {want.label!r}")
    rows = [r for got in tables for r in got.rows if any(v.raw for v in r.values)]
    want = [(label, vals) for label, vals in t.rows if not blank_nil or any(v is not None for v in vals)]
    if [r.label for r in rows] != [label for label, _ in want]:
        return Outcome(False, warned, f"labels {[r.label for r in rows]}")
    for row, (label, vals) in zip(rows, want):
        if len(row.values) != len(vals):
            return Outcome(False, warned, f"{label}: {len(row.values)} values for {len(vals)}")
        for v, want in zip(row.values, vals):
            expect = None if want is None else Decimal(want) * t.unit
            if v.value != expect and not (want is None and v.value in (None, 0)):
                return Outcome(False, warned, f"{label}: {v.raw} -> {v.value}, want {expect}")
    return Outcome(True, warned)


def financial_tables(doc: Document) -> list[FinancialTable]:
    return [e for e in doc.elements if isinstance(e, FinancialTable)]


def render(t: GenTable, layout: str) -> str:
    """The table as text in one of LAYOUTS or glued (PDF and HTML have their own functions)."""
    if layout == "glued":
        return render_glued(t)
    return render_text(t, layout)


def roundtrip(t: GenTable, rendering: str, seed: int = 0) -> Outcome:
    """One table through one rendering (a PDF of its own for "pdf"; `pdf_roundtrips` batches)."""
    if rendering == "pdf":
        return pdf_roundtrips([t])[0]
    if rendering == "html":
        doc = parse_html_text(render_html(t, seed))
        return compare(t, financial_tables(doc), _warned(doc), blank_nil=blank_nil(seed))
    doc = parse_text(render(t, rendering))
    return compare(t, financial_tables(doc), _warned(doc))


def pdf_roundtrips(tables: list[GenTable]) -> list[Outcome]:
    """Tables rendered one a page into one PDF, read back; each page's tables and warnings are
    compared with the table drawn on it."""
    with tempfile.TemporaryDirectory(prefix="tablegen-") as tmp:
        path = Path(tmp) / "tables.pdf"
        path.write_bytes(build_pdf([pdf_page(t) for t in tables]))
        doc = parse(path)
    on_page: dict[int, list[FinancialTable]] = {}
    for table in financial_tables(doc):
        page = next((r.provenance.page for r in table.rows if r.provenance.page), None)
        if page is not None:
            on_page.setdefault(page, []).append(table)
    line_page = {p.line: p.page for e in financial_tables(doc) for r in e.rows
                 for p in (r.provenance, *(v.provenance for v in r.values))}
    warned_pages = set()
    for d in doc.diagnostics:
        if d.severity.value not in ("warning", "error"):
            continue
        page = d.location.page or line_page.get(d.location.line or -1)
        if page is None and d.location.element is not None and d.location.element < len(doc.elements):
            element = doc.elements[d.location.element]
            rows = getattr(element, "rows", [])
            page = rows[0].provenance.page if rows else None
        warned_pages.add(page)
    return [compare(t, on_page.get(i, []), i in warned_pages) for i, t in enumerate(tables, start=1)]


@dataclass
class Tally:
    """Round-trip counts of one rendering."""

    exact: int = 0
    total: int = 0
    silent: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, seed: int, out: Outcome) -> None:
        self.total += 1
        if out.exact:
            self.exact += 1
            return
        self.silent += not out.warned
        self.failures.append(f"seed {seed}: {out.why}{'' if out.warned else ' (no warning)'}")


def rate(seeds: range, renderings: tuple[str, ...] = RENDERINGS) -> dict[str, Tally]:
    """Every table of `seeds` through every rendering that applies to it -> counts per rendering."""
    tallies = {r: Tally() for r in renderings}
    generated = [(seed, generate(seed)) for seed in seeds]
    for seed, t in generated:
        for rendering in renderings:
            if rendering == "pdf" or (rendering == "glued" and not glued_applies(t)):
                continue
            tallies[rendering].add(seed, roundtrip(t, rendering, seed))
    if "pdf" in renderings:
        for start in range(0, len(generated), PDF_BATCH):
            batch = generated[start:start + PDF_BATCH]
            for (seed, _), out in zip(batch, pdf_roundtrips([t for _, t in batch])):
                tallies["pdf"].add(seed, out)
    return tallies


def overall(tallies: dict[str, Tally]) -> Tally:
    out = Tally()
    for t in tallies.values():
        out.exact += t.exact
        out.total += t.total
        out.silent += t.silent
    return out


def _pct(t: Tally) -> str:
    return f"{100.0 * t.exact / t.total:.1f}% ({t.exact}/{t.total})" if t.total else "n/a (0)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2000)
    ap.add_argument("--rendering", action="append", choices=RENDERINGS, help="only these (default: all)")
    ap.add_argument("--verbose", action="store_true", help="print up to 10 failures per rendering")
    ap.add_argument("--known", action="store_true",
                    help="print every failure as an entry of KNOWN in tests/test_tablegen.py (with --seeds 100)")
    a = ap.parse_args(argv)
    tallies = rate(range(a.seeds), tuple(a.rendering or RENDERINGS))
    if a.known:
        for name, t in tallies.items():
            for item in t.failures:
                seed, why = item.removeprefix("seed ").split(": ", 1)
                print(f"    ({name!r}, {seed}): {why!r},")
        return 0
    for name, t in tallies.items():
        print(f"generator round-trip {name:9} {_pct(t):>22}  without a warning: {t.silent}")
    total = overall(tallies)
    print(f"generator round-trip: {_pct(total)} exact over {a.seeds} tables x {len(tallies)} renderings "
          f"(glued: the tables with Lasten/Baten/Saldo); without a warning: {total.silent}")
    if a.verbose:
        for name, t in tallies.items():
            for item in t.failures[:10]:
                print(f"  {name}: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
