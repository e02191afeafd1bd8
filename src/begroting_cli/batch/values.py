"""One document's tidy rows as the batch stores them: a Parquet file and a CSV fragment.

The isolated child that parsed a document stages its rows (it has them in memory): the typed rows as
JSON lines and their CSV form. The batch turns the staged rows into the document's Parquet file as
its result comes in, while the other documents are still being parsed, then moves the CSV rows to
their place; at the end it only concatenates the fragments in plan order. Rows staged or not, both
files are a function of the document's JSON alone, so a document whose files are missing (e.g. after
an interrupted run) is written from its JSON at the end with the same bytes.

    OUTDIR/values/<body>/<year>/<sha256>.parquet   typed columns (pyarrow)
    OUTDIR/.state/values/<sha256>.csv              its rows of values.csv, without the header
    OUTDIR/.state/staged/<sha256>.jsonl, .csv      what the child staged (gone once the two above exist)

The Parquet file is built by pyarrow's JSON reader from the typed JSON lines with the dataset's
schema: a value that does not fit the schema (a decimal finer than its scale) is refused, never
rounded, and no pandas is loaded for the conversion.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..tidy_columns import TIDY_COLUMNS
from .atomic import write_atomic

STATE_DIR = ".state"
VALUES_DIR = "values"
FRAGMENTS_DIR = "values"  # under STATE_DIR
STAGED_DIR = "staged"     # under STATE_DIR
UNKNOWN_DIR = "onbekend"  # directory name for an unknown body or year (the column holds null)
VALUE_TYPE = ("decimal128", 38, 10)  # exact: 28 digits of euros, 10 decimals (printed numbers have far fewer)
DOCUMENT_COLUMNS = ["sha256", "body", "document_kind", "document_year"]
DATASET_COLUMNS = [*DOCUMENT_COLUMNS, *(c for c in TIDY_COLUMNS if c not in DOCUMENT_COLUMNS)]
_TYPED = {"document_year": "int32", "year": "int32", "page": "int32", "line": "int32", "table": "int32",
          "row_index": "int32", "total": "bool", "sum_of": "list<int32>", "value": "decimal"}


def dataset_columns() -> list[str]:
    return list(DATASET_COLUMNS)


def arrow_schema() -> Any:
    import pyarrow as pa  # noqa: PLC0415

    types = {"int32": pa.int32(), "bool": pa.bool_(), "list<int32>": pa.list_(pa.int32()),
             "decimal": pa.decimal128(VALUE_TYPE[1], VALUE_TYPE[2])}
    return pa.schema([(c, types[_TYPED[c]] if c in _TYPED else pa.string()) for c in DATASET_COLUMNS])


def typed_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A typed row (tidy_rows plus the document's columns) in dataset column order; an empty cell of a
    typed column is null."""
    return {c: None if c in _TYPED and row.get(c) == "" else row.get(c) for c in DATASET_COLUMNS}


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # every digit, never an exponent; 7.00 and 7 alike
    raise TypeError(f"{type(value).__name__} is not a tidy cell")


def rows_jsonl(head: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    """The typed rows as JSON lines (decimals as exact text), what `parquet_bytes` reads."""
    return "".join(json.dumps(typed_cells({**r, **head}), default=_plain, ensure_ascii=False) + "\n"
                   for r in rows).encode("utf-8")


def parquet_bytes(jsonl: bytes) -> bytes:
    """The rows of `rows_jsonl` as a Parquet file with the dataset's schema. pyarrow refuses a value
    that does not fit its column (ArrowInvalid, a ValueError): exact, or loud."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.json as pa_json  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    schema = arrow_schema()
    if jsonl.strip():
        table = pa_json.read_json(io.BytesIO(jsonl),
                                  read_options=pa_json.ReadOptions(use_threads=False, block_size=max(len(jsonl), 1 << 20)),
                                  parse_options=pa_json.ParseOptions(explicit_schema=schema,
                                                                     unexpected_field_behavior="error"))
        table = table.combine_chunks()
    else:
        table = schema.empty_table()
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()  # type: ignore[no-any-return]


def load_writer() -> None:
    """Import what `parquet_bytes` needs (~0.2 s), e.g. in a thread while the first documents parse."""
    import pyarrow.json  # noqa: F401, PLC0415
    import pyarrow.parquet  # noqa: F401, PLC0415


def _dir_name(value: object) -> str:
    return UNKNOWN_DIR if value is None else quote(str(value), safe=" ")


def values_path(outdir: Path, body: object, year: object, sha256: str) -> Path:
    """Where a document's Parquet file goes: by body and year (the manifest row has both)."""
    return Path(outdir) / VALUES_DIR / _dir_name(body) / _dir_name(year) / f"{sha256}.parquet"


def fragment_path(outdir: Path, sha256: str) -> Path:
    return Path(outdir) / STATE_DIR / FRAGMENTS_DIR / f"{sha256}.csv"


def staged_paths(outdir: str | Path, sha256: str) -> tuple[Path, Path]:
    """The typed rows and the CSV rows a child staged for the batch."""
    root = Path(outdir) / STATE_DIR / STAGED_DIR
    return root / f"{sha256}.jsonl", root / f"{sha256}.csv"


def document_head(doc: Any, sha256: str) -> dict[str, Any]:
    """The document's own columns (null when unknown)."""
    return {"sha256": sha256, "body": doc.gemeente, "document_kind": doc.document_kind.value
            if doc.document_kind else None, "document_year": doc.year}


def document_rows(document_json: bytes | str, sha256: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document's columns and its typed tidy rows, from its JSON."""
    from ..models import Document  # noqa: PLC0415
    from ..tidy import tidy_rows  # noqa: PLC0415

    doc = Document.model_validate_json(document_json)
    return document_head(doc, sha256), tidy_rows(doc)


def csv_lines(head: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    import csv  # noqa: PLC0415

    from ..tidy import text_row  # noqa: PLC0415

    head_text = {k: "" if v is None else str(v) for k, v in head.items()}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=DATASET_COLUMNS, lineterminator="\n")
    w.writerows({**text_row(r), **head_text} for r in rows)
    return buf.getvalue()


def stage_values(outdir: str | Path, head: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """In the child that parsed the document: its typed rows, then its CSV rows (the CSV says both are there)."""
    jsonl, csv_rows = staged_paths(outdir, head["sha256"])
    write_atomic(jsonl, rows_jsonl(head, rows))
    write_atomic(csv_rows, csv_lines(head, rows).encode("utf-8"))


def write_values(outdir: Path, sha256: str, body: object, year: object, document: Path) -> Path:
    """The document's Parquet file, then its CSV fragment (its presence says both are done), from the
    rows its child staged, or else from its JSON (the file `document`)."""
    target = values_path(outdir, body, year, sha256)
    jsonl_path, staged_csv = staged_paths(outdir, sha256)
    if jsonl_path.is_file() and staged_csv.is_file():
        write_atomic(target, parquet_bytes(jsonl_path.read_bytes()))
        fragment = fragment_path(outdir, sha256)
        fragment.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged_csv, fragment)
        jsonl_path.unlink()
        return target
    head, rows = document_rows(document.read_bytes(), sha256)
    write_atomic(target, parquet_bytes(rows_jsonl(head, rows)))
    write_atomic(fragment_path(outdir, sha256), csv_lines(head, rows).encode("utf-8"))
    return target


def drop_staged(outdir: Path) -> None:
    """What children staged for documents that did not finish (killed at a timeout, say)."""
    shutil.rmtree(Path(outdir) / STATE_DIR / STAGED_DIR, ignore_errors=True)


def read_fragment(outdir: Path, sha256: str) -> str:
    return fragment_path(outdir, sha256).read_bytes().decode("utf-8")
