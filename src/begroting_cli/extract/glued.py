"""Rows whose cells were glued together by the flattening ("Programma 03.7566603.096...").

A split is accepted only when arithmetic proves it: with Lasten/Baten/Saldo groups, every group
must satisfy one saldo relation (within rounding). Otherwise the raw text stays and a diagnostic
says so.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from ..normalise.numbers import parse_number
from .diagnostics import Diagnostics
from ..settings import SETTINGS

if TYPE_CHECKING:
    from .columns import ColumnSpec
    from .rawtable import RawValue
    from .tables import LabelledRow

_NUM_AT = re.compile(r"-?(?:0|[1-9]\d{0,2}(?:\.\d{3})*)")


def _candidates(s: str, pos: int) -> list[str]:
    out = []
    m = re.match(r"-?(?:0|[1-9]\d{0,2})", s[pos:])
    if not m:
        return out
    base = m.group(0)
    neg = base.startswith("-")
    digits = base.lstrip("-")
    heads = [digits[:k] for k in range(1, len(digits) + 1)] if digits != "0" else ["0"]
    for head in heads:
        if len(head) > 1 and head.startswith("0"):
            continue
        text = ("-" if neg else "") + head
        out.append(text)
        rest = pos + len(text)
        while re.match(r"\.\d{3}", s[rest:]):
            text += s[rest:rest + 4]
            rest += 4
            out.append(text)
    return out


def _relation(parts: list[str], vals: list[Decimal]) -> list[str]:
    d = dict(zip([p.lower() for p in parts], vals))
    if not {"lasten", "baten", "saldo"} <= d.keys():
        return []
    rel = []
    for name, expr in (("l-b", d["lasten"] - d["baten"]), ("b-l", d["baten"] - d["lasten"]),
                       ("l+b", d["lasten"] + d["baten"])):
        if abs(expr - d["saldo"]) <= 1:
            rel.append(name)
    return rel


def solve(glued: str, parts: list[str], ngroups: int) -> list[tuple[int, list[str]]]:
    """All splits of `glued` into ngroups x parts numbers that satisfy one saldo relation.
    Returns (digits moved to the label, numbers)."""
    width = len(parts)
    total = width * ngroups
    solutions: list[tuple[int, list[str]]] = []
    # The search comes back to the same positions and numbers many times: each is read once.
    at: dict[int, list[str]] = {}
    value: dict[str, Decimal] = {}

    def candidates(pos: int) -> list[str]:
        if pos not in at:
            at[pos] = _candidates(glued, pos)
        return at[pos]

    def number(text: str) -> Decimal:
        if text not in value:
            value[text] = parse_number(text).value  # type: ignore[assignment]
        return value[text]

    def dfs(pos: int, acc: list[str], rel: set[str] | None, lead: int) -> None:
        if len(solutions) >= SETTINGS.glued_max_solutions:
            return
        if len(acc) == total:
            if pos == len(glued):
                solutions.append((lead, list(acc)))
            return
        for cand in candidates(pos):
            acc.append(cand)
            new_rel = rel
            if len(acc) % width == 0:
                group = [number(x) for x in acc[-width:]]
                ok = set(_relation(parts, group))
                new_rel = ok if rel is None else rel & ok
                if not new_rel:
                    acc.pop()
                    continue
            dfs(pos + len(cand), acc, new_rel, lead)
            acc.pop()

    for lead in range(0, 3):
        if lead and not glued[:lead].isdigit():
            break
        dfs(lead, [], None, lead)
        if solutions:
            break
    return solutions


def split_glued(row: LabelledRow, specs: list[ColumnSpec], diags: Diagnostics, element: int) -> list[RawValue | None]:
    from .rawtable import RawValue  # noqa: PLC0415

    glued = row.glued or ""
    parts = []
    for s in specs:
        if s.part and s.part not in parts:
            parts.append(s.part)
    ngroups = len(specs) // len(parts) if parts else 0
    sols = solve(glued, parts, ngroups) if parts and ngroups else []
    if len({tuple(v) for _, v in sols}) == 1:
        lead, numbers = sols[0]
        if lead:
            row.label = f"{row.label} {glued[:lead]}"
        diags.add("glued-split", "warning", f"row '{row.label}': cells printed without separators were split where "
                  f"the saldo relation holds in every column group", row.line, row=row.label, element=element)
        return [RawValue(n, row.line) for n in numbers]
    diags.add("glued-unsplit", "warning", f"row '{row.label}': cells printed without separators ('{glued}') could "
              f"not be split with certainty ({len(sols)} arithmetic solutions); values left empty, raw text kept "
              f"in this message", row.line, row=row.label, element=element)
    return [None] * len(specs)
