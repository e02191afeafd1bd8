"""Competing readings and their scores (TABLES.md §3-§4): a clean generated table scores above every
corruption of it, parsed tables carry a parsing report, and an uncertain or outscored reading is a warning."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.emit import to_json
from begroting_cli.extract.hypotheses import ColumnGuess, Reading, RowGuess
from begroting_cli.extract.scoring import DEFAULT_SETTINGS, ScoringSettings, rank, score
from begroting_cli.models import FinancialTable, IndicatorTable
from tests.tablegen import LAYOUTS, GenTable, fmt, generate, render, roundtrip

MARGIN_CODES = {"table-reading-uncertain", "table-reading-outscored"}


def clean_reading(t: GenTable) -> Reading:
    """The generator's own table as a reading: what a perfect parse would give."""
    columns = [ColumnGuess(c.label, c.year, c.scenario.value, c.part) for c in t.columns]
    rows = []
    for i, (label, vals) in enumerate(t.rows):
        if i in t.sections:
            rows.append(RowGuess(t.sections[i], [None] * len(columns), section=True))
        rows.append(RowGuess(label, [fmt(v, t.negative) for v in vals], line=i + 1, printed=len(vals)))
    return Reading("truth", "the generated table", columns, rows, header_tokens=len(columns), scale=t.unit)


def shift_row(r: Reading, k: int) -> Reading:
    """One row's figures moved one column to the right; its last figure falls out of the table."""
    rows = [RowGuess(x.label, list(x.cells), x.line, x.section, x.printed) for x in r.rows]
    data = [x for x in rows if not x.section]
    row = data[k % len(data)]
    row.cells = [None, *row.cells[:-1]]
    return Reading("shifted", "", r.columns, rows, r.header_tokens, r.header_unplaced, r.left_out + 1, r.scale)


def drop_column(r: Reading) -> Reading:
    """n-1 columns: every row's first figure read as part of its label."""
    rows = [RowGuess(x.label if x.section else f"{x.label} {x.cells[0]}", x.cells[1:], x.line, x.section, x.printed)
            for x in r.rows]
    return Reading("n-1", "", r.columns[1:], rows, r.header_tokens, r.header_unplaced + 1, r.left_out, r.scale)


def extra_column(r: Reading) -> Reading:
    """n+1 columns: an unlabelled column that no row fills."""
    rows = [RowGuess(x.label, [*x.cells, None], x.line, x.section, x.printed) for x in r.rows]
    return Reading("n+1", "", [*r.columns, ColumnGuess("(unlabelled)")], rows, r.header_tokens, r.header_unplaced,
                   r.left_out, r.scale)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(0, 20))
def test_a_clean_generated_table_outscores_every_corruption(seed: int, k: int) -> None:
    truth = clean_reading(generate(seed))
    best = score(truth).score
    for bad in (shift_row(truth, k), drop_column(truth), extra_column(truth)):
        assert score(bad).score < best, (bad.name, score(bad).terms, score(truth).terms)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), layout=st.sampled_from(LAYOUTS))
def test_every_parsed_table_carries_a_report_and_a_lost_lead_is_said(seed: int, layout: str) -> None:
    t = generate(seed)
    doc = parse_text(render(t, layout))
    tables = [e for e in doc.elements if isinstance(e, (FinancialTable, IndicatorTable))]
    assert tables
    codes = {d.code for d in doc.diagnostics}
    for table in tables:
        report = table.parsing
        assert report is not None and report.reading == "rules" and report.readings >= 1
        if report.margin is not None:
            assert report.margin == report.score - report.runner_up_score
            if report.margin < DEFAULT_SETTINGS.uncertain_margin:
                assert codes & MARGIN_CODES, (report, codes)


def test_fixed_seeds_clean_round_trips_keep_a_clear_lead() -> None:
    """Tables that come back exactly (outside pipe rows with parts, whose parts the rules lose) win clearly."""
    for seed in range(40):
        t = generate(seed)
        for layout in ("rows", "spaces", "cells"):
            if not roundtrip(t, layout).exact:
                continue
            doc = parse_text(render(t, layout))
            for table in (e for e in doc.elements if isinstance(e, FinancialTable)):
                assert table.parsing is not None
                if table.parsing.margin is not None:
                    assert table.parsing.margin > 0, (seed, layout, table.parsing)
            assert not {d.code for d in doc.diagnostics} & MARGIN_CODES, (seed, layout)


def test_scoring_settings_reject_bad_values() -> None:
    with pytest.raises(ValueError):
        ScoringSettings(geometry=-1)
    with pytest.raises(ValueError):
        ScoringSettings(geometry=0, arithmetic=0, types=0, header=0, labels=0, lexicon=0)
    with pytest.raises(ValueError):
        ScoringSettings(uncertain_margin=-0.1)


def test_ranking_puts_the_best_first_and_keeps_the_rules_on_a_tie() -> None:
    truth = clean_reading(generate(3))
    same = Reading("rules", "", truth.columns, truth.rows, truth.header_tokens, scale=truth.scale)
    ranked = rank([same, drop_column(truth), truth])
    assert ranked[0].reading.name == "rules" and ranked[-1].reading.name == "n-1"


P8 = """Overzicht

Bedragen x € 1.000
| Programma | Begroting 2024 Lasten | Begroting 2024 Baten | Begroting 2024 Saldo | Begroting 2025 Lasten | Begroting 2025 Baten | Begroting 2025 Saldo |
| --- | --- | --- | --- | --- | --- | --- |
| Bestuur | 100 | 20 | -80 | 110 | 20 | -90 |
| Veiligheid | 50 | 5 | -45 | 55 | 5 | -50 |
| Economie | 70 | 30 | -40 | 75 | 30 | -45 |
"""

RAGGED = """Indicatoren

Indicator 2019 2020 2021 2022
Aantal inwoners 100 110 120 130
Aantal woningen 40 41
"""


def test_an_alternative_the_arithmetic_prefers_is_reported_not_adopted() -> None:
    doc = parse_text(P8)
    table = next(e for e in doc.elements if isinstance(e, FinancialTable))
    assert table.parsing is not None and table.parsing.reading == "rules"
    if all(c.part for c in table.columns):  # the rules found the parts themselves: nothing to report
        assert table.parsing.margin is None or table.parsing.margin > 0
        return
    assert table.parsing.runner_up == "grid-2x3" and table.parsing.margin < 0
    assert table.parsing.decisive[0].name == "arithmetic"
    found = [d for d in doc.diagnostics if d.code == "table-reading-outscored"]
    assert found and found[0].severity.value == "warning" and "grid-2x3" in found[0].message


def test_short_rows_without_geometry_are_an_uncertain_reading() -> None:
    doc = parse_text(RAGGED)
    table = next(e for e in doc.elements if isinstance(e, (FinancialTable, IndicatorTable)))
    assert table.parsing is not None and table.parsing.runner_up == "short-rows-right"
    assert table.parsing.margin == 0
    found = [d for d in doc.diagnostics if d.code == "table-reading-uncertain"]
    assert found and found[0].location.element is not None


def test_the_report_is_in_the_json_without_floats() -> None:
    doc = parse_text(RAGGED)
    data = json.loads(to_json(doc))
    report = next(e for e in data["elements"] if "parsing" in e)["parsing"]
    assert set(report) >= {"reading", "score", "runner_up", "runner_up_score", "margin", "decisive"}
    assert not isinstance(report["score"], float) and isinstance(report["decisive"], list)
