"""The HTML reader: furniture dropped, headings and lists, table grids with spans, encodings,
sniffing, folders of saved pages, provenance, and pathological pages within their limits."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli import parse
from begroting_cli.cli import app
from begroting_cli.models import FinancialTable, ItemList
from begroting_cli.sources import read_source
from begroting_cli.sources.html import MAX_HTML_BYTES, HtmlPage, page_lines, read_html_pages
from begroting_cli.sources.html_decode import decode_html
from begroting_cli.sources.html_grid import build_grid

runner = CliRunner()

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Programma 1</title>
<style>td { color: red }</style><script>var menu = "Home";</script></head>
<body>
<a class="skip-link" href="#content">Ga naar de inhoud</a>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/p2">Programma 2</a></li></ul></nav></header>
<div id="cookie-consent"><p>Wij gebruiken cookies</p><button>Akkoord</button></div>
<main id="content">
<h1>Programma 1 Bestuur</h1>
<h2>Wat mag het kosten?</h2>
<p>Bedragen x&nbsp;€&nbsp;1.000</p>
<table>
<thead>
<tr><th rowspan="2">Programma</th><th rowspan="2">&nbsp;</th><th colspan="2">Begroting</th></tr>
<tr><th>2024</th><th>2025</th></tr>
</thead>
<tbody>
<tr><td rowspan="3">Bestuur</td><td>Lasten</td><td>1.200</td><td>1.300</td></tr>
<tr><td>Baten</td><td>&nbsp;</td><td>100</td></tr>
<tr><td>Saldo</td><td>-1.200</td><td>-1.200</td></tr>
</tbody>
</table>
<p>We doen het volgende:</p>
<ul><li>Eerste doel van het programma</li><li>Tweede doel<ul><li>Een onderdeel van het tweede doel</li></ul></li></ul>
<div style="display:none"><p>Verborgen tekst</p></div>
</main>
<footer class="site-footer"><p>Contact en disclaimer</p></footer>
</body></html>
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_furniture_never_reaches_the_content(tmp_path: Path) -> None:
    src = read_source(_write(tmp_path, "p.html", PAGE))
    text = "\n".join(ln.text for ln in src.lines)
    for word in ("Ga naar de inhoud", "Home", "cookies", "Akkoord", "var menu", "color", "Contact", "Verborgen"):
        assert word not in text
    assert "Programma 1 Bestuur" in text and "Eerste doel van het programma" in text


def test_headings_lists_and_the_rowspan_label_beside_its_parts(tmp_path: Path) -> None:
    doc = parse(_write(tmp_path, "p.html", PAGE))
    src = read_source(tmp_path / "p.html")
    assert [(ln.text, ln.heading_level) for ln in src.lines if ln.heading_level] == [
        ("Programma 1 Bestuur", 1), ("Wat mag het kosten?", 2)]
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert [(c.label, c.year) for c in table.columns] == [("Begroting 2024", 2024), ("Begroting 2025", 2025)]
    rows = {r.label: [(v.raw, v.value, v.status.value) for v in r.values] for r in table.rows}
    assert rows["Bestuur / Lasten"] == [("1.200", 1200000, "ok"), ("1.300", 1300000, "ok")]
    assert rows["Bestuur / Baten"][0][2] == "empty"  # &nbsp; is an empty cell, not 0
    assert rows["Bestuur / Saldo"][1][1] == -1200000
    items = [(i.text, i.level) for e in doc.elements if isinstance(e, ItemList) for i in e.items]
    assert ("Een onderdeel van het tweede doel", 1) in items and ("Eerste doel van het programma", 0) in items


def test_values_carry_the_css_path_and_source_line(tmp_path: Path) -> None:
    doc = parse(_write(tmp_path, "p.html", PAGE))
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    prov = table.rows[0].values[0].provenance
    assert prov.html_path == "#content > table > tbody > tr:nth-of-type(1)"
    assert PAGE.splitlines()[prov.source_line - 1].startswith('<tr><td rowspan="3">Bestuur')


def test_html_is_recognised_whatever_the_file_is_called(tmp_path: Path) -> None:
    for name in ("pagina.txt", "pagina", "index.aspx"):
        assert read_source(_write(tmp_path, name, PAGE)).format.value == "html"
    result = runner.invoke(app, ["export", str(tmp_path / "pagina.txt")])
    assert result.exit_code == 0 and ",financial_table," in result.stdout


def test_a_page_with_only_furniture_is_unreadable_with_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "leeg.html", "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "leeg.html" in result.stderr


# --- encodings

def test_declared_cp1252_reads_euro_signs() -> None:
    text, notes = decode_html('<meta charset="windows-1252"><p>x € 1.000 – één</p>'.encode("cp1252"))
    assert "x € 1.000 – één" in text and notes == []


def test_a_wrong_utf8_declaration_gives_a_diagnostic_not_mojibake(tmp_path: Path) -> None:
    data = '<html><head><meta charset="utf-8"></head><body><h1>Lasten</h1><p>Bedragen x € 1.000</p></body></html>'
    doc = parse(_write(tmp_path, "p.html", data.encode("cp1252")))
    assert any(d.code == "html-charset" for d in doc.diagnostics)
    assert "x € 1.000" in read_source(tmp_path / "p.html").lines[2].text


def test_utf8_bytes_declared_latin1_are_read_as_utf8() -> None:
    text, notes = decode_html('<meta charset="iso-8859-1"><p>€ 1.000 één</p>'.encode("utf-8"))
    assert "€ 1.000 één" in text and notes[0][0] == "html-charset"


def test_bom_wins_over_the_declaration() -> None:
    data = "\ufeff<meta charset='windows-1252'><p>€ 5</p>".encode("utf-16-le")
    text, _ = decode_html(b"\xff\xfe" + data[2:])
    assert "€ 5" in text


def test_http_header_charset_is_used() -> None:
    text, notes = decode_html("<p>€ 7</p>".encode("cp1252"), "text/html; charset=windows-1252")
    assert "€ 7" in text and notes == []


# --- grids

@st.composite
def span_tables(draw: st.DrawFn) -> list[list[tuple[str, int, int]]]:
    """Rows of (text, colspan, rowspan) that tile a width x height grid exactly."""
    width, height = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    taken = [[False] * width for _ in range(height)]
    rows: list[list[tuple[str, int, int]]] = []
    for r in range(height):
        row = []
        for c in range(width):
            if taken[r][c]:
                continue
            cs = 1
            while c + cs < width and not taken[r][c + cs] and draw(st.booleans()) and cs < 3:
                cs += 1
            rs = draw(st.integers(1, min(3, height - r)))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken[rr][cc] = True
            row.append((f"r{r}c{c}", cs, rs))
        rows.append(row)
    return rows


@given(span_tables())
@settings(max_examples=150, deadline=None)
def test_spans_expand_into_a_full_grid_with_each_cell_at_its_origin(rows: list[list[tuple[str, int, int]]]) -> None:
    grid = build_grid([([(t, False, cs, rs, None) for t, cs, rs in row], False, None) for row in rows])
    width = max(len(r) for r in grid.rows)
    assert all(len(r) == width for r in grid.rows)
    for r, row in enumerate(rows):
        for text, cs, rs in row:
            c = int(text.split("c")[1])
            covered = [grid.rows[rr][cc] for rr in range(r, r + rs) for cc in range(c, c + cs)]
            assert all(cell.text == text for cell in covered)
            assert not grid.rows[r][c].col_copy and not grid.rows[r][c].row_copy


def test_huge_spans_are_capped() -> None:
    page = '<table><tr><th>Programma</th><th colspan="99999999">Begroting 2024</th></tr>' \
           '<tr><td rowspan="99999999">Bestuur</td><td>1</td></tr></table>'
    items, _ = page_lines(HtmlPage("span.html", page.encode()))
    header = next(cells for _, _, cells, _, _ in items if cells)
    assert len(header) == 1 + 1000  # the corner and colspan capped at 1,000 columns


# --- folders, saved sites, limits

def test_a_folder_of_saved_pages_is_one_document_naming_each_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "programma-1").mkdir(parents=True)
    (site / "programma-1_files").mkdir()
    _write(site, "programma-1.html", PAGE)
    _write(site / "programma-1", "doelen.html", "<html><body><h1>Doelen</h1><p>Een doel.</p></body></html>")
    _write(site / "programma-1_files", "frame.html", "<html><body><p>asset</p></body></html>")
    _write(site, "index.html", "<html><body><h1>Begroting</h1><p>Inhoud van de begroting.</p></body></html>")
    flat = read_source(site)
    assert flat.page_labels == {1: "index.html", 2: "programma-1.html"}
    deep = read_source(site, recursive=True)
    assert deep.page_labels == {1: "index.html", 2: "programma-1.html", 3: "programma-1/doelen.html"}
    doc = parse(site, recursive=True)
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert table.rows[0].values[0].provenance.page_label == "programma-1.html"
    result = runner.invoke(app, ["export", str(site), "--recursive"])
    assert result.exit_code == 0 and ",programma-1.html" not in result.stdout and ",2," in result.stdout


def test_a_folder_without_pages_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    result = runner.invoke(app, ["parse", str(tmp_path / "leeg")])
    assert result.exit_code == 2 and "no HTML pages" in result.stderr


def test_a_page_nested_10000_deep_reads_in_seconds() -> None:
    page = "<html><body>" + "<div>" * 10_000 + "<p>Diep in de pagina</p>" + "</div>" * 10_000 + "</body></html>"
    start = time.perf_counter()
    items, _ = page_lines(HtmlPage("diep.html", page.encode()))
    assert time.perf_counter() - start < 15
    assert items[0][0] == "Diep in de pagina" and items[0][3].startswith("… >")


def test_a_page_over_the_size_limit_is_refused_at_once(tmp_path: Path) -> None:
    row = "<tr><td>Programma 1</td><td>1.234</td><td>5.678</td></tr>\n"
    path = _write(tmp_path, "groot.html", "<html><body><table>" + row * (20 * 1024 * 1024 // len(row)) + "</table>")
    start = time.perf_counter()
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2 and f"larger than {MAX_HTML_BYTES // 2**20} MB" in result.stderr
    assert time.perf_counter() - start < 5


def test_several_pages_are_numbered_and_a_single_page_is_not() -> None:
    one = read_html_pages([HtmlPage("a.html", b"<p>Een</p>")], name="a.html")
    two = read_html_pages([HtmlPage("a.html", b"<p>Een</p>"), HtmlPage("b.html", b"<p>Twee</p>")], name="site")
    assert one.pages is None and one.lines[0].page is None
    assert two.pages == 2 and [ln.page_label for ln in two.lines if ln.text] == ["a.html", "b.html"]


def test_a_layout_table_around_the_content_keeps_the_data_table_inside_it(tmp_path: Path) -> None:
    page = PAGE.replace('<main id="content">', '<table class="layout"><tr><td class="links">Inhoud</td><td>'
                        '<main id="content">').replace("</main>", "</main></td></tr></table>")
    doc = parse(_write(tmp_path, "layout.html", page))
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert [r.label for r in table.rows] == ["Bestuur / Lasten", "Bestuur / Baten", "Bestuur / Saldo"]
