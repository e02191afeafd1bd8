"""A tiny hand-written PDF generator for the reader tests.

Writing the objects by hand keeps the tests free of a PDF-writing dependency and lets them build
exactly the broken files real users send: fonts without ToUnicode, empty pages, scans, encryption.

    page = Page(texts=[Text(72, 100, "Baten 1.972")])
    Path("x.pdf").write_bytes(build_pdf([page]))

Coordinates in `Text` are (x, top) in points from the top-left corner, like the reader's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

A4 = (595.0, 842.0)

# Font resource names: two standard-14 fonts (no embedding needed) and one Type3 font whose glyph
# codes 1..31 are control characters and which has no ToUnicode map (text extraction sees garbage).
HELVETICA = "F1"
HELVETICA_BOLD = "F2"
TYPE3 = "T3"

_TYPE3_GLYPHS = 26  # codes 1..26


@dataclass
class Text:
    """One run of text drawn at (x, top) with its baseline `size` points below `top`."""

    x: float
    top: float
    text: str
    size: float = 10.0
    font: str = HELVETICA
    turn: int = 0  # drawn turned this many degrees (counter-clockwise) from the page's text


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    size: tuple[float, float] = A4
    image: bool = False  # draw a small grey image, like a scanned page
    # Landscape pages: `rotate` sets /Rotate and draws the text so it shows upright; `sideways`
    # draws it turned by that many degrees (counter-clockwise) on a page without /Rotate.
    rotate: int = 0
    sideways: int = 0
    # Horizontal ruling lines (x0, y from the top, x1), stroked 0.5 pt wide: a ruled table's borders.
    rules: list[tuple[float, float, float]] = field(default_factory=list)


def type3_text(length: int = 40) -> str:
    """A string of glyph codes 1..26 for the Type3 font: control characters once extracted."""
    return "".join(chr(1 + i % _TYPE3_GLYPHS) for i in range(length))


def _escape(data: bytes) -> bytes:
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _user_space(turn: int, x: float, y: float, width: float, height: float) -> tuple[float, float]:
    """A point (x, y down from the top) on the page as read -> PDF user space of a page whose text
    runs `turn` degrees counter-clockwise (`width` x `height`: the MediaBox)."""
    if turn == 90:
        return y, x
    if turn == 180:
        return width - x, y
    if turn == 270:
        return width - y, height - x
    return x, height - y


def _content(page: Page) -> bytes:
    """The page's content stream: one BT/ET block per text run, plus the optional image."""
    width, height = page.size
    turn = page.rotate or page.sideways
    ops: list[bytes] = []
    if page.image:
        ops.append(b"q 200 0 0 200 100 400 cm /Im1 Do Q")
    for x0, y, x1 in page.rules:
        (ua, va), (ub, vb) = _user_space(turn, x0, y, width, height), _user_space(turn, x1, y, width, height)
        ops.append(b"0.5 w %.2f %.2f m %.2f %.2f l S" % (ua, va, ub, vb))
    for t in page.texts:
        raw = t.text.encode("latin-1") if t.font == TYPE3 else t.text.encode("cp1252")
        u, v = _user_space(turn, t.x, t.top + t.size * 0.8, width, height)
        cos, sin = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[(turn + t.turn) % 360]
        ops.append(b"BT /%s %.2f Tf %d %d %d %d %.2f %.2f Tm (%s) Tj ET"
                   % (t.font.encode(), t.size, cos, sin, -sin, cos, u, v, _escape(raw)))
    return b"\n".join(ops)


def _type3_objects(first_id: int) -> tuple[bytes, list[bytes]]:
    """Type3 font dict (object `first_id`) and one CharProc per glyph: filled squares."""
    proc_ids = list(range(first_id + 1, first_id + 1 + _TYPE3_GLYPHS))
    names = b" ".join(b"/g%d" % i for i in range(1, _TYPE3_GLYPHS + 1))
    procs = b" ".join(b"/g%d %d 0 R" % (i, pid) for i, pid in enumerate(proc_ids, start=1))
    widths = b" ".join(b"600" for _ in proc_ids)
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] "
            b"/FontMatrix [0.001 0 0 0.001 0 0] /Encoding << /Type /Encoding /Differences [1 "
            + names + b"] >> /CharProcs << " + procs + b" >> /FirstChar 1 /LastChar %d "
            % _TYPE3_GLYPHS + b"/Widths [" + widths + b"] /Resources << >> >>")
    glyph = b"600 0 0 0 500 700 d1 0 0 500 700 re f"
    proc_objs = [b"<< /Length %d >>\nstream\n%s\nendstream" % (len(glyph), glyph) for _ in proc_ids]
    return font, proc_objs


def build_pdf(pages: list[Page], *, encrypt: bool = False) -> bytes:
    """Serialise `pages` into a complete PDF (header, objects, xref table, trailer)."""
    objects: dict[int, bytes] = {
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        5: b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
           b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x40\x40\x80\nendstream",
    }
    font3, procs = _type3_objects(6)
    objects[6] = font3
    for i, proc in enumerate(procs, start=7):
        objects[i] = proc
    next_id = 7 + len(procs)
    resources = (b"<< /Font << /F1 3 0 R /F2 4 0 R /T3 6 0 R >> /XObject << /Im1 5 0 R >> >>")
    kids = []
    for page in pages:
        content = _content(page)
        objects[next_id] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
        objects[next_id + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Rotate %d "
                                b"/Resources %s /Contents %d 0 R >>"
                                % (page.size[0], page.size[1], page.rotate, resources, next_id))
        kids.append(next_id + 1)
        next_id += 2
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    trailer_extra = b""
    if encrypt:
        # Standard security handler, RC4 40-bit, with /O and /U values that match no password:
        # a reader must ask for one. Nothing in the file is actually encrypted.
        objects[next_id] = (b"<< /Filter /Standard /V 1 /R 2 /P -44 "
                            b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>")
        trailer_extra = (b" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> "
                         b"<0123456789abcdef0123456789abcdef>]" % next_id)
        next_id += 1
    return _serialise(objects, next_id, trailer_extra)


def _serialise(objects: dict[int, bytes], size: int, trailer_extra: bytes) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += (b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, trailer_extra, xref))
    return bytes(out)


# Helvetica advance widths (per 1000 units of the font size) of the characters figures use; other
# characters get an average letter width. Enough to right-align amounts exactly, as typesetters do.
_HELVETICA_WIDTHS = {**{d: 556 for d in "0123456789"}, ".": 278, ",": 278, "-": 333, "%": 889, " ": 278,
                     "(": 333, ")": 333, "+": 584, "€": 556}


def text_width(text: str, size: float) -> float:
    """The printed width of `text` in Helvetica at `size` points (letters approximated)."""
    return sum(_HELVETICA_WIDTHS.get(ch, 520) for ch in text) * size / 1000


def right_aligned(x1: float, top: float, text: str, size: float = 8.0, font: str = HELVETICA) -> Text:
    """A run that ends at `x1`: an amount in a right-aligned column."""
    return Text(x1 - text_width(text, size), top, text, size, font)


def centred(centre: float, top: float, text: str, size: float = 8.0, font: str = HELVETICA) -> Text:
    """A run centred on `centre`: a header cell over its column(s)."""
    return Text(centre - text_width(text, size) / 2, top, text, size, font)


def text_page(lines: list[str], *, top: float = 72.0, pitch: float = 14.0, size: float = 10.0,
              x: float = 72.0, bold_first: bool = False) -> Page:
    """A page of left-aligned Helvetica lines, `pitch` points apart."""
    texts = [Text(x, top + i * pitch, s, size, HELVETICA_BOLD if bold_first and i == 0 else HELVETICA)
             for i, s in enumerate(lines)]
    return Page(texts=texts)
