"""The two PDF engines: each turns pages into `Word`s through the shared `group_words`.

pypdfium2 (default) reads character boxes straight from PDFium's text page: one C call per
character, everything else per word. pdfplumber (pdfminer) is ~20x slower but pure Python, useful
as a cross-check. Both report positions with the origin at the top-left of the page, in points.

Font weight: PDFium reports the descriptor's /FontWeight or a weight derived from /StemV
(`_descriptor_weight`); the pdfplumber engine reads the same entries from the page's font
resources, so "bold" agrees between engines.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .pdf_language import garbage_reason
from .pdf_words import SPACES, RawWord, Word, count_undecodable, group_words, is_bold_name

UNDECODABLE_SHARE = 0.5      # a page whose visible characters are mostly garbage is unreadable
UPRIGHT_TOLERANCE = 0.01     # |b| and |c| of the char matrix relative to a/d; larger = rotated
FONT_NAME_BUFFER = 256
REOPEN_EVERY_PAGES = 16      # see `_reopen_spans`
# PDFium reports a hyphen that ends a line as U+FFFE (older builds: U+0002); pdfminer says "-".
PDFIUM_HYPHENS = frozenset("\ufffe\x02")

RULE_MAX_THICKNESS = 2.0     # points: a path this thin is a ruling line, a taller one a box
RULE_MIN_LENGTH = 10.0       # points: shorter strokes are glyph parts, ticks, bullets
MAX_RULE_OBJECTS = 5000      # a page drawn from more paths than this is a chart: no rules read

REASON_SCANNED = "no text layer (scanned image?)"
REASON_BROKEN = "page cannot be parsed"
REASON_UNDECODABLE = ("text is not decodable (font without ToUnicode map: control characters "
                      "or U+FFFD)")


class PageWords(NamedTuple):
    """One page as an engine delivers it; `reason` set means unreadable, `words` is then empty."""

    page: int
    width: float
    height: float
    words: list[Word]
    reason: str | None
    # Horizontal ruling lines (thin drawn paths), as read: (x0, y, x1).
    rules: tuple[tuple[float, float, float], ...] = ()


def _descriptor_weight(font_weight: Any, stemv: Any) -> float:
    """The weight PDFium reports: the descriptor's /FontWeight, else derived from /StemV."""
    if isinstance(font_weight, int | float) and font_weight > 0:
        return float(font_weight)
    if isinstance(stemv, int | float) and stemv > 0:
        return float(stemv * 5 if stemv < 140 else stemv * 4 + 140)
    return 0.0


def _is_control(ch: str) -> bool:
    """C0/C1 control characters: glyph codes of fonts without ToUnicode, never real text."""
    return ch < " " or "\x7f" <= ch <= "\x9f"


# ----------------------------------------------------------------------------------- pypdfium2


def pdfium_pages(path: Path, first: int, last: int) -> Iterator[PageWords]:
    """Pages first..last (1-based, inclusive); each page and text page is closed after use."""
    import pypdfium2 as pdfium

    for start, end in _reopen_spans(first, last):
        doc = pdfium.PdfDocument(str(path))
        try:
            for page_no in range(start, end + 1):
                yield _pdfium_page_safely(doc, page_no)
        finally:
            doc.close()


def _pdfium_page_safely(doc: Any, page_no: int) -> PageWords:
    """One damaged page is an unreadable page, not an unreadable document."""
    import pypdfium2 as pdfium

    try:
        page = doc[page_no - 1]
    except pdfium.PdfiumError as exc:
        return PageWords(page_no, 0.0, 0.0, [], f"{REASON_BROKEN} ({exc})")
    try:
        return _pdfium_page(page, page_no)
    except pdfium.PdfiumError as exc:
        return PageWords(page_no, 0.0, 0.0, [], f"{REASON_BROKEN} ({exc})")
    finally:
        page.close()


def _reopen_spans(first: int, last: int) -> Iterator[tuple[int, int]]:
    """Page spans after which the document is closed and opened again.

    Both PDFium and pdfminer keep every object they have parsed until the document is closed
    (~70 KiB per page on the corpus); reopening keeps memory flat however long the PDF is.
    """
    for start in range(first, last + 1, REOPEN_EVERY_PAGES):
        yield start, min(start + REOPEN_EVERY_PAGES - 1, last)


class Turn(NamedTuple):
    """How a page is turned so that its text reads left to right: user space (PDF points, y up)
    to reading coordinates (x right, y down from the top-left corner), for a clockwise turn of
    0, 90, 180 or 270 degrees. `width` and `height` are the page's unturned size."""

    degrees: int
    width: float
    height: float

    @property
    def size(self) -> tuple[float, float]:
        """The page's size as read: width and height swap for a quarter turn."""
        return (self.height, self.width) if self.degrees in (90, 270) else (self.width, self.height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        d, w, h = self
        if d == 0:
            return x, h - y
        if d == 90:
            return y, x
        if d == 180:
            return w - x, y
        return h - y, w - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) as read."""
        (xa, ya), (xb, yb) = self.point(left, bottom), self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def vector(self, dx: float, dy: float) -> tuple[float, float]:
        """A direction, y up on both sides (for char matrices)."""
        d = self.degrees
        if d == 0:
            return dx, dy
        if d == 90:
            return dy, -dx
        if d == 180:
            return -dx, -dy
        return -dy, dx


TURN_SAMPLE_CHARS = 120  # chars (spread over the page) whose direction decides its turn


def _pdfium_turn(page: Any, tp: Any, text: str) -> Turn:
    """The turn under which most of the page's text is upright.

    Landscape tables come two ways: a page with /Rotate (text drawn sideways in user space,
    shown upright) or a portrait page with the table drawn sideways. Both read like any page once
    turned so the majority of characters run left to right; text in other directions is dropped.
    """
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    if page.get_rotation() in (90, 270):
        width, height = height, width  # get_size is the page as shown; boxes are in user space
    matrix = pdfium_c.FS_MATRIX()
    mref = ctypes.byref(matrix)

    def directions() -> Iterator[tuple[float, float]]:
        for k in range(0, len(text), max(1, len(text) // TURN_SAMPLE_CHARS)):
            if text[k] > " " and pdfium_c.FPDFText_GetMatrix(tp, k, mref):
                yield matrix.a, matrix.b

    return Turn(_majority_turn(directions()), width, height)


def _majority_turn(directions: Iterable[tuple[float, float]]) -> int:
    """The clockwise quarter turn that makes most baselines (a, b: direction, y up) run left to
    right; ties keep the page as printed."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for a, b in directions:
        votes[round(math.degrees(math.atan2(b, a)) / 90.0) % 4 * 90] += 1
    return max(votes, key=lambda d: (votes[d], d == 0))


def _pdfium_page(page: Any, page_no: int) -> PageWords:
    """Text first (one call) to judge the page; char boxes only for a usable page."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = pdfium_c.FPDFText_CountChars(tp)
        text = _pdfium_text(tp, count) if count > 0 else ""
        bad, visible = count_undecodable(text)
        reason = _unreadable_reason(bad, visible, lambda: _pdfium_has_image(page), text)
        if visible == 0 or reason:
            return PageWords(page_no, width, height, [], reason)
        turn = _pdfium_turn(page, tp, text)
        width, height = turn.size
        raw_words = group_words(_pdfium_chars(tp, text, turn))
        return PageWords(page_no, width, height, _pdfium_fonts(tp, raw_words, turn), None,
                         _pdfium_rules(page, turn))
    finally:
        textpage.close()


def _pdfium_text(tp: Any, count: int) -> str:
    """All characters in one call; per-char lookups only if PDFium's text and char list differ."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(tp, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count:
        text = "".join(_char(pdfium_c.FPDFText_GetUnicode(tp, k)) for k in range(count))
    return _LONE_SURROGATE.sub("\ufffd", text)


# A font's ToUnicode map can name a lone surrogate: no character, and unencodable in UTF-8 output.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _char(code: int) -> str:
    """A code point from PDFium; U+FFFD for what is no character (a surrogate, beyond U+10FFFF)."""
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _pdfium_chars(tp: Any, text: str, turn: Turn) -> Iterator[tuple | None]:
    """Char boxes for `group_words`; spaces become word breaks, control characters are dropped.

    PDFium replaces a space glyph that overlaps its neighbour by a "generated" space, so generated
    spaces count as real ones; its generated line breaks (CR LF) are skipped.
    """
    import pypdfium2.raw as pdfium_c

    box = pdfium_c.FS_RECTF()
    ref = ctypes.byref(box)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    is_generated = pdfium_c.FPDFText_IsGenerated
    size_by_height: dict[int, float] = {}  # a font at a size has one box height: ask once
    upright_page, height = turn.degrees == 0, turn.height
    for k, ch in enumerate(text):
        if not " " < ch < "\x7f":  # fast path for printable ASCII; the rest is rare
            if ch in SPACES:
                if ch == " " or not is_generated(tp, k):
                    yield None
                continue
            if ch in PDFIUM_HYPHENS:
                ch = "-"
            elif _is_control(ch):
                continue
        get_box(tp, k, ref)
        if upright_page:
            x0, top, x1, bottom = box.left, height - box.top, box.right, height - box.bottom
        else:
            x0, top, x1, bottom = turn.box(box.left, box.bottom, box.right, box.top)
        key = int((bottom - top) * 100.0)  # centipoints: cheaper than round(), same effect
        size = size_by_height.get(key)
        if size is None:
            size = size_by_height[key] = _pdfium_char_size(tp, k)
        yield ch, x0, top, x1, bottom, size, k


def _pdfium_char_size(tp: Any, k: int) -> float:
    """Effective font size of char k: PDFium's size times the vertical scale of its matrix."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(tp, k, ctypes.byref(matrix))
    return pdfium_c.FPDFText_GetFontSize(tp, k) * math.hypot(matrix.c, matrix.d)


def _pdfium_fonts(tp: Any, raw_words: list[RawWord], turn: Turn) -> list[Word]:
    """Origin and weight of each word's first character; rotated words dropped."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    mref = ctypes.byref(matrix)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    oxr, oyr = ctypes.byref(ox), ctypes.byref(oy)
    name_buf = ctypes.create_string_buffer(FONT_NAME_BUFFER)
    flags_ref = ctypes.byref(ctypes.c_int())
    get_matrix = pdfium_c.FPDFText_GetMatrix
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_weight = pdfium_c.FPDFText_GetFontWeight
    get_info = pdfium_c.FPDFText_GetFontInfo
    words: list[Word] = []
    for w in raw_words:
        k = w.key
        get_matrix(tp, k, mref)
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        if turn.degrees:
            (a, b), (c, d) = turn.vector(a, b), turn.vector(c, d)
        if not _upright(a, b, c, d):
            continue
        get_origin(tp, k, oxr, oyr)
        origin_x, baseline = turn.point(ox.value, oy.value)
        weight = get_weight(tp, k)
        bold = False
        if weight <= 0:  # no descriptor weight (standard-14 fonts): only the name can tell
            get_info(tp, k, name_buf, FONT_NAME_BUFFER, flags_ref)
            bold = is_bold_name(name_buf.value.decode("latin-1"))
        # x0 from the origin, not the box: PDFium widens boxes to overhanging glyphs ("A", "f"),
        # pdfminer does not, and column gaps must measure the same in both engines.
        words.append(Word(w.text, origin_x, w.top, w.x1, w.bottom, baseline, w.size, float(weight), bold))
    return words


def _upright(a: float, b: float, c: float, d: float) -> bool:
    """Horizontal left-to-right text; rotated words (stamps, vertical headers) are dropped."""
    return a > 0 and d > 0 and abs(b) <= UPRIGHT_TOLERANCE * a and abs(c) <= UPRIGHT_TOLERANCE * d


def _pdfium_has_image(page: Any) -> bool:
    """Whether the page draws an image, also inside form XObjects (as pdfplumber sees them)."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    todo = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
    while todo:
        obj = todo.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            todo.extend(pdfium_c.FPDFFormObj_GetObject(obj, i)
                        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))
    return False


def horizontal_edges(boxes: Iterable[tuple[float, float, float, float]]) -> tuple[tuple[float, float, float], ...]:
    """Boxes (x0, top, x1, bottom, as read) of drawn paths -> horizontal rules (x0, y, x1). Only
    thin paths are rules: the edges of filled boxes are no row borders, since some producers shade
    every text line of a cell (a wrapped label would be cut at each of its lines)."""
    out = {(round(x0, 1), round((top + bottom) / 2, 1), round(x1, 1)) for x0, top, x1, bottom in boxes
           if x1 - x0 >= RULE_MIN_LENGTH and bottom - top <= RULE_MAX_THICKNESS}
    return tuple(sorted(out, key=lambda r: (r[1], r[0])))


def _pdfium_rules(page: Any, turn: Turn) -> tuple[tuple[float, float, float], ...]:
    """Horizontal rules from the page's path objects (also inside form XObjects)."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    if count > MAX_RULE_OBJECTS:
        return ()
    todo = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(count)]
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    boxes = []
    while todo:
        obj = todo.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            boxes.append(turn.box(left.value, bottom.value, right.value, top.value))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and len(todo) < MAX_RULE_OBJECTS:
            todo.extend(pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))
    return horizontal_edges(boxes)


def _unreadable_reason(bad: int, visible: int, has_image: Any, text: str = "") -> str | None:
    """Why a page yields no text, or None. A page without text or images is just blank."""
    if visible == 0:
        return REASON_SCANNED if has_image() else None
    if bad > UNDECODABLE_SHARE * visible:
        return REASON_UNDECODABLE
    why = garbage_reason(text, bad, visible)
    return f"text is not language ({why}; a font without ToUnicode map?)" if why else None


# ----------------------------------------------------------------------------------- pdfplumber


def plumber_pages(path: Path, first: int, last: int) -> Iterator[PageWords]:
    """Same as `pdfium_pages` through pdfplumber's chars (never pdfminer's own word grouping)."""
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    for start, end in _reopen_spans(first, last):
        with pdfplumber.open(str(path)) as pdf:
            for page_no in range(start, end + 1):
                page = pdf.pages[page_no - 1]
                try:
                    yield _plumber_page(page, page_no)
                except (PdfminerException, PSException) as exc:  # a damaged page, not document
                    yield PageWords(page_no, 0.0, 0.0, [], f"{REASON_BROKEN} ({exc!r})")
                finally:
                    page.close()


def _plumber_page(page: Any, page_no: int) -> PageWords:
    """As `_pdfium_page`: judge the text, turn the page if its text runs sideways, group chars,
    then attach fonts per word. pdfplumber has already applied /Rotate to boxes and matrices."""
    chars = page.chars
    width, height = float(page.width), float(page.height)
    text = "".join(c["text"] for c in chars)
    bad, visible = count_undecodable(text)
    reason = _unreadable_reason(bad, visible, lambda: bool(page.images), text)
    if visible == 0 or reason:
        return PageWords(page_no, width, height, [], reason)
    step = max(1, len(chars) // TURN_SAMPLE_CHARS)
    turn = Turn(_majority_turn((c["matrix"][0], c["matrix"][1]) for c in chars[::step] if c["text"].strip()),
                width, height)
    raw_words = group_words(_plumber_chars(chars, turn))
    font_weights = _plumber_font_weights(page)
    words: list[Word] = []
    for w in raw_words:
        c = w.key
        a, b, cc, d, e, f = c["matrix"]
        if turn.degrees:
            (a, b), (cc, d) = turn.vector(a, b), turn.vector(cc, d)
            if not _upright(a, b, cc, d):
                continue
        elif not c["upright"]:
            continue
        baseline = turn.point(e, f)[1] if turn.degrees else c["top"] + (c["y1"] - f)
        weight = font_weights.get(c["fontname"], 0.0)
        bold = weight <= 0 and is_bold_name(c["fontname"])  # as PDFium: names only without weight
        words.append(Word(w.text, w.x0, w.top, w.x1, w.bottom, baseline, w.size, weight, bold))
    boxes = [turn.box(float(o["x0"]), height - float(o["bottom"]), float(o["x1"]), height - float(o["top"]))
             for o in (*page.lines, *page.rects) if len(page.objects.get("curve", ())) + len(page.rects) <= MAX_RULE_OBJECTS]
    width, height = turn.size
    return PageWords(page_no, width, height, words, None, horizontal_edges(boxes))


def _plumber_chars(chars: list[dict], turn: Turn) -> Iterator[tuple | None]:
    """pdfplumber chars as `group_words` input; pdfminer has no generated chars to skip."""
    for c in chars:
        ch = c["text"]
        if ch in SPACES:
            yield None
        elif len(ch) == 1 and _is_control(ch):
            continue
        elif turn.degrees:  # pdfminer's size of a turned char is its width: use the turned box
            x0, top, x1, bottom = turn.box(c["x0"], c["y0"], c["x1"], c["y1"])
            yield ch, x0, top, x1, bottom, bottom - top, c
        else:
            yield ch, c["x0"], c["top"], c["x1"], c["bottom"], c["size"], c


def _plumber_font_weights(page: Any) -> dict[str, float]:
    """fontname -> PDFium-style weight (`_descriptor_weight`) for the fonts of the page and
    its forms: pdfplumber's chars carry the font's name only."""
    from pdfminer.pdftypes import resolve1

    weights: dict[str, float] = {}
    todo = [resolve1(page.page_obj.resources)]
    seen = 0
    while todo and seen < 64:  # forms nest; a bound keeps cyclic resources harmless
        res = todo.pop()
        seen += 1
        if not isinstance(res, dict):
            continue
        for font in (resolve1(res.get("Font")) or {}).values():
            _add_font_weight(resolve1(font), weights, resolve1)
        for xobj in (resolve1(res.get("XObject")) or {}).values():
            attrs = getattr(resolve1(xobj), "attrs", None)
            if attrs and attrs.get("Resources") is not None:
                todo.append(resolve1(attrs["Resources"]))
    return weights


def _add_font_weight(font: Any, weights: dict[str, float], resolve1: Any) -> None:
    """Record one font's weight; Type0 fonts keep their descriptor in the descendant font."""
    if not isinstance(font, dict):
        return
    desc = resolve1(font.get("FontDescriptor"))
    if desc is None and font.get("DescendantFonts") is not None:
        kids = resolve1(font["DescendantFonts"]) or []
        desc = resolve1(resolve1(kids[0]).get("FontDescriptor")) if kids else None
    if not isinstance(desc, dict):
        return
    weight = _descriptor_weight(resolve1(desc.get("FontWeight")), resolve1(desc.get("StemV")))
    name = resolve1(font.get("BaseFont"))
    if name is not None:
        weights[_literal_name(name)] = weight


def _literal_name(name: Any) -> str:
    """pdfminer's PSLiteral /Name -> the string pdfplumber puts in char["fontname"]."""
    value = getattr(name, "name", name)
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


ENGINES = {"pypdfium2": pdfium_pages, "pdfplumber": plumber_pages}
