"""Hostile PDFs built by hand: decompression bombs, fonts that map to no character, scripts, attachments.

Each is the smallest file that shows one attack or accident; the tests assert the one-line error or
the document that comes out, within the documented limits.
"""

from __future__ import annotations

import zlib

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_ops(lines: list[str], *, top: float = 72.0, pitch: float = 14.0, font: bytes = b"F1") -> bytes:
    """A content stream of left-aligned 10 pt lines on an A4 page."""
    ops = []
    for i, s in enumerate(lines):
        raw = s.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"BT /%s 10 Tf 72 %.2f Td (%s) Tj ET" % (font, 842 - top - i * pitch, raw))
    return b"\n".join(ops)


def pdf(contents: list[bytes], *, flate: bool = False, font: bytes = HELVETICA, catalog_extra: bytes = b"",
        extra_objects: dict[int, bytes] | None = None, mediabox: tuple[float, float] = (595.0, 842.0)) -> bytes:
    """One page per content stream, all with font /F1. Objects 1-3: catalog, pages, font; extras from 100."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>", 3: font}
    objects.update(extra_objects or {})
    kids = []
    next_id = 4
    for content in contents:
        data = zlib.compress(content) if flate else content
        filt = b" /Filter /FlateDecode" if flate else b""
        objects[next_id] = b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filt, data)
        objects[next_id + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                                % (mediabox[0], mediabox[1], next_id))
        kids.append(next_id + 1)
        next_id += 2
    objects[2] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    return serialise(objects)


def serialise(objects: dict[int, bytes], *, root: int = 1, trailer_extra: bytes = b"",
              version: bytes = b"1.4") -> bytes:
    """Numbered objects -> a PDF file with a correct cross-reference table (`trailer_extra`: more
    trailer keys, such as an /Encrypt reference)."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer_extra, xref)
    return bytes(out)


def flate_bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream is `inflated` bytes of spaces, compressed (~1000x smaller)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(inflated >> 20)]
    data = b"".join(parts) + comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>"
    return serialise({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
                      3: HELVETICA, 4: stream, 5: page})


def surrogate_font() -> bytes:
    """Helvetica whose ToUnicode map sends "A" to the lone surrogate U+D800 (object 100)."""
    return HELVETICA[:-2] + b"/ToUnicode 100 0 R >>"


SURROGATE_CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
                  b"1 begincodespacerange <00> <FF> endcodespacerange "
                  b"1 beginbfchar <41> <D800> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")


def surrogate_objects() -> dict[int, bytes]:
    return {100: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(SURROGATE_CMAP), SURROGATE_CMAP)}


JAVASCRIPT = b" /OpenAction << /S /JavaScript /JS (app.alert\\('hi'\\);) >>"
EMBEDDED = b" /Names << /EmbeddedFiles << /Names [(a.txt) 100 0 R] >> >>"


def embedded_objects() -> dict[int, bytes]:
    body = b"Lasten 1.000"
    return {100: b"<< /Type /Filespec /F (a.txt) /EF << /F 101 0 R >> >>",
            101: b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream" % (len(body), body)}
