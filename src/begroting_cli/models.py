"""The document model (pydantic v2). Everything the tool emits is one of these.

Money is exact: `value` is a Decimal in euros (JSON: an integer when whole, else a decimal string).
Every value keeps `raw`, the text as printed, and its `provenance`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import ConfigDict, Field, PlainSerializer

from .compact_model import CompactModel
from .normalise.numbers import Status
from .provenance import Provenance

SCHEMA_VERSION = "1.0"


def _decimal_out(value: Decimal | None) -> int | str | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


ExactNumber = Annotated[
    Decimal, PlainSerializer(_decimal_out, return_type=Union[int, str], when_used="json")
]


class _Model(CompactModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class DocumentKind(str, Enum):
    BEGROTING = "begroting"
    JAARREKENING = "jaarrekening"
    JAARVERSLAG = "jaarverslag"
    VOORJAARSNOTA = "voorjaarsnota"
    KADERNOTA = "kadernota"
    BESTUURSRAPPORTAGE = "bestuursrapportage"


class BodyKind(str, Enum):
    """What kind of public body publishes the document."""

    GEMEENTE = "gemeente"
    PROVINCIE = "provincie"
    WATERSCHAP = "waterschap"
    GEMEENSCHAPPELIJKE_REGELING = "gemeenschappelijke regeling"


class Scenario(str, Enum):
    """What a column's figures are: the tidy export's `scenario`."""

    REALISATIE = "realisatie"
    BEGROTING = "begroting"
    BEGROTING_NA_WIJZIGING = "begroting_na_wijziging"
    RAMING = "raming"
    NULMETING = "nulmeting"
    MIJLPAAL = "mijlpaal"
    STREEFWAARDE = "streefwaarde"
    VERSCHIL = "verschil"
    PERCENTAGE = "percentage"


class Location(_Model):
    """Where a diagnostic points: a line (and page), optionally an element, row and column."""

    line: int | None = None
    page: int | None = None
    element: int | None = None
    row: str | None = None
    column: str | None = None


class Diagnostic(_Model):
    code: str
    severity: Severity
    message: str
    location: Location = Field(default_factory=Location)


class Unit(_Model):
    """The scale of a table's amounts. `source` says how we know it."""

    multiplier: int
    raw: str | None = None
    source: Literal["table", "page", "document", "option", "inferred"]


class Value(_Model):
    raw: str
    value: ExactNumber | None = None
    status: Status
    unit: Literal["EUR", "%", ""] = ""
    marker: str | None = None
    note: str | None = None
    part: str | None = None  # for a cell holding several labelled figures ("Jeugd: 4.407")
    provenance: Provenance


class Column(_Model):
    label: str
    scenario: Scenario | None = None
    year: int | None = None
    part: str | None = None  # Lasten / Baten / Saldo under a year group, or gemeente / Nederland
    inferred: bool = False  # scenario inferred from the document kind and year


class EvidenceTerm(_Model):
    """One evidence term of the table scorer: its weight and its value (0..1) for the kept reading and the
    runner-up; the terms that decided come first."""

    name: str
    weight: ExactNumber
    chosen: ExactNumber
    runner_up: ExactNumber | None = None


class ParsingReport(_Model):
    """How sure the parser is of a table's structure: the kept reading's score (0..1), the best competing
    reading's, the margin between them (negative: an alternative scores higher, but was not adopted) and the
    evidence terms that decided. `begroting explain` shows every reading. Scores are exact decimals (4 places),
like every number of the model: JSON holds no floats."""

    reading: str
    score: ExactNumber
    runner_up: str | None = None
    runner_up_score: ExactNumber | None = None
    margin: ExactNumber | None = None
    readings: int = 1
    decisive: list[EvidenceTerm] = Field(default_factory=list)
    figures_left_out: int = 0


class FinancialRow(_Model):
    label: str
    group: str | None = None  # the main label when this row is a Lasten/Baten/Saldo part of it
    values: list[Value]
    section: bool = False  # a caption row without figures
    provenance: Provenance
    # Subtotal structure: indices (in this table's rows) of the rows this one sums. Filled by checks.
    sum_of: list[int] = Field(default_factory=list)


class FinancialTable(_Model):
    type: Literal["financial_table"] = "financial_table"
    title: str
    heading_path: list[str] = Field(default_factory=list)
    unit: Unit | None = None
    sign_convention: str | None = None
    columns: list[Column]
    rows: list[FinancialRow]
    footnotes: list[str] = Field(default_factory=list)
    lines: list[int]
    parsing: ParsingReport | None = None


class ComparisonItem(_Model):
    label: str | None  # Lasten / Baten, or None when printed without a label
    label_inferred: bool = False
    begroot: Value
    realisatie: Value
    afwijking: Value
    percentage: Value | None = None


class BudgetComparison(_Model):
    type: Literal["budget_comparison"] = "budget_comparison"
    title: str
    heading_path: list[str] = Field(default_factory=list)
    year: int | None = None
    unit: Unit | None = None
    items: list[ComparisonItem]
    lines: list[int]


class IndicatorRow(_Model):
    indicator: str
    subrow: str | None = None  # Mijlpaal / Realisatie, gemeente / Nederland
    number: str | None = None  # "Nr." column, BBV number "(22)"
    kind: Literal["bbv", "collegetarget", "overig"] | None = None
    unit: str | None = None  # "%", "per 1.000 inwoners", ...
    monitor: str | None = None
    peildatum: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)  # text columns: Periode, Bron, ...
    values: list[Value]
    provenance: Provenance


class IndicatorTable(_Model):
    type: Literal["indicator_table"] = "indicator_table"
    title: str
    heading_path: list[str] = Field(default_factory=list)
    columns: list[Column]
    rows: list[IndicatorRow]
    footnotes: list[str] = Field(default_factory=list)
    lines: list[int]
    parsing: ParsingReport | None = None


class ListItem(_Model):
    text: str
    marker: str
    group: str | None = None  # what the item is printed under: the item above it (nested), or a sub-heading
    level: int = 0
    provenance: Provenance


class ItemList(_Model):
    """A list. `title_path` names it: the heading path, the list's own heading line, and last the lead-in
    that introduces it (the line ending in ':' right above the items), so two lists under one heading
    keep two names."""

    type: Literal["list"] = "list"
    heading: str
    heading_path: list[str] = Field(default_factory=list)
    lead_in: str | None = None
    title_path: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    items: list[ListItem]
    lines: list[int]


class Heading(_Model):
    type: Literal["heading"] = "heading"
    text: str
    level: int
    lines: list[int]


class Paragraph(_Model):
    text: str
    provenance: Provenance


class TextBlock(_Model):
    type: Literal["text"] = "text"
    heading_path: list[str] = Field(default_factory=list)
    boilerplate: bool = False  # navigation ("Terug naar navigatie"), not content
    paragraphs: list[Paragraph]
    lines: list[int]


Element = Annotated[
    Union[FinancialTable, BudgetComparison, IndicatorTable, ItemList, Heading, TextBlock],
    Field(discriminator="type"),
]


class Source(_Model):
    name: str
    sha256: str
    format: Literal["text", "pdf", "html"]
    pages: int | None = None
    lines: int


class Body(_Model):
    """The body that publishes the document, as its own title, cover or colofon names it."""

    name: str
    kind: BodyKind | None = None


class Document(_Model):
    """A parsed budget document: metadata, elements in reading order, diagnostics."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    tool_version: str
    source: Source
    body: Body | None = None
    gemeente: str | None = None  # body.name where the body is a gemeente (kept for existing readers)
    document_kind: DocumentKind | None = None
    year: int | None = None
    unit: Unit | None = None
    elements: list[Element]
    diagnostics: list[Diagnostic] = Field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)
