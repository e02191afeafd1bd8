"""Conventions of well-liked data tools, through typer's CliRunner: stdin, NDJSON, page lists, -h, choices in
the help, one usage-error style, formats that read back equal to the CSV, settings files, select/ignore."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.emit_tabular import read_xlsx_tidy
from begroting_cli.errors import UsageError
from begroting_cli.pagespec import parse_pages
from begroting_cli.tidy import TIDY_COLUMNS, text_cell

from .conftest import SAMPLES
from .pdfgen import Page, Text, build_pdf, text_page

runner = CliRunner()
S001 = SAMPLES / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"
S002 = SAMPLES / "venlo-jaarverslag-2017-sociaal-domein.txt"
COMMANDS = ("parse", "export", "validate", "schema")


def _csv(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _table_page() -> Page:
    return Page(texts=[Text(72, 80, "Bedragen x € 1.000"), Text(72, 100, "Programma"),
                       Text(300, 100, "Begroting 2025"), Text(72, 114, "Baten"), Text(330, 114, "120"),
                       Text(72, 128, "Lasten"), Text(330, 128, "80")])


def _pdf(tmp_path: Path, pages: list[Page], name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(build_pdf(pages))
    return path


def test_parse_reads_stdin() -> None:
    piped = runner.invoke(app, ["parse", "-", "--unit", "1000"], input=S001.read_bytes())
    direct = runner.invoke(app, ["parse", str(S001), "--unit", "1000"])
    assert piped.exit_code == direct.exit_code == 0
    a, b = json.loads(piped.stdout), json.loads(direct.stdout)
    assert a["source"]["name"] == "stdin.txt" and a["elements"] == b["elements"]


def test_export_reads_a_pdf_on_stdin(tmp_path: Path) -> None:
    path = _pdf(tmp_path, [_table_page()])
    result = runner.invoke(app, ["export", "-", "--jobs", "1"], input=path.read_bytes())
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    assert {r["source"] for r in rows} == {"stdin.pdf"} and any(r["value"] == "120000" for r in rows)


def test_several_inputs_to_stdout() -> None:
    parsed = runner.invoke(app, ["parse", str(S001), str(S002)])
    assert parsed.exit_code == 0
    lines = parsed.stdout.splitlines()
    assert len(lines) == 2 and [json.loads(x)["source"]["name"] for x in lines] == [S001.name, S002.name]
    exported = runner.invoke(app, ["export", str(S001), str(S002)])
    assert exported.exit_code == 0
    assert {r["source"] for r in _csv(exported.stdout)} == {S001.name, S002.name}
    assert exported.stdout.count("source,element,") == 1  # one header
    assert exported.stderr == parsed.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize(("spec", "parts"), [
    ("7", ((7, 7),)), ("15-20", ((15, 20),)), ("1,3,5-7,10-", ((1, 1), (3, 3), (5, 7), (10, None))),
    (" 2 - 4 , 9", ((2, 4), (9, 9)))])
def test_page_lists(spec: str, parts: tuple) -> None:
    assert parse_pages(spec).parts == parts


@pytest.mark.parametrize("spec", ["", "x", "0", "3-2", "1,,2", "-5", "1-2-3"])
def test_bad_page_lists_are_usage_errors(spec: str) -> None:
    with pytest.raises(UsageError):
        parse_pages(spec)


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 10)), min_size=1, max_size=5), st.integers(1, 70))
def test_page_selection_keeps_exactly_the_listed_pages(parts: list[tuple[int, int]], page: int) -> None:
    spec = ",".join(f"{a}-{a + n}" for a, n in parts)
    assert parse_pages(spec).wanted(page) == any(a <= page <= a + n for a, n in parts)


def test_export_pages_list_keeps_only_those_pages(tmp_path: Path) -> None:
    path = _pdf(tmp_path, [_table_page(), text_page(["Tussenpagina."]), _table_page(), _table_page(),
                           _table_page()])
    result = runner.invoke(app, ["export", str(path), "--pages", "1,3,5-", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert {r["page"] for r in _csv(result.stdout)} == {"1", "3", "5"}
    open_end = runner.invoke(app, ["export", str(path), "--pages", "4-", "--jobs", "1"])
    assert {r["page"] for r in _csv(open_end.stdout)} == {"4", "5"}


def test_short_help_and_completion() -> None:
    top = runner.invoke(app, ["-h"])
    assert top.exit_code == 0 and "--install-completion" in top.stdout
    for cmd in COMMANDS:
        result = runner.invoke(app, [cmd, "-h"])
        assert result.exit_code == 0 and "Usage: begroting " + cmd in result.stdout
        assert "<bool>" not in result.stdout  # flags take no value


def test_choices_are_listed_in_help() -> None:
    export = runner.invoke(app, ["export", "-h"]).stdout
    assert "csv|jsonl|parquet|xlsx" in export and "pypdfium2|pdfplumber" in export
    assert "json|yaml" in runner.invoke(app, ["parse", "-h"]).stdout


@pytest.mark.parametrize("args", [["export", str(S001), "--bogus"], ["export", str(S001), "--format", "xml"],
                                  ["parse", str(S001), "--pdf-engine", "pdfminer"], ["export", str(S001),
                                                                                     "--pages", "x"],
                                  ["validate", str(S001), "--fail-on", "never"], ["export", str(S001), "--excel",
                                                                                  "--format", "jsonl"]])
def test_one_style_of_usage_error(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("begroting: error: "), result.stderr
    assert result.stdout == ""


def test_parquet_and_xlsx_read_back_equal_to_the_csv(tmp_path: Path) -> None:
    base = ["export", str(S001), str(S002), "--unit", "1000"]
    rows = _csv(runner.invoke(app, base).stdout)
    assert runner.invoke(app, [*base, "--format", "parquet", "-o", str(tmp_path / "v.parquet")]).exit_code == 0
    assert runner.invoke(app, [*base, "--format", "xlsx", "-o", str(tmp_path / "v.xlsx")]).exit_code == 0
    table = pq.read_table(tmp_path / "v.parquet")
    assert table.column_names == TIDY_COLUMNS
    assert str(table.schema.field("value").type).startswith("decimal128") and str(table.schema.field("year").type) \
        == "int64"
    back = [{k: text_cell(k, v) for k, v in r.items()} for r in table.to_pylist()]
    assert back == rows
    assert read_xlsx_tidy((tmp_path / "v.xlsx").read_bytes()) == rows
    import openpyxl

    sheets = openpyxl.load_workbook(tmp_path / "v.xlsx", read_only=True).sheetnames
    assert sheets[0] == "tidy" and len(sheets) == 1 + len({(r["source"], r["table"]) for r in rows})


def test_excel_csv_has_bom_and_semicolons() -> None:
    plain = runner.invoke(app, ["export", str(S001)]).stdout
    result = runner.invoke(app, ["export", str(S001), "--excel"])
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("\ufeffsource;element;")
    assert _csv(text.lstrip("\ufeff"), delimiter=";") == _csv(plain)


def test_export_takes_a_json_written_by_parse(tmp_path: Path) -> None:
    for compact in ([], ["--compact"]):
        doc = tmp_path / f"doc{len(compact)}.json"
        assert runner.invoke(app, ["parse", str(S001), "--unit", "1000", "-o", str(doc), *compact]).exit_code == 0
        from_json = runner.invoke(app, ["export", str(doc)])
        assert from_json.exit_code == 0, from_json.output
        assert from_json.stdout == runner.invoke(app, ["export", str(S001), "--unit", "1000"]).stdout


def test_parse_compact_has_no_null_keys() -> None:
    result = runner.invoke(app, ["parse", str(S001), "--compact"])
    assert result.exit_code == 0 and ": null" not in result.stdout
    assert ": null" in runner.invoke(app, ["parse", str(S001)]).stdout


def test_settings_file_gives_unit_fail_on_and_ignored_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.chdir(tmp_path)
    plain = _csv(runner.invoke(app, ["export", str(S001)]).stdout)
    assert plain[0]["value"] == "2751"
    (tmp_path / "pyproject.toml").write_text('[tool.begroting]\nunit = 1000\nfail-on = "warning"\n',
                                             encoding="utf-8")
    scaled = _csv(runner.invoke(app, ["export", str(S001)]).stdout)
    assert scaled[0]["value"] == "2751000" and scaled[0]["unit_source"] == "option"
    assert _csv(runner.invoke(app, ["export", str(S001), "--unit", "1"]).stdout)[0]["value"] == "2751"
    # begroting.toml takes the place of pyproject's settings (its unit too): the codes are those it sees
    (tmp_path / "begroting.toml").write_text("ignore = []\n", encoding="utf-8")
    report = json.loads(runner.invoke(app, ["validate", str(S002), "--format", "json"]).stdout)
    codes = set(report["codes"])
    assert codes
    (tmp_path / "begroting.toml").write_text(f"ignore = {json.dumps(sorted(codes))}\n", encoding="utf-8")
    quiet = runner.invoke(app, ["validate", str(S002), "--format", "json"])
    assert json.loads(quiet.stdout)["codes"] == {} and quiet.exit_code == 0
    (tmp_path / "begroting.toml").write_text("unit = 'duizend'\n", encoding="utf-8")
    bad = runner.invoke(app, ["export", str(S001)])
    assert bad.exit_code == 2 and "begroting.toml: unit must be" in bad.stderr


def test_validate_select_ignore_and_counts_per_code(tmp_path: Path) -> None:
    full = json.loads(runner.invoke(app, ["validate", str(S002), "--format", "json"]).stdout)
    codes = full["codes"]
    assert codes and sum(codes.values()) == len([f for d in full["documents"] for f in d["findings"]])
    code = next(iter(codes))
    only = json.loads(runner.invoke(app, ["validate", str(S002), "--format", "json", "--select", code]).stdout)
    assert only["codes"] == {code: codes[code]}
    prefix = code.split("-")[0] + "-*"
    globbed = json.loads(runner.invoke(app, ["validate", str(S002), "-f", "json", "--select", prefix]).stdout)
    assert code in globbed["codes"]
    rest = json.loads(runner.invoke(app, ["validate", str(S002), "--format", "json", "--ignore", code]).stdout)
    assert code not in rest["codes"] and set(rest["codes"]) == set(codes) - {code}
    text = runner.invoke(app, ["validate", str(S002)]).stdout
    assert re.search(rf"by code: .*{re.escape(code)} {codes[code]}", text)


def _totals_page(last: str) -> Page:
    """Three programmes and a Totaal over three years; `last` is the printed total of the last year."""
    texts = [Text(72, 80, "Bedragen x € 1.000"), Text(72, 100, "Programma"), Text(260, 100, "Begroting 2025"),
             Text(360, 100, "Begroting 2026"), Text(460, 100, "Begroting 2027")]
    rows = [("Bestuur", "100", "110", "120"), ("Veiligheid", "200", "210", "220"), ("Onderwijs", "300", "310", "320"),
            ("Totaal", "600", "630", last)]
    for i, (label, *figures) in enumerate(rows):
        texts.append(Text(72, 114 + 14 * i, label))
        texts += [Text(x, 114 + 14 * i, v) for x, v in zip((300, 400, 500), figures)]
    return Page(texts=texts)


def test_github_annotations_name_the_page_of_a_pdf(tmp_path: Path) -> None:
    path = _pdf(tmp_path, [text_page(["Inleiding."]), _totals_page(last="700")])
    result = runner.invoke(app, ["validate", str(path), "--format", "github"])
    lines = [x for x in result.stdout.splitlines() if x.startswith("::error")]
    assert lines, result.stdout
    assert all("(page 2)" in x and "::page 2: " in x and "line=" not in x for x in lines)


def test_junit_names_are_stable(tmp_path: Path) -> None:
    def names(*paths: Path) -> list[str]:
        out = runner.invoke(app, ["validate", *map(str, paths), "--format", "junit", "--unit", "1000"]).stdout
        return [c.get("name") for c in ET.fromstring(out.split("\n", 1)[1]).iter("testcase")]

    once = names(S001)
    assert once == names(S001) and not any("element" in n for n in once)
    assert len(set(once)) == len(once)
    # a table added in front of the document moves every element index; the case names stay
    shifted = tmp_path / S001.name
    shifted.write_text("Extra overzicht\nBedragen x € 1.000\nProgramma   Begroting 2025\nBaten   10\n\n"
                       + S001.read_text(encoding="utf-8"), encoding="utf-8")
    assert set(once) <= set(names(shifted))


def test_value_text_form_is_exact() -> None:
    assert text_cell("value", Decimal("12.50")) == "12.5" and text_cell("total", True) == "true"
    assert text_cell("sum_of", [1, 2]) == "1 2" and text_cell("year", None) == ""


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_bar_only_on_a_terminal_and_without_a_thread(terminal: bool) -> None:
    """A bar on a terminal, nothing in a pipe or log; no refresh thread (the PDF reader forks only from a
    single-threaded process)."""
    import threading
    from unittest import mock

    from rich.console import Console

    from begroting_cli.cli_inputs import progress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=terminal, width=80)
    with mock.patch("rich.console.Console", return_value=console):
        threads = [threading.active_count() for _ in progress(["a.pdf", "b.pdf", "c.pdf"], "reading")]
    assert threads == [threading.active_count()] * 3
    assert ("reading" in buf.getvalue()) is terminal
