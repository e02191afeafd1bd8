"""Rows whose cells are joined by one space, each empty cell printed as a space of its own, under a
header printed one cell per line (a flattening of web and office tables): every figure lands in its
column, for random tables."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

YEARS = (2016, 2017, 2018, 2019)
PARTS = ("Baten", "Lasten")


def amount(rng: random.Random) -> int:
    return rng.choice([rng.randint(1, 999), rng.randint(1000, 999_999), rng.randint(1_000_000, 9_999_999)])


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def render(rng: random.Random, nyears: int) -> tuple[str, dict[str, list[int | None]]]:
    ncols = nyears * len(PARTS)
    head = ["Programma", "Product", "Toelichting/", "omschrijving"]
    for y in YEARS[:nyears]:
        for p in PARTS:
            head += [str(y), p]
    rows: dict[str, list[int | None]] = {}
    out = ["Bedragen in euro's", "", *head]
    for r in range(rng.randint(2, 7)):
        label = f"Project {chr(65 + r)} {rng.choice(['aanleg', 'onderhoud', 'subsidie', 'inhuur'])}"
        vals: list[int | None] = [amount(rng) if rng.random() < 0.45 else None for _ in range(ncols)]
        if not any(vals):
            vals[rng.randrange(ncols)] = amount(rng)
        rows[label] = vals
        if rng.random() < 0.3:
            out.append("Groep " + chr(65 + r) + " " * (2 * (ncols + 1)))  # a group line: its cells all empty
        out.append(" ".join([label, " "] + [dutch(v) if v is not None else " " for v in vals]))
        if rng.random() < 0.2:
            out.append(" " * (2 * (ncols + 2) - 1))  # an empty row printed as spaces
    return "\n".join(out) + "\n", rows


@pytest.mark.parametrize("seed", range(40))
def test_spaced_cells_under_a_one_cell_per_line_header(seed: int) -> None:
    rng = random.Random(seed)
    text, rows = render(rng, rng.randint(2, 4))
    doc = parse_text(text)
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert tables, text  # a group line may start a table of its own, under the same header
    got: dict[str, list[int | None]] = {}
    for t in tables:
        assert [(c.year, c.part) for c in t.columns] == [(y, p) for y in YEARS[: len(t.columns) // 2] for p in PARTS]
        got |= {r.label: [None if v.value is None else int(v.value) for v in r.values]
                for r in t.rows if any(v.raw for v in r.values)}
    assert got == {k: [None if v is None else int(Decimal(v)) for v in vs] for k, vs in rows.items()}, text


@pytest.mark.parametrize("seed", range(10))
def test_a_label_apart_from_its_one_figure_row(seed: int) -> None:
    # "700 jaar Enschede" / blank / "  60            ": the figure line keeps its empty cells as spaces,
    # so it is that label's row even as the table's last.
    rng = random.Random(seed)
    text, rows = render(rng, 2)
    col = rng.randrange(4)
    value = amount(rng)
    figures = " ".join(["", " "] + [dutch(value) if i == col else " " for i in range(4)])  # the label cell empty
    text += f"Jubileum stad\n\n{figures}\n"
    doc = parse_text(text)
    got = {r.label: [None if v.value is None else int(v.value) for v in r.values]
           for t in doc.elements if isinstance(t, FinancialTable) for r in t.rows}
    assert got["Jubileum stad"] == [value if i == col else None for i in range(4)], text
