"""`validate` never calls a document valid on no evidence; the YAML `parse` writes is read back as a model."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from begroting_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"


def test_readme_is_unchecked_not_valid() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(ROOT / "README.md")])
    assert result.exit_code == 1 and "unchecked" in result.stdout and ": valid" not in result.stdout
    report = json.loads(runner.invoke(app, ["validate", str(ROOT / "README.md"), "--format", "json"]).stdout)
    doc = report["documents"][0]
    assert doc["unchecked"] is True and doc["valid"] is False
    assert any(f["code"] == "unchecked" and f["severity"] == "error" for f in doc["findings"])


def test_allow_unchecked_exits_0() -> None:
    result = CliRunner().invoke(app, ["validate", str(ROOT / "README.md"), "--allow-unchecked"])
    assert result.exit_code == 0 and "unchecked" in result.stdout


def test_checked_document_is_not_unchecked() -> None:
    result = CliRunner().invoke(app, ["validate", str(SAMPLE), "--unit", "1000"])
    assert result.exit_code == 0 and ": valid" in result.stdout and "unchecked" not in result.stdout


def test_yaml_from_parse_is_read_back_as_the_model(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "doc.yaml"
    assert runner.invoke(app, ["parse", str(SAMPLE), "--unit", "1000", "-f", "yaml", "-o", str(out)]).exit_code == 0
    from_yaml = json.loads(runner.invoke(app, ["validate", str(out), "--format", "json"]).stdout)
    from_text = json.loads(runner.invoke(app, ["validate", str(SAMPLE), "--unit", "1000", "--format", "json"]).stdout)
    assert from_yaml["documents"][0]["counts"] == from_text["documents"][0]["counts"]
    assert [c["relations"] for c in from_yaml["documents"][0]["checks"]] == \
        [c["relations"] for c in from_text["documents"][0]["checks"]]
    assert sum(c["relations"] for c in from_yaml["documents"][0]["checks"]) > 0


def test_broken_yaml_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2 and "bad.yaml" in result.output and "Traceback" not in result.output
    other = tmp_path / "other.yaml"
    other.write_text("just: text\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(other)])
    assert result.exit_code == 2 and "not a begroting document" in result.output


def test_a_repeated_figure_alone_leaves_the_document_unchecked(tmp_path: Path) -> None:
    # "Totaal" repeating the one row above holds by construction: it shows no figure is right.
    page = tmp_path / "repeat.txt"
    page.write_text("Bedragen x € 1.000\nOmschrijving Begroting 2024\nSubsidies 450\nTotaal 450\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(page)])
    assert result.exit_code == 1 and "unchecked" in result.stdout
    page.write_text("Bedragen x € 1.000\nOmschrijving Begroting 2024\nSubsidies 450\nHuren 50\nTotaal 500\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(page)])
    assert result.exit_code == 0 and ": valid" in result.stdout
