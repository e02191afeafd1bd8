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
       st.lists(st.integers(min_value=1_000, max_value=99_999_999), min_size=40, max_size=40), st.booleans())
def test_a_header_printed_again_is_no_row(first: int, ncols: int, figures: list[int], dated: bool) -> None:
    years = [first + k for k in range(ncols)]
    header = "Balans " + " ".join(f"per 31 december {y}" if dated else f"Begroting {y}" for y in years)
    it = iter(figures)
    lines = ["Geprognosticeerde balans (bedragen in euro's)", "ACTIVA", header]
    want: dict[str, list[Decimal]] = {}
    for next_half, labels in (("PASSIVA", ACTIVA), (None, PASSIVA)):
        for label in labels[:3]:
            vals = [next(it) for _ in years]
            want[label] = [Decimal(v) for v in vals]
            lines.append(f"{label} " + " ".join(dutch(v) for v in vals))
        if next_half:
            lines += [next_half, header]
    doc = parse_text("\n".join(lines) + "\n")
    rows = {r.label: r for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows}
    assert not any(label.startswith("Balans") for label in rows), list(rows)
    for label, vals in want.items():
        assert [v.value for v in rows[label].values] == vals, label
