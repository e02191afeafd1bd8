"""Pipe rows whose label is printed in two cells, a row code and a name ("1 | Renteherzieningen"),
under a header whose first two cells stand over them: every figure stays in its year's column."""

from __future__ import annotations

import random

import pytest

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

NAMES = ["Renteherzieningen", "Aflossingen", "Renterisico", "Renterisiconorm", "Begrotingstotaal", "Ruimte onder norm"]


@pytest.mark.parametrize("seed", range(30))
def test_code_and_name_cells_are_one_label(seed: int) -> None:
    rng = random.Random(seed)
    years = list(range(2025, 2025 + rng.randint(2, 5)))
    codes = rng.sample(["1", "2", "3", "4", "4a", "4b", "5a", "5b", "A1"], k=rng.randint(3, 6))
    rows = {f"{c} / {rng.choice(NAMES)} {i}": [rng.randint(0, 99_999) for _ in years] for i, c in enumerate(codes)}
    trailing = " | |" if rng.random() < 0.5 else ""
    out = ["Tabel Renterisico (bedragen x € 1.000)", " | ".join(["Renterisico", "vaste schuld", *map(str, years)]) + trailing]
    for label, vals in rows.items():
        code, name = label.split(" / ")
        out.append(" | ".join([code, name, *(f"{v:,}".replace(",", ".") for v in vals)]) + trailing)
    doc = parse_text("\n".join(out) + "\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1
    t = tables[0]
    assert [c.year for c in t.columns] == years
    got = {r.label: [int(v.value) // 1000 for v in r.values] for r in t.rows}
    assert got == rows
