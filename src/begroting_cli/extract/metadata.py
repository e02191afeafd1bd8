"""Gemeente, document kind and year, where the text reveals them (never from the file name)."""

from __future__ import annotations

import re
from collections import Counter

from ..models import DocumentKind
from ..stream import Line

_KINDS = [
    (re.compile(r"\b(?:programma)?begroting\s*((?:19|20)\d\d)\b", re.I), DocumentKind.BEGROTING),
    (re.compile(r"\bjaarrekening\s*((?:19|20)\d\d)\b", re.I), DocumentKind.JAARREKENING),
    (re.compile(r"\b(?:jaarverslag|jaarstukken)\s*((?:19|20)\d\d)\b", re.I), DocumentKind.JAARVERSLAG),
    (re.compile(r"\bvoorjaarsnota\s*((?:19|20)\d\d)\b", re.I), DocumentKind.VOORJAARSNOTA),
    (re.compile(r"\bkadernota\s*((?:19|20)\d\d)\b", re.I), DocumentKind.KADERNOTA),
    (re.compile(r"\b(?:bestuursrapportage|burap)\s*((?:19|20)\d\d)\b", re.I), DocumentKind.BESTUURSRAPPORTAGE),
]
_GEMEENTE = re.compile(r"\b[Gg]emeente\s+([A-Z][a-zà-ÿ]+(?:[- ](?:aan|den|de|op|in|[A-Z][a-zà-ÿ]+|IJssel))*)")
_NOT_NAMES = {"De", "Het", "Een", "Zij", "Wij", "Deze", "Dit", "Op", "In", "Voor", "Met", "Als"}


def detect_metadata(lines: list[Line]) -> tuple[str | None, DocumentKind | None, int | None]:
    head = [ln.text for ln in lines[:60]]
    kind, year = None, None
    for text in head:
        for pattern, k in _KINDS:
            m = pattern.search(text)
            if m and len(text) < 120:
                kind, year = k, int(m.group(1))
                break
        if kind:
            break
    if kind is None:
        kind, year = _from_structure(lines)
    names = Counter()
    for ln in lines:
        for m in _GEMEENTE.finditer(ln.text):
            name = m.group(1).strip()
            if name.split()[0] not in _NOT_NAMES:
                names[name] += 1
    gemeente = names.most_common(1)[0][0] if names else None
    return gemeente, kind, year


def _from_structure(lines: list[Line]) -> tuple[DocumentKind | None, int | None]:
    """No title line: the section questions and the table columns tell a begroting from a jaarverslag."""
    text = "\n".join(ln.text for ln in lines)
    past = re.search(r"wat hebben wij (?:bereikt|daarvoor gedaan)|wat heeft het gekost|begroot vs realisatie", text, re.I)
    future = re.search(r"wat willen we bereiken|wat gaan we (?:daarvoor )?doen|wat mag het kosten|wat gaat het kosten", text, re.I)
    realised = [int(y) for y in re.findall(r"\b(?:rekening|realisatie|jr)\s*((?:19|20)\d\d)\b", text, re.I)]
    planned = [int(y) for y in re.findall(r"\bbegroting\s*((?:19|20)\d\d)\b", text, re.I)]
    ramings = [int(y) for y in re.findall(r"\braming\s*((?:19|20)\d\d)\b", text, re.I)]
    if past and not future:
        return DocumentKind.JAARVERSLAG, max(realised) if realised else None
    if future or ramings:
        year = None
        if planned and ramings:
            year = max((y for y in planned if y < min(ramings)), default=max(planned))
        elif planned:
            year = max(planned)
        if year is not None and year in realised:
            year += 1  # a realisatie of that year is printed: the budget is for the year after
        return DocumentKind.BEGROTING, year
    return None, None
