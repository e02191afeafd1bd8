"""Begroot vs Realisatie cards: each of the three labels on its own line above its amount, printed with
any of their usual words ("begroot / realisatie / afwijking", "Begroot / Rekening / Verschil"). Without a
stated unit the amounts stay as printed, with a warning ("€ 18.679" may be thousands); a table of the
same document that prints a figure of the card x 1.000 proves the scale. Random cards."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import BudgetComparison

KEYS = (("begroot", "Begroot", "begroting"), ("realisatie", "Rekening", "werkelijk"), ("afwijking", "Verschil"))
amounts = st.integers(min_value=100, max_value=99_999)


def dutch(n: int) -> str:
    return ("-" if n < 0 else "") + f"{abs(n):,}".replace(",", ".")


@st.composite
def cards(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int]]]:
    lines, pairs = [], []
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        b, r = draw(amounts), draw(amounts)
        for keys, n in zip(KEYS, (b, r, b - r)):
            lines += [draw(st.sampled_from(keys)), f"€ {dutch(n)}"]
        pairs.append((b, r))
    return lines, pairs


@settings(max_examples=40, deadline=None)
@given(cards())
def test_a_card_without_a_unit_keeps_its_amounts_as_printed(card: tuple[list[str], list[tuple[int, int]]]) -> None:
    lines, pairs = card
    doc = parse_text("Economie en cultuur\n\n" + "\n".join(lines) + "\n\nOmschrijving\n\nHet programma gaat over werk.\n")
    blocks = [e for e in doc.elements if isinstance(e, BudgetComparison)]
    assert len(blocks) == 1
    assert [(i.begroot.value, i.realisatie.value) for i in blocks[0].items] == [(Decimal(b), Decimal(r)) for b, r in pairs]
    assert all(i.begroot.unit != "EUR" for i in blocks[0].items)
    assert any(d.code == "unit-not-stated" for d in doc.diagnostics)


@settings(max_examples=30, deadline=None)
@given(cards())
def test_a_table_printing_a_card_figure_in_thousands_proves_the_scale(card: tuple[list[str], list[tuple[int, int]]]) -> None:
    lines, pairs = card
    b, r = pairs[0]
    table = f"Bedragen x € 1.000\nOmschrijving Begroting 2016 Rekening 2016\nLasten programma {dutch(b)} {dutch(r)}\n"
    doc = parse_text("Economie en cultuur\n\n" + "\n".join(lines) + "\n\n" + table)
    blocks = [e for e in doc.elements if isinstance(e, BudgetComparison)]
    assert [(i.begroot.value, i.begroot.unit) for i in blocks[0].items][0] == (Decimal(b) * 1000, "EUR")
    assert not any(d.code == "unit-not-stated" and "states no unit" in d.message for d in doc.diagnostics)


@settings(max_examples=20, deadline=None)
@given(cards(), st.sampled_from([1, 1000, 1_000_000]))
def test_the_unit_option_is_the_unit_of_a_card(card: tuple[list[str], list[tuple[int, int]]], unit: int) -> None:
    lines, pairs = card
    doc = parse_text("Economie en cultuur\n\n" + "\n".join(lines) + "\n", unit=unit)
    blocks = [e for e in doc.elements if isinstance(e, BudgetComparison)]
    assert [(i.begroot.value, i.begroot.unit) for i in blocks[0].items] == [(Decimal(b) * unit, "EUR") for b, _ in pairs]
