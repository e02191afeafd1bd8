"""Balance, EMU-saldo and investment families on generated documents: long post labels, formulas under a
table, memo rows in another scale, date columns, subtotals without a label."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import FinancialTable

WORDS = ["lasten", "transacties", "derden", "niet", "via", "het", "exploitatiesaldo", "lopen", "maar", "rechtstreeks",
         "ten", "laste", "van", "de", "reserves", "inclusief", "fondsen", "en", "dergelijke", "worden", "gebracht",
         "bouwgrond", "voorzieningen", "(im)materiële", "vaste", "activa", "(zie", "BBV,", "artikel", "17c)"]


def tables(doc):  # noqa: ANN001, ANN201
    return [e for e in doc.elements if isinstance(e, FinancialTable)]


def _cells(*parts: object) -> str:
    return "\n\n".join(str(p) for p in parts) + "\n"


def _amount(n: int) -> str:
    s = f"{abs(n):,}".replace(",", ".")
    return ("-" if n < 0 else "") + s


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=3, max_size=45),
                          st.lists(st.integers(-99_999, 99_999), min_size=3, max_size=3)), min_size=3, max_size=8),
       st.integers(2018, 2028))
def test_long_post_labels_stay_rows_of_a_cell_per_line_table(posts, year) -> None:  # noqa: ANN001
    """A post label of up to 300 characters without a sentence end, figures after it: a row, not prose."""
    cells: list[object] = ["Berekening EMU-saldo", "Bedragen x € 1.000", "Omschrijving",
                           f"Begroting {year}", f"Raming {year + 1}", f"Raming {year + 2}"]
    for k, (words, figures) in enumerate(posts, 1):
        cells += [k, " ".join(words).capitalize(), *(_amount(f) for f in figures)]
    cells.append("Berekend EMU-saldo = post " + " – ".join(str(k) for k in range(1, len(posts) + 1)))
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    assert [c.year for c in t.columns] == [year, year + 1, year + 2]
    assert len(t.rows) == len(posts)
    for row, (words, figures) in zip(t.rows, posts):
        assert row.label.endswith(" ".join(words).capitalize())
        assert [v.value for v in row.values] == [f * 1000 for f in figures]


def test_prose_before_figures_still_ends_a_table() -> None:
    """A long paragraph with sentences is prose even when a figure follows it."""
    prose = ("De lasten stijgen in het komende jaar door hogere kosten van de jeugdzorg. " * 3).strip()
    doc = parse_text(_cells("Bedragen x € 1.000", "Programma", "Begroting 2024", "Begroting 2025",
                            "Lasten", "100", "110", "Baten", "50", "55", prose, "12"))
    (t,) = tables(doc)
    assert [r.label for r in t.rows] == ["Lasten", "Baten"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1_000, 900_000), st.integers(1_000, 900_000)), min_size=3, max_size=7),
       st.integers(50_000_001, 999_999_999))
def test_memo_row_in_euros_under_a_thousands_table_leaves_it(items, memo) -> None:  # noqa: ANN001
    """Below the closing total, a row whose figure the stated unit would make larger than any public body's
    budget is not in the table's unit: it leaves the table with a warning, the rest keeps the unit."""
    lines = ["Passiva", "", "Bedragen x € 1.000", "Omschrijving 31-12-2021 31-12-2020"]
    names = ["Eigen vermogen", "Voorzieningen", "Vaste schulden", "Vlottende schulden", "Overlopende passiva",
             "Kasgeldleningen", "Overige schulden"]
    lines += [f"{name} {_amount(a)} {_amount(b)}" for name, (a, b) in zip(names, items)]
    lines.append(f"Totaal passiva {_amount(sum(a for a, _ in items))} {_amount(sum(b for _, b in items))}")
    lines.append(f"Buiten de balans opgenomen garantstellingen 522.156 {_amount(memo)}")
    doc = parse_text("\n".join(lines) + "\n")
    (t,) = tables(doc)
    assert t.unit is not None and t.unit.multiplier == 1000
    assert t.rows[-1].label == "Totaal passiva"
    assert t.rows[0].values[0].value == items[0][0] * 1000
    assert any(d.code == "row-out-of-scale" and "Buiten de balans" in (d.location.row or "") for d in doc.diagnostics)


def test_out_of_scale_figures_throughout_take_the_unit_away() -> None:
    """Where the figures that do not fit are not confined to rows after a total, the unit itself is doubted."""
    doc = parse_text("EMU-saldo\n\nBedragen in miljoenen euro\nOmschrijving 2019 2020\nExploitatiesaldo -70.546 -72.753\n"
                     "Mutatie vaste activa 65.410 92.814\nMutatie voorzieningen 8.864 8.463\nBerekend EMU-saldo -84.404 -188.220\n")
    (t,) = tables(doc)
    assert t.unit is None and t.rows[0].values[0].value == -70546
    assert any(d.code == "unit-implausible" for d in doc.diagnostics)


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


def _date(style: int, day: int, month: int, year: int) -> str:
    return [f"{day:02d}-{month:02d}-{year}", f"{day}-{month}-{year % 100:02d}", f"{day} {MONTHS[month - 1]} {year}"][style]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2), st.sampled_from(["Stand per\n", "Saldo per ", "", "Balans per\n"]), st.integers(2015, 2028),
       st.sampled_from(["Mutatie", "Verschil", "Relevante\nmutatie voor EMU-saldo", None]),
       st.lists(st.tuples(st.integers(1, 999_999), st.integers(1, 999_999)), min_size=2, max_size=6))
def test_balance_dates_as_column_heads_give_the_year(style, lead, year, kind, rows) -> None:  # noqa: ANN001
    """"Stand per 31-12-2020" split over lines, "31 december 2021" or "31-12-21": the date's year is the
    column's year; a difference column beside the dates keeps its kind and no year."""
    heads = [f"{lead}{_date(style, 31, 12, year - 1)}", f"{lead}{_date(style, 31, 12, year)}"]
    cells: list[object] = ["Herleiding uit balans", "x € 1.000", *heads] + ([kind] if kind else []) + ["Activa"]
    names = ["Materiële vaste activa", "Financiële vaste activa", "Voorraden", "Uitzettingen", "Liquide middelen",
             "Overlopende activa"]
    for name, (a, b) in zip(names, rows):
        cells += [name, _amount(a), _amount(b)] + ([_amount(b - a)] if kind else [])
    (t,) = tables(parse_text(_cells(*cells)))
    assert [c.year for c in t.columns] == [year - 1, year] + ([None] if kind else [])
    if kind:
        assert t.columns[2].scenario is not None and t.columns[2].scenario.value == "verschil"
    first = next(r for r in t.rows if r.values[0].value is not None)
    assert [v.value for v in first.values] == [x * 1000 for x in (rows[0][0], rows[0][1])] + (
        [(rows[0][1] - rows[0][0]) * 1000] if kind else [])


def test_a_date_without_its_year_gives_no_year() -> None:
    from begroting_cli.extract.columns import dated_head_year

    assert dated_head_year("Stand per 1 januari") is None
    assert dated_head_year("Stand per\n1 januari 2021") == 2021
    assert dated_head_year("Stand per 31-12-21") == 2021
    assert dated_head_year("Mutatie 2021") is None


@settings(max_examples=25, deadline=None)
@given(st.integers(2016, 2028), st.integers(2, 4), st.sampled_from(["", '""', "PASSIVA"]),
       st.lists(st.integers(1, 99_999), min_size=8, max_size=8))
def test_second_half_repeating_the_header_goes_on_with_the_unit(year, ncols, between, figures) -> None:  # noqa: ANN001
    """Two halves with the same column header, nothing between them but an empty cell or the other side's
    caption (ACTIVA, then PASSIVA); the unit is stated once above the first half."""
    years = [f"Raming {year + k}" for k in range(ncols)]
    head = "Omschrijving " + " ".join(years)
    a = [f"Vaste activa {' '.join(_amount(f) for f in figures[:ncols])}",
         f"Vlottende activa {' '.join(_amount(f) for f in figures[4:4 + ncols])}"]
    p = [f"Eigen vermogen {' '.join(_amount(f) for f in figures[:ncols])}",
         f"Vaste schulden {' '.join(_amount(f) for f in figures[4:4 + ncols])}"]
    caption = ["ACTIVA"] if between == "PASSIVA" else []  # a side's caption only with the other side's
    text = "\n".join(["Prognosebalans", "", "Bedragen x € 1.000", *caption, head, *a, "", between, "", head, *p]) + "\n"
    doc = parse_text(text)
    first, second = tables(doc)
    assert first.unit is not None and first.unit.multiplier == 1000
    assert second.unit is not None and second.unit.multiplier == 1000
    assert second.rows[0].values[0].value == figures[0] * 1000
    assert any(d.code == "unit-inferred" and "repeats the column header" in d.message for d in doc.diagnostics)


def test_another_header_or_prose_between_leaves_the_unit_unknown() -> None:
    table_a = "Bedragen x € 1.000\nOmschrijving Raming 2024 Raming 2025\nLasten 100 110\nBaten 50 55\n"
    other = "Omschrijving Begroting 2024 Begroting 2025\nLasten 7 8\nBaten 1 2\n"
    same = "Omschrijving Raming 2024 Raming 2025\nLasten 7 8\nBaten 1 2\n"
    prose = "De tabel hieronder geeft de kosten van het sociaal domein per onderdeel weer.\n"
    for text in (table_a + "\n" + other, table_a + "\n" + prose + "\n" + same):
        doc = parse_text(text)
        assert tables(doc)[1].unit is None, text


@settings(max_examples=25, deadline=None)
@given(st.integers(2016, 2028), st.integers(2, 5), st.sampled_from(["Begroting", "Meerjarenraming", "Investeringsplan"]),
       st.lists(st.lists(st.integers(1, 99_999), min_size=5, max_size=5), min_size=2, max_size=5))
def test_a_year_range_over_bare_years_spans_them(first, n, kind, rows) -> None:  # noqa: ANN001
    """"Begroting 2021-2024" over "2021 2022 2023 2024": the range is no column; its years are the columns."""
    years = [first + k for k in range(n)]
    names = ["Economisch nut", "Maatschappelijk nut", "Subtotaal", "Grondbedrijf", "Overige investeringen"]
    cells: list[object] = ["Investeringen", "(Bedragen x € 1.000)", "Investeringsvolume",
                           f"{kind} {years[0]}-{years[-1]}", *years]
    for name, figures in zip(names, rows):
        cells += [name, *(_amount(f) for f in figures[:n])]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    assert [c.year for c in t.columns] == years
    assert [v.value for v in t.rows[0].values] == [f * 1000 for f in rows[0][:n]]
    assert not any(d.code in ("ragged-row", "extra-values") for d in doc.diagnostics)


@settings(max_examples=25, deadline=None)
@given(st.integers(2016, 2028), st.integers(2, 5),
       st.lists(st.lists(st.integers(0, 99_999), min_size=5, max_size=5), min_size=2, max_size=5), st.booleans())
def test_a_total_column_before_the_years_is_a_column_when_it_adds_up(first, n, rows, adds_up) -> None:  # noqa: ANN001
    """"Omschrijving Totaal 2018 2019 ...": the first value is a column of its own only where it is the sum of
    the years in every row; otherwise the surplus figure is reported, never silently placed."""
    years = [first + k for k in range(n)]
    names = ["Onrendabele investeringen", "Rendabele investeringen", "Bijdragen van derden", "Grondbedrijf",
             "Reserves"]
    cells: list[object] = ["Overzicht investeringen", "Bedragen x € 1.000", "Omschrijving", "Totaal", *years]
    for name, figures in zip(names, rows):
        total = sum(figures[:n]) + (0 if adds_up else 7)
        cells += [name, _amount(total), *(_amount(f) for f in figures[:n])]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    if adds_up:
        assert [c.year for c in t.columns] == [None, *years] and t.columns[0].label == "Totaal"
        assert t.rows[0].values[1].value == rows[0][0] * 1000
    else:
        assert [c.year for c in t.columns] == years
        assert any(d.code == "extra-values" for d in doc.diagnostics)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 99_999), st.integers(1, 99_999)), min_size=2, max_size=5),
       st.sampled_from([0, 0, -50, 37, 400]))  # beyond the rounding of the terms, or none
def test_a_total_carrying_the_sum_of_the_mutations_validates(items, error) -> None:  # noqa: ANN001
    """"Totaal activa" in a Mutatie column may print the sum of the mutations above it rather than the
    difference of its own two balance figures: that adds up; a total that is neither is still reported."""
    from begroting_cli.api import validate

    names = ["Kapitaalverstrekkingen", "Leningen", "Uitzettingen", "Liquide middelen", "Overlopende activa"]
    cells: list[object] = ["Herleiding EMU-saldo", "x € 1.000", "Stand per\n31-12-2020", "Stand per\n31-12-2021",
                           "Mutatie"]
    for name, (a, b) in zip(names, items):
        cells += [name, _amount(a), _amount(b), _amount(b - a)]
    total_a, total_b = sum(a for a, _ in items), sum(b for _, b in items)
    mutations = sum(b - a for a, b in items) + error
    cells += ["Totaal activa", _amount(total_a + 1000), _amount(total_b + 1000), _amount(mutations)]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    assert t.rows[-1].values[2].value == mutations * 1000
    found = [f for f in validate(doc, allow_unchecked=True).findings if f.code == "verschil-mismatch"]
    assert bool(found) == (error != 0)


@settings(max_examples=25, deadline=None)
@given(st.integers(2016, 2028), st.booleans(), st.booleans(),
       st.lists(st.tuples(st.integers(1, 99_999), st.integers(1, 99_999)), min_size=2, max_size=6))
def test_pipe_header_of_dates_without_the_label_cell(year, unit_row, rule, rows) -> None:  # noqa: ANN001
    """"(bedragen x €1.000) | ||", "---|---|---|", then "31-12-2022 | 31-12-2023 | |": the unit row is the
    unit, and a header row of dates has no label cell: its dates head the value columns."""
    names = ["Algemene reserve", "Bestemmingsreserves", "Egalisatiereserves", "Reserves met rentebeslag",
             "Overige reserves", "Weerstandsreserves"]
    lines = ["De stand van de reserves is als volgt:"]
    lines += ["(bedragen x €1.000) | ||"] if unit_row else []
    lines += ["---|---|---|"] if rule else []
    lines.append(f"31-12-{year - 1} | 31-12-{year} | |")
    lines += [f"{name} | {_amount(a)} | {_amount(b)} |" for name, (a, b) in zip(names, rows)]
    (t,) = tables(parse_text("\n".join(lines) + "\n"))
    assert [c.year for c in t.columns] == [year - 1, year]
    assert (t.unit is not None and t.unit.multiplier == 1000) == unit_row
    assert [v.value for v in t.rows[0].values] == [x * (1000 if unit_row else 1) for x in rows[0]]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 99_999), st.integers(1, 99_999)), min_size=2, max_size=3),
                min_size=1, max_size=3), st.booleans())
def test_a_section_subtotal_printed_without_label_is_a_row_of_its_section(sections, adds_up) -> None:  # noqa: ANN001
    """Two bare figures after a section's last item, where each is the sum of the section's items: an
    unlabelled subtotal of that section, not figures to drop; figures that do not add up stay reported."""
    captions = ["Voorzieningen", "Vaste schulden", "Overlopende passiva"]
    items = ["voor verplichtingen", "van derden verkregen middelen", "overige schulden"]
    cells: list[object] = ["Passiva", "x € 1.000", "31-12-21", "31-12-20"]
    for k, (caption, rows) in enumerate(zip(captions, sections), 1):
        cells += [f"3.{k}", caption]
        for name, (a, b) in zip(items, rows):
            cells += [name, _amount(a), _amount(b)]
        extra = 0 if adds_up else 5
        cells += [_amount(sum(a for a, _ in rows) + extra), _amount(sum(b for _, b in rows) + extra)]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    subtotals = [r for r in t.rows if r.label == "(zonder label)"]
    if adds_up:
        assert [r.group for r in subtotals] == captions[:len(sections)]
        assert [r.values[0].value for r in subtotals] == [sum(a for a, _ in rows) * 1000 for rows in sections]
    else:
        assert not subtotals and any(d.code == "extra-values" for d in doc.diagnostics)


@settings(max_examples=25, deadline=None)
@given(st.integers(2016, 2026), st.integers(2, 5),
       st.lists(st.lists(st.integers(-99_999, 99_999), min_size=5, max_size=5), min_size=2, max_size=5))
def test_years_over_phrases_naming_their_source(first, n, rows) -> None:  # noqa: ANN001
    """"2017 2018 2019" over "Volgens gewijzigde begroting 2017" "Volgens begroting 2018" "Volgens
    meerjarenraming in begroting 2018", numbered rows: each column joins its two cells; the bare year is the
    column's year, the phrase its kind; the row numbers stay out of the figures."""
    years = [first + k for k in range(n)]
    phrases = [f"Volgens\ngewijzigde\nbegroting {first}", f"Volgens\nbegroting {first + 1}"]
    phrases += [f"Volgens meerjarenraming\nin begroting {first + 1}"] * (n - 2)
    phrases = phrases[:n]
    names = ["Exploitatiesaldo vóór mutatie reserves", "Afschrijvingen ten laste van de exploitatie",
             "Mutaties voorzieningen", "Investeringen in vaste activa", "Uitgaven bouwgrondexploitatie"]
    cells: list[object] = ["Ontwikkeling EMU-saldo (x €1.000):", "Omschrijving", *years, *phrases]
    for k, (name, figures) in enumerate(zip(names, rows), 1):
        cells += [k, name, *(_amount(f) for f in figures[:n])]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    assert [c.year for c in t.columns] == years
    assert t.columns[0].scenario is not None and t.columns[0].scenario.value == "begroting_na_wijziging"
    assert [[v.value for v in r.values] for r in t.rows if r.values[0].value is not None] == \
        [[f * 1000 for f in figures[:n]] for figures in rows]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["reiniging", "wegen", "bruggen", "riolering"]),
                          st.sampled_from(["voertuig", "veegmachine", "vervanging", "renovatie", "containers"]),
                          st.lists(st.integers(1_000, 999_999), min_size=3, max_size=3)), min_size=3, max_size=7),
       st.integers(2018, 2026))
def test_a_category_cell_that_comes_back_is_no_half_of_a_wrapped_label(items, year) -> None:  # noqa: ANN001
    """Domein / Omschrijving: a first label cell printed again over several rows is a category column, so
    "reiniging" / "voertuig 3" is the row "voertuig 3", not the label "reiniging voertuig 3"; where most rows
    show such a category, one printed once is a category too. Without that evidence a lower-case second
    cell continues the first ("Openbare orde en" / "veiligheid")."""
    cells: list[object] = ["Investeringsplanning", "Bedragen x € 1.000", "Domein", "Omschrijving investering",
                           year, year + 1, year + 2]
    for k, (domein, name, figures) in enumerate(items, 1):
        cells += [domein, f"{name} {k}", *(_amount(f) for f in figures)]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    counts = {d: sum(1 for x, _, _ in items if x == d) for d, _, _ in items}
    repeated = sum(n for n in counts.values() if n >= 2)
    column = repeated >= 2 and 2 * repeated >= len(items)
    rows = {r.label: r for r in t.rows if r.values and r.values[0].value is not None}
    for k, (domein, name, figures) in enumerate(items, 1):
        label = f"{name} {k}" if counts[domein] >= 2 or column else f"{domein} {name} {k}"
        assert [v.value for v in rows[label].values] == [f * 1000 for f in figures]
    plain = parse_text(_cells("Programma", "Bedragen x € 1.000", "Omschrijving", year, year + 1,
                              "Openbare orde en", "veiligheid", "1.000", "2.000", "Bestuur", "3.000", "4.000"))
    (p,) = tables(plain)
    assert [r.label for r in p.rows if r.values and r.values[0].value is not None] == \
        ["Openbare orde en veiligheid", "Bestuur"]


@settings(max_examples=30, deadline=None)
@given(st.integers(2018, 2026), st.integers(3, 4),
       st.lists(st.lists(st.one_of(st.none(), st.integers(1_000, 999_999)), min_size=4, max_size=4)
                .filter(lambda r: any(x is not None for x in r)), min_size=2, max_size=6),
       st.lists(st.integers(-1, 1), min_size=4, max_size=4))
def test_short_rows_are_placed_by_the_total_under_their_block(year, n, grid, rounding) -> None:  # noqa: ANN001
    """Investment rows printing only the years they spend in (empty cells not printed), closed by a total
    that prints every year: the figures go where every year adds up to the total, when that placement is
    the only one; otherwise they stay in order with a warning."""
    from itertools import combinations, product

    grid = [r[:n] for r in grid if any(x is not None for x in r[:n])]
    if len(grid) < 2:
        return
    totals = [sum(r[c] or 0 for r in grid) + rounding[c] for c in range(n)]  # a total may be off by rounding
    cells: list[object] = ["Investeringsplanning", "Bedragen x € 1.000", "Omschrijving",
                           *(year + c for c in range(n))]
    for k, r in enumerate(grid, 1):
        cells += [f"Investering {chr(64 + k)}", *(_amount(x) for x in r if x is not None)]
    cells += ["Totaal investeringen", *(_amount(x) for x in totals)]
    doc = parse_text(_cells(*cells))
    (t,) = tables(doc)
    printed = [[x for x in r if x is not None] for r in grid]
    readings = 0
    for choice in product(*(combinations(range(n), len(p)) for p in printed)):
        sums = [0] * n
        for p, cols in zip(printed, choice):
            for x, c in zip(p, cols):
                sums[c] += x
        readings += all(abs(a - b) <= (len(printed) + 1) / 2 for a, b in zip(sums, totals))  # rounding
    rows = [r for r in t.rows if r.label.startswith("Investering ")]
    got = [[v.value // 1000 if v.value is not None else None for v in r.values] for r in rows]
    if readings == 1:
        assert got == grid
    else:  # several placements add up: none is chosen silently
        short = [r for r in grid if None in r]
        assert not short or any(d.code == "ragged-row" for d in doc.diagnostics)
