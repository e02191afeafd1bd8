"""The body (gemeente, provincie, waterschap, gemeenschappelijke regeling), document kind and year, where the
document itself says so: the body from its title, cover or colofon only (a place named in the text is not
the publisher: a gemeenschappelijke regeling names its gemeenten); never from the file name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Body, BodyKind, DocumentKind
from ..stream import Line
from ..settings import SETTINGS

_KINDS = [
    (re.compile(r"\b(?:programma)?begroting\s*((?:19|20)\d\d)\b", re.I), DocumentKind.BEGROTING),
    (re.compile(r"\bjaarrekening\s*((?:19|20)\d\d)\b", re.I), DocumentKind.JAARREKENING),
    (re.compile(r"\b(?:jaarverslag|jaarstukken)\s*((?:19|20)\d\d)\b", re.I), DocumentKind.JAARVERSLAG),
    (re.compile(r"\bvoorjaarsnota\s*((?:19|20)\d\d)\b", re.I), DocumentKind.VOORJAARSNOTA),
    (re.compile(r"\bkadernota\s*((?:19|20)\d\d)\b", re.I), DocumentKind.KADERNOTA),
    (re.compile(r"\b(?:bestuursrapportage|burap)\s*((?:19|20)\d\d)\b", re.I), DocumentKind.BESTUURSRAPPORTAGE),
]
_NOT_NAMES = {"De", "Het", "Een", "Zij", "Wij", "Deze", "Dit", "Op", "In", "Voor", "Met", "Als"}


_NAME = r"((?:(?:van|de|het)\s+)?[A-Z][\w'’-]*(?:[- ](?:aan|den|de|op|in|en|van|[A-Z][\w'’-]*|IJssel))*)"
# The words that name a body on a cover, with its kind. A gemeenschappelijke regeling rarely says so on its
# cover: its own name (Omgevingsdienst X, Veiligheidsregio X, GGD X) does.
_BODY_WORDS = [
    (r"gemeenschappelijke\s+regeling", BodyKind.GEMEENSCHAPPELIJKE_REGELING),
    (r"omgevingsdienst|veiligheidsregio|ggd|regionale\s+uitvoeringsdienst|werkvoorzieningsschap|recreatieschap|"
     r"afvalschap|belastingsamenwerking|belastingdienst|vervoerregio|metropoolregio|gezondheidsdienst|"
     r"samenwerkingsverband|werkorganisatie|uitvoeringsorganisatie|shared\s+service\s+center|regio",
     BodyKind.GEMEENSCHAPPELIJKE_REGELING),
    (r"provincie", BodyKind.PROVINCIE),
    (r"waterschap|hoogheemraadschap|wetterskip|waterschap", BodyKind.WATERSCHAP),
    (r"gemeente", BodyKind.GEMEENTE),
]
# Kinds whose word is part of the body's name ("Waterschap Vallei en Veluwe"); a gemeente is just "Delft".
_NAMED_WITH_KIND = (BodyKind.GEMEENSCHAPPELIJKE_REGELING, BodyKind.WATERSCHAP)
_BODY = [(re.compile(rf"(?i:\b({words}))\s+{_NAME}"), kind) for words, kind in _BODY_WORDS]
_PUBLISHER = re.compile(rf"(?i:\buitgave|uitgegeven\s+door|\bcolofon\b[:\s]*uitgave)[:\s]+(?i:gemeente\s+)?{_NAME}")


def cover_lines(lines: list[Line]) -> list[Line]:
    """The title, cover and colofon: the first pages of a PDF, the first lines of a text."""
    if lines and lines[0].page is not None:
        first = lines[0].page
        return [ln for ln in lines if ln.page is not None and ln.page < first + SETTINGS.cover_pages][:200]
    return lines[:SETTINGS.cover_lines]


def detect_body(lines: list[Line]) -> Body | None:
    """The body that publishes the document, from its cover; the kind, where the cover names only the body's
    name ("uitgave Zeist"), from the text calling it so ("gemeente Zeist")."""
    for ln in cover_lines(lines):
        text = " ".join(ln.text.split())
        if not text or len(text) > 120:
            continue
        for pattern, kind in _BODY:
            m = pattern.search(text)
            if m and m.group(2).split()[0] not in _NOT_NAMES:
                name = m.group(2).strip()
                if kind in _NAMED_WITH_KIND and not re.match(r"(?i)gemeenschappelijke", m.group(1)):
                    name = f"{m.group(1)} {name}"  # "Omgevingsdienst Haaglanden", "Waterschap Rivierenland"
                return Body(name=name, kind=kind)
        m = _PUBLISHER.search(text)
        if m and m.group(1).split()[0] not in _NOT_NAMES:
            return Body(name=m.group(1).strip(), kind=_kind_named(lines, m.group(1).strip()))
    return None


def _kind_named(lines: list[Line], name: str) -> BodyKind | None:
    """The kind the text most often gives a name ("gemeente Zeist"; "gemeente@zeist.nl" counts too)."""
    text = "\n".join(ln.text for ln in lines)
    counts = {kind: 0 for _, kind in _BODY_WORDS}
    for words, kind in _BODY_WORDS:
        counts[kind] += len(re.findall(rf"(?i:\b(?:{words}))\s+{re.escape(name)}\b", text))
    counts[BodyKind.GEMEENTE] += len(re.findall(rf"(?i)\bgemeente@{re.escape(name.replace(' ', ''))}\.nl\b", text))
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


def parse_body(text: str) -> Body:
    """`--body "gemeente Zeist"` or `--body Zeist`: the kind where the text starts with one."""
    text = " ".join(text.split())
    for words, kind in _BODY_WORDS:
        m = re.match(rf"(?i)(?:{words})\s+(.+)$", text)
        if m:
            name = m.group(1) if kind not in _NAMED_WITH_KIND or re.match(r"(?i)gemeenschappelijke", text) \
                else text
            return Body(name=name, kind=kind)
    return Body(name=text, kind=None)


@dataclass(frozen=True)
class Overrides:
    """What the user says about the document (`--body`, `--year`, `--kind`): it wins over what is detected."""

    body: str | None = None
    year: int | None = None
    kind: DocumentKind | None = None


def detect_metadata(lines: list[Line], overrides: Overrides | None = None
                    ) -> tuple[Body | None, DocumentKind | None, int | None]:
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
    body = detect_body(lines)
    if overrides is not None:
        body = parse_body(overrides.body) if overrides.body else body
        kind = overrides.kind or kind
        year = overrides.year or year
    return body, kind, year


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
