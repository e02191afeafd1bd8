"""A list's title path ends in its lead-in, and lists under one heading are counted right: random pages
of one or two lists under a heading, each with or without a lead-in (wrapped over lines or not, a blank
line under it or not), set apart by prose or not, rendered as flattened text and as a web page."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli import parse_text
from begroting_cli.api import parse_html_text
from begroting_cli.models import Document, ItemList

HEADINGS = ["Beleid", "Lokale heffingen", "Uitgangspunten", "Financiële afwijkingen", "Leeswijzer"]
NOUNS = ["afvalstoffenheffing", "rioolheffing", "leges", "toeristenbelasting", "jeugdzorg", "armoedebeleid",
         "onderhoud wegen", "sportvelden", "openbare verlichting", "de Gemeentewet", "het BBV", "de Awb"]
LEAD_WORDS = ["de", "volgende", "belangrijkste", "punten", "die", "wij", "in", "dit", "jaar", "hanteren",
              "zijn", "onder", "meer", "heffingen"]
# Prose that introduces nothing: two sentences, the last ending in a stop.
PROSE = "De wet geeft de kaders voor de heffing. Uitzonderingen op de regels zijn niet toegestaan."
MARKERS = ["•", "-", "▪", "1."]

item_text = st.lists(st.sampled_from(NOUNS), min_size=1, max_size=3).map(lambda ws: " en ".join(ws).capitalize())


@dataclass
class GenList:
    lead_in: list[str] | None  # the lead-in's words (it ends in ':'), or no lead-in
    items: list[str]
    marker: str

    @property
    def lead_text(self) -> str | None:
        return None if self.lead_in is None else " ".join(self.lead_in).capitalize() + ":"


gen_list = st.builds(GenList, lead_in=st.none() | st.lists(st.sampled_from(LEAD_WORDS), min_size=3, max_size=14),
                     items=st.lists(item_text, min_size=2, max_size=6, unique=True), marker=st.sampled_from(MARKERS))


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[GenList], bool]:
    """A heading, prose above the first list or not, and one or two lists. Two lists are set apart by
    the second one's lead-in or by prose (nothing else tells a reader where one list ends)."""
    lists = draw(st.lists(gen_list, min_size=1, max_size=2))
    return draw(st.sampled_from(HEADINGS)), lists, draw(st.booleans())


def _bullets(lst: GenList, indent: int) -> list[str]:
    if lst.marker == "1.":
        return [f"{' ' * indent}{k}. {t}" for k, t in enumerate(lst.items, start=1)]
    return [f"{' ' * indent}{lst.marker} {t}" for t in lst.items]


def _wrapped(text: str, lines: int) -> list[str]:
    """A lead-in broken over lines; each line after the first goes on in lower case, as pages print it."""
    words = text.split()
    step = max(1, -(-len(words) // lines))
    return [" ".join(words[k:k + step]) for k in range(0, len(words), step)]


def render_text(heading: str, lists: list[GenList], prose_first: bool, wrap: int, gap: bool, indent: int) -> str:
    out = [heading, ""]
    for n, lst in enumerate(lists):
        if (n == 0 and prose_first) or (n > 0 and lst.lead_text is None):
            out += [PROSE, ""]
        if lst.lead_text is not None:
            out += _wrapped(lst.lead_text, wrap)
            out += [""] if gap else []
        out += [*_bullets(lst, indent), ""]
    return "\n".join([*out, "Tot zover deze paragraaf. Er volgt niets meer."]) + "\n"


def render_html(heading: str, lists: list[GenList], prose_first: bool) -> str:
    out = [f"<h2>{heading}</h2>"]
    for n, lst in enumerate(lists):
        if (n == 0 and prose_first) or (n > 0 and lst.lead_text is None):
            out.append(f"<p>{PROSE}</p>")
        if lst.lead_text is not None:
            out.append(f"<p>{lst.lead_text}</p>")
        tag = "ol" if lst.marker == "1." else "ul"
        out.append(f"<{tag}>" + "".join(f"<li>{t}</li>" for t in lst.items) + f"</{tag}>")
    out.append("<p>Tot zover deze paragraaf. Er volgt niets meer.</p>")
    return f"<!DOCTYPE html><html><body><main>{''.join(out)}</main></body></html>"


def _check(doc: Document, heading: str, lists: list[GenList]) -> None:
    got = [e for e in doc.elements if isinstance(e, ItemList)]
    assert len(got) == len(lists), [lst.title_path for lst in got]
    for lst, want in zip(got, lists):
        assert [" ".join(i.text.split()) for i in lst.items] == want.items
        assert lst.lead_in == want.lead_text
        assert lst.title_path == [heading, *([want.lead_text] if want.lead_text else [])]
        assert {i.group for i in lst.items} == {None}  # the lead-in names the list, not its items


@settings(max_examples=80, deadline=None)
@given(page=pages(), wrap=st.integers(1, 3), gap=st.booleans(), indent=st.sampled_from([0, 1, 2, 4]))
def test_text_lists_end_their_title_path_in_their_lead_in(page: tuple[str, list[GenList], bool], wrap: int,
                                                          gap: bool, indent: int) -> None:
    heading, lists, prose_first = page
    _check(parse_text(render_text(heading, lists, prose_first, wrap, gap, indent)), heading, lists)


@settings(max_examples=60, deadline=None)
@given(page=pages())
def test_html_lists_end_their_title_path_in_their_lead_in(page: tuple[str, list[GenList], bool]) -> None:
    heading, lists, prose_first = page
    _check(parse_html_text(render_html(heading, lists, prose_first)), heading, lists)


def test_the_tidy_title_ends_in_the_lead_in_and_counts_each_list_apart() -> None:
    from begroting_cli.emit import tidy_rows

    text = render_text("Beleid", [GenList(["wij", "zijn", "gebonden", "aan"], ["De Gemeentewet", "De Awb"], "•"),
                                  GenList(["het", "beleid", "gaat", "uit", "van"], ["Leges", "Jeugdzorg", "Sport"], "-")],
                       prose_first=True, wrap=1, gap=True, indent=2)
    titles = [r["title"] for r in tidy_rows(parse_text(text)) if r["element"] == "list"]
    assert titles == ["Beleid / Wij zijn gebonden aan:"] * 2 + ["Beleid / Het beleid gaat uit van:"] * 3
