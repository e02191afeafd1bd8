"""Unit statements ("bedragen x € 1.000", "(in duizenden euro's)", "x €1 mln") and their scale."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EURO = r"(?:€|eur(?:o(?:'?s)?)?|euro)"
_SCALE = r"(?P<num>1(?:[.,]?000){1,3}|1)(?:\s*,-)?(?:\s*(?P<word>mln|miljoen|mld|miljard|k))?"
_PATTERNS = [
    # "x € 1.000", "x €1 mln", "x 1.000 euro", "* € 1.000", "(€ x 1.000)", "bedragen x 1.000"
    re.compile(rf"(?:\bx|×|\*)\s*{_EURO}?\s*{_SCALE}\s*{_EURO}?", re.I),
    re.compile(rf"{_EURO}\s*(?:x|×)\s*{_SCALE}", re.I),
    # "(in € 1.000)", "in €1.000", "bedragen in € 1.000"
    re.compile(rf"\bin\s*{_EURO}\s*{_SCALE}", re.I),
]
_WORDS = [
    (re.compile(r"\b(?:in\s+)?duizenden\s+euro", re.I), 1000),
    (re.compile(r"\b(?:in\s+)?miljoenen\s+euro", re.I), 1_000_000),
    (re.compile(r"\bx\s*duizend\s+euro", re.I), 1000),
    (re.compile(r"\bbedragen\s+(?:zijn\s+)?in\s+(?:hele\s+)?euro'?s?\b", re.I), 1),
]
_MILLION_WORDS = {"mln": 1_000_000, "miljoen": 1_000_000, "mld": 10**9, "miljard": 10**9, "k": 1000}


@dataclass(frozen=True, slots=True)
class UnitStatement:
    """A printed unit: the multiplier to euros and the text as printed."""

    multiplier: int
    raw: str


def _multiplier(num: str, word: str | None) -> int | None:
    digits = re.sub(r"[.,]", "", num)
    if not digits.isdigit():
        return None
    base = int(digits)
    if word:
        base *= _MILLION_WORDS[word.lower()]
    return base if base in (1, 1000, 1_000_000, 10**9) else None


def find_unit(text: str) -> UnitStatement | None:
    """The unit stated in a line of text, if any. Percent and counts are not units here."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            mult = _multiplier(m.group("num"), m.group("word"))
            if mult is not None and (mult > 1 or _looks_like_statement(text)):
                return UnitStatement(mult, m.group(0).strip())
    for pattern, mult in _WORDS:
        m = pattern.search(text)
        if m:
            return UnitStatement(mult, m.group(0).strip())
    return None


def _looks_like_statement(text: str) -> bool:
    """"x € 1" only counts in a short unit line, not in a sentence that happens to match."""
    return len(text) < 60 and "bedrag" in text.lower()
