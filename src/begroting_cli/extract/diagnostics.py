"""Collecting diagnostics while extracting: a stable code, a severity, a message, a location."""

from __future__ import annotations

from ..models import Diagnostic, Location, Severity
from ..stream import Line


class Diagnostics(list[Diagnostic]):
    def add(self, code: str, severity: str, message: str, line: Line | None = None, *,
            row: str | None = None, column: str | None = None, element: int | None = None) -> None:
        self.append(Diagnostic(
            code=code, severity=Severity(severity), message=message,
            location=Location(line=line.number if line else None, page=line.page if line else None,
                              row=row, column=column, element=element)))
