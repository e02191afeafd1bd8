"""Narrative text kept under its headings; PDF lines are re-joined into paragraphs."""

from __future__ import annotations

import re

from ..models import Paragraph, TextBlock
from ..segment import Block
from .tables import provenance


def paragraph_text(lines: list, joined: bool) -> str:
    if not joined:
        return "\n".join(ln.text.rstrip() for ln in lines)
    out = ""
    for ln in lines:
        t = ln.text.strip()
        if out.endswith("-") and re.match(r"^[a-zà-ÿ]", t) and re.search(r"[a-zà-ÿ]-$", out):
            out = out[:-1] + t  # hyphenated line end
        else:
            out = f"{out} {t}" if out else t
    return out


def build_text(block: Block, joined: bool) -> TextBlock:
    paragraphs = [Paragraph(text=paragraph_text(block.lines, joined), provenance=provenance(block.lines[0]))] if joined \
        else [Paragraph(text=ln.text.rstrip(), provenance=provenance(ln)) for ln in block.lines]
    return TextBlock(heading_path=block.heading_path, boilerplate=block.kind == "boilerplate", paragraphs=paragraphs,
                     lines=[ln.number for ln in block.lines])
