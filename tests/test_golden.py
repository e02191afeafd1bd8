"""Golden files: the whole parsed model per sample, reviewed by reading it against the sample.

Regenerate with `make golden` only after reading the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from begroting_cli import parse
from begroting_cli.emit import to_json

from .conftest import ROOT, SAMPLES

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden(path: Path, update_golden: bool) -> None:
    got = to_json(parse(path))
    target = GOLDEN / f"{path.stem}.json"
    if update_golden:
        target.write_text(got, encoding="utf-8")
    expected = target.read_text(encoding="utf-8")
    if got != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "golden", "now", n=2))
        pytest.fail(f"{path.name} differs from its golden file:\n{diff[:4000]}")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_parse_is_deterministic(path: Path) -> None:
    assert to_json(parse(path)) == to_json(parse(path))
