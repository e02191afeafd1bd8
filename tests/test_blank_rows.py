"""Blank lines between the rows of a table, and rows that leave their last cells unprinted: the
table goes on, every row keeps its figures, and no row of amounts is taken for a heading.

Random tables (hypothesis), not pages: the layouts are those of office and web exports flattened to
text (pipe rows whose empty trailing cells lose their pipes, rows spaced by blank lines).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable, Heading
from begroting_cli.segment import is_headingish

WORDS = ("Onderwijs", "Verkeer", "Cultuur", "Sport", "Riolering", "Wonen", "Zorg", "Reiniging", "Groen")
YEARS = (2023, 2024, 2025, 2026)


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


amounts = st.integers(min_value=100, max_value=9_999_999)


@st.composite
def pipe_tables(draw: st.DrawFn) -> tuple[str, dict[str, list[int | None]], int]:
    ncols = draw(st.integers(min_value=2, max_value=4))
    nrows = draw(st.integers(min_value=3, max_value=7))
    labels = draw(st.lists(st.sampled_from(WORDS), min_size=nrows, max_size=nrows, unique=True))
    lines = ["Bedragen x € 1.000", "", "Omschrijving | " + " | ".join(f"Begroting {y}" for y in YEARS[:ncols]) + " |",
             "---|" + "---|" * ncols]
    rows: dict[str, list[int | None]] = {}
    for k, label in enumerate(labels):
        filled = ncols if k == 0 else draw(st.integers(min_value=1, max_value=ncols))
        vals: list[int | None] = [draw(amounts) for _ in range(filled)] + [None] * (ncols - filled)
        rows[label] = vals
        printed = [dutch(v) for v in vals if v is not None]
        if draw(st.booleans()) or filled == ncols:
            cells = printed + [""] * (ncols - filled)  # every pipe printed
            line = f"{label} | " + " | ".join(cells) + " |"
        else:
            line = f"{label} | " + " | ".join(printed) + " |"  # the empty trailing cells dropped
        if k > 0 and draw(st.booleans()):
            lines.append("")
        lines.append(line)
    return "\n".join(lines) + "\n", rows, ncols


@settings(max_examples=60, deadline=None)
@given(pipe_tables())
def test_pipe_rows_after_blank_lines_stay_in_their_table(case: tuple[str, dict[str, list[int | None]], int]) -> None:
    text, rows, ncols = case
    doc = parse_text(text)
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1, text
    table = tables[0]
    assert [c.year for c in table.columns] == list(YEARS[:ncols]), text
    got = {r.label: [None if v.value is None else v.value for v in r.values] for r in table.rows}
    want = {label: [None if v is None else Decimal(v) * 1000 for v in vals] for label, vals in rows.items()}
    assert got == want, text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(WORDS), st.lists(amounts, min_size=2, max_size=6))
def test_a_label_with_a_row_of_amounts_is_no_heading(label: str, values: list[int]) -> None:
    line = label + " " + "   ".join(dutch(v) for v in values)
    assert not is_headingish(line)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(WORDS), st.integers(min_value=2015, max_value=2030))
def test_a_heading_may_end_in_a_year_or_a_period(label: str, year: int) -> None:
    assert is_headingish(f"{label} {year}")
    assert is_headingish(f"{label} {year} - {year + 3}")


@settings(max_examples=30, deadline=None)
@given(st.lists(amounts, min_size=3, max_size=3), st.sampled_from(("Algemene indicatoren", "Beleidsindicatoren")))
def test_a_stated_unit_over_lasten_and_baten_is_money_under_any_section(values: list[int], section: str) -> None:
    lasten, baten = values[0], values[1]
    text = "\n".join([
        section, "", "Bedragen x € 1.000", "",
        "Omschrijving 2025 lasten 2025 baten 2025 saldo",
        f"Programma {dutch(lasten)} {dutch(baten)} {dutch(baten - lasten) if baten >= lasten else '-' + dutch(lasten - baten)}",
    ]) + "\n"
    doc = parse_text(text)
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1, text
    assert [v.value for v in tables[0].rows[0].values][:2] == [Decimal(lasten) * 1000, Decimal(baten) * 1000]
    assert not any(isinstance(e, Heading) and "Programma" in e.text for e in doc.elements)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(("binnenwater", "land", "bos", "wegen", "akkers")), min_size=2, max_size=4, unique=True),
       st.lists(st.integers(min_value=1, max_value=99_999), min_size=4, max_size=4), st.booleans())
def test_lower_case_items_under_a_caption_stay_items_with_blank_lines_between(
        items: list[str], figures: list[int], blank: bool) -> None:
    """"Oppervlakte in km²" / "binnenwater 7,73" / "land 220,71": the caption takes no item into its label,
    whether or not a blank line separates the rows."""
    sep = "\n\n" if blank else "\n"
    rows = [f"{item} " + " ".join(dutch(f + k) for f in figures[:2]) for k, item in enumerate(items)]
    text = "Kerngegevens\n\nOmschrijving 2024 2025\nInwoners 25.875 25.900\nOppervlakte in hectare\n" + sep.join(rows) + "\n"
    doc = parse_text(text)
    labels = [getattr(r, "label", None) or getattr(r, "indicator", None) for e in doc.elements if hasattr(e, "rows") for r in e.rows]
    assert all(item in labels for item in items), (text, labels)
