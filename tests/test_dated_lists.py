"""Chronological lists: runs of year-led titles become one list whose items keep their year; year-led
rows that carry amounts stay a table."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.models import ItemList

WORDS = ["Verordening", "Beleidsplan", "Kadernota", "Nota", "jeugd", "armoede", "participatie", "Wmo",
         "inburgering", "schuldhulpverlening", "sport", "cultuur", "wonen"]
title = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
# Titles may end in a year range; a lone trailing year on every line is still read as a figure column
# by the row-table reading (CHANGELOG, known limits).
item = st.tuples(st.integers(2000, 2030), title,
                 st.sampled_from(["", " 2022-2025"])).map(lambda t: f"{t[0]} {t[1]}{t[2]}")


@settings(max_examples=60, deadline=None)
@given(st.lists(item, min_size=3, max_size=12))
def test_year_led_titles_are_one_list_with_their_years(items: list[str]) -> None:
    text = "Programma 6\n\nBeleidsnota's\n\n" + "\n".join(items) + "\n\nActuele ontwikkelingen\n\nTekst.\n"
    doc = parse_text(text)
    lists = [e for e in doc.elements if isinstance(e, ItemList)]
    assert [[i.text for i in lst.items] for lst in lists] == [items]
    assert lists[0].heading == "Beleidsnota's"


def test_two_year_led_lines_are_not_a_list() -> None:
    doc = parse_text("Inleiding\n\n2014 Beleidsplan Nieuwe Wmo\n2015 Nota jeugd\n\nTekst.\n")
    assert not [e for e in doc.elements if isinstance(e, ItemList)]


def test_year_led_rows_with_amounts_are_no_list() -> None:
    text = ("Bedragen x € 1.000\n\nJaar Lasten Baten Saldo\n2022 Lasten 1.234 234 -1.000\n"
            "2023 Lasten 1.300 300 -1.000\n2024 Lasten 1.350 350 -1.000\n")
    doc = parse_text(text)
    assert not [e for e in doc.elements if isinstance(e, ItemList)]


def test_year_led_header_cells_above_figures_are_no_list() -> None:
    text = "Omschrijving\n2023 geactualiseerd beeld\n2024 begroting\n2025 raming\nLasten\n1.234\n1.300\n1.350\n"
    doc = parse_text(text)
    assert not [e for e in doc.elements if isinstance(e, ItemList)]
