"""Random budget tables rendered as web pages parse back cell for cell (property test)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from begroting_cli.api import parse_html_text
from begroting_cli.models import FinancialTable

from .html_tables import SimpleTable, render_table_html

KINDS = ["Rekening", "Realisatie", "Begroting", "Begroting na wijziging", "Raming"]
PARTS = [[], ["Lasten", "Baten", "Saldo"], ["Lasten", "Baten"]]
WORDS = ["Bestuur", "Veiligheid", "Verkeer", "Economie", "Onderwijs", "Sport", "Cultuur", "Sociaal domein",
         "Volksgezondheid", "Wonen", "Overhead", "Algemene dekkingsmiddelen"]


def dutch(n: int) -> str:
    """1234567 -> '1.234.567', -45 -> '-45' (amounts as the sites print them, x € 1.000)."""
    s = f"{abs(n):,}".replace(",", ".")
    return f"-{s}" if n < 0 else s


@st.composite
def tables(draw: st.DrawFn) -> SimpleTable:
    first = draw(st.integers(2015, 2026))
    n_groups = draw(st.integers(1, 4))
    groups = [f"{draw(st.sampled_from(KINDS))} {first + i}" for i in range(n_groups)]
    parts = draw(st.sampled_from(PARTS))
    width = n_groups * max(1, len(parts))
    labels = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6, unique=True))
    rows = []
    for label in labels:
        cells = [dutch(draw(st.integers(-99_999, 999_999))) for _ in range(width)]
        if draw(st.booleans()):
            cells[draw(st.integers(0, width - 1))] = ""  # an empty cell (&nbsp;)
        rows.append((label, cells))
    return SimpleTable(groups=groups, parts=parts, rows=rows)


@given(tables(), st.booleans())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_tables_as_web_pages_parse_back_cell_for_cell(table: SimpleTable, in_caption: bool) -> None:
    doc = parse_html_text(render_table_html(table, unit_in_caption=in_caption))
    found = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(found) == 1
    parsed = found[0]
    expected_columns = [f"{g} {p}".strip() for g in table.groups for p in (table.parts or [""])]
    assert [c.label for c in parsed.columns] == expected_columns
    assert [c.year for c in parsed.columns] == [int(c.split()[-1]) for c in table.groups
                                                 for _ in (table.parts or [""])]
    assert [r.label for r in parsed.rows] == [label for label, _ in table.rows]
    for row, (_, cells) in zip(parsed.rows, table.rows):
        assert [v.raw for v in row.values] == cells
        for v, printed in zip(row.values, cells):
            if printed:
                assert v.value == Decimal(printed.replace(".", "")) * 1000
            else:
                assert v.status.value == "empty"


def test_a_label_spanning_its_part_rows_stands_beside_each() -> None:
    table = SimpleTable(groups=["Begroting 2024", "Begroting 2025"], rows=[],
                        group_rows=[("Programma 1", [("Lasten", ["100", "110"]), ("Baten", ["20", ""]),
                                                     ("Saldo", ["-80", "-110"])])])
    parsed = next(e for e in parse_html_text(render_table_html(table)).elements if isinstance(e, FinancialTable))
    assert [(r.label, [v.raw for v in r.values]) for r in parsed.rows] == [
        ("Programma 1 / Lasten", ["100", "110"]), ("Programma 1 / Baten", ["20", ""]),
        ("Programma 1 / Saldo", ["-80", "-110"])]
