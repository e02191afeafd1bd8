"""Indicator table families (kengetallen, kerngegevens, BBV indicators) on generated documents:
each family is built from random names, counts and figures, so a rule fitted to one page fails."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable, IndicatorTable

WORDS = ["schuld", "ratio", "ruimte", "dekking", "capaciteit", "quote", "groei", "waarde", "omvang", "druk"]
NAME = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda w: " ".join(w).capitalize())


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def indicators(doc) -> list[IndicatorTable]:  # noqa: ANN001
    return [e for e in doc.elements if isinstance(e, IndicatorTable)]


def figures_by_label(tables: list[IndicatorTable]) -> dict[tuple[str, str | None], list[Decimal | None]]:
    return {(r.indicator, r.subrow): [v.value for v in r.values] for t in tables for r in t.rows
            if any(v.value is not None for v in r.values)}


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Norm", "Signaalwaarde", "Bandbreedte", "Kader"]), st.integers(2, 6),
       st.integers(2015, 2026), st.lists(st.tuples(NAME, st.integers(0, 2), st.lists(st.integers(0, 150),
                                                                                   min_size=6, max_size=6)),
                                         min_size=2, max_size=6, unique_by=lambda r: r[0]))
def test_a_text_column_between_label_and_years_keeps_the_rows(head, nyears, first, rows) -> None:  # noqa: ANN001
    """"Norm" / 2018 .. 2023, then per row its name, a range or condition ("90-130%", "Begr = 0%")
    and one percentage per year: the text cell is the row's value under the head, never its label."""
    years = [str(first + i) for i in range(nyears)]
    conditions = ["{a}-{b}%", "< {b}%", "Begr = {a}%"]
    cells = ["Financiële kengetallen", head, *years]
    for name, kind, vals in rows:
        cells += [name, conditions[kind].format(a=vals[0] // 2, b=vals[0] // 2 + 40)] + [f"{v}%" for v in vals[:nyears]]
    doc = parse_text("\n\n".join(cells) + "\n\nUit dit overzicht blijkt dat we binnen de normen blijven.\n")
    tables = indicators(doc)
    assert len(tables) == 1 and not [e for e in doc.elements if isinstance(e, FinancialTable)]
    t = tables[0]
    assert [c.label for c in t.columns] == [head, *years]
    assert [c.year for c in t.columns[1:]] == [int(y) for y in years]
    assert [(r.indicator, r.values[0].value, r.values[0].raw) for r in t.rows] == \
        [(name, None, conditions[kind].format(a=vals[0] // 2, b=vals[0] // 2 + 40)) for name, kind, vals in rows]
    assert [[v.value for v in r.values[1:]] for r in t.rows] == [[Decimal(v) for v in vals[:nyears]] for *_, vals in rows]


GROUPS = ["Inwoners", "Woonruimten", "Lengte van de wegen in meters", "Oppervlakte gemeente in km²", "Bedrijven"]
ITEMS = ["Koopwoningen", "Huurwoningen", "Binnen de bebouwde kom", "binnenwater", "land", "van 0-4 jaar",
         "Recreatiewoningen", "Buiten de bebouwde kom", "kantoren", "winkels"]
SINGLES = ["Uitkeringsgerechtigden", "Woonwagens", "Lengte van de fietspaden in meters", "Aantal m2 openbaar groen"]


@st.composite
def kerngegevens(draw):  # noqa: ANN001, ANN201
    """A kerngegevens table as space rows: kinds over years, a peildatum line, then groups of a
    caption and items (flush, indented, or in lower case) closed by a total, and single rows."""
    ncols = draw(st.integers(2, 5))
    first = draw(st.integers(2016, 2024))
    kinds = ["Rekening"] + ["Begroting"] * draw(st.integers(0, 1))
    kinds += ["Prognose"] * (ncols - len(kinds))
    header = "Kerngegevens " + " ".join(f"{k} {first + i}" for i, k in enumerate(kinds[:ncols]))
    dates = "Sociale structuur " + " ".join(f"1-1-{first + i}" for i in range(ncols))
    lines = ["Kerngegevens", "", header, dates]
    expected: dict[tuple[str, str | None], list[Decimal]] = {}
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True))
    for g in groups:
        style = draw(st.sampled_from(["flush", "indent", "lower"]))
        items = draw(st.lists(st.sampled_from(ITEMS), min_size=2, max_size=4, unique=True))
        lines.append(g)
        totals = [0] * ncols
        for item in items:
            name = item.lower() if style == "lower" else item[0].upper() + item[1:]
            vals = [draw(st.integers(1, 99_999)) for _ in range(ncols)]
            totals = [a + b for a, b in zip(totals, vals)]
            lines.append((" " if style == "indent" else "") + f"{name} " + " ".join(map(dutch, vals)))
            # indented rows are sub-rows of the caption; flush rows are indicators of their own in its category
            expected[(g, name) if style == "indent" else (name, g)] = [Decimal(v) for v in vals]
        lines.append(f"Totaal {g.split()[0].lower()} " + " ".join(map(dutch, totals)))
        expected[(f"Totaal {g.split()[0].lower()}", None)] = [Decimal(v) for v in totals]
        for single in draw(st.lists(st.sampled_from(SINGLES), max_size=2, unique=True)):
            if (single, None) in expected:
                continue
            vals = [draw(st.integers(1, 9_999_999)) for _ in range(ncols)]
            lines.append(f"{single} " + " ".join(map(dutch, vals)))
            expected[(single, None)] = [Decimal(v) for v in vals]
    return "\n".join(lines) + "\n", expected, ncols


@settings(max_examples=40, deadline=None)
@given(kerngegevens())
def test_kerngegevens_captions_group_their_rows_up_to_the_total(case) -> None:  # noqa: ANN001
    """A caption without figures groups the rows under it: indented rows are its sub-rows, flush
    rows are indicators of their own with the caption as their category (`subrow`). A total closes
    the group and stands alone, as do the rows after it."""
    text, expected, ncols = case
    tables = indicators(parse_text(text))
    assert len(tables) == 1
    assert len(tables[0].columns) == ncols
    assert figures_by_label(tables) == expected


OBJECTS = ["Bomen", "Gazon", "Bermen", "Lichtmasten", "Speelplekken (exclusief trapveldjes)", "Bos en natuurgebied",
           "Lengte riolering", "Bruggen", "Sportvelden"]
MEASURES = ["m2", "st.", "ha", "km", "m"]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.booleans(),
       st.lists(st.tuples(st.sampled_from(OBJECTS), st.sampled_from(MEASURES),
                          st.lists(st.integers(1, 9_999_999), min_size=4, max_size=4)),
                min_size=3, max_size=7, unique_by=lambda r: r[0]))
def test_rows_whose_figures_carry_a_unit_of_measure_form_a_table_without_header(ncols, lead, rows) -> None:  # noqa: ANN001
    """'Bomen' / '63.265' / 'st.' / '63.050' / 'st.' after a sentence, with no header of their own:
    quantities with their unit (an indicator table), small counts included ('209' / 'st.')."""
    cells = ["Er is een daling te zien. Deze heeft te maken met een correctie op de gegevens in de registratie "
             "van adressen, waarvan een aantal is ingetrokken na controle ter plaatse in het afgelopen jaar."]
    expected: dict[tuple[str, str | None], list[Decimal | None]] = {}
    if lead:
        cells.append("Wegen:")
    for k, (name, unit, vals) in enumerate(rows):
        label = f"- {name}" if lead and k < 2 else name
        cells.append(label)
        for v in vals[:ncols]:
            cells += [dutch(v), unit]
        expected[("Wegen:", label) if lead and k < 2 else (label, None)] = [Decimal(v) for v in vals[:ncols]]
    doc = parse_text("\n\n".join(cells) + "\n")
    assert not [e for e in doc.elements if isinstance(e, FinancialTable)]
    tables = indicators(doc)
    assert figures_by_label(tables) == expected
    assert {r.unit for t in tables for r in t.rows if r.values and r.values[0].value is not None} <= set(MEASURES)


RATIOS = ["formatie (in fte per 1.000 inwoners)", "bezetting (in fte per 1.000 inwoners)",
          "apparaatskosten (in € per inwoner)", "externe inhuur (% van totale loonsom en externe inhuur)",
          "overhead (% van totale lasten)", "kosten per leerling", "woonlasten per huishouden"]


@settings(max_examples=30, deadline=None)
@given(st.integers(2015, 2026), st.lists(st.tuples(st.sampled_from(RATIOS), st.integers(1, 99_999), st.integers(0, 2)),
                                         min_size=2, max_size=6, unique_by=lambda r: r[0]))
def test_labels_that_name_a_ratio_make_an_indicator_table(year, rows) -> None:  # noqa: ANN001
    """One year column, one cell per line, labels that state their measure ('per 1.000 inwoners',
    '% van totale lasten'): ratios, even where a money word ('lasten') appears inside the label."""
    forms = ["{v},{c:02d}", "€ {v},{c:02d}", "{v},{c:01d}%"]
    cells = ["Formatie en overhead", str(year)]
    for name, v, form in rows:
        cells += [name, forms[form].format(v=v % 1000, c=v % 100 if form != 2 else v % 10)]
    doc = parse_text("\n\n".join(cells) + "\n")
    assert not [e for e in doc.elements if isinstance(e, FinancialTable)]
    got = figures_by_label(indicators(doc))
    assert list(got) == [(name, None) for name, *_ in rows]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Taakveld", "Nr.", "Code"]), st.sampled_from(["BBV indicator", "Indicator"]),
       st.lists(st.tuples(st.sampled_from(OBJECTS), st.integers(0, 7), st.integers(1, 9_999)),
                min_size=2, max_size=6, unique_by=lambda r: r[0]))
def test_a_code_column_left_of_the_indicator_is_no_value_column(code, name_head, rows) -> None:  # noqa: ANN001
    """Taakveld / BBV indicator / Eenheid / Waarde / Periode / Bron / Omschrijving, one cell per
    line: the figure left of the indicator's name is its code; the name column is the indicator's."""
    cells = ["Algemene indicatoren", code, name_head, "Eenheid", "Waarde", "Periode", "Bron", "Omschrijving"]
    for name, c, v in rows:
        cells += [str(c), name, "per 1.000 inwoners", dutch(v), "2019", "Eigen gegevens", f"Het aantal {name.lower()}"]
    t = indicators(parse_text("\n\n".join(cells) + "\n"))[0]
    assert [c.label for c in t.columns] == ["Waarde"]
    assert [(r.indicator, r.number, [v.value for v in r.values], r.unit) for r in t.rows] == \
        [(name, str(c), [Decimal(v)], "per 1.000 inwoners") for name, c, v in rows]


PARAMETERS = ["Lonen en sociale lasten", "Prijzen", "Onroerendzaakbelasting", "Omslagrente", "Aantal inwoners",
              "Rioolheffing", "Tarieven", "aantal woningen (exclusief recreatie)"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Omschrijving Grondslag", "Onderwerp Uitgangspunt", None]),
       st.lists(st.tuples(st.sampled_from(PARAMETERS), st.integers(0, 2), st.integers(1, 999_999),
                          st.integers(2, 4)), min_size=3, max_size=8, unique_by=lambda r: r[0])
       .filter(lambda rows: sum(kind != 2 for _, kind, _, _ in rows) * 2 >= len(rows)))
def test_label_and_value_two_spaces_apart_make_a_key_value_table(header, rows) -> None:  # noqa: ANN001
    """"Prijzen  0,90%" / "Aantal inwoners  159.241" / "Tarieven  Kostendekkend": one value per
    label; text values are kept as printed without a number, and a two-word line above names the column."""
    def cell(kind: int, v: int) -> str:
        return [f"{v % 10},{v % 100:02d}%", dutch(v), "Kostendekkend"][kind]

    lines = ["Voor de begroting hebben we de volgende grondslagen en uitgangspunten gehanteerd:", ""]
    lines += [header] if header else []
    lines += [f"{name}{' ' * gap}{cell(kind, v)}" for name, kind, v, gap in rows]
    doc = parse_text("\n".join(lines) + "\n\nDe uitgangspunten zijn gelijk aan die van vorig jaar.\n")
    tables = indicators(doc)
    assert len(tables) == 1
    t = tables[0]
    assert [c.label for c in t.columns] == [header.split()[-1] if header else "kolom 1"]
    assert [(r.indicator, r.values[0].raw) for r in t.rows] == [(name, cell(kind, v)) for name, kind, v, _ in rows]
    assert [r.values[0].value is None for r in t.rows] == [kind == 2 for _, kind, _, _ in rows]


KEY_FIGURES = ["Aantal inwoners", "Gemiddelde leeftijd", "Aantal huishoudens", "Aandeel alleenwonenden",
               "Gemiddeld betaalde ozb", "Oppervlakte", "Aantal banen"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["•", "-", "*"]),
       st.lists(st.tuples(st.sampled_from(KEY_FIGURES), st.integers(0, 3), st.integers(1, 99_999)),
                min_size=3, max_size=7, unique_by=lambda r: r[0]))
def test_bulleted_name_colon_figure_items_are_key_figures(marker, rows) -> None:  # noqa: ANN001
    """'• Aantal inwoners: 26.762' / '• Gemiddelde leeftijd: 44,2 jaar' / '• ... ozb: €375': a run of
    such items and nothing else is a one-column indicator table, the unit word kept as the row's unit."""
    forms = [(dutch, None), (lambda v: f"{v % 100},{v % 10}", "jaar"), (lambda v: f"{v % 100},{v % 10}%", None),
             (lambda v: f"€{v}", None)]
    lines = ["Kengetallen", "", "Binnen het programma maken we gebruik van de volgende kengetallen:", ""]
    for name, kind, v in rows:
        fmt, word = forms[kind]
        lines.append(f"  {marker} {name}: {fmt(v)}" + (f" {word}" if word else ""))
    doc = parse_text("\n".join(lines) + "\n\nPrognose bevolkingsontwikkeling\n")
    tables = indicators(doc)
    assert len(tables) == 1
    def number(kind: int, v: int) -> Decimal:
        return Decimal(f"{v % 100}.{v % 10}") if kind in (1, 2) else Decimal(v)

    assert [(r.indicator, r.values[0].value) for r in tables[0].rows] == [(name, number(k, v)) for name, k, v in rows]
    assert [r.unit for r in tables[0].rows if r.indicator in {n for n, k, _ in rows if k == 1}] == \
        ["jaar"] * sum(1 for _, k, _ in rows if k == 1)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(OBJECTS), st.integers(1, 9_999)), min_size=2, max_size=4,
                unique_by=lambda r: r[0]),
       st.integers(5, 8), st.lists(st.lists(st.integers(-9_999, 9_999), min_size=8, max_size=8), min_size=2, max_size=4))
def test_figures_after_a_grid_never_become_grid_rows(grid_rows, nyears, money) -> None:  # noqa: ANN001
    """A BBV grid, then a programme overview whose header cells pair a year with a part ("2019
    lasten"): rows of figures alone carry no indicator's name, so they are no rows of any grid."""
    cells = ["Algemene indicatoren", "Taakveld", "BBV indicator", "Eenheid", "Waarde", "Periode", "Bron"]
    for name, v in grid_rows:
        cells += ["0", name, "per inwoner", dutch(v), "2019", "Eigen gegevens"]
    cells += ["Financieel overzicht programma", "bedragen x 1.000 euro, - = nadeel", "Rekening", "Begroting"]
    cells += [f"{2017 + i} {['saldo', 'lasten', 'baten'][i % 3]}" for i in range(nyears)]
    for k, row in enumerate(money):
        cells += [f"Programmaonderdeel {chr(97 + k)}"] + [dutch(v) if v >= 0 else "-" + dutch(-v) for v in row[:nyears]]
    doc = parse_text("\n\n".join(cells) + "\n")
    names = [r.indicator for t in indicators(doc) for r in t.rows]
    assert names[:len(grid_rows)] == [name for name, _ in grid_rows]
    assert all(any(ch.isalpha() for ch in n) for n in names)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.lists(st.integers(1, 999), min_size=4, max_size=4), st.booleans())
def test_a_cell_of_several_lines_inside_a_key_value_table_pairs_items_with_values(before, nitems, figures, gap) -> None:  # noqa: ANN001
    """"Overige lokale heffingen:" / "- Afvalstoffenheffing" / "- Overige heffingen" / (blank) /
    "Kostendekkend" / "0,90%": the caption's items take the value lines below them, in order."""
    items = ["Afvalstoffenheffing", "Rioolheffing", "Marktgelden", "Leges"][:nitems]
    values = [f"{f % 10},{f % 100:02d}%" if k % 2 else "Kostendekkend" for k, f in enumerate(figures[:nitems])]
    lines = ["Omschrijving Grondslag"]
    lines += [f"Parameter {chr(97 + k)}  {f % 10},{f % 100:02d}%" for k, f in enumerate(figures[:before])]
    lines += ["Overige lokale heffingen:"] + [f"- {item}" for item in items] + ([" "] if gap else []) + values
    lines += ["Omslagrente  3,25%", "Aantal inwoners  159.241"]
    t = indicators(parse_text("\n".join(lines) + "\n"))[0]
    rows = [(r.indicator, r.subrow, r.values[0].raw) for r in t.rows if r.values[0].raw]
    assert rows[before:before + nitems] == [("Overige lokale heffingen:", f"- {item}", value)
                                            for item, value in zip(items, values)]
    assert rows[-2:] == [("Omslagrente", None, "3,25%"), ("Aantal inwoners", None, "159.241")]


@settings(max_examples=30, deadline=None)
@given(st.tuples(st.lists(st.sampled_from(["Eenheid", "Jaar"]), max_size=2, unique=True),
                 st.sampled_from([["Gemeente"], ["Gemeente", "Nederland"], ["Nederland", "Gemeente"]]),
                 st.booleans()).map(lambda t: t[0] + t[1] + (["Bron"] if t[2] else []))
       .filter(lambda cols: len(cols) >= 3),
       st.lists(st.tuples(st.sampled_from(OBJECTS), st.integers(1, 9_999), st.integers(1, 9_999), st.integers(2018, 2024)),
                min_size=2, max_size=5, unique_by=lambda r: r[0]))
def test_indicator_grid_with_unit_year_and_source_columns(cols, rows) -> None:  # noqa: ANN001
    """Indicator / Eenheid / Jaar / Gemeente / Nederland / Bron, one cell per line (unit and year in
    either order before the figures, the source after them): text and year columns are attributes,
    Gemeente and Nederland the value columns, each row named by its first cell."""
    def cell(col: str, v: int, w: int, y: int) -> str:
        return {"Eenheid": "per 1.000 inwoners", "Jaar": str(y), "Gemeente": f"{v // 10},{v % 10}",
                "Nederland": f"{w // 10},{w % 10}", "Bron": "CBS"}[col]

    cells = ["Beleidsindicatoren", "Indicator", *cols]
    for name, v, w, y in rows:
        cells += [name] + [cell(c, v, w, y) for c in cols]
    t = indicators(parse_text("\n\n".join(cells) + "\n"))[0]
    values = [c for c in cols if c in ("Gemeente", "Nederland")]
    assert [c.label for c in t.columns] == values
    assert [(r.indicator, [v.value for v in r.values]) for r in t.rows] == \
        [(name, [Decimal(cell(c, v, w, y).replace(",", ".")) for c in values]) for name, v, w, y in rows]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Gemeente", "Nederland", "Regio", "Zeeland", "Groningen", "G40"]), min_size=2,
                max_size=3, unique=True),
       st.integers(1, 3), st.lists(st.sampled_from(OBJECTS), min_size=2, max_size=4, unique=True), st.randoms())
def test_recurring_short_labels_are_sub_rows_of_the_name_before_them(subs, nyears, names, rnd) -> None:  # noqa: ANN001
    """"Verwijzingen Halt" / "Gemeente" / figures / "Nederland" / figures / next indicator ...: labels
    that recur under every indicator are its sub-rows (a comparator), whatever the words."""
    years = [str(2020 + i) for i in range(nyears)]
    cells = ["Beleidsindicatoren", "Indicator", *years]
    expected = []
    for name in names:
        cells.append(name)
        for sub in subs:
            vals = [rnd.randint(1, 999) for _ in years]
            cells += [sub] + [f"{v // 10},{v % 10}" for v in vals]
            expected.append((name, sub, [Decimal(f"{v // 10}.{v % 10}") for v in vals]))
    t = indicators(parse_text("\n\n".join(cells) + "\n"))[0]
    assert [(r.indicator, r.subrow, [v.value for v in r.values]) for r in t.rows] == expected


@settings(max_examples=30, deadline=None)
@given(st.booleans(), st.booleans(),
       st.lists(st.tuples(st.sampled_from(OBJECTS), st.integers(1, 9_999), st.integers(2018, 2024)),
                min_size=2, max_size=5, unique_by=lambda r: r[0]))
def test_pipe_rows_with_unit_year_and_source_cells_are_a_grid(rule, lead, rows) -> None:  # noqa: ANN001
    """'| Indicator | Eenheid | Waarde | Jaar | Bron |' (with or without a leading pipe and a '|---|'
    line): the figure column is the value, unit, year and source are the row's attributes."""
    def line(cells: list[str]) -> str:
        return ("| " if lead else "") + " | ".join(cells) + " |"

    lines = ["Beleidsindicatoren", "", line(["Indicator", "Eenheid", "Waarde", "Jaar", "Bron"])]
    lines += [line(["---"] * 5)] if rule else []
    for name, v, y in rows:
        lines.append(line([name, "per 1.000 inwoners", f"{v // 10},{v % 10}", str(y), "Eigen gegevens"]))
    t = indicators(parse_text("\n".join(lines) + "\n"))[0]
    assert [c.label for c in t.columns] == ["Waarde"]
    assert [(r.indicator, [v.value for v in r.values], r.unit) for r in t.rows] == \
        [(name, [Decimal(f"{v // 10}.{v % 10}")], "per 1.000 inwoners") for name, v, _ in rows]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Eenheid", "Meeteenheid"]), st.integers(2, 4),
       st.lists(st.tuples(st.sampled_from(OBJECTS), st.sampled_from(MEASURES + ["aantal", "%"]),
                          st.lists(st.integers(1, 99_999), min_size=4, max_size=4)),
                min_size=2, max_size=6, unique_by=lambda r: r[0]))
def test_a_unit_column_between_label_and_years_gives_each_row_its_unit(head, nyears, rows) -> None:  # noqa: ANN001
    """"Omschrijving" / "Eenheid" / 2022 / 2023, then "Oppervlakte" / "ha" / figures: the unit cell is
    the row's unit, the figures stay under their years."""
    years = [str(2020 + i) for i in range(nyears)]
    cells = ["Kerngegevens", "Omschrijving", head, *years]
    for name, unit, vals in rows:
        cells += [name, unit] + [dutch(v) for v in vals[:nyears]]
    t = indicators(parse_text("\n\n".join(cells) + "\n"))[0]
    assert [c.label for c in t.columns] == years
    assert [(r.indicator, r.unit, [v.value for v in r.values]) for r in t.rows] == \
        [(name, unit, [Decimal(v) for v in vals[:nyears]]) for name, unit, vals in rows]
