"""Shortcuts taken for speed answer exactly as the full computation does.

The text reader skips its control-character pass and its CR handling when the text has neither; the
unit finder skips lines without any mark a unit statement needs. Generated text built from the pieces
those rules look at (line breaks, control characters, scale figures, currency signs, unit words)
must get the same answer either way.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli.normalise.units import find_unit, scan_unit
from begroting_cli.sources.text import split_lines

_PIECES = ["x", "X", "×", "*", "€", "EUR", "euro's", "euro", "1", "1.000", "1,000", "1.000.000", "1 mln", "k",
           "mld", "'000", "’000", "000", "in", "In", "bedragen", "Bedragen zijn", "duizenden", "miljoenen",
           "duizend", "DUIZEND", "miljoen", "hele", "bedragen in", "hele euro's", "in duizenden", "(", ")", ":", ",-", " ", "  ", "a", "subsidie", "%", "2024", "7"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", " "])), max_size=10))
def test_find_unit_answers_as_the_full_scan(pieces: list[tuple[str, str]]) -> None:
    text = "".join(piece + gap for piece, gap in pieces)
    assert find_unit(text) == scan_unit(text)


@pytest.mark.parametrize("text", [
    "Bedragen x € 1.000", "(x €1 mln)", "x 1.000 euro", "(€ x 1.000)", "(in € 1.000)", "(bedragen in 1.000 euro)",
    "(€ 1.000)", "(1.000 euro)", "(in duizenden euro's)", "in miljoenen euro", "x duizend euro", "Bedragen in duizenden",
    "(in miljoenen)", "€ '000", "(€ ’000)", "Bedragen zijn in hele euro's", "Bedragen in €", "in € (+ = baat, - = last)",
])
def test_every_kind_of_unit_statement_passes_the_shortcut(text: str) -> None:
    assert find_unit(text) is not None and find_unit(text) == scan_unit(text)


def _lines_the_long_way(text: str) -> list[str]:
    parts = re.split(r"\r\n|\r|\n", text)
    if parts and parts[-1] == "":
        parts.pop()
    return [re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", p) for p in parts]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["a", "Lasten 1.000", " ", "\t", "\n", "\r", "\r\n", "\x00", "\x07", "\x0c", "\x1f",
                                 "\x7f", "\u00a0", "\u2028", "é"]), max_size=20))
def test_split_lines_answers_as_the_long_way(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert split_lines(text) == _lines_the_long_way(text)



@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["Lasten", "baten", "3,08%", "1.000", "Kostendekkend", " ", "  ", "   ", "\t",
                                 "\u00a0", ":", "-", "a", "2024"]), max_size=12))
def test_pair_cells_shortcut_only_skips_what_the_pattern_refuses(pieces: list[str]) -> None:
    """The two-cell split asks for two spaces in a row before its pattern: a text without them is one the
    pattern itself never splits."""
    from begroting_cli import segment

    text = "".join(pieces)
    if "  " not in text:
        assert segment._PAIR.match(text.strip(" \t")) is None  # the pattern, asked directly
        assert segment.pair_cells(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\x0b\u2003\u3000", max_size=12))
def test_a_blank_line_starts_no_row_table(text: str) -> None:
    """The row-table finder steps over blank lines without asking its detectors: each would say no."""
    from begroting_cli.segment import header_groups, is_parts_line, is_row_line, segment
    from begroting_cli.stream import Line

    assert Line(1, text).is_blank
    assert header_groups(text) == 0 and not is_parts_line(text)
    assert not any(is_row_line(text, n) for n in (1, 2, 3))
    lines = [Line(1, text), Line(2, "Lasten 1.000 2.000"), Line(3, "Baten 3.000 4.000")]
    assert [b.kind for b in segment(lines)] == [b.kind for b in segment(lines[1:])]
