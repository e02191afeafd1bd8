"""The command line through typer's CliRunner: outputs, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.emit import TIDY_COLUMNS

from .conftest import ROOT, SAMPLES

runner = CliRunner()
S001 = str(SAMPLES / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt")


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for cmd in ("parse", "export", "schema", "validate"):
        assert cmd in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in ("begroting parse", "begroting export", "begroting schema", "begroting validate"):
        assert cmd in readme


def test_parse_json_to_stdout() -> None:
    result = runner.invoke(app, ["parse", S001, "--unit", "1000"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    table = next(e for e in doc["elements"] if e["type"] == "financial_table")
    assert table["rows"][0]["values"][0]["value"] == 2751000


def test_parse_yaml_to_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", S001, str(SAMPLES / "venlo-jaarverslag-2017-sociaal-domein.txt"),
                                 "--format", "yaml", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "rotterdam-begroting-2021-wijkteams-wmo-loketten.yaml", "venlo-jaarverslag-2017-sociaal-domein.yaml"]


def test_export_csv_contract() -> None:
    result = runner.invoke(app, ["export", S001, "--unit", "1000"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == TIDY_COLUMNS
    saldo = [r for r in rows if r["row"] == "Saldo" and r["column"] == "Raming 2024"]
    assert saldo[0]["value"] == "-107278000" and saldo[0]["unit"] == "EUR" and saldo[0]["raw"] == "-107.278"
    assert saldo[0]["scenario"] == "raming" and saldo[0]["year"] == "2024" and saldo[0]["status"] == "ok"


def test_export_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "values.jsonl"
    result = runner.invoke(app, ["export", S001, "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert list(first) == TIDY_COLUMNS


def test_missing_empty_and_binary_files_exit_2_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    for path, words in ((tmp_path / "missing.txt", "no such file"), (empty, "empty"), (binary, "binary"),
                        (fake_pdf, "not a PDF")):
        result = runner.invoke(app, ["parse", str(path)])
        assert result.exit_code == 2, path
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0] and words in lines[0]
        assert "Traceback" not in result.output


def test_no_partial_output_on_failure(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["parse", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_bad_usage_exits_2() -> None:
    assert runner.invoke(app, ["parse", S001, "--unit", "0"]).exit_code == 2
    assert runner.invoke(app, ["parse", S001, "--format", "xml"]).exit_code == 2


def test_schema_command_matches_committed_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = (ROOT / "schemas" / "document.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "schemas/ is stale: run `make schemas`"
