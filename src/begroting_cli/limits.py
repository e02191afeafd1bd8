"""Resource limits on hostile or accidental input, in one place with documented defaults.

Unattended runs (CI, batch jobs) read whatever a body publishes; every limit turns an input that would
exhaust memory or time into a one-line error (exit 2) instead of a hang or a killed process. Each limit
is a command-line option of `parse`, `export` and `validate` (README, "Limits").
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds per input document; 0 switches a limit off."""

    max_file_bytes: int = 256 * MIB       # size of an input file on disk
    max_pages: int = 5000                 # pages of a PDF (of the --pages range when given)
    max_line_chars: int = 1_000_000       # characters on one line of a text document
    max_lines: int = 200_000              # lines of a text document (~10x the longest budget book)
    max_stream_bytes: int = 256 * MIB     # one PDF content stream, decompressed (FlateDecode bombs)
    pdf_seconds: float = 600.0            # wall-clock time for reading a PDF's pages
    pdf_memory_bytes: int = 1024 * MIB    # address space of each PDF worker process

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"limit {f.name} must be 0 (off) or positive")

    @staticmethod
    def exceeded(value: float, limit: float) -> bool:
        """Whether `value` is over `limit` (0 = no limit)."""
        return bool(limit) and value > limit


DEFAULT_LIMITS = Limits()


def size_text(n: float) -> str:
    """A byte count for people: '256 MiB', '5 KiB'."""
    for unit, size in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{int(n)} bytes"


def parse_size(text: str) -> int:
    """'256M', '1G', '500k', '1048576' -> bytes (binary multiples); what the size options take."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    mult = {"K": 1024, "M": MIB, "G": 1024 * MIB}.get(t[-1:], 1)
    digits = t[:-1] if t[-1:] in "KMG" and t else t
    try:
        value = float(digits)
    except ValueError:
        raise ValueError(f"not a size such as 256M or 1G: {text!r}") from None
    if value < 0:
        raise ValueError(f"a size cannot be negative: {text!r}")
    return int(value * mult)


__all__ = ["DEFAULT_LIMITS", "MIB", "Limits", "parse_size", "size_text"]
