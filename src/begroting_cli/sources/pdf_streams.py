"""Decompression bombs: a few KB of FlateDecode that inflate to gigabytes make PDFium abort the process.

Before any PDF library parses the file, every Flate stream that text extraction would decode (content
streams, object streams, fonts; not images) is inflated here in bounded steps, counting bytes, and a
stream over the limit is refused. Memory stays at one step's output; time stops at the limit.

A PDF encrypted with an owner password alone opens without asking, so its streams are enciphered
Flate data that PDFium inflates after deciphering: such streams are deciphered here first (the file
key from the empty user password, with pdfminer's standard security handler), else a bomb in an
"protected" PDF would pass unseen. A PDF that needs a user password is left to the reader, which
refuses it.
"""

from __future__ import annotations

import hashlib
import mmap
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import SourceError
from ..limits import size_text

STEP = 1 << 20          # bytes of output per inflate step
DICT_LOOKBACK = 2048    # how far before `stream` its dictionary may start
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_ENCRYPT_REF = re.compile(rb"/Encrypt\s+(\d+)\s+(\d+)\s+R")
_FILE_ID = re.compile(rb"/ID\s*\[")
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_XREF_STREAM = re.compile(rb"/Type\s*/XRef\b")  # cross-reference streams are never enciphered
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
TRAILER_WINDOW = 4096   # how far around the /Encrypt reference the trailer's /ID may be

Decipher = Callable[[int, int, bytes], bytes]


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
        decipher = _decipher(data)
        for m in _STREAM.finditer(data):
            start = m.end()
            head = data[max(0, m.start() - DICT_LOOKBACK):m.start()]
            head = head[max(head.rfind(b"endobj"), head.rfind(b"endstream"), 0):]  # this object's dictionary
            layers = len(_FLATE.findall(head))
            if not layers or _IMAGE.search(head):
                continue
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
            if decipher is not None and not _XREF_STREAM.search(head):
                plain = _deciphered(decipher, head, data, start, end)
                if plain is None:
                    continue  # not deciphered: the PDF library judges it
                source: Iterator[bytes] = iter([plain])
            else:
                source = _chunks(data, start, end)
            for _ in range(layers):
                source = _inflate(source)
            total = 0
            for out in source:
                total += len(out)
                if total > max_bytes:
                    raise SourceError(f"a compressed stream inflates to more than {size_text(max_bytes)} "
                                      "(a decompression bomb?); raise --max-stream-size to read it anyway",
                                      source=name)


def _decipher(data: mmap.mmap) -> Decipher | None:
    """For a PDF encrypted with the standard security handler that opens with an empty user password:
    a function (object number, generation, enciphered stream) -> plain stream. None when the PDF is
    not encrypted, or cannot be opened without a password, or its encryption is not understood."""
    refs = list(_ENCRYPT_REF.finditer(data))
    if not refs:
        return None
    ref = refs[-1]  # the last trailer (incremental updates append theirs)
    from io import BytesIO  # noqa: PLC0415

    from pdfminer.pdfdocument import PDFDocument  # noqa: PLC0415
    from pdfminer.pdfparser import PDFParser  # noqa: PLC0415
    from pdfminer.psparser import literal_name  # noqa: PLC0415

    def parsed(at: int) -> object:
        return PDFParser(BytesIO(bytes(data[at:at + DICT_LOOKBACK * 4]))).nextobject()[1]

    try:
        header = re.compile(rb"(?<!\d)%s\s+%s\s+obj\b" % ref.groups())
        objects = list(header.finditer(data))
        window = data[max(0, ref.start() - TRAILER_WINDOW):ref.end() + TRAILER_WINDOW]
        file_id = _FILE_ID.search(window)
        if not objects or file_id is None:
            return None
        param = parsed(objects[-1].end())
        docid = parsed(max(0, ref.start() - TRAILER_WINDOW) + file_id.start() + 3)
        if not isinstance(param, dict) or literal_name(param.get("Filter")) != "Standard":
            return None
        handler_class = PDFDocument.security_handler_registry.get(int(param.get("V", 0)))
        if handler_class is None or not isinstance(docid, list):
            return None
        handler = handler_class(docid, param, "")
    except Exception:  # noqa: BLE001 - pdfminer's many errors: the PDF reader judges this file instead
        return None
    cfm = getattr(handler, "cfm", None)
    if cfm is None or cfm.get(handler.stmf) == handler.decrypt_rc4:
        # RC4: pdfminer's is pure Python (~1 MB a minute); the same key schedule on OpenSSL's RC4
        return lambda num, gen, raw: _rc4(_rc4_object_key(handler.key, num, gen), raw)
    return lambda num, gen, raw: handler.decrypt(num, gen, raw)  # type: ignore[no-any-return]


def _rc4_object_key(key: bytes, num: int, gen: int) -> bytes:
    """ISO 32000-1 7.6.2, algorithm 1: the key of one object's strings and streams."""
    full = key + struct.pack("<L", num)[:3] + struct.pack("<L", gen)[:2]
    return hashlib.md5(full).digest()[:min(len(full), 16)]  # noqa: S324 - the PDF format's own hash


def _rc4(key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4  # noqa: PLC0415
    from cryptography.hazmat.primitives.ciphers import Cipher  # noqa: PLC0415

    decryptor = Cipher(ARC4(key), mode=None).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def _deciphered(decipher: Decipher, head: bytes, data: mmap.mmap, start: int, end: int) -> bytes | None:
    """The stream's data, deciphered with its object's key; None when that fails."""
    obj = list(_OBJECT.finditer(head))
    if not obj:
        return None
    length = _DIRECT_LENGTH.search(head)
    if length is not None and start + int(length.group(1)) <= end:
        raw = data[start:start + int(length.group(1))]
    else:
        raw = data[start:end]
        raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if raw.endswith((b"\n", b"\r")) else raw
    try:
        return decipher(int(obj[-1].group(1)), int(obj[-1].group(2)), raw)
    except Exception:  # noqa: BLE001 - damaged ciphertext: the PDF reader judges it
        return None


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
