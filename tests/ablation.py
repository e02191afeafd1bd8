"""Ablation: switch each lexicon entry (and each rule that can be switched off) off in turn, and print what it
carries on the corpus gold (pages, PDF, HTML) and the table generator.

An entry that carries nothing - no gold cell, list item or indicator lost or gained, no generator table
changed - is a candidate for deletion (TABLES.md §9): vocabulary that decides nothing on any evidence we
hold is a rule fitted to a file we no longer have, or dead. An entry is switched off by making it match
nothing: a regex becomes one that never matches, a word set or map becomes empty, one item of a list of
(pattern, meaning) pairs is disabled alone. Rules are the segmenter's finders and the hypothesis generators.

    python -m tests.ablation                   # every entry and rule, generator seeds 0..299
    python -m tests.ablation --only PART_WORDS --seeds 100
    python -m tests.ablation --list            # what would be switched off, without running

The run is in one process: entries are rebound in every module that imported them and the package's
caches (lru_cache) are cleared between runs, so no result of one run leaks into the next.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import begroting_cli.pipeline  # noqa: F401 - loads every module that imports the lexicon
from begroting_cli import lexicon

from . import corpus_scores, tablegen

NEVER = re.compile(r"(?!)")
CORPUS_KEYS = ("fin_strict_hit", "fin_hit", "ind_hit", "list_hit", "list_count_hit", "invented", "wrong_scale",
               "wrong_sign", "crashed")


def _package_modules() -> list[Any]:
    return [m for name, m in sorted(sys.modules.items()) if name.startswith("begroting_cli") and m is not None]


def clear_caches() -> None:
    """Forget every lru_cache of the package: a cached answer from another run would hide the switch."""
    for module in _package_modules():
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


@contextmanager
def rebound(original: Any, replacement: Any) -> Iterator[int]:
    """Bind `replacement` wherever a module holds `original` (by identity); yields how many modules did."""
    holders = [(m, k) for m in _package_modules() for k, v in list(vars(m).items()) if v is original]
    for m, k in holders:
        setattr(m, k, replacement)
    try:
        yield len([m for m, _ in holders if m is not lexicon])
    finally:
        for m, k in holders:
            setattr(m, k, original)


@contextmanager
def item_disabled(items: list, index: int) -> Iterator[int]:
    """One (pattern, meaning) pair of a list switched off in place (every holder shares the list)."""
    saved = items[index]
    items[index] = (NEVER, *saved[1:]) if isinstance(saved, tuple) else NEVER
    try:
        yield 1
    finally:
        items[index] = saved


def _off(value: Any) -> Any:
    if isinstance(value, re.Pattern):
        return NEVER
    if isinstance(value, (set, frozenset)):
        return type(value)()
    if isinstance(value, dict):
        return {}
    if isinstance(value, tuple):
        return ()
    raise TypeError(type(value))


@dataclass
class Switch:
    name: str
    apply: Callable[[], Any]  # a context manager that switches it off, yielding the number of users


def lexicon_switches() -> list[Switch]:
    out = []
    for name, value in vars(lexicon).items():
        if not name.isupper() or name.startswith("_"):
            continue
        if isinstance(value, list):
            out += [Switch(f"{name}[{i}]", lambda v=value, i=i: item_disabled(v, i)) for i in range(len(value))]
        elif isinstance(value, (re.Pattern, set, frozenset, dict, tuple)):
            out.append(Switch(name, lambda v=value: rebound(v, _off(v))))
    return out


def rule_switches() -> list[Switch]:
    """The segmenter's finders (each claims one layout family) and the hypothesis generators."""
    from begroting_cli import segment
    from begroting_cli.extract import hypotheses

    out = [Switch(f"segment.{name}", lambda f=f: rebound(f, lambda *a, **k: None))
           for name, f in vars(segment).items() if name.startswith("_find_") and callable(f)]
    gens = hypotheses.GENERATORS

    @contextmanager
    def without(gen: Any) -> Iterator[int]:
        hypotheses.GENERATORS = tuple(g for g in gens if g is not gen)
        try:
            yield 1
        finally:
            hypotheses.GENERATORS = gens

    out += [Switch(f"hypotheses.{g.__name__}", lambda g=g: without(g)) for g in gens]
    return out


def measure(seeds: int) -> dict[str, int]:
    clear_caches()
    totals = dict.fromkeys(CORPUS_KEYS, 0)
    for scores in corpus_scores.score_all().values():
        for k in CORPUS_KEYS:
            totals[k] += scores.get(k, 0)
    for name, t in tablegen.rate(range(seeds)).items():
        totals[f"gen_{name}"] = t.exact
        totals[f"gen_{name}_silent"] = t.silent
    return totals


def delta(base: dict[str, int], now: dict[str, int]) -> dict[str, int]:
    return {k: now.get(k, 0) - v for k, v in base.items() if now.get(k, 0) != v}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=300, help="generator tables per rendering (default 300)")
    ap.add_argument("--only", action="append", help="switch only entries whose name starts with this")
    ap.add_argument("--list", action="store_true", help="list the switches and stop")
    a = ap.parse_args(argv)
    switches = [s for s in [*lexicon_switches(), *rule_switches()]
                if not a.only or any(s.name.startswith(p) for p in a.only)]
    if a.list:
        print("\n".join(s.name for s in switches))
        return 0
    start = time.process_time()
    base = measure(a.seeds)
    print(f"baseline: strict {base['fin_strict_hit']} gold cells; generator seeds 0..{a.seeds - 1} "
          f"({time.process_time() - start:.1f} s CPU)", flush=True)
    nothing = []
    for s in switches:
        with s.apply() as users:
            if not users:
                print(f"{s.name:40} not switchable: no module holds it")
                continue
            d = delta(base, measure(a.seeds))
        lost = -d.get("fin_strict_hit", 0)
        print(f"{s.name:40} strict cells lost {lost:5}  " + (", ".join(f"{k} {v:+}" for k, v in sorted(d.items()))
                                                             or "carries nothing"), flush=True)
        if not d:
            nothing.append(s.name)
    print(f"carry nothing ({len(nothing)}): {', '.join(nothing) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
