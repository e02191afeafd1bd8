"""Metamorphic perturbations of the gold-scored corpus pages (TABLES.md §9).

Each perturbation changes how a page is printed, never what it says: extra spaces between columns,
a blank line between rows, the unit line moved above the line before it, thousands separators
dropped or added throughout, two neighbouring rows swapped, a header line's spacing changed,
a header's kind word replaced by a synonym (Rekening/Realisatie), trailing spaces, CRLF line ends,
a sentence after the table. The parse of the perturbed page must score the same against the page's
gold, or at least not worse; a loss that comes without a new warning is "silent" (a wrong or
missing figure nobody is told about).

    python -m tests.perturb            # which perturbations break which layout families
    python -m tests.perturb --verbose  # and the pages, with what got worse
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from begroting_cli import parse_text
from begroting_cli.emit import to_csv, tidy_rows

from .corpus_scores import CORPORA, HIGHER_IS_BETTER, gold_documents, load_scorer

# A figure as printed in a cell: 1.234, -1.234, 1.234-, (1.234), 12,5, 1234.
_FIGURE = re.compile(r"^\(?[-−]?\d[\d.,]*-?\)?%?$")
_GROUPED = re.compile(r"(?<![\d.,])(-?)(\d{1,3}(?:\.\d{3})+)(?![\d.]|,\d)")
_PLAIN = re.compile(r"(?<![\d.,])(-?)(\d{4,9})(?![\d.]|,\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_UNIT = re.compile(r"(?i)bedragen|x\s*€\s*1[.,]?000|€\s*x\s*1[.,]?000|in duizenden|x\s*1\.000")
_TOTAL = re.compile(r"(?i)^\s*\|?\s*(sub)?totaal|^\s*\|?\s*saldo|^\s*\|?\s*resultaat")
_SPACE_RUN = re.compile(r"[ \t]+")

Perturbation = Callable[[str], str]


def _tokens(line: str) -> list[str]:
    return [t for t in re.split(r"[ \t|]+", line) if t]


def _figures(line: str) -> int:
    """Figure cells on a line (years count too: the perturbations leave them as printed)."""
    return sum(bool(_FIGURE.match(t)) for t in _tokens(line))


def _is_row(line: str) -> bool:
    """A table row on one line: a label and at least two figures that are not all years (a header),
    or a pipe row with a figure."""
    toks = _tokens(line)
    amounts = sum(bool(_FIGURE.match(t)) and not _YEAR.fullmatch(t) for t in toks)
    return bool(toks) and not _FIGURE.match(toks[0]) and amounts >= (1 if "|" in line else 2)


# Runs of spaces after a row's last figure: the print counts empty cells in spaces, so spacing
# carries meaning and the whitespace perturbations leave such a text alone.
_SPACE_CELLS = re.compile(r"\d[ \t]{2,}$", re.MULTILINE)


def column_spaces(text: str) -> str:
    """Two more spaces wherever a space run touches a figure: wider columns."""
    if _SPACE_CELLS.search(text):
        return text
    out = []
    for line in text.split("\n"):
        parts = re.split(r"([ \t]+)", line)
        for i in range(1, len(parts) - 1, 2):  # the space runs between two tokens
            if _FIGURE.match(parts[i - 1].strip("|")) or _FIGURE.match(parts[i + 1].strip("|")):
                parts[i] += "  "
        out.append("".join(parts))
    return "\n".join(out)


# One cell per paragraph: an amount cell (a taakveld code such as 0.1 is not one).
_AMOUNT = re.compile(r"^\(?[-−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?-?\)?%?$|^[-–]$")


# A row code printed in a paragraph of its own before the name: 0.1, 1A, 6.4.2, III.
_CODE = re.compile(r"^(?:\d+(?:\.\d+)*[A-Za-z]?|[IVX]+)$")


def _cell_rows(paragraphs: list[str]) -> list[tuple[int, int, int]]:
    """Neighbouring rows of a one-cell-per-paragraph table: (first, end, cells) of each row whose
    label (one paragraph, or a code and a name) follows the previous row's last amount, and whose
    two or more amounts are as many as the previous row's. A caption above a row, a lead-in ending
    in ':' and its '- ...' items are never part of a row."""
    def amount(k: int) -> bool:  # a year is a header cell here: a row with a year-like amount is left alone
        cell = paragraphs[k].strip()
        return bool(_AMOUNT.match(cell)) and not _YEAR.fullmatch(cell)
    runs, k = [], 0
    while k < len(paragraphs):
        if amount(k):
            j = k
            while j < len(paragraphs) and amount(j):
                j += 1
            if j - k >= 2:
                runs.append((k, j))
            k = j
        else:
            k += 1
    rows = []
    for (a0, a1), (b0, b1) in zip(runs, runs[1:]):
        width = b0 - a1  # label paragraphs between the two runs
        labels = [paragraphs[k].strip() for k in (*range(a0 - width, a0), *range(b0 - width, b0))]
        if width in (1, 2) and a1 - a0 == b1 - b0 and a0 >= width \
                and not any(amount(k) or not paragraphs[k].strip() for k in range(a0 - width, a0)) \
                and (width == 1 or all(_CODE.match(x) for x in labels[::2])) \
                and not any(x.endswith(":") or x.startswith("-") for x in labels):
            rows.append((a0 - width, a1, a1 - a0))
            rows.append((b0 - width, b1, b1 - b0))
    return list(dict.fromkeys(rows))


def blank_between_rows(text: str) -> str:
    """A blank line between two rows that follow each other (one more between two rows of a table
    printed one cell per paragraph)."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if _is_row(line) and i + 1 < len(lines) and _is_row(lines[i + 1]):
            out.append("")
    paragraphs = "\n".join(out).split("\n\n")
    follows = {end for (_, end, _), (start, _, _) in zip(_cell_rows(paragraphs), _cell_rows(paragraphs)[1:])
               if end == start}
    return "\n\n".join(("\n" + p) if i in follows else p for i, p in enumerate(paragraphs))


def unit_line_moved(text: str) -> str:
    """The unit statement on a line of its own swapped with the short line above it (a title or a
    heading: no figure, no sentence, no lead-in ending in ':'; above those the unit would say
    something else)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _UNIT.search(line) and len(line) < 80 and "|" not in line and not _YEAR.search(line):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            above = lines[j].strip() if j >= 0 else ""
            if above and len(above) < 80 and not above.endswith((".", ":")) and not _figures(above) \
                    and not _UNIT.search(above):
                lines[i], lines[j] = lines[j], lines[i]
                return "\n".join(lines)
    return text


def _figure_lines(text: str, edit: Callable[[str], str]) -> str:
    """`edit` applied to the figures of lines that hold figures only or a label and figures."""
    out = []
    for line in text.split("\n"):
        toks = _tokens(line)
        cell = len(toks) == 1 and _FIGURE.match(toks[0])
        out.append(edit(line) if cell or _is_row(line) else line)
    return "\n".join(out)


def thousands_dropped(text: str) -> str:
    """Every 1.234.567 printed as 1234567."""
    return _figure_lines(text, lambda s: _GROUPED.sub(lambda m: m.group(1) + m.group(2).replace(".", ""), s))


def thousands_added(text: str) -> str:
    """Every 1234567 printed as 1.234.567 (years left alone)."""
    def group(m: re.Match[str]) -> str:
        digits = m.group(2)
        if len(digits) == 4 and _YEAR.fullmatch(digits):
            return m.group(0)
        return m.group(1) + f"{int(digits):,}".replace(",", ".")
    return _figure_lines(text, lambda s: _PLAIN.sub(group, s))


def row_swap(text: str) -> str:
    """The first two neighbouring rows that are not totals swapped (row order carries no meaning
    for their figures): lines, or else runs of paragraphs of a table printed one cell per paragraph."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if _is_row(a) and _is_row(b) and not _TOTAL.search(a) and not _TOTAL.search(b) \
                and "---" not in a + b and _figures(a) == _figures(b):
            lines[i], lines[i + 1] = b, a
            return "\n".join(lines)
    body = text.rstrip("\n")
    paragraphs = body.split("\n\n")
    rows = _cell_rows(paragraphs)
    for (a0, a1, n), (b0, b1, m) in zip(rows, rows[1:]):
        labels = " ".join(paragraphs[a0:a1 - n] + paragraphs[b0:b1 - m])
        if a1 == b0 and n == m and a1 - n - a0 == b1 - m - b0 and not re.search(r"(?i)totaal|saldo|resultaat", labels):
            swapped = paragraphs[:a0] + paragraphs[b0:b1] + paragraphs[a0:a1] + paragraphs[b1:]
            return "\n\n".join(swapped) + text[len(body):]
    return text


def header_spacing(text: str) -> str:
    """The first header line (years and words, no amounts) with every space run doubled."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        toks = _tokens(line)
        years = sum(bool(_YEAR.fullmatch(t)) for t in toks)
        if years and years == _figures(line) and len(toks) > years and len(line) < 200:
            lines[i] = _SPACE_RUN.sub(lambda m: m.group(0) * 2, line)
            return "\n".join(lines)
    return text


_SYNONYMS = {"Rekening": "Realisatie", "Realisatie": "Rekening", "Werkelijk": "Realisatie", "Raming": "Meerjarenraming"}
_KIND = re.compile(r"\b(" + "|".join(_SYNONYMS) + r")\b")


def header_synonym(text: str) -> str:
    """Kind words of header lines and cells (years and words, no amounts) replaced by a synonym of
    the same scenario: Rekening <-> Realisatie, Werkelijk -> Realisatie, Raming -> Meerjarenraming."""
    out = []
    for line in text.split("\n"):
        toks = _tokens(line)
        years = sum(bool(_YEAR.fullmatch(t)) for t in toks)
        if years and years == _figures(line) and len(line) < 200:
            line = _KIND.sub(lambda m: _SYNONYMS[m.group(1)], line)
        out.append(line)
    return "\n".join(out)


def trailing_spaces(text: str) -> str:
    if _SPACE_CELLS.search(text):
        return text
    return "\n".join(line + "   " if line.strip() else line for line in text.split("\n"))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def sentence_after(text: str) -> str:
    """A sentence without figures after the last row."""
    lines = text.split("\n")
    last = max((i for i, line in enumerate(lines) if _figures(line)), default=None)
    if last is None:
        return text
    return "\n".join([*lines[:last + 1], "", "Een toelichting op de verschillen volgt hieronder.",
                      *lines[last + 1:]])


PERTURBATIONS: dict[str, Perturbation] = {
    "column_spaces": column_spaces, "blank_between_rows": blank_between_rows, "unit_line_moved": unit_line_moved,
    "thousands_dropped": thousands_dropped, "thousands_added": thousands_added, "row_swap": row_swap,
    "header_spacing": header_spacing, "header_synonym": header_synonym, "trailing_spaces": trailing_spaces,
    "crlf": crlf,
    "sentence_after": sentence_after,
}
LOWER_IS_BETTER = ("wrong_scale", "wrong_sign")
# Perturbations that reprint figures also reprint list items holding figures, whose gold is the text
# as printed: their list scores say nothing.
REPRINTS_FIGURES = ("thousands_dropped", "thousands_added")


@dataclass(frozen=True, eq=False)
class Page:
    name: str
    family: str
    text: str
    gold: dict[str, Any]


@cache
def gold_pages() -> tuple[Page, ...]:
    """The text pages with gold, each with its layout family from the meta file ("rows" when none)."""
    out = []
    for key, path, gold in gold_documents():
        if not key.startswith("pages/"):
            continue
        meta = path.with_name(path.name.replace(".txt", ".meta.yaml"))
        family = (yaml.safe_load(meta.read_text(encoding="utf-8")) or {}).get("layout") if meta.exists() else None
        out.append(Page(path.name, family or "unlabelled", path.read_text(encoding="utf-8"), gold))
    return tuple(out)


@dataclass(frozen=True)
class Reading:
    scores: dict[str, int]
    warnings: frozenset[str]


def read(page: Page, text: str) -> Reading:
    doc = parse_text(text, name=page.name)
    rows = list(csv.DictReader(io.StringIO(to_csv(tidy_rows(doc)))))
    warnings = frozenset(d.code for d in doc.diagnostics if d.severity.value in ("warning", "error"))
    return Reading(load_scorer().score(page.gold, rows), warnings)


@cache
def baseline(page: Page) -> Reading:
    return read(page, page.text)


@dataclass(frozen=True)
class Verdict:
    applied: bool   # the perturbation changed the text
    worse: list[str]
    better: bool
    silent: bool    # worse, and no warning code that the unperturbed page lacks

    @property
    def holds(self) -> bool:
        return not self.worse


def judge(page: Page, name: str) -> Verdict:
    text = PERTURBATIONS[name](page.text)
    if text == page.text:
        return Verdict(False, [], False, False)
    before, after = baseline(page), read(page, text)
    compared = [k for k in HIGHER_IS_BETTER if not (name in REPRINTS_FIGURES and k.startswith("list"))]
    worse = [f"{k} {after.scores.get(k, 0)} < {before.scores.get(k, 0)}" for k in compared
             if after.scores.get(k, 0) < before.scores.get(k, 0)]
    worse += [f"{k} {after.scores.get(k, 0)} > {before.scores.get(k, 0)}" for k in LOWER_IS_BETTER
              if after.scores.get(k, 0) > before.scores.get(k, 0)]
    better = any(after.scores.get(k, 0) > before.scores.get(k, 0) for k in compared)
    return Verdict(True, worse, better, bool(worse) and not (after.warnings - before.warnings))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--perturbation", action="append", choices=list(PERTURBATIONS))
    a = ap.parse_args(argv)
    if not CORPORA["pages"].exists():
        print("no corpus at", CORPORA["pages"])
        return 2
    pages = gold_pages()
    names = a.perturbation or list(PERTURBATIONS)
    families = sorted({p.family for p in pages})
    print(f"perturbations of {len(pages)} gold pages; per family: worse (silent) / applied")
    print(f"{'':20}" + "".join(f"{f[:18]:>20}" for f in families))
    total_applied = total_worse = total_silent = 0
    details = []
    for name in names:
        cells = []
        for family in families:
            applied = worse = silent = 0
            for page in (p for p in pages if p.family == family):
                v = judge(page, name)
                applied += v.applied
                worse += bool(v.worse)
                silent += v.silent
                if v.worse:
                    details.append(f"  {name} {page.name}: {'; '.join(v.worse)}{' (silent)' if v.silent else ''}")
            cells.append(f"{worse} ({silent}) / {applied}")
            total_applied += applied
            total_worse += worse
            total_silent += silent
        print(f"{name:20}" + "".join(f"{c:>20}" for c in cells))
    print(f"perturbations: {total_applied} applied, {total_worse} read worse, {total_silent} of them silently")
    if a.verbose:
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
