"""Nothing lost: every non-blank input line belongs to exactly one element."""

from __future__ import annotations

from pathlib import Path

import pytest

from begroting_cli import parse

from .conftest import PAGES, SAMPLES

DOCS = sorted(SAMPLES.glob("*.txt")) + (sorted(PAGES.glob("*.txt")) if PAGES.exists() else [])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem[:24])
def test_every_line_in_exactly_one_element(path: Path) -> None:
    doc = parse(path)
    owner: dict[int, int] = {}
    for i, el in enumerate(doc.elements):
        for n in el.lines:
            assert n not in owner, f"line {n} is in elements {owner[n]} and {i}"
            owner[n] = i
    text = path.read_text(encoding="utf-8")
    nonblank = {n for n, line in enumerate(text.splitlines(), start=1)
                if line.strip() or "\u00a0" in line}
    assert nonblank - owner.keys() == set()
    assert owner.keys() - nonblank == set()
