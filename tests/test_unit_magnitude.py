"""Magnitude as evidence of a unit: a table without a unit whose figures would exceed the document's largest total
in thousands, yet stay within it in euros, is in whole euros; every other case keeps its unit unknown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse, parse_text
from begroting_cli.api import validate
from begroting_cli.magnitude import document_bound, thousands
from begroting_cli.models import FinancialTable

from .pdfgen import Page, Text, build_pdf

PROJECTS = ["Nieuwbouw school", "Renovatie sporthal", "Vervanging riolering", "Herinrichting plein",
            "Verduurzaming gemeentehuis", "Aanleg fietspad"]


def tables(doc) -> list[FinancialTable]:
    return [e for e in doc.elements if isinstance(e, FinancialTable)]


def stated(total: int) -> str:
    """Two tables in thousands that both print the same Totaal lasten: the document's bound (x 1.000)."""
    a = total // 3
    return (f"Tabel 1 Recapitulatie\n\nBedragen x € 1.000\nProgramma Begroting 2025 Begroting 2026\n"
            f"Veiligheid {thousands(Decimal(a))} {thousands(Decimal(a))}\n"
            f"Bestuur {thousands(Decimal(total - a))} {thousands(Decimal(total - a))}\n"
            f"Totaal lasten {thousands(Decimal(total))} {thousands(Decimal(total))}\n\n"
            f"Tabel 2 Meerjarenbeeld\n\nBedragen x € 1.000\nOmschrijving Begroting 2025 Raming 2026\n"
            f"Totaal lasten {thousands(Decimal(total))} {thousands(Decimal(total))}\n"
            f"Totaal baten {thousands(Decimal(a))} {thousands(Decimal(a))}\n\n")


def unstated(rows: list[tuple[str, int, int]], title: str = "Tabel 3 Investeringen",
             head: str = "Investering Krediet 2025 Krediet 2026") -> str:
    body = "\n".join(f"{lb} {thousands(Decimal(x))} {thousands(Decimal(y))}" for lb, x, y in rows)
    return f"{title}\n\n{head}\n{body}\n"


def the_unstated(doc) -> FinancialTable:
    return next(t for t in tables(doc) if t.title.startswith("Tabel 3"))


totals = st.integers(min_value=20_000, max_value=500_000)  # Totaal lasten in thousands: 20 to 500 million euros


@st.composite
def documents(draw, low: int, high: int) -> tuple[int, list[tuple[str, int, int]]]:
    """A bound (in thousands) and an unstated table whose figures lie in [low, high] x the bound."""
    total = draw(totals)
    labels = draw(st.lists(st.sampled_from(PROJECTS), min_size=2, max_size=5, unique=True))
    # not all round thousands: those are euros written out, a different evidence
    figure = st.integers(min_value=max(1, int(total * low)), max_value=int(total * high)).map(
        lambda x: x if x % 1000 else x - 1)
    return total, [(lb, draw(figure), draw(figure)) for lb in labels]


@settings(max_examples=30, deadline=None)
@given(documents(low=0, high=1000), st.integers(min_value=0, max_value=4), st.data())
def test_whole_euro_table_beside_a_thousands_table_is_read_in_euros(drawn, k, data) -> None:
    """One figure above the bound / 1.000 (and none above the bound): only whole euros are plausible."""
    total, rows = drawn
    bound = total * 1000
    k = k % len(rows)
    big = data.draw(st.integers(min_value=total + 1, max_value=bound))
    rows[k] = (rows[k][0], big, rows[k][2])
    doc = parse_text(stated(total) + unstated(rows))
    t = the_unstated(doc)
    assert t.unit is not None and t.unit.multiplier == 1 and t.unit.source == "inferred"
    assert [v.value for v in t.rows[k].values] == [Decimal(big), Decimal(rows[k][2])]
    found = [d for d in doc.diagnostics if d.code == "unit-from-magnitude"]
    assert len(found) == 1 and found[0].severity.value == "warning" and "Tabel 3" in found[0].message
    largest = max(x for _, *xs in rows for x in xs)
    assert thousands(Decimal(bound)) in found[0].message and f"up to {thousands(Decimal(largest))} " in found[0].message


@settings(max_examples=30, deadline=None)
@given(documents(low=0, high=1))
def test_figures_that_fit_both_readings_keep_the_unit_unknown(drawn) -> None:
    """Every figure within the bound / 1.000: thousands and euros are both plausible, so nothing is decided.
    This is also the mirror case: small figures are no evidence of thousands."""
    total, rows = drawn
    doc = parse_text(stated(total) + unstated(rows))
    t = the_unstated(doc)
    assert t.unit is None and all(v.unit == "" for r in t.rows for v in r.values)
    assert not [d for d in doc.diagnostics if d.code == "unit-from-magnitude"]
    assert any(d.code == "unit-unknown" for d in doc.diagnostics)


@settings(max_examples=30, deadline=None)
@given(documents(low=2, high=1000))
def test_without_a_bound_nothing_changes(drawn) -> None:
    """The stated table prints its total once: no confirmed total, no bound, no evidence from size."""
    total, rows = drawn
    head = stated(total).split("Tabel 2")[0]
    doc = parse_text(head + unstated(rows))
    assert the_unstated(doc).unit is None
    assert not [d for d in doc.diagnostics if d.code == "unit-from-magnitude"]


@settings(max_examples=40, deadline=None)
@given(totals, st.lists(st.tuples(st.sampled_from(PROJECTS), st.integers(1, 10**10), st.integers(1, 10**10)),
                        min_size=2, max_size=5, unique_by=lambda r: r[0]))
def test_no_figure_above_the_bound_after_inference(total, rows) -> None:
    doc = parse_text(stated(total) + unstated(rows))
    bound = document_bound(t for t in tables(doc) if t.unit is not None and t.unit.source != "inferred")
    assert bound == total * 1000
    for t in tables(doc):
        if t.unit is not None and t.unit.source == "inferred":
            assert all(abs(v.value) <= bound for r in t.rows for v in r.values if v.unit == "EUR")


def test_a_table_of_stocks_is_no_evidence() -> None:
    """A balance sheet may be larger than a year's total: its size says nothing about its unit."""
    rows = [("Materiële vaste activa", 150_123, 140_456), ("Totaal activa", 210_789, 200_321)]
    doc = parse_text(stated(90_000) + unstated(rows, "Tabel 3 Balans", "Activa Begroting 2025 Begroting 2026"))
    assert the_unstated(doc).unit is None


def test_a_table_without_money_words_is_no_evidence() -> None:
    rows = [("Noord", 150_123, 140_456), ("Zuid", 210_789, 200_321)]
    doc = parse_text(stated(90_000) + unstated(rows, "Tabel 3 Oppervlakte", "Wijk 2025 2026"))
    assert the_unstated(doc).unit is None


def test_whole_euro_investments_in_text() -> None:
    rows = [("Nieuwbouw school", 8_461_000, 1_250_000), ("Renovatie sporthal", 350_000, 0)]
    doc = parse_text(stated(97_720) + unstated(rows))
    t = the_unstated(doc)
    assert t.unit is not None and t.unit.multiplier == 1
    assert t.rows[0].values[0].value == 8_461_000 and t.rows[0].values[0].unit == "EUR"
    d = next(d for d in doc.diagnostics if d.code == "unit-from-magnitude")
    assert "8.461.000" in d.message and "97.720.000" in d.message
    found = validate(doc).findings
    assert not [f for f in found if f.code in ("implausible-magnitude", "unit-inferred")]
    assert [f.severity.value for f in found if f.code == "unit-from-magnitude"] == ["warning"]


def _draw(lines: list[tuple[str, ...]], top: float = 72) -> list[Text]:
    texts = []
    for i, (label, *cells) in enumerate(lines):
        y = top + i * 16
        texts.append(Text(72, y, label))
        for right, cell in zip((380, 480), cells):
            texts.append(Text(right - len(cell) * 5.6, y, cell))
    return texts


def test_whole_euro_investments_in_pdf(tmp_path: Path) -> None:
    recap = [("Tabel 1 Recapitulatie",), ("Bedragen x € 1.000",), ("Programma", "Begroting 2025", "Begroting 2026"),
             ("Veiligheid", "32.573", "32.573"), ("Bestuur", "65.147", "65.147"),
             ("Totaal lasten", "97.720", "97.720")]
    meerjaren = [("Tabel 2 Meerjarenbeeld",), ("Bedragen x € 1.000",), ("Omschrijving", "Begroting 2025", "Raming 2026"),
                 ("Totaal lasten", "97.720", "97.720"), ("Totaal baten", "95.100", "95.100")]
    invest = [("Tabel 3 Investeringen",), ("Investering", "Krediet 2025", "Krediet 2026"),
              ("Nieuwbouw school", "8.461.000", "1.250.000"), ("Renovatie sporthal", "350.000", "120.000"),
              ("Totaal", "8.811.000", "1.370.000")]
    path = tmp_path / "invest.pdf"
    path.write_bytes(build_pdf([Page(texts=_draw(recap)), Page(texts=_draw(meerjaren)), Page(texts=_draw(invest))]))
    doc = parse(path)
    t = the_unstated(doc)
    assert t.unit is not None and t.unit.multiplier == 1 and t.unit.source == "inferred"
    assert t.rows[-1].values[0].value == 8_811_000
    assert any(d.code == "unit-from-magnitude" and d.location.page == 3 for d in doc.diagnostics)
