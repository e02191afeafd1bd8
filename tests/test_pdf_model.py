"""PDF input through the whole pipeline: corpus table pages, engines, jobs, broken files, and the
same table read from text and from PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import parse, parse_text, tidy_rows
from begroting_cli.cli import app
from begroting_cli.models import FinancialTable
from begroting_cli.pipeline import build_document
from begroting_cli.sources.pdf import read_pdf

from .conftest import PDFS
from .pdfgen import HELVETICA_BOLD, TYPE3, Page, Text, build_pdf, type3_text

PDF24 = PDFS / "wassenaar_begroting_2024.pdf"
PDF25 = PDFS / "wassenaar_begroting_2025.pdf"
TABLE_PAGES = {PDF24: [15, 29, 39, 51, 62, 66, 110, 111, 112],
               PDF25: [16, 32, 44, 55, 69, 74, 77, 124, 125, 126, 127]}

pytestmark = pytest.mark.skipif(not PDF24.exists(), reason="../shared/corpus/pdf is not beside the repository")


@pytest.fixture(scope="module")
def docs():  # noqa: ANN201
    return {p: parse(p, jobs=2) for p in TABLE_PAGES}


def _tables_on(doc, page: int) -> list[FinancialTable]:  # noqa: ANN001
    return [e for e in doc.elements if isinstance(e, FinancialTable)
            and any(r.provenance.page == page for r in e.rows)]


@pytest.mark.parametrize("pdf", list(TABLE_PAGES), ids=lambda p: p.stem)
def test_table_pages_have_thousands_tables_whose_saldo_holds(docs, pdf: Path) -> None:  # noqa: ANN001
    doc = docs[pdf]
    for page in TABLE_PAGES[pdf]:
        tables = _tables_on(doc, page)
        assert any(t.unit and t.unit.multiplier == 1000 for t in tables), page
        for t in tables:
            rows = {r.label: r for r in t.rows}
            if not {"Saldo van baten en lasten", "Baten", "Lasten"} <= rows.keys():
                continue
            for i, col in enumerate(t.columns):
                b, lasten, s = (rows[k].values[i].value for k in ("Baten", "Lasten", "Saldo van baten en lasten"))
                assert abs(b + lasten - s) <= 1000, (page, col.label)  # printed figures round to 1.000


def test_page_labels_and_provenance(docs) -> None:  # noqa: ANN001
    doc = docs[PDF25]
    t = next(t for t in _tables_on(doc, 16) if "Tabel 1.2" in t.title)  # Tabel 1.1 (investments) is above it
    v = t.rows[0].values[0]
    assert v.provenance.page == 16 and v.provenance.page_label == "16" and v.provenance.bbox is not None
    assert [c.year for c in t.columns] == [2023, 2024, 2025, 2026, 2027, 2028]
    assert t.sign_convention and "nadeel" in t.sign_convention


def test_years_only_columns_get_inferred_kinds(docs) -> None:  # noqa: ANN001
    doc = docs[PDF24]
    overview = next(e for e in doc.elements if isinstance(e, FinancialTable) and "Tabel 11.1" in e.title)
    assert (doc.document_kind.value, doc.year) == ("begroting", 2024)
    assert all(c.inferred for c in overview.columns)
    assert any(d.code == "column-kind-inferred" for d in doc.diagnostics)


def test_reserve_overview_page_119(docs) -> None:  # noqa: ANN001
    t = _tables_on(docs[PDF24], 119)[0]
    assert [c.label for c in t.columns][:4] == ["Begroting 2023", "Vermeerderingen 2024", "Verminderingen 2024",
                                                "Begroting 2024"]
    row = next(r for r in t.rows if r.label == "Algemene reserve weerstandsvermogen")
    assert row.values[0].value == 8_000_000


def test_engines_give_the_same_model() -> None:
    a = build_document(read_pdf(PDF24, engine="pypdfium2", pages=range(110, 113)))
    b = build_document(read_pdf(PDF24, engine="pdfplumber", pages=range(110, 113)))
    assert tidy_rows(a) == tidy_rows(b)
    assert len(tidy_rows(a)) > 100


def test_jobs_do_not_change_the_output() -> None:
    one = build_document(read_pdf(PDF24, jobs=1, pages=range(100, 121)))
    two = build_document(read_pdf(PDF24, jobs=2, pages=range(100, 121)))
    assert one.model_dump_json() == two.model_dump_json()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_broken_pdfs_exit_2_with_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    good = build_pdf([Page(texts=[Text(72, 100, "Baten 1.972 2.601")])])
    cases = {
        "encrypted.pdf": (build_pdf([Page(texts=[Text(72, 100, "Baten 1.972")])], encrypt=True), "encrypt"),
        "truncated.pdf": (PDF24.read_bytes()[: 200_000], "truncated"),
        "scan.pdf": (build_pdf([Page(texts=[Text(72, 100, type3_text(), font=TYPE3)])]), "no usable text layer"),
        "half.pdf": (good[: len(good) // 2], "truncated"),
    }
    for name, (data, words) in cases.items():
        path = _write(tmp_path, name, data)
        result = runner.invoke(app, ["parse", str(path), "-o", str(tmp_path / "out.json")])
        assert result.exit_code == 2, name
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and words in lines[0].lower(), (name, lines)
        assert not (tmp_path / "out.json").exists()


def test_a_page_without_text_layer_is_reported_and_gives_no_numbers(tmp_path: Path) -> None:
    data = build_pdf([Page(texts=[Text(72, 100, "Programma Begroting 2024 Begroting 2025"),
                                  Text(72, 120, "Baten 1.972 2.601")]),
                      Page(texts=[Text(72, 100, type3_text(), font=TYPE3), Text(72, 120, type3_text(60), font=TYPE3)])])
    doc = parse(_write(tmp_path, "mixed.pdf", data))
    errors = [d for d in doc.diagnostics if d.code == "pdf-no-text"]
    assert errors and errors[0].severity.value == "error" and errors[0].location.page == 2
    assert all(r["page"] != 2 for r in tidy_rows(doc))
    assert CliRunner().invoke(app, ["parse", str(tmp_path / "mixed.pdf")]).exit_code == 1


TABLE_TEXT = """Tabel 1 - Baten en lasten

Bedragen x 1.000 euro
Programma Rekening 2023 Begroting 2024 Raming 2025
Baten 1.972 2.601 102
Lasten -5.234 -6.802 -4.204
Saldo van baten en lasten -3.262 -4.201 -4.102
"""


def _table_as_pdf(**page: object) -> bytes:
    """The table above as a PDF page: label column at x=72, amounts right-aligned per column.
    `page` goes to `Page` (e.g. rotate=90 for a landscape page)."""
    right = [300.0, 380.0, 460.0]
    texts = [Text(72, 80, "Tabel 1 - Baten en lasten", 10, HELVETICA_BOLD), Text(72, 110, "Bedragen x 1.000 euro", 8)]
    header = ["Rekening 2023", "Begroting 2024", "Raming 2025"]
    texts.append(Text(72, 124, "Programma", 8))
    for x1, h in zip(right, header):
        texts.append(Text(x1 - 0.5 * 8 * len(h), 124, h, 8))
    for i, line in enumerate(TABLE_TEXT.splitlines()[4:]):
        *label, a, b, c = line.split(" ")
        top = 138 + 12 * i
        texts.append(Text(72, top, " ".join(label), 8))
        for x1, v in zip(right, (a, b, c)):
            texts.append(Text(x1 - 0.55 * 8 * len(v), top, v, 8))
    return build_pdf([Page(texts=texts, **page)])  # type: ignore[arg-type]


def test_the_same_table_from_text_and_from_pdf(tmp_path: Path) -> None:
    from_text = next(e for e in parse_text(TABLE_TEXT).elements if isinstance(e, FinancialTable))
    from_pdf = next(e for e in parse(_write(tmp_path, "table.pdf", _table_as_pdf())).elements
                    if isinstance(e, FinancialTable))

    def values(t: FinancialTable) -> list:
        return [(r.label, [(v.raw, v.value, v.unit) for v in r.values]) for r in t.rows]

    assert [(c.label, c.scenario, c.year) for c in from_pdf.columns] == \
        [(c.label, c.scenario, c.year) for c in from_text.columns]
    assert values(from_pdf) == values(from_text)
    assert from_pdf.unit.multiplier == from_text.unit.multiplier == 1000
    assert from_pdf.rows[2].values[0].value == Decimal(-3_262_000)


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
@pytest.mark.parametrize("page", [{"rotate": 90}, {"rotate": 270}, {"sideways": 90}, {"sideways": 270},
                                  {"rotate": 180, "size": (842.0, 595.0)}])
def test_a_landscape_table_page_reads_like_an_upright_one(tmp_path: Path, engine: str, page: dict) -> None:
    """Overview tables are often landscape: a page with /Rotate, or a table drawn sideways."""
    page.setdefault("size", (595.0, 842.0))  # portrait MediaBox, read as 842 x 595
    upright = parse(_write(tmp_path, "upright.pdf", _table_as_pdf(size=(842.0, 595.0))), pdf_engine=engine)
    turned = parse(_write(tmp_path, "turned.pdf", _table_as_pdf(**page)), pdf_engine=engine)
    rows = [{k: r[k] for k in ("element", "row", "column", "value", "raw", "page")} for r in tidy_rows(upright)]
    assert len(rows) == 9
    assert [{k: r[k] for k in ("element", "row", "column", "value", "raw", "page")} for r in tidy_rows(turned)] == rows
    lines = [(ln.text, ln.size, ln.bold) for ln in read_pdf(tmp_path / "turned.pdf", engine=engine).lines]
    assert lines == [(ln.text, ln.size, ln.bold) for ln in read_pdf(tmp_path / "upright.pdf", engine=engine).lines]


def test_a_sideways_stamp_on_an_upright_page_is_left_out(tmp_path: Path) -> None:
    from .pdfgen import text_page

    body = text_page(["Toelichting op de baten.", "De lasten dalen.", "Het saldo is positief."])
    stamp = build_pdf([Page(texts=[Text(500, 400, "CONCEPT")], sideways=90)])  # turned text only
    doc = read_pdf(_write(tmp_path, "stamp.pdf", stamp))
    assert [ln.text for ln in doc.lines] == ["CONCEPT"]  # alone on its page it is the page's text
    mixed = Page(texts=body.texts + [Text(40, 700, "CONCEPT", turn=90)], size=body.size)
    for engine in ("pypdfium2", "pdfplumber"):
        lines = read_pdf(_write(tmp_path, "body.pdf", build_pdf([mixed])), engine=engine).lines
        assert [ln.text for ln in lines if ln.text] == \
            ["Toelichting op de baten.", "De lasten dalen.", "Het saldo is positief."]


def test_validate_finds_the_printed_reserve_error_and_nothing_else() -> None:
    from begroting_cli import validate

    report = validate(PDF24)
    errors = [f for f in report.findings if f.severity.value == "error"]
    reserve = [f for f in errors if f.code == "reserve-mismatch" and f.row == "Algemene reserve (vrij besteedbaar)"]
    # p119: the Algemene reserve falls from 42.060 (2024) to 41.360 (2025) while Verminderingen 2025 says 0
    assert reserve and reserve[0].page == 119 and reserve[0].column == "Begroting 2025"
    assert "Verminderingen 2025" in reserve[0].message
    assert (reserve[0].expected, reserve[0].printed) == (42_060_000, 41_360_000)
    others = {(f.code, f.page) for f in errors} - {("reserve-mismatch", 119)}
    # p68 is a misprint in the document too: "Riool- en waterzorgheffing 2.759 2.847 0", mutatie should be 88
    assert others == {("verschil-mismatch", 68)}


def test_a_table_continued_on_the_next_page_stays_one_table(tmp_path: Path) -> None:
    def page(rows: list[str], with_header: bool) -> Page:
        texts = [Text(72, 60, "Tabel 9 - Lasten per taakveld", 10)] if with_header else []
        top = 90  # the header is printed again on the second page
        texts += [Text(72, top, "Taakveld (bedragen x 1.000 euro)", 8)]
        for x1, h in zip((330.0, 400.0), ("2024", "2025")):
            texts.append(Text(x1 - 0.55 * 8 * 4, top, h, 8))
        for i, row in enumerate(rows):
            *label, a, b = row.split(" ")
            y = top + 14 * (i + 1)
            texts.append(Text(72, y, " ".join(label), 8))
            for x1, v in zip((330.0, 400.0), (a, b)):
                texts.append(Text(x1 - 0.55 * 8 * len(v), y, v, 8))
        return Page(texts=texts)

    data = build_pdf([page(["Bestuur 1.000 1.100", "Veiligheid 2.000 2.100"], True),
                      page(["Verkeer 3.000 3.100", "Totaal 6.000 6.300"], False)])
    doc = parse(_write(tmp_path, "twopages.pdf", data), jobs=1)
    tables = [e for e in doc.elements if isinstance(e, FinancialTable)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [r.label for r in rows] == ["Bestuur", "Veiligheid", "Verkeer", "Totaal"]
    assert [r.provenance.page for r in rows] == [1, 1, 2, 2]
    assert rows[3].values[1].value == 6_300_000 and rows[3].sum_of == [0, 1, 2]


def test_parse_pauses_the_collector_only_while_it_runs(tmp_path):
    import gc

    from begroting_cli.gcpause import gc_paused

    path = tmp_path / "doc.txt"
    path.write_text("Lasten 100 200\nBaten 50 60\n", encoding="utf-8")
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        parse(path)
        assert not gc.isenabled()  # a caller's pause is left alone
    assert gc.isenabled()
    parse(path)
    assert gc.isenabled()


def test_pages_option_reads_part_of_a_pdf_and_keeps_its_page_numbers(tmp_path: Path) -> None:
    from .pdfgen import text_page

    table = Page(texts=[Text(72, 80, "Bedragen x € 1.000"), Text(72, 100, "Programma"), Text(300, 100, "Begroting 2025"),
                        Text(72, 114, "Baten"), Text(330, 114, "120"), Text(72, 128, "Lasten"), Text(330, 128, "-80")])
    path = _write(tmp_path, "doc.pdf", build_pdf([text_page(["Inleiding."]), table, text_page(["Slot."])]))
    runner = CliRunner()
    whole = runner.invoke(app, ["export", str(path), "--jobs", "1"])
    part = runner.invoke(app, ["export", str(path), "--pages", "2-3", "--jobs", "1"])
    assert whole.exit_code == part.exit_code == 0

    def without_line(out: str) -> list[str]:  # `line` counts the stream read, `page` the file's pages
        import csv  # noqa: PLC0415
        import io  # noqa: PLC0415

        keep = ("source", "element", "title", "row", "subrow", "column", "year", "scenario", "value", "unit", "raw",
                "status", "page")
        return [",".join(r[k] for k in keep) for r in csv.DictReader(io.StringIO(out))]

    assert without_line(part.stdout) == [r for r in without_line(whole.stdout) if r.endswith(",2")]
    assert any(r.endswith(",120000,EUR,120,ok,2") for r in without_line(part.stdout))
    for bad, message in (("4-5", "page range 4-5 is not within 1-3"), ("x", "--pages takes pages"),
                         ("3-2", "a range runs upwards")):
        result = runner.invoke(app, ["parse", str(path), "--pages", bad])
        assert result.exit_code == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    text = tmp_path / "doc.txt"
    text.write_text("Baten 120\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(text), "--pages", "1"])
    assert result.exit_code == 2 and "PDF input only" in result.stderr


def test_pdf_headings_come_from_fonts_and_captions_title_tables(tmp_path: Path) -> None:
    """Short lines in a PDF (wrapped text cells of a risk table) are not headings unless their font
    says so; a "Tabel 8.1 ..." caption above a table is its title."""
    texts = [Text(72, 80, "Risico's", 12, HELVETICA_BOLD), Text(72, 104, "De risico's van de gemeente staan hieronder."),
             Text(72, 130, "Tabel 8.1 Baten en lasten (x € 1.000)"), Text(72, 150, "Programma"),
             Text(280, 150, "Begroting 2024"), Text(380, 150, "Begroting 2025")]
    for i, (label, a, b) in enumerate([("Baten", "120", "130"), ("Lasten", "-80", "-90"), ("Saldo", "40", "40")]):
        texts += [Text(72, 164 + 14 * i, label), Text(330, 164 + 14 * i, a), Text(430, 164 + 14 * i, b)]
    texts += [Text(72, 240 + 12 * i, word) for i, word in enumerate(["Open", "einde", "regeling"])]
    texts.append(Text(72, 290, "Daarnaast blijven de effecten van de regeling onzeker voor de gemeente."))
    doc = parse(_write(tmp_path, "risico.pdf", build_pdf([Page(texts=texts)])))
    assert [e.text for e in doc.elements if e.type == "heading"] == ["Risico's"]
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert table.title.startswith("Tabel 8.1 Baten en lasten")
    assert [r.label for r in table.rows] == ["Baten", "Lasten", "Saldo"]
    prose = " ".join(p.text for e in doc.elements if e.type == "text" for p in e.paragraphs)
    assert "Open" in prose and "regeling" in prose


def test_a_figure_inside_the_label_cell_is_part_of_the_label(tmp_path: Path) -> None:
    """PDF amounts stand in cells of their own: "Langstraat 40" and "snelheid naar 30" are words."""
    texts = [Text(72, 80, "Bedragen x € 1"), Text(72, 100, "Omschrijving"), Text(280, 100, "Begroting 2025"),
             Text(380, 100, "Begroting 2026")]
    rows = [("Verduurzaming Langstraat 40", "210.000", "117.318"), ("Tractie", "114.500", "-")]
    for i, (label, a, b) in enumerate(rows):
        texts += [Text(72, 114 + 14 * i, label), Text(330, 114 + 14 * i, a), Text(430, 114 + 14 * i, b)]
    texts += [Text(72, 142, "Verlagen max."), Text(72, 154, "snelheid naar 30"), Text(72, 166, "km/uur"),
              Text(330, 166, "2.250.000"), Text(430, 166, "1.500.000")]
    doc = parse(_write(tmp_path, "labels.pdf", build_pdf([Page(texts=texts)])))
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert [(r.label, [v.raw for v in r.values]) for r in table.rows] == [
        ("Verduurzaming Langstraat 40", ["210.000", "117.318"]), ("Tractie", ["114.500", "-"]),
        ("Verlagen max. snelheid naar 30 km/uur", ["2.250.000", "1.500.000"])]


def test_rows_printed_as_one_run_keep_their_amounts(tmp_path: Path) -> None:
    texts = [Text(72, 80, "Bedragen x € 1.000"), Text(72, 96, "Programma Begroting 2024 Begroting 2025"),
             Text(72, 110, "Baten 1.972 2.601"), Text(72, 124, "Lasten -5.234 -6.802"), Text(72, 138, "Totaal 12 -4.201")]
    doc = parse(_write(tmp_path, "runs.pdf", build_pdf([Page(texts=texts)])))
    assert [ln.cells is not None and len(ln.cells) for ln in read_pdf(tmp_path / "runs.pdf").lines[2:5]] == [1, 1, 1]
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert [(r.label, [v.raw for v in r.values]) for r in table.rows] == [
        ("Baten", ["1.972", "2.601"]), ("Lasten", ["-5.234", "-6.802"]), ("Totaal", ["12", "-4.201"])]


def test_sparse_rows_are_placed_by_the_columns_of_full_rows(tmp_path: Path) -> None:
    """House numbers in labels ("Kerkehout 6") must not skew the count of columns that the full
    rows give; a sparse row's figures then land under their own columns."""
    right = [200.0, 280.0, 360.0, 440.0]
    texts = [Text(72, 80, "Bedragen x € 1"), Text(72, 100, "Omschrijving"), Text(330, 100, "2025"), Text(410, 100, "2026")]
    rows = [("Kerkehout 6", ["145.000", "131.324", "-", "-"]), ("Paauwlaan 12", ["195.000", "195.000", "-", "-"]),
            ("Duinpan", ["7.411.000", "", "", "7.411.000"]), ("Totaal", ["7.751.000", "326.324", "-", "7.411.000"])]
    for i, (label, vals) in enumerate(rows):
        texts.append(Text(72, 114 + 14 * i, label))
        texts += [Text(x1 - 0.55 * 10 * len(v), 114 + 14 * i, v) for x1, v in zip(right, vals) if v]
    doc = parse(_write(tmp_path, "sparse.pdf", build_pdf([Page(texts=texts)])))
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert len(table.columns) == 4
    assert [(r.label, [v.raw for v in r.values]) for r in table.rows][2] == ("Duinpan", ["7.411.000", "", "", "7.411.000"])


def test_header_words_stacked_over_the_years_line_name_their_columns(tmp_path: Path) -> None:
    """Investment tables print column names word by word over several lines above the years."""
    right = [200.0, 280.0, 360.0, 440.0]
    texts = [Text(72, 60, "Tabel 2.2 - Investeringen"), Text(72, 80, "Bedragen in euro's"),
             Text(165, 96, "Totaal"), Text(240, 96, "Nog te"), Text(160, 108, "krediet"), Text(235, 108, "besteden"),
             Text(72, 120, "Omschrijving"), Text(330, 120, "2025"), Text(410, 120, "2026")]
    rows = [("Sporthal", ["7.411.000", "-309.258", "7.411.000", "-"]), ("Tractie", ["114.500", "", "114.500", "-"]),
            ("Totaal", ["7.525.500", "-309.258", "7.525.500", "-"])]
    for i, (label, vals) in enumerate(rows):
        texts.append(Text(72, 134 + 14 * i, label))
        texts += [Text(x1 - 0.55 * 10 * len(v), 134 + 14 * i, v) for x1, v in zip(right, vals) if v]
    doc = parse(_write(tmp_path, "stacked.pdf", build_pdf([Page(texts=texts)])))
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert [c.label for c in table.columns] == ["Totaal krediet", "Nog te besteden", "2025", "2026"]
    assert table.title.startswith("Tabel 2.2 - Investeringen")
    assert [v.raw for v in table.rows[1].values] == ["114.500", "", "114.500", "-"]
