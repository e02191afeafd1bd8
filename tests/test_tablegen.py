"""Generated budget tables in every text layout must come back exactly, or with a warning."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tablegen import LAYOUTS, fmt, generate, rate, render, roundtrip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**9), layout=st.sampled_from(LAYOUTS))
def test_generated_table_comes_back_or_warns(seed: int, layout: str) -> None:
    out = roundtrip(generate(seed), layout)
    assert out.exact or out.warned, f"seed {seed} in {layout}: silently wrong ({out.why})"


def test_fixed_seed_set_round_trips() -> None:
    exact, total, silent, failures = rate(range(100))
    assert silent == 0, failures
    assert exact >= 0.99 * total, failures


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_rendering_holds_every_figure(layout: str) -> None:
    """The renderings themselves: each value of the table is printed (else the test proves nothing)."""
    t = generate(7)
    text = render(t, layout)
    for label, values in t.rows:
        assert label in text
        for v in values:
            assert fmt(v, t.negative) in text


def test_dutch_amounts_as_printed() -> None:
    assert [fmt(v) for v in (1234567, -1000, 12, None)] == ["1.234.567", "-1.000", "12", "-"]
    assert [fmt(-1000, style) for style in ("lead", "trail", "paren")] == ["-1.000", "1.000-", "(1.000)"]
