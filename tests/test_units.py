"""Units as scoped evidence: every printed spelling, in text and in a PDF; a unit never borrowed from another
table without evidence; implausible magnitudes caught; `--unit` as people write it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli import parse, parse_text
from begroting_cli.api import validate
from begroting_cli.cli import app
from begroting_cli.models import FinancialTable
from begroting_cli.normalise.units import find_unit, parse_unit_option

from .pdfgen import Page, Text, build_pdf

SPELLINGS = [
    ("€ '000", 1000), ("(€ 1.000)", 1000), ("bedragen * € 1.000,-", 1000), ("x 1.000 euro", 1000),
    ("(in duizenden euro's)", 1000), ("Bedragen in miljoenen", 1_000_000), ("x € 1 mln", 1_000_000),
    ("Bedragen in €", 1), ("Bedragen x € 1.000", 1000), ("(bedragen in € 1.000)", 1000),
    ("(bedragen in 1.000 euro)", 1000), ("Bedragen in 1.000 euro’s", 1000), ("in € (+ = baat, - = last)", 1),
    ("(Bedragen x € 1.000) (-/- = nadeel)", 1000),
]
ROWS = [("Lasten", "2.349", "2.500"), ("Baten", "1.016", "1.100"), ("Saldo", "-1.333", "-1.400")]


def tables(doc) -> list[FinancialTable]:
    return [e for e in doc.elements if isinstance(e, FinancialTable)]


def text_table(unit_line: str) -> str:
    body = "\n".join(" ".join(r) for r in ROWS)
    return f"Overzicht baten en lasten\n\n{unit_line}\nProgramma Begroting 2024 Begroting 2025\n{body}\n"


def pdf_table(unit_line: str) -> bytes:
    """The same table drawn on a page: label at the left, amounts right-aligned under their year."""
    texts, lines = [], [("Overzicht baten en lasten", None, None), (unit_line, None, None),
                        ("Programma", "Begroting 2024", "Begroting 2025"), *ROWS]
    for i, (label, a, b) in enumerate(lines):
        top = 72 + i * 16
        texts.append(Text(72, top, label))
        for right, cell in ((380, a), (480, b)):
            if cell:
                texts.append(Text(right - len(cell) * 5.6, top, cell))
    return build_pdf([Page(texts=texts)])


@pytest.mark.parametrize(("spelling", "multiplier"), SPELLINGS)
def test_unit_spelling_in_text(spelling: str, multiplier: int) -> None:
    t = tables(parse_text(text_table(spelling)))[0]
    assert t.unit is not None and t.unit.source == "table" and t.unit.multiplier == multiplier
    assert t.rows[0].values[0].value == Decimal(2349) * multiplier and t.rows[0].values[0].unit == "EUR"


@pytest.mark.parametrize(("spelling", "multiplier"), SPELLINGS)
def test_unit_spelling_in_pdf(tmp_path: Path, spelling: str, multiplier: int) -> None:
    path = tmp_path / "unit.pdf"
    path.write_bytes(pdf_table(spelling))
    t = tables(parse(path))[0]
    assert t.unit is not None and t.unit.multiplier == multiplier
    assert [r.label for r in t.rows] == ["Lasten", "Baten", "Saldo"]
    assert t.rows[2].values[1].value == Decimal(-1400) * multiplier


@settings(max_examples=60, deadline=None)
@given(opening=st.sampled_from(["", "(", "Bedragen ", "(bedragen ", "bedragen zijn "]),
       scale=st.sampled_from([("1.000", 1000), ("1000", 1000), ("1.000.000", 1_000_000), ("1 mln", 1_000_000)]),
       euro=st.sampled_from(["euro", "euro's", "euro’s", "eur", "€"]),
       note=st.sampled_from(["", ")", ") (-/- = nadeel)", " (+ = voordeel)", " 2024 2025"]))
def test_scale_before_the_currency_is_a_unit(opening: str, scale: tuple[str, int], euro: str, note: str) -> None:
    """"in 1.000 euro" states thousands wherever it opens a statement, with years or a sign note after it."""
    unit = find_unit(f"{opening}in {scale[0]} {euro}{note}")
    assert unit is not None and unit.multiplier == scale[1]


@given(opening=st.sampled_from(["in €", "(in €)", "In € ", "in €:"]),
       note=st.sampled_from(["", " (+ = baat, voordeel/- = last, nadeel)", " (-/- = nadeel)"]))
def test_whole_euros_with_a_sign_note_is_a_unit(opening: str, note: str) -> None:
    unit = find_unit(opening + note)
    assert unit is not None and unit.multiplier == 1


@pytest.mark.parametrize("text", ["De subsidie stijgt in 1.000 euro stappen", "Kosten in 1000 euro per jaar",
                                  "in € (1.000)", "We investeren in €-projecten"])
def test_scale_or_euro_inside_a_sentence_is_no_unit(text: str) -> None:
    assert find_unit(text) is None


def test_no_unit_in_prose_amounts_or_counts() -> None:
    from begroting_cli.normalise.units import find_unit

    assert find_unit("In duizenden gevallen kregen inwoners hulp") is None
    assert find_unit("Het project kost (€ 1.000) meer dan verwacht en dat leggen we uit in de toelichting hieronder") \
        is None


labels = st.lists(st.sampled_from(["Jeugd", "Wmo", "Onderwijs", "Sport", "Cultuur", "Wegen", "Groen", "Afval"]),
                  min_size=2, max_size=5, unique=True)
figures = st.integers(min_value=1, max_value=99_999)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_unit_never_comes_from_another_table_without_evidence(data: st.DataObject) -> None:
    """Table B shares no row with table A and no prose amount: whatever its figures, its unit stays unknown."""
    mine = data.draw(labels)
    theirs = ["Bestuur", "Veiligheid", "Ruimte"]
    a = "\n".join(f"{lb} {data.draw(figures)} {data.draw(figures)}" for lb in theirs)
    b = "\n".join(f"{lb} {data.draw(figures)} {data.draw(figures)}" for lb in mine)
    doc = parse_text(f"Tabel A\n\nBedragen x € 1.000\nProgramma Begroting 2024 Begroting 2025\n{a}\n\n"
                     f"Tabel B\n\nTaakveld Begroting 2024 Begroting 2025\n{b}\n")
    found = tables(doc)
    assert found[0].unit is not None and found[0].unit.multiplier == 1000
    for t in found[1:]:
        assert t.unit is None
        assert all(v.unit == "" for r in t.rows for v in r.values)
    assert any(d.code == "unit-unknown" and d.severity.value == "warning" for d in doc.diagnostics)


RECAP = ("Tabel 1 Recapitulatie\n\nBedragen x € 1.000\nProgramma Begroting 2025 Begroting 2026\n"
         "Veiligheid 6.628 6.700\nBestuur 21.725 22.300\nTotaal lasten 28.353 29.000\n\n"
         "Tabel 2 Meerjarenbeeld\n\nBedragen x € 1.000\nOmschrijving Begroting 2025 Raming 2026\n"
         "Totaal lasten 28.353 29.000\nTotaal baten 27.100 28.000\n\n")
TAAKVELD = ("Tabel 3 Baten en lasten per taakveld\n\n{unit}Taakveld Lasten Baten\n"
            "Veiligheid 6.627.812 123.456\nBestuur 21.724.848 26.976.456\nTotaal 28.352.660 27.099.912\n")


def test_whole_euro_table_given_a_wrong_unit_is_implausible() -> None:
    doc = parse_text(RECAP + TAAKVELD.format(unit="Bedragen x € 1.000\n"))
    report = validate(doc)
    wrong = [f for f in report.findings if f.code == "implausible-magnitude" and f.origin != "parse"]
    assert wrong and all(f.severity.value == "error" for f in wrong) and not report.valid
    assert {f.row for f in wrong} >= {"Totaal", "Bestuur"}
    assert any(d.code == "implausible-magnitude" and d.severity.value == "warning" for d in doc.diagnostics)


def test_whole_euro_table_without_unit_comes_out_in_euros() -> None:
    doc = parse_text(RECAP + TAAKVELD.format(unit=""))
    t = tables(doc)[-1]
    assert t.unit is not None and t.unit.multiplier == 1 and t.unit.source == "inferred"
    assert t.rows[-1].values[0].value == 28_352_660
    assert not [f for f in validate(doc).findings if f.code == "implausible-magnitude"]


@pytest.mark.parametrize(("text", "multiplier"), [
    ("1000", 1000), ("1.000", 1000), ("1,000", 1000), ("1.000.000", 1_000_000), ("1e3", 1000), ("1E6", 1_000_000),
    ("duizend", 1000), ("miljoen", 1_000_000), ("x € 1.000", 1000), ("1", 1),
])
def test_unit_option_as_people_write_it(text: str, multiplier: int) -> None:
    assert parse_unit_option(text) == multiplier


@pytest.mark.parametrize("text", ["0", "5", "1.5", "100", "1e-3", "abc", "", "1.00", "2.000"])
def test_unit_option_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a unit"):
        parse_unit_option(text)


SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"


@pytest.mark.parametrize("command", ["parse", "export", "validate"])
def test_unit_option_in_the_cli(command: str) -> None:
    runner = CliRunner()
    dotted = runner.invoke(app, [command, str(SAMPLE), "--unit", "1.000"])
    plain = runner.invoke(app, [command, str(SAMPLE), "--unit", "1000"])
    assert dotted.exit_code == plain.exit_code == 0 and dotted.stdout == plain.stdout
    bad = runner.invoke(app, [command, str(SAMPLE), "--unit", "1,5"])
    assert bad.exit_code == 2 and "not a unit" in bad.output


def test_columns_without_a_year_under_printed_years_are_said() -> None:
    doc = parse_text("Overzicht\n\nBedragen x € 1.000\nProgramma Begroting 2024 Raming Begroting 2026\n"
                     "Lasten 10 20 30\nBaten 5 6 7\n")
    t = tables(doc)[0]
    assert [c.label for c in t.columns if c.year is None] == ["Raming"]
    diag = next(d for d in doc.diagnostics if d.code == "column-year-missing")
    assert diag.severity.value == "warning" and diag.location.line == 4 and "'Raming'" in diag.message
    doc = parse_text("Overzicht\n\nBedragen x € 1.000\nProgramma Begroting 2024 Begroting 2025\nLasten 10 20\n")
    assert not [d for d in doc.diagnostics if d.code == "column-year-missing"]


def test_figures_that_do_not_fit_the_columns_are_an_error_that_keeps_them() -> None:
    doc = parse_text("Overzicht\n\nBedragen x € 1.000\n\nProgramma | Begroting 2024 | Begroting 2025\n"
                     "Lasten | 10 | 20\nBaten | 5 | 6 | 7 | 8\nSaldo | -5 | -14\n")
    (diag,) = [d for d in doc.diagnostics if d.code == "extra-values"]
    assert diag.severity.value == "error" and "7 | 8" in diag.message and "5 | 6 | 7 | 8" in diag.message
    assert doc.has_errors


def test_a_stated_unit_that_no_public_body_could_have_is_refused() -> None:
    # "in miljoenen" over figures printed in thousands: 70.546 million euros is more than any budget
    doc = parse_text("EMU-saldo\n\nBedragen zijn in miljoenen euro's\nOmschrijving 2019 2020\n"
                     "Exploitatiesaldo -70.546 -72.753\nInvesteringen 65.410 63.000\n")
    t = tables(doc)[0]
    assert t.unit is None and t.rows[0].values[0].value == -70546 and t.rows[0].values[0].unit == ""
    assert any(d.code == "unit-implausible" and d.severity.value == "warning" for d in doc.diagnostics)
    doc = parse_text("EMU-saldo\n\nBedragen zijn in miljoenen euro's\nOmschrijving 2019 2020\n"
                     "Exploitatiesaldo -70,5 -72,8\nInvesteringen 65,4 63,0\n")
    assert tables(doc)[0].unit is not None and tables(doc)[0].rows[0].values[0].value == -70_500_000


def _in_margin(where: str, unit_line: str, note: str) -> str:
    """The table of `text_table` with its unit printed in the margin: above the header (with a blank or a
    short line between), as the lead-in sentence, or as the footnote right under the last row."""
    body = "\n".join(" ".join(r) for r in ROWS)
    header = "Programma Begroting 2024 Begroting 2025"
    prose = "Het financiële beeld van dit programma ziet er in de komende jaren als volgt uit, zoals hieronder"
    if where == "above":
        return f"{prose}.\n\n{unit_line}{note}\n\n{header}\n{body}\n\n{prose}.\n"
    if where == "lead-in":
        return f"Overzicht\n\n{prose} ({unit_line}):\n\n{header}\n{body}\n"
    return f"Overzicht baten en lasten\n\n{header}\n{body}\n{unit_line}{note}\n\n{prose}.\n"


@settings(max_examples=40, deadline=None)
@given(where=st.sampled_from(["above", "lead-in", "below"]),
       spelling=st.sampled_from([("bedragen x €1.000", 1000), ("Bedragen x € 1.000", 1000),
                                 ("bedragen * € 1.000,-", 1000), ("x € 1 mln", 1_000_000),
                                 ("bedragen in 1.000 euro", 1000)]),
       note=st.sampled_from(["", " (-/- = nadeel)", " (+ = voordeel)"]))
def test_a_unit_in_the_tables_margin_is_its_own(where: str, spelling: tuple[str, int], note: str) -> None:
    text = _in_margin(where, spelling[0], note)
    t = tables(parse_text(text))[0]
    assert t.unit is not None and t.unit.source == "table" and t.unit.multiplier == spelling[1], text
    assert t.rows[0].values[0].value == Decimal(2349) * spelling[1]


def test_a_unit_in_a_sentence_far_above_is_not_the_tables() -> None:
    """A unit in prose paragraphs above is no margin: the table states none."""
    body = "\n".join(" ".join(r) for r in ROWS)
    prose = "De bedragen in de vorige paragraaf staan x € 1.000 vermeld, zoals in de rest van het hoofdstuk"
    text = f"{prose} waar ook andere tabellen staan.\nDaarna volgt een lange alinea zonder eenheid en zonder " \
           f"bedragen, over beleid en over uitvoering.\n\nProgramma Begroting 2024 Begroting 2025\n{body}\n"
    t = tables(parse_text(text))[0]
    assert t.unit is None or t.unit.source != "table"


@pytest.mark.parametrize("spelling", ["bedragen x €1.000 (-/- = Nadeel)", "Bedragen x € 1.000", "(in 1.000 euro)"])
def test_a_pipe_tables_first_row_may_be_its_unit(spelling: str) -> None:
    rows = "\n".join(f"{label} | {a} | {b}" for label, a, b in ROWS)
    text = f"Financieel kader\n{spelling} | | \nOmschrijving | 2024 | 2025\n{rows}\n"
    t = tables(parse_text(text))[0]
    assert t.unit is not None and t.unit.source == "table" and t.unit.multiplier == 1000, t.unit
    assert t.rows[0].values[0].value == Decimal(2349) * 1000


@pytest.mark.parametrize("gap", [0, 3, 8])
def test_a_unit_above_a_header_printed_one_cell_a_line(gap: int) -> None:
    """A header printed one cell per line puts many short lines between the unit line and the figures."""
    header = "\n\n".join(["Omschrijving", *[f"Kolom {k}" for k in range(gap)], "Begroting 2024", "Begroting 2025"])
    body = "\n\n".join(f"{label}\n\n{a}\n\n{b}" for label, a, b in ROWS)
    text = f"Berekening saldo\n(bedragen * € 1.000)\n\n{header}\n\n{body}\n"
    doc = parse_text(text)
    ts = tables(doc)
    assert ts and ts[0].unit is not None and ts[0].unit.multiplier == 1000, text


@pytest.mark.parametrize("next_word", ["Kostensoorten", "Kapitaallasten", "Mln-fonds", "kosten"])
def test_a_unit_line_is_not_read_into_the_word_on_the_next_line(next_word: str) -> None:
    # "x € 1.000" then a line starting with K or M: the unit stays x 1.000, never x 1.000.000.
    found = find_unit(f"Bedragen x € 1.000\n{next_word}")
    assert found is not None and found.multiplier == 1000
