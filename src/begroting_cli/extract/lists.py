"""Bullet, dash and numbered lists. A list's lead-in (the line ending in ':' right above its items)
is the last part of its title path, so two lists under one heading stay two lists with two names;
items are grouped under sub-headings and nested items under the item they are printed under.

Nesting is read from indentation relative to the list's own items (flattened pages indent by one
space or by four), and a nested item's group is the item it is printed under.
"""

from __future__ import annotations

from ..models import ItemList, ListItem
from ..segment import BULLET, Block
from ..stream import Line
from .tables import provenance

# Line number - 1 -> line: the stream itself, or a dict where its numbering has gaps.
LinesByIndex = list[Line] | dict[int, Line]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _levels(indents: list[int]) -> list[int]:
    """Each item's depth: the rank of its indentation among the list's distinct indentations."""
    rank = {w: k for k, w in enumerate(sorted(set(indents)))}
    return [rank[w] for w in indents]


def build_lists(block: Block, lines_by_index: LinesByIndex) -> list[ItemList]:
    """The lists of a list block: one, or one per column where lists stand side by side."""
    if "columns" in block.data:
        columns = [(name, cells) for name, cells in block.data["columns"] if cells]
        # The columns share their rows; each line is listed once, by the first list with a cell on it
        # (the header and any |---| rule by the first list).
        first_with: dict[int, int] = {}
        for col, (_, cells) in enumerate(columns):
            for k, _ in cells:
                first_with.setdefault(k, col)
        owned = [sorted(ln.number - 1 for ln in block.lines if first_with.get(ln.number - 1, 0) == col)
                 for col in range(len(columns))]
        return [_column_list(block, name, cells, own, lines_by_index)
                for (name, cells), own in zip(columns, owned)]
    return [build_list(block, lines_by_index)]


def _section(block: Block) -> str:
    return block.heading_path[-1] if block.heading_path else ""


def title_path(heading_path: list[str], heading: str, lead_in: str | None) -> list[str]:
    """The heading path, then the list's own heading where it is not the path's last part, then the
    lead-in: the most specific name last."""
    path = list(heading_path)
    if heading and path[-1:] != [heading]:
        path.append(heading)
    if lead_in:
        path.append(lead_in)
    return path


def _item_list(block: Block, heading: str, lead_in: str | None, groups: list[str], items: list[ListItem],
               lines: list[int]) -> ItemList:
    return ItemList(heading=heading, heading_path=block.heading_path, lead_in=lead_in,
                    title_path=title_path(block.heading_path, heading, lead_in), groups=groups, items=items,
                    lines=lines)


def _column_list(block: Block, name: str, cells: list[tuple[int, str]], own: list[int],
                 lines_by_index: LinesByIndex) -> ItemList:
    """One column of a table of words under its lead-in header cell ("Gebonden belastingen:")."""
    items = [ListItem(text=text, marker="", provenance=provenance(lines_by_index[k])) for k, text in cells]
    return _item_list(block, _section(block), name, [], items, [lines_by_index[k].number for k in own])


def build_list(block: Block, lines_by_index: LinesByIndex) -> ItemList:
    items: list[ListItem] = []
    lead = block.data.get("lead_in") or []
    lead_text = " ".join(" ".join(lines_by_index[k].text.split()) for k in lead) or None
    firsts = [lines_by_index[idx[0]] for idx, _ in block.data["items"]]
    levels = _levels([_indent(ln.text) for ln in firsts])
    parents: list[str] = []  # the text of the open item at each depth
    for (idx, group), first, level in zip(block.data["items"], firsts, levels):
        m = BULLET.match(first.text)
        marker = m.group("m") if m else ""
        text = BULLET.sub("", first.text, count=1).rstrip()
        for j in idx[1:]:
            text += "\n" + lines_by_index[j].text.rstrip()
        del parents[level:]
        under = parents[-1] if parents and len(parents) == level else None
        parents += [" ".join(text.split())] * (level + 1 - len(parents))
        # the item it is printed under, else its sub-heading; the lead-in names the list, not the item
        items.append(ListItem(text=text, marker=marker, group=under or group, level=level,
                              provenance=provenance(first)))
    hl = block.data.get("heading_line")
    heading = lines_by_index[hl].text.strip() if hl is not None else _section(block)
    return _item_list(block, heading, lead_text, block.data.get("groups", []), items,
                      [ln.number for ln in block.lines])
