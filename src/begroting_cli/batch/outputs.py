"""What a batch leaves in OUTDIR, all derived deterministically from the per-document results.

    OUTDIR/documents/<sha256>.json   the document model, one per distinct document (written by workers)
    OUTDIR/manifest.jsonl            one row per input path, in plan order
    OUTDIR/timings.jsonl             seconds and peak memory per input (the only measured file)
    OUTDIR/values/<body>/<year>/<sha256>.parquet   the tidy rows of one document, typed (pyarrow)
    OUTDIR/values.csv                the rows of all documents as one CSV
    OUTDIR/.state/                   per-document records: what --resume reads

Everything but timings.jsonl and .state/ is byte-identical between an uninterrupted run and a run
that was killed and resumed. `body` and `document_year` are columns inside the Parquet files (as
well as the directory names), so their types do not depend on the directory names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..version import __version__
from .atomic import TMP_SUFFIX, write_atomic
from .worker import DOCUMENTS_DIR, document_path

STATE_DIR = ".state"
MANIFEST = "manifest.jsonl"
TIMINGS = "timings.jsonl"
VALUES_DIR = "values"
VALUES_CSV = "values.csv"
UNKNOWN_DIR = "onbekend"  # directory name for an unknown body or year (the column holds null)
VALUE_TYPE = ("decimal128", 38, 10)  # exact: 28 digits of euros, 10 decimals (printed numbers have far fewer)

MANIFEST_FIELDS = ["path", "sha256", "tool_version", "status", "stage", "message", "format", "pages", "tables",
                   "values", "diagnostics", "errors", "body", "document_kind", "year", "output"]
DOCUMENT_COLUMNS = ["sha256", "body", "document_kind", "document_year"]
_SHA_JSON = re.compile(r"^[0-9a-f]{64}\.json$")


class BatchDirError(Exception):
    """OUTDIR holds something that is not a batch's output."""


def prepare_outdir(outdir: Path, *, resume: bool) -> None:
    """Refuse a foreign non-empty directory; without --resume, forget earlier results."""
    state = outdir / STATE_DIR
    if outdir.exists() and not outdir.is_dir():
        raise BatchDirError(f"{outdir}: exists and is not a directory")
    if outdir.is_dir() and any(outdir.iterdir()) and not state.is_dir():
        raise BatchDirError(f"{outdir}: not empty and not the output of `begroting batch`")
    if state.is_dir() and not resume:
        shutil.rmtree(state)
    (state / "records").mkdir(parents=True, exist_ok=True)
    (outdir / DOCUMENTS_DIR).mkdir(exist_ok=True)


def _record_path(outdir: Path, sha256: str) -> Path:
    return outdir / STATE_DIR / "records" / f"{sha256}.json"


def save_result(outdir: Path, result: dict[str, Any]) -> None:
    write_atomic(_record_path(outdir, result["record"]["sha256"]), json.dumps(result, sort_keys=True))


def load_done(outdir: Path, sha256: str) -> dict[str, Any] | None:
    """The stored result of a document already done by this tool version, if its output is there."""
    try:
        result: dict[str, Any] = json.loads(_record_path(outdir, sha256).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rec = result.get("record", {})
    if rec.get("tool_version") != __version__:
        return None
    if rec.get("status") in ("success", "partial") and not document_path(outdir, sha256).is_file():
        return None
    return result


def _jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def manifest_row(path: str, rec: dict[str, Any]) -> dict[str, Any]:
    done = rec["status"] in ("success", "partial")
    row = {k: rec.get(k) for k in MANIFEST_FIELDS}
    row.update(path=path, output=f"{DOCUMENTS_DIR}/{rec['sha256']}.json" if done else None)
    return row


def _document_rows(outdir: Path, rec: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document's columns (null when unknown) and its typed tidy rows, read back from its JSON."""
    from ..models import Document  # noqa: PLC0415
    from ..tidy import tidy_rows  # noqa: PLC0415

    doc = Document.model_validate_json(document_path(outdir, rec["sha256"]).read_bytes())
    head = {"sha256": rec["sha256"], "body": doc.gemeente, "document_kind": doc.document_kind.value
            if doc.document_kind else None, "document_year": doc.year}
    return head, tidy_rows(doc)


def dataset_columns() -> list[str]:
    from ..tidy import TIDY_COLUMNS  # noqa: PLC0415

    return [*DOCUMENT_COLUMNS, *(c for c in TIDY_COLUMNS if c not in DOCUMENT_COLUMNS)]


def arrow_schema() -> Any:
    import pyarrow as pa  # noqa: PLC0415

    typed = {"document_year": pa.int32(), "year": pa.int32(), "page": pa.int32(), "line": pa.int32(),
             "table": pa.int32(), "row_index": pa.int32(), "total": pa.bool_(), "sum_of": pa.list_(pa.int32()),
             "value": pa.decimal128(VALUE_TYPE[1], VALUE_TYPE[2])}
    return pa.schema([(c, typed.get(c, pa.string())) for c in dataset_columns()])


def typed_columns(rows: list[dict[str, Any]], schema: Any) -> dict[str, list[Any]]:
    """Typed rows (tidy_rows) as columns; an empty cell of a typed column is null. A value with more
    decimals than the column's scale makes pyarrow refuse it: exact, or loud, never rounded."""
    import pyarrow as pa  # noqa: PLC0415

    cols: dict[str, list[Any]] = {}
    for f in schema:
        data = [r.get(f.name) for r in rows]
        if f.type != pa.string():
            data = [None if v == "" else v for v in data]
        cols[f.name] = data
    return cols


def _dir_name(value: object) -> str:
    return UNKNOWN_DIR if value is None else quote(str(value), safe=" ")


def _write_document_values(outdir: Path, head: dict[str, Any], rows: list[dict[str, Any]], schema: Any) -> Path:
    """values/<body>/<year>/<sha256>.parquet: one file per document, so memory holds one document."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    target = outdir / VALUES_DIR / _dir_name(head["body"]) / _dir_name(head["document_year"]) / f"{head['sha256']}.parquet"
    table = pa.Table.from_pydict(typed_columns([{**r, **head} for r in rows], schema), schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    write_atomic(target, sink.getvalue().to_pybytes())
    return target


def _csv_lines(head: dict[str, Any], rows: list[dict[str, Any]], columns: list[str]) -> str:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    from ..tidy import text_row  # noqa: PLC0415

    head_text = {k: "" if v is None else str(v) for k, v in head.items()}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writerows({**text_row(r), **head_text} for r in rows)
    return buf.getvalue()


def _prune_values(outdir: Path, keep: set[Path]) -> None:
    """Parquet files of documents this plan no longer has, and directories left empty."""
    root = outdir / VALUES_DIR
    for p in sorted(root.rglob("*.parquet")):
        if p not in keep:
            p.unlink()
    for d in sorted((d for d in root.rglob("*") if d.is_dir()), key=lambda d: len(d.parts), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()


def _prune_documents(outdir: Path, keep: set[str]) -> None:
    """Document JSON of an earlier run that this plan no longer has (only files we name)."""
    for p in (outdir / DOCUMENTS_DIR).iterdir():
        if _SHA_JSON.match(p.name) and p.name[:-5] not in keep:
            p.unlink()


def write_outputs(outdir: Path, entries: list[tuple[str, dict[str, Any]]]) -> None:
    """Manifest, timings, Parquet dataset and CSV from (path, result) pairs in plan order."""
    recs = [(path, res["record"]) for path, res in entries]
    manifest = _jsonl(manifest_row(p, r) for p, r in recs)
    write_atomic(outdir / TIMINGS, _jsonl({"path": p, "sha256": res["record"]["sha256"], "seconds": res["seconds"],
                                           "cpu_seconds": res.get("cpu_seconds", 0.0), "peak_memory_mb": res["peak_memory_mb"]} for p, res in entries))
    # The tables are a function of the manifest (records + document JSON of this tool version): when
    # the manifest they were last completed for is this one, a resume has nothing to rebuild.
    done_marker = outdir / STATE_DIR / "outputs.sha256"
    digest = hashlib.sha256(manifest.encode("utf-8")).hexdigest()
    if (done_marker.is_file() and done_marker.read_text(encoding="ascii") == digest
            and (outdir / VALUES_CSV).is_file() and (outdir / VALUES_DIR).is_dir()
            and (outdir / MANIFEST).is_file()):
        return
    done_marker.unlink(missing_ok=True)
    schema, columns = arrow_schema(), dataset_columns()
    (outdir / VALUES_DIR).mkdir(exist_ok=True)
    seen: set[str] = set()
    written: set[Path] = set()
    csv_path = outdir / VALUES_CSV
    fd, tmp = tempfile.mkstemp(dir=outdir, prefix=f".{VALUES_CSV}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(columns) + "\n")
            for _, rec in recs:  # one document at a time: a corpus never sits in memory whole
                if rec["status"] not in ("success", "partial") or rec["sha256"] in seen:
                    continue
                seen.add(rec["sha256"])
                head, rows = _document_rows(outdir, rec)
                written.add(_write_document_values(outdir, head, rows, schema))
                fh.write(_csv_lines(head, rows, columns))
        os.chmod(tmp, 0o644)
        os.replace(tmp, csv_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _prune_documents(outdir, seen)
    _prune_values(outdir, written)
    write_atomic(outdir / MANIFEST, manifest)
    write_atomic(done_marker, digest)
