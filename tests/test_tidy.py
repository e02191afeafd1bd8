"""The tidy contract: typed rows, parts and totals that make a groupby right, and the README's pandas recipe."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli import parse, parse_text, tidy_rows, to_dataframe
from begroting_cli.cli import app
from begroting_cli.emit import to_csv, to_jsonl
from begroting_cli.tidy import BASE_COLUMNS, TIDY_COLUMNS, normalise_part, text_row

from .conftest import PDFS, ROOT, SAMPLES

runner = CliRunner()
S001 = SAMPLES / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"
PDF25 = PDFS / "wassenaar_begroting_2025.pdf"

PROGRAMME_TABLE = """Overzicht baten en lasten
Bedragen x € 1.000
Programma                 Begroting 2025   Begroting 2026
Lasten
Bestuur                          {a1:>9}        {a2:>9}
Veiligheid                       {b1:>9}        {b2:>9}
Subtotaal lasten                 {s1:>9}        {s2:>9}
Onvoorzien                       {c1:>9}        {c2:>9}
Totaal lasten                    {t1:>9}        {t2:>9}
"""


def _dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_original_columns_come_first_in_their_order() -> None:
    assert TIDY_COLUMNS[:14] == BASE_COLUMNS == ["source", "element", "title", "row", "subrow", "column", "year",
                                                 "scenario", "value", "unit", "raw", "status", "page", "line"]


def test_rows_keep_types() -> None:
    rows = tidy_rows(parse(S001, unit=1000))
    saldo = next(r for r in rows if r["row"] == "Saldo" and r["column"] == "Raming 2024")
    assert saldo["value"] == Decimal("-107278000") and isinstance(saldo["value"], Decimal)
    assert saldo["year"] == 2024 and isinstance(saldo["line"], int) and saldo["page"] is None
    assert saldo["unit_source"] == "option" and saldo["document_kind"] == "begroting"
    assert saldo["document_year"] == 2021
    assert list(saldo) == TIDY_COLUMNS


@given(st.integers(min_value=1, max_value=99_999), st.integers(min_value=1, max_value=99_999),
       st.integers(min_value=1, max_value=99_999), st.integers(min_value=1, max_value=99_999),
       st.integers(min_value=0, max_value=9_999), st.integers(min_value=0, max_value=9_999))
def test_leaves_sum_to_the_grand_total_without_double_counting(a1: int, a2: int, b1: int, b2: int, c1: int,
                                                               c2: int) -> None:
    """Whatever the figures, summing the rows that are no total gives the printed grand total once."""
    s1, s2 = a1 + b1, a2 + b2
    text = PROGRAMME_TABLE.format(**{k: _dutch(v) for k, v in dict(a1=a1, a2=a2, b1=b1, b2=b2, s1=s1, s2=s2,
                                                                    c1=c1, c2=c2, t1=s1 + c1, t2=s2 + c2).items()})
    rows = [r for r in tidy_rows(parse_text(text)) if r["element"] == "financial_table"]
    assert rows and {r["part"] for r in rows} == {"Lasten"}
    for year, total in ((2025, s1 + c1), (2026, s2 + c2)):
        leaves = sum(r["value"] or 0 for r in rows if r["year"] == year and not r["total"])
        grand = [r["value"] for r in rows if r["year"] == year and r["row"] == "Totaal lasten"]
        assert leaves == grand[0] == total * 1000
    subtotal = next(r for r in rows if r["row"] == "Subtotaal lasten")
    members = [r["row_index"] for r in rows if r["row"] in ("Bestuur", "Veiligheid") and r["year"] == 2025]
    assert subtotal["total"] and subtotal["sum_of"] in ([], members)  # small figures prove no structure


@pytest.mark.parametrize(("printed", "part"), [
    ("Lasten", "Lasten"), ("Totaal lasten", "Lasten"), ("Uitgaven", "Lasten"), ("baten", "Baten"),
    ("Inkomsten", "Baten"), ("Saldo van baten en lasten", "Saldo"), ("Netto", "Saldo"),
    ("Onttrekkingen aan reserves (baten)", "Baten"), ("Programma 1", ""), ("Rotterdam", ""), ("", "")])
def test_part_words_are_normalised(printed: str, part: str) -> None:
    assert normalise_part(printed) == part


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**12, max_value=10**12))
def test_jsonl_and_csv_keep_the_value_exact(value: Decimal) -> None:
    row = tidy_rows(parse(S001, unit=1000))[0] | {"value": value}
    back = json.loads(to_jsonl([row]), parse_float=Decimal)
    assert Decimal(back["value"]) == value and back["year"] == row["year"] and back["sum_of"] == row["sum_of"]
    assert Decimal(text_row(row)["value"]) == value


def test_dataframe_types_and_groupby() -> None:
    df = to_dataframe(parse(S001, unit=1000))
    assert list(df.columns) == TIDY_COLUMNS
    assert str(df["year"].dtype) == "Int64" and df["total"].dtype == bool
    assert isinstance(df["value"].dropna().iloc[0], Decimal)
    floats = to_dataframe(parse(S001, unit=1000), value="float64")
    assert str(floats["value"].dtype) == "float64"
    assert floats["value"].sum() == pytest.approx(float(sum(v for v in df["value"] if v is not None)))


def _recipe() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- pandas-recipe[^>]*-->\n```python\n(.*?)```", readme, re.S)
    assert m, "the README has no pandas recipe block"
    return m.group(1)


@pytest.mark.skipif(not PDF25.exists(), reason="../shared/corpus/pdf is not beside the repository")
def test_readme_pandas_recipe_on_a_corpus_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recapitulation of all programmes (PDF page 74): programme rows, a 'Totaal programma's' subtotal,
    general cover rows, 'Saldo van baten en lasten' and 'Geraamde resultaat'. The recipe's sum of Lasten per
    year over the rows that are no total equals the printed grand total; a naive sum counts it thrice."""
    result = runner.invoke(app, ["export", str(PDF25), "--pages", "74", "-o", str(tmp_path / "values.csv")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    exec(compile(_recipe(), "README.md", "exec"), ns)  # noqa: S102 - the README's own code
    summed, printed, lasten = ns["summed"], ns["printed"], ns["lasten"]
    expected = {2025: -93_246_000, 2026: -91_874_000, 2027: -90_493_000, 2028: -90_407_000}  # as printed
    (table,) = {key[0] for key in printed.index}
    for year, total in expected.items():
        assert printed[(table, year, "begroting")] == total
        # the printed figures are rounded to thousands: their sum may differ from the total by one unit
        assert abs(summed[(table, year, "begroting")] - total) <= 1000
        naive = sum(v for v in lasten[(lasten.year == year)]["value"] if v is not None)
        assert naive < 2 * total  # totals counted along with their members


def test_export_csv_has_the_new_columns_in_text_form() -> None:
    result = runner.invoke(app, ["export", str(S001), "--unit", "1000"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == TIDY_COLUMNS
    assert {r["total"] for r in rows} <= {"true", "false"}
    total = next(r for r in rows if r["total"] == "true" and r["sum_of"])
    assert all(x.isdigit() for x in total["sum_of"].split())
    assert to_csv(tidy_rows(parse(S001, unit=1000))) == result.stdout


def test_base_columns_unchanged_for_every_sample() -> None:
    """The first fourteen columns of the CSV are the contract the scorer reads: their text form is fixed."""
    for path in sorted(SAMPLES.iterdir()):
        rows = list(csv.DictReader(io.StringIO(to_csv(tidy_rows(parse(path))))))
        for r in rows:
            assert r["value"] == "" or re.fullmatch(r"-?\d+(\.\d+)?", r["value"]), (path.name, r["value"])
            assert r["year"] == "" or re.fullmatch(r"\d{4}", r["year"])
            assert r["page"] == "" or r["page"].isdigit()
            assert r["line"].isdigit()


def test_a_pdf_parses_after_a_dataframe_in_the_same_process(tmp_path: Path) -> None:
    """pandas/pyarrow map GBs of address space; a PDF worker forked after them keeps its memory limit on top of
    that, not below it (else every allocation in the worker fails). In a fresh, single-threaded process."""
    import subprocess
    import sys

    from .pdfgen import build_pdf, text_page

    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(build_pdf([text_page(["Programma Begroting 2025", "Baten 1.972"])]))
    code = ("import sys; from begroting_cli import parse, to_dataframe, parse_text\n"
            "to_dataframe(parse_text('Programma  Begroting 2025\\nBaten  1.972\\n'))\n"
            "doc = parse(sys.argv[1], pdf_engine='pdfplumber')\n"
            "print(len(doc.elements))\n")
    run = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
