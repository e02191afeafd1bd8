"""The one raw form every table layout reduces to: header texts, and rows of label parts and printed value
cells with their lines. Types only, so that each layout's reader (`rawtable`, `pdf_rawtable`) imports them
without importing the others."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..segment import Block
from ..segment import Cell as ParaCell
from ..stream import Line


@dataclass
class RawValue:
    raw: str
    line: Line
    x1: float | None = None  # right edge on the page (PDF): amounts are right-aligned under their column


@dataclass
class RawRow:
    labels: list[str]
    values: list[RawValue]
    line: Line
    number: str | None = None  # "Nr." cell
    glued: str | None = None  # the unsplit text of a glued row
    section: bool = False
    measure: str | None = None  # a unit cell after the figures ("31.868" / "ha")


@dataclass
class RawTable:
    layout: str  # pipe | rows | cells | grid | soort
    header_cells: list[str]
    parts: list[str] = field(default_factory=list)
    corner: list[str] = field(default_factory=list)
    unit_lines: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    grid_width: int | None = None
    x_columns: list[str] | None = None  # column labels built from word positions (PDF)
    header_right: list[float] | None = None  # right edges of the header's year cells (PDF)
    body: list[ParaCell] = field(default_factory=list)
    column_dates: list[str] = field(default_factory=list)  # a header line of dates, one per column
    block: Block | None = None
