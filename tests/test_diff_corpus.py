"""The diff on real documents: two editions of one municipality's begroting (PDF), and pairs of corpus
pages of one municipality from different years. Figures asserted here were read from the pages."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from begroting_cli import diff, parse
from begroting_cli.diffing import DocumentDiff
from begroting_cli.diffing.model import FigureChange, TableDiff
from begroting_cli.diffing.render import render_json

from .conftest import PAGES, PDFS

K = Decimal(1000)


def _page(prefix: str) -> Path:
    found = sorted(PAGES.glob(f"{prefix}_*.txt")) if PAGES.exists() else []
    if not found:
        pytest.skip("../shared/corpus/pages is not beside the repository")
    return found[0]


def _change(result: DocumentDiff, table: str, row: str, year: int, part: str | None = None,
            subrow: str | None = None) -> FigureChange:
    hits = [c for t in result.tables if t.status == "matched" and t.new and table in t.new.title for c in t.changes
            if c.row == row and c.year == year and (part is None or c.part == part) and c.subrow == subrow]
    assert len(hits) == 1, (table, row, year, hits)
    return hits[0]


def _transitions(t: TableDiff) -> dict[int | None, str | None]:
    return {p.year: p.transition for p in t.columns if p.status == "matched"}


@pytest.fixture(scope="module")
def wassenaar() -> tuple[DocumentDiff, float, float]:
    old, new = PDFS / "wassenaar_begroting_2024.pdf", PDFS / "wassenaar_begroting_2025.pdf"
    if not old.exists() or not new.exists():
        pytest.skip("the corpus PDFs are not beside the repository")
    start = time.perf_counter()
    a, b = parse(old), parse(new)
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    result = diff(a, b)
    compared = time.perf_counter() - start
    return result, parsed, compared


def test_wassenaar_every_programme_table_is_matched_with_its_years(wassenaar) -> None:
    result, _, _ = wassenaar
    programmes = [t for t in result.tables if t.status == "matched" and t.old and "Baten en lasten P" in t.old.title]
    assert sorted(t.old.title[:9] for t in programmes if t.old) == [f"Tabel {p}" for p in
                                                                    ("1.2", "2.3", "3.3", "4.3", "5.3")]
    for t in programmes:
        assert t.old and t.new and t.old.title[:30] == t.new.title[:30]
        # 2024 edition: Rekening 2022, Begroting 2023-2027; 2025 edition: Rekening 2023, Begroting 2024-2028
        assert _transitions(t) == {2023: "begroting->realisatie", 2024: "same", 2025: "same", 2026: "same",
                                   2027: "same"}
        assert {(p.status, p.year) for p in t.columns if p.status != "matched"} == {("removed", 2022),
                                                                                     ("added", 2028)}
    unmatched = [t for t in result.tables if t.status != "matched" and "Baten en lasten P" in
                 (t.old or t.new).title]  # type: ignore[union-attr]
    assert unmatched == []


def test_wassenaar_restatements_read_from_the_pdfs(wassenaar) -> None:
    result, _, _ = wassenaar
    p3 = _change(result, "Baten en lasten P3", "Baten", 2024)  # p39 of 2024: 60.114; p44 of 2025: 61.387
    assert (p3.kind, p3.old.raw, p3.new.raw, p3.delta) == ("restated", "60.114", "61.387", 1273 * K)
    assert (p3.old.page, p3.new.page, p3.old.scenario, p3.new.scenario) == (39, 44, "begroting", "begroting")
    p2 = _change(result, "Baten en lasten P2", "Baten", 2024)  # 11.652 -> 13.309
    assert (p2.kind, p2.old.value, p2.new.value, p2.relative) == ("restated", 11652 * K, 13309 * K, Decimal("0.1422"))
    p1 = _change(result, "Baten en lasten P1", "Lasten", 2024)  # -4.204 -> -4.489
    assert (p1.kind, p1.old.value, p1.new.value, p1.delta) == ("restated", -4204 * K, -4489 * K, -285 * K)
    realised = _change(result, "Baten en lasten P3", "Baten", 2023)  # begroting 57.472 -> rekening 59.468
    assert (realised.kind, realised.old.raw, realised.new.raw) == ("realised", "57.472", "59.468")
    assert (realised.old.column, realised.new.column) == ("Begroting 2023", "Rekening 2023")
    # an unchanged figure is no change: P1 Baten 2024 is 102 in both editions
    assert not [c for t in result.tables if t.new and "Baten en lasten P1" in t.new.title for c in t.changes
                if c.row == "Baten" and c.year == 2024]


def test_wassenaar_diff_is_deterministic_and_fast(wassenaar) -> None:
    result, parsed, compared = wassenaar
    assert compared < parsed  # the whole command stays under twice the parse: the comparison is the rest
    assert render_json(result) == render_json(diff(*(parse(PDFS / f"wassenaar_begroting_{y}.pdf")
                                                     for y in (2024, 2025))))


def test_gilze_rijen_2017_against_2018_overzicht_baten_en_lasten() -> None:
    """Glued 2017 figures against the 2018 layout: the programme rows and (year, part) columns match."""
    result = diff(_page("102"), _page("101"))
    t = next(t for t in result.tables if t.status == "matched")
    assert _transitions(t) == {2016: "begroting->realisatie", 2017: "same", 2018: "same", 2019: "same", 2020: "same"}
    # The 2017 excerpt goes on below the programmes (subtotal, algemene dekkingsmiddelen, overhead, VpB,
    # onvoorzien); the 2018 excerpt stops at them: those rows are removed, every programme is matched.
    assert t.rows_matched >= 9
    assert {(r.status, r.old_row) for r in t.rows if r.status != "renamed"} <= {
        ("removed", "Subtotaal programma's"), ("removed", "Alg. dekkingsmiddelen"), ("removed", "Overhead"),
        ("removed", "VpB"), ("removed", "Onvoorzien")}
    c = _change(result, "", "Programma 0", 2018, "Lasten")
    assert (c.kind, c.old.raw, c.new.raw) == ("restated", "3.192", "2.841")
    c = _change(result, "", "Programma 0", 2017, "Baten")
    assert (c.kind, c.old.raw, c.new.raw) == ("restated", "578", "960")
    c = _change(result, "", "Programma 0", 2016, "Lasten")
    assert (c.kind, c.old.raw, c.new.raw, c.new.column) == ("realised", "2.327", "3.961", "Rekening 2016 Lasten")


def test_stein_2018_against_2019_algemene_dekkingsmiddelen() -> None:
    """Kinds printed over the years (Rekening / Begroting / Begroting / Meerjarenraming over six years):
    matched by year, and the kinds give each change its meaning."""
    result = diff(_page("245"), _page("318"))
    t = next(t for t in result.tables if t.status == "matched")
    assert sorted(y for y in _transitions(t) if y) == [2017, 2018, 2019, 2020, 2021]
    assert _transitions(t)[2019] == "raming->begroting"
    c = _change(result, "", "Lokale heffingen", 2019)
    assert (c.kind, c.old.raw, c.new.raw, c.delta) == ("revised", "5.728", "5.643", -85 * K)
    c = _change(result, "", "Algemene uitkeringen", 2018)
    assert (c.old.raw, c.new.raw, c.old.line, c.new.line) == ("34.155", "34.832", 49, 51)


def test_weststellingwerf_kerngegevens_2019_against_2020() -> None:
    result = diff(_page("294"), _page("343"))
    # The kerngegevens page is one table whose groups (Inwoners, Woonruimten, ...) carry their sub-rows.
    assert result.counts.tables_matched == 1 and result.counts.tables_added == result.counts.tables_removed == 0
    t = next(t for t in result.tables if t.new and t.new.title == "Kerngegevens")
    assert _transitions(t) == {2020: "raming->begroting", 2021: "same", 2022: "same"}
    assert {(p.status, p.year) for p in t.columns if p.status != "matched"} == {
        ("removed", 2017), ("removed", 2018), ("removed", 2019), ("added", 2023)}
    c = _change(result, "Kerngegevens", "Inwoners", 2021, subrow="van 0-4 jaar")
    assert (c.kind, c.old.raw, c.new.raw) == ("restated", "1.120", "1.000")
    c = _change(result, "Kerngegevens", "Huurwoningen", 2022, subrow="Woonruimten")
    assert (c.kind, c.old.raw, c.new.raw) == ("restated", "3.500", "3.301")
    c = _change(result, "Kerngegevens", "Huurwoningen", 2020, subrow="Woonruimten")  # Prognose 2020 became Begroting 2020
    assert (c.kind, c.old.raw, c.new.raw, c.old.column, c.new.column) == (
        "revised", "3.514", "3.301", "Prognose 2020 1-1-2020", "Begroting 2020 1-1-2020")


def test_enschede_2016_against_2024_tables_without_a_match_are_reported_not_guessed() -> None:
    """Incidental items of 2016 and 2024 share a heading, not their items: nothing may be paired."""
    result = diff(_page("256"), _page("257"))
    assert result.counts.tables_matched == 0
    assert result.counts.tables_removed >= 1 and result.counts.tables_added >= 1
    assert result.differs
