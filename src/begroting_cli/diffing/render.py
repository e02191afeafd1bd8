"""The diff as text (rich tables for a terminal, biggest changes first), JSON (`schemas/diff.schema.json`)
and CSV (one row per difference; columns in CSV_COLUMNS, documented in the README)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .model import DocumentDiff, FigureChange, TableDiff

CSV_COLUMNS = ["what", "status", "element", "old_title", "new_title", "old_row", "new_row", "subrow", "old_column",
               "new_column", "year", "part", "old_scenario", "new_scenario", "old_raw", "new_raw", "old_value",
               "new_value", "delta", "relative", "unit", "similarity", "old_page", "new_page", "old_line", "new_line"]


def _num(v: Decimal | None) -> str:
    if v is None:
        return ""
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), "f")


def dutch(v: Decimal | None, unit: str = "") -> str:
    """A signed figure the Dutch way: `+1.657.000`, `-2,5 %`."""
    if v is None:
        return ""
    sign = "+" if v > 0 else "-" if v < 0 else ""
    q = abs(v)
    whole = int(q)
    frac = q - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        text += "," + format(frac.normalize(), "f").split(".")[1]
    return sign + text + (" %" if unit == "%" else "")


def _size(c: FigureChange) -> tuple[int, Decimal]:
    """Sort key: euro changes by size, then other figures by relative size, then state changes."""
    if c.delta is None:
        return (2, Decimal(0))
    if c.unit == "EUR":
        return (0, -abs(c.delta))
    return (1, -abs(c.relative) if c.relative is not None else Decimal(0))


def _title(t: TableDiff) -> str:
    place = t.new or t.old
    return place.title if place else ""


def _page(p: int | None) -> str:
    return f"p{p}" if p else ""


def _where(page: int | None, line: int | None) -> str:
    """`p44` in a PDF, `l35` (the line) in a text document."""
    return f"p{page}" if page else f"l{line}" if line else ""


def render_text(result: DocumentDiff, *, color: bool = False, width: int = 160) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=False,
                  emoji=False)
    c = result.counts

    def meta(ref: object) -> str:
        bits = [str(x) for x in (ref.gemeente, ref.document_kind, ref.year) if x]  # type: ignore[attr-defined]
        return f"{ref.file}" + (f" ({' '.join(bits)})" if bits else "")  # type: ignore[attr-defined]

    con.print(f"[bold]{escape(meta(result.old))}[/] -> [bold]{escape(meta(result.new))}[/]")
    con.print(f"tables: {c.tables_matched} matched, {c.tables_added} added, {c.tables_removed} removed; "
              f"rows: {c.rows_matched} matched ({c.rows_renamed} renamed), {c.rows_added} added, {c.rows_removed} "
              f"removed; figures: {c.figures_changed} changed ({c.restated} restated) of {c.figures_compared} compared"
              + (f", {c.below_threshold} within --threshold {result.threshold}" if result.threshold else "")
              + f"; lists: {c.lists_matched} matched, {c.items_reworded} items reworded, {c.items_added} added, "
              f"{c.items_removed} removed")
    if not result.differs:
        con.print("[green]no differences[/]")
        return buf.getvalue()

    changes = [(t, ch) for t in result.tables for ch in t.changes]
    changes.sort(key=lambda tc: _size(tc[1]))
    if changes:
        tab = Table(title="Changed figures, biggest first", title_justify="left", show_lines=False)
        for name, just, least, most in (("table", "left", 12, 26), ("row", "left", 12, 28), ("year", "right", 4, 12),
                                        ("kind", "left", 8, 9), ("old", "right", 10, 14), ("new", "right", 10, 14),
                                        ("change", "right", 12, 16), ("%", "right", 9, 10), ("where", "left", 9, 11)):
            tab.add_column(name, justify=just, no_wrap=True, overflow="ellipsis",  # type: ignore[arg-type]
                           min_width=least, max_width=most)
        for t, ch in changes:
            row = ch.row + (f" / {ch.subrow}" if ch.subrow else "")
            year = f"{ch.year or ''}{' ' + ch.part if ch.part else ''}"
            kind = ch.kind
            rel = dutch((ch.relative * 100).quantize(Decimal("0.01"))) + " %" if ch.relative is not None else ""
            tab.add_row(escape(_title(t)[:48]), escape(row[:40]), year, kind, escape(ch.old.raw or ch.old.status),
                        escape(ch.new.raw or ch.new.status), dutch(ch.delta, ch.unit), rel,
                        f"{_where(ch.old.page, ch.old.line)}/{_where(ch.new.page, ch.new.line)}")
        con.print(tab)

    rows = [(t, r) for t in result.tables for r in t.rows]
    if rows:
        tab = Table(title="Rows renamed, added, removed", title_justify="left")
        for name in ("table", "status", "old", "new", "similarity"):
            tab.add_column(name, overflow="fold")
        for t, r in rows:
            old = (r.old_row or "") + (f" / {r.old_subrow}" if r.old_subrow else "")
            new = (r.new_row or "") + (f" / {r.new_subrow}" if r.new_subrow else "")
            tab.add_row(escape(_title(t)[:48]), r.status, escape(old), escape(new),
                        f"{r.similarity:.2f}" if r.similarity is not None else "")
        con.print(tab)

    matched = [t for t in result.tables if t.status == "matched" and t.differs]
    if matched:
        tab = Table(title="Matched tables: columns by (year, part) and kind in each document", title_justify="left")
        for name in ("old table", "new table", "score", "columns"):
            tab.add_column(name, overflow="fold")
        for t in matched:
            cols = []
            for p in t.columns:
                year = f"{p.year or ''}{' ' + p.part if p.part else ''}".strip()
                if p.status == "matched":
                    kind = "" if p.transition in (None, "same") else f" {p.transition}"
                    cols.append(f"{year or p.new}{kind}{' (also)' if p.also else ''}")
                else:
                    cols.append(f"{'+' if p.status == 'added' else '-'}{year or p.new or p.old}")
            if t.old_unit is not None:
                cols.append(f"unit x{t.old_unit} -> x{t.new_unit}: compared as printed")
            tab.add_row(escape((t.old.title if t.old else "")[:60]), escape((t.new.title if t.new else "")[:60]),
                        f"{t.score:.2f}" if t.score is not None else "", escape(", ".join(cols)))
        con.print(tab)

    alone = [t for t in result.tables if t.status != "matched"]
    if alone:
        tab = Table(title="Tables only in one document", title_justify="left")
        for name in ("status", "element", "title", "page"):
            tab.add_column(name, overflow="fold")
        for t in alone:
            place = t.new or t.old
            tab.add_row(t.status, t.element, escape(place.title[:90] if place else ""),
                        _page(place.page if place else None))
        con.print(tab)

    items = [(li, it) for li in result.lists for it in li.items]
    lists_alone = [li for li in result.lists if li.status != "matched"]
    if items or lists_alone:
        tab = Table(title="Lists: items reworded, added, removed", title_justify="left")
        for name in ("list", "status", "old", "new", "similarity"):
            tab.add_column(name, overflow="fold")
        for li, it in items:
            place = li.new or li.old
            tab.add_row(escape(place.title[:40] if place else ""), it.status, escape(it.old or ""),
                        escape(it.new or ""), f"{it.similarity:.2f}" if it.similarity is not None else "")
        for li in lists_alone:
            place = li.new or li.old
            tab.add_row(escape(place.title[:40] if place else ""), f"list {li.status}", "", "", "")
        con.print(tab)
    return buf.getvalue()


def render_json(result: DocumentDiff) -> str:
    return result.model_dump_json(indent=2) + "\n"


def csv_rows(result: DocumentDiff) -> list[dict[str, str]]:
    """One row per difference: tables and columns only one side has, renamed/added/removed rows,
    changed figures, list items reworded/added/removed, lists only one side has."""
    out: list[dict[str, str]] = []

    def row(**kw: object) -> None:
        out.append({k: "" if kw.get(k) is None else str(kw[k]) for k in CSV_COLUMNS})

    for t in result.tables:
        ot, nt = (t.old.title if t.old else None), (t.new.title if t.new else None)
        if t.status != "matched":
            row(what="table", status=t.status, element=t.element, old_title=ot, new_title=nt,
                old_page=t.old.page if t.old else None, new_page=t.new.page if t.new else None,
                old_line=t.old.line if t.old else None, new_line=t.new.line if t.new else None)
            continue
        for p in t.columns:
            if p.status != "matched":
                row(what="column", status=p.status, element=t.element, old_title=ot, new_title=nt, old_column=p.old,
                    new_column=p.new, year=p.year, part=p.part, old_scenario=p.old_scenario,
                    new_scenario=p.new_scenario)
        for r in t.rows:
            row(what="row", status=r.status, element=t.element, old_title=ot, new_title=nt, old_row=r.old_row,
                new_row=r.new_row, subrow=r.new_subrow or r.old_subrow, similarity=r.similarity,
                old_page=r.old_page, new_page=r.new_page)
        for ch in t.changes:
            row(what="figure", status=ch.kind, element=t.element, old_title=ot, new_title=nt, old_row=ch.old_row,
                new_row=ch.row, subrow=ch.subrow, old_column=ch.old.column, new_column=ch.new.column, year=ch.year,
                part=ch.part, old_scenario=ch.old.scenario, new_scenario=ch.new.scenario, old_raw=ch.old.raw,
                new_raw=ch.new.raw, old_value=_num(ch.old.value), new_value=_num(ch.new.value), delta=_num(ch.delta),
                relative=_num(ch.relative), unit=ch.unit, old_page=ch.old.page, new_page=ch.new.page,
                old_line=ch.old.line, new_line=ch.new.line)
    for li in result.lists:
        ot, nt = (li.old.title if li.old else None), (li.new.title if li.new else None)
        if li.status != "matched":
            row(what="list", status=li.status, element="list", old_title=ot, new_title=nt,
                old_page=li.old.page if li.old else None, new_page=li.new.page if li.new else None,
                old_line=li.old.line if li.old else None, new_line=li.new.line if li.new else None)
        for it in li.items:
            row(what="item", status=it.status, element="list", old_title=ot, new_title=nt, old_row=it.old,
                new_row=it.new, similarity=it.similarity, old_page=it.old_page, new_page=it.new_page)
    return out


def render_csv(result: DocumentDiff) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(csv_rows(result))
    return buf.getvalue()


def render(result: DocumentDiff, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "csv":
        return render_csv(result)
    return render_text(result, color=color)


def diff_schema() -> dict:
    """The JSON Schema of `--format json` (serialization mode: what we emit)."""
    from ..schema import model_schema  # noqa: PLC0415

    return model_schema(DocumentDiff, "diff.schema.json")


def diff_schema_json() -> str:
    from ..schema import schema_json  # noqa: PLC0415

    return schema_json(diff_schema())
