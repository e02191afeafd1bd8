"""Which element, column, row and list item of the old document is which of the new one.

Each level is a scored assignment (`assign`): named evidence terms weighted in `settings`, best pairs
first, pairs under the minimum left unmatched. Nothing here knows a particular document's labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import ItemList, Value
from . import labels, settings
from .assign import assign, position_closeness
from .grids import Grid, GridColumn, GridRow

Pair = tuple[int, int, float]


def _dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def _figures(cells: Iterable[Value | None]) -> Counter:
    return Counter(v.value for v in cells if v is not None and v.value is not None and v.value != 0)


def _path(path: tuple[str, ...] | list[str]) -> str:
    """The heading path below the document's own title (which carries the edition, not the subject)."""
    return " ".join(path[1:] if len(path) > 1 else path)


@dataclass(frozen=True)
class _GridEvidence:
    grid: Grid
    position: int
    count: int
    title: labels.Label
    heading: labels.Label
    rows: Counter
    words: Counter  # the words of all row labels: rows reworded between editions still share them
    figures: Counter


def _evidence(grids: list[Grid]) -> list[_GridEvidence]:
    return [_GridEvidence(g, k, len(grids), g.title_key, labels.title(_path(g.heading_path)),
                          Counter(r.key.full for r in g.rows), Counter(w for r in g.rows for w in r.key.core.split()),
                          _figures(c for r in g.rows for c in r.cells)) for k, g in enumerate(grids)]


def _grid_score(a: _GridEvidence, b: _GridEvidence) -> float:
    w = settings.TABLE_WEIGHTS
    return (w["title"] * labels.similarity(a.title, b.title)
            + w["heading"] * labels.similarity(a.heading, b.heading)
            + w["rows"] * (_dice(a.rows, b.rows) + _dice(a.words, b.words)) / 2
            + w["values"] * _dice(a.figures, b.figures)
            + w["position"] * position_closeness(a.position, a.count, b.position, b.count))


def match_grids(old: list[Grid], new: list[Grid]) -> list[Pair]:
    """Tables of one kind matched by title, heading, shared row labels, shared figures and position."""
    ea, eb = _evidence(old), _evidence(new)
    return assign(ea, eb, _grid_score, settings.TABLE_MINIMUM,
                  candidates=lambda a, b: a.grid.element == b.grid.element)


_NON_AMOUNT = {"verschil", "percentage"}


def _part(c: GridColumn) -> str:
    return labels.label(c.part or "").full


def _column_fits(a: GridColumn, b: GridColumn) -> bool:
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    return (a.scenario in _NON_AMOUNT) == (b.scenario in _NON_AMOUNT)


def match_columns(a: Grid, b: Grid) -> list[Pair]:
    """Columns by (year, part) first; the kind may move (raming -> begroting -> realisatie); label and
    position decide between columns that tie. A differing part only weighs against a pair (a header
    line read into the part on one side must not lose the year's match)."""
    w = settings.COLUMN_WEIGHTS
    n, m = len(a.columns), len(b.columns)
    index_a = {id(c): k for k, c in enumerate(a.columns)}
    index_b = {id(c): k for k, c in enumerate(b.columns)}

    def score(x: GridColumn, y: GridColumn) -> float:
        year = 1.0 if x.year is not None and x.year == y.year else 0.5 if x.year is None and y.year is None else 0.0
        part = 1.0 if _part(x) == _part(y) else 0.0
        scenario = 1.0 if x.scenario == y.scenario else 0.5 if transition(x.scenario, y.scenario) else 0.0
        label = labels.similarity(labels.title(x.label), labels.title(y.label))
        pos = position_closeness(index_a[id(x)], n, index_b[id(y)], m)
        return (w["year"] * year + w["part"] * part + w["scenario"] * scenario + w["label"] * label
                + w["position"] * pos)

    return assign(a.columns, b.columns, score, settings.COLUMN_MINIMUM, candidates=_column_fits)


def also_columns(a: Grid, b: Grid, columns: list[Pair]) -> list[Pair]:
    """Second pairings for a year printed in several kinds: a column left over whose (year, part) is already
    paired is compared with the other side's column of that pair too, when the two differ in kind. So a
    begroting meets both the begroting na wijziging and the realisatie of its year in a jaarrekening."""
    out: list[Pair] = []
    order = settings.SCENARIO_ORDER
    paired_a = {i: j for i, j, _ in columns}
    paired_b = {j: i for i, j, _ in columns}
    for j, y in enumerate(b.columns):
        if j in paired_b or y.year is None or y.scenario not in order:
            continue
        partner = next((i for i, jj, _ in columns if a.columns[i].year == y.year and _part(a.columns[i]) == _part(y)
                        and a.columns[i].scenario in order and a.columns[i].scenario != y.scenario), None)
        if partner is not None:
            out.append((partner, j, 0.0))
    for i, x in enumerate(a.columns):
        if i in paired_a or x.year is None or x.scenario not in order:
            continue
        partner = next((j for ii, j, _ in columns if b.columns[j].year == x.year and _part(b.columns[j]) == _part(x)
                        and b.columns[j].scenario in order and b.columns[j].scenario != x.scenario), None)
        if partner is not None:
            out.append((i, partner, 0.0))
    return out


def transition(old: str | None, new: str | None) -> str | None:
    """How a figure's kind moved for the same year: `same`, `raming->begroting`, ...; None without kinds."""
    if old is None or new is None:
        return None
    return "same" if old == new else f"{old}->{new}"


def _row_label_similarity(x: GridRow, y: GridRow) -> float:
    main = labels.similarity(x.key, y.key)
    if not x.sub and not y.sub:
        return main
    return 0.7 * main + 0.3 * labels.similarity(x.sub_key, y.sub_key)


def _shared_figures(x: GridRow, y: GridRow, columns: list[Pair]) -> float:
    compared = equal = 0
    for ci, cj, _ in columns:
        u, v = x.cells[ci], y.cells[cj]
        if u is None or v is None or u.value is None or v.value is None or (u.value == 0 and v.value == 0):
            continue
        compared += 1
        equal += u.value == v.value
    return equal / compared if compared else 0.0


def match_rows(a: Grid, b: Grid, columns: list[Pair]) -> list[Pair]:
    """Rows by label similarity (codes and qualifiers apart), figures shared in matched columns, position."""
    w = settings.ROW_WEIGHTS
    n, m = len(a.rows), len(b.rows)
    index_a = {id(r): k for k, r in enumerate(a.rows)}
    index_b = {id(r): k for k, r in enumerate(b.rows)}

    def score(x: GridRow, y: GridRow) -> float:
        return (w["label"] * _row_label_similarity(x, y) + w["values"] * _shared_figures(x, y, columns)
                + w["position"] * position_closeness(index_a[id(x)], n, index_b[id(y)], m))

    return assign(a.rows, b.rows, score, settings.ROW_MINIMUM)


def row_similarity(x: GridRow, y: GridRow) -> float:
    return _row_label_similarity(x, y)


def renamed(x: GridRow, y: GridRow) -> bool:
    return x.key.full != y.key.full or x.sub_key.full != y.sub_key.full


# Lists -------------------------------------------------------------------------------------------

def _item_key(text: str) -> str:
    return labels.label(text).full


@dataclass(frozen=True)
class _ListEvidence:
    items: ItemList
    position: int
    count: int
    heading: labels.Label
    path: labels.Label
    keys: Counter


def _list_evidence(lists: list[ItemList]) -> list[_ListEvidence]:
    return [_ListEvidence(el, k, len(lists), labels.title(el.heading),
                          labels.title(_path(el.heading_path)),
                          Counter(_item_key(i.text) for i in el.items)) for k, el in enumerate(lists)]


def _list_score(a: _ListEvidence, b: _ListEvidence) -> float:
    w = settings.LIST_WEIGHTS
    heading = 0.7 * labels.similarity(a.heading, b.heading) + 0.3 * labels.similarity(a.path, b.path)
    return (w["heading"] * heading + w["items"] * _dice(a.keys, b.keys)
            + w["position"] * position_closeness(a.position, a.count, b.position, b.count))


def match_lists(old: list[ItemList], new: list[ItemList]) -> list[Pair]:
    """Lists by heading (and the heading above it), shared items and position."""
    return assign(_list_evidence(old), _list_evidence(new), _list_score, settings.LIST_MINIMUM)


def match_items(a: ItemList, b: ItemList) -> list[Pair]:
    """Items by text similarity; the position only breaks ties."""
    ka = [_item_key(i.text) for i in a.items]
    kb = [_item_key(i.text) for i in b.items]
    n, m = len(ka), len(kb)

    def score(i: int, j: int) -> float:
        return labels.text_similarity(ka[i], kb[j]) + 1e-6 * position_closeness(i, n, j, m)

    return [(i, j, min(s, 1.0)) for i, j, s in assign(range(n), range(m), score, settings.ITEM_MINIMUM)]


def item_similarity(a: str, b: str) -> float:
    return labels.text_similarity(_item_key(a), _item_key(b))

