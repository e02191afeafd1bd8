"""Time grows linearly with the input: a 10x larger input takes about 10x the time.

The bound asserted is 15x (the issue's target is 12x; on the shared 2-core machine the measured
ratios are 10-13x, so 15x keeps the test from failing on noise while a quadratic term, 100x, fails it).
A line of many figures once measured 15-18x: not a quadratic step, but its figures were the same in
every run, so the best-of-two small input found them all parsed already (the number cache) and the
large one mostly not. Its figures now differ per run too; it is held to the same bound.

CPU time of this process (not wall time: the machine is shared), best of three for the small input and
of two for the large one, so a hiccup does not make the ratio look good or bad (under load a small run
of 0.07 s measured up to 0.12 s, a 16x ratio from noise alone); every run gets text of its own (`salt`), so the
per-line caches of an earlier run do not make a later one look fast. Each shape was quadratic once: identical rows (the
subtotal search), a line of many figures (label_and_values), repeated header lines, long prose.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from begroting_cli.api import parse_text
from begroting_cli.gcpause import gc_paused

PIPE_HEADER = ("Overzicht baten en lasten (bedragen x € 1.000) | Realisatie 2019 | Begroting 2020 | Begroting 2021 |\n"
               "---|---|---|---|\n")


def identical_rows(n: int, salt: str = "") -> str:
    return PIPE_HEADER + f"Lasten {salt} | 1.000 | 2.000 | 3.000 |\n" * n


def long_line(n: int, salt: str = "") -> str:
    """Figures of their own per run: a run number in the salt moves them to a range no other run uses."""
    base = int("".join(ch for ch in salt if ch.isdigit()) or 0) * 10**7 + 1000
    return f"Overzicht lasten\nTotaal {salt} " + " ".join(f"{base + 7 * i:,}".replace(",", ".") for i in range(n)) + "\n"


def repeated_headers(n: int, salt: str = "") -> str:
    return f"Programma {salt} | Realisatie 2019 | Begroting 2020 | Begroting 2021 |\n" * n


def many_lines(n: int, salt: str = "") -> str:
    return "".join(f"Regel {i} van een {salt} verhaal over de begroting en de lasten.\n" if i % 7 else "\n"
                   for i in range(n))


_runs = iter(range(10**6))


def cpu(make: Callable[[int, str], str], n: int, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        text = make(n, f"x{next(_runs)}")
        start = time.process_time()
        with gc_paused():  # as api.parse runs, for files
            parse_text(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("make,n", [(identical_rows, 1000), (long_line, 5000), (repeated_headers, 1000),
                                    (many_lines, 2000)], ids=lambda x: getattr(x, "__name__", str(x)))
def test_ten_times_the_input_takes_about_ten_times_the_time(make: Callable[[int, str], str], n: int) -> None:
    parse_text(make(10))  # imports and caches out of the measurement
    small = max(cpu(make, n, repeat=3), 0.01)
    large = cpu(make, 10 * n, repeat=2)
    assert large <= 15 * small, f"{make.__name__}: {n} -> {small:.3f} s, {10 * n} -> {large:.3f} s"
    if make is identical_rows:  # a 10,000-row table: ~0.7 s of CPU here under load; quadratic, it took minutes
        assert large < 2.0


def test_objects_made_during_a_pause_skip_the_young_collections_and_cycles_are_still_freed() -> None:
    import gc
    import weakref

    class Node:
        pass

    with gc_paused():
        kept = Node()
        cycle = Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        gone = weakref.ref(cycle)
        del cycle
    assert any(o is kept for o in gc.get_objects(generation=2))  # not walked again by a young collection
    gc.collect()
    assert gone() is None
