"""Generated budget documents for the diff tests: programme tables with known figures, and the
perturbations an edition brings (renamed rows, changed figures, moved columns, rows added or removed)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from begroting_cli.models import (Column, Document, FinancialRow, FinancialTable, ItemList, ListItem, Scenario, Source,
                                  Unit, Value)
from begroting_cli.normalise.numbers import Status
from begroting_cli.provenance import Provenance

ROW_LABELS = ["Baten", "Lasten", "Saldo van baten en lasten", "Onttrekking reserves", "Toevoeging reserves",
              "Geraamde resultaat", "Apparaatslasten", "Programmalasten", "Overhead", "Treasury",
              "Belastingen", "Sportaccommodaties", "Cultuurpresentatie", "Onderwijshuisvesting", "Verkeer en vervoer",
              "Riolering", "Afvalinzameling", "Wonen en bouwen", "Economische ontwikkeling", "Bijstandsverlening"]
PROGRAMMES = ["Veiligheid en handhaving", "Mens en maatschappij", "Bestuur en middelen", "Fysieke leefomgeving",
              "Natuur, klimaat en mobiliteit", "Jeugd en onderwijs"]
ITEMS = ["We bouwen 300 sociale huurwoningen", "De wachtlijst jeugdzorg gaat omlaag", "Meer groen in de wijken",
         "Het centrum wordt autoluw", "We verduurzamen alle scholen", "Minder inwoners met schulden"]


def value(amount: int, line: int, page: int = 1) -> Value:
    return Value(raw=f"{amount:,}".replace(",", "."), value=Decimal(amount) * 1000, status=Status.OK, unit="EUR",
                 provenance=Provenance(line=line, page=page))


def column(year: int, first_year: int) -> Column:
    scenario = Scenario.REALISATIE if year < first_year else Scenario.BEGROTING
    word = "Rekening" if scenario is Scenario.REALISATIE else "Begroting"
    return Column(label=f"{word} {year}", scenario=scenario, year=year)


def table(programme: int, labels: list[str], years: list[int], figures: list[list[int]], first_year: int,
          line: int) -> FinancialTable:
    cols = [column(y, first_year) for y in years]
    rows = [FinancialRow(label=lab, values=[value(f, line + k) for f in figs], provenance=Provenance(line=line + k))
            for k, (lab, figs) in enumerate(zip(labels, figures))]
    return FinancialTable(title=f"Tabel {programme}.2 - Baten en lasten P{programme} {PROGRAMMES[programme - 1]}",
                          heading_path=["Begroting", f"P{programme} {PROGRAMMES[programme - 1]}"],
                          unit=Unit(multiplier=1000, raw="x € 1.000", source="table"), columns=cols, rows=rows,
                          lines=[line])


def item_list(items: list[str], line: int) -> ItemList:
    return ItemList(heading="Wat willen we bereiken?", items=[
        ListItem(text=t, marker="-", provenance=Provenance(line=line + k)) for k, t in enumerate(items)],
        lines=[line])


def document(elements: list, name: str = "gen.txt", year: int = 2025) -> Document:
    return Document(tool_version="test", source=Source(name=name, sha256="0" * 64, format="text", lines=1000),
                    year=year, elements=elements)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """One to three programme tables (distinct labels, 2-5 year columns) and a list of goals."""
    first = draw(st.integers(2018, 2030))
    n_tables = draw(st.integers(1, 3))
    programmes = draw(st.lists(st.integers(1, len(PROGRAMMES)), min_size=n_tables, max_size=n_tables, unique=True))
    elements: list = []
    line = 1
    for p in programmes:
        labels = draw(st.lists(st.sampled_from(ROW_LABELS), min_size=2, max_size=7, unique=True))
        n_years = draw(st.integers(2, 5))
        years = list(range(first - 1, first - 1 + n_years))
        figures = [[draw(st.integers(-90_000, 90_000)) for _ in years] for _ in labels]
        elements.append(table(p, labels, years, figures, first, line))
        line += 20
    elements.append(item_list(draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=4, unique=True)), line))
    return document(elements)


def first_table(doc: Document) -> FinancialTable:
    return next(e for e in doc.elements if isinstance(e, FinancialTable))


def with_table(doc: Document, old: FinancialTable, new: FinancialTable) -> Document:
    return doc.model_copy(update={"elements": [new if e is old else e for e in doc.elements]})
