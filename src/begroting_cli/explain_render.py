"""`begroting explain` for people: per table, its readings as a rich table (score, margin, one column per
evidence term) with the kept reading marked, then what each term counted for the kept reading and the
runner-up. Why: a table that looks wrong is understood by seeing which reading lost, and on what evidence."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .extract.parsing_report import Explanation
from .extract.scoring import DEFAULT_SETTINGS, TERMS, ScoringSettings


def render_explanations(explanation: Explanation, *, color: bool = False, width: int = 120,
                        settings: ScoringSettings = DEFAULT_SETTINGS) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, emoji=False)
    weights = ", ".join(f"{t} {settings.weight(t):g}" for t in TERMS)
    con.print(f"Weights: {weights}. A margin below {settings.uncertain_margin:g} is reported as uncertain; "
              f"an alternative ahead by more than {settings.outscored_margin:g} as outscored.")
    for k, ex in enumerate(explanation.tables, start=1):
        where = ", ".join(x for x in (f"page {ex.page}" if ex.page is not None else "",
                                      _lines(ex.lines)) if x)
        con.print()
        con.print(f"[bold]Table {k}[/] (element {ex.element}): {escape(ex.title)}" + (f" ({where})" if where else ""))
        kept = next(s for s in ex.scored if s.reading.name == ex.kept)
        grid = Table(show_edge=False, pad_edge=False)
        grid.add_column("")
        grid.add_column("reading")
        grid.add_column("score", justify="right")
        grid.add_column("vs kept", justify="right")
        for t in TERMS:
            grid.add_column(t, justify="right")
        for s in ex.scored:
            mark = "kept" if s is kept else ""
            delta = "" if s is kept else f"{s.score - kept.score:+.3f}"
            grid.add_row(mark, s.reading.name, f"{s.score:.3f}", delta, *(f"{s.terms[t]:.2f}" for t in TERMS))
        con.print(grid)
        for s in ex.scored:
            con.print(f"  {escape(s.reading.name)}: {escape(s.reading.summary)}")
        runner = next((s for s in ex.scored if s is not kept), None)
        for s in (kept, runner):
            if s is not None:
                con.print(f"  evidence for {escape(s.reading.name)}: "
                          + "; ".join(f"{t}: {escape(s.notes.get(t, ''))}" for t in TERMS))
    if explanation.outside:
        con.print()
        con.print("[bold]Figures outside every table[/] (read as text; no reading covers them):")
        for d in explanation.outside:
            where = ", ".join(x for x in (f"page {d.location.page}" if d.location.page else "",
                                          f"line {d.location.line}" if d.location.line else "") if x)
            con.print(f"  {where}: {escape(d.message)}")
    return buf.getvalue()


def _lines(lines: list[int]) -> str:
    if not lines:
        return ""
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


__all__ = ["render_explanations"]
