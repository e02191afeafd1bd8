"""A header printed again inside its table (over a balance's second half, after a caption) is a header,
never a row whose last "figure" is a year: random balances, the second half under the repeated header."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

ACTIVA = ("Vaste activa", "Vlottende activa", "Liquide middelen", "Overlopende activa")
PASSIVA = ("Eigen vermogen", "Voorzieningen", "Vaste schulden", "Vlottende passiva")


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2018, max_value=2026), st.integers(min_value=2, max_value=5),
       st.lists(st.integers(min_value=1_000, max_value=99_999_999), min_size=40, max_size=40), st.booleans(),
       st.booleans())
def test_a_header_printed_again_is_no_row(first: int, ncols: int, figures: list[int], dated: bool, corners: bool) -> None:
    """The second header may name the half in its corner ("Activa ..." then "Passiva ...")."""
    years = [first + k for k in range(ncols)]
    groups = " ".join(f"per 31 december {y}" if dated else f"Begroting {y}" for y in years)
    header, again = (f"Activa {groups}", f"Passiva {groups}") if corners else (f"Balans {groups}", f"Balans {groups}")
    it = iter(figures)
    lines = ["Geprognosticeerde balans (bedragen in euro's)", "ACTIVA", header]
    want: dict[str, list[Decimal]] = {}
    for next_half, labels in (("PASSIVA", ACTIVA), (None, PASSIVA)):
        for label in labels[:3]:
            vals = [next(it) for _ in years]
            want[label] = [Decimal(v) for v in vals]
            lines.append(f"{label} " + " ".join(dutch(v) for v in vals))
        if next_half:
            lines += [next_half, again]
    doc = parse_text("\n".join(lines) + "\n")
    rows = {r.label: r for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows}
    assert not any(label.startswith(("Balans", "Activa", "Passiva")) for label in rows), list(rows)
    for label, vals in want.items():
        assert [v.value for v in rows[label].values] == vals, label


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=999_999), min_size=6, max_size=6),
       st.sampled_from(["bedragen x €1.000", "Bedragen x € 1.000", "(bedragen x € 1.000)", "bedragen in € 1.000"]))
def test_a_unit_line_under_the_table_is_no_row(figures: list[int], unit: str) -> None:
    lines = ["Algemene dekkingsmiddelen", "Omschrijving Begroting 2024 Begroting 2025"]
    labels = ("Lokale heffingen", "Algemene uitkeringen", "Dividend")
    for k, label in enumerate(labels):
        lines.append(f"{label} {dutch(figures[2 * k])} {dutch(figures[2 * k + 1])}")
    lines.append(unit)
    rows = {r.label: r for e in parse_text("\n".join(lines) + "\n").elements if isinstance(e, FinancialTable) for r in e.rows}
    assert set(rows) == set(labels), list(rows)
    assert [v.value for v in rows["Dividend"].values] == [Decimal(figures[4]) * 1000, Decimal(figures[5]) * 1000]
