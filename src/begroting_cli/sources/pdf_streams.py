"""Decompression bombs: a few KB of FlateDecode that inflate to gigabytes make PDFium abort the process.

Before any PDF library parses the file, every Flate stream that text extraction would decode (content
streams, object streams, fonts; not images) is inflated here in bounded steps, counting bytes, and a
stream over the limit is refused. Memory stays at one step's output; time stops at the limit.
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path

from ..errors import SourceError
from ..limits import size_text

STEP = 1 << 20          # bytes of output per inflate step
DICT_LOOKBACK = 2048    # how far before `stream` its dictionary may start
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")


def check_streams(path: Path, max_bytes: int, name: str) -> None:
    """Raise SourceError when one Flate stream of the PDF inflates beyond `max_bytes` (0: no check)."""
    if not max_bytes:
        return
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file: nothing to inflate
            return
    with data:
        for m in _STREAM.finditer(data):
            start = m.end()
            head = data[max(0, m.start() - DICT_LOOKBACK):m.start()]
            head = head[max(head.rfind(b"endobj"), head.rfind(b"endstream"), 0):]  # this object's dictionary
            if not _FLATE.search(head) or _IMAGE.search(head):
                continue
            end = data.find(b"endstream", start)
            size = _inflated_size(data, start, len(data) if end < 0 else end, max_bytes)
            if size > max_bytes:
                raise SourceError(f"a compressed stream inflates to more than {size_text(max_bytes)} "
                                  "(a decompression bomb?); raise --max-stream-size to read it anyway", source=name)


def _inflated_size(data: mmap.mmap, start: int, end: int, max_bytes: int) -> int:
    """Bytes the zlib data at start..end inflates to, counted up to just past `max_bytes`."""
    inflater = zlib.decompressobj()
    total, pos = 0, start
    pending = b""
    while total <= max_bytes:
        if not pending:
            if pos >= end:
                break
            pending = data[pos:min(pos + STEP, end)]
            pos += len(pending)
        try:
            out = inflater.decompress(pending, STEP)
        except zlib.error:
            break  # damaged or not zlib after all: the PDF library judges it
        total += len(out)
        pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return total


__all__ = ["check_streams"]
