"""Dutch numbers to Decimal, never float.

"1.020" is one thousand and twenty, "8,7%" is 8.7 percent; a few tables use "." as the decimal
mark ("7.8" as a report mark), recognised because a thousands group always has three digits.
Negatives come as "-12", "–12", "−12", "- 12", "12-" (trailing), "(12)" or "-/- 12". "n.v.t.",
"niet bekend", "-" and empty cells are states, never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

from ..errors import NumberFormatError


class Status(str, Enum):
    OK = "ok"
    EMPTY = "empty"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


NBSP = "\u00a0"
_DASHES = "-\u2013\u2014\u2212"  # hyphen, en dash, em dash, minus sign
_NOT_APPLICABLE = {"n.v.t.", "n.v.t", "nvt", "nvt.", "n.v.t.*", "niet van toepassing", "n.a.", "n/a"}
_UNKNOWN = {"niet bekend", "nog niet bekend", "n.b.", "n.b", "nb", "n.n.b.", "n.n.b", "nnb",
            "onbekend", "?", "nog niet beschikbaar", "niet beschikbaar", "volgt", "p.m.", "pm"}
_NIL = {"", "-", "\u2013", "\u2014", "\u2212", ".", "..", "--", "x", "*"}
MAX_DIGITS = 20  # exact well within Decimal's 28-digit context, even after x 1.000.000
_MARKERS = {"N", "V", "n", "v"}  # nadeel / voordeel

# The numeric core: digits with optional "." or "," groups, e.g. 1.234.567,89 or 7.8 or 0,3.
_CORE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(
    rf"^(?P<neg>-/-\s*|[{_DASHES}]\s?)?(?P<cur>€\s?)?(?P<neg2>[{_DASHES}]\s?)?"
    rf"(?P<num>{_CORE})(?P<trail>[{_DASHES}])?\s?(?P<pct>%)?$"
)
_PAREN = re.compile(r"^\((?P<inner>[^()]+)\)$")
_NOTE = re.compile(r"^(?P<head>.*?\S)\s*(?P<note>\((?:[^()]*)\)|\*+|#)$")


@dataclass(frozen=True, slots=True)
class CellValue:
    """A parsed cell: the number (None for states), how it was written, and what was around it."""

    raw: str
    value: Decimal | None
    status: Status
    percent: bool = False
    currency: bool = False
    marker: str | None = None  # "N"/"V" printed with the amount
    note: str | None = None  # "(peildatum juni 2017)", "(3)", "*"
    decimal_point: bool = False  # "." used as the decimal mark
    nil: bool = False  # printed "-": nothing, which is not the same as zero

    @property
    def is_number(self) -> bool:
        return self.value is not None


def _core_to_decimal(core: str) -> tuple[Decimal, bool]:
    """Returns the value and whether "." served as the decimal mark."""
    if "," in core:
        return Decimal(core.replace(".", "").replace(",", ".")), False
    if "." in core:
        groups = core.split(".")
        if all(len(g) == 3 for g in groups[1:]) and groups[0] and len(groups[0]) <= 3:
            return Decimal(core.replace(".", "")), False
        return Decimal(core), True
    return Decimal(core), False


def parse_number(text: str) -> CellValue:
    """Parse one printed number; raises NumberFormatError when the text is not one."""
    s = " ".join(text.replace(NBSP, " ").split())
    marker = None
    parts = s.split(" ")
    if len(parts) == 2 and parts[0] in _MARKERS:
        marker, s = parts[0].upper(), parts[1]
    elif len(parts) == 2 and parts[1] in _MARKERS:
        marker, s = parts[1].upper(), parts[0]
    paren = _PAREN.match(s)
    negative = False
    if paren and _NUMBER.match(paren.group("inner").strip()):
        s, negative = paren.group("inner").strip(), True
    m = _NUMBER.match(s)
    if not m:
        raise NumberFormatError(f"not a number: {text!r}")
    try:
        value, decimal_point = _core_to_decimal(m.group("num"))
    except InvalidOperation:
        raise NumberFormatError(f"not a number: {text!r}") from None
    signs = sum(1 for g in ("neg", "neg2", "trail") if m.group(g))
    if signs > 1:
        raise NumberFormatError(f"two signs in one number: {text!r}")
    if signs:
        negative = not negative
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise NumberFormatError(f"more than {MAX_DIGITS} digits, not an amount: {text!r}")
    if negative:
        value = value.copy_negate()
    return CellValue(raw=text, value=value, status=Status.OK, percent=bool(m.group("pct")),
                     currency=bool(m.group("cur")), marker=marker, decimal_point=decimal_point)


def parse_cell(text: str) -> CellValue:
    """Parse a table cell into a number or an explicit state; text that is neither raises."""
    s = " ".join(text.replace(NBSP, " ").split())
    low = s.lower()
    if low in _NIL:
        return CellValue(raw=text, value=None, status=Status.EMPTY, nil=bool(s))
    if low in _NOT_APPLICABLE or low.rstrip("*") in _NOT_APPLICABLE:
        return CellValue(raw=text, value=None, status=Status.NOT_APPLICABLE)
    if low in _UNKNOWN or low.rstrip(".") in _UNKNOWN or low.rstrip("*") in _UNKNOWN:
        return CellValue(raw=text, value=None, status=Status.UNKNOWN)
    try:
        return parse_number(s)
    except NumberFormatError:
        pass
    note = _NOTE.match(s)
    if note:
        inner = parse_cell(note.group("head"))
        return CellValue(raw=text, value=inner.value, status=inner.status, percent=inner.percent,
                         currency=inner.currency, marker=inner.marker, note=note.group("note"),
                         decimal_point=inner.decimal_point, nil=inner.nil)
    raise NumberFormatError(f"not a number: {text!r}")


@lru_cache(maxsize=65536)
def try_parse_cell(text: str) -> CellValue | None:
    """parse_cell, or None for text. Cached: pure, and the segmenter asks about the same cells often."""
    try:
        return parse_cell(text)
    except NumberFormatError:
        return None


def is_value_token(token: str) -> bool:
    """A whitespace-free token that can stand for a whole cell: a number, a state or a nil dash."""
    return try_parse_cell(token) is not None


def format_dutch(value: Decimal) -> str:
    """The inverse of parse_number for tests and messages: Decimal -> "-1.234,5"."""
    sign = "-" if value < 0 else ""
    q = value.copy_abs()
    text = format(q, "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"
