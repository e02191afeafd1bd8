"""Which cell texts name a column head: a scenario ("Begroting 2024"), a part ("Lasten"), a year, a header
line's groups. Predicates over the lexicon, shared by the segmenter (to see where a table's header starts)
and `extract.columns` (to read it); they live outside `extract` so that the segmenter needs nothing of the
table readers (TABLES.md §7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (DATE_RE, DATED_HEAD, DIFFERENCE_FIRST, KIND_JOINERS, KIND_STARTERS, KIND_TAIL, KIND_WORDS,
                      PART_WORDS, SCENARIO_WORDS, YEAR_RE)
from .models import Scenario

_YEAR_IN = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,])")

_GLUE = [re.compile(r"(?<=[a-zà-ÿ\)])(?=[A-Z])"), re.compile(r"(?<=\d)(?=[A-Za-z])"),
         re.compile(r"(?<=[a-z])(?=(?:19|20)\d{2})")]

@dataclass
class Group:
    """A column group as printed: kind words, maybe a year."""

    text: str
    year: int | None = None
    kind_words: bool = False



@lru_cache(maxsize=32768)  # pure, and asked about the same cells and lines again and again
def scenario_of(text: str) -> Scenario | None:
    if DIFFERENCE_FIRST.match(text):
        return Scenario.VERSCHIL
    for pattern, scenario in SCENARIO_WORDS:
        if pattern.search(text):
            return Scenario(scenario)
    return None



def year_of(text: str) -> int | None:
    m = _YEAR_IN.search(text)
    return int(m.group(1)) if m else None


def unglue(text: str) -> str:
    """Insert the spaces a flattening step dropped: "ProgrammaRekening 2015Begroting"."""
    for pattern in _GLUE:
        text = pattern.sub(" ", text)
    return text



@lru_cache(maxsize=32768)  # pure, and asked about the same cells and lines again and again
def is_part(text: str) -> bool:
    return bool(PART_WORDS.match(re.sub(r"\s*/\s*", "/", text.strip())))  # "V / N" is "V/N"


@lru_cache(maxsize=32768)  # pure, and asked about the same cells and lines again and again
def is_header_text(text: str) -> bool:
    """Could this cell be (part of) a column header?"""
    t = " ".join(unglue(text).split())
    if not t or len(t) > 60:
        return False
    if YEAR_RE.match(t) or DATE_RE.match(t) or DATED_HEAD.match(t):
        return True
    toks = t.split(" ")
    if all(KIND_WORDS.match(tok) or YEAR_RE.match(tok) for tok in toks):
        return True
    if is_part(t) or all(is_part(tok) for tok in toks):
        return True
    if len(toks) <= 3 and all(YEAR_RE.match(tok) or is_part(tok) for tok in toks) \
            and any(YEAR_RE.match(tok) for tok in toks) and any(is_part(tok) for tok in toks):
        return True  # "2019 lasten", "saldo 2018": a year and a part, one column
    if DIFFERENCE_FIRST.match(t) and len(toks) <= 8:
        return True  # "Verschil begr.na wijz. / rekening": one column that names what it compares
    return bool(scenario_of(t)) and len(toks) <= 5 and any(YEAR_RE.match(x) for x in toks)


def split_groups(text: str) -> tuple[str, list[Group]]:
    """One header line/cell -> (corner text before the first group, groups)."""
    toks = " ".join(text.split()).split(" ")
    corner: list[str] = []
    groups: list[Group] = []
    cur: list[str] = []
    started = False

    def close() -> None:
        if cur:
            phrase = " ".join(cur)
            groups.append(Group(phrase, year_of(phrase), kind_words=bool(scenario_of(phrase))))
            cur.clear()

    tail = False  # after a kind and its year: "na wijzigingen", "actueel" still belong to that group
    for tok in toks:
        if not tok:
            continue
        if groups and not cur and (tail or groups[-1].kind_words and groups[-1].year) and KIND_TAIL.match(tok):
            groups[-1].text += f" {tok}"
            tail = True
            continue
        tail = False
        if YEAR_RE.match(tok):
            started = True
            cur.append(tok)
            close()
        elif KIND_STARTERS.match(tok):
            started = True
            if cur and any(KIND_STARTERS.match(c) for c in cur) and not _continues(cur, tok) and cur[-1] not in KIND_JOINERS:
                close()
            cur.append(tok)
        elif not started:
            corner.append(tok)
        else:
            cur.append(tok)
    close()
    return " ".join(corner), groups


def _continues(cur: list[str], tok: str) -> bool:
    """"Begroting na wijziging", "Primitieve begroting": the token extends the open group."""
    last = cur[-1].lower()
    return last in {"primitieve", "bijgestelde", "gewijzigde", "actuele", "herziene"} and tok.lower() in {
        "begroting", "begroot"}


