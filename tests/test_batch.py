"""`begroting batch` and `begroting_cli.batch`: plan, outputs, resume, progress and exit codes."""

from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import begroting_cli
from begroting_cli import cli_batch
from begroting_cli.batch import outputs
from begroting_cli.batch.plan import expand_inputs
from begroting_cli.cli import app
from begroting_cli.errors import UsageError

from .batch_helpers import mixed_corpus, tree
from .conftest import SAMPLES, require_shared

runner = CliRunner()


def _manifest(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """One CLI batch over a mixed corpus, shared by the tests that read its outputs."""
    require_shared()
    root = tmp_path_factory.mktemp("batch")
    src = mixed_corpus(root)
    out = root / "out"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--jobs", "2"])
    return src, out, result


def test_one_manifest_row_per_input_with_the_right_status(first_run) -> None:
    src, out, result = first_run
    assert result.exit_code == 1, result.output  # three broken inputs
    rows = _manifest(out)
    inputs = sorted(str(p) for p in src.rglob("*") if p.is_file())
    assert sorted(r["path"] for r in rows) == inputs
    by_name = {Path(r["path"]).name: r for r in rows}
    for name, needle in (("truncated.pdf", "truncated"), ("binary.txt", "binary"), ("empty.txt", "empty")):
        assert by_name[name]["status"] == "failure" and by_name[name]["stage"] == "read"
        assert needle in by_name[name]["message"] and name in by_name[name]["message"]
        assert by_name[name]["output"] is None
    good = [r for r in rows if Path(r["path"]).parent.name != "broken"]
    assert good and all(r["status"] == "success" and r["stage"] == "" for r in good)
    for r in good:
        data = Path(r["path"]).read_bytes()
        assert r["sha256"] == hashlib.sha256(data).hexdigest()
        doc = json.loads((out / r["output"]).read_text(encoding="utf-8"))
        assert r["output"] == f"documents/{r['sha256']}.json" and doc["source"]["sha256"] == r["sha256"]
        assert r["tool_version"] == begroting_cli.__version__ and r["body"] == doc["gemeente"]
    pdf = by_name.get("almere_begrotingswijziging_2025.pdf")
    if pdf is not None:
        assert pdf["format"] == "pdf" and pdf["pages"] == 1 and pdf["values"] > 0
    timings = [json.loads(line) for line in (out / "timings.jsonl").read_text().splitlines()]
    assert [t["path"] for t in timings] == [r["path"] for r in rows]
    assert all(t["peak_memory_mb"] > 0 for t in timings if t["sha256"] and Path(t["path"]).stat().st_size)


def test_parquet_and_csv_hold_the_same_typed_rows(first_run) -> None:
    pd = pytest.importorskip("pandas")
    import pyarrow as pa

    _, out, _ = first_run
    df = pd.read_parquet(out / "values", dtype_backend="pyarrow")
    assert str(df["value"].dtype).startswith("decimal128(38, 10)")
    assert str(df["year"].dtype) == "int32[pyarrow]" and str(df["document_year"].dtype) == "int32[pyarrow]"
    assert str(df["total"].dtype) == "bool[pyarrow]" and list(df.columns[:4]) == ["sha256", "body", "document_kind",
                                                                                  "document_year"]
    with (out / "values.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(df) == len(rows) > 0
    assert sum(Decimal(r["value"]) for r in rows if r["value"]) == sum(v for v in df["value"].dropna())
    years = {int(r["year"]) for r in rows if r["year"]}
    assert years == set(df["year"].dropna()) and all(1990 < y < 2100 for y in years)
    # each directory is one body and one document year, and says so in its rows
    for part in (out / "values").rglob("*.parquet"):
        import pyarrow.parquet as pq

        t = pq.read_table(part)
        assert t.schema.field("value").type == pa.decimal128(38, 10)
        bodies, doc_years = set(t.column("body").to_pylist()), set(t.column("document_year").to_pylist())
        assert len(bodies) == 1 and len(doc_years) == 1
        body, doc_year = bodies.pop(), doc_years.pop()
        assert part.name == f"{t.column('sha256')[0]}.parquet"
        assert part.parent.parent.name == (body if body is not None else "onbekend")
        assert part.parent.name == (str(doc_year) if doc_year is not None else "onbekend")
    manifest_bodies = {r["body"] for r in _manifest(out) if r["status"] == "success" and r["values"]}
    assert set(df["body"].dropna()) == {b for b in manifest_bodies if b}


def test_resume_right_after_parses_nothing_and_changes_nothing(first_run) -> None:
    src, out, _ = first_run
    before = tree(out)
    run = begroting_cli.batch([src], out, jobs=2, resume=True)
    results = list(run)
    assert len(results) == len(_manifest(out)) and all(r.skipped for r in results)
    assert run.summary.skipped == len(results) and run.summary.exit_code == 1
    assert tree(out) == before


def test_a_new_document_on_resume_is_the_only_one_parsed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.txt"))
    for name in names[:2]:
        (src / name).write_bytes((SAMPLES / name).read_bytes())
    out = tmp_path / "out"
    assert all(r.status == "success" for r in begroting_cli.batch([src], out, jobs=1))
    (src / names[2]).write_bytes((SAMPLES / names[2]).read_bytes())
    results = list(begroting_cli.batch([src], out, jobs=1, resume=True))
    assert sorted((Path(r.path).name, r.skipped) for r in results) == sorted(
        [(names[0], True), (names[1], True), (names[2], False)])
    fresh = tmp_path / "fresh"
    list(begroting_cli.batch([src], fresh, jobs=1))
    assert tree(out) == tree(fresh)


def test_identical_files_are_parsed_once_and_listed_twice(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    name = sorted(SAMPLES.glob("*.txt"))[0]
    (src / "a.txt").write_bytes(name.read_bytes())
    (src / "b.txt").write_bytes(name.read_bytes())
    out = tmp_path / "out"
    results = list(begroting_cli.batch([src], out, jobs=2))
    assert sorted(r.skipped for r in results) == [False, True]
    rows = _manifest(out)
    assert [Path(r["path"]).name for r in rows] == ["a.txt", "b.txt"] and rows[0]["sha256"] == rows[1]["sha256"]
    assert len(list((out / "documents").iterdir())) == 1


def test_exit_codes_and_one_line_errors(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "ok"), "-q"])
    assert ok.exit_code == 0 and ok.output == ""
    missing = runner.invoke(app, ["batch", str(tmp_path / "nope.pdf"), "-o", str(tmp_path / "o2")])
    assert missing.exit_code == 2
    assert missing.output.strip() == f"begroting: error: {tmp_path / 'nope.pdf'}: no such file or directory"
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    refused = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(foreign)])
    assert refused.exit_code == 2 and "not the output of `begroting batch`" in refused.output
    assert sorted(p.name for p in foreign.iterdir()) == ["keep.txt"]
    no_dask = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "o3"), "--scheduler", "tcp://x:1"])
    assert no_dask.exit_code == 2 and "--scheduler needs --executor dask" in no_dask.output
    bad = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "o4"), "--executor", "spark"])
    assert bad.exit_code == 2


def test_plain_lines_off_a_terminal_and_a_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 0
    lines = [ln for ln in result.output.splitlines() if ln.startswith("begroting batch: [")]
    n = len(list(SAMPLES.glob("*.txt")))
    assert len(lines) == n and all(": success (" in ln for ln in lines)
    assert {ln.split("]")[0] for ln in lines} == {f"begroting batch: [{i}/{n}" for i in range(1, n + 1)}
    assert "documents/s" in result.output and "success" in result.output


def test_a_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_batch, "_on_terminal", lambda: True)
    result = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 0
    assert "docs/s" in result.output and "pages/s" in result.output and "0 failed" in result.output
    assert "begroting batch: [" not in result.output


def test_inputs_are_files_directories_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / ".hidden").mkdir()
    for rel in ("a/x.txt", "a/deep/y.pdf", "a/deep/z.html", "a/notes.yaml", "a/.hidden/h.txt", "b.TXT"):
        (tmp_path / rel).write_text("x")
    found = expand_inputs([tmp_path / "a", str(tmp_path / "*.TXT"), tmp_path / "a" / "x.txt"],
                          exclude=tmp_path / "a" / "deep")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/x.txt", "b.TXT"]
    found = expand_inputs([str(tmp_path / "a" / "**" / "*.pdf"), tmp_path / "a" / "notes.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/deep/y.pdf", "a/notes.yaml"]
    with pytest.raises(UsageError, match="no documents found"):
        expand_inputs([str(tmp_path / "*.docx")])


def test_the_library_api_is_begroting_cli_batch(tmp_path: Path) -> None:
    import begroting_cli.batch.plan  # noqa: F401 - importing the submodule must not hide the function

    results = begroting_cli.batch([SAMPLES], tmp_path / "out", jobs=2)
    seen = [r.path for r in results]
    assert sorted(seen) == sorted(str(p) for p in SAMPLES.glob("*.txt"))
    assert (tmp_path / "out" / "values.csv").is_file()


amounts = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.one_of(st.none(), amounts), min_size=1, max_size=20),
       years=st.lists(st.one_of(st.none(), st.integers(1990, 2040)), min_size=1, max_size=20),
       totals=st.lists(st.booleans(), min_size=1, max_size=5))
def test_typed_columns_keep_values_exact_through_parquet(values: list, years: list, totals: list) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from begroting_cli.tidy import TIDY_COLUMNS

    head = {"sha256": "s", "body": None, "document_kind": None, "document_year": years[0]}
    rows = []
    for i, v in enumerate(values):
        row = {c: "" for c in TIDY_COLUMNS}
        row.update(value=v, year=years[i % len(years)], line=i + 1, page=None, table=0, row_index=i,
                   total=totals[i % len(totals)], sum_of=list(range(i % 3)))
        rows.append(row)
    back = pq.read_table(pa.BufferReader(outputs.parquet_bytes(outputs.rows_jsonl(head, rows))))
    assert back.schema.equals(outputs.arrow_schema())
    assert [None if x is None else Decimal(x) for x in back.column("value").to_pylist()] == values
    assert back.column("year").to_pylist() == [years[i % len(years)] for i in range(len(values))]
    assert back.column("total").to_pylist() == [totals[i % len(totals)] for i in range(len(values))]
    assert back.column("sum_of").to_pylist() == [list(range(i % 3)) for i in range(len(values))]
    assert back.column("title").to_pylist() == ["" for _ in values]  # an empty text stays text
    too_fine = [{**rows[0], "value": Decimal("0.00000000001")}]  # 11 decimals: refused, never rounded
    with pytest.raises(pa.ArrowInvalid):
        outputs.parquet_bytes(outputs.rows_jsonl(head, too_fine))
