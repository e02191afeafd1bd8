"""Bytes of a web page -> text: BOM, then the declared charset (HTTP header or `<meta>`), then detection.

Why: a page saved from a Windows CMS often declares one charset and holds another; decoding by the
declaration alone puts mojibake (`â‚¬`, `Ã«`) into labels and units. A declaration the bytes contradict
is overruled by the evidence and reported, never silently trusted.
"""

from __future__ import annotations

import codecs
import re

Note = tuple[str, str, str, int | None]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Latin-1 is what browsers read as Windows-1252 (WHATWG encoding standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "windows-1252": "cp1252", "iso8859-1": "cp1252"}


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """The charset of a Content-Type header, else of a `<meta>` in the first 4 KB, as a codec name."""
    for found in (re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", header or "", re.I),
                  _META_CHARSET.search(data[:4096])):
        if found:
            name = found.group(1)
            name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
            name = _ALIASES.get(name.lower(), name.lower())
            try:
                return codecs.lookup(name).name
            except LookupError:
                return name
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, header: str | None = None) -> tuple[str, list[Note]]:
    """Text and notes (`html-charset` warnings) for the bytes of one page."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), []
    declared = declared_charset(data, header)
    notes: list[Note] = []
    utf8 = _is_utf8(data)
    multibyte = utf8 and any(b >= 0x80 for b in data)
    if declared is None:
        if utf8:
            return data.decode("utf-8"), notes
        notes.append(("html-charset", "info", "no charset declared and not UTF-8: read as Windows-1252", None))
        return data.decode("cp1252", errors="replace"), notes
    try:
        codecs.lookup(declared)
    except LookupError:
        notes.append(("html-charset", "warning", f"unknown charset {declared!r} declared; read as "
                      f"{'UTF-8' if utf8 else 'Windows-1252'}", None))
        return (data.decode("utf-8") if utf8 else data.decode("cp1252", errors="replace")), notes
    if declared == "utf-8" and not utf8:
        notes.append(("html-charset", "warning", "declared UTF-8 but the bytes are not UTF-8; read as "
                      "Windows-1252", None))
        return data.decode("cp1252", errors="replace"), notes
    if declared != "utf-8" and multibyte and declared in ("cp1252", "iso8859-15", "iso8859-2", "cp1250"):
        # Valid UTF-8 multi-byte sequences are very unlikely in real single-byte text.
        notes.append(("html-charset", "warning", f"declared {declared} but the bytes are UTF-8; read as UTF-8",
                      None))
        return data.decode("utf-8"), notes
    try:
        return data.decode(declared), notes
    except UnicodeDecodeError:
        notes.append(("html-charset", "warning", f"bytes do not fit the declared charset {declared}; "
                      "undecodable bytes replaced", None))
        return data.decode(declared, errors="replace"), notes
