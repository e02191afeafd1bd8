"""Metamorphic perturbations of the gold-scored corpus pages must not make the reading worse.

One case per (perturbation, page) that the perturbation changes (`tests/perturb.py`). The cases
that read worse today are parser defects, listed in KNOWN with what got worse (scores against the
page's gold; "(silent)": without a new warning) and marked xfail(strict=True): a fix turns them
into failures, to be removed from the list.
"""

from __future__ import annotations

import pytest

from .perturb import PERTURBATIONS, REPRINTS_FIGURES, gold_pages, judge

KNOWN: dict[tuple[str, str], str] = {
    ("blank_between_rows", "257_enschede_2024_incidentele-baten-en-lasten.txt"):
        "fin_hit 2 < 55; fin_strict_hit 2 < 55",
    ("blank_between_rows", "251_eersel_2020_geprognosticeerde-balans.txt"):
        "fin_hit 36 < 66; fin_strict_hit 36 < 66",
    ("blank_between_rows", "114_overbetuwe_2020_structureel-begrotingssaldo.txt"):
        "fin_hit 120 < 140; fin_strict_hit 120 < 140",
    ("thousands_dropped", "295_ede_2018_bijlage-8-kerngegevens.txt"):
        "ind_hit 38 < 50",
    ("thousands_dropped", "307_bronckhorst_2023_balansprognose.txt"):
        "fin_hit 85 < 102; fin_strict_hit 85 < 102",
    ("thousands_dropped", "309_utrechtse-heuvelrug_2024_geprognosticeerde-balans.txt"):
        "fin_hit 0 < 114; fin_strict_hit 0 < 114",
    ("thousands_dropped", "320_meierijstad_2021_rioolheffing.txt"):
        "fin_hit 12 < 13; fin_strict_hit 12 < 13 (silent)",
    ("thousands_dropped", "101_gilze-rijen_2018_overzicht-baten-en-lasten.txt"):
        "fin_hit 1 < 162; fin_strict_hit 1 < 162",
    # The "last figure line" is a bullet ("... begroting 2019."): the sentence lands between two items, and two
    # lists is the faithful reading of the perturbed text; the gold counts one.
    ("sentence_after", "332_tubbergen_2019_basisbegroting.txt"):
        "list_count_hit 0 < 1 (silent)",
    # Key-value rows two spaces apart: the perturbation collapses the spaces that are the only evidence of the cells.
    ("column_spaces", "255_enschede_2017_financiele-begroting.txt"): "ind_hit 5 < 7 (silent)",
    # The sentence lands between two key-figure bullets (the scorer does not count "€375" a figure), leaving one item alone.
    ("sentence_after", "212_dinkelland_2022_programma-bestuur-middelen.txt"): "ind_hit 4 < 5 (silent)",
    # Read worse on main too (not from the indicator branch).
    ("unit_line_moved", "233_s-hertogenbosch_2018_investeringen.txt"): "fin_hit 10 < 30; fin_strict_hit 10 < 30",
    ("unit_line_moved", "329_medemblik_2020_balans-per-31-december-2020.txt"): "fin_strict_hit 24 < 48",
}


# Read worse, but not in every test order (the page alone fails, with other pages before it it can
# pass): a harness or cache effect still to be found, so not strict until it is.
UNSETTLED: dict[tuple[str, str], str] = {
    ("unit_line_moved", "233_s-hertogenbosch_2018_investeringen.txt"):
        "fin_hit 10 < 30; fin_strict_hit 10 < 30 (order-dependent)",
    ("unit_line_moved", "329_medemblik_2020_balans-per-31-december-2020.txt"):
        "fin_strict_hit 24 < 48 (order-dependent)",
}


def _cases() -> list:
    out = []
    for name, perturb in PERTURBATIONS.items():
        for page in gold_pages():
            if perturb(page.text) == page.text:
                continue
            known = KNOWN.get((name, page.name))
            marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
            if (name, page.name) in UNSETTLED:
                marks = [pytest.mark.xfail(strict=False, reason=UNSETTLED[(name, page.name)])]
            out.append(pytest.param(name, page.name, marks=marks, id=f"{name}-{page.name.split('_')[0]}"))
    return out


CASES = _cases()
PAGES = {p.name: p for p in gold_pages()}
NO_CORPUS = "no gold corpus at ../shared/corpus/pages"


@pytest.mark.skipif(not CASES, reason=NO_CORPUS)
@pytest.mark.parametrize(("perturbation", "page"), CASES)
def test_perturbation_does_not_make_the_reading_worse(perturbation: str, page: str) -> None:
    verdict = judge(PAGES[page], perturbation)
    assert verdict.holds, f"{perturbation} on {page}: {'; '.join(verdict.worse)}{' (silent)' if verdict.silent else ''}"


@pytest.mark.skipif(not CASES, reason=NO_CORPUS)
def test_every_known_failure_is_a_case() -> None:
    """A stale entry (page or perturbation renamed, perturbation no longer applies) is removed."""
    ids = {(c.values[0], c.values[1]) for c in CASES}
    assert set(KNOWN) <= ids


ROWS = "Titel\n\nBedragen x € 1.000\nProgramma Begroting 2024 Begroting 2025\nLasten 1.234 1.300\nBaten 234 300\n"


@pytest.mark.parametrize("name", [n for n in PERTURBATIONS if n not in (*REPRINTS_FIGURES, "header_synonym")])
def test_layout_perturbations_keep_every_word(name: str) -> None:
    """What these perturbations change is layout and order only: the same words, nothing lost."""
    out = PERTURBATIONS[name](ROWS)
    assert out != ROWS
    extra = ["Een", "toelichting", "op", "de", "verschillen", "volgt", "hieronder."] if name == "sentence_after" else []
    assert sorted(out.split()) == sorted(ROWS.split() + extra)


def test_the_perturbations_do_what_they_say() -> None:
    p = PERTURBATIONS
    assert "Lasten   1.234   1.300" in p["column_spaces"](ROWS)
    assert "Lasten 1.234 1.300\n\nBaten 234 300" in p["blank_between_rows"](ROWS)
    assert p["unit_line_moved"](ROWS).startswith("Bedragen x € 1.000\n\nTitel")
    lead_in_unit = "In onderstaand overzicht is dit berekend:\nBedragen x € 1.000\nLasten 1.234 1.300\n"
    assert p["unit_line_moved"](lead_in_unit) == lead_in_unit  # never above a sentence or a lead-in
    assert "Lasten 1234 1300" in p["thousands_dropped"](ROWS) and "Bedragen x € 1.000" in p["thousands_dropped"](ROWS)
    assert p["thousands_added"]("Programma 2024 2025\nLasten 1234 1300") == "Programma 2024 2025\nLasten 1.234 1.300"
    assert "Baten 234 300\nLasten 1.234 1.300" in p["row_swap"](ROWS)
    assert "Programma  Begroting  2024" in p["header_spacing"](ROWS)
    assert p["header_synonym"]("Programma Rekening 2022 Begroting 2023\nRekening 1.234 1.300\n\nRealisatie 2022") \
        == "Programma Realisatie 2022 Begroting 2023\nRekening 1.234 1.300\n\nRekening 2022"  # header lines and cells
    assert p["crlf"](ROWS).count("\r\n") == ROWS.count("\n")
    assert all(line.endswith("   ") for line in p["trailing_spaces"](ROWS).split("\n") if line.strip())
    assert "Baten 234 300\n\nEen toelichting" in p["sentence_after"](ROWS)
    assert p["row_swap"]("Lasten 1 2\nTotaal 3 4\n") == "Lasten 1 2\nTotaal 3 4\n"  # never a total
    cells = "Programma\n\n2024\n\n2025\n\n0.1\n\nBestuur\n\n1.234\n\n-\n\n0.2\n\nJeugd\n\n234\n\n300\n"
    assert p["row_swap"](cells) == ("Programma\n\n2024\n\n2025\n\n0.2\n\nJeugd\n\n234\n\n300\n\n"
                                     "0.1\n\nBestuur\n\n1.234\n\n-\n")
    assert p["blank_between_rows"](cells) == cells.replace("-\n\n0.2", "-\n\n\n0.2")
    lead_in = "Inwoners\n\n2024\n\n2025\n\nwaarvan:\n\n- jeugd\n\n1.234\n\n1.300\n\n- ouderen\n\n234\n\n300\n"
    assert p["row_swap"](lead_in) == lead_in  # items under a lead-in keep their place
    spaced = "Programma 2024 2025\nLasten 1.234 1.300\nBaten 234   \n"  # spaces stand for an empty cell
    assert p["column_spaces"](spaced) == spaced and p["trailing_spaces"](spaced) == spaced
    assert p["unit_line_moved"]("Titel\nBedragen x € 1.000 | 2024 | 2025 |") .startswith("Titel")  # a header stays
