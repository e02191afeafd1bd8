"""A PDF table without a header: lines of a label and one amount, the amounts right-aligned under two
or three columns (details, subtotals, a percentage), a caption or two between the rows (a
kostendekkingsberekening). Every amount lands in the column whose right edge it shares; random tables
rendered as PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from begroting_cli import parse
from begroting_cli.models import FinancialTable

from .pdfgen import Page, Text, build_pdf, right_aligned

EDGES = (300.0, 380.0, 470.0)
LABELS = ("Kosten taakveld", "Inkomsten taakveld", "Overhead", "BTW", "Kwijtschelding", "Straatreiniging",
          "Totaal toerekenbare kosten", "Totale kosten", "Totale opbrengsten")


def dutch(n: int) -> str:
    return ("-" if n < 0 else "") + f"{abs(n):,}".replace(",", ".")


@st.composite
def runs(draw: st.DrawFn) -> list[tuple[str, int | None, int]]:
    """(label, amount or None for a caption, column)."""
    n = draw(st.integers(min_value=3, max_value=len(LABELS)))
    labels = draw(st.permutations(LABELS))[:n]
    out: list[tuple[str, int | None, int]] = []
    columns = draw(st.integers(min_value=2, max_value=3))
    for k, label in enumerate(labels):
        if 0 < k < n - 1 and draw(st.integers(min_value=0, max_value=5)) == 0:
            out.append(("Toe te rekenen kosten:", None, 0))
        out.append((label, draw(st.integers(min_value=-999_999, max_value=9_999_999).filter(bool)),
                    draw(st.integers(min_value=0, max_value=columns - 1))))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs())
def test_label_amount_lines_are_a_table_by_their_right_edges(tmp_path: Path, rows: list[tuple[str, int | None, int]]) -> None:
    texts = [Text(72, 60, "Berekening kostendekkendheid", size=9.0)]
    top = 90.0
    for label, amount, col in rows:
        texts.append(Text(72, top, label, size=9.0))
        if amount is not None:
            texts.append(right_aligned(EDGES[col], top, dutch(amount), size=9.0))
        top += 14
    texts.append(Text(72, top + 30, "Een toelichting volgt in de paragraaf.", size=9.0))
    path = tmp_path / "run.pdf"
    path.write_bytes(build_pdf([Page(texts=texts)]))
    doc = parse(path)
    got = {r.label: [v.value for v in r.values] for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows}
    used = sorted({col for _, amount, col in rows if amount is not None})
    for label, amount, col in rows:
        if amount is None:
            continue
        want = [None] * len(got[label])
        want[used.index(col)] = Decimal(amount)
        assert got[label] == want, (label, got)
