"""begroting: Dutch municipal budget documents (begroting, jaarrekening) as validated data.

    >>> from begroting_cli import parse
    >>> doc = parse("programmabegroting-2025.pdf")

The names below are loaded on first use (PEP 562): importing a light submodule such as the PDF
reader must not pay for building the pydantic models, so that `parse` can start the page workers
before the heavy imports and overlap the two.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS = {
    "parse": "api", "parse_text": "api",
    "batch": "batch",
    "tidy_rows": "tidy", "to_dataframe": "frame",
    "validate": "api",
    "diff": "api", "DocumentDiff": "diffing", "explain": "api",
    "BegrotingError": "errors", "NoTextLayerError": "errors", "SourceError": "errors", "UsageError": "errors",
    "BudgetComparison": "models", "Column": "models", "Diagnostic": "models", "Document": "models",
    "FinancialRow": "models", "FinancialTable": "models", "IndicatorRow": "models",
    "IndicatorTable": "models", "ItemList": "models", "ParsingReport": "models", "Scenario": "models",
    "TextBlock": "models",
    "Unit": "models", "Value": "models",
    "Provenance": "provenance",
}

if TYPE_CHECKING:
    from .api import diff, explain, parse, parse_text, validate
    from .batch import batch
    from .diffing import DocumentDiff
    from .frame import to_dataframe
    from .tidy import tidy_rows
    from .errors import BegrotingError, NoTextLayerError, SourceError, UsageError
    from .models import (BudgetComparison, Column, Diagnostic, Document, FinancialRow, FinancialTable,
                         IndicatorRow, IndicatorTable, ItemList, ParsingReport, Scenario, TextBlock, Unit, Value)
    from .provenance import Provenance


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = sorted([*_EXPORTS, "__version__"])
