"""The body, kind and year of a document come from its own title, cover or colofon, or from the user."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import parse, parse_text
from begroting_cli.cli import app
from begroting_cli.errors import UsageError

from .pdfgen import build_pdf, text_page

TABLE = "\n\nBedragen x € 1.000\nProgramma Begroting 2025 Begroting 2026\nLasten 10 20\nBaten 5 6\n"


@pytest.mark.parametrize(("cover", "name", "kind"), [
    ("Programmabegroting 2025\nGemeente Sint-Michielsgestel\n", "Sint-Michielsgestel", "gemeente"),
    ("Begroting 2025\nOmgevingsdienst Haaglanden\n", "Omgevingsdienst Haaglanden", "gemeenschappelijke regeling"),
    ("Jaarstukken 2024\nVeiligheidsregio Zuid-Limburg\n", "Veiligheidsregio Zuid-Limburg",
     "gemeenschappelijke regeling"),
    ("Begroting 2026\nProvincie Noord-Brabant\n", "Noord-Brabant", "provincie"),
    ("Begroting 2025\nHoogheemraadschap van Delfland\n", "Hoogheemraadschap van Delfland", "waterschap"),
    ("Begroting 2025\nGemeenschappelijke regeling Holland Rijnland\n", "Holland Rijnland",
     "gemeenschappelijke regeling"),
])
def test_body_from_the_cover(cover: str, name: str, kind: str) -> None:
    body = parse_text(cover + TABLE).body
    assert body is not None and (body.name, body.kind.value) == (name, kind)


def test_a_gemeente_named_in_the_text_is_not_the_body() -> None:
    # a gemeenschappelijke regeling's document names its gemeenten: the cover says who publishes it
    text = "Begroting 2025\nOmgevingsdienst West-Holland\n" + "\n" * 50 + \
        "De gemeente Leiden en de gemeente Katwijk dragen bij.\n" * 5 + TABLE
    doc = parse_text(text)
    assert doc.body is not None and doc.body.name == "Omgevingsdienst West-Holland" and doc.gemeente is None
    assert parse_text("\n" * 50 + "De gemeente Leiden draagt bij.\n" + TABLE).body is None


def test_colofon_publisher_takes_its_kind_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(build_pdf([text_page(["BEGROTING 2025"]), text_page(["Colofon: uitgave Oegstgeest",
                                                                        "Oktober 2024"]),
                                text_page(["De gemeente Oegstgeest werkt samen met de regio.",
                                           "Vragen: gemeente@oegstgeest.nl"])]))
    doc = parse(path)
    assert doc.body is not None and (doc.body.name, doc.body.kind.value) == ("Oegstgeest", "gemeente")
    assert doc.gemeente == "Oegstgeest" and (doc.document_kind.value, doc.year) == ("begroting", 2025)


def test_overrides_win(tmp_path: Path) -> None:
    doc = parse_text("Begroting 2025\nGemeente Delft\n" + TABLE, body="Omgevingsdienst Haaglanden", year=2024,
                     kind="jaarrekening")
    assert (doc.body.name, doc.body.kind.value) == ("Omgevingsdienst Haaglanden", "gemeenschappelijke regeling")
    assert (doc.document_kind.value, doc.year, doc.gemeente) == ("jaarrekening", 2024, None)
    src = tmp_path / "doc.txt"
    src.write_text("Begroting 2025\n" + TABLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(src), "--body", "gemeente Delft", "--year", "2026",
                                      "--kind", "begroting"])
    assert result.exit_code == 0
    parsed = CliRunner().invoke(app, ["parse", str(src), "--body", "gemeente Delft"])
    assert '"name": "Delft"' in parsed.stdout and '"gemeente": "Delft"' in parsed.stdout


@pytest.mark.parametrize(("option", "value"), [("--kind", "begrotin"), ("--year", "25"), ("--body", " ")])
def test_bad_overrides_are_usage_errors(tmp_path: Path, option: str, value: str) -> None:
    src = tmp_path / "doc.txt"
    src.write_text("Begroting 2025\n" + TABLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(src), option, value])
    assert result.exit_code == 2 and "Traceback" not in result.output
    with pytest.raises(UsageError):
        parse_text("x", **{option.lstrip("-"): int(value) if option == "--year" else value})
