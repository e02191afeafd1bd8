"""The diff result: what `begroting_cli.diff` returns and every `--format` renders.

Stable for scripts (`schemas/diff.schema.json`): money exact (Decimal in euros, a JSON integer when
whole, else a decimal string), similarity scores rounded to three decimals, lists in document order.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..models import ExactNumber

DIFF_SCHEMA_VERSION = "1.0"

ElementKind = Literal["financial_table", "indicator_table", "budget_comparison", "list"]
Status = Literal["matched", "added", "removed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentRef(_Model):
    """One side of the diff: the file as given and what the parse found out about it."""

    file: str
    name: str
    sha256: str
    gemeente: str | None = None
    document_kind: str | None = None
    year: int | None = None


class Place(_Model):
    """An element on one side: its index among the document's elements, title, first page and line."""

    element: int
    title: str
    heading_path: list[str] = Field(default_factory=list)
    page: int | None = None
    line: int | None = None


class ColumnPair(_Model):
    """A column of the old table against one of the new, or a column only one side has.

    `transition` names how the figures' kind moved for the same year: `same` (a restatement when
    they differ), `raming->begroting`, `begroting->realisatie`, ...; None for columns without a kind.
    """

    status: Status
    old: str | None = None
    new: str | None = None
    year: int | None = None
    part: str | None = None
    old_scenario: str | None = None
    new_scenario: str | None = None
    transition: str | None = None
    # A second pairing: this (year, part) is already paired, and the column of another kind is compared with
    # that pair's column too (a begroting against both the begroting na wijziging and the realisatie).
    also: bool = False


class RowChange(_Model):
    """A row (or indicator) that was renamed, or that only one side has."""

    status: Literal["renamed", "added", "removed"]
    old_row: str | None = None
    old_subrow: str | None = None
    new_row: str | None = None
    new_subrow: str | None = None
    similarity: float | None = None  # label similarity of a renamed pair (0..1)
    old_page: int | None = None
    new_page: int | None = None


class Figure(_Model):
    """One side of a changed cell, as printed and as read."""

    column: str
    scenario: str | None = None
    raw: str
    value: ExactNumber | None = None
    status: str
    page: int | None = None
    line: int | None = None


class FigureChange(_Model):
    """A cell whose figure differs between the documents (beyond --threshold).

    `kind`: `restated` (same scenario and year in both), `realised` (a plan figure against the
    realisatie), `revised` (raming -> begroting, begroting -> begroting na wijziging), `changed`
    (columns without a kind). `delta` = new - old; `relative` = delta / |old| (a fraction, 4 decimals).
    """

    row: str
    subrow: str | None = None
    old_row: str | None = None  # the old label when the row was renamed
    year: int | None = None
    part: str | None = None
    kind: Literal["restated", "realised", "revised", "changed"]
    old: Figure
    new: Figure
    delta: ExactNumber | None = None
    relative: ExactNumber | None = None
    unit: str = ""


class TableDiff(_Model):
    """A financial table, indicator table or begroot/realisatie block: its match and its differences."""

    status: Status
    element: ElementKind
    score: float | None = None  # match score (0..1) of a matched pair
    old: Place | None = None
    new: Place | None = None
    differs: bool
    # The tables' unit multipliers when they differ (1000 against 1): a unit read differently, or changed.
    # The figures of such a pair are compared as printed (`unit` of each change is then empty).
    old_unit: int | None = None
    new_unit: int | None = None
    columns: list[ColumnPair] = Field(default_factory=list)
    rows_matched: int = 0
    rows: list[RowChange] = Field(default_factory=list)
    figures_compared: int = 0
    below_threshold: int = 0
    changes: list[FigureChange] = Field(default_factory=list)


class ItemChange(_Model):
    status: Literal["reworded", "added", "removed"]
    old: str | None = None
    new: str | None = None
    similarity: float | None = None  # of a reworded pair (0..1)
    old_page: int | None = None
    new_page: int | None = None


class ListDiff(_Model):
    """A list of priorities, goals or measures: its match and the items added, removed or reworded."""

    status: Status
    element: Literal["list"] = "list"
    score: float | None = None
    old: Place | None = None
    new: Place | None = None
    differs: bool
    items_matched: int = 0
    items: list[ItemChange] = Field(default_factory=list)


class DiffCounts(_Model):
    tables_matched: int = 0
    tables_added: int = 0
    tables_removed: int = 0
    columns_matched: int = 0
    columns_unmatched: int = 0
    rows_matched: int = 0
    rows_renamed: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    figures_compared: int = 0
    figures_changed: int = 0
    restated: int = 0
    below_threshold: int = 0
    lists_matched: int = 0
    lists_added: int = 0
    lists_removed: int = 0
    items_reworded: int = 0
    items_added: int = 0
    items_removed: int = 0


class DocumentDiff(_Model):
    """Two documents compared. `differs` is what the exit code says (1 when true)."""

    schema_version: Literal["1.0"] = DIFF_SCHEMA_VERSION
    tool_version: str
    old: DocumentRef
    new: DocumentRef
    threshold: str | None = None
    differs: bool
    counts: DiffCounts
    tables: list[TableDiff]
    lists: list[ListDiff]
