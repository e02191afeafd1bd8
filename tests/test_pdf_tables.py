"""PDF tables read from geometry (`extract.pdf_grid`), one generated PDF per layout family:
a wrapped corner cell, a group header over three parts, a four-line small-font header, two label
columns, two stacked tables with different grids, wrapped labels by alignment, and a table over a
page break with and without its header repeated."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse
from begroting_cli.models import FinancialTable

from .pdfgen import HELVETICA_BOLD, Page, Text, build_pdf, centred, right_aligned

SIZE = 8.0
PITCH = 12.0
RIGHT = [300.0, 360.0, 420.0]  # right edges of three amount columns


def _tables(tmp_path: Path, pages: list[Page]) -> list[FinancialTable]:
    path = tmp_path / "t.pdf"
    path.write_bytes(build_pdf(pages))
    return [e for e in parse(path).elements if isinstance(e, FinancialTable)]


def _row(top: float, label: str | list[tuple[float, str]], values: list[str], right: list[float]) -> list[Text]:
    parts = [(72.0, label)] if isinstance(label, str) else label
    out = [Text(x, top, text, SIZE) for x, text in parts]
    out += [right_aligned(x1, top, v, SIZE) for x1, v in zip(right, values) if v]
    return out


def _cells(table: FinancialTable) -> dict[tuple[str, int | None], Decimal | None]:
    return {(r.label, c.year): v.value for r in table.rows for c, v in zip(table.columns, r.values)}


def test_a_wrapped_corner_cell_does_not_make_its_year_line_a_row(tmp_path: Path) -> None:
    """`Programma: P1 Veiligheid en` / `handhaving` in the corner, the years beside its second line."""
    texts = [Text(72, 60, "Tabel 1 - Baten en lasten (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             Text(72, 80, "Programma: P1 Veiligheid en", SIZE),
             *[right_aligned(x, 80, "Begroting", SIZE) for x in RIGHT],
             Text(72, 92, "handhaving", SIZE),
             *[right_aligned(x, 92, y, SIZE) for x, y in zip(RIGHT, ("2024", "2025", "2026"))]]
    rows = [("Baten", ["100", "110", "120"]), ("Lasten", ["-60", "-65", "-70"]), ("Saldo", ["40", "45", "50"])]
    for i, (label, vals) in enumerate(rows):
        texts += _row(106 + PITCH * i, label, vals, RIGHT)
    (table,) = _tables(tmp_path, [Page(texts=texts)])
    assert [c.year for c in table.columns] == [2024, 2025, 2026]
    assert [r.label for r in table.rows] == ["Baten", "Lasten", "Saldo"]
    assert _cells(table)[("Baten", 2024)] == Decimal(100_000)
    assert all(v.value != Decimal(2_024_000) for r in table.rows for v in r.values)


def test_a_group_header_spans_the_three_parts_under_it(tmp_path: Path) -> None:
    """`Begroting 2025` centred over Lasten / Baten / Saldo, `Begroting 2026` over the next three."""
    right = [230.0, 280.0, 330.0, 400.0, 450.0, 500.0]
    texts = [Text(72, 60, "Tabel 2 - Programma's (bedragen x € 1.000)", SIZE, HELVETICA_BOLD)]
    for group, cols in (("Begroting 2025", right[:3]), ("Begroting 2026", right[3:])):
        texts.append(centred((cols[0] - 20 + cols[-1]) / 2, 80, group, SIZE))
        texts += [right_aligned(x, 92, part, SIZE) for x, part in zip(cols, ("Lasten", "Baten", "Saldo"))]
    texts.append(Text(72, 92, "Programma", SIZE))
    for i, (label, vals) in enumerate([("Bestuur", ["-500", "100", "-400", "-510", "110", "-400"]),
                                       ("Veiligheid", ["-300", "20", "-280", "-310", "20", "-290"])]):
        texts += _row(106 + PITCH * i, label, vals, right)
    (table,) = _tables(tmp_path, [Page(texts=texts)])
    assert [(c.year, (c.part or "").lower()) for c in table.columns] == \
        [(2025, "lasten"), (2025, "baten"), (2025, "saldo"), (2026, "lasten"), (2026, "baten"), (2026, "saldo")]
    assert all("Begroting" in c.label for c in table.columns)
    assert _cells(table)[("Veiligheid", 2026)] in (Decimal(-290_000), Decimal(20_000), Decimal(-310_000))
    assert [v.value for v in table.rows[1].values][3:] == [Decimal(-310_000), Decimal(20_000), Decimal(-290_000)]


def test_a_four_line_small_font_header_names_its_columns(tmp_path: Path) -> None:
    """Investment-table headers: column names stacked word by word in a smaller font."""
    small = 6.0
    stacks = [["Totaal", "beschikbaar", "gesteld", "krediet"], ["Nog te", "besteden", "peildatum", "2024"],
              ["Begroting", "2025: te", "stellen", "krediet"]]
    texts = [Text(72, 50, "Tabel 3 - Investeringen", SIZE, HELVETICA_BOLD)]
    for stack, x in zip(stacks, RIGHT):
        texts += [centred(x - 18, 70 + 7 * k, word, small, HELVETICA_BOLD) for k, word in enumerate(stack)]
    texts.append(Text(72, 91, "Omschrijving", small, HELVETICA_BOLD))
    for i, (label, vals) in enumerate([("Sporthal", ["7.411.000", "-309.258", "-"]),
                                       ("Verduurzaming school", ["210.000", "117.318", "50.000"]),
                                       ("Totaal", ["7.621.000", "-191.940", "50.000"])]):
        texts += _row(104 + PITCH * i, label, vals, RIGHT)
    (table,) = _tables(tmp_path, [Page(texts=texts)])
    assert [c.label for c in table.columns] == ["Totaal beschikbaar gesteld krediet",
                                                "Nog te besteden peildatum 2024",
                                                "Begroting 2025: te stellen krediet"]
    assert table.columns[2].year == 2025
    assert [r.label for r in table.rows] == ["Sporthal", "Verduurzaming school", "Totaal"]
    assert [v.raw for v in table.rows[0].values] == ["7.411.000", "-309.258", "-"]


def test_two_label_columns_keep_the_name_as_the_label(tmp_path: Path) -> None:
    """A code column and a sign column before the name (`1a.` | `(+)` | `Uitzettingen`)."""
    texts = [Text(72, 60, "Tabel 4 - EMU-saldo (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             *[right_aligned(x, 80, y, SIZE) for x, y in zip(RIGHT, ("2024", "2025", "2026"))]]
    rows = [([(72, "1."), (110, "Mutaties financiële activa")], []),
            ([(72, "1a."), (110, "(+)"), (140, "Financiële vaste activa")], ["-31", "43", "45"]),
            ([(72, "1b."), (110, "(+)"), (140, "Uitzettingen")], ["-11.318", "-7.253", "0"]),
            ([(72, "2a."), (110, "(-)"), (140, "Vaste schuld")], ["12", "1.487", "3.619"])]
    for i, (label, vals) in enumerate(rows):
        texts += _row(94 + PITCH * i, label, vals, RIGHT)
    (table,) = _tables(tmp_path, [Page(texts=texts)])
    cells = _cells(table)
    assert cells[("Uitzettingen", 2024)] == Decimal(-11_318_000)
    assert cells[("Vaste schuld", 2026)] == Decimal(3_619_000)
    assert cells[("Financiële vaste activa", 2025)] == Decimal(43_000)


def test_two_stacked_tables_keep_their_own_grids(tmp_path: Path) -> None:
    """A table directly under another, with its own years line at other positions."""
    texts = [Text(72, 60, "Tabel 5 - Lasten (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             *[right_aligned(x, 80, y, SIZE) for x, y in zip(RIGHT, ("2024", "2025", "2026"))]]
    texts += _row(92, "Bestuur", ["100", "110", "120"], RIGHT)
    texts += _row(104, "Veiligheid", ["200", "210", "220"], RIGHT)
    other = [330.0, 450.0]
    texts += [right_aligned(x, 116, y, SIZE) for x, y in zip(other, ("2027", "2028"))]
    texts += _row(128, "Reserves", ["1.000", "2.000"], other)
    texts += _row(140, "Voorzieningen", ["3.000", "4.000"], other)
    tables = _tables(tmp_path, [Page(texts=texts)])
    assert [[c.year for c in t.columns] for t in tables] == [[2024, 2025, 2026], [2027, 2028]]
    # its own figures under its own years (the unit statement above the first table is not its own)
    assert {(r.label, c.year): v.raw for r in tables[1].rows for c, v in zip(tables[1].columns, r.values)} == \
        {("Reserves", 2027): "1.000", ("Reserves", 2028): "2.000",
         ("Voorzieningen", 2027): "3.000", ("Voorzieningen", 2028): "4.000"}
    assert [r.label for r in tables[0].rows] == ["Bestuur", "Veiligheid"]


def test_a_table_stacked_without_a_gap_or_years_line_keeps_its_grid(tmp_path: Path) -> None:
    """The second table's header names its columns in words only, and its amounts stand in
    other columns: the band structure changes, so a new table starts there."""
    texts = [Text(72, 60, "Tabel 13 - Lasten (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             *[right_aligned(x, 80, y, SIZE) for x, y in zip(RIGHT, ("2024", "2025", "2026"))]]
    texts += _row(92, "Bestuur", ["100", "110", "120"], RIGHT)
    texts += _row(104, "Veiligheid", ["200", "210", "220"], RIGHT)
    other = [250.0, 330.0, 480.0]
    texts += [right_aligned(x, 116, h, SIZE) for x, h in zip(other, ("Stand", "Mutatie", "Eindstand"))]
    texts += _row(128, "Algemene reserve", ["1.000", "-200", "800"], other)
    texts += _row(140, "Egalisatiereserve", ["3.000", "100", "3.100"], other)
    tables = _tables(tmp_path, [Page(texts=texts)])
    assert [[c.label for c in t.columns] for t in tables] == [["2024", "2025", "2026"], ["Stand", "Mutatie", "Eindstand"]]
    assert [[v.raw for v in r.values] for r in tables[1].rows] == [["1.000", "-200", "800"], ["3.000", "100", "3.100"]]
    assert [r.label for r in tables[0].rows] == ["Bestuur", "Veiligheid"]


def test_wrapped_labels_follow_the_alignment_of_the_table(tmp_path: Path) -> None:
    """Labels centred on their figures in one table (`Ontvlechting Sociaal Domein` / `200` /
    `Voorschoten`), bottom-aligned in another (`Rijnlands` / `Lyceum 6.116`) whose label column
    is too narrow for the next word; a caption line in a wide label column is a row of its own."""
    narrow = [200.0, 260.0]
    centre = [Text(72, 60, "Tabel 6 - Incidenteel (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
              *[right_aligned(x, 74, y, SIZE) for x, y in zip(narrow, ("2025", "2026"))],
              Text(72, 88, "Ontvlechting Sociaal", SIZE), *_row(97, "", ["200", ""], narrow)[1:],
              Text(72, 106, "Domein Voorschoten", SIZE),
              *_row(118, "Back office applicatie", ["120", "-"], narrow)]
    tight = [170.0, 230.0]  # the label column ends where the next word would not fit
    bottom = [Text(72, 200, "Tabel 7 - Investeringen (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
              *[right_aligned(x, 214, y, SIZE) for x, y in zip(tight, ("2025", "2026"))],
              Text(72, 228, "Rijnlands", SIZE), *_row(240, "Lyceum", ["6.116", "1.888"], tight),
              Text(72, 252, "Verduurzaming", SIZE), *_row(264, "Kerkehout 6", ["145", "131"], tight)]
    wide = [Text(72, 340, "Tabel 8 - Kasstroom (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
            *[right_aligned(x, 354, y, SIZE) for x, y in zip(RIGHT[1:], ("2025", "2026"))],
            Text(72, 368, "Operationele activiteiten", SIZE),
            *_row(380, "Resultaat", ["9", "12"], RIGHT[1:]),
            *_row(392, "Afschrijvingen", ["3.137", "3.200"], RIGHT[1:])]
    tables = _tables(tmp_path, [Page(texts=centre + bottom + wide)])
    labels = [[r.label for r in t.rows if not r.section] for t in tables]
    assert ["Ontvlechting Sociaal Domein Voorschoten", "Back office applicatie"] in labels
    assert ["Rijnlands Lyceum", "Verduurzaming Kerkehout 6"] in labels
    assert ["Resultaat", "Afschrijvingen"] in labels


def test_a_word_broken_inside_for_want_of_room_is_joined(tmp_path: Path) -> None:
    """`Uitvoeringsmaatre` / `gelen Groene Zone`: a word wider than its column, broken where the
    column ends, reads as one word; `Verbeteren` / `fietsveiligheid` broke at a space."""
    tight = [175.0, 225.0]
    texts = [Text(72, 60, "Tabel 12 - Investeringen (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             *[right_aligned(x, 74, y, SIZE) for x, y in zip(tight, ("2025", "2026"))],
             Text(72, 88, "Uitvoeringsmaatre", SIZE), Text(72, 100, "gelen Groene", SIZE),
             *_row(112, "Zone", ["171", "521"], tight),
             Text(72, 124, "Verbeteren", SIZE), *_row(136, "fietsveiligheid", ["100", "64"], tight)]
    (table,) = _tables(tmp_path, [Page(texts=texts)])
    assert [r.label for r in table.rows] == ["Uitvoeringsmaatregelen Groene Zone", "Verbeteren fietsveiligheid"]


def _top_aligned(rules: bool) -> Page:
    """A Word table with its figures on the first line of each cell (Word's default): read from
    whitespace alone the lines `V L V L V` are as well bottom-aligned rows as top-aligned ones."""
    tight = [170.0, 230.0]
    texts = [Text(72, 60, "Tabel 11 - Investeringen (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             *[right_aligned(x, 76, y, SIZE) for x, y in zip(tight, ("2025", "2026"))]]
    cells = [("Rijnlands", "Lyceum", ["6.116", "1.888"]), ("Kerkehout", "Verduurzaming", ["145", "131"]),
             ("Totaal", None, ["6.261", "2.019"])]
    borders = [(70.0, 86.0, 240.0)]
    top = 90.0
    for first, second, vals in cells:
        texts += _row(top, first, vals, tight)
        if second:
            texts.append(Text(72, top + PITCH, second, SIZE))
        top += PITCH * (2 if second else 1) + 4
        borders.append((70.0, top - 4, 240.0))
    return Page(texts=texts, rules=borders if rules else [])


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_ruling_lines_decide_where_a_wrapped_row_ends(tmp_path: Path, engine: str) -> None:
    """Ruling lines between the rows are the cell borders: the label lines between two rules are
    one cell, which whitespace alone cannot tell here."""
    path = tmp_path / "ruled.pdf"
    path.write_bytes(build_pdf([_top_aligned(rules=True)]))
    (table,) = [e for e in parse(path, pdf_engine=engine).elements if isinstance(e, FinancialTable)]
    assert [(r.label, [v.raw for v in r.values]) for r in table.rows] == [
        ("Rijnlands Lyceum", ["6.116", "1.888"]), ("Kerkehout Verduurzaming", ["145", "131"]),
        ("Totaal", ["6.261", "2.019"])]
    unruled = _tables(tmp_path, [_top_aligned(rules=False)])
    assert [r.label for t in unruled for r in t.rows] != [r.label for r in table.rows]  # ambiguous without


@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_table_over_a_page_break_is_one_table(tmp_path: Path, repeat_header: bool) -> None:
    def page(rows: list[tuple[str, list[str]]], header: bool) -> Page:
        texts = [Text(72, 60, "Tabel 9 - Lasten per taakveld (bedragen x € 1.000)", SIZE, HELVETICA_BOLD)] \
            if header and not repeat_header or rows[0][0] == "Bestuur" else []
        top = 80.0
        if header:
            texts += [Text(72, top, "Taakveld", SIZE)]
            texts += [right_aligned(x, top, y, SIZE) for x, y in zip(RIGHT, ("2024", "2025", "2026"))]
            top += 14
        for i, (label, vals) in enumerate(rows):
            texts += _row(top + PITCH * i, label, vals, RIGHT)
        return Page(texts=texts)

    first = [("Bestuur", ["100", "110", "120"]), ("Burgerzaken", ["50", "55", "60"])]
    second = [("Verkeer", ["300", "310", "320"]), ("Totaal", ["450", "475", "500"])]
    tables = _tables(tmp_path, [page(first, True), page(second, repeat_header)])
    assert len(tables) == 1
    (table,) = tables
    assert [r.label for r in table.rows] == ["Bestuur", "Burgerzaken", "Verkeer", "Totaal"]
    assert _cells(table)[("Totaal", 2026)] == Decimal(500_000)
    assert [r.provenance.page for r in table.rows] == [1, 1, 2, 2]


@settings(max_examples=15, deadline=None)
@given(n=st.integers(min_value=1, max_value=6), rows=st.lists(
    st.tuples(st.sampled_from(["Bestuur", "Veiligheid", "Onderwijs", "Zorg en welzijn", "Verkeer"]),
              st.lists(st.integers(min_value=-99_999, max_value=99_999), min_size=6, max_size=6)),
    min_size=2, max_size=6, unique_by=lambda r: r[0]))
def test_any_right_aligned_table_reads_back(tmp_path_factory: pytest.TempPathFactory, n: int,
                                            rows: list[tuple[str, list[int]]]) -> None:
    """Property: a header of years over n right-aligned amount columns (one column too) gives the
    printed figures back, each under its year, whatever the widths of the figures."""
    right = [200.0 + 60 * i for i in range(n)]
    years = [2023 + i for i in range(n)]
    texts = [Text(72, 50, "Tabel 10 - Overzicht (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             Text(72, 70, "Omschrijving", SIZE), *[right_aligned(x, 70, str(y), SIZE) for x, y in zip(right, years)]]
    for i, (label, vals) in enumerate(rows):
        texts += _row(84 + PITCH * i, label, [f"{v:,}".replace(",", ".") for v in vals[:n]], right)
    (table,) = _tables(tmp_path_factory.mktemp("prop"), [Page(texts=texts)])
    assert [c.year for c in table.columns] == years
    assert {r.label: [v.value for v in r.values] for r in table.rows} == \
        {label: [Decimal(v * 1000) for v in vals[:n]] for label, vals in rows}


def test_one_band_of_figures_under_a_head_without_a_year_is_no_grid(tmp_path: Path) -> None:
    """A list with one figure per line under a head that names no year ("Percentage") is not read
    as a one-column table from geometry: nothing says what period its figures are for."""
    texts = [Text(72, 60, "Kansklassen", SIZE, HELVETICA_BOLD), Text(72, 80, "Klasse", SIZE),
             Text(160, 80, "Omschrijving", SIZE), Text(300, 80, "Percentage", SIZE)]
    for i, (code, words, pct) in enumerate([("3", "vaak", "70%"), ("2", "soms", "25%"), ("1", "zelden", "5%")]):
        texts += [Text(72, 94 + PITCH * i, code, SIZE), Text(160, 94 + PITCH * i, words, SIZE),
                  Text(300, 94 + PITCH * i, pct, SIZE)]
    assert _tables(tmp_path, [Page(texts=texts)]) == []


@pytest.mark.parametrize("nil_column", [0, 1, 2])
def test_a_column_of_nil_dashes_keeps_its_wrapped_head(tmp_path: Path, nil_column: int) -> None:
    """A column that prints only "-" is as wide as its dashes; its wrapped head ("Begroting 2019" /
    "na wijziging", right-aligned like the amounts) still belongs to it, not to the nearer column."""
    heads = [["Jaarrekening", "2018"], ["Begroting 2019", "na wijziging"], ["Begroting na", "wijziging 2020"]]
    right, head = [224.0, 288.0, 352.0], 7.0  # narrow columns, a smaller head font
    texts = [Text(72, 60, "Tabel 5 - Overzicht (bedragen x € 1.000)", SIZE, HELVETICA_BOLD),
             Text(40, 80, "Programma", head)]
    for x, (upper, lower) in zip(right, heads):
        texts += [right_aligned(x, 80, upper, head), right_aligned(x, 89, lower, head)]
    rows = [("Bestuur", ["194.058", "12.345", "226.979"]), ("Riolering", ["145.079", "67.890", "-"])]
    for i, (label, vals) in enumerate(rows):
        vals = ["-" if k == nil_column else v for k, v in enumerate(vals)]
        texts += _row(102 + PITCH * i, [(40.0, label)], vals, right)
    (table,) = _tables(tmp_path, [Page(texts=texts)])
    assert [(c.year, c.scenario.value if c.scenario else None) for c in table.columns] == \
        [(2018, "realisatie"), (2019, "begroting_na_wijziging"), (2020, "begroting_na_wijziging")]
