"""Columnar and spreadsheet output of the tidy rows: Parquet (pyarrow, typed) and xlsx (openpyxl).

Both are optional dependencies (`pip install 'begroting-cli[parquet]'` / `[xlsx]`); a missing one is a
usage error naming the extra, not a traceback.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from .errors import UsageError
from .tidy import TIDY_COLUMNS, exact_number

_INT = ("year", "page", "line", "table", "row_index", "document_year")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _need(module: str, extra: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise UsageError(f"this format needs {module.split('.')[0]}: pip install 'begroting-cli[{extra}]'") from None


def _scale(rows: list[dict[str, Any]]) -> int:
    """Digits after the point that every value fits in (a decimal128 column has one scale)."""
    exps = [-r["value"].normalize().as_tuple().exponent for r in rows
            if isinstance(r["value"], Decimal) and r["value"] != r["value"].to_integral_value()]
    return max([0, *exps])


def to_parquet(rows: list[dict[str, Any]]) -> bytes:
    """The tidy rows as Parquet: int64 year/page/line, decimal128 value (exact), bool total, list sum_of."""
    pa = _need("pyarrow", "parquet")
    pq = _need("pyarrow.parquet", "parquet")
    scale = _scale(rows)
    types = {c: pa.string() for c in TIDY_COLUMNS}
    types.update({c: pa.int64() for c in _INT})
    types.update({"value": pa.decimal128(38, scale), "total": pa.bool_(), "sum_of": pa.list_(pa.int64())})
    q = Decimal(1).scaleb(-scale)
    columns = {}
    for c in TIDY_COLUMNS:
        data = [r.get(c) for r in rows]
        if c == "value":
            data = [v.quantize(q) if v is not None else None for v in data]
        columns[c] = pa.array(data, type=types[c])
    table = pa.table(columns)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def _sheet_name(table: int, title: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", f"{table} {title}").strip()[:31] or str(table)
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell(ws: Any, v: Any) -> Any:
    """A typed cell; text is always text (a label starting with '=' must not become a formula)."""
    if isinstance(v, list):
        v = " ".join(str(x) for x in v)
    if isinstance(v, str) and v.startswith("="):
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

        cell = WriteOnlyCell(ws, value=v)
        cell.data_type = "s"
        return cell
    return v


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """A workbook: the tidy sheet first (typed cells), then one sheet per table as printed (row labels down,
    column headers across; a cell without a number shows its raw text)."""
    openpyxl = _need("openpyxl", "xlsx")
    wb = openpyxl.Workbook(write_only=True)
    tidy = wb.create_sheet("tidy")
    tidy.append(TIDY_COLUMNS)
    for r in rows:
        tidy.append([_cell(tidy, r.get(c)) for c in TIDY_COLUMNS])
    taken = {"tidy"}
    tables: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in rows:
        tables.setdefault((r["source"], r["table"]), []).append(r)
    for (_, table), trs in tables.items():
        ws = wb.create_sheet(_sheet_name(table, trs[0]["title"], taken))
        columns = list(dict.fromkeys(r["column"] for r in trs))
        ws.append([_cell(ws, trs[0]["title"])])
        ws.append(["", *(_cell(ws, c) for c in columns)])
        grid: dict[int, dict[str, Any]] = {}
        labels: dict[int, str] = {}
        for r in trs:
            labels.setdefault(r["row_index"], f"{r['row']} / {r['subrow']}" if r["subrow"] else r["row"])
            grid.setdefault(r["row_index"], {})[r["column"]] = r["value"] if r["value"] is not None else r["raw"]
        for i, label in labels.items():
            ws.append([_cell(ws, label), *(_cell(ws, grid[i].get(c)) for c in columns)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_xlsx_tidy(data: bytes) -> list[dict[str, str]]:
    """The tidy sheet of a workbook written by `to_xlsx`, in the CSV's text form (for round-trip checks)."""
    openpyxl = _need("openpyxl", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    it = wb["tidy"].iter_rows(values_only=True)
    header = list(next(it))
    out = []
    for values in it:
        row = {}
        for k, v in zip(header, values):
            if v is None:
                row[k] = ""
            elif isinstance(v, bool):
                row[k] = "true" if v else "false"
            elif isinstance(v, float):
                row[k] = exact_number(Decimal(repr(v)))
            else:
                row[k] = str(v)
        out.append(row)
    return out


__all__ = ["read_xlsx_tidy", "to_parquet", "to_xlsx"]
