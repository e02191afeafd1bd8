"""The PDF reader: corpus budgets (layout, labels, engines, workers) and hand-made broken PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from begroting_cli.errors import NoTextLayerError, SourceError, UsageError
from begroting_cli.sources import read_source
from begroting_cli.sources.pdf import _split, read_pdf
from begroting_cli.sources.pdf_engines import REASON_SCANNED, REASON_UNDECODABLE
from begroting_cli.stream import Format

from .pdfgen import HELVETICA_BOLD, TYPE3, Page, Text, build_pdf, text_page, type3_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"
PDF_2024 = CORPUS / "wassenaar_begroting_2024.pdf"
PDF_2025 = CORPUS / "wassenaar_begroting_2025.pdf"

corpus = pytest.mark.skipif(not PDF_2024.exists() or not PDF_2025.exists(),
                            reason="../shared/corpus/pdf not present")


def texts(doc, page=None):
    return [ln.text for ln in doc.lines if page is None or ln.page == page]


def cells(line):
    return [c.text for c in line.cells]


# ------------------------------------------------------------------------------ corpus budgets


@pytest.fixture(scope="module")
def doc2024():
    return read_pdf(PDF_2024)


@pytest.fixture(scope="module")
def doc2025():
    return read_pdf(PDF_2025)


@pytest.fixture(scope="module")
def gold():
    return yaml.safe_load((CORPUS / "gold.yaml").read_text(encoding="utf-8"))


@corpus
@pytest.mark.slow
def test_saldo_row_on_page_15_has_the_six_printed_amounts(doc2024, gold):
    table = next(t for t in gold if t["page"] == 15)
    saldo = next(r for r in table["rows"] if r["label"] == "Saldo van baten en lasten")
    rows = [ln for ln in doc2024.lines if ln.page == 15 and "Saldo van baten en lasten" in ln.text]
    assert len(rows) == 1
    assert rows[0].text == "Saldo van baten en lasten " + " ".join(saldo["values_raw"])
    assert cells(rows[0]) == [saldo["label"], *saldo["values_raw"]]
    assert rows[0].bold and rows[0].page_label == "15"
    x0, top, x1, bottom = rows[0].bbox
    assert 60 < x0 < x1 < 595 and 400 < top < bottom < 842


@corpus
@pytest.mark.slow
@pytest.mark.parametrize("page", [15, 29, 39, 62])
def test_gold_programme_tables_come_out_one_row_per_line(doc2024, gold, page):
    """Every row of the hand-checked table is one line: label cell + the printed amounts."""
    table = next(t for t in gold if t["page"] == page)
    lines = [cells(ln) for ln in doc2024.lines if ln.page == page and ln.cells]
    for row in table["rows"]:
        assert [row["label"], *row["values_raw"]] in lines, row["label"]


@corpus
@pytest.mark.slow
def test_unit_header_on_page_15(doc2024):
    header = [ln for ln in doc2024.lines if ln.page == 15 and "bedragen x € 1.000" in ln.text]
    assert header, texts(doc2024, 15)
    assert cells(header[0])[1:] == ["2022", "2023", "2024", "2025", "2026", "2027"]


@corpus
@pytest.mark.slow
def test_line_numbers_are_the_stream_index_and_pages_are_separated(doc2024):
    assert [ln.number for ln in doc2024.lines] == list(range(1, len(doc2024.lines) + 1))
    assert doc2024.format is Format.PDF and doc2024.pages == 121
    for prev, ln in zip(doc2024.lines, doc2024.lines[1:]):
        if not prev.is_blank and not ln.is_blank:
            assert prev.page == ln.page, "a page break without a blank line"
    assert not any(a.is_blank and b.is_blank for a, b in zip(doc2024.lines, doc2024.lines[1:]))


@corpus
@pytest.mark.slow
def test_page_number_footers_become_labels_2024(doc2024):
    assert doc2024.page_labels[15] == "15" and doc2024.page_labels[118] == "118"
    assert not any(ln.text == str(ln.page) for ln in doc2024.lines if ln.page and ln.page > 4)
    assert doc2024.unreadable_pages == []  # pages 4 and 121 are blank, not unreadable


@corpus
@pytest.mark.slow
def test_pagina_n_van_headers_removed_and_labels_follow_the_print_2025(doc2025):
    assert not [t for t in texts(doc2025) if re.search(r"Pagina \d+ van \d+", t)]
    labels = doc2025.page_labels
    assert labels[1] == "1" and labels[129] == "129"
    assert 130 not in labels  # the inserted page has no header ...
    assert labels[131] == "130" and labels[137] == "136"  # ... and the print runs one behind
    line = next(ln for ln in doc2025.lines if ln.page == 131 and not ln.is_blank)
    assert line.page_label == "130"


@corpus
@pytest.mark.slow
def test_headings_are_larger_or_bold_short_lines(doc2024):
    by_text = {ln.text: ln for ln in doc2024.lines if ln.page == 15}
    assert by_text["Wat gaat het kosten ?"].heading_level == 3
    assert by_text["Toelichting begroot 2024"].heading_level == 3
    assert by_text["Tabel 1.2 - Baten en lasten P1 Veiligheid en Handhaving"].heading_level is None
    assert by_text["Baten 1.972 2.601 102 102 102 102"].heading_level is None
    assert next(ln for ln in doc2024.lines if ln.page == 119 and ln.text).heading_level == 2


@corpus
@pytest.mark.slow
@pytest.mark.parametrize("page", [15, 29])
def test_both_engines_give_the_same_lines(page):
    fast = read_pdf(PDF_2024, pages=range(page, page + 1))
    slow = read_pdf(PDF_2024, pages=range(page, page + 1), engine="pdfplumber")
    assert texts(fast) == texts(slow)
    assert [cells(ln) for ln in fast.lines if ln.cells] == [cells(ln) for ln in slow.lines if ln.cells]
    assert [(ln.bold, ln.size) for ln in fast.lines] == [(ln.bold, ln.size) for ln in slow.lines]


@corpus
@pytest.mark.slow
def test_two_jobs_equal_one_job():
    one = read_pdf(PDF_2025, pages=range(120, 137), jobs=1)
    two = read_pdf(PDF_2025, pages=range(120, 137), jobs=2)
    assert one == two
    assert one.page_labels[131] == "130"


# ------------------------------------------------------------------------------ generated PDFs


def write(tmp_path: Path, pages: list[Page], name: str = "doc.pdf", **kw) -> Path:
    path = tmp_path / name
    path.write_bytes(build_pdf(pages, **kw))
    return path


def test_simple_page_lines_boxes_and_fonts(tmp_path):
    page = text_page(["Begroting 2024", "Baten en lasten van het programma.", "Tweede regel."],
                     bold_first=True)
    doc = read_pdf(write(tmp_path, [page]))
    assert texts(doc) == ["Begroting 2024", "Baten en lasten van het programma.", "Tweede regel."]
    head, body, _ = doc.lines
    assert head.bold and not body.bold and body.size == 10.0
    assert head.heading_level == 3 and body.heading_level is None
    x0, top, x1, bottom = body.bbox
    assert x0 == pytest.approx(72, abs=0.5) and top == pytest.approx(86, abs=2) and x1 > 200
    assert doc.pages == 1 and doc.name == "doc.pdf" and len(doc.sha256) == 64


def test_table_row_cells_split_at_column_gaps(tmp_path):
    row = [Text(72, 100, "Saldo van baten en lasten"), Text(300, 100, "-3.261"),
           Text(360, 100, "-4.201"), Text(420, 100, "102")]
    doc = read_pdf(write(tmp_path, [Page(texts=row)]))
    (line,) = doc.lines
    assert cells(line) == ["Saldo van baten en lasten", "-3.261", "-4.201", "102"]
    assert line.cells[1].x0 == pytest.approx(300, abs=0.5)
    assert line.text == "Saldo van baten en lasten -3.261 -4.201 102"


def test_overprinted_bold_is_read_once(tmp_path):
    page = Page(texts=[Text(72, 100, "Totaal", font=HELVETICA_BOLD),
                       Text(72.3, 100, "Totaal", font=HELVETICA_BOLD), Text(200, 100, "54.500")])
    assert texts(read_pdf(write(tmp_path, [page]))) == ["Totaal 54.500"]


def test_paragraph_gap_and_page_break_give_blank_lines(tmp_path):
    first = Page(texts=[Text(72, 100, "Een alinea van twee"), Text(72, 114, "regels tekst."),
                        Text(72, 156, "Nieuwe alinea."), Text(72, 170, "Nog een regel.")])
    second = text_page(["Volgende pagina."])
    doc = read_pdf(write(tmp_path, [first, second]))
    assert texts(doc) == ["Een alinea van twee", "regels tekst.", "", "Nieuwe alinea.",
                          "Nog een regel.", "", "Volgende pagina."]
    assert [ln.page for ln in doc.lines] == [1, 1, 1, 1, 1, 2, 2]


def test_running_footer_removed_and_printed_number_kept(tmp_path):
    pages = [Page(texts=[Text(72, 100, f"Inhoud van pagina {i}."),
                         Text(72, 120, "Meer tekst op deze pagina."),
                         Text(250, 800, f"Pagina {i + 4} van 9", size=8)]) for i in range(1, 6)]
    doc = read_pdf(write(tmp_path, pages))
    assert not [t for t in texts(doc) if t.startswith("Pagina")]
    assert doc.page_labels == {1: "5", 2: "6", 3: "7", 4: "8", 5: "9"}
    assert doc.lines[0].page_label == "5"
    assert "Inhoud van pagina 1." in texts(doc)  # body lines with numbers are kept


def test_a_unit_statement_on_every_page_is_no_running_header(tmp_path):
    """"Bedragen x € 1.000" at the same place on every page scopes each page's figures: it stays,
    while the page number footer beside it still goes."""
    pages = [Page(texts=[Text(72, 60, "Bedragen x € 1.000", size=8),
                         Text(72, 100, f"Programma {i} 1.234"),
                         Text(250, 800, f"Pagina {i} van 5", size=8)]) for i in range(1, 6)]
    doc = read_pdf(write(tmp_path, pages))
    assert texts(doc).count("Bedragen x € 1.000") == 5
    assert [ln.page for ln in doc.lines if ln.text == "Bedragen x € 1.000"] == [1, 2, 3, 4, 5]
    assert not [t for t in texts(doc) if t.startswith("Pagina")]


def test_type3_font_without_tounicode_is_no_text_layer(tmp_path):
    page = Page(texts=[Text(72, 100, type3_text(30), font=TYPE3),
                       Text(72, 130, type3_text(25), font=TYPE3)])
    with pytest.raises(NoTextLayerError) as err:
        read_pdf(write(tmp_path, [page]))
    assert err.value.message == ("no usable text layer on any of the 1 pages "
                                 "(scanned or fonts without ToUnicode)")
    assert err.value.source == "doc.pdf"


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_unreadable_pages_are_listed_and_yield_no_lines(tmp_path, engine):
    good = text_page(["Leesbare tekst op pagina een."])
    garbage = Page(texts=[Text(72, 100, type3_text(40), font=TYPE3)])
    scan = Page(image=True)
    path = write(tmp_path, [good, garbage, Page(), scan, text_page(["Pagina vijf."])])
    doc = read_pdf(path, engine=engine)
    assert doc.unreadable_pages == [(2, REASON_UNDECODABLE), (4, REASON_SCANNED)]
    assert {ln.page for ln in doc.lines if not ln.is_blank} == {1, 5}
    assert texts(doc) == ["Leesbare tekst op pagina een.", "", "Pagina vijf."]
    assert doc.pages == 5


def test_only_scans_is_no_text_layer(tmp_path):
    with pytest.raises(NoTextLayerError, match="any of the 2 pages"):
        read_pdf(write(tmp_path, [Page(image=True), Page(image=True)]))


@pytest.fixture
def truncated(tmp_path) -> Path:
    data = build_pdf([text_page(["Baten 1.972"]), text_page(["Lasten -5.234"])])
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_truncated_pdf_is_a_one_line_source_error(truncated, engine):
    with pytest.raises(SourceError) as err:
        read_pdf(truncated, engine=engine)
    assert not isinstance(err.value, NoTextLayerError)
    assert "truncated" in err.value.message and err.value.source == "half.pdf"
    assert "\n" not in err.value.one_line()


@corpus
def test_truncated_corpus_pdf(tmp_path):
    data = PDF_2024.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="truncated"):
        read_pdf(path)


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_encrypted_pdf_asks_for_a_password(tmp_path, engine):
    path = write(tmp_path, [text_page(["Geheim."])], name="locked.pdf", encrypt=True)
    with pytest.raises(SourceError) as err:
        read_pdf(path, engine=engine)
    assert "encrypted" in err.value.message and "password" in err.value.message
    assert err.value.one_line().startswith("locked.pdf: encrypted PDF")


def test_text_file_named_pdf_is_refused(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Baten 1.972\nLasten -5.234\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a PDF"):
        read_pdf(path)
    with pytest.raises(SourceError, match="not a PDF"):
        read_source(path)


def test_garbage_after_pdf_header_is_a_source_error(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises(SourceError, match="damaged PDF"):
        read_pdf(path)


def test_pdf_without_pages_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no pages|damaged PDF"):  # PDFium refuses to open it
        read_pdf(write(tmp_path, []))


def test_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="cannot read file"):
        read_pdf(tmp_path / "absent.pdf")


def test_bad_arguments_are_usage_errors(tmp_path):
    path = write(tmp_path, [text_page(["Tekst."])])
    with pytest.raises(UsageError, match="unknown PDF engine 'camelot'"):
        read_pdf(path, engine="camelot")
    with pytest.raises(UsageError):
        read_pdf(path, jobs=0)
    with pytest.raises(UsageError):
        read_pdf(path, pages=range(2, 4))


def test_engines_agree_on_a_generated_document(tmp_path):
    rows = [Text(72, 100, "Programma", font=HELVETICA_BOLD), Text(300, 100, "2024"),
            Text(72, 120, "Baten"), Text(300, 120, "1.972"),
            Text(72, 140, "Lasten"), Text(300, 140, "-5.234")]
    path = write(tmp_path, [Page(texts=rows), text_page(["Toelichting.", "Nog iets."])])
    fast, slow = read_pdf(path), read_pdf(path, engine="pdfplumber")
    assert texts(fast) == texts(slow)
    assert [cells(ln) for ln in fast.lines if ln.cells] == [cells(ln) for ln in slow.lines if ln.cells]
    assert [ln.bold for ln in fast.lines] == [ln.bold for ln in slow.lines]


def test_jobs_split_pages_and_give_the_same_document(tmp_path):
    pages = [text_page([f"Pagina {i} regel een.", "Regel twee.", "Regel drie."]) for i in range(25)]
    path = write(tmp_path, pages)
    assert _split(1, 25, 3) == [(1, 8), (9, 16), (17, 25)]
    assert _split(1, 7, 4) == [(1, 7)]  # too few pages to be worth a process
    assert read_pdf(path, jobs=3) == read_pdf(path, jobs=1)


def test_meanwhile_runs_once_and_every_page_reaches_on_text(tmp_path):
    words = ["baten", "lasten", "reserves", "subsidies", "wegen", "groen", "jeugd", "cultuur"]
    pages = [text_page([f"Toelichting {a} en {b}." for b in words[: 1 + (i + k) % 3]], x=72 + 9 * k)
             for i, (a, k) in enumerate((a, k) for a in words for k in range(4))]
    path = write(tmp_path, pages)
    one = read_pdf(path, jobs=1)
    body = sorted(t for t in texts(one) if t)
    assert len(body) >= 32  # nothing here is a running header
    for jobs in (1, 2, 3):
        calls, seen = [], []
        doc = read_pdf(path, jobs=jobs, meanwhile=lambda: calls.append("x"), on_text=seen.extend)
        assert calls == ["x"]
        assert sorted(seen) == body  # each line once, in any order
        assert doc == one
        assert doc == read_pdf(path, jobs=1)


def test_an_error_in_meanwhile_is_not_reported_as_a_pdf_error(tmp_path):
    path = write(tmp_path, [text_page([f"Pagina {i}."]) for i in range(30)])

    def broken() -> None:
        raise KeyError("caller's own bug")

    with pytest.raises(KeyError):
        read_pdf(path, jobs=2, meanwhile=broken)


def test_importing_the_pdf_reader_does_not_load_the_model():
    """parse starts page workers before the pydantic model is built; the reader must stay light."""
    import subprocess
    import sys

    code = ("import sys, begroting_cli.sources.pdf, begroting_cli.api, begroting_cli.cli; "
            "print(sorted(m for m in ('begroting_cli.models', 'begroting_cli.pipeline', "
            "'begroting_cli.segment') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_read_source_dispatches_pdf_by_content(tmp_path):
    path = tmp_path / "begroting.bin"
    path.write_bytes(build_pdf([text_page(["Baten 1.972"], x=72)]))
    doc = read_source(path)
    assert doc.format is Format.PDF and texts(doc) == ["Baten 1.972"]
