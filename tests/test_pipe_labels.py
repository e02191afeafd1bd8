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


@pytest.mark.parametrize("seed", range(10))
def test_a_header_of_years_without_a_cell_over_the_labels(seed: int) -> None:
    rng = random.Random(seed)
    years = list(range(2026, 2026 + rng.randint(2, 5)))
    rows = {name: [rng.randint(-9_999, 9_999) for _ in years] for name in rng.sample(NAMES, rng.randint(2, 5))}
    out = ["Bedragen x € 1.000", " | ".join(map(str, years)) + " | |"]
    out += [" | ".join([name, *(f"{v:,}".replace(",", ".") for v in vals)]) + " |" for name, vals in rows.items()]
    tables = [e for e in parse_text("\n".join(out) + "\n").elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1
    assert [c.year for c in tables[0].columns] == years
    assert {r.label: [int(v.value) // 1000 for v in r.values] for r in tables[0].rows} == rows


@pytest.mark.parametrize("head", ["31-12-2020", "2020", "01-01-2024"])
def test_one_column_headed_by_a_date_or_year_without_a_cell_over_the_labels(head: str) -> None:
    text = f"Bedragen x € 1.000\n{head} | |\n---|---|\n1. Beschikbare capaciteit | 28.231 |\n2. Benodigde capaciteit | 24.045 |\n"
    tables = [e for e in parse_text(text).elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1 and len(tables[0].columns) == 1
    assert tables[0].columns[0].year == int(head[-4:])
    assert [int(r.values[0].value) for r in tables[0].rows] == [28_231_000, 24_045_000]


def test_a_blank_line_before_a_header_row_starts_a_second_table() -> None:
    text = ("Bedragen x € 1.000\n| Activa | 2023 | 2024 |\n|---|---|---|\n| Vaste activa | 57.130 | 56.090 |\n"
            "| Totaal | 57.130 | 56.090 |\n\n| Passiva | 2023 | 2024 |\n|---|---|---|\n| Reserves | 28.595 | 23.444 |\n"
            "| Totaal | 28.595 | 23.444 |\n")
    tables = [e for e in parse_text(text).elements if isinstance(e, FinancialTable)]
    assert [[r.label for r in t.rows] for t in tables] == [["Vaste activa", "Totaal"], ["Reserves", "Totaal"]]
