"""Unit statements ("bedragen x € 1.000", "(in duizenden euro's)", "x €1 mln", "€ '000") and their scale,
and the `--unit` option as people write it ("1.000", "1e3", "duizend")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from ..lexicon import (UNIT_STATEMENTS as _PATTERNS, UNIT_WORDS as _WORDS, UNIT_STATEMENT_HINT as _ANY_STATEMENT,
                       SCALE_WORDS as _MILLION_WORDS, UNIT_OPTION_WORDS as _OPTION_WORDS)
from ..settings import SETTINGS


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
                    and (not bracketed or len(text) < SETTINGS.unit_bracket_line_max_chars):
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
