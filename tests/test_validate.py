"""`begroting validate` and `begroting_cli.checks`: structure inference, every check, every output format.

Each arithmetic check is tested twice: on the printed document (everything holds within rounding) and on a copy
with one figure changed (the check names the row, the column, the line, the expected and the printed figure).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
import typer
from typer.testing import CliRunner

from begroting_cli.api import parse
from begroting_cli.api import validate
from begroting_cli.checks import CHECKS, CODES, annotate, infer_structure
from begroting_cli.cli_validate import register
from begroting_cli.emit import to_json
from begroting_cli.models import (Column, Document, FinancialRow, FinancialTable, Scenario, Source, Unit, Value)
from begroting_cli.normalise.numbers import Status
from begroting_cli.provenance import Provenance
from begroting_cli.report import Report, report_schema_json

from .conftest import PAGES, ROOT, SAMPLES

runner = CliRunner()
S001 = SAMPLES / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"
S002 = SAMPLES / "venlo-jaarverslag-2017-sociaal-domein.txt"
REPORT_SCHEMA = ROOT / "schemas" / "report.schema.json"
# One figure changed in seed 001: "Bijdragen rijk en medeoverheden", Realisatie 2019 (line 33), 541 -> 451.
BIJDRAGEN_541_TO_451 = ("Bijdragen rijk en medeoverheden | 541 |", "Bijdragen rijk en medeoverheden | 451 |")


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """The real `begroting` app with `validate` registered (cli.py may already do so)."""
    from begroting_cli.cli import app as base

    if not any(c.name == "validate" for c in base.registered_commands):
        register(base)
    return base


def table_of(doc: Document, title_part: str = "") -> tuple[int, FinancialTable]:
    return next((i, el) for i, el in enumerate(doc.elements)
                if isinstance(el, FinancialTable) and title_part in el.title)


def row_index(table: FinancialTable, label: str, nth: int = 1) -> int:
    hits = [i for i, r in enumerate(table.rows) if r.label == label]
    return hits[nth - 1]


def labels(table: FinancialTable, indices: list[int]) -> list[str]:
    return [table.rows[i].label for i in indices]


def changed_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / source.name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def errors(report: Report) -> list:
    return [f for f in report.findings if f.severity.value == "error"]


# --- seed 001: structure inferred from the figures ---------------------------------------------------------------

def test_seed001_structure_is_inferred() -> None:
    doc = parse(S001, unit=1000)
    annotate(doc)
    _, t = table_of(doc, "Wijkteams")
    sums = {r.label: labels(t, r.sum_of) for r in t.rows if r.sum_of}
    assert sums["Baten exclusief reserves"] == ["Bijdragen rijk en medeoverheden", "Overige opbrengsten derden"]
    assert sums["Apparaatslasten"] == ["Inhuur", "Overige apparaatslasten", "Personeel"]
    assert sums["Programmalasten"] == ["Inkopen en uitbestede werkzaamheden", "Kapitaallasten",
                                       "Overige programmalasten", "Sociale uitkeringen",
                                       "Subsidies en inkomensoverdrachten"]
    # the FIRST "Intern resultaat" (the parent; the second is its only child, an identical row)
    lasten = t.rows[row_index(t, "Lasten exclusief reserves")].sum_of
    assert lasten == [row_index(t, "Apparaatslasten"), row_index(t, "Intern resultaat", 1),
                      row_index(t, "Programmalasten")]
    assert sums["Saldo"] == ["Saldo voor reserveringen", "Reserves"]
    # identical rows are equal, not sums; nothing else sums anything
    assert set(sums) == {"Baten exclusief reserves", "Apparaatslasten", "Programmalasten",
                         "Lasten exclusief reserves", "Saldo"}


def test_seed001_saldo_is_baten_minus_lasten_and_everything_holds(app: typer.Typer) -> None:
    report = validate(S001, unit=1000)
    saldo = [r for r in report.relations if r.target.row == "Saldo voor vpb en reserveringen"
             and r.check == "saldo-rows"]
    assert len(saldo) == 6 and all(r.holds for r in saldo)
    assert all("baten - lasten" in r.formula for r in saldo)
    assert [t.row for t in saldo[0].terms] == ["Baten exclusief reserves", "Lasten exclusief reserves"]
    # "Programmalasten" is 47.529 but its members add up to 47.530: rounding, within 3 units (6 figures / 2)
    prog = next(r for r in report.relations if r.target.row == "Programmalasten"
                and r.target.column == "Realisatie 2019")
    assert prog.difference == Decimal(-1000) and prog.tolerance == Decimal(3000) and prog.holds
    assert report.relations and all(r.holds for r in report.relations)
    assert report.valid and not report.findings
    result = runner.invoke(app, ["validate", str(S001), "--unit", "1000"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


def test_seed001_changed_member_is_reported(app: typer.Typer, tmp_path: Path) -> None:
    bad = changed_copy(tmp_path, S001, *BIJDRAGEN_541_TO_451)
    result = runner.invoke(app, ["validate", str(bad), "--unit", "1000"])
    assert result.exit_code == 1
    out = result.stdout
    assert "subtotal-mismatch" in out and "Baten exclusief reserves [Realisatie 2019]" in out
    assert "Bijdragen rijk en medeoverheden [Realisatie 2019] 451" in out and "line 33" in out
    assert "expected 2.661, printed 2.751" in out and "tolerance 1,5" in out
    report = validate(bad, unit=1000)
    (f,) = errors(report)
    assert (f.code, f.row, f.column, f.line) == ("subtotal-mismatch", "Baten exclusief reserves", "Realisatie 2019", 31)
    assert (f.expected, f.printed, f.difference, f.tolerance) == (2661000, 2751000, 90000, 1500)
    member = next(t for t in f.terms if t.row == "Bijdragen rijk en medeoverheden")
    assert (member.printed, member.line, member.column) == ("451", 33, "Realisatie 2019")


def test_seed001_transposed_total_is_reported(app: typer.Typer, tmp_path: Path) -> None:
    bad = changed_copy(tmp_path, S001, "Lasten exclusief reserves | 101.819 |", "Lasten exclusief reserves | 101.891 |")
    result = runner.invoke(app, ["validate", str(bad), "--unit", "1000"])
    assert result.exit_code == 1
    assert "Lasten exclusief reserves [Realisatie 2019]" in result.stdout
    assert "expected 101.819, printed 101.891" in result.stdout
    found = {(f.code, f.row, f.column, f.line, f.expected, f.printed) for f in errors(validate(bad, unit=1000))}
    assert found == {
        ("subtotal-mismatch", "Lasten exclusief reserves", "Realisatie 2019", 35, 101819000, 101891000),
        # the saldo row, correct as printed, no longer follows from the wrong lasten figure
        ("saldo-mismatch", "Saldo voor vpb en reserveringen", "Realisatie 2019", 49, -99140000, -99068000),
    }
    # the figure in both failing relations is named as the likely misprint
    assert all(f.suspect and f.suspect.printed == "101.891" and f.suspect.line == 35
               for f in errors(validate(bad, unit=1000)))


# --- seed 002: saldo rows, verschil and % columns, Begroot vs Realisatie blocks ----------------------------------

def test_seed002_all_relations_hold(app: typer.Typer) -> None:
    report = validate(S002)
    assert not errors(report), [f.message for f in errors(report)]
    by = lambda check: [r for r in report.relations if r.check == check]  # noqa: E731
    saldo = by("saldo-rows")
    assert {r.target.column for r in saldo} == {"Begroting na wijziging 2017", "Rekening 2017"}
    assert all(r.target.row == "Saldo baten en lasten" and "baten - lasten" in r.formula for r in saldo)
    verschil = {r.target.row: r for r in by("verschil")}
    assert set(verschil) == {"Baten", "Lasten", "Saldo baten en lasten",
                             "Totaal resultaat collegeproduct: Sociale Wijkteams"}
    assert "Rekening 2017 - Begroting na wijziging 2017" in verschil["Baten"].formula
    # Venlo prints the verschil of lasten the other way round (effect on the saldo): -20.641 = 46.237 - 66.877
    assert "Begroting na wijziging 2017 - Rekening 2017" in verschil["Lasten"].formula
    pct = {r.target.row: r for r in by("percentages")}
    assert pct["Baten"].expected == Decimal("93.62") and pct["Baten"].target.value == 94  # 2.040 / 2.179
    assert all(r.holds for r in pct.values()) and len(pct) == 4
    blocks = by("comparison-table")
    assert len(blocks) == 8 and all(r.holds for r in blocks)  # the two top blocks and 'Sociale Wijkteams' x 2
    afwijking = by("comparison-afwijking")
    assert len(afwijking) == 10 and all("begroot - realisatie" in r.formula for r in afwijking)
    assert all(r.holds for r in report.relations)
    assert runner.invoke(app, ["validate", str(S002)]).exit_code == 0


@pytest.mark.parametrize(("old", "new", "code", "line", "expected", "printed"), [
    ("\n94%\n", "\n84%\n", "percentage-mismatch", 154, Decimal("93.62"), 84),
    ("\n-139\n", "\n-193\n", "verschil-mismatch", 156, -139000, -193000),
    ("Saldo baten en lasten\n\n-44.058\n\n-64.837", "Saldo baten en lasten\n\n-44.058\n\n-64.873", "saldo-mismatch",
     172, -64837000, -64873000),
    ("realisatie\n€ 2.040\nafwijking\n€ 139 6%\n\n2.4.3", "realisatie\n€ 2.400\nafwijking\n€ 139 6%\n\n2.4.3",
     "comparison-table-mismatch", 17, 2040000, 2400000),
    ("afwijking\n€ -5.082 10%", "afwijking\n€ -5.802 10%", "comparison-afwijking-mismatch", 222, -5082000,
     -5802000),
    ("afwijking\n€ 156 -2%", "afwijking\n€ 156 -20%", "comparison-percentage-mismatch", 252, Decimal("-2.35"), -20),
])
def test_seed002_changed_figure_is_reported(tmp_path: Path, old: str, new: str, code: str, line: int,
                                            expected: Decimal, printed: int) -> None:
    report = validate(changed_copy(tmp_path, S002, old, new))
    hits = [f for f in errors(report) if f.code == code]
    assert hits, [f.message for f in errors(report)]
    assert (hits[0].line, hits[0].expected, hits[0].printed) == (line, expected, printed)


# --- the corpus of real pages ------------------------------------------------------------------------------------

CORPUS = sorted(PAGES.glob("*.txt")) if PAGES.exists() else []


# Error findings the corpus pages give today. 225 prints a real misprint (its gold records the source
# inconsistency: Totaal 458,14 where the parts add up to 458,94). A page may give
# fewer findings than listed here (when a bug is fixed), never other or more.
# 257: its gold records a real inconsistency (one figure whose spacing fits no column, left where the
# ragged-row warning says, so its Subtotaal is off by it) and a false finding: the subtotal relation
# leaves out one of two rows that print the same figures (Herindicaties ... Wmo-BG / Jeugd).
EXPECTED_ERRORS = {"225": {"subtotal-mismatch": 1}, "257": {"subtotal-mismatch": 2}}


@pytest.mark.parametrize("page", CORPUS, ids=[p.stem[:3] for p in CORPUS])
def test_corpus_tables_validate_without_new_errors(page: Path) -> None:
    # Every table with totals in the corpus adds up within rounding, apart from the findings listed above.
    # (Warnings remain: 101, 102 and 109 print no unit, which is `unit-not-stated`, as in their gold files.)
    report = validate(page, allow_unchecked=True)  # a page without totals is unchecked, not in error here
    found: dict[str, int] = {}
    for f in errors(report):
        if f.code != "extra-values":  # figures left out by the parse: said as errors on purpose (test_corpus)
            found[f.code] = found.get(f.code, 0) + 1
    allowed = EXPECTED_ERRORS.get(page.stem[:3], {})
    assert all(n <= allowed.get(code, 0) for code, n in found.items()), [f.message for f in errors(report)]
    if page.stem.startswith("225"):  # the real misprint stays found
        assert found == allowed


# The relations each gold file lists (its `checks:`), as the validator finds them: (check, formula part, count).
GOLD_RELATIONS = {
    "101": [("saldo-columns", "[Rekening 2016 Saldo] = -Programma 0 [Rekening 2016 Baten]", 1),
            ("saldo-columns", "lasten - baten", 54)],
    "105": [("saldo-rows", "Saldo van lasten en baten = -Baten + Lasten", 6)],
    "107": [("saldo-rows", "Saldo van lasten en baten = Baten + Lasten", 4),
            ("saldo-rows", "Saldo mutaties reserves = Onttrekkingen aan reserves (baten) + Toevoegingen", 4),
            ("subtotals", "Resultaat = Saldo van lasten en baten + Saldo mutaties reserves", 4),
            ("subtotals", "2e ijkmoment 2021 voortgang 2021 = 6.1 Samenkracht", 4),
            ("subtotals", "Budgetneutraal = 6.1 Samenkracht", 4)],
    "110": [("saldo-columns", "baten + lasten", 33),
            ("subtotals", "Subtotaal programma's = 1 Burger en Bestuur + 2 Openbare ruimte + 3 Ruimte, wonen en "
                          "economie + 4 Sociaal domein", 9),
            ("subtotals", "Subtotaal alg. dekkingsmiddelen = Lokale heffingen", 9)],
    "112": [("saldo-columns", "lasten - baten", 60)],
    "114": [("subtotals", "Subtotaal = 1. Openbare orde", 8),
            ("subtotals", "Totaal = Subtotaal + Algemene Dekkingsmiddelen", 8),
            ("saldo-split-table", "Saldo van baten en lasten", 4),
            ("subtotals", "Saldo na mutatie reserves = Saldo van baten en lasten + Mutatie reserves", 4)],
}


@pytest.mark.parametrize("number", sorted(GOLD_RELATIONS))
def test_corpus_gold_relations_are_found(number: str) -> None:
    (page,) = [p for p in CORPUS if p.name.startswith(number)] or pytest.skip("corpus not beside the repository")
    report = validate(page)
    for check, part, count in GOLD_RELATIONS[number]:
        found = [r for r in report.relations if r.check == check and part in r.formula]
        assert len(found) == count and all(r.holds for r in found), (check, part, len(found))


# --- checks on tables built in the test ---------------------------------------------------------------------------

def _value(raw: str, line: int, scale: int) -> Value:
    digits = raw.replace(".", "")
    if raw in ("", "-"):
        return Value(raw=raw, status=Status.EMPTY, provenance=Provenance(line=line))
    return Value(raw=raw, value=Decimal(digits) * scale, status=Status.OK, unit="EUR", provenance=Provenance(line=line))


def make_doc(*tables: tuple[str, list[Column], list[tuple[str, list[str]]]], scale: int = 1000) -> Document:
    elements, line = [], 1
    for title, columns, rows in tables:
        built = []
        for label, raws in rows:
            line += 1
            built.append(FinancialRow(label=label, values=[_value(r, line, scale) for r in raws],
                                      provenance=Provenance(line=line)))
        elements.append(FinancialTable(title=title, unit=Unit(multiplier=scale, raw="x € 1.000", source="table"),
                                       columns=columns, rows=built, lines=[line - len(rows)]))
        line += 2
    return Document(tool_version="test", source=Source(name="test.txt", sha256="0" * 64, format="text", lines=line),
                    elements=elements)


RESERVE_COLUMNS = [Column(label=label, year=2023) for label in
                   ("Stand 1-1-2023", "Vermeerderingen 2023", "Verminderingen 2023", "Stand 31-12-2023")]


def test_reserve_movements() -> None:
    rows = [("Algemene reserve", ["12.500", "1.200", "700", "13.000"]),
            ("Reserve sociaal domein", ["3.400", "0", "900", "2.500"])]
    report = validate(make_doc(("Reserves", RESERVE_COLUMNS, rows)))
    reserves = [r for r in report.relations if r.check == "reserves"]
    assert len(reserves) == 2 and all(r.holds for r in reserves)
    bad = [("Algemene reserve", ["12.500", "1.200", "700", "13.700"])]
    (f,) = errors(validate(make_doc(("Reserves", RESERVE_COLUMNS, bad + rows[1:]))))
    assert (f.code, f.row, f.column, f.expected, f.printed) == ("reserve-mismatch", "Algemene reserve",
                                                                "Stand 31-12-2023", 13000000, 13700000)


def test_same_figure_in_two_tables() -> None:
    cols = [Column(label="Begroting 2024", scenario=Scenario.BEGROTING, year=2024),
            Column(label="Raming 2025", scenario=Scenario.RAMING, year=2025)]
    programmes = [("Programma 1 Bestuur en dienstverlening", ["1.234", "1.300"]),
                  ("Programma 2 Veiligheid", ["2.000", "2.100"])]
    overview = ("Overzicht", cols, programmes + [("Programma 3 Wonen", ["900", "950"])])
    relations = [r for r in validate(make_doc(overview, ("Taakvelden", cols, programmes))).relations
                 if r.check == "cross-table"]
    assert len(relations) == 4 and all(r.holds for r in relations)
    own_bad = ("Taakvelden", cols, [("Programma 1 Bestuur en dienstverlening", ["1.234", "1.390"]), programmes[1]])
    (f,) = errors(validate(make_doc(overview, own_bad)))
    assert (f.code, f.row, f.column, f.expected, f.printed) == (
        "cross-table-mismatch", "Programma 1 Bestuur en dienstverlening", "Raming 2025", 1300000, 1390000)
    # tables that share labels but hold other figures (e.g. mutations per programme) are not compared
    mutations = ("Mutaties reserves", cols, [("Programma 1 Bestuur en dienstverlening", ["34", "-12"]),
                                             ("Programma 2 Veiligheid", ["0", "100"])])
    assert not [f for f in validate(make_doc(overview, mutations)).findings if f.code != "unchecked"]
    # generic labels (Lasten, Saldo, Totaal) in two tables are different programmes' figures: never compared
    generic = [("Lasten", ["5", "6"]), ("Totaal", ["5", "6"])]
    other = [("Lasten", ["7", "8"]), ("Totaal", ["7", "8"])]
    assert not [f for f in validate(make_doc(("A", cols, generic), ("B", cols, other))).findings
                if f.code != "unchecked"]


def test_tolerance_is_half_a_unit_per_printed_figure() -> None:
    cols = [Column(label=f"Begroting {y}", scenario=Scenario.BEGROTING, year=y) for y in (2024, 2025, 2026)]

    def doc(total: str) -> Document:
        return make_doc(("T", cols, [("Programma A", ["100", "200", "300"]), ("Programma B", ["50", "60", "70"]),
                                     ("Totaal", [total, "260", "370"])]))

    assert validate(doc("151")).valid  # off by 1: three printed figures may be off 1,5 together
    (f,) = errors(validate(doc("152")))  # off by 2: a misprint
    assert (f.code, f.row, f.column, f.tolerance, f.difference) == ("subtotal-mismatch", "Totaal", "Begroting 2024",
                                                                    1500, 2000)


def test_all_zero_and_duplicate_rows_prove_nothing() -> None:
    cols = [Column(label=f"Begroting {y}", scenario=Scenario.BEGROTING, year=y) for y in (2024, 2025)]
    doc = make_doc(("T", cols, [("Reserves", ["780", "1.230"]), ("Onttrekking reserves", ["780", "1.230"]),
                                ("Nul", ["0", "0"]), ("Iets", ["5", "6"])]))
    st = infer_structure(doc.elements[0])
    assert not st.sum_of and st.equal_to == {0: [1]}


def test_unit_not_stated_is_a_warning(app: typer.Typer) -> None:
    report = validate(S001)  # no --unit: the table states none
    assert [f.code for f in report.findings] == ["unit-not-stated"]
    assert report.findings[0].severity.value == "warning" and report.findings[0].origin == "parse"
    assert runner.invoke(app, ["validate", str(S001)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(S001), "--fail-on", "warning"]).exit_code == 1


# --- output formats -----------------------------------------------------------------------------------------------

def test_json_output_validates_against_the_schema(app: typer.Typer, tmp_path: Path) -> None:
    assert REPORT_SCHEMA.read_text(encoding="utf-8") == report_schema_json(), "run: regenerate the report schema"
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    bad = changed_copy(tmp_path, S001, *BIJDRAGEN_541_TO_451)
    result = runner.invoke(app, ["validate", str(bad), str(S002), "--unit", "1000", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert [d["valid"] for d in data["documents"]] == [False, True] and data["valid"] is False
    f = next(f for f in data["documents"][0]["findings"] if f["code"] == "subtotal-mismatch")
    assert (f["expected"], f["printed"], f["scale"], f["line"]) == (2661000, 2751000, 1000, 31)
    assert "relations" not in data["documents"][0]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "valid": "no"}, schema)


def test_github_annotations(app: typer.Typer, tmp_path: Path) -> None:
    bad = changed_copy(tmp_path, S001, *BIJDRAGEN_541_TO_451)
    result = runner.invoke(app, ["validate", str(bad), "--format", "github"])  # no --unit: also a warning
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(re.fullmatch(rf"::error file={re.escape(str(bad))},line=31,title=subtotal-mismatch::Baten exclusief "
                            r"reserves \[Realisatie 2019\] does not add up: .*expected 2\.661, printed 2\.751.*", ln)
               for ln in lines), lines
    assert any(ln.startswith("::warning file=") and "title=unit-not-stated::" in ln for ln in lines)
    assert all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in lines)
    notices = runner.invoke(app, ["validate", str(S002), "--format", "github"]).stdout.splitlines()
    # a scale inferred for a figure can change its meaning: a warning, never a notice
    assert any(ln.startswith("::warning file=") and "title=comparison-scale-inferred" in ln for ln in notices)


def test_junit_xml(app: typer.Typer, tmp_path: Path) -> None:
    bad = changed_copy(tmp_path, S001, "Lasten exclusief reserves | 101.819 |", "Lasten exclusief reserves | 101.891 |")
    out = tmp_path / "report.xml"
    result = runner.invoke(app, ["validate", str(bad), str(S002), "--unit", "1000", "--format", "junit",
                                 "-o", str(out)])
    assert result.exit_code == 1 and result.stdout == ""
    root = ET.parse(out).getroot()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(bad), str(S002)]
    cases = {c.get("name"): c for c in suites[0].findall("testcase")}
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == {"subtotals: Overzicht van baten en lasten Wijkteams en Wmo-loketten",
                      "saldo-rows: Overzicht van baten en lasten Wijkteams en Wmo-loketten"}
    assert suites[0].get("failures") == "2" and root.get("failures") == "2"
    assert "101.891" in cases["subtotals: Overzicht van baten en lasten Wijkteams en Wmo-loketten"]\
        .find("failure").text
    assert all(c.find("failure") is None for c in suites[1].findall("testcase"))
    assert "parse diagnostics" in {c.get("name") for c in suites[1].findall("testcase")}


def test_text_report_to_file(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.txt"
    result = runner.invoke(app, ["validate", str(S002), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "venlo-jaarverslag-2017-sociaal-domein.txt (jaarverslag 2017): valid" in text
    assert "\x1b[" not in text  # no colour codes in a file


# --- inputs: JSON documents, unreadable files -------------------------------------------------------------------

def test_json_document_input(app: typer.Typer, tmp_path: Path) -> None:
    good = tmp_path / "seed001.json"
    good.write_text(to_json(parse(S001, unit=1000)), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 0, result.output
    data = json.loads(good.read_text(encoding="utf-8"))
    data["elements"][8]["rows"][1]["values"][0]["status"] = "maybe"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"begroting: error: {broken}: ") and "$.elements[8].rows[1].values[0].status" in line
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", [None, b"", b"{not json", b"\x00\x01\x02binary"])
def test_unreadable_input_is_one_line_exit_2(app: typer.Typer, tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / ("doc.json" if content == b"{not json" else "doc.txt")
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["validate", str(path), str(S001), "--unit", "1000"])
    assert result.exit_code == 2  # unreadable wins over a clean second document
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("begroting: error: ") and path.name in line and "Traceback" not in result.output
    assert "rotterdam-begroting-2021" in result.stdout  # the readable input is still reported


def test_bad_usage_exits_2(app: typer.Typer) -> None:
    assert runner.invoke(app, ["validate", str(S001), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(S001), "--fail-on", "info"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(S001), "--unit", "0"]).exit_code == 2
    assert runner.invoke(app, ["validate"]).exit_code == 2


# --- the library API and the documentation ------------------------------------------------------------------------

def test_validate_accepts_a_document_and_annotates_it() -> None:
    doc = parse(S001, unit=1000)
    report = validate(doc)
    assert report.valid and report.documents[0].file == S001.name
    _, t = table_of(doc, "Wijkteams")
    assert t.rows[0].sum_of == [1, 2]
    annotate(doc)  # idempotent
    assert t.rows[0].sum_of == [1, 2] and all(isinstance(r.expected, Decimal) for r in report.relations)


def test_every_check_and_code_is_documented() -> None:
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    for check in CHECKS:
        assert check.__doc__ and len(check.__doc__.split()) > 8, check.__name__
    for code in CODES:
        assert re.search(rf"^\| `{re.escape(code)}` \|", docs, re.M), code
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: begroting-validate" in hooks
    files = re.compile(yaml.safe_load(hooks)[0]["files"])
    for name in ("docs/begroting-2025.pdf", "Jaarrekening_2023.txt", "out/programmabegroting 2024.json"):
        assert files.search(name), name
    for name in ("README.txt", "notes/agenda.pdf", "begroting/notes.txt", "package.json"):
        assert not files.search(name), name
