"""`to_dataframe`: the tidy rows as a pandas DataFrame with the types a groupby needs (pandas is optional)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from .errors import UsageError
from .models import Document
from .tidy import TIDY_COLUMNS, tidy_rows

if TYPE_CHECKING:
    import pandas as pd

INT_COLUMNS = ("year", "page", "line", "table", "row_index", "document_year")
TEXT_COLUMNS = tuple(c for c in TIDY_COLUMNS if c not in (*INT_COLUMNS, "value", "total", "sum_of"))


def to_dataframe(doc: Document | Iterable[Document], *, value: Literal["decimal", "float64"] = "decimal"
                 ) -> pd.DataFrame:
    """One row per value (the columns of `begroting export`), typed: `value` exact Decimal (or float64 on
    request), nullable Int64 for year/page/line/table/row_index, bool `total`, text as strings.

    Sum the rows with `total` false to count every figure once.
    """
    try:
        import pandas as pd  # noqa: PLC0415 - optional dependency
    except ImportError:
        raise UsageError("to_dataframe needs pandas: pip install 'begroting-cli[pandas]'") from None
    if value not in ("decimal", "float64"):
        raise UsageError(f"value must be 'decimal' or 'float64', not {value!r}")
    docs = [doc] if isinstance(doc, Document) else list(doc)
    rows: list[dict[str, Any]] = [r for d in docs for r in tidy_rows(d)]
    df = pd.DataFrame(rows, columns=TIDY_COLUMNS)
    for c in INT_COLUMNS:
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    for c in TEXT_COLUMNS:
        df[c] = df[c].astype("string")
    df["total"] = df["total"].astype(bool)
    if value == "float64":
        df["value"] = pd.array([float(v) if v is not None else None for v in df["value"]], dtype="float64")
    return df


__all__ = ["to_dataframe"]
