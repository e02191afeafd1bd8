"""A euro sign printed apart from its amount ("Lasten € 1.000 € 2.000") belongs to the amount: the label
keeps no sign and no figure, every amount lands in its column. A unit line ("Bedragen x € 1.000") stays a
unit line. Random rows."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable
from begroting_cli.segment import label_and_values

LABELS = ("Lasten", "Baten", "Onroerendezaakbelasting", "Afvalstoffenheffing", "Kosten per inwoner")


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LABELS), st.lists(st.integers(min_value=1, max_value=9_999_999), min_size=1, max_size=4))
def test_a_sign_apart_goes_with_its_amount(label: str, amounts: list[int]) -> None:
    got_label, values = label_and_values(f"{label} " + " ".join(f"€ {dutch(a)}" for a in amounts))
    assert got_label == label
    assert values == tuple(f"€ {dutch(a)}" for a in amounts)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LABELS), st.integers(min_value=1, max_value=999_999),
                          st.integers(min_value=1, max_value=999_999)), min_size=2, max_size=5, unique_by=lambda r: r[0]))
def test_rows_of_signed_amounts_fill_their_columns(rows: list[tuple[str, int, int]]) -> None:
    text = "Bedragen x € 1.000\nOmschrijving Begroting 2025 Begroting 2026\n" + "\n".join(
        f"{label} € {dutch(a)} € {dutch(b)}" for label, a, b in rows) + "\n"
    tables = [e for e in parse_text(text).elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1, text
    got = {r.label: [v.value for v in r.values] for r in tables[0].rows}
    assert got == {label: [Decimal(a) * 1000, Decimal(b) * 1000] for label, a, b in rows}, text
