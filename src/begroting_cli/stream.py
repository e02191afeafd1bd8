"""The common stream every reader produces and every later stage consumes.

A reader (text, PDF, later HTML) turns a file into a `SourceDocument`: metadata plus a list of
`Line`s in reading order. Extractors see only this stream, so a table reads the same whether it
came from a text file or a PDF page.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from enum import Enum


class Format(str, Enum):
    TEXT = "text"
    PDF = "pdf"
    HTML = "html"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class Cell:
    """A run of words on one line separated from its neighbours by a wide gap (PDF), or a `|` cell."""

    text: str
    x0: float | None = None
    x1: float | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source.

    `number` is the 1-based index in the stream (for text: the file line). `text` is the line as
    printed (no trailing newline; U+00A0 kept, it can mean an empty cell). `cells` is set where the
    reader knows cell boundaries (PDF word gaps); None means "unknown, split the text yourself".
    `size` and `bold` carry the font for headings in PDF input.
    """

    number: int
    text: str
    page: int | None = None
    page_label: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    cells: tuple[Cell, ...] | None = None
    size: float | None = None
    bold: bool = False
    heading_level: int | None = None
    # Word boxes (text, x0, x1) where the reader has them (PDF): header words are placed on columns by
    # x-position. Plain tuples: a 137-page PDF has ~50,000 words.
    words: tuple[tuple[str, float, float], ...] | None = None
    # PDF: a drawn horizontal rule separates this line from the one above (a ruled table's row border).
    rule_above: bool = False
    # HTML: the element's CSS-like path and the source line it starts on.
    html_path: str | None = None
    source_line: int | None = None
    # Worked out once: every detector of the segmenter asks it about the lines around each line.
    is_blank: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_blank", _blank(self.text))


def _blank(text: str) -> bool:
    return not text.strip() and "\u00a0" not in text


# Every field `Line(number, text)` leaves at its default, with the slot's own setter (which a frozen class's
# __setattr__ does not stand in front of).
_DEFAULTS = [(getattr(Line, f.name).__set__, f.default) for f in fields(Line) if f.init and f.name not in ("number", "text")]
assert all(default is not MISSING for _, default in _DEFAULTS), "plain_lines: a Line field without a plain default"
_SET_NUMBER, _SET_TEXT, _SET_BLANK = Line.number.__set__, Line.text.__set__, Line.is_blank.__set__  # type: ignore[attr-defined]


def plain_lines(texts: list[str]) -> list[Line]:
    """`[Line(i, t) for i, t in enumerate(texts, start=1)]` (a plain text's stream) at two thirds of the cost:
    the slots are set directly rather than through the frozen dataclass's __init__ and __post_init__
    (a text has ~65,000 lines per MB)."""
    new = object.__new__
    out = []
    for i, t in enumerate(texts, start=1):
        ln = new(Line)
        _SET_NUMBER(ln, i)
        _SET_TEXT(ln, t)
        for set_slot, default in _DEFAULTS:
            set_slot(ln, default)
        _SET_BLANK(ln, _blank(t))
        out.append(ln)
    return out


@dataclass(slots=True)
class SourceDocument:
    """What a reader returns: the stream plus facts about the file."""

    name: str
    sha256: str
    format: Format
    lines: list[Line]
    pages: int | None = None
    page_labels: dict[int, str] = field(default_factory=dict)
    # Pages the reader could not read text from (scans, broken fonts): (page, reason).
    unreadable_pages: list[tuple[int, str]] = field(default_factory=list)
    # Reader-level remarks that become diagnostics: (code, severity, message, page).
    notes: list[tuple[str, str, str, int | None]] = field(default_factory=list)
