"""A ratio row under the two amounts it divides (weerstandsvermogen: beschikbare / benodigde capaciteit)
is no amount: kept as printed, never scaled by the table's unit; a row of decimals that is no such
quotient, or a table that prints every figure with decimals, keeps the unit. Random tables."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

amounts = st.integers(min_value=1_000, max_value=99_999)


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def comma(d: Decimal) -> str:
    return str(d).replace(".", ",")


def rows_of(text: str) -> dict[str, list]:
    doc = parse_text(text)
    return {r.label: r.values for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=3), st.sampled_from([1, 2]))
def test_a_quotient_row_is_kept_as_printed(columns: list[tuple[int, int]], decimals: int) -> None:
    step = Decimal(1).scaleb(-decimals)
    ratios = [(Decimal(a) / Decimal(b)).quantize(step, rounding=ROUND_HALF_UP) for a, b in columns]
    years = [2020 + k for k in range(len(columns))]
    text = "\n".join([
        "Weerstandsvermogen", "Bedragen x € 1.000",
        "Omschrijving " + " ".join(f"Rekening {y}" for y in years),
        "A. Beschikbare weerstandscapaciteit " + " ".join(dutch(a) for a, _ in columns),
        "B. Benodigde weerstandscapaciteit " + " ".join(dutch(b) for _, b in columns),
        "C. Ratio (A:B) " + " ".join(comma(r) for r in ratios),
    ]) + "\n"
    rows = rows_of(text)
    assert [v.value for v in rows["A. Beschikbare weerstandscapaciteit"]] == [Decimal(a) * 1000 for a, _ in columns]
    ratio = rows["C. Ratio (A:B)"]
    assert [v.value for v in ratio] == ratios, text
    assert all(v.unit != "EUR" for v in ratio)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(amounts, amounts, st.integers(min_value=11, max_value=99)), min_size=1, max_size=3))
def test_a_row_of_decimals_that_is_no_quotient_keeps_the_unit(columns: list[tuple[int, int, int]]) -> None:
    third = [Decimal(c) / 10 for _, _, c in columns]
    assume(all(abs(Decimal(a) / Decimal(b) - t) > Decimal("0.05") and abs(Decimal(b) / Decimal(a) - t) > Decimal("0.05")
               for (a, b, _), t in zip(columns, third)))
    years = [2020 + k for k in range(len(columns))]
    text = "\n".join([
        "Bedragen x € 1.000",
        "Omschrijving " + " ".join(f"Begroting {y}" for y in years),
        "Lasten " + " ".join(dutch(a) for a, _, _ in columns),
        "Baten " + " ".join(dutch(b) for _, b, _ in columns),
        "Mutatie reserves " + " ".join(comma(t) for t in third),
    ]) + "\n"
    assert [v.value for v in rows_of(text)["Mutatie reserves"]] == [t * 1000 for t in third], text
