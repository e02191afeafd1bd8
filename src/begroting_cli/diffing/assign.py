"""A scored one-to-one assignment: the best pair first, each item used once.

Greedy over all candidate pairs sorted by score (ties broken by position, so the result is
deterministic and a document against itself pairs every item with itself). Small tables make the
optimum (Hungarian) unnecessary: a pair only competes with pairs that share an item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def assign(old: Sequence[A], new: Sequence[B], score: Callable[[A, B], float], minimum: float,
           candidates: Callable[[A, B], bool] | None = None) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score) with score >= minimum, best first taken; sorted by i."""
    pairs: list[tuple[float, int, int, int]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            if candidates is not None and not candidates(a, b):
                continue
            s = score(a, b)
            if s >= minimum:
                pairs.append((-round(s, 9), abs(i - j), i, j))
    pairs.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for neg, _, i, j in pairs:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.append((i, j, -neg))
    return sorted(out)


def position_closeness(i: int, n: int, j: int, m: int) -> float:
    """1 when two items stand at the same relative place in their sequences, 0 at opposite ends."""
    if n <= 1 and m <= 1:
        return 1.0
    return 1.0 - abs(i / max(n - 1, 1) - j / max(m - 1, 1))
