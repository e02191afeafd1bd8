"""The validation report (pydantic) and its renderings: text for people, JSON, GitHub annotations, JUnit XML.

`api.validate()` builds a `Report`; the CLI only picks a renderer. Amounts in findings are euros (exact,
like the document model); `scale` is the table's unit multiplier, so `printed / scale` is the figure as it
stands on the page. The JSON rendering is the stable machine format: `schemas/report.schema.json`.
"""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Literal
from xml.etree import ElementTree as ET

from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console
from rich.markup import escape

from .version import __version__
from .models import ExactNumber, Severity

REPORT_SCHEMA_VERSION = "1.0"
SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Figure(_Model):
    """One printed figure that takes part in a relation, with where it is printed."""

    row: str
    column: str | None = None
    line: int | None = None
    page: int | None = None
    printed: str  # the text as printed
    value: ExactNumber | None = None  # euros (or percent)
    sign: Literal[1, -1] = 1  # how the figure enters the formula


class Finding(_Model):
    """A problem in one document: a check that failed, or a diagnostic of the parse."""

    code: str
    severity: Severity
    message: str
    origin: Literal["check", "parse"] = "check"
    check: str | None = None  # the check that reported it (None for parse diagnostics)
    file: str
    element: int | None = None
    table: str | None = None
    page: int | None = None
    line: int | None = None
    row: str | None = None
    column: str | None = None
    formula: str | None = None
    expected: ExactNumber | None = None
    printed: ExactNumber | None = None
    printed_raw: str | None = None  # the printed figure as text
    difference: ExactNumber | None = None  # printed - expected
    tolerance: ExactNumber | None = None  # the largest difference rounding explains
    unit: Literal["EUR", "%"] | None = None
    scale: int | None = None  # the table's unit multiplier: figures are printed in units of `scale`
    terms: list[Figure] = Field(default_factory=list)
    suspect: Figure | None = None  # a figure of this relation that also breaks another one: the likely misprint


class Relation(_Model):
    """An arithmetic relation that was checked (held or not). Kept for the library, not in the JSON."""

    check: str
    code: str
    element: int | None = None
    table: str | None = None
    formula: str
    target: Figure
    terms: list[Figure]
    expected: ExactNumber
    tolerance: ExactNumber
    unit: Literal["EUR", "%"] = "EUR"
    scale: int = 1
    # A row that repeats another's figure holds by construction: it shows no figure is right, so it
    # alone never makes a document checked.
    proves: bool = True

    @property
    def difference(self) -> Decimal:
        return Decimal(self.target.value or 0) - self.expected

    @property
    def holds(self) -> bool:
        return abs(self.difference) <= self.tolerance


class CheckSummary(_Model):
    """How one check went on one element (a table, a block) or on the whole document (element None)."""

    check: str
    element: int | None = None
    table: str | None = None
    relations: int = 0  # relations verified
    findings: int = 0


class Counts(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0

    @classmethod
    def of(cls, findings: list[Finding]) -> Counts:
        return cls(**{s.value: sum(1 for f in findings if f.severity is s) for s in Severity})


class DocumentReport(_Model):
    file: str  # the input as given (a path), or the source name for a Document
    source: str  # the source document's name
    sha256: str
    gemeente: str | None = None
    document_kind: str | None = None
    year: int | None = None
    valid: bool  # no finding of severity error, and at least one relation checked
    unchecked: bool = False  # no relation could be checked: nothing shows the figures are right
    counts: Counts
    checks: list[CheckSummary] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list, exclude=True)


class Report(_Model):
    """The result of `validate`: one DocumentReport per input."""

    schema_version: Literal["1.0"] = REPORT_SCHEMA_VERSION
    tool_version: str = __version__
    valid: bool = True
    counts: Counts = Field(default_factory=Counts)
    codes: dict[str, int] = Field(default_factory=dict)  # findings per code, most frequent first
    documents: list[DocumentReport] = Field(default_factory=list)

    @classmethod
    def of(cls, documents: list[DocumentReport]) -> Report:
        findings = [f for d in documents for f in d.findings]
        codes = dict(sorted(Counter(f.code for f in findings).items(), key=lambda kv: (-kv[1], kv[0])))
        return cls(valid=all(d.valid for d in documents), counts=Counts.of(findings), codes=codes,
                   documents=documents)

    def filtered(self, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Report:
        """Only the findings whose code matches a `select` pattern (all when none), minus those matching an
        `ignore` pattern; patterns are codes or globs (`subtotal-*`). Validity and counts follow."""
        def keep(code: str) -> bool:
            chosen = not select or any(fnmatchcase(code, p) for p in select)
            return chosen and not any(fnmatchcase(code, p) for p in ignore)

        documents = []
        for d in self.documents:
            findings = [f for f in d.findings if keep(f.code)]
            documents.append(d.model_copy(update={
                "findings": findings, "counts": Counts.of(findings),
                "valid": not any(f.severity is Severity.ERROR for f in findings)}))
        return Report.of(documents)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def relations(self) -> list[Relation]:
        return [r for d in self.documents for r in d.relations]

    def fails(self, fail_on: Severity = Severity.ERROR) -> bool:
        """True when a finding is at or above `fail_on` (the CLI's exit code 1)."""
        return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in self.findings)


# --- numbers as printed ------------------------------------------------------------------------------------------

def dutch(value: Decimal | None, scale: int | None = 1, *, unit: str | None = "EUR") -> str:
    """A euro amount in the table's printed units, the Dutch way: 2661000 at scale 1000 -> '2.661'."""
    if value is None:
        return "-"
    v = Decimal(value) / Decimal(scale or 1)
    if unit == "%":
        v = v.quantize(Decimal("0.01")).normalize() if v != v.to_integral_value() else v
    sign = "-" if v < 0 else ""
    v = abs(v)
    whole = int(v)
    frac = v - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        digits = format(frac.normalize(), "f").split(".")[1]
        text += "," + digits
    return f"{sign}{text}{'%' if unit == '%' else ''}"


def scale_text(scale: int | None) -> str:
    return f"x €{dutch(Decimal(scale))}" if scale and scale != 1 else "€"


# --- renderers ---------------------------------------------------------------------------------------------------

def _where(f: Finding) -> str:
    parts = [f.file]
    if f.page is not None:
        parts.append(f"p{f.page}")
    if f.line is not None:
        parts.append(str(f.line))
    return ":".join(parts)


def _figures_line(f: Finding) -> str | None:
    """Difference and tolerance in the table's printed units (the message has expected and printed)."""
    if f.difference is None or f.tolerance is None:
        return None
    unit = f.unit or "EUR"
    scale = f.scale if unit == "EUR" else 1
    what = " points" if unit == "%" else f" ({scale_text(scale)})"
    return (f"difference {dutch(f.difference, scale, unit=unit)}, tolerance {dutch(f.tolerance, scale, unit=unit)}"
            f"{what}")


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_text(report: Report, *, fail_on: Severity = Severity.ERROR, color: bool = False, width: int = 110) -> str:
    """A report for people: per document a summary line, then each finding as `file:line: severity [code]`."""
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                  soft_wrap=True, emoji=False)
    for doc in report.documents:
        meta = " ".join(str(x) for x in (doc.gemeente, doc.document_kind, doc.year) if x)
        relations = sum(c.relations for c in doc.checks)
        state = "[green]valid[/]" if doc.valid else ("[bold red]unchecked[/]" if doc.unchecked else
                                                     "[bold red]invalid[/]")
        con.print(f"[bold]{escape(doc.file)}[/]" + (f" ({escape(meta)})" if meta else "") + f": {state}, "
                  f"{doc.counts.error} error(s), {doc.counts.warning} warning(s), {doc.counts.info} info; "
                  f"{relations} relation(s) checked")
        order = sorted(doc.findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.line or 0))
        for f in order:
            con.print(f"  {escape(_where(f))}: [{_STYLE[f.severity]}]{f.severity.value}[/] "
                      f"[bold]\\[{escape(f.code)}][/] {escape(f.message)}")
            figures = _figures_line(f)
            if figures:
                con.print(f"      {escape(figures)}")
            for t in f.terms:
                sign = "-" if t.sign < 0 else "+"
                where = f"line {t.line}" if t.line is not None else ""
                con.print(f"      {sign} {escape(t.row)} [{escape(t.column or '')}] {escape(t.printed)}  {where}",
                          markup=False)
    if report.codes:
        con.print("by code: " + ", ".join(f"{escape(code)} {n}" for code, n in report.codes.items()), markup=False)
    failing = sum(1 for f in report.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on])
    con.print(f"{len(report.documents)} document(s): {report.counts.error} error(s), "
              f"{report.counts.warning} warning(s), {report.counts.info} info; "
              f"{failing} at or above --fail-on {fail_on.value}")
    return buf.getvalue()


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(report: Report) -> str:
    """GitHub workflow commands: `::error file=PATH,line=N,title=CODE::message` (warning/notice below).

    A PDF has no lines GitHub can show: its findings name the page in the title and the message instead."""
    out = []
    for f in report.findings:
        props = [f"file={_gh_escape(f.file, prop=True)}"]
        is_pdf = f.file.lower().endswith(".pdf")
        if f.line is not None and not is_pdf:
            props.append(f"line={f.line}")
        title = f.code + (f" (page {f.page})" if f.page is not None else "")
        props.append(f"title={_gh_escape(title, prop=True)}")
        message = (f"page {f.page}: " if f.page is not None else "") + f.message
        figures = _figures_line(f)
        if figures:
            message += f"; {figures}"
        out.append(f"::{_GH_LEVEL[f.severity]} {','.join(props)}::{_gh_escape(message)}")
    return "".join(line + "\n" for line in out)


def _finding_text(f: Finding) -> str:
    lines = [f"{_where(f)}: {f.severity.value} [{f.code}] {f.message}"]
    figures = _figures_line(f)
    if figures:
        lines.append(f"    {figures}")
    for t in f.terms:
        lines.append(f"    {'-' if t.sign < 0 else '+'} {t.row} [{t.column or ''}] {t.printed}"
                     + (f" (line {t.line})" if t.line is not None else ""))
    return "\n".join(lines)


def render_junit(report: Report, *, fail_on: Severity = Severity.ERROR) -> str:
    """JUnit XML: one testsuite per document, one testcase per check and table; failures for findings at or
    above `fail_on` (lower ones are listed in the testcase's system-out)."""
    root = ET.Element("testsuites", name="begroting validate")
    total_tests = total_failures = 0
    for doc in report.documents:
        suite = ET.SubElement(root, "testsuite", name=doc.file)
        cases: dict[tuple[str, int | None], tuple[str, list[Finding]]] = {}
        names: Counter[str] = Counter()

        def case_name(check: str, table: str | None, element: int | None) -> str:
            """'check: table title', numbered when a title repeats: stable when other tables come and go."""
            base = check + (f": {table or 'table'}" if element is not None else "")
            names[base] += 1
            return base if names[base] == 1 else f"{base} ({names[base]})"

        for c in doc.checks:
            cases[(c.check, c.element)] = (case_name(c.check, c.table, c.element), [])
        parse_findings = [f for f in doc.findings if f.origin == "parse"]
        for f in doc.findings:
            if f.origin == "parse":
                continue
            key = (f.check or f.code, f.element)
            if key not in cases:
                cases[key] = (case_name(key[0], f.table, f.element), [])
            cases[key][1].append(f)
        cases[("parse", None)] = ("parse diagnostics", parse_findings)
        failures = 0
        for name, findings in cases.values():
            case = ET.SubElement(suite, "testcase", classname=doc.file, name=name)
            failing = [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]]
            other = [f for f in findings if f not in failing]
            if failing:
                failures += 1
                fail = ET.SubElement(case, "failure", type=failing[0].code,
                                     message=f"{len(failing)} finding(s): " + "; ".join(
                                         sorted({f.code for f in failing})))
                fail.text = "\n".join(_finding_text(f) for f in failing)
            if other:
                ET.SubElement(case, "system-out").text = "\n".join(_finding_text(f) for f in other)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += len(cases)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render(report: Report, fmt: str, *, fail_on: Severity = Severity.ERROR, color: bool = False) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "github":
        return render_github(report)
    if fmt == "junit":
        return render_junit(report, fail_on=fail_on)
    return render_text(report, fail_on=fail_on, color=color)


def report_schema() -> dict:
    """The JSON Schema of `--format json` (serialization mode: what we emit)."""
    from .schema import model_schema  # noqa: PLC0415

    return model_schema(Report, "report.schema.json")


def report_schema_json() -> str:
    from .schema import schema_json  # noqa: PLC0415

    return schema_json(report_schema())
