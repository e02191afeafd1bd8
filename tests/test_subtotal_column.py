"""A column without a year of its own beside a year column, holding that column's subtotals (a
kasstroomoverzicht: details left, each section's sum right, the grand total last) is of the same year:
the arithmetic proves it. A column that does not add up keeps no year (and its warning). Random tables."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

SECTIONS = ("Kasstroom uit operationele activiteiten", "Kasstroom uit investeringsactiviteiten",
            "Kasstroom uit financieringsactiviteiten")
figures = st.integers(min_value=-9_999, max_value=9_999).filter(lambda n: n != 0)


def dutch(n: int) -> str:
    return ("-" if n < 0 else "") + f"{abs(n):,}".replace(",", ".")


def render(sections: list[list[int]], year: int, broken: bool) -> tuple[str, list[int]]:
    lines = ["Kasstroomoverzicht (bedragen x € 1.000)", "", f"Omschrijving | {year} | |", "---|---|---|"]
    subtotals = []
    for name, details in zip(SECTIONS, sections):
        lines.append(f"{name} | | |")
        for k, d in enumerate(details):
            lines.append(f"Mutatie {name.split()[-1]} {k + 1} | {dutch(d)} | |")
        total = sum(details) + (7 if broken and not subtotals else 0)
        subtotals.append(total)
        lines.append(f"Totaal {name.lower()} | | {dutch(total)} |")
    lines.append(f"Mutatie liquide middelen | | {dutch(sum(subtotals))} |")
    return "\n".join(lines) + "\n", subtotals


def columns_of(text: str) -> list[tuple[int | None, str]]:
    tables = [e for e in parse_text(text).elements if isinstance(e, FinancialTable)]
    assert tables
    return [(c.year, c.label) for c in tables[0].columns]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(figures, min_size=1, max_size=4), min_size=2, max_size=3).filter(
    lambda s: any(len(d) >= 2 for d in s)), st.integers(min_value=2018, max_value=2027))
def test_a_subtotal_column_takes_the_year_of_its_details(sections: list[list[int]], year: int) -> None:
    text, subtotals = render(sections, year, broken=False)
    assert [y for y, _ in columns_of(text)] == [year, year], text
    doc = parse_text(text)
    totals = [r.values[1].value for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows
              if r.label.startswith("Totaal")]
    assert totals == [Decimal(s) * 1000 for s in subtotals]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(figures, min_size=2, max_size=4), min_size=2, max_size=3), st.integers(min_value=2018, max_value=2027))
def test_a_column_that_does_not_add_up_gets_no_year(sections: list[list[int]], year: int) -> None:
    text, _ = render(sections, year, broken=True)
    assert [y for y, _ in columns_of(text)] == [year, None], text
