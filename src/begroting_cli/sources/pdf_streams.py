"""Decompression bombs: a few KB of FlateDecode that inflate to gigabytes make PDFium abort the process.

Before any PDF library parses the file, every Flate stream that text extraction would decode (content
streams, object streams, fonts; not images) is inflated here in bounded steps, counting bytes, and a
stream over the limit is refused. Memory stays at one step's output; time stops at the limit.
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import SourceError
from ..limits import size_text

STEP = 1 << 20          # bytes of output per inflate step
DICT_LOOKBACK = 2048    # how far before `stream` its dictionary may start
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")


def check_streams(path: Path, max_bytes: int, name: str) -> None:
    """Raise SourceError when one Flate stream of the PDF inflates beyond `max_bytes` (0: no check).

    A filter chain of several FlateDecode (a few KB that inflate to megabytes, then to gigabytes) is
    inflated layer by layer, streaming, so no layer is ever held whole."""
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
            layers = len(_FLATE.findall(head))
            if not layers or _IMAGE.search(head):
                continue
            end = data.find(b"endstream", start)
            source = _chunks(data, start, len(data) if end < 0 else end)
            for _ in range(layers):
                source = _inflate(source)
            total = 0
            for out in source:
                total += len(out)
                if total > max_bytes:
                    raise SourceError(f"a compressed stream inflates to more than {size_text(max_bytes)} "
                                      "(a decompression bomb?); raise --max-stream-size to read it anyway",
                                      source=name)


def _chunks(data: mmap.mmap, start: int, end: int) -> Iterator[bytes]:
    for pos in range(start, end, STEP):
        yield data[pos:min(pos + STEP, end)]


def _inflate(source: Iterator[bytes]) -> Iterator[bytes]:
    """One zlib layer, at most STEP bytes out at a time; stops at the end of the data or at damage."""
    inflater = zlib.decompressobj()
    for chunk in source:
        while chunk:
            try:
                out = inflater.decompress(chunk, STEP)
            except zlib.error:
                return  # damaged or not zlib after all: the PDF library judges it
            if out:
                yield out
            chunk = inflater.unconsumed_tail
            if inflater.eof:
                return


__all__ = ["check_streams"]
