"""Diagnostics.count_of answers as a scan of the list would, whatever the order of adds and pops."""

from __future__ import annotations

import random

import pytest

from begroting_cli.extract.diagnostics import Diagnostics


def _scan(diags: Diagnostics, code: str, element: int) -> int:
    return sum(1 for d in diags if d.code == code and d.location.element == element)


def test_count_of_matches_a_scan() -> None:
    rng = random.Random(3)
    for _ in range(50):
        diags = Diagnostics()
        for _ in range(rng.randint(0, 40)):
            if diags and rng.random() < 0.3:
                diags.pop(rng.randrange(len(diags)))
            else:
                diags.add(rng.choice(["header-unplaced", "ragged-row"]), "warning", "m",
                          element=rng.choice([None, 0, 1, 2]))
        for code in ("header-unplaced", "ragged-row"):
            for element in (0, 1, 2):
                assert diags.count_of(code, element) == _scan(diags, code, element)


def test_mutators_that_would_bypass_the_count_refuse() -> None:
    diags = Diagnostics()
    diags.add("x", "info", "m", element=1)
    with pytest.raises(TypeError):
        diags.extend(list(diags))
    with pytest.raises(TypeError):
        del diags[0]
    assert list(diags)[0].code == "x"
