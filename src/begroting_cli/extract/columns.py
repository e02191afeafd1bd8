"""Column headers: printed header cells -> typed columns (scenario, year, part).

Headers come stacked ("Rekening 2016" over "Lasten Baten Saldo"), split over cells ("Realisatie"
then "2021"), as kinds then years ("Begroting Begroting Raming" then "2016 2017 2018"), or glued
("ProgrammaRekening 2015Begroting 2016"). All of them reduce to a list of groups, each a kind
phrase with an optional year, optionally crossed with parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Scenario
from ..headwords import Group, is_header_text, is_part, scenario_of, split_groups, unglue, year_of
from ..lexicon import DATE_RE, DATED_HEAD, YEAR_RE


_GLUED_YEAR = re.compile(r"[a-z](?:19|20)\d\d")  # "Begroting2019"


@dataclass
class ColumnSpec:
    label: str
    scenario: Scenario | None = None
    year: int | None = None
    part: str | None = None


@dataclass
class HeaderParse:
    corner: str = ""
    columns: list[ColumnSpec] = field(default_factory=list)
    groups: list[ColumnSpec] = field(default_factory=list)  # year-level columns when parts exist
    leftovers: list[str] = field(default_factory=list)


def date_year(text: str) -> int | None:
    """The year of a peildatum: "31-12-2021" and "31-12-21" -> 2021."""
    y = text.strip().rsplit("-", 1)[-1]
    return int(y) if len(y) == 4 else 2000 + int(y) if y.isdigit() and len(y) == 2 else None


def dated_head_year(text: str) -> int | None:
    """The year of a balance-date column head ("Stand per 31-12-2020" -> 2020); None when the text is none."""
    m = DATED_HEAD.match(" ".join(text.split()))
    if m is None:
        return None
    date = m.group("date")
    return year_of(date) or date_year(re.sub(r"[/.]", "-", date))


def is_marker_heading(text: str) -> bool:
    """The heading of a voordeel/nadeel column ("V/N", "V / N", "N/V"): letters, not figures."""
    return bool(re.fullmatch(r"[vn]\s*/\s*[vn]|[vn]", text.strip(), re.I))


def parse_header(cells: list[str], part_cells: list[str] | None = None, width: int | None = None) -> HeaderParse:
    """Header cells (in reading order) -> columns. Cells may each hold one or several groups.

    `width` is the number of value columns the rows show (None: unknown). Where the reading of the
    cells gives another count, the competing reading "the last `width` cells are the bottom header
    line, one per column; the cells above span several columns" is tried."""
    texts = [" ".join(c.split()) for c in cells if c.strip()]
    one_column = len(texts) == 1 and width in (None, 1)
    if (len(texts) >= 2 or one_column) and all(DATE_RE.match(t) for t in texts):  # peildatum columns
        return HeaderParse(columns=[ColumnSpec(t, None, date_year(t)) for t in texts])
    dated = dated_columns(texts)
    if dated is not None and (width is None or len(dated.columns) == width):
        return dated
    stacked = years_over_kinds(texts)
    if stacked is not None:
        return stacked
    spanned = year_span(texts, width)
    if spanned is not None:
        return spanned
    if width and len(texts) > width and all(_year_and_part(t) for t in texts[-width:]):
        # "Rekening" / "Begroting" over "2017 saldo" ... "2019 lasten" "2019 baten": the bottom cells are
        # the columns; how far each kind above spans is not printed, so those stay unplaced.
        bottom = bottom_line(cells, width)
        if bottom is not None:
            return bottom
    named = named_blocks(cells)
    if named is not None and (width is None or len(named.columns) == width):
        return named
    out = _parse_header(cells, part_cells)
    clean = not out.leftovers and all(c.year for c in out.columns)
    if width and not part_cells and len(out.columns) != width and not clean:
        bottom = bottom_line(cells, width)
        if bottom is not None:
            return bottom
    if width and not part_cells and len(out.columns) != width:
        tail = year_tail(cells, width)
        if tail is not None:
            return tail
    return out


_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")


def year_span(texts: list[str], width: int | None) -> HeaderParse | None:
    """"Begroting 2021-2024" over "2021 2022 2023 2024": a phrase with a range of years that spans the bare
    years printed after it is no column of its own; its kind words are the kind of every year it spans."""
    spans = [(i, m) for i, t in enumerate(texts) if (m := _SPAN.search(t))]
    if len(spans) != 1:
        return None
    i, m = spans[0]
    first, last = int(m.group(1)), int(m.group(2))
    years = texts[i + 1:]
    if not years or (width is not None and len(years) != width) or first >= last \
            or not all(re.fullmatch(r"(?:19|20)\d{2}", y) and first <= int(y) <= last for y in years):
        return None
    kind = scenario_of(texts[i])
    corner = " ".join(texts[:i])
    return HeaderParse(corner=corner, columns=[ColumnSpec(y, kind, int(y)) for y in years])


def years_over_kinds(texts: list[str]) -> HeaderParse | None:
    """w bare years, then w kind phrases that each carry a year of their own ("2019" over "Volgens
    meerjarenraming in begroting 2018"): two header lines of one cell per column. Column i joins cell i of
    both; its year is the bare year (the phrase's year names the document the figure comes from)."""
    w = 0
    while w < len(texts) and re.fullmatch(r"(?:19|20)\d{2}", texts[w]):
        w += 1
    kinds = texts[w:]
    if w < 2 or len(kinds) != w or not all(scenario_of(k) and year_of(k) and len(k) <= 80 for k in kinds):
        return None
    return HeaderParse(columns=[ColumnSpec(f"{y} {k}", scenario_of(k), int(y)) for y, k in zip(texts[:w], kinds)])


def dated_columns(texts: list[str]) -> HeaderParse | None:
    """Balance-date heads, one cell per column ("Stand per 31-12-2020" "Stand per 31-12-2021"), maybe with
    a kind column beside them ("Mutatie", "Verschil"): each cell is its own column; a date gives the year."""
    years = [dated_head_year(t) for t in texts]
    if sum(y is not None for y in years) < 2 or any(y is None and (scenario_of(t) is None or len(t) > 60)
                                                     for t, y in zip(texts, years)):
        return None
    return HeaderParse(columns=[ColumnSpec(t, None if y else scenario_of(t), y) for t, y in zip(texts, years)])


def year_tail(cells: list[str], width: int) -> HeaderParse | None:
    """A header line that ends in exactly `width` bare years, one per value column, after a caption
    that names years of its own ("Formeel saldo begroting 2022 en meerjarenraming 2023-2025 2022 2023
    2024 2025"): the years are the columns, the caption is the corner."""
    texts = [" ".join(c.split()) for c in cells if c.strip()]
    if not texts:
        return None
    toks = texts[-1].split(" ")
    years = toks[-width:]
    if len(toks) <= width or not all(re.fullmatch(r"(?:19|20)\d\d", y) for y in years) \
            or len(set(years)) != width or re.fullmatch(r"(?:19|20)\d\d", toks[-width - 1]):
        return None
    corner = " ".join(texts[:-1] + [" ".join(toks[:-width])])
    return HeaderParse(corner=corner, columns=[ColumnSpec(y, None, int(y)) for y in years])


def named_blocks(cells: list[str]) -> HeaderParse | None:
    """k name cells over m year cells that repeat with period m / k: block i is named by cell i
    ("Investering" "Kapitaallasten" / 2021 2022 2021 2022)."""
    texts = [" ".join(c.split()) for c in cells if c.strip()]
    first_year = next((i for i, t in enumerate(texts) if YEAR_RE.match(t)), None)
    if first_year is None or first_year < 2:
        return None
    names, years = texts[:first_year], texts[first_year:]
    period, rest = divmod(len(years), len(names))
    if rest or period < 2 or not all(YEAR_RE.match(y) for y in years) \
            or any(years[i] != years[i % period] for i in range(len(years))) or any(len(n) > 40 for n in names):
        return None
    cols = [ColumnSpec(f"{name} {y}", scenario_of(name), year_of(y))
            for bi, name in enumerate(names) for y in years[bi * period:(bi + 1) * period]]
    return HeaderParse(columns=cols)


def bottom_line(cells: list[str], width: int) -> HeaderParse | None:
    """The last `width` cells as one column each, when every one of them names a year or a kind;
    the cells above them are kept as unplaced header text (their span is unknown)."""
    texts = [" ".join(c.split()) for c in cells if c.strip()]
    if len(texts) <= width:
        return None
    bottom, upper = texts[-width:], texts[:-width]
    specs = []
    for t in bottom:
        if len(t) > 40 or not is_header_text(t) or not (year_of(t) or scenario_of(t)):
            return None
        part = next((tok for tok in t.split(" ") if is_part(tok)), None) if _year_and_part(t) else None
        specs.append(ColumnSpec(t, scenario_of(t), year_of(t), part))
    return HeaderParse(columns=specs, leftovers=upper)


def _year_and_part(text: str) -> bool:
    """"2019 lasten", "saldo 2018": one year and one part word."""
    toks = text.split(" ")
    return len(toks) == 2 and sum(bool(YEAR_RE.match(t)) for t in toks) == 1 and sum(is_part(t) for t in toks) == 1


def _parse_header(cells: list[str], part_cells: list[str] | None = None) -> HeaderParse:
    out = HeaderParse()
    groups: list[Group] = []
    parts: list[str] = list(part_cells or [])
    for i, cell in enumerate(cells):
        text = " ".join((unglue(cell) if _GLUED_YEAR.search(cell) else cell).split())
        if not text:
            continue
        toks = text.split(" ")
        if all(is_part(t) for t in toks) and not (len(toks) == 1 and scenario_of(text)):
            parts.extend(toks)
            continue
        corner, gs = split_groups(text)
        if corner and not gs:
            if not groups and not parts:
                out.corner = f"{out.corner} {corner}".strip()
            elif not parts and not groups[-1].year and not YEAR_RE.match(corner):
                groups[-1].text += f" {corner}"  # "Begroting 2016" ... "incl. wijz." style tails
                out.leftovers.append(corner)
            else:
                out.leftovers.append(corner)
            continue
        if corner:
            if not groups:
                out.corner = f"{out.corner} {corner}".strip()
            else:
                out.leftovers.append(corner)
        groups.extend(gs)
    groups = _pair_kinds_with_years(groups)
    out.leftovers.extend(g.text for g in groups if not (g.year or g.kind_words))
    groups = [g for g in groups if g.year or g.kind_words]
    specs = [ColumnSpec(g.text, scenario_of(g.text), g.year) for g in groups]
    if parts and specs and len(parts) % len(specs) == 0 and len(parts) > len(specs):
        per = len(parts) // len(specs)
        out.groups = specs
        for gi, g in enumerate(specs):
            for p in parts[gi * per:(gi + 1) * per]:
                out.columns.append(ColumnSpec(f"{g.label} {p}", g.scenario, g.year, p))
    elif parts and specs and len(runs := _part_runs(parts)) == len(specs) > 1:
        # "Baten Lasten Saldo Baten Lasten Saldo Saldo" under three groups: a part word that comes
        # again starts the next group's run.
        out.groups = specs
        for g, run in zip(specs, runs):
            for p in run:
                out.columns.append(ColumnSpec(f"{g.label} {p}", g.scenario, g.year, p))
    elif parts and len(parts) == len(specs) > 1:
        # One part under each group: "Begroting 2024" over "Onttrekking", "Toevoeging", "Mutaties".
        out.columns = [ColumnSpec(f"{g.label} {p}", g.scenario, g.year, p) for g, p in zip(specs, parts)]
    elif parts and specs and len(parts) < len(specs) and len(specs) % len(parts) == 0 \
            and not any(is_marker_heading(p) for p in parts):  # a V/N heading never spans figure columns
        # Parts printed over blocks of groups: "LASTEN BATEN" over "2025 2026 2027 2028 2025 ...".
        per = len(specs) // len(parts)
        out.columns = [ColumnSpec(f"{p} {g.label}", g.scenario, g.year, p)
                       for bi, p in enumerate(parts) for g in specs[bi * per:(bi + 1) * per]]
    elif parts and not specs:
        out.columns = [ColumnSpec(p, scenario_of(p), None, p) for p in parts]
    elif parts and specs and len(parts) == 1:
        out.columns = specs + [ColumnSpec(parts[0], scenario_of(parts[0]), None, parts[0])]
    else:
        out.columns = specs
        out.leftovers.extend(parts)
    return out


def _part_runs(parts: list[str]) -> list[list[str]]:
    """Parts cut into runs; a run ends before a part word it already holds."""
    runs: list[list[str]] = []
    for p in parts:
        if not runs or p.lower() in (q.lower() for q in runs[-1]):
            runs.append([])
        runs[-1].append(p)
    return runs


def _pair_kinds_with_years(groups: list[Group]) -> list[Group]:
    """Join "Begroting" + "2016" printed as separate cells or lines."""
    kind_only = [g for g in groups if g.year is None and g.kind_words]
    year_only = [g for g in groups if g.year is not None and YEAR_RE.match(g.text)]
    if not kind_only or not year_only:
        return groups
    # Alternating kind, year, kind, year ...
    out: list[Group] = []
    i = 0
    alternating = True
    while i < len(groups):
        g = groups[i]
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        if g in kind_only and nxt is not None and nxt in year_only:
            out.append(Group(f"{g.text} {nxt.text}", nxt.year, True))
            i += 2
            continue
        if g in kind_only:
            alternating = False
        out.append(g)
        i += 1
    if alternating:
        return out
    # Block of kinds followed by a block of years of the same length (with untyped groups kept).
    ki = [i for i, g in enumerate(groups) if g in kind_only]
    yi = [i for i, g in enumerate(groups) if g in year_only]
    # (or years over kinds: "2023 2024 2025" over "Verslag Begr. Begr.")
    if len(ki) == len(yi) and (max(ki) < min(yi) or max(yi) < min(ki)):
        paired = []
        for k, y in zip(ki, yi):
            paired.append(Group(f"{groups[k].text} {groups[y].text}", groups[y].year, True))
        first, last = min(ki + yi), max(ki + yi)
        rest_before = [g for i, g in enumerate(groups) if i < first]
        rest_after = [g for i, g in enumerate(groups) if i > last]
        middle = [g for i, g in enumerate(groups) if first < i < last and i not in ki and i not in yi]
        return rest_before + paired + middle + rest_after
    spans = _kind_spans([groups[i] for i in ki], len(yi)) \
        if ki == list(range(ki[0], ki[-1] + 1)) and yi == list(range(yi[0], yi[-1] + 1)) and ki[-1] < yi[0] else None
    if spans is not None:
        # "Rekening Begroting Begroting Meerjarenraming" over "2016 ... 2021": fewer kinds than years.
        paired, y = [], 0
        for k, n in zip(ki, spans):
            for _ in range(n):
                year = groups[yi[y]]
                paired.append(Group(f"{groups[k].text} {year.text}", year.year, True))
                y += 1
        return groups[:ki[0]] + paired + groups[yi[-1] + 1:]
    return out


_FORWARD = (Scenario.BEGROTING, Scenario.BEGROTING_NA_WIJZIGING)


def _kind_spans(kinds: list[Group], years: int) -> list[int] | None:
    """How k kinds printed over m > k years span them, when one reading is clearly best: every
    kind spans at least one year, in order, and only a multi-year kind (raming, meerjarenraming)
    spans more than one. None when no reading or several equally good ones fit (then the kinds
    stay unplaced and the years stand alone, with a diagnostic)."""
    k = len(kinds)
    if not 0 < k < years or years > 12:
        return None
    scenarios = [scenario_of(g.text) for g in kinds]
    multi = [s is Scenario.RAMING for s in scenarios]
    if not any(multi) and scenarios[-1] in _FORWARD and all(s is Scenario.REALISATIE for s in scenarios[:-1]):
        # "Realisatie | Begroting" over "2022 ... 2027": closed years are printed one kind each, the
        # budget that follows them is the multi-year one (the meerjarenbegroting).
        multi[-1] = True
    if sum(multi) != 1:
        return None  # zero or several kinds that may span: the split is not printed
    return [years - k + 1 if m else 1 for m in multi]
