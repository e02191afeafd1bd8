"""Characters -> words: the one grouping step both PDF engines feed.

An engine turns a page into a stream of character tuples `(char, x0, top, x1, bottom, size,
key)` (top-left origin, points; `size` the effective font size) with `None` for a space;
`group_words` cuts that stream into words in a single pass. The engine then looks up the font of
each word's first character through `key` (a character index for pypdfium2, a char dict for
pdfplumber). Grouping on the engines' common ground -- boxes in content-stream order -- is what
makes both engines give the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple
from ..settings import SETTINGS


# Characters that separate words. U+00A0 too: in a PDF it is a drawn space, not an empty cell.
SPACES = frozenset(" \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                   "\u200a\u202f\u3000")
# Text that is no text: C0/C1 controls and U+FFFD (what fonts without a ToUnicode map yield),
# and pdfminer's "(cid:N)" for a glyph it cannot map. CR/LF are pdfium's own line breaks.
_UNDECODABLE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]|\(cid:\d+\)")
_CID = re.compile(r"\(cid:\d+\)")
_COUNTED_SPACES = " \r\n\u00a0"
# Applied to line text: private-use code points of the Symbol/Wingdings fonts Word uses for list
# bullets, and typographic ligatures (one engine may spell them out where the other does not).
TEXT_FIXES = str.maketrans({"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf0d8": "\u27a2",
                            "\uf0fc": "\u2713", "\uf06f": "\u25e6", "\uf02d": "-",
                            "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)

Char = tuple[str, float, float, float, float, float, Any]


class Word(NamedTuple):
    """A word with its box (top-left origin), baseline and font, as both engines deliver it.

    `weight` is the font weight on PDFium's scale (0 = unknown); `bold_name` says the font's
    name reads bold, used only where the weight is unknown. Whether a weight is bold is decided
    per document (`pdf_layout`), since some producers write weights on odd scales.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float
    weight: float
    bold_name: bool


class RawWord(NamedTuple):
    """A word before the engine has attached font facts: `key` finds its first character."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    key: Any


def group_words(chars: Iterable[Char | None]) -> list[RawWord]:
    """Cut a content-ordered char stream into words at spaces, gaps, backsteps and line jumps.

    A character repeated at (almost) the same spot is dropped: Word and others fake bold by
    printing a glyph twice, which would otherwise read "TToottaall".
    """
    words: list[RawWord] = []
    append = words.append
    parts: list[str] = []
    x0 = top = x1 = bottom = size = 0.0
    key: Any = None
    last = ""
    last_x0 = last_x1 = last_bottom = 0.0
    for item in chars:
        if item is None:
            if parts:
                append(RawWord("".join(parts), x0, top, x1, bottom, size, key))
                parts = []
            continue
        ch, cx0, ctop, cx1, cbottom, h, ckey = item
        if parts:
            if h < SETTINGS.pdf_min_char_size:
                h = SETTINGS.pdf_min_char_size
            dy = cbottom - last_bottom
            if ch == last and -SETTINGS.pdf_overprint_factor * h < cx0 - last_x0 < SETTINGS.pdf_overprint_factor * h \
                    and -SETTINGS.pdf_overprint_factor * h < dy < SETTINGS.pdf_overprint_factor * h:
                continue
            if (-SETTINGS.pdf_word_vertical_factor * h <= dy <= SETTINGS.pdf_word_vertical_factor * h
                    and last_x1 - SETTINGS.pdf_word_backstep_factor * h <= cx0 <= last_x1 + SETTINGS.pdf_word_gap_factor * h):
                parts.append(ch)
                if cx1 > x1:
                    x1 = cx1
                if ctop < top:
                    top = ctop
                if cbottom > bottom:
                    bottom = cbottom
                last, last_x0, last_x1, last_bottom = ch, cx0, cx1, cbottom
                continue
            append(RawWord("".join(parts), x0, top, x1, bottom, size, key))
        parts = [ch]
        x0, top, x1, bottom, size, key = cx0, ctop, cx1, cbottom, h, ckey
        last, last_x0, last_x1, last_bottom = ch, cx0, cx1, cbottom
    if parts:
        append(RawWord("".join(parts), x0, top, x1, bottom, size, key))
    return words


def count_undecodable(text: str) -> tuple[int, int]:
    """(undecodable, all) non-space characters of a page's text, for the "mostly garbage" test.

    `text` may be pdfium's page text (controls as they are) or pdfminer's ("(cid:7)" per glyph).
    """
    bad = len(_UNDECODABLE.findall(text))
    visible = len(_CID.sub("x", text)) - sum(text.count(c) for c in _COUNTED_SPACES)
    return bad, visible


def is_bold_name(fontname: str) -> bool:
    """Bold from the font's name ("Verdana-Bold", "ABCDEF+Arial-BoldMT")."""
    return bool(_BOLD_NAME.search(fontname))
