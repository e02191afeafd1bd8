"""Shared set-up for the batch tests: a small mixed corpus and a byte-for-byte view of an output tree."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import PAGES, PDFS, SAMPLES

MEASURED = {".state", "timings.jsonl"}  # the only parts of OUTDIR that may differ between runs


def mixed_corpus(root: Path, pages: int = 6) -> Path:
    """Samples, corpus pages, a one-page PDF and three broken files under root/in (nested)."""
    src = root / "in"
    (src / "pages").mkdir(parents=True)
    (src / "broken").mkdir()
    for p in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(p, src / p.name)
    for p in sorted(PAGES.glob("*.txt"))[:pages]:
        shutil.copy(p, src / "pages" / p.name)
    pdf = PDFS / "almere_begrotingswijziging_2025.pdf"
    if pdf.exists():
        shutil.copy(pdf, src / pdf.name)
        (src / "broken" / "truncated.pdf").write_bytes(pdf.read_bytes()[:4000])
    (src / "broken" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "broken" / "empty.txt").write_bytes(b"")
    return src


def tree(outdir: Path) -> dict[str, bytes]:
    """Every output file's bytes by relative path, the measured parts left out."""
    out = {}
    for p in sorted(outdir.rglob("*")):
        rel = p.relative_to(outdir)
        if rel.parts[0] in MEASURED or not p.is_file():
            continue
        out[str(rel)] = p.read_bytes()
    return out
