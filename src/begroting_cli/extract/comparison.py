""""Begroot vs Realisatie" blocks: begroot / realisatie / afwijking (with a percentage)."""

from __future__ import annotations

import re

from ..models import BudgetComparison, ComparisonItem, Value
from ..normalise.numbers import Status, try_parse_cell
from ..segment import Block
from ..stream import Line
from .diagnostics import Diagnostics
from .tables import provenance, value_from

_DEFAULT_LABELS = ("Lasten", "Baten")


def _values(line: Line) -> tuple[Value, Value | None]:
    text = line.text.strip()
    pct = None
    m = re.search(r"\s(-?\s?[\d.,]+\s?%)\s*$", text)
    if m:
        pct_cv = try_parse_cell(m.group(1))
        text = text[: m.start()].strip()
        if pct_cv is not None:
            pct = value_from(pct_cv, m.group(1), None, True, provenance(line))
    cv = try_parse_cell(text)
    if cv is None:
        return Value(raw=text, value=None, status=Status.UNKNOWN, provenance=provenance(line)), pct
    # No unit stated: kept as printed ("€ 18.679" may be thousands) until a table proves the scale (see pipeline).
    return value_from(cv, text, None, False, provenance(line)), pct


def build_comparison(block: Block, lines: list[Line], diags: Diagnostics, element: int, year: int | None) -> BudgetComparison:
    items: list[ComparisonItem] = []
    label = block.data.get("label")
    triplets = block.data["triplets"]
    for n, (start, _end) in enumerate(triplets):
        b, _ = _values(lines[start + 1])
        r, _ = _values(lines[start + 3])
        a, pct = _values(lines[start + 5])
        if label and len(triplets) == 1:
            lab, inferred = label, False
        elif len(triplets) == 2:
            lab, inferred = _DEFAULT_LABELS[n], True
        else:
            lab, inferred = None, False
        items.append(ComparisonItem(label=lab, label_inferred=inferred, begroot=b, realisatie=r, afwijking=a,
                                    percentage=pct))
    if any(i.label_inferred for i in items):
        diags.add("comparison-label-inferred", "warning",
                  "unlabelled begroot/realisatie pairs: the first is taken as Lasten, the second as Baten "
                  "(the order these documents print them in)", lines[triplets[0][0]], element=element)
    title = block.data.get("title") or (block.heading_path[-1] if block.heading_path else "Begroot vs Realisatie")
    return BudgetComparison(title=title, heading_path=block.heading_path, year=year, items=items,
                            lines=[ln.number for ln in block.lines])
