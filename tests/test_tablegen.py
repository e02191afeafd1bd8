"""Generated budget tables in every rendering must come back exactly, or with a warning.

Renderings the parser does not yet read back are xfail(strict=True) with the reason, so the suite
stays green and flips to a failure (to be un-marked) the day they are fixed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.api import parse_html_text

from .pdfgen import right_aligned
from .tablegen import (LAYOUTS, RENDERINGS, compare, financial_tables, fmt, generate, glued_applies, overall,
                       pdf_page, rate, render, render_html, roundtrip)

# Renderings whose failures are parser defects recorded in the report of the generator branch.
OPEN: dict[str, str] = {
    "glued": "glued rows whose label ends in a letter ('Overhead3.39203.392') are not recognised as rows: "
             "no table and no warning",
    "pdf": "PDF headers: wrapped kind phrases, a group phrase centred over its parts and trailing minus "
           "amounts come out as wrong columns or labels, often without a warning",
}
HOLDING = tuple(r for r in RENDERINGS if r not in OPEN)
FIXED_SEEDS = range(100)


def _mark(rendering: str) -> object:
    if rendering in OPEN:
        return pytest.param(rendering, marks=pytest.mark.xfail(strict=True, reason=OPEN[rendering]))
    return rendering


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**9), rendering=st.sampled_from([r for r in HOLDING if r != "pdf"]))
def test_generated_table_comes_back_or_warns(seed: int, rendering: str) -> None:
    out = roundtrip(generate(seed), rendering, seed)
    assert out.exact or out.warned, f"seed {seed} as {rendering}: silently wrong ({out.why})"


@pytest.mark.xfail(strict=True, reason=OPEN["pdf"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_generated_table_comes_back_from_a_pdf_or_warns(seed: int) -> None:
    out = roundtrip(generate(seed), "pdf", seed)
    assert out.exact or out.warned, f"seed {seed} as pdf: silently wrong ({out.why})"


@pytest.mark.xfail(strict=True, reason=OPEN["glued"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_generated_table_comes_back_glued_or_warns(seed: int) -> None:
    t = generate(seed)
    if not glued_applies(t):
        return
    out = roundtrip(t, "glued", seed)
    assert out.exact or out.warned, f"seed {seed} glued: silently wrong ({out.why})"


@pytest.fixture(scope="module")
def fixed_set() -> dict:
    return rate(FIXED_SEEDS)


@pytest.mark.parametrize("rendering", [_mark(r) for r in RENDERINGS])
def test_fixed_seed_set_round_trips(fixed_set: dict, rendering: str) -> None:
    tally = fixed_set[rendering]
    assert tally.total >= (10 if rendering == "glued" else len(FIXED_SEEDS))
    assert tally.silent == 0, tally.failures
    assert tally.exact >= 0.99 * tally.total, tally.failures


def test_fixed_seed_set_counts_every_rendering(fixed_set: dict) -> None:
    """The overall tally is the sum of the renderings, and every table went through every rendering
    that applies to it (glued: those with Lasten/Baten/Saldo)."""
    glued = sum(glued_applies(generate(s)) for s in FIXED_SEEDS)
    assert {r: t.total for r, t in fixed_set.items()} == {r: glued if r == "glued" else len(FIXED_SEEDS)
                                                           for r in RENDERINGS}
    assert overall(fixed_set).total == sum(t.total for t in fixed_set.values())


@pytest.mark.parametrize("layout", [*LAYOUTS, "glued"])
def test_every_text_rendering_holds_every_figure(layout: str) -> None:
    """The renderings themselves: each value of the table is printed (else the test proves nothing)."""
    seed = next(s for s in range(200) if glued_applies(generate(s)))
    t = generate(seed)
    text = render(t, layout)
    for label, values in t.rows:
        assert label in text
        for v in values:
            assert fmt(v, "lead" if layout == "glued" else t.negative) in text


def test_glued_rendering_leaves_no_space_between_cells() -> None:
    t = next(generate(s) for s in range(200) if glued_applies(generate(s)))
    label, values = t.rows[0]
    assert label + "".join(fmt(v) for v in values) in render(t, "glued").splitlines()


def test_web_page_rendering_puts_every_cell_in_the_table() -> None:
    t = generate(7)
    page = render_html(t)
    assert page.count("<tr>") == len(t.rows) + len(t.sections) + (2 if t.parts else 1)
    doc = parse_html_text(page)
    raws = [v.raw for e in doc.elements for r in getattr(e, "rows", []) for v in getattr(r, "values", [])]
    assert [fmt(v, t.negative) for _, vs in t.rows for v in vs] == [r for r in raws if r]


def test_pdf_rendering_right_aligns_every_amount_on_its_column() -> None:
    t = generate(11)
    page = pdf_page(t)
    amounts = {fmt(v, t.negative) for _, vs in t.rows for v in vs}
    edges = {round(x.x + right_aligned(0, 0, x.text, x.size).x * -1, 1) for x in page.texts if x.text in amounts}
    assert len(edges) == len(t.columns)  # one right edge per column, shared by every amount in it


def test_dutch_amounts_as_printed() -> None:
    assert [fmt(v) for v in (1234567, -1000, 12, None)] == ["1.234.567", "-1.000", "12", "-"]
    assert [fmt(-1000, style) for style in ("lead", "trail", "paren")] == ["-1.000", "1.000-", "(1.000)"]


def test_comparison_catches_a_wrong_value() -> None:
    """The checker itself can fail: a table read back with one figure changed is not exact."""
    t = generate(3)
    label, values = t.rows[0]
    i = next(k for k, v in enumerate(values) if v is not None)
    changed = list(values)
    changed[i] = (values[i] or 0) + 1
    t2 = generate(3)
    t2.rows[0] = (label, changed)
    assert roundtrip(t2, "rows").exact
    got = financial_tables(parse_text(render(t2, "rows")))
    assert not compare(t, got, warned=False).exact
    assert Decimal(changed[i]) * t.unit in [v.value for r in got for row in r.rows for v in row.values]
