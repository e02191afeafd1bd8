"""begroting: Dutch municipal budget documents (begroting, jaarrekening) as validated data.

    >>> from begroting_cli import parse
    >>> doc = parse("samples/rotterdam-begroting-2021-wijkteams-wmo-loketten.txt", unit=1000)
"""

__version__ = "0.1.0"

from .api import parse, parse_text, tidy_rows  # noqa: E402
from .checks import validate  # noqa: E402
from .errors import BegrotingError, NoTextLayerError, SourceError, UsageError  # noqa: E402
from .models import (BudgetComparison, Column, Diagnostic, Document, FinancialRow, FinancialTable,  # noqa: E402
                     IndicatorRow, IndicatorTable, ItemList, Scenario, TextBlock, Unit, Value)
from .provenance import Provenance  # noqa: E402

__all__ = [
    "BegrotingError", "BudgetComparison", "Column", "Diagnostic", "Document", "FinancialRow", "FinancialTable",
    "IndicatorRow", "IndicatorTable", "ItemList", "NoTextLayerError", "Provenance", "Scenario", "SourceError",
    "TextBlock", "Unit", "UsageError", "Value", "__version__", "parse", "parse_text", "tidy_rows", "validate",
]
