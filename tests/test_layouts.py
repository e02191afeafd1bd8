"""Layout families on small hand-made documents: each rule must hold for pages we have not seen."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable, IndicatorTable

ROWS = """Overzicht van baten en lasten

Bedragen x € 1.000
Programma Rekening 2019 Begroting 2020
Lasten Baten Saldo Lasten Baten Saldo
Programma 1 1.000 200 800 1.100 300 800
Programma 2 500 500 600 600
Programma 3 700 100 700 100
"""


def table(doc):  # noqa: ANN001, ANN201
    return next(e for e in doc.elements if isinstance(e, FinancialTable))


def test_ragged_row_aligned_only_where_arithmetic_proves_it() -> None:
    doc = parse_text(ROWS)
    t = table(doc)
    p1, p2, p3 = t.rows
    assert p1.label == "Programma 1" and p1.values[0].value == 1_000_000
    # "Programma 2 500 500 600 600": baten empty, saldo = lasten - baten holds only in this placement
    assert p2.label == "Programma 2"
    assert [v.value for v in p2.values] == [500000, None, 500000, 600000, None, 600000]
    assert any(d.code == "ragged-aligned" and d.location.row == "Programma 2" for d in doc.diagnostics)
    # "Programma 3 700 100 700 100" fits no placement: kept in order, and said so
    assert any(d.code == "ragged-row" and d.location.line == 8 for d in doc.diagnostics)


def test_unit_line_after_table_and_trailing_minus() -> None:
    doc = parse_text("Programma Begroting 2021 Realisatie 2021\nBaten Lasten Saldo Baten Lasten Saldo\n"
                     "1 Bestuur 329 4.977- 4.648- 739 5.129- 4.390-\n2 Ruimte 3.040 7.978- 4.938- 5.589 10.981- 5.392-\n"
                     "\nBedragen x € 1.000\n")
    t = table(doc)
    assert t.unit is not None and t.unit.multiplier == 1000
    assert t.rows[0].values[1].value == -4977000 and t.rows[0].values[1].raw == "4.977-"


def test_unit_of_another_table_without_evidence_stays_unknown() -> None:
    doc = parse_text("Tabel A\n\nBedragen x € 1.000\nProgramma Begroting 2021 Begroting 2022\nLasten 10 20\n"
                     "Baten 5 6\n\nTabel B\n\nProgramma Begroting 2021 Begroting 2022\nLasten 7 8\nBaten 1 2\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert tables[0].unit is not None and tables[0].unit.source == "table" and tables[1].unit is None
    assert (tables[1].rows[0].values[0].value, tables[1].rows[0].values[0].unit) == (7, "")
    assert any(d.code == "unit-unknown" and d.severity.value == "warning" and "Tabel B" in d.message
               for d in doc.diagnostics)


def test_unit_of_another_table_taken_where_figures_repeat() -> None:
    doc = parse_text("Tabel A\n\nBedragen x € 1.000\nProgramma Begroting 2021 Begroting 2022\n"
                     "Veiligheid 6.628 6.700\nBestuur 64.233 65.000\n\nTabel B\n\n"
                     "Programma Begroting 2021 Rekening 2020\nVeiligheid 6.628 6.100\nBestuur 64.233 63.000\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert [t.unit.source for t in tables] == ["table", "inferred"]
    assert tables[1].rows[0].values[1].value == 6_100_000
    assert any(d.code == "unit-inferred" and d.severity.value == "warning" for d in doc.diagnostics)


def test_whole_euro_table_repeating_rounded_thousands_is_whole_euros() -> None:
    doc = parse_text("Tabel A\n\nBedragen x € 1.000\nProgramma Begroting 2025 Begroting 2026\n"
                     "Totaal lasten 88.353 89.000\nTotaal baten 87.100 88.000\n\nTabel B\n\n"
                     "Taakveld Lasten Baten\nVeiligheid 12.345.678 1.234.567\nTotaal lasten 88.352.660 0\n"
                     "Totaal baten 0 87.099.912\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert tables[1].unit is not None and tables[1].unit.multiplier == 1
    assert tables[1].rows[1].values[0].value == 88_352_660


def test_cells_one_per_paragraph_with_stacked_header() -> None:
    text = "Programma\n\nRekening 2016\n\nBegroting 2017\n\nLasten\n\nBaten\n\nSaldo\n\nLasten\n\nBaten\n\nSaldo\n\n" \
           "Programma 0\n\n3.961\n\n2.023\n\n1.938\n\n2.802\n\n960\n\n1.842\n"
    t = table(parse_text(text, unit=1000))
    assert [c.label for c in t.columns][:2] == ["Rekening 2016 Lasten", "Rekening 2016 Baten"]
    assert t.rows[0].label == "Programma 0" and t.rows[0].values[4].value == 960000


def test_percentages_make_an_indicator_table() -> None:
    doc = parse_text("Kengetallen:\n\nRekening\n2015\n\nRekening\n2016\n\nNetto schuldquote\n\n85%\n\n58%\n\n"
                     "Solvabiliteitsratio\n\n31%\n\n29%\n")
    ind = next(e for e in doc.elements if isinstance(e, IndicatorTable))
    assert [c.year for c in ind.columns] == [2015, 2016]
    assert ind.rows[1].values[0].value == Decimal(31) and ind.rows[1].values[0].unit == "%"


def test_navigation_boilerplate_is_not_content() -> None:
    doc = parse_text("Inleiding\n\nTerug naar navigatie - Inleiding\n\nDe raad stelt de begroting vast.\n")
    texts = [e for e in doc.elements if e.type == "text"]
    assert any(t.boilerplate for t in texts) and any(not t.boilerplate for t in texts)


def test_printed_euro_total_fixes_the_scale() -> None:
    doc = parse_text("Programma Begroting 2024 Begroting 2025\nLasten 2.349 2.500\nBaten 1.000 1.100\n\n"
                     "Per saldo is er sprake van een negatief saldo van € 2.349.000.\n")
    t = table(doc)
    assert t.unit is not None and t.unit.multiplier == 1000 and t.unit.source == "inferred"
    assert t.rows[0].values[0].value == 2_349_000
    assert any(d.code == "unit-inferred" and "line 5" in d.message for d in doc.diagnostics)


def test_one_amount_column_is_a_table_only_with_money_evidence() -> None:
    doc = parse_text("Mutaties\n\nBedragen x € 1.000\nProgramma Begroting 2025\nBestuur 120\nRuimte -80\n")
    t = table(doc)
    assert [(c.label, c.scenario.value, c.year) for c in t.columns] == [("Begroting 2025", "begroting", 2025)]
    assert [(r.label, r.values[0].value) for r in t.rows] == [("Bestuur", 120_000), ("Ruimte", -80_000)]
    # no unit line, but the labels are money terms
    doc = parse_text("Overzicht\n\nOmschrijving Raming 2026\nBaten 1.200\nLasten 900\nSaldo 300\n")
    assert [r.label for r in table(doc).rows] == ["Baten", "Lasten", "Saldo"]
    # counts under a one-year header, no unit, no money words: left as text, not guessed into a table
    doc = parse_text("Kerncijfers\n\nOmschrijving Realisatie 2023\nInwoners 45.000\nWoningen 20.100\n")
    assert not [e for e in doc.elements if isinstance(e, FinancialTable)]


WRAPPED = """Investeringen

Omschrijving Begroting 2025 Begroting 2026
Versterking
Dorpskern 5.590.000 651.933
Verledding openb.
verlichting 404.000 356.000
Rolstoeltoeg. wc
unit speelveld Dr.
Mansveltkade 110.000 110.000
"""


def test_labels_wrapped_above_their_figures_are_joined() -> None:
    """Most figure rows have label lines right above them: those lines are the label's start,
    also when one ends in an abbreviation's period ("openb.", "Dr.")."""
    tables = [e for e in parse_text(WRAPPED).elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1
    assert [(r.label, r.values[0].value) for r in tables[0].rows] == [
        ("Versterking Dorpskern", 5_590_000), ("Verledding openb. verlichting", 404_000),
        ("Rolstoeltoeg. wc unit speelveld Dr. Mansveltkade", 110_000)]
    # a label alone over figures without one, then a label wrapped over its row: never mixed up
    doc = parse_text(WRAPPED + "Wegen Jaagpad\n- 200.000\nWegen Jagerslaan\nNoord 100.000 -\n")
    rows = [r for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows]
    assert [(r.label, [v.raw for v in r.values]) for r in rows[3:]] == [
        ("Wegen Jaagpad", ["-", "200.000"]), ("Wegen Jagerslaan Noord", ["100.000", "-"])]


def test_section_captions_over_several_rows_stay_sections() -> None:
    doc = parse_text("Reserves\n\nBedragen x € 1.000\nOmschrijving Begroting 2025 Begroting 2026\nAlgemene reserves\n"
                     "Algemene reserve 100 110\nReserve grondexploitatie 20 30\nBestemmingsreserves\n"
                     "Reserve onderhoud 5 6\nReserve sociaal domein 7 8\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    labels = [r.label for t in tables for r in t.rows]
    assert "Algemene reserve" in labels and "Reserve onderhoud" in labels
    assert not any(label.startswith(("Algemene reserves ", "Bestemmingsreserves ")) for label in labels)


def test_amounts_listed_under_a_unit_line_form_a_table_without_header() -> None:
    doc = parse_text("Kasstroomoverzicht\n\nBedragen x € 1.000\nToename:\nStortingen in voorzieningen 3.556\n"
                     "Afschrijvingen 2.683\nBegrotingssaldo 32\nAfname:\nNetto investeringen -4.128\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    rows = [(r.label, r.values[0].value) for t in tables for r in t.rows if r.values and r.values[0].value is not None]
    assert rows == [("Stortingen in voorzieningen", 3_556_000), ("Afschrijvingen", 2_683_000),
                    ("Begrotingssaldo", 32_000), ("Netto investeringen", -4_128_000)]
    assert any(d.code == "no-header" for d in doc.diagnostics)  # said, not guessed
    # two such lines are not enough to call it a table
    doc = parse_text("Toelichting\n\nBedragen x € 1.000\nAfschrijvingen 2.683\nBegrotingssaldo 32\n\nEen zin.\n")
    assert not [e for e in doc.elements if isinstance(e, FinancialTable)]


def test_kengetallen_table_with_verslag_begr_headers_and_numbered_rows() -> None:
    doc = parse_text("Tabel 8.3 Overzicht kengetallen\n\n2023 2024 2025\nKengetallen: Verslag Begr. Begr.\n"
                     "1a. Netto schuldquote -20,5 -9,3 -1,3\n1b. Netto schuldquote\ngecorrigeerd voor -26,2 -14,6 -6,7\n"
                     "verstrekte leningen\n2. Solvabiliteitsratio 60,5 61,3 62,1\n4. Structurele\n"
                     "-1,4 0,0 0,0\nexploitatie ruimte\n5. Belastingcapaciteit 166,6 164,3 181,6\n")
    tables = [e for e in doc.elements if isinstance(e, (FinancialTable, IndicatorTable))]
    assert len(tables) == 1
    t = tables[0]
    assert [(c.scenario.value, c.year) for c in t.columns] == [("realisatie", 2023), ("begroting", 2024),
                                                               ("begroting", 2025)]
    firsts = [r.values[0].value for r in t.rows if r.values and r.values[0].value is not None]
    assert firsts == [Decimal("-20.5"), Decimal("-26.2"), Decimal("60.5"), Decimal("-1.4"), Decimal("166.6")]
    names = [getattr(r, "indicator", None) or getattr(r, "label", None) for r in t.rows]
    assert names == ["1a. Netto schuldquote", "1b. Netto schuldquote gecorrigeerd voor verstrekte leningen",
                     "2. Solvabiliteitsratio", "4. Structurele exploitatie ruimte", "5. Belastingcapaciteit"]
    assert not [e for e in doc.elements if e.type == "list"]  # numbered rows are not a list


LEGES = """Berekening kostendekkendheid leges

Kosten baten kostendek.
Burgerlijke stand 90.712 125.404 138%
Reisdocumenten 322.060 316.760 98%
Secretarieleges
- Bestuursstukken
- Gemeentearchief
Totaal secretarieleges 51.509 83.903 163%
Bijzondere wetten
- Huisvestingswet
- Diversen
102.712 45.472 44%
Totaal Bijzondere wetten
Totaal leges 654.592 651.907 100%
"""


def test_itemised_groups_and_their_totals_stay_in_the_table() -> None:
    """Bulleted items without figures, then the group's total (or figures with the total's label
    printed under them), are rows of the table, not a list that swallows them."""
    doc = parse_text(LEGES)
    rows = [(r.label, r.values[0].raw) for e in doc.elements if isinstance(e, FinancialTable) for r in e.rows
            if r.values and r.values[0].raw]
    assert rows == [("Burgerlijke stand", "90.712"), ("Reisdocumenten", "322.060"),
                    ("Totaal secretarieleges", "51.509"), ("Totaal Bijzondere wetten", "102.712"),
                    ("Totaal leges", "654.592")]
    assert not [e for e in doc.elements if e.type == "list"]
    first = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert [c.label for c in first.columns] == ["Kosten", "baten", "kostendek."]  # a header without years


def test_lead_in_line_ends_its_lists_title_path_and_two_lists_under_one_heading_stay_two() -> None:
    from begroting_cli.models import ItemList

    doc = parse_text("Beleid\n\nWe zijn gebonden aan:\n\n- de Gemeentewet;\n- de Invorderingswet.\n\n"
                     "Het tarievenbeleid gaat uit van:\n\n- kostendekkende tarieven;\n- geen lastenstijging.\n")
    lists = [e for e in doc.elements if isinstance(e, ItemList)]
    assert len(lists) == 2
    assert [lst.title_path for lst in lists] == [["Beleid", "We zijn gebonden aan:"],
                                                 ["Beleid", "Het tarievenbeleid gaat uit van:"]]
    assert [i.text for i in lists[1].items] == ["kostendekkende tarieven;", "geen lastenstijging."]


def _balance_cells(years: list[int], groups: list[tuple[list[str], list[str]]], figures: list[list[int]]) -> str:
    """A balance sheet one cell per line: 'Realisatie' / 'Begroting' over the years, and caption
    lines ('Activa', 'Vaste activa') right above the first row of each group."""
    cells = ["Geprognosticeerde balans", "Bedragen x € 1.000", "Omschrijving", "Realisatie", "Begroting",
             *map(str, years)]
    k = 0
    for captions, labels in groups:
        cells += captions
        for label in labels:
            cells += [label, *(f"{v:,}".replace(",", ".") for v in figures[k])]
            k += 1
    return "\n\n".join(cells) + "\n"


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 7), st.integers(2018, 2030), st.lists(st.tuples(st.integers(0, 2), st.integers(1, 4)),
                                                            min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_realisatie_then_begroting_over_years_and_captions_above_rows(ncols, first, shape, rnd) -> None:  # noqa: ANN001
    """'Realisatie' then 'Begroting' over m years: the closed year is realisatie, the budget spans the
    rest; a run of captions above a row's label is no set of sub-rows when one row's figures follow."""
    years = list(range(first, first + ncols))
    groups, expected = [], []
    for gi, (ncap, nrows) in enumerate(shape):
        captions = [f"Groep {gi} niveau {c}" for c in range(ncap)]
        labels = [f"Post {gi}-{r} activa" for r in range(nrows)]
        groups.append((captions, labels))
        expected += labels
    figures = [[rnd.randint(1, 999_999) for _ in years] for _ in expected]
    t = table(parse_text(_balance_cells(years, groups, figures)))
    assert [(c.scenario.value if c.scenario else None, c.year) for c in t.columns] == \
        [("realisatie", years[0])] + [("begroting", y) for y in years[1:]]
    rows = {r.label: [v.value for v in r.values] for r in t.rows if any(v.value is not None for v in r.values)}
    assert rows == {label: [Decimal(v) * 1000 for v in vals] for label, vals in zip(expected, figures)}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 99_999)), min_size=4, max_size=4)
                .filter(lambda r: 0 < sum(v is not None for v in r) < 4), min_size=2, max_size=6))
def test_empty_cells_printed_as_single_spaces_keep_their_columns(rows) -> None:  # noqa: ANN001
    """Cells joined by one space, each empty cell a space of its own: the spacing places every figure."""
    def cell(v: int | None) -> str:
        return " " if v is None else f"{v:,}".replace(",", ".")

    lines = ["Incidentele baten en lasten", "", "Bedragen x € 1.000", "Omschrijving 2024 2025 2026 2027"]
    lines += [" ".join([f"Post {chr(97 + i)}", *map(cell, r)]) for i, r in enumerate(rows)]
    t = table(parse_text("\n".join(lines) + "\n"))
    assert [[v.value for v in r.values] for r in t.rows] == \
        [[None if v is None else Decimal(v) * 1000 for v in r] for r in rows]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(st.integers(1, 99_999), min_size=3, max_size=3)),
                min_size=3, max_size=8).filter(lambda rows: not rows[0][0] and any(apart for apart, _ in rows[1:-1])))
def test_a_label_exported_apart_from_its_figures_stays_in_the_table(rows) -> None:  # noqa: ANN001
    """'Subtotaal' / blank / '3.452 5.034 2.984': a row whose label and figures became paragraphs of
    their own, after the table's first row, is one row of the table, not its end."""
    lines = ["Incidentele lasten", "", "Bedragen x € 1.000", "Omschrijving 2024 2025 2026"]
    for i, (apart, vals) in enumerate(rows):
        figures = " ".join(f"{v:,}".replace(",", ".") for v in vals)
        lines += [f"Post {chr(97 + i)}", "", figures] if apart else [f"Post {chr(97 + i)} {figures}"]
    doc = parse_text("\n".join(lines) + "\n")
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1
    assert [(r.label, [v.value for v in r.values]) for r in tables[0].rows] == \
        [(f"Post {chr(97 + i)}", [Decimal(v) * 1000 for v in vals]) for i, (_, vals) in enumerate(rows)]


def test_a_dash_ending_a_label_line_continues_the_label() -> None:
    text = ("Incidentele lasten\n\nBedragen x € 1.000\nOmschrijving 2024 2025\nPost a 10 20\n"
            "Intensivering Economie -\nFoundersbijdrage Novel-T\n275 275\nPost b 5 -\n")
    t = table(parse_text(text))
    assert [(r.label, [v.raw for v in r.values]) for r in t.rows] == [
        ("Post a", ["10", "20"]), ("Intensivering Economie - Foundersbijdrage Novel-T", ["275", "275"]),
        ("Post b", ["5", "-"])]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 999), min_size=4, max_size=6))
def test_surplus_figures_keep_the_label_and_are_reported(figures) -> None:  # noqa: ANN001
    """'Baten 5 6 7 8' under two columns: the label stays 'Baten' and the surplus is an error.
    (One short number left of the figures is the number of a label, as in 'Programma 1': a probe.)"""
    text = ("Overzicht\n\nBedragen x € 1.000\nProgramma Begroting 2024 Begroting 2025\nLasten 10 20\n"
            f"Baten {' '.join(map(str, figures))}\nSaldo -5 -14\n")
    doc = parse_text(text)
    assert [r.label for r in table(doc).rows] == ["Lasten", "Baten", "Saldo"]
    (diag,) = [d for d in doc.diagnostics if d.code == "extra-values"]
    assert diag.severity.value == "error" and " | ".join(map(str, figures)) in diag.message


def test_a_year_or_marker_left_of_the_figures_stays_in_the_label() -> None:
    text = ("Overzicht\n\nBedragen x € 1.000\nProgramma Begroting 2024 Begroting 2025\nWmo 2015 1.500 1.600\n"
            "Overhead * 700 800\n")
    doc = parse_text(text)
    assert [(r.label, [v.raw for v in r.values]) for r in table(doc).rows] == [
        ("Wmo 2015", ["1.500", "1.600"]), ("Overhead *", ["700", "800"])]
    assert not [d for d in doc.diagnostics if d.code == "extra-values"]


@settings(max_examples=20, deadline=None)
@given(st.integers(2015, 2030), st.sampled_from(["geactualiseerd beeld", "actuele stand", "na voorjaarsnota"]),
       st.lists(st.lists(st.integers(1, 99_999), min_size=3, max_size=3), min_size=2, max_size=5))
def test_a_year_with_unknown_words_heads_its_column_in_a_cell_per_line_header(year, words, rows) -> None:  # noqa: ANN001
    """'2023 geactualiseerd beeld' / 'Raming 2024' / 'Raming 2025': the first cell is a column head
    too, not the table's corner, so every row keeps its three figures."""
    cells = ["Berekening EMU-saldo", "x € 1.000", "Omschrijving", f"{year} {words}", f"Raming {year + 1}",
             f"Raming {year + 2}"]
    for i, vals in enumerate(rows):
        cells += [f"Post {chr(97 + i)}", *(f"{v:,}".replace(",", ".") for v in vals)]
    t = table(parse_text("\n\n".join(cells) + "\n"))
    assert [c.year for c in t.columns] == [year, year + 1, year + 2]
    assert [[v.value for v in r.values] for r in t.rows] == [[Decimal(v) * 1000 for v in vals] for vals in rows]
