"""Plain-text reader: bytes -> lines, with honest decoding and clear refusals."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import SourceError
from ..limits import DEFAULT_LIMITS, Limits
from ..stream import Format, SourceDocument, plain_lines

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters that never occur in real text (tab, newline and CR excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str) -> tuple[str, list[tuple[str, str, str, int | None]]]:
    """UTF-8 (BOM allowed), UTF-16 with BOM, else cp1252 with a note; binary data is refused."""
    notes: list[tuple[str, str, str, int | None]] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), notes
        except UnicodeDecodeError as exc:
            raise SourceError(f"not valid UTF-16 text ({exc.reason})", source=name) from None
    if b"\x00" in data[:65536]:
        bom_less = _utf16_without_bom(data[:65536])
        if bom_less is None:
            raise SourceError("binary file, not a text document", source=name)
        try:
            text = data.decode(bom_less)
        except UnicodeDecodeError as exc:
            raise SourceError(f"not valid UTF-16 text ({exc.reason})", source=name) from None
        notes.append(("source-encoding", "warning",
                      f"file is UTF-16 without a byte order mark; decoded as {bom_less.upper()}", None))
        return text, notes
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notes.append(("source-encoding", "warning",
                      "file is not UTF-8; decoded as Windows-1252 (cp1252)", None))
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise SourceError("binary file, not a text document", source=name)
    return text, notes


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the NUL bytes sit in every other byte (Latin text saved as UTF-16
    without a byte order mark), else None: other data with NUL bytes is binary."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4 or len(head) % 2:
        return None
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def split_lines(text: str) -> list[str]:
    """Lines on \\n, \\r\\n and \\r only (str.splitlines also splits on form feeds and U+2028)."""
    # The common cases at C speed: no CR to consider, no control character to drop.
    raw_lines = text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    if _CONTROL.search(text) is None:
        return raw_lines
    return [_CONTROL.sub("", s) for s in raw_lines]


def check_line_length(texts: list[str], name: str, limits: Limits) -> None:
    """Refuse too many lines, or a line longer than the limit (a data dump or a file without line
    breaks, not a document): time and memory grow with both."""
    if Limits.exceeded(len(texts), limits.max_lines):
        raise SourceError(f"{len(texts):,} lines, over the limit of {limits.max_lines:,} (--max-lines)", source=name)
    if not limits.max_line_chars or max(map(len, texts), default=0) <= limits.max_line_chars:
        return
    for i, s in enumerate(texts, start=1):
        if len(s) > limits.max_line_chars:
            raise SourceError(f"line is {len(s):,} characters long, over the limit of {limits.max_line_chars:,} "
                              "(--max-line-length)", source=name, line=i)


def read_text(path: Path, data: bytes | None = None, *, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    name = path.name
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read file ({exc.strerror})", source=name) from None
    text, notes = decode_text(data, name)
    if not text.strip():
        raise SourceError("empty document: no text to parse", source=name)
    texts = split_lines(text)
    check_line_length(texts, name, limits)
    lines = plain_lines(texts)
    return SourceDocument(name=name, sha256=hashlib.sha256(data).hexdigest(), format=Format.TEXT,
                          lines=lines, notes=notes)
