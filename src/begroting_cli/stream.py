"""The common stream every reader produces and every later stage consumes.

A reader (text, PDF, later HTML) turns a file into a `SourceDocument`: metadata plus a list of
`Line`s in reading order. Extractors see only this stream, so a table reads the same whether it
came from a text file or a PDF page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        object.__setattr__(self, "is_blank", not self.text.strip() and "\u00a0" not in self.text)


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
