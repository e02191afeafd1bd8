"""The fuzz harness in the suite: a few hundred inputs with fixed seeds (`make fuzz` runs 10,000+).

Hypothesis (derandomized: the same examples every run) drives the normaliser and generated tables; the
structure-aware mutator (tests/fuzz/mutate.py) drives real samples, corpus pages and PDFs.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from begroting_cli.errors import NumberFormatError
from begroting_cli.normalise.numbers import MAX_DIGITS, NBSP, parse_cell, try_parse_cell
from begroting_cli.normalise.units import find_unit

from .fuzz.invariants import DOCUMENT, REFUSED, check_pdf, check_text
from .fuzz.mutate import EXTREME_NUMBERS, HEADER_WORDS, INVISIBLE, Mutator, window
from .fuzz.run import run, seeds_pdf, seeds_text

FIXED = settings(derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters numbers are made of, and what documents and encodings put between them.
NUMBER_CHARS = "0123456789.,-–−()%€ NVnv/*" + "".join(INVISIBLE) + "١٢٣٤٥٦٧٨٩٠١２３٫"
number_texts = st.one_of(st.text(alphabet=NUMBER_CHARS, max_size=40), st.sampled_from(EXTREME_NUMBERS),
                         st.text(max_size=20))


@FIXED
@given(number_texts)
def test_the_normaliser_returns_a_state_or_an_exact_number_or_says_it_is_not_one(text: str) -> None:
    try:
        cell = parse_cell(text)
    except NumberFormatError:
        assert try_parse_cell(text) is None
        return
    assert cell.raw.replace(NBSP, " ").split() == text.replace(NBSP, " ").split()
    if cell.value is not None:
        assert isinstance(cell.value, Decimal) and cell.value.is_finite()
        assert len(cell.value.as_tuple().digits) <= MAX_DIGITS


@FIXED
@given(st.text(max_size=80))
def test_unit_finding_never_raises(text: str) -> None:
    unit = find_unit(text)
    assert unit is None or unit.multiplier in (1, 1000, 1_000_000, 10**9)


cells = st.one_of(st.integers(-10**15, 10**15).map(lambda n: f"{n:,}".replace(",", ".")), number_texts,
                  st.sampled_from(["", "n.v.t.", "-", "p.m."]))
rows = st.tuples(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ÀéëïöüABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1,
                         max_size=30), st.lists(cells, min_size=0, max_size=8))


@FIXED
@given(st.lists(st.sampled_from(HEADER_WORDS), min_size=1, max_size=6), st.lists(rows, min_size=1, max_size=25),
       st.sampled_from([" ", "  ", " | ", "\t"]))
def test_generated_tables_keep_every_invariant(header: list[str], body: list[tuple[str, list[str]]],
                                                sep: str) -> None:
    lines = ["Overzicht lasten en baten (bedragen x € 1.000)", sep.join(header)]
    lines += [sep.join([label, *values]) for label, values in body]
    assert check_text("\n".join(lines) + "\n") in (DOCUMENT, REFUSED)


TEXT_SEEDS = seeds_text()


@pytest.mark.parametrize("seed", range(0, 240, 40))
def test_mutated_samples_and_corpus_pages_keep_every_invariant(seed: int) -> None:
    """40 mutated windows of real documents per seed."""
    rng = random.Random(seed)
    for k in range(40):
        name, lines = rng.choice(TEXT_SEEDS)
        text = "\n".join(Mutator(seed * 1000 + k).lines(window(lines, rng))) + "\n"
        assert check_text(text, name) in (DOCUMENT, REFUSED), (seed, k, name)


@pytest.mark.parametrize("seed", range(3))
def test_mutated_pdfs_are_documents_or_one_line_refusals(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    pdfs = seeds_pdf()
    for k in range(12):
        name, data = pdfs[k % len(pdfs)]
        path = tmp_path / f"{k}-{name}"
        path.write_bytes(Mutator(rng.getrandbits(32)).pdf(data))
        assert check_pdf(path) in (DOCUMENT, REFUSED), (seed, k, name)


def test_the_runner_counts_and_reports() -> None:
    tally = run(inputs=30, seed=3, pdf_share=0.1, hang_seconds=20, crashes=None, quiet=True)
    assert tally["crash"] == 0 and tally["hang"] == 0
    assert tally["document"] + tally["refused"] == 30 == tally["text"] + tally["pdf"]


# Crashes the fuzzer found, kept as the inputs that showed them.
REGRESSIONS = {
    "pipe row of bars only": "Tabel | Begroting 2020 | Rekening 2020 |\n---|---|---|\n|||\nLasten | 1 | 2 |\n",
    "percentage over a tiny denominator": "Tabel (x € 1.000) | Begroting 2020 | Realisatie 2020 | % |\n"
                                          "Lasten | 1.000.000.000.000.000 | 0,0000000000000000000000000001 | 50 |\n"
                                          "Baten | 100 | 200 | 50 |\nOverig | 300 | 600 | 50 |\n",
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_found_crashes_stay_fixed(name: str) -> None:
    assert check_text(REGRESSIONS[name]) in (DOCUMENT, REFUSED)
