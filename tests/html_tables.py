"""Render a simple budget table as a web page, the way planning-and-control sites mark tables up.

The random table generator (tests/tablegen.py) renders its tables through this, beside row text,
pipes, glued cells and PDF; the property test in test_html_tables.py uses it with its own tables.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass
class SimpleTable:
    """Column groups (kind + year) over optional parts; rows of a label and printed cells ('' = empty).
    `group_rows`: a label printed once over several rows (rowspan), e.g. a programme over its parts."""

    groups: list[str]
    rows: list[tuple[str, list[str]]]
    parts: list[str] = field(default_factory=list)
    corner: str = "Programma"
    unit: str = "Bedragen x € 1.000"
    title: str = "Wat mag het kosten?"
    group_rows: list[tuple[str, list[tuple[str, list[str]]]]] = field(default_factory=list)
    # A header row of years under the groups (the groups then print the kind words only), as
    # sites print "Rekening | Begroting" over "2022 | 2023".
    years: list[str] = field(default_factory=list)
    # Row indices above which a section caption spans the whole row ("Programma's").
    sections: dict[int, str] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.groups) * max(1, len(self.parts))


def _cell(tag: str, text: str, **attrs: int) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if v > 1)
    return f"<{tag}{extra}>{html.escape(text) if text.strip() else '&nbsp;'}</{tag}>"


def render_table_html(table: SimpleTable, *, unit_in_caption: bool = False) -> str:
    """A whole page: menu, heading, unit line (or caption), the table with its header in <thead>
    (groups spanning their parts), a footer and a cookie banner."""
    head_rows = 1 + bool(table.parts) + bool(table.years)
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><script>var x = 1;</script></head><body>",
           "<nav class='menu'><ul><li><a href='/'>Home</a></li><li><a href='/p2'>Programma 2</a></li></ul></nav>",
           "<main>", f"<h2>{html.escape(table.title)}</h2>"]
    if not unit_in_caption:
        out.append(f"<p>{html.escape(table.unit)}</p>")
    out.append("<table class='table'>")
    if unit_in_caption:
        out.append(f"<caption>{html.escape(table.unit)}</caption>")
    out.append("<thead><tr>" + _cell("th", table.corner, rowspan=head_rows, colspan=2 if table.group_rows else 1)
               + "".join(_cell("th", g, colspan=max(1, len(table.parts))) for g in table.groups) + "</tr>")
    if table.years:
        out.append("<tr>" + "".join(_cell("th", y, colspan=max(1, len(table.parts))) for y in table.years) + "</tr>")
    if table.parts:
        out.append("<tr>" + "".join(_cell("th", p) for _ in table.groups for p in table.parts) + "</tr>")
    out.append("</thead><tbody>")
    for i, (label, cells) in enumerate(table.rows):
        if i in table.sections:
            span = table.width + (2 if table.group_rows else 1)
            caption = html.escape(table.sections[i])
            out.append(f"<tr class='section'><td colspan=\"{span}\"><strong>{caption}</strong></td></tr>")
        first = _cell("td", label, colspan=2 if table.group_rows else 1)
        out.append("<tr>" + first + "".join(_cell("td", c) for c in cells) + "</tr>")
    for group, parts in table.group_rows:
        for k, (label, cells) in enumerate(parts):
            lead = _cell("td", group, rowspan=len(parts)) if k == 0 else ""
            out.append("<tr>" + lead + _cell("td", label) + "".join(_cell("td", c) for c in cells) + "</tr>")
    out += ["</tbody></table>", "</main>", "<footer><p>Contact</p></footer>",
            "<div class='cookie-banner'><p>Wij gebruiken cookies</p></div>", "</body></html>"]
    return "\n".join(out)
