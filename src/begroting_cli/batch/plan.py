"""Which documents a batch runs: inputs (files, directories, globs) expanded, hashed and ordered.

The plan is deterministic (input order, then sorted paths) so that two runs over the same inputs
write the same manifest; identical files (same sha256) are parsed once.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import UsageError

# What a directory contributes; a file named on the command line is taken whatever its suffix.
DOCUMENT_SUFFIXES = {".txt", ".text", ".pdf", ".html", ".htm"}
_GLOB_CHARS = set("*?[")
# Bytes per page, to compare the work in a PDF with the work in a text or HTML file (corpus medians).
PDF_BYTES_PER_PAGE = 25_000
TEXT_BYTES_PER_PAGE = 3_000


@dataclass(frozen=True)
class BatchLimits:
    """What one document may cost before it becomes a failure row."""

    timeout: float = 600.0      # wall-clock seconds
    max_memory_mb: int = 4096   # address space of the child process (RLIMIT_AS)
    max_pages: int | None = None


@dataclass(frozen=True)
class Task:
    """One document for a worker: plain data, so it travels to a Dask worker as paths, not bytes."""

    path: str
    sha256: str
    outdir: str
    limits: BatchLimits
    unit: int | None = None
    parser: str = "begroting_cli.api:parse"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Task:
        limits = BatchLimits(**data["limits"])  # type: ignore[arg-type]
        return cls(**{**data, "limits": limits})  # type: ignore[arg-type]


def _walk(directory: Path, exclude: Path | None) -> list[Path]:
    found = []
    for p in directory.rglob("*"):
        rel = p.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if exclude is not None and (exclude == p.resolve() or exclude in p.resolve().parents):
            continue
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES:
            found.append(p)
    return sorted(found, key=str)


def expand_inputs(inputs: Iterable[str | Path], exclude: Path | None = None) -> list[Path]:
    """Files as given, directories recursively (document suffixes only), globs (with `**`).

    An input that matches nothing is bad usage (UsageError), not a failure row: it has no content
    to name a row by. Duplicated paths are kept once, in the order first met.
    """
    exclude = exclude.resolve() if exclude is not None else None
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in inputs:
        text = str(raw)
        p = Path(text)
        if p.is_dir():
            matches = _walk(p, exclude)
        elif p.exists():
            matches = [p]
        elif _GLOB_CHARS & set(text):
            matches = []
            for m in sorted(glob.glob(text, recursive=True)):
                mp = Path(m)
                matches.extend(_walk(mp, exclude) if mp.is_dir() else [mp])
        else:
            raise UsageError("no such file or directory", source=text)
        if not matches:
            raise UsageError("no documents found", source=text)
        for m in matches:
            key = m.resolve()
            if key not in seen:
                seen.add(key)
                out.append(m)
    return out


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def estimated_pages(path: str | Path) -> float:
    """How much parsing a file is, from its size alone (no file is opened): its pages, roughly."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return 0.0
    per_page = PDF_BYTES_PER_PAGE if str(path).lower().endswith(".pdf") else TEXT_BYTES_PER_PAGE
    return size / per_page


def longest_first(tasks: list[dict[str, object]]) -> list[dict[str, object]]:
    """The order documents start in: the most work first, so that a long document never starts last
    and keeps one worker busy while the others wait at the end (ties keep the plan order). The
    outputs do not depend on it: they are written in plan order."""
    return sorted(tasks, key=lambda t: -estimated_pages(str(t["path"])))
