"""One document's tidy rows as the batch stores them: a Parquet file and a CSV fragment.

The batch writes both as each document's result comes in, while the other documents are still being
parsed; at the end it only concatenates the fragments in plan order. Both are a function of the
document's JSON alone, so writing them then or at the end (a document whose files are missing, e.g.
after an interrupted run) gives the same bytes.

    OUTDIR/values/<body>/<year>/<sha256>.parquet   typed columns (pyarrow)
    OUTDIR/.state/values/<sha256>.csv              its rows of values.csv, without the header
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from .atomic import write_atomic

STATE_DIR = ".state"
VALUES_DIR = "values"
FRAGMENTS_DIR = "values"  # under STATE_DIR
UNKNOWN_DIR = "onbekend"  # directory name for an unknown body or year (the column holds null)
VALUE_TYPE = ("decimal128", 38, 10)  # exact: 28 digits of euros, 10 decimals (printed numbers have far fewer)
DOCUMENT_COLUMNS = ["sha256", "body", "document_kind", "document_year"]


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


def values_path(outdir: Path, body: object, year: object, sha256: str) -> Path:
    """Where a document's Parquet file goes: by body and year (the manifest row has both)."""
    return Path(outdir) / VALUES_DIR / _dir_name(body) / _dir_name(year) / f"{sha256}.parquet"


def fragment_path(outdir: Path, sha256: str) -> Path:
    return Path(outdir) / STATE_DIR / FRAGMENTS_DIR / f"{sha256}.csv"


def document_rows(document_json: bytes | str, sha256: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document's columns (null when unknown) and its typed tidy rows, from its JSON."""
    from ..models import Document  # noqa: PLC0415
    from ..tidy import tidy_rows  # noqa: PLC0415

    doc = Document.model_validate_json(document_json)
    head = {"sha256": sha256, "body": doc.gemeente, "document_kind": doc.document_kind.value
            if doc.document_kind else None, "document_year": doc.year}
    return head, tidy_rows(doc)


def csv_lines(head: dict[str, Any], rows: list[dict[str, Any]], columns: list[str]) -> str:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    from ..tidy import text_row  # noqa: PLC0415

    head_text = {k: "" if v is None else str(v) for k, v in head.items()}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writerows({**text_row(r), **head_text} for r in rows)
    return buf.getvalue()


def write_parquet(outdir: Path, head: dict[str, Any], rows: list[dict[str, Any]], schema: Any) -> Path:
    """values/<body>/<year>/<sha256>.parquet: one file per document, so memory holds one document."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    target = values_path(outdir, head["body"], head["document_year"], head["sha256"])
    table = pa.Table.from_pydict(typed_columns([{**r, **head} for r in rows], schema), schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    write_atomic(target, sink.getvalue().to_pybytes())
    return target


def write_values(outdir: Path, sha256: str, document_json: bytes | str) -> None:
    """The Parquet file, then the CSV fragment (its presence says both are done)."""
    head, rows = document_rows(document_json, sha256)
    write_parquet(outdir, head, rows, arrow_schema())
    write_atomic(fragment_path(outdir, sha256), csv_lines(head, rows, dataset_columns()).encode("utf-8"))


def read_fragment(outdir: Path, sha256: str) -> str:
    return fragment_path(outdir, sha256).read_bytes().decode("utf-8")
