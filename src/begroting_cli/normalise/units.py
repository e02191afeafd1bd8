"""Unit statements ("bedragen x € 1.000", "(in duizenden euro's)", "x €1 mln", "€ '000") and their scale,
and the `--unit` option as people write it ("1.000", "1e3", "duizend")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Units of measure printed in a cell of their own after a figure ("31.868" / "ha"): such figures are no money.
MEASURE = re.compile(r"^(?:ha|a|m|m1|m2|m²|m3|m³|km|km2|km²|st\.?|stuks|kg|ton|fte|inw\.?|woningen)$", re.I)

_EURO = r"(?:€|eur(?:o(?:['’]?s)?)?|euro)"
_SCALE = r"(?P<num>1(?:[.,]?000){1,3}|1)(?:\s*,-)?(?:[ \t]*(?P<word>mln|miljoen|mld|miljard|k)\b)?"  # "1.000" + "K(ostensoorten)" is no "1.000 k"
_PATTERNS = [
    # "x € 1.000", "x €1 mln", "x 1.000 euro", "* € 1.000", "(€ x 1.000)", "bedragen x 1.000"
    re.compile(rf"(?:\bx|×|\*)\s*{_EURO}?\s*{_SCALE}\s*{_EURO}?", re.I),
    re.compile(rf"{_EURO}\s*(?:x|×)\s*{_SCALE}", re.I),
    # "(in € 1.000)", "in €1.000", "bedragen in € 1.000"
    re.compile(rf"\bin\s*{_EURO}\s*{_SCALE}", re.I),
    # "(bedragen in 1.000 euro)", "Bedragen in 1.000 euro's", "in 1.000 euro": the scale before the currency,
    # only where the words can open a unit statement (not "... in 1.000 euro subsidie" mid-sentence)
    re.compile(rf"(?:\bbedragen\s+(?:zijn\s+)?|^\W*|\(\s*)in\s*{_SCALE}\s*{_EURO}(?![a-z])", re.I),
    # "(€ 1.000)", "(1.000 euro)": a scale alone in brackets
    re.compile(rf"\(\s*{_EURO}\s*{_SCALE}\s*\)", re.I),
    re.compile(rf"\(\s*{_SCALE}\s*{_EURO}\s*\)", re.I),
]
_WORDS = [
    (re.compile(r"\b(?:in\s+)?duizenden\s+euro", re.I), 1000),
    (re.compile(r"\b(?:in\s+)?miljoenen\s+euro", re.I), 1_000_000),
    (re.compile(r"\bx\s*duizend\s+euro", re.I), 1000),
    # "(in duizenden)", "Bedragen in miljoenen": the word closes the statement (not "in duizenden gevallen")
    (re.compile(r"\bin\s+duizenden\s*(?:\)|:|$)", re.I), 1000),
    (re.compile(r"\bin\s+miljoenen\s*(?:\)|:|$)", re.I), 1_000_000),
    # "€ '000", "(€ ’000)": the accountants' thousands
    (re.compile(rf"{_EURO}\s*['’‘]\s?000\b", re.I), 1000),
    (re.compile(r"\bbedragen\s+(?:zijn\s+)?in\s+(?:hele\s+)?euro'?s?\b", re.I), 1),
    # "Bedragen in €", "(bedragen in €)": whole euros, the statement with no scale after it
    (re.compile(r"\bbedragen\s+(?:zijn\s+)?(?:in|x)\s*€(?!\s*['’‘]?\s*\d)", re.I), 1),
    # "in €", "(in €)", "in € (+ = baat, - = last)": a line that opens with whole euros, a sign note may follow
    (re.compile(r"^\W*in\s*€\s*(?:\)|:|$|(?=\((?!\s*['’‘]?\s*\d)))", re.I), 1),
]
# What every statement above contains: the scale's "1" (the patterns), or a word / sign of the word
# list. Searched with the same flag, so a line without any of them matches no pattern: skipped at once.
_ANY_STATEMENT = re.compile(r"1|€|duizend|miljoen|000|bedragen", re.I)
_MILLION_WORDS = {"mln": 1_000_000, "miljoen": 1_000_000, "mld": 10**9, "miljard": 10**9, "k": 1000}
_OPTION_WORDS = {"een": 1, "1": 1, "duizend": 1000, "duizenden": 1000, "k": 1000, "miljoen": 1_000_000,
                 "miljoenen": 1_000_000, "mln": 1_000_000, "miljard": 10**9, "mld": 10**9}
_BRACKET_LINE = 80  # "(€ 1.000)" states a unit in a header or caption; in a longer sentence it is an amount
MULTIPLIERS = (1, 1000, 1_000_000, 10**9)


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
    return base if base in MULTIPLIERS else None


@lru_cache(maxsize=32768)
def find_unit(text: str) -> UnitStatement | None:
    """The unit stated in a line of text, if any. Percent and counts are not units here.

    Cached: pure, and the segmenter asks it about the line above nearly every line."""
    if _ANY_STATEMENT.search(text) is None:
        return None
    return scan_unit(text)


def scan_unit(text: str) -> UnitStatement | None:
    """`find_unit` without its shortcuts: every pattern tried (the reference the shortcut is tested against)."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            mult = _multiplier(m.group("num"), m.group("word"))
            bracketed = m.group(0).startswith("(")
            if mult is not None and (mult > 1 or _looks_like_statement(text)) \
                    and (not bracketed or len(text) < _BRACKET_LINE):
                return UnitStatement(mult, m.group(0).strip())
    for pattern, mult in _WORDS:
        m = pattern.search(text)
        if m:
            return UnitStatement(mult, m.group(0).strip())
    return None


def _looks_like_statement(text: str) -> bool:
    """"x € 1" only counts in a short unit line, not in a sentence that happens to match."""
    return len(text) < 60 and "bedrag" in text.lower()


def parse_unit_option(text: str) -> int:
    """`--unit` as people write it: 1000, 1.000, 1,000, 1.000.000, 1e3, € 1.000, duizend, miljoen.

    Raises ValueError for anything that is not one of the multipliers 1, 1.000, 1.000.000, 10^9: a unit
    that is silently read as something else is a figure 1.000 times off."""
    t = " ".join(text.strip().lower().replace("€", " ").replace("x", " ").split())
    t = t.removesuffix(",-").strip()
    if t in _OPTION_WORDS:
        return _OPTION_WORDS[t]
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+|\d+", t):
        value = int(re.sub(r"[.,]", "", t))
    elif re.fullmatch(r"\d+(?:\.\d+)?e\+?\d+", t):
        try:
            number = Decimal(t)
        except InvalidOperation:
            raise ValueError(f"not a unit: {text!r}") from None
        if number != number.to_integral_value():
            raise ValueError(f"not a unit: {text!r}")
        value = int(number)
    else:
        raise ValueError(f"not a unit: {text!r} (give 1000, 1.000, 1.000.000, 1e3, duizend or miljoen)")
    if value not in MULTIPLIERS:
        raise ValueError(f"not a unit: {text!r} (a unit is 1, 1.000, 1.000.000 or 1.000.000.000 euros)")
    return value
