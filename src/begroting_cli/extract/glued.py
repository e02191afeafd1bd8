"""Rows whose cells were glued together by the flattening ("Programma 03.7566603.096...").

A cut is accepted only when arithmetic proves it: every column must belong to a Lasten/Baten/Saldo
group, every group must satisfy the saldo relation (within rounding), and of all the ways to cut the
digits exactly one may do so. The relation the table's unambiguous rows agree on (lasten - baten or
baten - lasten) is then required of every row. Otherwise the raw text stays and a diagnostic says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from ..normalise.numbers import parse_number
from ..relations import part_role, saldo_relations
from .diagnostics import Diagnostics
from ..settings import SETTINGS

if TYPE_CHECKING:
    from ..stream import Line
    from .columns import ColumnSpec
    from .rawtable import RawValue

_HEAD = re.compile(r"-?(?:0|[1-9]\d{0,2})")  # the digits before the first thousands point
_GROUP = re.compile(r"\.\d{3}")


class GluedRow(Protocol):
    """A row as the table reader holds it: its label (extended by the digits a cut gives back) and
    the glued figures."""

    label: str
    glued: str | None
    line: Line


@dataclass(frozen=True)
class Cut:
    """One way to cut a glued run: the digits that end the label, the numbers, and the saldo
    relations that hold in every column group."""

    lead: str
    numbers: tuple[str, ...]
    relations: frozenset[str]


def _numbers_at(s: str, pos: int) -> list[str]:
    """Every well-formed Dutch amount that can start at `pos`: 1-3 digits, then groups of '.ddd'."""
    out: list[str] = []
    m = _HEAD.match(s, pos)
    if not m:
        return out
    base = m.group(0)
    sign = "-" if base.startswith("-") else ""
    digits = base.lstrip("-")
    heads = ["0"] if digits == "0" else [digits[:k] for k in range(1, len(digits) + 1)]
    for head in heads:
        text = sign + head
        out.append(text)
        rest = pos + len(text)
        while _GROUP.match(s, rest):
            text += s[rest:rest + 4]
            rest += 4
            out.append(text)
    return out


def saldo_groups(roles: list[str | None]) -> dict[int, tuple[int, int, int]] | None:
    """The column that completes each Lasten/Baten/Saldo group -> (lasten, baten, saldo) columns;
    None when a column belongs to no complete group (its figure could not be proven)."""
    groups: dict[int, tuple[int, int, int]] = {}
    open_: dict[str, int] = {}
    for i, role in enumerate(roles):
        if role is None or role in open_:
            return None
        open_[role] = i
        if len(open_) == 3:
            groups[i] = (open_["lasten"], open_["baten"], open_["saldo"])
            open_ = {}
    return groups if groups and not open_ else None


def solve(glued: str, roles: list[str | None]) -> list[Cut]:
    """All cuts of `glued` into one number per column (after up to `glued_max_lead` digits that end
    the label) under which every column group satisfies a saldo relation; at most `glued_max_solutions`."""
    groups = saldo_groups(roles)
    if not groups:
        return []
    ncols = len(roles)
    solutions: list[Cut] = []
    at: dict[int, list[str]] = {}  # the search comes back to the same positions and numbers: read each once
    value: dict[str, Decimal] = {}

    def number(text: str) -> Decimal:
        if text not in value:
            value[text] = parse_number(text).value  # type: ignore[assignment]
        return value[text]

    def dfs(pos: int, acc: list[str], rel: frozenset[str] | None, lead: str) -> None:
        if len(solutions) >= SETTINGS.glued_max_solutions:
            return
        if len(acc) == ncols:
            if pos == len(glued) and rel:
                solutions.append(Cut(lead, tuple(acc), rel))
            return
        if pos not in at:
            at[pos] = _numbers_at(glued, pos)
        for cand in at[pos]:
            acc.append(cand)
            new_rel = rel
            if (group := groups.get(len(acc) - 1)) is not None:
                lasten, baten, saldo = (number(acc[c]) for c in group)
                ok = frozenset(saldo_relations(lasten, baten, saldo))
                new_rel = ok if rel is None else rel & ok
            if new_rel is None or new_rel:
                dfs(pos + len(cand), acc, new_rel, lead)
            acc.pop()

    for k in range(0, SETTINGS.glued_max_lead + 1):
        if k and not glued[:k].isdigit():
            break
        dfs(k, [], None, glued[:k])
    return list(dict.fromkeys(solutions))


def table_relation(cuts: list[list[Cut]]) -> str | None:
    """The saldo relation the rows with one cut agree on most (None without such rows)."""
    votes: Counter[str] = Counter(rel for row in cuts if len(row) == 1 for rel in row[0].relations)
    return votes.most_common(1)[0][0] if votes else None


def split_glued_rows(rows: list[GluedRow], specs: list[ColumnSpec], diags: Diagnostics,
                     element: int) -> dict[int, list[RawValue | None]]:
    """id(row) -> its figures, one per column (None where it stays unsplit). A cut that gives
    digits back to the label extends the row's label."""
    from .rawtable import RawValue  # noqa: PLC0415 - rawtable's reader imports nothing from here

    roles = [part_role(s.part) for s in specs]
    cuts = [solve(r.glued or "", roles) for r in rows]
    relation = table_relation(cuts)
    out: dict[int, list[RawValue | None]] = {}
    for row, found in zip(rows, cuts):
        fitting = [c for c in found if relation in c.relations] if relation else found
        if len(fitting) == 1:
            cut = fitting[0]
            if cut.lead:
                row.label = f"{row.label} {cut.lead}"
            diags.add("glued-split", "warning", f"row '{row.label}': cells printed without separators were split "
                      f"where the saldo relation holds in every column group", row.line, row=row.label, element=element)
            out[id(row)] = [RawValue(n, row.line) for n in cut.numbers]
            continue
        why = f"{len(found)} arithmetic solutions" if len(found) != 1 else \
            "its one arithmetic solution breaks the saldo relation of the other rows"
        if len(found) > 1 and len(fitting) != len(found):
            why = f"{len(fitting)} of {len(found)} arithmetic solutions keep the saldo relation of the other rows"
        diags.add("glued-unsplit", "warning", f"row '{row.label}': cells printed without separators "
                  f"('{row.glued}') could not be split with certainty ({why}); values left empty, raw text kept "
                  f"in this message", row.line, row=row.label, element=element)
        out[id(row)] = [None] * len(specs)
    return out
