"""What a batch leaves in OUTDIR, all derived deterministically from the per-document results.

    OUTDIR/documents/<sha256>.json   the document model, one per distinct document (written by workers)
    OUTDIR/manifest.jsonl            one row per input path, in plan order
    OUTDIR/timings.jsonl             seconds and peak memory per input (the only measured file)
    OUTDIR/values/<body>/<year>/part-0.parquet   the tidy rows, typed (pyarrow)
    OUTDIR/values.csv                the same rows as one CSV
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
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
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


def _document_rows(outdir: Path, rec: dict[str, Any]) -> list[dict[str, Any]]:
    from ..models import Document  # noqa: PLC0415
    from ..tidy import BASE_COLUMNS, text_row, tidy_rows  # noqa: PLC0415

    doc = Document.model_validate_json(document_path(outdir, rec["sha256"]).read_bytes())
    head = {"sha256": rec["sha256"], "body": doc.gemeente, "document_kind": doc.document_kind.value
            if doc.document_kind else None, "document_year": doc.year}
    return [{**head, **{k: v for k, v in text_row(row).items() if k in BASE_COLUMNS}} for row in tidy_rows(doc)]


def arrow_schema() -> Any:
    import pyarrow as pa  # noqa: PLC0415

    from ..tidy import BASE_COLUMNS  # noqa: PLC0415 - the original fourteen tidy columns

    typed = {"document_year": pa.int32(), "year": pa.int32(), "page": pa.int32(), "line": pa.int32(),
             "value": pa.decimal128(VALUE_TYPE[1], VALUE_TYPE[2])}
    return pa.schema([(c, typed.get(c, pa.string())) for c in [*DOCUMENT_COLUMNS, *BASE_COLUMNS]])


def typed_columns(rows: list[dict[str, Any]], schema: Any) -> dict[str, list[Any]]:
    """Empty cells of typed columns become null; value is an exact Decimal (never a float)."""
    cols: dict[str, list[Any]] = {f.name: [] for f in schema}
    for r in rows:
        for f in schema:
            v = r[f.name]
            if f.name == "value":
                v = Decimal(v) if v != "" else None
            elif f.name in ("year", "page", "line"):
                v = int(v) if v != "" else None
            cols[f.name].append(v)
    return cols


def _dir_name(value: object) -> str:
    return UNKNOWN_DIR if value is None else quote(str(value), safe=" ")


def _write_values(outdir: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    schema = arrow_schema()
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((_dir_name(r["body"]), _dir_name(r["document_year"])), []).append(r)
    tmp = Path(tempfile.mkdtemp(dir=outdir, prefix=f".{VALUES_DIR}.", suffix=TMP_SUFFIX))
    tmp.chmod(0o755)
    for (body, year), part in sorted(groups.items()):
        target = tmp / body / year
        target.mkdir(parents=True)
        table = pa.Table.from_pydict(typed_columns(part, schema), schema=schema)
        pq.write_table(table, target / "part-0.parquet", compression="zstd")
    final = outdir / VALUES_DIR
    if final.exists():
        old = Path(tempfile.mkdtemp(dir=outdir, prefix=f".{VALUES_DIR}-old.", suffix=TMP_SUFFIX))
        os.replace(final, old / VALUES_DIR)
        os.replace(tmp, final)
        shutil.rmtree(old)
    else:
        os.replace(tmp, final)


def _prune_documents(outdir: Path, keep: set[str]) -> None:
    """Document JSON of an earlier run that this plan no longer has (only files we name)."""
    for p in (outdir / DOCUMENTS_DIR).iterdir():
        if _SHA_JSON.match(p.name) and p.name[:-5] not in keep:
            p.unlink()


def write_outputs(outdir: Path, entries: list[tuple[str, dict[str, Any]]]) -> None:
    """Manifest, timings, Parquet dataset and CSV from (path, result) pairs in plan order."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

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
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _, rec in recs:
        if rec["status"] in ("success", "partial") and rec["sha256"] not in seen:
            seen.add(rec["sha256"])
            rows.extend(_document_rows(outdir, rec))
    _prune_documents(outdir, seen)
    _write_values(outdir, rows)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[f.name for f in arrow_schema()], lineterminator="\n")
    w.writeheader()
    w.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    write_atomic(outdir / VALUES_CSV, buf.getvalue())
    write_atomic(outdir / MANIFEST, manifest)
    write_atomic(done_marker, digest)
