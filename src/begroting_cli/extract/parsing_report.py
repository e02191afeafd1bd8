"""Readings -> scores -> a ParsingReport on each table and a diagnostic where the choice is uncertain.

The rules' reading is kept (an alternative is adopted only where the corpus ratchet and the generator show
it helps; none is yet): when an alternative scores about as well, or better, the table says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..models import Diagnostic, EvidenceTerm, FinancialTable, IndicatorTable, ParsingReport
from ..stream import Line
from .diagnostics import Diagnostics
from .hypotheses import raw_to_readings
from .rawtable import RawTable
from .scoring import DEFAULT_SETTINGS, TERMS, Scored, ScoringSettings, rank
from ..settings import SETTINGS


def _d(x: float) -> Decimal:
    return Decimal(f"{x:.4f}").normalize() + 0  # + 0: no exponent form ("1E+1") for whole numbers


@dataclass
class TableExplanation:
    """Every reading of one table with its scores: what `begroting explain` prints."""

    element: int
    title: str
    page: int | None
    lines: list[int]
    kept: str
    scored: list[Scored]


@dataclass
class Explanation:
    """What `begroting explain` shows: the tables' readings, and the runs of figures outside every table
    (`figures-outside-table`), which no reading covers."""

    tables: list[TableExplanation]
    outside: list[Diagnostic]


def hypotheses_to_report(scored: list[Scored], kept: str = "rules",
                         settings: ScoringSettings = DEFAULT_SETTINGS) -> ParsingReport:
    """The report of the kept reading against the best other one: margin and the terms that decided."""
    chosen = next(s for s in scored if s.reading.name == kept)
    others = [s for s in scored if s is not chosen]
    best = others[0] if others else None
    left_out = chosen.reading.left_out
    if best is None:
        decisive = [EvidenceTerm(name=t, weight=_d(settings.weight(t)), chosen=_d(chosen.terms[t])) for t in TERMS
                    if settings.weight(t)][:SETTINGS.report_decisive_terms]
        return ParsingReport(reading=kept, score=_d(chosen.score), readings=1, decisive=decisive,
                             figures_left_out=left_out)
    by_effect = sorted(TERMS, key=lambda t: -abs(settings.weight(t) * (chosen.terms[t] - best.terms[t])))
    decisive = [EvidenceTerm(name=t, weight=_d(settings.weight(t)), chosen=_d(chosen.terms[t]),
                             runner_up=_d(best.terms[t]))
                for t in by_effect if chosen.terms[t] != best.terms[t]][:SETTINGS.report_decisive_terms]
    return ParsingReport(reading=kept, score=_d(chosen.score), runner_up=best.reading.name,
                         runner_up_score=_d(best.score), margin=_d(chosen.score - best.score), readings=len(scored),
                         decisive=decisive, figures_left_out=left_out)


def attach_reports(raw: RawTable, tables: list, index: int, first: Line | None, diags: Diagnostics,
                   collector: list[TableExplanation] | None = None,
                   settings: ScoringSettings = DEFAULT_SETTINGS) -> None:
    """Score the readings of one raw table, put the report on each table built from it, and say so in the
    diagnostics where the margin is small or an alternative scores higher."""
    built = [t for t in tables if isinstance(t, (FinancialTable, IndicatorTable)) and t.columns]
    if not built:
        return
    unplaced = diags.count_of("header-unplaced", index)
    scored = rank(raw_to_readings(raw, built, unplaced), settings)
    report = hypotheses_to_report(scored, settings=settings)
    for t in built:
        t.parsing = report
    if collector is not None:
        collector.append(TableExplanation(index, built[0].title, first.page if first else None,
                                          list(built[0].lines), "rules", scored))
    if report.margin is None:
        return
    title = built[0].title
    terms = ", ".join(f"{e.name} {e.chosen:.2f} vs {e.runner_up:.2f}" for e in report.decisive
                      if e.runner_up is not None)
    if report.margin < Decimal(str(-settings.outscored_margin)):
        diags.add("table-reading-outscored", "warning",
                  f"table '{title}': the reading '{report.runner_up}' scores {report.runner_up_score:.2f}, above the "
                  f"kept reading ({report.score:.2f}; {terms}); the structure may be wrong (see begroting explain)",
                  first, element=index)
    elif report.margin < Decimal(str(settings.uncertain_margin)):
        diags.add("table-reading-uncertain", "warning",
                  f"table '{title}': the reading '{report.runner_up}' scores about as well "
                  f"({report.runner_up_score:.2f}) as the kept one ({report.score:.2f}); the structure is uncertain "
                  f"(see begroting explain)", first, element=index)


__all__ = ["Explanation", "TableExplanation", "attach_reports", "hypotheses_to_report"]
