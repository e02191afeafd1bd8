"""HTML reader (beautifulsoup4): web pages -> the common line stream.

Headings become heading lines (their level from h1..h6), paragraphs and list items lines (nested
lists indented one level per list), tables one `|` line per row with exact cells (see html_table).
Site furniture (navigation, menus, footers, cookie banners, scripts, styles, hidden elements) is
skipped with everything inside it. Every line keeps the CSS-like path of its element and the line of
the HTML source it starts on. Several pages (a folder, a saved site, a crawl) form one stream, each
line naming its page.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag

from ..errors import SourceError
from ..stream import Cell, Format, Line, SourceDocument
from .html_decode import decode_html
from .html_grid import MAX_COLSPAN, MAX_ROWSPAN, build_grid, table_rows
from .html_table import grid_lines

# Pages larger than this are refused with a one-line error: budget pages are 0.1-2 MB, and
# html.parser (the one that reports source lines) reads about 1 MB in 2-3 s.
MAX_HTML_BYTES = 8 * 1024 * 1024

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
                        "iframe", "svg", "select", "textarea", "head", "object", "embed", "canvas", "dialog",
                        "menu", "input", "map", "audio", "video", "picture", "img"})
# Words in a class or id that mark site furniture (split on - _ and spaces; matched whole).
_FURNITURE_WORDS = frozenset({"nav", "navbar", "navigation", "navigatie", "menu", "menubar", "submenu", "mainmenu",
                              "breadcrumb", "breadcrumbs", "kruimelpad", "footer", "cookie", "cookies", "cookiebar",
                              "cookiebanner", "consent", "gdpr", "skiplink", "skiplinks", "skip", "sidebar",
                              "share", "social", "toolbar", "pagination", "print", "search", "zoeken"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog",
                              "alertdialog", "complementary"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "body", "html", "ul", "ol", "li", "dl", "dt", "dd",
                         "table", "thead", "tbody", "tfoot", "tr", "td", "th",
                         "blockquote", "pre", "figure", "figcaption", "caption", "address", "header", "hr",
                         "center", "details", "summary", "fieldset", "legend"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2007\u202f\u200b]+")
_PATH_DEPTH = 8


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """One page to read: its name in provenance (file path or URL), its bytes, its HTTP content type."""

    name: str
    data: bytes
    content_type: str | None = None


def clean_text(text: str) -> str:
    """Whitespace as a browser renders it: runs (non-breaking spaces included) become one space."""
    return _SPACE.sub(" ", text).strip()


def _is_furniture(tag: Tag) -> bool:
    if tag.name in _SKIP_TAGS:
        return True
    attrs = tag.attrs or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    if _HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    if str(attrs.get("role", "")).lower() in _FURNITURE_ROLES:
        return True
    if tag.name == "header" and tag.find_parent(("article", "main")) is None:
        return True  # the site's masthead; a header inside the article holds its title
    words = " ".join([*(attrs.get("class") or []), str(attrs.get("id", ""))]).lower()
    return any(w in _FURNITURE_WORDS for w in re.split(r"[-_\s]+", words) if w)


class CssPaths:
    """`#content > table:nth-of-type(2) > tbody > tr:nth-of-type(3)`: up to the nearest id, at most
    eight steps (deeper paths start with `… >`). Sibling positions are counted once per parent, so
    a page of 100,000 paragraphs costs no more than one pass over them."""

    def __init__(self) -> None:
        self._places: dict[int, dict[int, tuple[int, int]]] = {}

    def _place(self, node: Tag) -> tuple[int, int]:
        parent = node.parent
        if parent is None:
            return 1, 1
        places = self._places.get(id(parent))
        if places is None:
            seen: dict[str | None, int] = {}
            order: list[tuple[int, str | None, int]] = []
            for child in parent.contents:
                if isinstance(child, Tag):
                    seen[child.name] = seen.get(child.name, 0) + 1
                    order.append((id(child), child.name, seen[child.name]))
            places = {key: (k, seen[name]) for key, name, k in order}
            self._places[id(parent)] = places
        return places.get(id(node), (1, 1))

    def __call__(self, tag: Tag) -> str:
        steps: list[str] = []
        node: Tag | None = tag
        while node is not None and node.name not in ("[document]", "html"):
            if node.get("id"):
                steps.append(f"#{node['id']}")
                break
            if len(steps) >= _PATH_DEPTH:
                steps.append("…")
                break
            k, total = self._place(node)
            steps.append(node.name if total == 1 else f"{node.name}:nth-of-type({k})")
            node = node.parent
        return " > ".join(reversed(steps))


def _cell_text(tag: Tag) -> str:
    """The rendered text of an element (a cell, a heading): furniture inside it skipped, `<br>` a space."""
    parts: list[str] = []
    stack: list[object] = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, (Comment, Doctype, ProcessingInstruction)):
                parts.append(str(node))
        elif isinstance(node, Tag):
            if node is not tag and _is_furniture(node):
                continue
            if node.name == "br":
                parts.append(" ")
            stack.extend(reversed(node.contents))
    return clean_text("".join(parts))


class _Emitter:
    """Collects (text, heading level, cells, element, source line) in reading order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int | None, tuple[str, ...] | None, str, int | None]] = []
        self.buffer: list[str] = []
        self.owner: Tag | None = None
        self.prefix = ""
        self.items_open: list[str] = []  # per open <li>: the indent its text goes on at after a break
        self.css_path = CssPaths()

    def text(self, s: str, owner: Tag) -> None:
        if self.owner is None and s.strip():
            self.owner = owner
        self.buffer.append(s)

    def flush(self) -> None:
        text = clean_text("".join(self.buffer))
        if text and self.owner is not None:
            self.items.append((self.prefix + text, None, None, self.css_path(self.owner), self.owner.sourceline))
            # A <br> or a paragraph inside an <li> breaks the line, not the item: the rest of the
            # item goes on indented under its text, as the flattened pages print it.
            self.prefix = self.items_open[-1] if self.items_open else ""
        self.buffer, self.owner = [], None

    def lead_in(self) -> None:
        """A list follows the line before it without a gap when that line introduces it ("...zijn:")."""
        if len(self.items) >= 2 and self.items[-1][0] == "" and self.items[-2][0].rstrip().endswith(":"):
            self.items.pop()

    def blank(self) -> None:
        self.flush()
        if self.items and self.items[-1][0] != "":
            self.items.append(("", None, None, "", None))

    def line(self, text: str, level: int | None, cells: tuple[str, ...] | None, tag: Tag,
             source_line: int | None) -> None:
        self.items.append((text, level, cells, self.css_path(tag), source_line))


def _emit_table(table: Tag, out: _Emitter) -> None:
    rows = []
    trs = list(table_rows(table))
    for tr, in_head in trs:
        cells = []
        for td in tr.children:
            if isinstance(td, Tag) and td.name in ("td", "th"):
                cells.append((_cell_text(td), td.name == "th", _span(td, "colspan"), _span(td, "rowspan"),
                              td.sourceline))
        rows.append((cells, in_head, tr.sourceline))
    try:
        grid = build_grid(rows)
    except ValueError as exc:
        raise SourceError(f"table at source line {table.sourceline}: {exc}") from None
    caption = table.find("caption", recursive=False)
    out.blank()
    if caption is not None and _cell_text(caption):
        out.line(_cell_text(caption), None, None, caption, caption.sourceline)
    by_line = {tr.sourceline: tr for tr, _ in trs}
    for text, cells, src in grid_lines(grid):
        out.line(text, None, cells, by_line.get(src, table), src)
    out.blank()


def _span(tag: Tag, name: str) -> int:
    raw = str(tag.get(name) or "1").strip()
    digits = "".join(ch for ch in raw[:6] if ch.isdigit())
    value = int(digits) if digits else 1
    cap = MAX_COLSPAN if name == "colspan" else MAX_ROWSPAN
    return max(1, min(value, cap)) if name == "colspan" else max(0, min(value, cap))


def _layout_table(table: Tag) -> bool:
    """A table used for page layout (old CMS templates): its cells hold tables or headings. Its
    content is read as blocks, so the data tables inside it keep their own grids."""
    return table.find(("table", "h1", "h2", "h3", "h4", "h5", "h6")) is not None


def _walk(root: Tag, out: _Emitter) -> None:
    """Depth-first without recursion: a page nested 10,000 deep must not hit the recursion limit."""
    lists: list[list[int | str]] = []  # [kind, counter] per open ul / ol
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, (Comment, Doctype, ProcessingInstruction)):
                parent = node.parent
                out.text(str(node), parent if parent is not None else root)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if not closing and node is not root and _is_furniture(node):
            continue
        if closing:
            if name in ("ul", "ol"):
                out.flush()
                lists.pop()
                if not lists:
                    out.blank()
            elif name == "li":
                out.flush()
                if out.items_open:
                    out.items_open.pop()
                out.prefix = out.items_open[-1] if out.items_open else ""
            elif name in _BLOCK_TAGS:
                if out.items_open:
                    out.flush()  # a paragraph inside an item ends a line of the item, not the list
                else:
                    out.blank()
            continue
        if name == "br":
            out.flush()
            continue
        if name == "table" and not _layout_table(node):
            _emit_table(node, out)
            continue
        if name in _HEADINGS:
            out.blank()
            text = _cell_text(node)
            if text:
                out.line(text, _HEADINGS[name], None, node, node.sourceline)
            out.blank()
            continue
        if name in ("ul", "ol"):
            out.flush()
            if not lists:
                out.lead_in()
            lists.append([name, 0])
        elif name == "li":
            out.flush()
            level = max(0, len(lists) - 1)
            marker = "•"
            if lists:
                lists[-1][1] = int(lists[-1][1]) + 1
                if lists[-1][0] == "ol":
                    marker = f"{lists[-1][1]}."
            out.prefix = " " * (4 * level) + marker + " "
            out.items_open.append(" " * len(out.prefix))
        elif name in _BLOCK_TAGS:
            out.flush()
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    out.flush()


def page_lines(page: HtmlPage) -> tuple[list[tuple[str, int | None, tuple[str, ...] | None, str, int | None]],
                                         list[tuple[str, str, str, int | None]]]:
    """The (text, heading level, cells, css path, source line) items of one page, and its notes."""
    if len(page.data) > MAX_HTML_BYTES:
        raise SourceError(f"page larger than {MAX_HTML_BYTES // (1024 * 1024)} MB", source=page.name)
    text, notes = decode_html(page.data, page.content_type)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about markup that looks like a file name or URL
        soup = BeautifulSoup(text, "html.parser")
    out = _Emitter()
    _walk(soup.body or soup, out)
    return out.items, notes


def read_html_pages(pages: Iterable[HtmlPage], *, name: str, numbered: bool = False) -> SourceDocument:
    """One stream from one or more pages. A single page has no page numbers (like a text file);
    several pages (or `numbered`: a folder) are numbered 1.. in order, each line naming its page
    (`page_label`: the file's path in the folder, or the URL)."""
    pages = list(pages)
    many = len(pages) > 1 or numbered
    lines: list[Line] = []
    notes: list[tuple[str, str, str, int | None]] = []
    digest = hashlib.sha256()
    labels: dict[int, str] = {}
    for index, page in enumerate(pages, start=1):
        digest.update(page.data)
        items, page_notes = page_lines(page)
        notes += [(code, sev, f"{page.name}: {msg}" if many else msg, index if many else None)
                  for code, sev, msg, _ in page_notes]
        if many:
            labels[index] = page.name
        for text, level, cells, path, source_line in items:
            lines.append(Line(number=len(lines) + 1, text=text, page=index if many else None,
                              page_label=page.name if many else None,
                              cells=tuple(Cell(c) for c in cells) if cells is not None else None,
                              heading_level=level, html_path=path or None, source_line=source_line))
        if many and lines and lines[-1].text:
            lines.append(Line(number=len(lines) + 1, text="", page=index, page_label=page.name))
    if not any(ln.text.strip() for ln in lines):
        raise SourceError("no readable content in the HTML (only site navigation, scripts or markup)",
                          source=name)
    return SourceDocument(name=name, sha256=digest.hexdigest(), format=Format.HTML, lines=lines,
                          pages=len(pages) if many else None, page_labels=labels, notes=notes)
