"""The foundation issue's figures, asserted on the samples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from begroting_cli import parse
from begroting_cli.models import BudgetComparison, FinancialTable, IndicatorTable, ItemList, Scenario

from .conftest import sample

S001 = "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"
S002 = "venlo-jaarverslag-2017-sociaal-domein.txt"
S000 = "rotterdam-begroting-2018-zorg.txt"
S003 = "rotterdam-begroting-2018-welzijn.txt"
S004 = "rotterdam-begroting-2024-maatschappelijke-ondersteuning.txt"


def of(doc, kind):  # noqa: ANN001, ANN201
    return [e for e in doc.elements if isinstance(e, kind)]


def cell(table, label, column, nth=0):  # noqa: ANN001, ANN201
    rows = [r for r in table.rows if r.label == label]
    col = [c.label for c in table.columns].index(column)
    return rows[nth].values[col]


@pytest.fixture(scope="module")
def s001():  # noqa: ANN201
    return parse(sample(S001), unit=1000)


def test_seed001_one_table_with_21_rows_and_typed_columns(s001) -> None:  # noqa: ANN001
    (table,) = of(s001, FinancialTable)
    assert len(table.rows) == 21
    assert [(c.label, c.scenario, c.year) for c in table.columns] == [
        ("Realisatie 2019", Scenario.REALISATIE, 2019), ("Begroting 2020", Scenario.BEGROTING, 2020),
        ("Begroting 2021", Scenario.BEGROTING, 2021), ("Raming 2022", Scenario.RAMING, 2022),
        ("Raming 2023", Scenario.RAMING, 2023), ("Raming 2024", Scenario.RAMING, 2024)]
    assert table.unit is not None and table.unit.multiplier == 1000 and table.unit.source == "option"


def test_seed001_values_in_euros(s001) -> None:  # noqa: ANN001
    (table,) = of(s001, FinancialTable)
    v = cell(table, "Lasten exclusief reserves", "Begroting 2021")
    assert (v.value, v.unit, v.raw) == (Decimal(115081000), "EUR", "115.081")
    assert cell(table, "Subsidies en inkomensoverdrachten", "Realisatie 2019").value == -143000
    assert cell(table, "Saldo", "Raming 2024").value == -107278000
    assert [r.label for r in table.rows].count("Intern resultaat") == 2


def test_seed001_without_unit_says_so() -> None:
    doc = parse(sample(S001))
    (table,) = of(doc, FinancialTable)
    assert table.unit is None
    assert cell(table, "Saldo", "Raming 2024").value == -107278
    assert any(d.code == "unit-not-stated" for d in doc.diagnostics)


@pytest.fixture(scope="module")
def s002():  # noqa: ANN201
    return parse(sample(S002))


def test_seed002_table_in_thousands(s002) -> None:  # noqa: ANN001
    (table,) = of(s002, FinancialTable)
    assert table.unit.multiplier == 1000
    assert cell(table, "Lasten", "Rekening 2017").value == 66877000
    assert cell(table, "Saldo baten en lasten", "Verschil").value == -20780000
    pct = cell(table, "Lasten", "%")
    assert (pct.value, pct.unit) == (Decimal(145), "%")
    empty = [r for r in table.rows if r.label.startswith("Onttrekkingen aan reserves")]
    assert empty and all(v.value is None and v.status.value == "empty" for v in empty[0].values)


def test_seed002_begroot_vs_realisatie(s002) -> None:  # noqa: ANN001
    blocks = of(s002, BudgetComparison)
    lasten = blocks[0].items[0]
    assert lasten.label == "Lasten"
    assert (lasten.begroot.value, lasten.realisatie.value, lasten.afwijking.value) == (46237000, 66877000, -20641000)
    assert lasten.percentage.value == -31 and lasten.percentage.unit == "%"
    assert any(d.code == "comparison-scale-inferred" and d.location.line == 1 for d in s002.diagnostics)
    products = [b for b in blocks if not b.title.startswith("Begroot")]
    assert [b.title for b in products] == ["Sociale Basisondersteuning", "Beschermd wonen", "Sociale Wijkteams",
                                           "Gezondheid van burgers"]
    assert all([i.label for i in b.items] == ["Lasten", "Baten"] for b in products)
    assert products[0].items[0].begroot.value == 29277000


def test_seed004_lists_and_indicators() -> None:
    doc = parse(sample(S004))
    lists = {lst.heading: lst for lst in of(doc, ItemList)}
    assert len(lists["Wat willen we bereiken?"].items) == 7
    assert len(lists["Wat gaan we daarvoor doen?"].items) == 8
    (table,) = of(doc, IndicatorTable)
    cols = [c.label for c in table.columns]
    mantel = next(r for r in table.rows if "Mantelfoon" in r.indicator)
    val = dict(zip(cols, mantel.values))
    assert val["Realisatie 2021"].value == 800 and val["Realisatie 2022"].value == 1020
    assert val["Begroting 2023"].value == 1200 and val["Realisatie 2023"].value is None
    assert val["Raming 2024"].value == 1400 and val["Raming 2026"].value == 1800
    assert val["Raming 2027"].value is None and val["Raming 2027"].status.value == "empty"
    jeugd = [r for r in table.rows if "jeugdhulp" in r.indicator]
    assert [r.subrow for r in jeugd] == ["Rotterdam", "Nederland"]
    assert [(v.value, v.unit) for v in jeugd[0].values[:2]] == [(Decimal("8.7"), "%"), (Decimal("7.0"), "%")]
    assert [v.value for v in jeugd[1].values[:2]] == [Decimal("13.2"), Decimal("10.7")]


def test_seed000_priorities_and_indicators() -> None:
    doc = parse(sample(S000))
    prio = next(lst for lst in of(doc, ItemList) if lst.heading == "Prioriteiten")
    assert len(prio.items) == 10
    (table,) = of(doc, IndicatorTable)
    by = {(r.indicator, r.subrow): r for r in table.rows}
    clients = by[("Cliënten met een maatwerkarrangement WMO", "Realisatie (incl. peildatum)")]
    assert clients.values[0].value == 75 and clients.values[1].status.value == "unknown"
    assert clients.kind == "bbv"
    marks = by[("Cliëntervaringscijfers geïndiceerde Wmo-zorg", "Mijlpaal")]
    assert [v.value for v in marks.values[:3]] == [Decimal("7.0")] * 3
    assert marks.monitor == "Uitvoerings-monitor Wmo en Jeugdhulp"
    assert {r.subrow for r in table.rows} == {"Mijlpaal", "Realisatie (incl. peildatum)"}
    ragged = [d for d in doc.diagnostics if d.code == "ragged-row"]
    assert any("Cliëntervaringscijfers" in (d.location.row or "") for d in ragged)


def test_seed003_priority_groups() -> None:
    doc = parse(sample(S003))
    prio = next(lst for lst in of(doc, ItemList) if lst.heading == "Prioriteiten")
    counts = [sum(1 for i in prio.items if i.group == g) for g in prio.groups]
    assert prio.groups[0] == "Nieuw Rotterdams Welzijn"
    assert counts == [5, 1, 1, 1, 1]


def test_document_metadata_from_the_text() -> None:
    doc = parse(sample(S002))
    assert (doc.document_kind.value, doc.year) == ("jaarverslag", 2017)
    # an extract without its cover: "de gemeente Venlo" in the prose is no evidence of who publishes it
    assert doc.body is None and doc.gemeente is None
    doc = parse(sample(S004))  # columns print Realisatie 2023 and Raming 2024: a begroting 2024
    assert (doc.document_kind.value, doc.year) == ("begroting", 2024)
