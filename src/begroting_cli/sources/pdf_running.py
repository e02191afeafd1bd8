"""Running headers and footers: found across pages, removed from the stream, page numbers kept.

A running line is one that comes back at about the same distance from the top or bottom edge on
most pages once its digits are masked ("Pagina 16 van 136" and "Pagina 17 van 136" are the same
line). The number that changes from page to page is the printed page number: the page's label.
A line the caller asks to keep (a unit statement: it scopes the figures of its page, however
often it repeats) is never a running line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple
from ..settings import SETTINGS


_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

# (page, width, height, line texts, line (top, bottom)) for each page
PageSketch = tuple[int, float, float, list[str], list[tuple[float, float]]]


class _Candidate(NamedTuple):
    page: int
    index: int
    edge: float           # distance from the line to the nearest page edge (top or bottom)
    numbers: tuple[str, ...]


def _mask(text: str) -> str:
    """Digits -> '#', whitespace collapsed: the shape shared by all copies of a running line."""
    return _SPACE.sub(" ", _DIGITS.sub("#", text)).strip()


def _candidates(pages: list[PageSketch], keep: Callable[[str], bool]) -> dict[tuple[str, str], list[_Candidate]]:
    """Lines near the top or bottom edge, grouped by (band, masked text); `keep` lines are none."""
    groups: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    for page, _width, height, texts, boxes in pages:
        n = len(texts)
        band = SETTINGS.pdf_running_band * height
        edge_lines = set(range(min(SETTINGS.pdf_running_edge_lines, n))) | set(range(max(n - SETTINGS.pdf_running_edge_lines, 0), n))
        for i in sorted(edge_lines):
            top, bottom = boxes[i]
            if bottom <= band:
                where, edge = "top", top
            elif top >= height - band:
                where, edge = "bottom", height - bottom
            else:
                continue
            if keep(texts[i]):
                continue
            groups[(where, _mask(texts[i]))].append(
                _Candidate(page, i, edge, tuple(_DIGITS.findall(texts[i]))))
    return groups


def _clusters(cands: list[_Candidate]) -> list[list[_Candidate]]:
    """Split one group by edge distance (a tolerance chain over the sorted distances)."""
    out: list[list[_Candidate]] = []
    for c in sorted(cands, key=lambda c: (c.edge, c.page)):
        if out and c.edge - out[-1][0].edge <= SETTINGS.pdf_running_edge_tolerance:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _page_number_slot(cluster: list[_Candidate]) -> int | None:
    """Which digit group is the page number: the one that changes between pages."""
    widths = {len(c.numbers) for c in cluster}
    if len(widths) != 1 or not (width := widths.pop()):
        return None
    for slot in range(width):
        if len({c.numbers[slot] for c in cluster}) > 1:
            return slot
    return 0 if width == 1 and len(cluster) == 1 else None


def _keep_none(_text: str) -> bool:
    return False


def find_running(pages: list[PageSketch], keep: Callable[[str], bool] = _keep_none
                 ) -> tuple[set[tuple[int, int]], dict[int, str]]:
    """(page, line index) of every running line, and {page: printed page number}; a line whose
    text `keep` accepts stays on its page."""
    with_text = sum(1 for p in pages if p[3])
    needed = max(SETTINGS.pdf_running_min_pages, SETTINGS.pdf_running_min_share * with_text)
    removed: set[tuple[int, int]] = set()
    labels: dict[int, str] = {}
    for cands in _candidates(pages, keep).values():
        for cluster in _clusters(cands):
            if len({c.page for c in cluster}) < needed:
                continue
            slot = _page_number_slot(cluster)
            for c in cluster:
                removed.add((c.page, c.index))
                if slot is not None and c.page not in labels:
                    labels[c.page] = c.numbers[slot]
    return removed, dict(sorted(labels.items()))
