"""`begroting diff` through typer's CliRunner: exit codes, formats, the JSON schema, byte-identical output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from begroting_cli import diff
from begroting_cli.cli import app
from begroting_cli.diffing.render import CSV_COLUMNS, diff_schema_json

from .conftest import ROOT, sample

runner = CliRunner()
SAMPLE = sample("rotterdam-begroting-2021-wijkteams-wmo-loketten.txt")


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_document_against_itself_exits_0() -> None:
    result = runner.invoke(app, ["diff", str(SAMPLE), str(SAMPLE), "--unit", "1000"])
    assert result.exit_code == 0, result.output
    assert "no differences" in result.stdout


def test_one_changed_figure_is_exactly_that_figure_and_exits_1(tmp_path: Path) -> None:
    changed = _copy(tmp_path, "changed.txt", "Inhuur | 3.761 |", "Inhuur | 3.762 |")
    result = runner.invoke(app, ["diff", str(SAMPLE), str(changed), "--unit", "1000", "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    changes = [c for t in data["tables"] for c in t["changes"]]
    assert [(c["row"], c["year"], c["kind"], c["old"]["raw"], c["new"]["raw"], c["old"]["value"], c["new"]["value"],
             c["delta"]) for c in changes] == [("Inhuur", 2019, "restated", "3.761", "3.762", 3761000, 3762000, 1000)]
    assert data["counts"]["rows_renamed"] == data["counts"]["rows_added"] == data["counts"]["rows_removed"] == 0


def test_lasten_against_lasten_exclusief_reserves_is_a_rename(tmp_path: Path) -> None:
    renamed = _copy(tmp_path, "renamed.txt", "Lasten exclusief reserves |", "Lasten |")
    result = runner.invoke(app, ["diff", str(SAMPLE), str(renamed), "--unit", "1000", "-f", "csv"])
    assert result.exit_code == 1, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == CSV_COLUMNS
    assert [(r["what"], r["status"], r["old_row"], r["new_row"]) for r in rows] == [
        ("row", "renamed", "Lasten exclusief reserves", "Lasten")]
    assert 0.8 < float(rows[0]["similarity"]) < 1


def test_threshold_hides_small_changes_and_sets_the_exit_code(tmp_path: Path) -> None:
    changed = _copy(tmp_path, "changed.txt", "Inhuur | 3.761 |", "Inhuur | 3.762 |")
    assert runner.invoke(app, ["diff", str(SAMPLE), str(changed), "--unit", "1000", "-t", "1%"]).exit_code == 0
    assert runner.invoke(app, ["diff", str(SAMPLE), str(changed), "--unit", "1000", "-t", "999"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(SAMPLE), str(changed), "--unit", "1000", "-t", "1000"]).exit_code == 0


def test_output_is_byte_identical_and_valid_against_the_schema(tmp_path: Path) -> None:
    changed = _copy(tmp_path, "changed.txt", "Inhuur | 3.761 |", "Inhuur | 3.762 |")
    outs = []
    for fmt in ("json", "json", "text", "text", "csv", "csv"):
        target = tmp_path / f"out.{fmt}"
        assert runner.invoke(app, ["diff", str(SAMPLE), str(changed), "--unit", "1000", "-f", fmt,
                                   "-o", str(target)]).exit_code == 1
        outs.append(target.read_bytes())
    assert outs[0] == outs[1] and outs[2] == outs[3] and outs[4] == outs[5]
    assert b"Inhuur" in outs[2] and b"+1.000" in outs[2]
    jsonschema.validate(json.loads(outs[0]), json.loads(diff_schema_json()))


def test_json_from_parse_is_accepted(tmp_path: Path) -> None:
    parsed = tmp_path / "doc.json"
    assert runner.invoke(app, ["parse", str(SAMPLE), "--unit", "1000", "-o", str(parsed)]).exit_code == 0
    assert runner.invoke(app, ["diff", str(parsed), str(SAMPLE), "--unit", "1000"]).exit_code == 0
    assert not diff(parsed, SAMPLE, unit=1000).differs


def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["diff", str(SAMPLE), str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert runner.invoke(app, ["diff", str(bad), str(SAMPLE)]).exit_code == 2
    out = tmp_path / "out.json"
    assert runner.invoke(app, ["diff", str(SAMPLE), str(SAMPLE), "-t", "veel", "-o", str(out)]).exit_code == 2
    assert not out.exists()
    assert runner.invoke(app, ["diff", str(SAMPLE)]).exit_code == 2


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8")
    assert committed == diff_schema_json(), "schemas/ is stale: run `make schemas`"


def test_diff_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "begroting diff" in readme and "schemas/diff.schema.json" in readme
    assert all(f"`{c}`" in readme for c in CSV_COLUMNS)
    assert runner.invoke(app, ["diff", "--help"]).exit_code == 0


def _edit_line(src: Path, number: int, old: str, new: str, target: Path) -> Path:
    lines = src.read_text(encoding="utf-8").split("\n")
    assert lines[number - 1] == old
    lines[number - 1] = new
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def _json_changes(args: list[str]) -> list[dict]:
    result = runner.invoke(app, ["diff", *args, "-f", "json"])
    assert result.exit_code == 1, result.output
    return [c | {"element": t["element"], "title": t["new"]["title"]} for t in json.loads(result.stdout)["tables"]
            for c in t["changes"]]


def test_an_indicator_value_is_matched_by_name_and_subrow(tmp_path: Path) -> None:
    src = sample("rotterdam-begroting-2018-welzijn.txt")
    changed = _edit_line(src, 96, "24%", "25%", tmp_path / "welzijn.txt")
    [c] = _json_changes([str(src), str(changed)])
    assert (c["element"], c["row"][:40], c["subrow"], c["year"], c["kind"]) == (
        "indicator_table", "Aantal eenzame ouderen in de wijken die ", "Mijlpaal", 2016, "restated")
    assert (c["old"]["raw"], c["new"]["raw"], c["delta"], c["unit"], c["old"]["line"]) == ("24%", "25%", 1, "%", 96)


def test_a_begroot_figure_of_a_comparison_block_is_matched(tmp_path: Path) -> None:
    src = sample("venlo-jaarverslag-2017-sociaal-domein.txt")
    changed = _edit_line(src, 203, "€ 29.277", "€ 29.377", tmp_path / "venlo.txt")
    [c] = _json_changes([str(src), str(changed)])
    assert (c["element"], c["title"], c["row"], c["year"], c["kind"], c["old"]["column"]) == (
        "budget_comparison", "Sociale Basisondersteuning", "Lasten", 2017, "restated", "begroot")
    assert (c["old"]["raw"], c["new"]["raw"], c["old"]["line"]) == ("€ 29.277", "€ 29.377", 203)


@pytest.mark.parametrize("path", sorted((ROOT / "samples").iterdir()), ids=lambda p: p.name[:20])
def test_every_sample_against_itself_differs_in_nothing(path: Path) -> None:
    result = diff(path, path)
    assert not result.differs and result.counts.figures_changed == 0
    assert result.counts.figures_compared > 0 or result.counts.lists_matched > 0
