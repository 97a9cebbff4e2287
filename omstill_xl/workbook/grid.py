"""A sheet as a grid of values and formulas — the one shape the reader accepts.

Files (calamine + a streaming scan of the sheet XML) and Excel (xlwings) both produce ``Grid``s, so the
reader and the rules have one code path whatever the source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import CellError
from ..schema import col_letter

_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """``"K7"`` → (7, 11) — row, column, 1-based."""
    m = _REF.match(ref.replace("$", "").upper())
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), col_index(m.group(1))


def ref_of(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


@dataclass(frozen=True)
class FormulaInfo:
    text: str  # without the leading "="; for a shared-formula child, the master's text
    anchor: str  # the cell the text is written for (itself, or the shared master)
    cached: bool  # a computed value was saved with it


@dataclass
class Grid:
    """Values of one sheet by 1-based (row, column); formulas and error cells by A1 address."""

    name: str
    rows: list[list[object]]
    formulas: Mapping[str, FormulaInfo] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def nrows(self) -> int:
        return len(self.rows)

    def value(self, row: int, col: int) -> object:
        ref = ref_of(row, col)
        if ref in self.errors:
            return CellError(self.errors[ref])
        if row - 1 < len(self.rows):
            line = self.rows[row - 1]
            if col - 1 < len(line):
                v = line[col - 1]
                return None if v == "" else v
        return None

    def text(self, row: int, col: int) -> str:
        v = self.value(row, col)
        return "" if v is None else str(v).strip()

    def formula(self, row: int, col: int) -> FormulaInfo | None:
        return self.formulas.get(ref_of(row, col))
