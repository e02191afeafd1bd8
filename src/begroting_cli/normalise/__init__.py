"""The only place where printed text becomes numbers: Dutch amounts, placeholders, units."""

from .numbers import CellValue, Status, is_value_token, parse_cell
from .units import UnitStatement, find_unit

__all__ = ["CellValue", "Status", "UnitStatement", "find_unit", "is_value_token", "parse_cell"]
