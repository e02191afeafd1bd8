"""Labels as evidence: a normalised form (case, spacing, punctuation, codes and qualifiers apart) and a
similarity in [0, 1] that tolerates small spelling changes and reordered words."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from . import settings

_PUNCT = re.compile(r"[^\w%€ ]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Label:
    """A printed label taken apart: `core` words, `qualifiers` and `code`, all normalised."""

    printed: str
    core: str
    qualifiers: str
    code: str

    @property
    def full(self) -> str:
        """The label normalised but complete: two labels equal here are the same label."""
        return " ".join(p for p in (self.code, self.core, self.qualifiers) if p)


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").casefold()
    t = _PUNCT.sub(" ", t)
    return _SPACE.sub(" ", t).strip()


@lru_cache(maxsize=65536)
def label(text: str) -> Label:
    """Split a row label, indicator name or list item into code, core words and qualifiers."""
    t = unicodedata.normalize("NFKC", text or "").replace("\u00a0", " ").strip()
    code = ""
    m = settings.LEADING_CODE.match(t)
    if m and len(t) > m.end():
        code, t = m.group(1), t[m.end():]
    else:
        m = settings.TRAILING_CODE.search(t)
        if m and m.start() > 0:
            code, t = m.group(1), t[:m.start()]
    t = settings.FIGURE_IN_LABEL.sub(" ", t) if _clean(settings.FIGURE_IN_LABEL.sub(" ", t)) else t
    quals = [q.group(0) for q in settings.QUALIFIERS.finditer(t)]
    core = settings.QUALIFIERS.sub(" ", t)
    if not _clean(core):  # a label that is all qualifier keeps its words as the core
        core, quals = t, []
    return Label(printed=text, core=_clean(core), qualifiers=_clean(" ".join(quals)),
                 code=code.casefold().replace(" ", ""))


@lru_cache(maxsize=65536)
def title(text: str) -> Label:
    """A table title or list heading: caption number, unit statement, sign note and years set aside."""
    t = settings.CAPTION.sub("", text or "")
    t = settings.SIGN_NOTE.sub(" ", t)
    t = settings.UNIT_STATEMENT.sub(" ", t)
    t = settings.YEAR.sub(" ", t)
    lab = label(t)
    return Label(printed=text, core=lab.core, qualifiers=lab.qualifiers, code=lab.code)


@lru_cache(maxsize=262144)
def text_similarity(a: str, b: str) -> float:
    """Characters (spelling changes) or word sets (reordering), whichever agrees more."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    wa, wb = set(a.split()), set(b.split())
    words = len(wa & wb) / len(wa | wb)
    chars = SequenceMatcher(None, a, b, autojunk=False)
    if chars.real_quick_ratio() <= words or chars.quick_ratio() <= words:  # cheap upper bounds first
        return words
    return max(chars.ratio(), words)


@lru_cache(maxsize=65536)
def _letters(word: str) -> Counter:
    return Counter(word)


@lru_cache(maxsize=262144)
def _word_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if min(la, lb) < settings.WORD_SHORTEST or 2 * min(la, lb) / (la + lb) < settings.WORD_MINIMUM:
        return 0.0
    ca, cb = _letters(a), _letters(b)
    shared = sum(min(n, cb.get(ch, 0)) for ch, n in ca.items())
    if 2 * shared / (la + lb) < settings.WORD_MINIMUM:  # letters in common bound the ratio from above
        return 0.0
    r = SequenceMatcher(None, a, b, autojunk=False).ratio()
    return r if r >= settings.WORD_MINIMUM else 0.0


def _covered(xs: list[str], ys: list[str]) -> float:
    """The share of xs's letters found in ys, each word by its most alike word (spelling changes allowed)."""
    total = sum(len(x) for x in xs)
    exact = set(ys)
    return sum(len(x) * (1.0 if x in exact else max((_word_similarity(x, y) for y in ys), default=0.0))
               for x in xs) / total


@lru_cache(maxsize=262144)
def word_similarity(a: str, b: str) -> float:
    """Labels as words in any order, each allowed small spelling changes: "Wegen Jonkerlaan" and "Wegen
    Jagerslaan" share only "wegen"; "Groene zone - uitvoeringsmaatregelen" and "Uitvoeringsmaatregelen
    Groene Zone" all their words."""
    if a == b:
        return 1.0
    xs, ys = a.split(), b.split()
    if not xs or not ys:
        return 0.0
    return (_covered(xs, ys) + _covered(ys, xs)) / 2


def similarity(a: Label, b: Label) -> float:
    """How alike two labels are: core words mostly, qualifiers a little; differing codes count against."""
    if a.full == b.full:
        return 1.0
    core = word_similarity(a.core, b.core)
    quals = word_similarity(a.qualifiers, b.qualifiers) if (a.qualifiers or b.qualifiers) else 1.0
    score = settings.CORE_WEIGHT * core + (1 - settings.CORE_WEIGHT) * quals
    if a.code and b.code and a.code != b.code:
        score *= settings.CODE_MISMATCH
    return min(score, 0.999)  # only identical labels are 1
