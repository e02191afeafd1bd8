"""The probe inputs of the table design note (made-up tables, one layout family each): every probe
gives the right table, or a warning where the printed text leaves the structure open."""

from __future__ import annotations

from decimal import Decimal

import pytest

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

UNIT = "Bedragen x € 1.000\n"


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def cells(*items: str) -> str:
    return "\n\n".join(items) + "\n"


def only_table(text: str) -> tuple[FinancialTable, list[str]]:
    doc = parse_text(text)
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1, [getattr(e, "title", None) for e in doc.elements]
    return tables[0], [d.code for d in doc.diagnostics if d.severity.value in ("warning", "error")]


def columns(t: FinancialTable) -> list[tuple[int | None, str | None, str | None]]:
    return [(c.year, c.scenario.value if c.scenario else None, c.part) for c in t.columns]


def values(t: FinancialTable) -> dict[str, list[Decimal | None]]:
    return {r.label: [v.value for v in r.values] for r in t.rows if any(v.raw for v in r.values)}


def k(*xs: int | None) -> list[Decimal | None]:
    return [None if x is None else Decimal(x) * 1000 for x in xs]


THREE = [(2022, "realisatie", None), (2023, "begroting", None), (2024, "begroting", None)]


@pytest.mark.parametrize("header", ["Programma Werkelijk 2022 Budget 2023 Budget 2024",        # P2
                                    "Programma Rek. 2022 Begr. 2023 Begr. 2024"])              # P3
def test_p2_p3_kind_words_and_abbreviations(header: str) -> None:
    t, warnings = only_table(UNIT + lines(header, "Lasten 1.234 1.300 1.350", "Baten 234 300 350",
                                          "Saldo -1.000 -1.000 -1.000"))
    assert columns(t) == THREE
    assert values(t) == {"Lasten": k(1234, 1300, 1350), "Baten": k(234, 300, 350), "Saldo": k(-1000, -1000, -1000)}


def test_p4_year_inside_a_label_is_the_labels_and_the_short_row_is_said() -> None:
    t, warnings = only_table(UNIT + lines("Taakveld Rekening 2022 Begroting 2023 Begroting 2024",
                                          "Wmo 2015 1.234 1.350", "Jeugdwet 234 300 350"))
    assert columns(t) == THREE
    assert values(t)["Jeugdwet"] == k(234, 300, 350)
    assert "Wmo 2015" in values(t)  # never 2015 as an amount
    assert "ragged-row" in warnings  # two figures for three columns: which is empty is not printed


@pytest.mark.parametrize("parts", [("Uitgaven", "Inkomsten", "Resultaat"),  # P8
                                   ("Lasten", "Baten", "Netto")])           # Q8
def test_p8_q8_part_words_under_year_groups(parts: tuple[str, str, str]) -> None:
    t, _ = only_table(UNIT + lines("Programma Begroting 2024 Begroting 2025", " ".join(parts * 2),
                                   "Bestuur 100 20 -80 110 20 -90"))
    assert columns(t) == [(y, "begroting", p) for y in (2024, 2025) for p in parts]
    assert values(t) == {"Bestuur": k(100, 20, -80, 110, 20, -90)}


def test_q10_numbered_labels_keep_their_number_and_the_short_row_is_said() -> None:
    t, warnings = only_table(UNIT + lines("Omschrijving Begroting 2024 Begroting 2025 Begroting 2026",
                                          "Programma 1 100 110 120", "Programma 2 50 55", "Programma 3 10 11 12"))
    assert list(values(t)) == ["Programma 1", "Programma 2", "Programma 3"]
    assert values(t)["Programma 3"] == k(10, 11, 12)
    assert "ragged-row" in warnings


def test_r2_wrapped_label_over_parts() -> None:
    t, _ = only_table(UNIT + lines("Programma Begroting 2024 Begroting 2025", "Lasten Baten Saldo Lasten Baten Saldo",
                                   "Openbare orde en", "veiligheid 50 5 -45 55 5 -50"))
    assert columns(t) == [(y, "begroting", p) for y in (2024, 2025) for p in ("Lasten", "Baten", "Saldo")]
    assert values(t) == {"Openbare orde en veiligheid": k(50, 5, -45, 55, 5, -50)}


def test_q2_one_cell_per_paragraph() -> None:
    t, warnings = only_table(cells("Programma", "Werkelijk 2022", "Budget 2023", "Budget 2024", "Lasten", "1.234",
                                   "1.300", "1.350", "Baten", "234", "300", "350"))
    assert columns(t) == THREE
    assert values(t) == {"Lasten": [Decimal(1234), Decimal(1300), Decimal(1350)],
                         "Baten": [Decimal(234), Decimal(300), Decimal(350)]}
    assert "unit-not-stated" in warnings  # no unit printed: values as printed, and said


def test_q4_pipe_rows_with_rule_line_and_an_empty_cell() -> None:
    t, _ = only_table(lines("| Programma | Rekening 2022 | Begroting 2023 |", "|---|---|---|",
                            "| Lasten | 1.234 | 1.300 |", "| Baten | | 300 |"))
    assert columns(t) == THREE[:2]
    assert values(t) == {"Lasten": [Decimal(1234), Decimal(1300)], "Baten": [None, Decimal(300)]}


def test_s1_sentence_after_the_table_is_not_a_silent_row() -> None:
    doc = parse_text(UNIT + lines("Programma Begroting 2024 Begroting 2025", "Lasten 100 110", "Baten 50 55",
                                  "De lasten stijgen in 2025 met 10"))
    t = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert values(t)["Lasten"] == k(100, 110) and values(t)["Baten"] == k(50, 55)
    prose = [r for r in t.rows if r.label.startswith("De lasten")]
    assert not prose or any(d.severity.value == "warning" for d in doc.diagnostics)


@pytest.mark.parametrize("difference", ["Verschil begr.na wijz. / rekening", "Afwijking begroting - realisatie",
                                        "Verschil begroting vs rekening", "Verschil"])
@pytest.mark.parametrize("vn", ["V / N", "V/N", "N/V"])
def test_vn_letters_in_their_own_cells_are_markers_of_the_verschil(difference: str, vn: str) -> None:
    # One cell per paragraph with a voordeel/nadeel column: the letter belongs to the figure before it,
    # never to the next row's label, and a verschil header naming two kinds is one verschil column.
    t, _ = only_table(UNIT + cells("Taakveld", "Begroting 2023", "Rekening 2023", difference, vn,
                                   "Totaal lasten", "1.679", "1.406", "273", "V",
                                   "Totaal baten", "297", "235", "-62", "N",
                                   "Saldo", "-1.382", "-1.171", "211", "V"))
    assert columns(t)[:3] == [(2023, "begroting", None), (2023, "realisatie", None), (None, "verschil", None)]
    got = values(t)
    assert {label: vs[:3] for label, vs in got.items()} == {
        "Totaal lasten": k(1679, 1406, 273), "Totaal baten": k(297, 235, -62), "Saldo": k(-1382, -1171, 211)}
    assert all(v is None for vs in got.values() for v in vs[3:])  # a V/N column of its own holds no figure
    assert [v.marker for r in t.rows for v in r.values if v.marker] == ["V", "N", "V"]


@pytest.mark.parametrize("third", ["Jaarschijf 2025 uit MJB 2024-2027", "Raming 2025 (MJB 2024-2027)", "Begroting 2025"])
@pytest.mark.parametrize("caption", ["Baten", "Lasten"])
def test_one_cell_per_column_and_a_part_word_captioning_the_rows(third: str, caption: str) -> None:
    # One cell per paragraph: a header cell naming two years is still one column, and one part word
    # after the header, right before the first row, is the caption of the rows, not a part of every column.
    t, _ = only_table(UNIT + cells("Kostensoorten", "Rekening 2023", "Begroting 2024", third, caption,
                                   "Algemene uitkering", "66.140", "67.847", "68.225",
                                   "Belastingen", "7.970", "8.155", "8.701",
                                   f"Totaal {caption.lower()}", "74.110", "76.002", "76.926"))
    assert [(c.year, c.part) for c in t.columns] == [(2023, None), (2024, None), (2025, None)]
    assert values(t)["Belastingen"] == k(7970, 8155, 8701)
    assert values(t)[f"Totaal {caption.lower()}"] == k(74110, 76002, 76926)


@pytest.mark.parametrize("codes", [("1A", "1B", "4C"), ("5a", "5b", "6"), ("6.1", "6.2", "7.1")])
def test_a_row_code_in_its_own_cell_stays_with_the_name(codes: tuple[str, str, str]) -> None:
    body = [x for code, name, v in zip(codes, ["Inzet middelen", "Bibliotheekwerk", "Precario"], (-160, -110, -23))
            for x in (code, name, "0", str(v), "0")]
    t, _ = only_table(UNIT + cells("Omschrijving", "Begroot", "Begroot na wijziging", "Jaarrekening", *body))
    assert list(values(t)) == [f"{codes[0]} / Inzet middelen", f"{codes[1]} / Bibliotheekwerk", f"{codes[2]} / Precario"]
    assert values(t)[f"{codes[2]} / Precario"] == k(0, -23, 0)


@pytest.mark.parametrize("seed", range(12))
def test_label_figure_pairs_under_a_unit_caption_are_one_column(seed: int) -> None:
    # One cell per paragraph, one value column without year or kind: the unit caption is the evidence.
    import random  # noqa: PLC0415

    rng = random.Random(seed)
    names = ["Kosten taakvelden", "Externe kosten", "Straatreiniging", "Kwijtschelding", "Overhead", "BTW",
             "Kosten heffen en invorderen", "Sloten en stadswateren"]
    rows = {n: rng.choice([rng.randint(1, 99), rng.randint(100, 9_999)]) for n in rng.sample(names, rng.randint(4, 8))}
    body: list[str] = []
    for i, (n, v) in enumerate(rows.items()):
        if i == 2 and rng.random() < 0.5:
            body.append("Toe te rekenen kosten:")
        body += [n, f"{v:,}".replace(",", ".")]
    column = ["Rioolheffing"] if rng.random() < 0.7 else []
    doc = parse_text(cells("Kostendekking (bedragen x € 1.000)", *column, *body))
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1
    assert {r.label: r.values[0].value for r in tables[0].rows if r.values[0].raw} == {
        n: Decimal(v) * 1000 for n, v in rows.items()}


@pytest.mark.parametrize("name", ["- Algemene uitkering", "Heffingen", "Bestuur en middelen"])
def test_a_part_printed_without_cells_and_a_total_after_the_group(name: str) -> None:
    # One cell per paragraph: "lasten" without its cells, then "baten" with figures, both under the
    # group above; a long saldo phrase after the group is a row of its own.
    t, _ = only_table(UNIT + cells("Programma", "Rekening 2018", "Begroting 2019",
                                   "Zorg", "lasten", "34.424", "31.009", "baten", "1.200", "1.300",
                                   "saldo", "-33.224", "-29.709",
                                   name, "lasten", "baten", "47.266", "49.122", "saldo", "47.266", "49.122",
                                   "Saldo van baten en lasten (A)", "14.042", "19.413"))
    rows = {(r.group, r.label): [v.value for v in r.values] for r in t.rows if any(v.raw for v in r.values)}
    assert rows[(name, "baten")] == k(47266, 49122)
    assert rows[(name, "saldo")] == k(47266, 49122)
    assert rows[(None, "Saldo van baten en lasten (A)")] == k(14042, 19413)


@pytest.mark.parametrize("programme", ["Openbare Orde en Veiligheid", "Economie en Internationaal Beleid", "Leefomgeving"])
def test_text_columns_beside_the_name_whatever_their_length(programme: str) -> None:
    # One cell per paragraph, with text columns (Programma, Structureel/Incidenteel) between the name
    # and the figures: every row keeps its name and figures, the long programme names included.
    body: list[str] = []
    for i, (name, prog) in enumerate([("Voetbalveiligheid", programme), ("Lebuinuspleinen", "Leefomgeving"),
                                      ("Onderhoud sluis", "Leefomgeving"), ("Reclame vitrines", programme)]):
        body += [f"{i + 1:02d}", name, prog, "Incidenteel", f"-{(i + 1) * 10}", "0", "5"]
    t, _ = only_table(UNIT + cells("Nr.", "Omschrijving", "Programma", "Structureel/", "Incidenteel",
                                   "2025", "2026", "2027", *body))
    got = {r.label.split(" / ")[-1]: [v.value for v in r.values][-3:] for r in t.rows if any(v.raw for v in r.values)}
    assert got == {"Voetbalveiligheid": k(-10, 0, 5), "Lebuinuspleinen": k(-20, 0, 5), "Onderhoud sluis": k(-30, 0, 5),
                   "Reclame vitrines": k(-40, 0, 5)}


@pytest.mark.parametrize("caption", ["Formeel saldo begroting 2022 en meerjarenraming 2023-2025",
                                     "Saldo primitieve begroting 2022 (MJR 2023 t/m 2025)", "Omschrijving"])
@pytest.mark.parametrize("after", ["Tabel 1", "Figuur 2.3", "Tabel 4:"])
def test_years_ending_a_captioned_header_and_a_numbered_caption_under_the_table(caption: str, after: str) -> None:
    t, _ = only_table(UNIT + lines(f"{caption} 2022 2023 2024 2025", "Formeel meerjarensaldo 0 0 -850 -1.600",
                                   "Eenmalige baten 4.766 2.443 543 286", after))
    assert [c.year for c in t.columns] == [2022, 2023, 2024, 2025]
    assert values(t) == {"Formeel meerjarensaldo": k(0, 0, -850, -1600), "Eenmalige baten": k(4766, 2443, 543, 286)}


@pytest.mark.parametrize("period", ["2020 - 2023", "2020 t/m 2023", "2021 – 2024"])
@pytest.mark.parametrize("layout", ["rows", "cells"])
def test_a_period_at_the_end_of_a_label_is_the_labels(period: str, layout: str) -> None:
    label = f"Kapitaallasten investeringsprogramma {period}"
    figures = ["0", "0", "71.000"]
    header = ["Omschrijving", "Begroting 2021", "Begroting 2022", "Begroting 2023"]
    text = lines(" ".join(header), f"{label} {' '.join(figures)}", "Kapitaallasten bestaand 898 979 825") \
        if layout == "rows" else cells(*header, label, *figures, "Kapitaallasten bestaand", "898", "979", "825")
    t, _ = only_table(UNIT + text)
    assert values(t)[label] == k(0, 0, 71000)


@pytest.mark.parametrize("part", ["Lasten", "Baten"])
def test_a_part_caption_over_a_lowercase_row_is_not_a_wrapped_label(part: str) -> None:
    t, _ = only_table(UNIT + cells("Overhead", "Begroting 2020", "Begroting 2021", part, "huisvesting", "692", "704",
                                   "ict", "1.200", "1.250"))
    assert values(t)["huisvesting"] == k(692, 704)
    assert values(t)["ict"] == k(1200, 1250)


def test_header_cells_of_a_year_and_a_part() -> None:
    # One cell per paragraph: "2019 lasten", "2019 baten", "2019 saldo" are columns of a year and a part.
    t, _ = only_table(UNIT + cells("Rekening", "Begroting", "2017\nsaldo", "2018 saldo", "2019 lasten", "2019 baten",
                                   "2019 saldo", "Relatie inwoners", "-3.386", "-3.513", "-3.314", "0", "-3.314",
                                   "Dienstverlening", "-620", "-997", "-2.139", "846", "-1.293"))
    assert [(c.year, c.part) for c in t.columns] == [(2017, "saldo"), (2018, "saldo"), (2019, "lasten"),
                                                     (2019, "baten"), (2019, "saldo")]
    assert values(t)["Dienstverlening"] == k(-620, -997, -2139, 846, -1293)


@pytest.mark.parametrize("unit", ["(x €1.000)", "(bedragen x € 1.000)", "(x € 1.000,-)"])
def test_one_year_column_named_by_a_header_that_states_the_unit(unit: str) -> None:
    t, _ = only_table(lines(f"Nr. Renterisiconorm {unit} 2015", "1. Stand van het begrotingstotaal 2015 122.745",
                            "2. Renterisiconorm (20 % van 1) 24.549", "3. Renterisico op de vaste schuld 6.741"))
    assert [c.year for c in t.columns] == [2015]
    assert values(t) == {"1. Stand van het begrotingstotaal 2015": k(122745), "2. Renterisiconorm (20 % van 1)": k(24549),
                         "3. Renterisico op de vaste schuld": k(6741)}


@pytest.mark.parametrize("seed", range(15))
def test_the_one_short_row_is_placed_where_the_total_adds_up(seed: int) -> None:
    # One cell per paragraph drops empty cells: a row printing one figure for four columns is placed by
    # the Totaal row when exactly one column makes every column add up; otherwise it stays a warning.
    import random  # noqa: PLC0415

    rng = random.Random(seed)
    full = {f"Project {c}": [rng.randint(1, 900) for _ in range(4)] for c in "ABC"}
    # (a figure of three digits or fewer before "Totaal" reads as Totaal's row number: a known ambiguity)
    col, figure = rng.randrange(4), rng.randint(1000, 9000)
    totals = [sum(v[i] for v in full.values()) + (figure if i == col else 0) for i in range(4)]
    body = [x for name, vs in full.items() for x in (name, *map(str, vs))]
    t, warnings = only_table(UNIT + cells("Omschrijving", "2024", "2025", "2026", "2027", *body,
                                          "Project D", f"{figure:,}".replace(",", "."), "Totaal",
                                          *(f"{x:,}".replace(",", ".") for x in totals)))
    placed = [v.value for r in t.rows if r.label == "Project D" for v in r.values]
    ambiguous = len({totals[i] - sum(v[i] for v in full.values()) for i in range(4)} & {figure}) and \
        sum(totals[i] - sum(v[i] for v in full.values()) == figure for i in range(4)) > 1
    if ambiguous:
        assert "ragged-row" in warnings
    else:
        assert placed == [Decimal(figure) * 1000 if i == col else None for i in range(4)]
        assert "ragged-row" not in warnings


@pytest.mark.parametrize("line", ["Beleidsnota Wet inburgering 2022-2025", "Kader jeugdbeleid 2025–2028",
                                  "1. Afval 2020-2023"])
def test_a_period_at_the_end_of_a_line_is_no_glued_row(line: str) -> None:
    from begroting_cli.segment import is_glued_row  # noqa: PLC0415

    assert not is_glued_row(line)
    assert is_glued_row(line.rsplit(" ", 1)[0] + " 1.234300-934")  # figures printed without separators
    assert is_glued_row(line.rsplit(" ", 1)[0] + "1.234300-934")  # and glued to the label as well
