"""Collecting diagnostics while extracting: a stable code, a severity, a message, a location."""

from __future__ import annotations

from collections import Counter
from typing import SupportsIndex

from ..models import Diagnostic, Location, Severity
from ..provenance import Provenance
from ..stream import Line


class Diagnostics(list[Diagnostic]):
    """The list of diagnostics, counted by (code, element) as they are added and popped: each table asks how
    many of its own there are, and scanning the whole list per table made a long document quadratic."""

    def __init__(self) -> None:
        super().__init__()
        self._counts: Counter[tuple[str, int | None]] = Counter()

    def add(self, code: str, severity: str, message: str, where: Line | Provenance | None = None, *,
            row: str | None = None, column: str | None = None, element: int | None = None) -> None:
        """`where`: the source line, or a value's provenance once the line is no longer at hand."""
        number = where.number if isinstance(where, Line) else where.line if where is not None else None
        self.append(Diagnostic(
            code=code, severity=Severity(severity), message=message,
            location=Location(line=number, page=where.page if where is not None else None,
                              row=row, column=column, element=element)))

    def append(self, diagnostic: Diagnostic) -> None:
        super().append(diagnostic)
        self._counts[diagnostic.code, diagnostic.location.element] += 1

    def pop(self, index: SupportsIndex = -1) -> Diagnostic:
        diagnostic = super().pop(index)
        self._counts[diagnostic.code, diagnostic.location.element] -= 1
        return diagnostic

    def count_of(self, code: str, element: int) -> int:
        """How many diagnostics with this code point at this element (as they were added: a location's element
        is not changed afterwards)."""
        return self._counts[code, element]

    def _uncounted(self, *_: object, **__: object) -> None:
        raise TypeError("Diagnostics change through add(), append() and pop() only (they keep the counts)")

    extend = insert = remove = clear = __setitem__ = __delitem__ = __iadd__ = _uncounted  # type: ignore[assignment]
