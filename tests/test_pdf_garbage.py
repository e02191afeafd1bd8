"""A text layer that is not language (glyph codes of a font without ToUnicode coming out as punctuation and
digits, or as capitals) is refused: no figures from it, `pdf-no-text` names the page, exit 2 if no page is left."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import parse
from begroting_cli.cli import app
from begroting_cli.sources.pdf_language import garbage_reason
from begroting_cli.sources.pdf_words import count_undecodable

from .pdfgen import Page, Text, build_pdf, text_page

# What a subset font without ToUnicode gives when its glyph codes land on ASCII 33..64
PUNCTUATION_AND_DIGITS = "!\"#$%&'()*+,-./0123456789:;<=>?@"


def garbage_lines(seed: int, alphabet: str, lines: int = 30) -> list[str]:
    rng = random.Random(seed)
    return [" ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(2, 9)))
                     for _ in range(rng.randint(4, 9))) for _ in range(lines)]


def garbage_page(seed: int, alphabet: str = PUNCTUATION_AND_DIGITS) -> Page:
    return Page(texts=[Text(72, 72 + i * 14, ln) for i, ln in enumerate(garbage_lines(seed, alphabet))])


@pytest.mark.parametrize("seed", range(5))
def test_glyph_garbage_of_punctuation_and_digits_exits_2_with_no_rows(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(build_pdf([garbage_page(seed), garbage_page(seed + 100)]))
    result = CliRunner().invoke(app, ["export", str(path)])
    assert result.exit_code == 2 and "glyphs.pdf" in result.output and "no usable text layer" in result.output
    assert result.stdout.count("\n") <= 1  # the CSV header at most, no rows


def test_capitals_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "caps.pdf"
    path.write_bytes(build_pdf([garbage_page(7, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")]))
    assert CliRunner().invoke(app, ["parse", str(path)]).exit_code == 2


def test_garbage_page_among_readable_pages_is_named_and_gives_no_figures(tmp_path: Path) -> None:
    readable = text_page(["Overzicht baten en lasten", "Bedragen x € 1.000", "Programma Begroting 2025",
                          "Lasten 2.349", "Baten 1.016"])
    path = tmp_path / "mixed.pdf"
    path.write_bytes(build_pdf([readable, garbage_page(3)]))
    doc = parse(path)
    (diag,) = [d for d in doc.diagnostics if d.code == "pdf-no-text"]
    assert diag.severity.value == "error" and diag.location.page == 2 and "2" in diag.message
    assert not [ln for ln in doc.elements if getattr(ln, "lines", None) and min(ln.lines) > 6]


@pytest.mark.parametrize("text", [
    "De raad stelt de begroting 2025 vast. Lasten € 2.349.000 (x € 1.000), baten 1.016; saldo -1.333 = nadeel.",
    "Programma 1 Veiligheid 6.628 6.700 -72 % 1,5 Totaal lasten 88.353 89.000 88.900 89.100 89.300 89.500",
])
def test_dutch_text_and_tables_are_language(text: str) -> None:
    page = " ".join([text] * 5)
    bad, visible = count_undecodable(page)
    assert garbage_reason(page, bad, visible) is None


def test_one_percent_control_characters_is_not_language() -> None:
    page = "De raad stelt de begroting vast en dat is goed nieuws voor iedereen. " * 3 + "\x07\x08\x0e"
    bad, visible = count_undecodable(page)
    assert garbage_reason(page, bad, visible) is not None


def test_every_page_of_the_corpus_pdfs_stays_readable() -> None:
    from begroting_cli.sources.pdf import read_pdf

    from .conftest import PDFS

    pdfs = sorted(PDFS.glob("*.pdf")) if PDFS.exists() else []
    if not pdfs:
        pytest.skip("../shared/corpus/pdf is not beside the repository")
    for pdf in pdfs:
        assert read_pdf(pdf, jobs=2).unreadable_pages == [], pdf.name
