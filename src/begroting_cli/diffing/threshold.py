"""`--threshold`: how big a change in a figure must be to count: a percentage (`5%`) or an amount in
euros (`1000`). Rows, tables and list items that appear, vanish or are renamed always count."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..errors import UsageError


@dataclass(frozen=True)
class Threshold:
    amount: Decimal | None = None  # euros (or the printed unit of an unscaled table)
    percent: Decimal | None = None

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """`5%`, `2,5%`, `1000` (euros). No thousands separators: `1.000` would be ambiguous."""
        t = text.strip().replace(" ", "")
        pct = t.endswith("%")
        number = t.rstrip("%").replace(",", ".")
        try:
            value = Decimal(number)
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or value < 0 or (not pct and "." in number):
            raise UsageError(f"--threshold takes a percentage such as 5% or an amount in euros such as 1000, "
                             f"not {text!r}")
        return cls(percent=value) if pct else cls(amount=value)

    def exceeded(self, old: Decimal | None, new: Decimal | None) -> bool:
        """True when the change from old to new is beyond the threshold (a state change always is)."""
        if old is None or new is None:
            return old != new
        delta = abs(new - old)
        if self.amount is not None:
            return delta > self.amount
        if self.percent is not None:
            if old == 0:
                return delta != 0
            return delta * 100 / abs(old) > self.percent
        return delta != 0

    def __str__(self) -> str:
        if self.percent is not None:
            return f"{self.percent}%"
        return str(self.amount) if self.amount is not None else ""


NONE = Threshold()
