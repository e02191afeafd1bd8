"""`begroting explain` through typer's CliRunner, and the same through `begroting_cli.explain`: the readings
with their scores, the kept one marked, page and table selection, and one-line errors with exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import explain
from begroting_cli.cli import app
from begroting_cli.extract.scoring import TERMS

from .pdfgen import build_pdf, text_page

runner = CliRunner()

TWO_TABLES = """Overzicht

Bedragen x € 1.000
Programma Begroting 2024 Begroting 2025 Begroting 2026
Bestuur 100 110 120
Veiligheid 50 55 60
Totaal 150 165 180

Toelichting op de cijfers in de tabel hierboven.

Reserves

Bedragen x € 1.000
Reserve Rekening 2023 Begroting 2024
Algemene reserve 1.000 1.200
Bestemmingsreserve 300 250
Totaal 1.300 1.450
"""


@pytest.fixture()
def two_tables(tmp_path: Path) -> Path:
    path = tmp_path / "twee-tabellen.txt"
    path.write_text(TWO_TABLES, encoding="utf-8")
    return path


def test_explain_shows_every_table_with_its_readings_and_terms(two_tables: Path) -> None:
    result = runner.invoke(app, ["explain", str(two_tables)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Table 1" in result.output and "Table 2" in result.output
    assert "kept" in result.output and "rules" in result.output and "columns-1" in result.output
    for term in TERMS:
        assert term in result.output


def test_table_selects_one_table(two_tables: Path) -> None:
    result = runner.invoke(app, ["explain", str(two_tables), "--table", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Reserve" in result.output and "Table 2" not in result.output and "Overzicht" not in result.output


def test_the_library_gives_the_same_readings(two_tables: Path) -> None:
    found = explain(two_tables, table=1).tables
    assert len(found) == 1 and found[0].kept == "rules"
    kept = next(s for s in found[0].scored if s.reading.name == "rules")
    assert kept is found[0].scored[0]  # a clean table: the rules' reading scores highest
    assert [s.score for s in found[0].scored] == sorted((s.score for s in found[0].scored), reverse=True)


def test_figures_outside_every_table_are_listed_after_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "los.txt"
    path.write_text(TWO_TABLES + "\nKosten per jaar\n\nWoningen\n\n1.234\n\nScholen\n\n2.345\n\nWegen\n\n3.456\n"
                    "\nDat was het.\n", encoding="utf-8")
    found = explain(path)
    assert [d.code for d in found.outside] == ["figures-outside-table"]
    result = runner.invoke(app, ["explain", str(path)], catch_exceptions=False)
    assert result.exit_code == 0 and "Figures outside every table" in result.output
    assert f"line {found.outside[0].location.line}" in result.output


@pytest.mark.parametrize("args, message", [
    (["--table", "3"], "--table 3: there are 2 table(s); choose 1-2"),
    (["--page", "2"], "--page 2: no table starts on that page"),
])
def test_a_selection_without_a_table_is_one_line_and_exit_2(two_tables: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["explain", str(two_tables), *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_file_is_one_line_naming_it_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["explain", str(tmp_path / "weg.txt")])
    assert result.exit_code == 2
    assert "weg.txt" in result.output and len(result.output.strip().splitlines()) == 1


def test_page_picks_the_tables_of_one_pdf_page(tmp_path: Path) -> None:
    first = text_page(["Inleiding", "Een pagina met alleen tekst en geen tabel."])
    second = text_page(["Overzicht", "Bedragen x € 1.000", "Programma      Begroting 2024      Begroting 2025",
                        "Bestuur      100      110", "Veiligheid      50      55", "Totaal      150      165"])
    path = tmp_path / "twee.pdf"
    path.write_bytes(build_pdf([first, second]))
    found = explain(path).tables
    assert found and all(t.page == 2 for t in found)
    result = runner.invoke(app, ["explain", str(path), "--page", "2", "--table", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "page 2" in result.output
    assert runner.invoke(app, ["explain", str(path), "--page", "1"]).exit_code == 2


def test_output_goes_to_a_file(two_tables: Path, tmp_path: Path) -> None:
    target = tmp_path / "uitleg.txt"
    result = runner.invoke(app, ["explain", str(two_tables), "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0 and result.output == ""
    assert "Table 1" in target.read_text(encoding="utf-8")


def test_help_names_the_options() -> None:
    result = runner.invoke(app, ["explain", "--help"])
    assert result.exit_code == 0
    for option in ("--page", "--table", "--unit", "--output"):
        assert option in result.output
