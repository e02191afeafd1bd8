"""Lists by family, from generated variants: lead-ins (wrapped, ending in ':' or one short sentence),
nesting read from relative indentation, items whose text wraps, numbered notes that repeat their
number, lists side by side as the columns of a table of words, and the same lists as HTML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli import parse, parse_text
from begroting_cli.cli import app
from begroting_cli.models import FinancialTable, ItemList

runner = CliRunner()

NOUNS = ["afvalstoffenheffing", "rioolheffing", "leges", "toeristenbelasting", "precariobelasting", "jeugdzorg",
         "armoedebeleid", "onderhoud wegen", "sportvelden", "openbare verlichting", "de Gemeentewet", "het BBV"]
item_text = st.lists(st.sampled_from(NOUNS), min_size=1, max_size=4).map(lambda ws: (" en ".join(ws)).capitalize())
items = st.lists(item_text, min_size=2, max_size=7, unique=True)
# A title's shape: at most three nouns, within the segmenter's TITLE_MAX_WORDS.
title_text = st.lists(st.sampled_from(NOUNS), min_size=1, max_size=3).map(lambda ws: (" en ".join(ws)).capitalize())
MARKERS = ["•", "-", "*", "▪"]


def lists_of(text: str) -> list[ItemList]:
    return [e for e in parse_text(text).elements if isinstance(e, ItemList)]


def bulleted(texts: list[str], marker: str, indent: int = 2) -> str:
    if marker == "1.":
        return "\n".join(f"{' ' * indent}{k}. {t}" for k, t in enumerate(texts, start=1))
    return "\n".join(f"{' ' * indent}{marker} {t}" for t in texts)


def wrapped(sentence: list[str], lines: int) -> str:
    """A lead-in sentence broken over `lines` lines; every line after the first goes on in lower case."""
    words = " ".join(sentence).split()
    step = max(1, len(words) // lines)
    parts = [" ".join(words[k:k + step]) for k in range(0, len(words), step)]
    return "\n".join(parts)


lead_words = st.lists(st.sampled_from(["de", "belangrijkste", "heffingen", "die", "wij", "in", "dit", "jaar",
                                       "kennen", "zijn", "onder", "meer"]), min_size=6, max_size=14)


@settings(max_examples=40, deadline=None)
@given(first=items, second=items, marker=st.sampled_from(MARKERS + ["1."]), gap=st.booleans(),
       wrap=st.integers(1, 3), words=lead_words)
def test_each_list_keeps_its_lead_in_and_two_lists_under_one_heading_stay_two(
        first: list[str], second: list[str], marker: str, gap: bool, wrap: int, words: list[str]) -> None:
    lead1 = "Bij het heffen zijn " + wrapped(words, wrap) + ":"
    lead2 = "Het tarievenbeleid gaat uit van:"
    sep = "\n\n" if gap else "\n"
    text = (f"Lokale heffingen\n\nBeleid\n\n{lead1}{sep}{bulleted(first, marker)}\n\n"
            f"{lead2}{sep}{bulleted(second, marker)}\n\nSlot van de paragraaf.\n")
    lists = lists_of(text)
    assert [[i.text for i in lst.items] for lst in lists] == [first, second]
    assert [lst.title_path[-1] for lst in lists] == [" ".join(lead1.split()), lead2]
    assert [lst.lead_in for lst in lists] == [" ".join(lead1.split()), lead2]
    assert all(lst.heading_path[-1] == "Beleid" and lst.title_path[-2] == "Beleid" for lst in lists)
    assert {i.group for lst in lists for i in lst.items} == {None}  # the lead-in names the list, not its items


@settings(max_examples=25, deadline=None)
@given(texts=items, words=st.lists(st.sampled_from(["tabel", "opgenomen", "met", "de", "lasten", "en", "baten"]),
                                   min_size=4, max_size=10))
def test_one_short_sentence_right_above_a_list_introduces_it(texts: list[str], words: list[str]) -> None:
    sentence = "Per programma is een " + " ".join(words) + "."
    doc = lists_of(f"Inleiding\n\nEen alinea over iets anders. Met twee zinnen.\n\n{sentence}\n\n{bulleted(texts, '•')}\n")
    assert len(doc) == 1
    assert doc[0].title_path == ["Inleiding", sentence]


def test_a_paragraph_of_several_sentences_is_no_lead_in_unless_it_ends_in_a_colon() -> None:
    prose = "Dit is de eerste zin van de alinea. Dit is de tweede zin van de alinea."
    [lst] = lists_of(f"Inleiding\n\n{prose}\n\n  • eerste punt\n  • tweede punt\n")
    assert (lst.lead_in, lst.title_path) == (None, ["Inleiding"])
    [lst] = lists_of(f"Inleiding\n\n{prose} Wij noemen:\n\n  • eerste punt\n  • tweede punt\n")
    assert (lst.lead_in, lst.title_path) == (f"{prose} Wij noemen:", ["Inleiding", f"{prose} Wij noemen:"])


@settings(max_examples=40, deadline=None)
@given(tree=st.lists(st.tuples(item_text, st.lists(item_text, max_size=3)), min_size=1, max_size=5),
       base=st.integers(0, 2), step=st.sampled_from([1, 2, 4]), marker=st.sampled_from(MARKERS))
def test_nested_items_are_read_from_relative_indentation_and_grouped_under_their_parent(
        tree: list[tuple[str, list[str]]], base: int, step: int, marker: str) -> None:
    rows, expected = [], []
    for parent, children in tree:
        rows.append(f"{' ' * base}{marker} {parent}")
        expected.append((parent, 0, None))
        for child in children:
            rows.append(f"{' ' * (base + step)}{marker} {child}")
            expected.append((child, 1, parent))
    [lst] = lists_of("Beleid\n\nDe uitgangspunten zijn:\n\n" + "\n".join(rows) + "\n")
    assert [(i.text, i.level, i.group) for i in lst.items] == expected
    assert lst.title_path == ["Beleid", "De uitgangspunten zijn:"]


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(st.tuples(item_text, item_text), min_size=2, max_size=5), indent=st.booleans())
def test_an_item_wrapped_over_lines_keeps_its_continuation(texts: list[tuple[str, str]], indent: bool) -> None:
    """The continuation is indented under the item, or (flattened without indent) goes on in lower case."""
    pad = "    " if indent else ""
    body = "\n".join(f"  • {a} omvat\n{pad}{b.lower()}" for a, b in texts)
    [lst] = lists_of(f"Beleid\n\nWe noemen:\n\n{body}\n\nVerder niets.\n")
    assert [" ".join(i.text.split()) for i in lst.items] == [f"{a} omvat {b.lower()}" for a, b in texts]


def test_navigation_under_a_list_is_not_part_of_its_last_item() -> None:
    [lst] = lists_of("Inleiding\n\nWe onderscheiden:\n\n  • wegen\n  • gebouwen\nga terug\n")
    assert [i.text for i in lst.items] == ["wegen", "gebouwen"]


@settings(max_examples=25, deadline=None)
@given(names=st.lists(st.sampled_from(["Fte per 1.000 inwoners", "Kosten per inwoner in euro's",
                                       "Percentage van de totale lasten", "Aantal per 10.000 jongeren"]),
                      min_size=2, max_size=4, unique=True), marker=st.sampled_from(["{k}.", "{k})"]))
def test_numbered_notes_that_repeat_their_number_are_a_list(names: list[str], marker: str) -> None:
    notes = "\n".join(f"  {marker.format(k=k)} {k} {n}" for k, n in enumerate(names, start=1))
    [lst] = lists_of(f"Beleidsindicatoren\n\nDe indicatoren hieronder.\n\n{notes}\n")
    assert [i.text for i in lst.items] == [f"{k} {n}" for k, n in enumerate(names, start=1)]


def test_numbered_rows_that_end_in_figures_are_no_footnoted_items() -> None:
    from begroting_cli.segment import is_bullet

    assert is_bullet("  1. 1 Fte per 1.000 inwoners")
    assert not is_bullet("1. 12 2.345 6.789")
    assert not is_bullet("2) 3 Lasten 1.234 5.678")


def _columns_text(columns: list[tuple[str, list[str]]], sep_row: bool, lead_pipe: bool) -> str:
    depth = max(len(c) for _, c in columns)
    rows = [" | ".join(n for n, _ in columns) + " |"]
    if sep_row:
        rows.append("|".join("---" for _ in columns) + "|")
    for k in range(depth):
        cells = [c[k] if k < len(c) else "" for _, c in columns]
        while cells and not cells[-1]:
            cells.pop()  # the flattening drops trailing empty cells
        rows.append(" | ".join(cells) + " |")
    return "\n".join(("| " + r) if lead_pipe else r for r in rows)


@settings(max_examples=40, deadline=None)
@given(cols=st.lists(st.tuples(st.sampled_from(["Ongebonden belastingen", "Gebonden belastingen", "Rechten",
                                                "Retributies"]), items), min_size=2, max_size=3,
                     unique_by=lambda c: c[0]),
       sep_row=st.booleans(), lead_pipe=st.booleans())
def test_lists_side_by_side_in_a_table_of_words_are_one_list_per_column(
        cols: list[tuple[str, list[str]]], sep_row: bool, lead_pipe: bool) -> None:
    columns = [(f"{name}:", texts) for name, texts in cols]
    text = f"Lokale heffingen\n\nWe onderscheiden twee soorten.\n\n{_columns_text(columns, sep_row, lead_pipe)}\n\nSlot.\n"
    doc = parse_text(text)
    lists = [e for e in doc.elements if isinstance(e, ItemList)]
    assert [([i.text for i in lst.items], lst.title_path) for lst in lists] == \
        [(texts, ["Lokale heffingen", name]) for name, texts in columns]
    assert not [e for e in doc.elements if isinstance(e, FinancialTable)]


def test_a_table_with_figures_under_colon_headers_stays_a_table() -> None:
    text = "Heffingen\n\nSoort: | 2024: | 2025: |\nOZB | 1.200 | 1.300 |\nRioolheffing | 800 | 850 |\n"
    doc = parse_text(text)
    assert not [e for e in doc.elements if isinstance(e, ItemList)]


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><body><main>{body}</main></body></html>", encoding="utf-8")
    return path


@settings(max_examples=20, deadline=None)
@given(texts=items, tail=item_text, in_p=st.booleans())
def test_html_a_break_inside_an_item_goes_on_with_the_item(tmp_path_factory, texts: list[str], tail: str,  # noqa: ANN001
                                                           in_p: bool) -> None:
    """`<br>` (or a second paragraph) inside an `<li>` breaks the line, not the item: the item ends at `</li>`."""
    last = f"<p>{texts[-1]}</p><p>({tail})</p>" if in_p else f"{texts[-1]}<br>({tail})"
    lis = "".join(f"<li>{t}</li>" for t in texts[:-1]) + f"<li>{last}</li>"
    path = _write(tmp_path_factory.mktemp("br"), "p.html",
                  f"<h2>Verschillen</h2><p>De belangrijkste verschillen zijn:</p><ul>{lis}</ul><p>Daarna tekst.</p>")
    [lst] = [e for e in parse(path).elements if isinstance(e, ItemList)]
    assert [" ".join(i.text.split()) for i in lst.items] == [*texts[:-1], f"{texts[-1]} ({tail})"]
    assert lst.title_path == ["Verschillen", "De belangrijkste verschillen zijn:"]


def test_html_nested_list_and_wrapped_lead_in(tmp_path: Path) -> None:
    path = _write(tmp_path, "n.html",
                  "<h2>Tarieven</h2><p>De tarieven worden,<br>zoals eerder besloten, als volgt aangepast:</p>"
                  "<ul><li>Voor de OZB geldt:<ul><li>woningen: 2%;</li><li>niet-woningen: 3%;</li></ul></li>"
                  "<li>Leges: inflatie.</li></ul>")
    [lst] = [e for e in parse(path).elements if isinstance(e, ItemList)]
    lead = "De tarieven worden, zoals eerder besloten, als volgt aangepast:"
    assert [(i.text, i.level, i.group) for i in lst.items] == [
        ("Voor de OZB geldt:", 0, None), ("woningen: 2%;", 1, "Voor de OZB geldt:"),
        ("niet-woningen: 3%;", 1, "Voor de OZB geldt:"), ("Leges: inflatie.", 0, None)]
    assert lst.title_path == ["Tarieven", lead]


def test_html_table_of_words_under_colon_headers_is_two_lists(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.html",
                  "<h2>Heffingen</h2><table><thead><tr><th>Ongebonden:</th><th>Gebonden:</th></tr></thead><tbody>"
                  "<tr><td>Hondenbelasting</td><td>Rioolheffing</td></tr>"
                  "<tr><td>Toeristenbelasting</td><td>&nbsp;</td></tr></tbody></table>")
    lists = [e for e in parse(path).elements if isinstance(e, ItemList)]
    assert [([i.text for i in lst.items], lst.title_path) for lst in lists] == [
        (["Hondenbelasting", "Toeristenbelasting"], ["Heffingen", "Ongebonden:"]),
        (["Rioolheffing"], ["Heffingen", "Gebonden:"])]


def test_cli_export_titles_each_list_row_with_its_lead_in(tmp_path: Path) -> None:
    path = tmp_path / "heffingen.txt"
    path.write_text("Beleid\n\nWe zijn gebonden aan:\n\n  • de Gemeentewet;\n    • artikel 220;\n"
                    "  • de Invorderingswet.\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [(r["title"], r["row"], r["subrow"]) for r in csv.DictReader(io.StringIO(result.stdout))
            if r["element"] == "list"]
    title = "Beleid / We zijn gebonden aan:"
    assert rows == [(title, "de Gemeentewet;", ""), (title, "artikel 220;", "de Gemeentewet;"),
                    (title, "de Invorderingswet.", "")]


def test_every_line_of_lists_side_by_side_is_in_exactly_one_list() -> None:
    text = "Heffingen\n\n| Ongebonden: | Gebonden: |\n|---|---|\n| Hondenbelasting | Rioolheffing |\n| | Leges |\n"
    doc = parse_text(text)
    lists = [e for e in doc.elements if isinstance(e, ItemList)]
    assert [[i.text for i in lst.items] for lst in lists] == [["Hondenbelasting"], ["Rioolheffing", "Leges"]]
    assert [lst.lines for lst in lists] == [[3, 4, 5], [6]]


@settings(max_examples=30, deadline=None)
@given(number=st.sampled_from(["1.", "10.", "2.3", "c."]), title=title_text, texts=items)
def test_a_numbered_line_standing_alone_is_a_section_heading_not_a_list_of_one(
        number: str, title: str, texts: list[str]) -> None:
    doc = parse_text(f"Begroting 2019\n\n{number} {title}\n\nEen alinea tekst.\n\nWe noemen:\n\n{bulleted(texts, '1.')}\n")
    lists = [e for e in doc.elements if isinstance(e, ItemList)]
    assert [[i.text for i in lst.items] for lst in lists] == [texts]
    assert lists[0].heading_path[-1] == f"{number} {title}"


def test_numbered_items_apart_by_blank_lines_stay_a_list() -> None:
    [lst] = lists_of("Doelen\n\n1. Meer woningen\n\n2. Minder armoede\n\n3. Schone wijken\n")
    assert [i.text for i in lst.items] == ["Meer woningen", "Minder armoede", "Schone wijken"]


def test_html_numbered_heading_element_is_no_list_item(tmp_path: Path) -> None:
    path = _write(tmp_path, "h.html", "<h2>1. Inleiding</h2><p>Tekst van de inleiding.</p>"
                                      "<p>We noemen:</p><ul><li>een</li><li>twee</li></ul>")
    [lst] = [e for e in parse(path).elements if isinstance(e, ItemList)]
    assert [i.text for i in lst.items] == ["een", "twee"] and lst.heading_path[-1] == "1. Inleiding"


def test_pdf_list_split_by_a_page_break_is_one_list(tmp_path: Path) -> None:
    from tests.pdfgen import build_pdf, text_page

    first = text_page(["Beleid", "", "De uitgangspunten zijn:", "• eerste punt van beleid", "• tweede punt van beleid"])
    second = text_page(["• derde punt van beleid", "• vierde punt van beleid", "", "Verder gaat de tekst hier door."])
    path = tmp_path / "lijst.pdf"
    path.write_bytes(build_pdf([first, second]))
    [lst] = [e for e in parse(path).elements if isinstance(e, ItemList)]
    assert [i.text for i in lst.items] == [f"{n} punt van beleid" for n in ("eerste", "tweede", "derde", "vierde")]
    assert {i.provenance.page for i in lst.items} == {1, 2}


def test_a_numbered_label_cell_over_figures_is_no_heading() -> None:
    """" 1. Materiële vaste activa" / "841,0" / ...: one cell per line, a table's numbered row label."""
    cells = ["Balans", "ACTIVA", "31-12-2022", "31-12-2021", " 1. Immateriële vaste activa", "5,0", "6,5",
             " 1. Materiële vaste activa", "841,0", "840,2", "Totaal", "846,0", "846,7"]
    doc = parse_text("\n\n".join(cells) + "\n")
    assert not [e for e in doc.elements if e.type in ("heading", "list") and "activa" in str(e.model_dump()).lower()
                and "vaste" in str(e.model_dump()).lower()]


@settings(max_examples=20, deadline=None)
@given(texts=items, words=lead_words)
def test_prose_whose_last_sentence_runs_on_into_the_items_introduces_them(texts: list[str], words: list[str]) -> None:
    prose = "Hier staan de indicatoren. Per indicator geven " + " ".join(words) + " inzicht in"
    [lst] = lists_of(f"Leeswijzer\n\n{prose}\n\n{bulleted(texts, '•', 1)}\n")
    assert lst.title_path == ["Leeswijzer", prose]
