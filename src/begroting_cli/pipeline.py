"""Source document -> Document: segment, extract per block kind, resolve units, infer column kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .version import __version__
from .relations import annotate
from .extract.comparison import build_comparison
from .extract.diagnostics import Diagnostics
from .extract.lists import build_lists
from .extract.metadata import Overrides, detect_metadata
from .extract.narrative import build_text
from .extract.parsing_report import TableExplanation, attach_reports
from .extract.pdf_grid import find_grids
from .extract.rawtable import RawRow, RawTable, from_block
from .extract.unit_scope import Pending, margin_lines, margin_unit, page_units, repeated_header, resolve
from .extract.tables import (TableContext, build_financial, build_indicators, looks_like_indicators,
                             sign_convention, stated_unit)
from .models import (BodyKind, BudgetComparison, Document, DocumentKind, FinancialTable, Heading, Scenario, Source, TextBlock,
                     Unit)
from .normalise.numbers import try_parse_cell
from .magnitude import PUBLIC_BODY_MAX, document_bound, excesses, is_total_row, thousands
from .normalise.units import find_unit
from .segment import Block, segment, stray_figures
from .stream import Format, Line, SourceDocument
from .lexicon import YEARLESS_COLUMN as _YEARLESS, TABLE_CAPTION as _CAPTION
from .settings import SETTINGS

TABLE_KINDS = {"pipe_table", "row_table", "cell_table"}
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_EURO_AMOUNT = re.compile(r"€\s?(\d{1,3}(?:\.\d{3})+)(?![\d,])")


def build_document(src: SourceDocument, *, unit: int | None = None, overrides: Overrides | None = None,
                   explain: list[TableExplanation] | None = None, consume: bool = False) -> Document:
    """`explain`: a list that receives every table's scored readings (`begroting explain`). `consume`: the
    caller hands `src` over and reads it no more (`api.parse`): its lines are let go of as the blocks after
    them are built (a long text's line stream is otherwise held whole until the model is complete)."""
    diags = Diagnostics()
    for code, severity, message, page in src.notes:
        diags.add(code, severity, message, None)
        if page is not None:
            diags[-1].location.page = page
    if src.unreadable_pages:
        pages = ", ".join(str(p) for p, _ in src.unreadable_pages)
        diags.add("pdf-no-text", "error", f"no usable text layer on page(s) {pages} (scanned, or fonts without "
                  f"ToUnicode); no figures were read from them", None)
        diags[-1].location.page = src.unreadable_pages[0][0]
    blocks = segment(src.lines, find_grids)
    body, kind, year = detect_metadata(src.lines, overrides)
    doc_unit = _document_unit(src)
    option_unit = Unit(multiplier=unit, raw=f"--unit {unit}", source="option") if unit else None
    euro_proofs = _euro_proofs(_euro_amounts(src, blocks))
    table_lines = {ln.number for b in blocks if b.kind in TABLE_KINDS for ln in b.lines}
    scoped = Scope(option_unit, page_units(src.lines, table_lines), doc_unit)
    pending: list[Pending] = []

    strays = stray_figures(blocks)  # read up front: the loop lets go of each block once its elements are built
    elements: list = []
    by_index = _lines_by_index(src.lines)
    texts = [ln.text for ln in src.lines]  # what is read of the lines after the loop
    # Lines this far above a block are never read again: every later block starts below it, and a table
    # looks above its first line for its caption and unit only within `unit_margin_scan` lines.
    behind, look_back = 0, max(6, SETTINGS.unit_margin_scan) + 1
    release = consume and by_index is src.lines
    blocks.reverse()
    while blocks:
        block = blocks.pop()  # in reading order; its lines, cells and tokens are freed with the next one
        index = len(elements)
        if release:
            for k in range(behind, max(behind, block.first - 1 - look_back)):
                src.lines[k] = None  # type: ignore[call-overload]
            behind = max(behind, block.first - 1 - look_back)
        if block.kind in TABLE_KINDS:
            raw = from_block(block)  # read here, not all up front: each raw table is freed once its table is built
            before = [ln.text for ln in src.lines[max(0, block.first - 6):block.first - 1] if ln.text.strip()]
            margin = margin_lines(src.lines, block.first, block.lines[-1].number, table_lines)
            built = _table(block, raw, index, scoped, diags, before[-3:], euro_proofs, pending, margin)
            attach_reports(raw, built, index, block.lines[0], diags, explain)
            elements.extend(built)
        elif block.kind == "comparison":
            elements.append(build_comparison(block, src.lines, diags, index, year))
        elif block.kind == "list":
            elements.extend(build_lists(block, by_index))
        elif block.kind == "heading":
            elements.append(Heading(text=block.lines[0].text.strip(), level=block.data.get("level", 2),
                                    lines=[block.lines[0].number]))
        else:
            _append_text(elements, build_text(block, joined=src.format is Format.PDF))
    block = raw = None
    tables = [(k, el) for k, el in enumerate(elements) if isinstance(el, FinancialTable)]
    stated = [t for _, t in tables if t.unit is not None]
    pending = repeated_header(pending, elements, texts, diags)
    source = Source(name=src.name, sha256=src.sha256, format=src.format.value, pages=src.pages, lines=len(src.lines))
    # The line stream is read no further: where the caller handed it over (`api.parse`), the rest of it is
    # freed here, before the relations below add to the model.
    del src, by_index, texts
    resolve(pending, stated, document_bound(stated), diags)
    _magnitude_warnings(tables, diags)
    for line, count in strays:
        diags.add("figures-outside-table", "warning", f"{count} lines of figures were read as text, not as a "
                  f"table: their layout was not recognised", line)
    _scale_comparisons(elements, diags, option_unit)
    _infer_column_kinds(elements, kind, year, diags)
    doc = Document(tool_version=__version__,
                    source=source,
                    body=body, gemeente=body.name if body and body.kind is BodyKind.GEMEENTE else None,
                    document_kind=kind, year=year,
                    unit=doc_unit if doc_unit and doc_unit.source == "document" else None,
                    elements=elements, diagnostics=list(diags))
    annotate(doc)  # subtotal structure (FinancialRow.sum_of), inferred from the figures
    return doc


def _lines_by_index(lines: list[Line]) -> list[Line] | dict[int, Line]:
    """Line number - 1 -> line: the stream itself where it is numbered 1, 2, 3, ... (every reader numbers it
    so), without a dict of its own (a long text has ~65,000 lines per MB)."""
    if all(ln.number == k for k, ln in enumerate(lines, start=1)):
        return lines
    return {ln.number - 1: ln for ln in lines}


def _append_text(elements: list, block: TextBlock) -> None:
    """Consecutive text runs under the same heading form one block."""
    last = elements[-1] if elements else None
    if isinstance(last, TextBlock) and last.heading_path == block.heading_path and last.boilerplate == block.boilerplate:
        last.paragraphs.extend(block.paragraphs)
        last.lines.extend(block.lines)
    else:
        elements.append(block)


def _title(block: Block, raw: RawTable, before: list[str] | None = None) -> str:
    """The table's own caption: a "Tabel 1.2 ..." line just above it, else the nearest heading,
    plus its corner cell."""
    near = [*(before or [])[-2:], block.lines[0].text]  # the caption may carry the unit: then it is the block's
    caption = next((" ".join(t.split()) for t in reversed(near) if _CAPTION.match(t)), None)
    parts = [caption] if caption else list(block.heading_path[-1:])
    corner = [" ".join(c.split()) for c in raw.corner if not find_unit(c) or len(c) > 30]
    if raw.layout == "pipe" and corner:
        return corner[0]
    if corner and corner[0] not in parts:
        parts.append(corner[0])
    return " - ".join(parts) or "Tabel"


def _document_unit(src: SourceDocument) -> Unit | None:
    """A unit stated for the whole document ("Alle bedragen in dit document zijn x € 1.000")."""
    for ln in src.lines[:400]:
        if "alle bedragen" in ln.text.lower() or "bedragen in dit document" in ln.text.lower():
            u = find_unit(ln.text)
            if u:
                return Unit(multiplier=u.multiplier, raw=u.raw, source="document")
    return None


@dataclass
class Scope:
    """The units stated outside a table, innermost first: the option, per page, for the document."""

    option: Unit | None
    pages: dict[int, Unit]
    document: Unit | None

    def unit_for(self, line: Line) -> Unit | None:
        if self.option is not None:
            return self.option
        if line.page is not None and line.page in self.pages:
            return self.pages[line.page]
        return self.document


def _magnitude_warnings(tables: list[tuple[int, FinancialTable]], diags: Diagnostics) -> None:
    """Figures above the document's largest total: a wrong unit, or a misread cell (one warning per table)."""
    by_table: dict[int, list] = {}
    for e in excesses(tables):
        by_table.setdefault(e.element, []).append(e)
    for k, found in by_table.items():
        e = found[0]
        diags.add("implausible-magnitude", "warning", f"table '{e.table}': {len(found)} figure(s) exceed the "
                  f"document's largest total ({thousands(e.bound)} euros), e.g. '{e.row}' [{e.column}] "
                  f"{e.value.raw} read as {thousands(e.value.value)} euros: the unit is probably wrong", None,
                  row=e.row, column=e.column, element=k)
        diags[-1].location.line = e.value.provenance.line
        diags[-1].location.page = e.value.provenance.page


def _largest_figure(raw: RawTable) -> Decimal | None:
    nums = [abs(cv.value) for r in raw.rows for x in r.values if (cv := try_parse_cell(x.raw)) and cv.value
            and not cv.percent]
    return max(nums, default=None)


def _row_largest(row: RawRow) -> Decimal:
    return max((abs(cv.value) for x in row.values if (cv := try_parse_cell(x.raw)) and cv.value and not cv.percent),
               default=Decimal(0))


def _memo_rows_out_of_scale(raw: RawTable, own: Unit, title: str, index: int, diags: Diagnostics) -> None:
    """Rows below a table's closing total whose figures the stated unit makes larger than any public
    body's budget ("Buiten de balans ... borgstellingen" printed in euros under "x € 1.000"): the unit
    fits every row above, so it is theirs that is in doubt. Those rows leave the table, with a warning,
    rather than taking the unit away from the rows that fit it."""
    fits = [_row_largest(r) * own.multiplier <= PUBLIC_BODY_MAX for r in raw.rows]
    cut = len(fits)
    while cut > 0 and not fits[cut - 1]:
        cut -= 1
    if cut == len(fits) or not all(fits[:cut]) or cut < SETTINGS.memo_rows_min_before \
            or not is_total_row(" ".join(raw.rows[cut - 1].labels)):
        return
    for row in raw.rows[cut:]:
        label = " ".join(row.labels)
        diags.add("row-out-of-scale", "warning", f"table '{title}': row '{label}' after the total prints "
                  f"{' | '.join(x.raw for x in row.values)}; under the stated '{own.raw}' that is more than any "
                  f"public body's budget, so its unit is not the table's: left out of the table", row.line,
                  row=label, element=index)
    del raw.rows[cut:]


def _written_out_euros(raw: RawTable) -> bool:
    """"12.230.000", "86.000": figures that are all round thousands are euros written out in full."""
    nums = [cv.value for r in raw.rows for x in r.values if (cv := try_parse_cell(x.raw)) and cv.value]
    return len(nums) >= 3 and all(abs(v) >= 10000 and v % 1000 == 0 for v in nums)


def _euro_amounts(src: SourceDocument, blocks: list[Block]) -> list[tuple[Decimal, str, int]]:
    """Whole-euro amounts printed in the prose ("€ 2.349.000"): evidence for the scale of a table."""
    table_lines = {ln.number for b in blocks if b.kind in TABLE_KINDS for ln in b.lines}
    out = []
    for ln in src.lines:
        if ln.number in table_lines:
            continue
        for m in _EURO_AMOUNT.finditer(ln.text):
            cv = try_parse_cell(m.group(1))
            if cv is not None and cv.value is not None and abs(cv.value) >= 10000:
                out.append((abs(cv.value), m.group(0), ln.number))
    return out


EuroProofs = dict[Decimal, tuple[int, Unit, int]]


def _euro_proofs(amounts: list[tuple[Decimal, str, int]]) -> EuroProofs:
    """Table figure -> the first prose amount in euros it could be x 1.000 or x 1.000.000 of: (order, unit,
    line). Built once, so each table looks its figures up instead of scanning every amount of the text."""
    out: EuroProofs = {}
    for order, (amount, text, line) in enumerate(amounts):
        for rank, mult in enumerate((1000, 1_000_000)):
            # a round figure (100, 200, 35) meets a round amount by chance; 1.453 or 175 does not
            figure = amount // mult
            if amount % mult == 0 and figure >= 100 and figure % 10:
                key = 2 * order + rank
                if figure not in out or key < out[figure][0]:
                    out[figure] = (key, Unit(multiplier=mult, raw=text, source="inferred"), line)
    return out


def _euro_total_proof(raw: RawTable, proofs: EuroProofs) -> tuple[Unit, int] | None:
    if not proofs:
        return None
    figures = {abs(v) for r in raw.rows for x in r.values if (cv := try_parse_cell(x.raw)) and (v := cv.value)}
    hits = [proofs[f] for f in figures if f in proofs]
    if not hits:
        return None
    _, unit, line = min(hits, key=lambda h: h[0])
    return unit, line


def _table(block: Block, raw: RawTable, index: int, scope: Scope, diags: Diagnostics, before: list[str],
           euro_proofs: EuroProofs, pending: list[Pending],
           margin: tuple[list[str], list[str]] = ([], [])) -> list:
    title = _title(block, raw, before)
    _doubtful_wraps(raw, title, index, diags)
    own = stated_unit(raw, block.heading_path[-1:]) or margin_unit(*margin)
    if looks_like_indicators(raw, title, own):
        return [build_indicators(raw, TableContext(title, block.heading_path, None, index), diags)]
    first = block.lines[0]
    if own is not None:
        _memo_rows_out_of_scale(raw, own, title, index, diags)
    if own is not None and (largest := _largest_figure(raw)) is not None and largest * own.multiplier > PUBLIC_BODY_MAX:
        diags.add("unit-implausible", "warning", f"table '{title}' states '{own.raw}', but then {thousands(largest)} "
                  f"would be {thousands(largest * own.multiplier)} euros, more than any public body's budget: the "
                  f"unit is misprinted; values are kept as printed, without a unit", first, element=index)
        tables = build_financial(raw, TableContext(title, block.heading_path, None, index), diags)
        _years_unplaced(raw, tables, index, first, diags)
        return tables
    unit = own or scope.unit_for(first)
    tables = build_financial(raw, TableContext(title, block.heading_path, unit, index), diags)
    _years_unplaced(raw, tables, index, first, diags)
    if unit is None and tables:
        pending.append(Pending(index, tables, title, first, written_out=_written_out_euros(raw),
                               proof=_euro_total_proof(raw, euro_proofs)))
    context = [ln.text for ln in block.lines[:3]] + before
    conv = sign_convention(raw, context)
    if conv:
        for t in tables:
            t.sign_convention = conv
    return tables


def _doubtful_wraps(raw: RawTable, title: str, index: int, diags: Diagnostics) -> None:
    """Label lines joined to the figures under them on the table's habit alone (most of its labels wrap),
    while other rows print no line above: a section caption would read the same."""
    if raw.doubtful_wraps:
        line, label = raw.doubtful_wraps[0]
        more = len(raw.doubtful_wraps) - 1
        diags.add("label-wrap-uncertain", "warning", f"table '{title}': '{label}' was read as one label wrapped "
                  f"over lines because most labels of the table wrap; its first line may be a section caption "
                  f"instead" + (f" ({more} more such rows)" if more else ""), line, element=index)


def _years_unplaced(raw: RawTable, tables: list[FinancialTable], index: int, first: Line,
                    diags: Diagnostics) -> None:
    """Years printed in the header, yet columns without one: which year a figure is for is a guess."""
    header = " ".join([*raw.header_cells, *raw.parts, *(raw.x_columns or []), *raw.corner])
    years = sorted(set(_YEAR.findall(header)))
    if not years:
        return
    lines = raw.block.lines if raw.block else []
    first = next((ln for ln in lines if any(y in ln.text for y in years)), first)  # the header line itself
    for k, t in enumerate(tables):
        bare = [c.label for c in t.columns if c.year is None and not _YEARLESS.search(c.label)
                and c.scenario not in (Scenario.VERSCHIL, Scenario.PERCENTAGE)]
        if bare:
            diags.add("column-year-missing", "warning", f"table '{t.title}': the header prints the year(s) "
                      f"{', '.join(years)}, but column(s) {', '.join(repr(b) for b in bare)} got none; the year "
                      f"of their figures is unknown", first, element=index + k)


def _scale_comparisons(elements: list, diags: Diagnostics, option_unit: Unit | None = None) -> None:
    """"€ 46.237" in a Begroot vs Realisatie block is thousands when a table of the same document
    prints 46.237 x 1.000: the block's figures equal the table's, which proves the scale. The --unit
    option, when given, is the unit of every block; without either the figures stay as printed."""
    comparisons = [(k, el) for k, el in enumerate(elements) if isinstance(el, BudgetComparison)]
    if option_unit is not None:
        for _, el in comparisons:
            _scale_block(el, option_unit)
        return
    cells: set[Decimal] = set()
    for el in elements:
        if isinstance(el, FinancialTable) and el.unit and el.unit.multiplier > 1:
            for row in el.rows:
                cells.update(v.value for v in row.values if v.value is not None)
    proof = next(((el, v) for _, el in comparisons for item in el.items for v in (item.begroot, item.realisatie)
                  if v.value is not None and v.value != 0 and v.value * 1000 in cells), None)
    for k, el in comparisons:
        if proof is None:
            if el.unit is None:
                diags.add("unit-not-stated", "warning", f"'{el.title}': the block states no unit and no table of the "
                          f"document prints its figures; they are kept as printed (give --unit if they are "
                          f"thousands)", None, element=k)
                diags[-1].location.line = el.lines[0] if el.lines else None
            continue
        src_el, src_v = proof
        _scale_block(el, Unit(multiplier=1000, raw=src_v.raw, source="inferred"))
        why = "its" if el is src_el else f"the block '{src_el.title}' whose"
        diags.add("comparison-scale-inferred", "warning",
                  f"'{el.title}': amounts printed as '{src_v.raw}' are thousands of euros: {why} figure equals a "
                  f"table figure x 1.000", None, element=k)
        diags[-1].location.line = el.lines[0] if el.lines else None


def _scale_block(el: BudgetComparison, unit: Unit) -> None:
    """A block's figures (kept as printed) in euros of `unit`."""
    el.unit = unit
    for item in el.items:
        for name in ("begroot", "realisatie", "afwijking"):
            v = getattr(item, name)
            if v.value is not None:
                setattr(item, name, v.model_copy(update={"value": v.value * unit.multiplier, "unit": "EUR"}))


def _infer_column_kinds(elements: list, kind: DocumentKind | None, year: int | None, diags: Diagnostics) -> None:
    """Year-only columns: in a begroting Y, years before Y-1 are realisatie, Y-1 and Y begroting,
    later years raming; in annual accounts, years up to Y are realisatie."""
    if kind is None or year is None:
        return
    for i, el in enumerate(elements):
        if not isinstance(el, FinancialTable):
            continue
        changed = []
        for col in el.columns:
            if col.scenario is not None or col.year is None:
                continue
            if kind in (DocumentKind.JAARREKENING, DocumentKind.JAARVERSLAG):
                col.scenario = Scenario.REALISATIE if col.year <= year else Scenario.RAMING
            elif col.year < year - 1:
                col.scenario = Scenario.REALISATIE
            elif col.year <= year:
                col.scenario = Scenario.BEGROTING
            else:
                col.scenario = Scenario.RAMING
            col.inferred = True
            changed.append(f"{col.label}={col.scenario.value}")
        if changed:
            diags.add("column-kind-inferred", "warning",
                      f"columns print only years; kinds inferred from the document ({kind.value} {year}): "
                      + ", ".join(dict.fromkeys(changed)), None, element=i)
            diags[-1].location.line = el.lines[0] if el.lines else None
