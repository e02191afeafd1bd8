"""Typed errors: exceptions mean "cannot continue"; data problems are Diagnostics, not exceptions.

    BegrotingError
    ├── SourceError        unreadable input: missing, empty, binary, encrypted, truncated (exit 2)
    │   └── NoTextLayerError   a PDF without any usable text layer (exit 2)
    ├── UsageError         bad options or arguments (exit 2)
    ├── OutputError        an output path that cannot be written (exit 2)
    └── NumberFormatError  a cell that is not a Dutch number (caught inside the extractors)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 70     # a bug in begroting (sysexits EX_SOFTWARE): never a finding, never bad input
EXIT_INTERRUPTED = 130  # SIGINT (Ctrl-C); SIGTERM exits 143, 128 + its number, as a shell reports it


class BegrotingError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, message: str, *, source: str | None = None, page: int | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.page = page
        self.line = line

    def one_line(self) -> str:
        """`file:page:line: message`, the form editors and CI logs can jump to."""
        where = [p for p in (self.source, f"p{self.page}" if self.page else None,
                             str(self.line) if self.line else None) if p]
        text = " ".join(self.message.split())
        return f"{':'.join(where)}: {text}" if where else text


class SourceError(BegrotingError):
    """The input cannot be read as a document."""


class NoTextLayerError(SourceError):
    """A PDF whose pages have no usable text layer (scans, Type3 fonts without ToUnicode)."""


class UsageError(BegrotingError):
    """Bad command-line usage or API arguments."""


class OutputError(BegrotingError):
    """An output path that cannot be written (read-only, no space, a directory, a closed pipe)."""

    def __init__(self, message: str, *, exit_code: int = EXIT_UNREADABLE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class NumberFormatError(BegrotingError, ValueError):
    """A cell that cannot be read as a Dutch number."""

    exit_code = EXIT_FINDINGS
