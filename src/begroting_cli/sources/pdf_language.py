"""Is a page's text layer language? Fonts without a ToUnicode map yield glyph codes, which come out as
control characters, or as punctuation and digits, or as capitals: figures read from them are invented.

Three signs, each enough on a page with enough characters to judge:
- control characters (or U+FFFD, "(cid:N)") are 1 % of its characters or more;
- its letters are mostly not lower case (Dutch prose and table labels are mostly lower case);
- symbols that Dutch text hardly uses (# $ @ < = > [ ] ^ _ ` { | } ~ and the like) are a share of it.
"""

from __future__ import annotations

import unicodedata

CONTROL_SHARE = 0.01     # control characters per visible character: at or above, no text layer
UPPER_SHARE = 0.6        # upper-case share of the letters above which a page is not prose or tables
ODD_SYMBOL_SHARE = 0.05  # share of symbols no Dutch text has above which a page is glyph garbage
MIN_LETTERS = 200        # fewer letters than this (a cover, a page of figures) do not judge the case
MIN_VISIBLE = 40         # fewer visible characters than this do not judge a page at all

# Punctuation and signs a Dutch budget prints; anything else that is no letter or digit is odd.
_USUAL = set(".,;:!?-–—‑'’‘\"“”„()%€/&+•·▪○◦–*§°²³…→✓➢")


def garbage_reason(text: str, controls: int, visible: int) -> str | None:
    """Why the text of a page is not language, or None. `controls` and `visible` as `count_undecodable`."""
    if visible < MIN_VISIBLE:
        return None
    if controls >= CONTROL_SHARE * visible:
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
    if odd > ODD_SYMBOL_SHARE * visible:
        return f"{100 * odd / visible:.0f}% symbols no Dutch text has"
    if letters >= MIN_LETTERS and letters - lower > UPPER_SHARE * letters:
        return f"{100 * (letters - lower) / letters:.0f}% of the letters upper case"
    return None
