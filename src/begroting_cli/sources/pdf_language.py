"""Is a page's text layer language? Fonts without a ToUnicode map yield glyph codes, which come out as
control characters, or as punctuation and digits, or as capitals: figures read from them are invented.

Three signs, each enough on a page with enough characters to judge:
- control characters (or U+FFFD, "(cid:N)") are 1 % of its characters or more;
- its letters are mostly not lower case (Dutch prose and table labels are mostly lower case);
- symbols that Dutch text hardly uses (# $ @ < = > [ ] ^ _ ` { | } ~ and the like) are a share of it.
"""

from __future__ import annotations

import unicodedata
from ..settings import SETTINGS


# Punctuation and signs a Dutch budget prints; anything else that is no letter or digit is odd.
_USUAL = set(".,;:!?-–—‑'’‘\"“”„()%€/&+•·▪○◦–*§°²³…→✓➢")


def garbage_reason(text: str, controls: int, visible: int) -> str | None:
    """Why the text of a page is not language, or None. `controls` and `visible` as `count_undecodable`."""
    if visible < SETTINGS.pdf_min_visible:
        return None
    if controls >= SETTINGS.pdf_control_share * visible:
        return f"{100 * controls / visible:.0f}% control characters"
    letters = lower = odd = 0
    for ch in text:
        if ch.isspace() or ch.isdigit():
            continue
        if ch.isalpha():
            letters += 1
            lower += ch.islower()
        elif ch not in _USUAL and unicodedata.category(ch)[0] in "PS" and ord(ch) < 0x2000:
            odd += 1
    if odd > SETTINGS.pdf_odd_symbol_share * visible:
        return f"{100 * odd / visible:.0f}% symbols no Dutch text has"
    if letters >= SETTINGS.pdf_min_letters and letters - lower > SETTINGS.pdf_upper_share * letters:
        return f"{100 * (letters - lower) / letters:.0f}% of the letters upper case"
    return None
