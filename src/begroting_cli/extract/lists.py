"""Bullet, dash and numbered lists, with items grouped under sub-headings or under the lead-in
line that introduces them; two lists under one heading stay two lists, each named by its lead-in."""

from __future__ import annotations

from ..models import ItemList, ListItem
from ..segment import BULLET, Block
from .tables import provenance


def build_list(block: Block, lines_by_index: dict[int, object]) -> ItemList:
    items: list[ListItem] = []
    lead = block.data.get("lead_in")
    lead_text = " ".join(lines_by_index[lead].text.split()) if lead is not None else None  # type: ignore[attr-defined]
    for idx, group in block.data["items"]:
        group = group or lead_text  # the lead-in line ("... gebonden aan:") names the items under it
        first = lines_by_index[idx[0]]
        m = BULLET.match(first.text)  # type: ignore[attr-defined]
        marker = m.group("m") if m else ""
        text = BULLET.sub("", first.text, count=1).rstrip()  # type: ignore[attr-defined]
        for j in idx[1:]:
            text += "\n" + lines_by_index[j].text.rstrip()  # type: ignore[attr-defined]
        level = (len(first.text) - len(first.text.lstrip())) // 4  # type: ignore[attr-defined]
        items.append(ListItem(text=text, marker=marker, group=group, level=level, provenance=provenance(first)))  # type: ignore[arg-type]
    hl = block.data.get("heading_line")
    heading = lines_by_index[hl].text.strip() if hl is not None else (block.heading_path[-1] if block.heading_path else "")  # type: ignore[attr-defined]
    return ItemList(heading=heading, heading_path=block.heading_path, groups=block.data.get("groups", []),
                    items=items, lines=[ln.number for ln in block.lines])
