"""`--pages 1,3,5-7,10-`: a page selection, 1-based, as a reader takes it (one contiguous span) plus a filter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError

_PART = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*$")


@dataclass(frozen=True)
class PageSelection:
    """Parts (first, last) with last None for 'to the end'. `span` is what is read: from the first page
    selected to the last (the reader takes one contiguous run); `wanted` says which pages are kept."""

    parts: tuple[tuple[int, int | None], ...]

    @property
    def contiguous(self) -> bool:
        return len(self.parts) == 1

    def span(self, count: int | None = None) -> range | None:
        """The pages to read; None means to the end of a document whose page count is not known here."""
        first = min(a for a, _ in self.parts)
        if any(b is None for _, b in self.parts):
            return range(first, count + 1) if count is not None else None
        return range(first, max(b for _, b in self.parts if b is not None) + 1)

    def wanted(self, page: int | None) -> bool:
        if page is None:
            return True
        return any(a <= page and (b is None or page <= b) for a, b in self.parts)


def parse_pages(text: str) -> PageSelection:
    """'7', '15-20', '1,3,5-7,10-' -> a PageSelection; anything else is a usage error saying what works."""
    parts = []
    for piece in text.split(","):
        m = _PART.match(piece)
        if not m:
            raise UsageError(f"--pages takes pages and ranges such as 1,3,5-7,10- (1-based), not {text!r}")
        a = int(m.group(1))
        b = None if m.group(2) and m.group(3) is None else int(m.group(3) or a)
        if a < 1 or (b is not None and b < a):
            raise UsageError(f"--pages {text}: pages count from 1 and a range runs upwards")
        parts.append((a, b))
    return PageSelection(tuple(parts))


__all__ = ["PageSelection", "parse_pages"]
