"""What a batch leaves in OUTDIR, all derived deterministically from the per-document results.

    OUTDIR/documents/<sha256>.json   the document model, one per distinct document (written by workers)
    OUTDIR/manifest.jsonl            one row per input path, in plan order
    OUTDIR/timings.jsonl             seconds and peak memory per input (the only measured file)
    OUTDIR/values/<body>/<year>/<sha256>.parquet   the tidy rows of one document, typed (pyarrow)
    OUTDIR/values.csv                the rows of all documents as one CSV
    OUTDIR/.state/                   per-document records: what --resume reads; the CSV fragments and the
                                     rows children stage (values.py)

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

from ..version import __version__
from .atomic import TMP_SUFFIX, write_atomic
from .values import (DOCUMENT_COLUMNS, STATE_DIR, UNKNOWN_DIR, VALUE_TYPE, VALUES_DIR, arrow_schema, dataset_columns,
                     drop_staged, fragment_path, parquet_bytes, read_fragment, rows_jsonl, typed_cells, values_path,
                     write_values)
from .worker import DOCUMENTS_DIR, document_path

MANIFEST = "manifest.jsonl"
TIMINGS = "timings.jsonl"
VALUES_CSV = "values.csv"

MANIFEST_FIELDS = ["path", "sha256", "tool_version", "status", "stage", "message", "format", "pages", "tables",
                   "values", "diagnostics", "errors", "body", "document_kind", "year", "output"]
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
    columns = dataset_columns()
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
                sha = rec["sha256"]
                seen.add(sha)
                target = values_path(outdir, rec["body"], rec["year"], sha)
                if not (target.is_file() and fragment_path(outdir, sha).is_file()):
                    target = write_values(outdir, sha, rec["body"], rec["year"], document_path(outdir, sha))
                written.add(target)
                fh.write(read_fragment(outdir, sha))
        os.chmod(tmp, 0o644)
        os.replace(tmp, csv_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    drop_staged(outdir)
    _prune_documents(outdir, seen)
    _prune_values(outdir, written)
    write_atomic(outdir / MANIFEST, manifest)
    write_atomic(done_marker, digest)


# values.py's names that callers (tests, notebooks) know from here
__all__ = ["DOCUMENT_COLUMNS", "MANIFEST", "STATE_DIR", "TIMINGS", "UNKNOWN_DIR", "VALUES_CSV", "VALUES_DIR", "VALUE_TYPE",
           "arrow_schema", "dataset_columns", "load_done", "manifest_row", "parquet_bytes", "prepare_outdir",
           "rows_jsonl", "save_result", "typed_cells", "write_outputs"]
