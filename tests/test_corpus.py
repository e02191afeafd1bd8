"""The real-pages corpus: every page parses without error findings, and values read by hand come out."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from begroting_cli import parse, tidy_rows
from begroting_cli.tidy import text_row
from begroting_cli.models import Document, IndicatorTable, ItemList

from .conftest import PAGES

pytestmark = pytest.mark.skipif(not PAGES.exists(), reason="../shared/corpus is not beside the repository")

GOLD = sorted(PAGES.glob("*.gold.yaml")) if PAGES.exists() else []
DOCS = sorted(PAGES.glob("*.txt")) if PAGES.exists() else []
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def tidy_text(doc: Document) -> list[dict[str, str]]:
    """The rows in their CSV text form (the spot checks below compare printed strings)."""
    return [text_row(r) for r in tidy_rows(doc)]


def norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", t).strip().casefold()


def doc_for(gold: Path) -> Path:
    return gold.with_name(gold.name.replace(".gold.yaml", ".txt"))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:3])
def test_every_page_parses(path: Path) -> None:
    doc = parse(path)
    assert doc.source.name == path.name
    # Figures left out of a table (more values than columns) are an error on purpose: they are said, never
    # dropped silently. Any other error on a corpus page is a bug.
    assert not [d.message for d in doc.diagnostics if d.severity.value == "error" and d.code != "extra-values"]


# Gold figures, precision, indicators and lists are scored per page by the ratchet (test_ratchet.py),
# with the shared scorer's own rules; the tests below assert values read by hand.


def test_page_figures_spot_checks() -> None:
    """A few values read by hand from the pages, with the sign as printed."""
    def value(name: str, row: str, column: str) -> str:
        rows = tidy_text(parse(next(PAGES.glob(name))))
        return next(r["value"] for r in rows if r["row"] == row and r["column"] == column)

    assert value("110_*.txt", "1 Burger en Bestuur", "Primitieve begroting Lasten") == "-4977000"
    assert value("110_*.txt", "Dividend (beleggingen)", "Realisatie 2021 Baten") == "66000"
    assert value("112_*.txt", "Treasury", "Realisatie 2019 Lasten") == "-318000"
    assert value("107_*.txt", "Baten", "2023") == "-28607000"
    assert value("114_*.txt", "Saldo van baten en lasten", "2020") == "-4096000"
    assert value("109_*.txt", "0. Bestuur en ondersteuning", "Rekening 2019") == "31393"  # no unit printed


def test_unit_not_stated_is_reported_not_assumed() -> None:
    doc = parse(next(PAGES.glob("109_*.txt")))
    assert any(d.code == "unit-not-stated" for d in doc.diagnostics)
    rows = [r for r in tidy_text(doc) if r["element"] == "financial_table" and r["value"]]
    assert rows and all(r["unit"] == "" for r in rows)


def test_sign_convention_is_recorded() -> None:
    doc = parse(next(PAGES.glob("107_*.txt")))
    conv = [e.sign_convention for e in doc.elements if getattr(e, "type", "") == "financial_table"]
    assert any(c and "nadeel" in c for c in conv)


def test_glued_cells_split_only_by_arithmetic() -> None:
    doc = parse(next(PAGES.glob("102_*.txt")))
    rows = [r for r in tidy_text(doc) if r["element"] == "financial_table"]
    prog3 = {r["column"]: r["value"] for r in rows if r["row"] == "Programma 3"}
    assert prog3["Rekening 2015 Lasten"] == "-287" and prog3["Rekening 2015 Baten"] == "2246"
    assert prog3["Rekening 2015 Saldo"] == "-2534"
    assert {r["row"] for r in rows} >= {f"Programma {i}" for i in range(9)}
    assert sum(d.code == "glued-split" for d in doc.diagnostics) >= 9


def test_grid_indicators_with_gemeente_and_nederland_columns() -> None:
    doc = parse(next(PAGES.glob("108_*.txt")))
    (table,) = [e for e in doc.elements if isinstance(e, IndicatorTable)]
    assert [c.label for c in table.columns] == ["Gouda", "Nederland"]
    armoede = next(r for r in table.rows if r.indicator == "% Kinderen in armoede")
    assert [v.value for v in armoede.values] == [Decimal("6.44"), Decimal("6.58")]
    assert armoede.number == "3" and armoede.monitor == "Verwey Jonker Instituut - Kinderen in Tel"
    assert armoede.attributes["Periode"] == "2015"


def test_indicator_placeholders_and_row_numbers() -> None:
    doc = parse(next(PAGES.glob("113_*.txt")))
    (table,) = [e for e in doc.elements if isinstance(e, IndicatorTable)]
    assert [c.label for c in table.columns][-1] == "Streefwaarde"
    delict = table.rows[0]
    assert delict.number == "1" and [v.status.value for v in delict.values] == [
        "unknown", "unknown", "empty", "empty", "empty"]
    banen = next(r for r in table.rows if r.indicator.startswith("Banen"))
    assert banen.values[-1].value == Decimal("861.6")
