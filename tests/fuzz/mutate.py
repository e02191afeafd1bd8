"""Structure-aware mutations: what real documents do wrong, applied to real documents.

Text: lines dropped, duplicated, swapped, split, joined, repeated; cells glued; numbers replaced by
extreme forms (400 digits, 1e999999, NaN, Arabic and full-width digits); invisible and control
characters (zero-width, RTL marks, NUL, BOM) inserted. PDF: bytes flipped, runs zeroed or repeated,
the file truncated. Every mutation is drawn from one `random.Random`, so a seed replays a run.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\x00", "\u00a0",
             "\t", "\x0c", "\u2028", "\x7f", "\ud7ff", "\U0001f4b6"]
EXTREME_NUMBERS = ["1" * 400, "9" * 29, "1e999999", "-1E-999999", "NaN", "-Infinity", "inf", "١٢٣٫٤٥", "١.٢٣٤",
                   "１２３", "１.２３４,５", "0,0000000000000000000000000001", "-/- 1.000.000.000.000.000.000",
                   "(1.234)", "12-", "1.000.000,5 N", "V 12", "%", "€", "€ -", "n.v.t.", "-", "–", "0", "0,0 %",
                   "999.999.999.999.999.999.999.999", "1.2.3.4", ",5", "5,", "1..2", "(((1)))", "- -1", "12%%"]
HEADER_WORDS = ["Begroting 2025", "Realisatie 2023", "Rekening 2024", "Raming 2027", "Verschil", "%", "Lasten",
                "Baten", "Saldo", "Totaal", "bedragen x € 1.000", "(x € 1.000)", "Begroot", "Realisatie",
                "Afwijking", "Stand 1-1", "Vermeerderingen", "Nr.", "Programma", "Mijlpaal"]
_NUMBER = re.compile(r"-?\d[\d.,]*")
_CELL_GAP = re.compile(r"\s*\|\s*|\s{2,}|(?<=\d) (?=[-\d])")


class Mutator:
    """Seeded mutations of line lists and PDF bytes."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._line_ops: list[Callable[[list[str]], list[str]]] = [
            self.drop, self.duplicate, self.swap, self.split, self.join, self.glue, self.invisible, self.number,
            self.repeat, self.blank, self.header, self.pipes, self.truncate_line, self.long_line]

    # --- text --------------------------------------------------------------------------------------------

    def lines(self, lines: list[str], rounds: int | None = None) -> list[str]:
        out = list(lines) or [""]
        for _ in range(rounds if rounds is not None else self.rng.randint(1, 5)):
            out = self.rng.choice(self._line_ops)(out) or [""]
        return out

    def _at(self, lines: list[str]) -> int:
        return self.rng.randrange(len(lines))

    def drop(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        return lines[:i] + lines[i + self.rng.randint(1, 3):]

    def duplicate(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        return lines[:i + 1] + [lines[i]] + lines[i + 1:]

    def swap(self, lines: list[str]) -> list[str]:
        i, j = self._at(lines), self._at(lines)
        lines = list(lines)
        lines[i], lines[j] = lines[j], lines[i]
        return lines

    def split(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        s = lines[i]
        k = self.rng.randint(0, len(s))
        return lines[:i] + [s[:k], s[k:]] + lines[i + 1:]

    def join(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        if i + 1 >= len(lines):
            return lines
        return lines[:i] + [lines[i] + self.rng.choice(["", " ", "  ", " | "]) + lines[i + 1]] + lines[i + 2:]

    def glue(self, lines: list[str]) -> list[str]:
        """Cells printed without separators: '1.234 5.678' -> '1.2345.678'."""
        i = self._at(lines)
        return lines[:i] + [_CELL_GAP.sub("", lines[i], count=self.rng.randint(1, 4))] + lines[i + 1:]

    def invisible(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        s = lines[i]
        k = self.rng.randint(0, len(s))
        return lines[:i] + [s[:k] + self.rng.choice(INVISIBLE) * self.rng.randint(1, 3) + s[k:]] + lines[i + 1:]

    def number(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        found = list(_NUMBER.finditer(lines[i]))
        if not found:
            return lines[:i] + [lines[i] + " " + self.rng.choice(EXTREME_NUMBERS)] + lines[i + 1:]
        m = self.rng.choice(found)
        s = lines[i][:m.start()] + self.rng.choice(EXTREME_NUMBERS) + lines[i][m.end():]
        return lines[:i] + [s] + lines[i + 1:]

    def repeat(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        return lines[:i] + [lines[i]] * self.rng.choice([5, 20, 100]) + lines[i:]

    def blank(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        return lines[:i] + [self.rng.choice(["", " ", "\u00a0", "|", "---|---|"])] + lines[i:]

    def header(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        words = self.rng.sample(HEADER_WORDS, self.rng.randint(1, 5))
        return lines[:i] + [" ".join(words)] + lines[i:]

    def pipes(self, lines: list[str]) -> list[str]:
        """A line turned into (or out of) a '|' table row."""
        i = self._at(lines)
        s = lines[i]
        s = s.replace("|", " ") if "|" in s else " | ".join(s.split("  ")) + " |"
        return lines[:i] + [s] + lines[i + 1:]

    def truncate_line(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        return lines[:i] + [lines[i][: self.rng.randint(0, len(lines[i]))]]

    def long_line(self, lines: list[str]) -> list[str]:
        i = self._at(lines)
        return lines[:i] + [lines[i] + " 1.234" * self.rng.choice([50, 500])] + lines[i + 1:]

    # --- PDF ---------------------------------------------------------------------------------------------

    def pdf(self, data: bytes) -> bytes:
        out = bytearray(data)
        for _ in range(self.rng.randint(1, 3)):
            op = self.rng.randrange(5)
            if not out:
                break
            if op == 0:  # flip bytes
                for _ in range(self.rng.randint(1, 20)):
                    out[self.rng.randrange(len(out))] ^= 1 << self.rng.randrange(8)
            elif op == 1:  # truncate
                del out[self.rng.randint(len(out) // 4, len(out)):]
            elif op == 2:  # zero a run
                i = self.rng.randrange(len(out))
                out[i:i + 64] = bytes(len(out[i:i + 64]))
            elif op == 3:  # repeat a run
                i = self.rng.randrange(len(out))
                out[i:i] = out[i:i + 200] * self.rng.randint(2, 5)
            else:  # break a number or a keyword
                for word in (b"obj", b"stream", b"/Length", b"xref", b"/Kids", b"/Count"):
                    if self.rng.random() < 0.3 and word in out:
                        k = out.find(word, self.rng.randrange(len(out)))
                        if k >= 0:
                            out[k:k + len(word)] = self.rng.choice([b"", b"0", word[::-1], word * 2])
        return bytes(out)


def window(lines: list[str], rng: random.Random, size: int = 60) -> list[str]:
    """A piece of a real document: a few tables and paragraphs, quick to parse."""
    if len(lines) <= size:
        return list(lines)
    start = rng.randrange(len(lines) - size)
    return lines[start:start + size]
