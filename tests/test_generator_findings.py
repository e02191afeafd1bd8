"""Minimal reproductions of the parser failures the generator and the perturbations found.

Each is the smallest input of its layout family that still fails: the expected reading is asserted,
and the test is xfail(strict=True) until the parser reads it (then the mark comes off). The
rendering and perturbation tests (test_tablegen.py, test_perturb.py) hold the wider cases.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from begroting_cli import parse, parse_text
from begroting_cli.models import Document, FinancialTable

from .pdfgen import HELVETICA_BOLD, Page, Text, build_pdf, centred, right_aligned

SIZE = 8.0
HEAD = 7.0
UNIT = "Bedragen x € 1.000"


def _tables(doc: Document) -> list[FinancialTable]:
    return [e for e in doc.elements if isinstance(e, FinancialTable)]


def _read(tmp_path: Path, texts: list[Text]) -> Document:
    path = tmp_path / "table.pdf"
    head = [Text(40, 60, "Overzicht baten en lasten", 10, HELVETICA_BOLD), Text(40, 76, UNIT, SIZE)]
    path.write_bytes(build_pdf([Page(texts=head + texts)]))
    return parse(path)


def _row(top: float, label: str, values: list[str], right: list[float]) -> list[Text]:
    return [Text(40, top, label, SIZE), *(right_aligned(x, top, v, SIZE) for x, v in zip(right, values))]


def _columns(t: FinancialTable) -> list[tuple[int | None, str | None, str | None]]:
    return [(c.year, c.scenario.value if c.scenario else None, c.part) for c in t.columns]


def _values(t: FinancialTable) -> dict[str, list[str]]:
    return {r.label: [v.raw for v in r.values] for r in t.rows if any(v.raw for v in r.values)}


def test_pdf_group_phrase_centred_over_its_parts(tmp_path: Path) -> None:
    right = [230.0, 290.0, 350.0, 410.0, 470.0, 530.0]
    texts = [Text(40, 96, "Programma", HEAD), centred(260, 96, "Begroting 2024", HEAD),
             centred(440, 96, "Begroting 2025", HEAD),
             *(right_aligned(x, 105, p, HEAD) for x, p in zip(right, ["Lasten", "Baten", "Saldo"] * 2)),
             *_row(120, "Bestuur", ["100", "20", "-80", "110", "20", "-90"], right),
             *_row(132, "Jeugd", ["50", "5", "-45", "55", "5", "-50"], right)]
    (t,) = _tables(_read(tmp_path, texts))
    assert _columns(t) == [(y, "begroting", p) for y in (2024, 2025) for p in ("Lasten", "Baten", "Saldo")]


def test_pdf_one_group_phrase_centred_over_its_parts(tmp_path: Path) -> None:
    """One group: its phrase centred over the column slots of its parts, wider than the amounts."""
    right = [230.0, 294.0, 358.0]
    texts = [Text(40, 96, "Programma", HEAD), centred(262, 96, "Primitieve begroting 2019", HEAD),
             *(right_aligned(x, 105, p, HEAD) for x, p in zip(right, ["Uitgaven", "Inkomsten", "Saldo"])),
             *_row(120, "Participatie", ["81.285", "14.910", "(66.375)"], right),
             *_row(132, "Onderwijs", ["3.246", "3.470", "224"], right)]
    (t,) = _tables(_read(tmp_path, texts))
    assert _columns(t) == [(2019, "begroting", p) for p in ("Uitgaven", "Inkomsten", "Saldo")]


def test_pdf_one_wrapped_column_header_among_single_line_ones(tmp_path: Path) -> None:
    right = [250.0, 314.0, 378.0, 442.0]
    texts = [Text(40, 96, "Programma", HEAD), right_aligned(378, 96, "Jaarrekening", HEAD),
             *(right_aligned(x, 105, h, HEAD) for x, h in zip(right, ["Budget 2022", "Raming 2023", "2024",
                                                                         "Werkelijk 2025"])),
             *_row(120, "Bestuur", ["1.234", "1.300", "1.350", "1.400"], right),
             *_row(132, "Jeugd", ["234", "300", "350", "400"], right)]
    (t,) = _tables(_read(tmp_path, texts))
    assert _columns(t) == [(2022, "begroting", None), (2023, "raming", None), (2024, "realisatie", None),
                           (2025, "realisatie", None)]


def test_pdf_one_column_table_with_a_wrapped_header(tmp_path: Path) -> None:
    texts = [Text(40, 96, "Programma", HEAD), right_aligned(250, 96, "Begroting na", HEAD),
             right_aligned(250, 105, "wijziging 2025", HEAD),
             *_row(120, "Bestuur", ["1.234"], [250.0]), *_row(132, "Jeugd", ["234"], [250.0])]
    (t,) = _tables(_read(tmp_path, texts))
    assert _columns(t) == [(2025, "begroting_na_wijziging", None)]
    assert _values(t) == {"Bestuur": ["1.234"], "Jeugd": ["234"]}


def test_pdf_trailing_minus_amount(tmp_path: Path) -> None:
    right = [250.0, 320.0, 390.0]
    texts = [Text(40, 96, "Programma", HEAD),
             *(right_aligned(x, 96, h, HEAD) for x, h in zip(right, ["Rekening 2022", "Begroting 2023",
                                                                        "Begroting 2024"])),
             *_row(120, "Bestuur", ["1.234", "141-", "1.350"], right),
             *_row(132, "Jeugd", ["234", "300", "350"], right)]
    (t,) = _tables(_read(tmp_path, texts))
    assert _values(t) == {"Bestuur": ["1.234", "141-", "1.350"], "Jeugd": ["234", "300", "350"]}
    assert t.rows[0].values[1].value == Decimal(-141000)


def test_glued_label_and_figures() -> None:
    doc = parse_text("\n".join([UNIT, "", "ProgrammaBegroting 2024", "LastenBatenSaldo", "Bestuur1.234300-934",
                                "Jeugd500600100"]) + "\n")
    (t,) = _tables(doc)
    assert _values(t) == {"Bestuur": ["1.234", "300", "-934"], "Jeugd": ["500", "600", "100"]}


@pytest.mark.parametrize("text", [
    pytest.param("| Programma | Begroting 2024 | Begroting 2025 |\n|---|---|---|\n| Lasten | 1.234 | 1.300 |\n\n"
                 "| Baten | 234 | 300 |\n", id="pipe-rows"),
    pytest.param("Programma Begroting 2024 Begroting 2025\nLasten 1.234 1.300\n\nBaten 234 300\n", id="row-text"),
])
def test_blank_line_between_rows(text: str) -> None:
    doc = parse_text(f"{UNIT}\n{text}")
    rows = {label: vals for t in _tables(doc) for label, vals in _values(t).items()}
    assert rows == {"Lasten": ["1.234", "1.300"], "Baten": ["234", "300"]}


def test_captions_stay_captions_beside_a_wrapped_label() -> None:
    doc = parse_text(f"{UNIT}\nProgramma Begroting 2024 Begroting 2025\nProgramma's\n1. Afval 100 110\n2. Algemene\n"
                     "dekkingsmiddelen 50 55\nOverhead\n3. Jeugd 10 11\n")
    rows = {label: vals for t in _tables(doc) for label, vals in _values(t).items()}
    assert rows == {"1. Afval": ["100", "110"], "2. Algemene dekkingsmiddelen": ["50", "55"], "3. Jeugd": ["10", "11"]}


def test_one_column_table_whose_first_label_wraps() -> None:
    doc = parse_text(f"{UNIT}\nProduct Begroting 2024\n1. Sociaal\ndomein 132\n2. Participatie 20\n3. Economie 77\n")
    (t,) = _tables(doc)
    assert _values(t) == {"1. Sociaal domein": ["132"], "2. Participatie": ["20"], "3. Economie": ["77"]}


def test_two_captions_beside_one_wrapped_label_stay_captions() -> None:
    """A label wrapped into a lower-case line is joined whatever the table does; it is no evidence that the
    other label lines above figures (captions) are wrapped labels too."""
    doc = parse_text(f"{UNIT}\nProduct Begroting 2024\nProgramma's\nSociaal domein 10\nEconomie 20\n"
                     "Algemene dekkingsmiddelen en overhead\nJeugd 30\nBestuur en\nondersteuning 40\nTotaal 100\n")
    rows = {label: vals for t in _tables(doc) for label, vals in _values(t).items()}
    assert rows == {"Sociaal domein": ["10"], "Economie": ["20"], "Jeugd": ["30"],
                          "Bestuur en ondersteuning": ["40"], "Totaal": ["100"]}


def test_one_column_table_whose_first_label_under_a_caption_wraps() -> None:
    doc = parse_text(f"{UNIT}\nProduct Rekening 2024\nProgramma's\nOpenbare orde\nen veiligheid 237\nSport 194\n")
    rows = {label: vals for t in _tables(doc) for label, vals in _values(t).items()}
    assert rows == {"Openbare orde en veiligheid": ["237"], "Sport": ["194"]}


def test_kinds_line_ending_in_an_abbreviated_kind_over_a_line_of_years() -> None:
    """A header line longer than a sentence's shape that ends in 'Rek.': the stop ends a kind, not a sentence."""
    doc = parse_text(f"{UNIT}\nOnderdeel Begroting na wijziging Primitieve begroting Begroting na wijziging Rek.\n"
                     "2023 2024 2025 2026\nSport 1 2 3 4\nOnderwijs 5 6 7 8\n")
    (t,) = _tables(doc)
    assert _columns(t) == [(2023, "begroting_na_wijziging", None), (2024, "begroting", None),
                           (2025, "begroting_na_wijziging", None), (2026, "realisatie", None)]


def test_captions_and_a_wrapped_label_that_fit_both_readings_warn() -> None:
    """Two label lines above figures and one lower-case wrap in a four-row table: the captions could be
    the first lines of wrapped labels. Whatever is read, it is said."""
    doc = parse_text(f"{UNIT}\nProduct Begroting 2024\nProgramma's\nOnderwijs 205\nVerkeer, vervoer\n"
                     "en waterstaat 158\nAlgemene dekkingsmiddelen en overhead\nWmo 2015 236\nTotaal 599\n")
    read_as_captions = {label for t in _tables(doc) for label in _values(t)} == {"Onderwijs", "Verkeer, vervoer en waterstaat", "Wmo 2015", "Totaal"}
    assert read_as_captions or any(d.code == "label-wrap-uncertain" for d in doc.diagnostics)
