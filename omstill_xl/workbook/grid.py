"""A sheet as a grid of values and formulas — the one shape the reader accepts.

Files (calamine + a streaming scan of the sheet XML) and Excel (xlwings) both produce ``Grid``s, so the
reader and the rules have one code path whatever the source. Keep this seam: it is why a workbook validated in
Excel and the same file validated by ``omstill validate`` give the same findings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import CellError
from ..schema import col_letter

_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def col_index(letters: str) -> int:
    n = _COLUMNS.get(letters)  # A … ZZ looked up (this runs for every formula reference the rules read)
    if n is not None:
        return n
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """``"K7"`` → (7, 11) — row, column, 1-based."""
    m = _REF.match(ref)  # the common case, a plain «K7» from the file: no copies of the string
    if m is None:
        m = _REF.match(ref.replace("$", "").upper())
        if not m:
            raise ValueError(ref)
    return int(m.group(2)), col_index(m.group(1))


_LETTERS = ("", *(col_letter(i) for i in range(1, 703)))  # A … ZZ, the columns a plan's sheets can use
_COLUMNS = {letters: i for i, letters in enumerate(_LETTERS) if i}


def ref_of(row: int, col: int) -> str:
    return f"{_LETTERS[col] if 0 < col < 703 else col_letter(col)}{row}"


_A1_IN_FORMULA = re.compile(r"(?<![A-Za-z_\d.])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])")


def translate_formula(text: str, origin: str, dest: str) -> str:
    """Move a formula written for ``origin`` to ``dest`` (relative references shift; ``$`` parts stay), as Excel
    does for the cells of a shared formula. Text inside quotes is left alone."""
    r0, c0 = split_ref(origin)
    r1, c1 = split_ref(dest)
    dr, dc = r1 - r0, c1 - c0
    if not dr and not dc:
        return text

    def shift(m: re.Match[str]) -> str:
        c_abs, letters, r_abs, digits = m.groups()
        col = col_index(letters) if c_abs else col_index(letters) + dc
        row = int(digits) if r_abs else int(digits) + dr
        if col < 1 or row < 1:
            return "#REF!"
        return f"{c_abs}{col_letter(col)}{r_abs}{row}"

    parts = re.split(r'("[^"]*")', text)
    return "".join(p if p.startswith('"') else _A1_IN_FORMULA.sub(shift, p) for p in parts)


class FormulaInfo(NamedTuple):  # a tuple: made once per formula cell of every sheet read (a frozen dataclass cost 4×)
    text: str  # without the leading "="; for a shared-formula child, translated to the child's own position
    anchor: str  # the cell that holds the formula's text in the file (itself, or the shared master)
    cached: bool  # a computed value was saved with it


@dataclass
class Grid:
    """Values of one sheet by 1-based (row, column); formulas and error cells by A1 address."""

    name: str
    rows: list[list[object]]
    formulas: Mapping[str, FormulaInfo] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    # formulas and errors by (row, column), built on first use: the reader asks for every cell it reads, and
    # building an A1 string per cell was a fifth of reading a large workbook
    _formula_at: dict[tuple[int, int], FormulaInfo] | None = field(default=None, init=False, repr=False, compare=False)
    _error_at: dict[tuple[int, int], str] | None = field(default=None, init=False, repr=False, compare=False)
    _errors_by_row: dict[int, dict[int, str]] | None = field(default=None, init=False, repr=False, compare=False)
    _formulas_by_row: dict[int, dict[int, FormulaInfo]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def nrows(self) -> int:
        return len(self.rows)

    def value(self, row: int, col: int) -> object:
        if self.errors:
            if self._error_at is None:
                self._error_at = {split_ref(ref): text for ref, text in self.errors.items()}
            error = self._error_at.get((row, col))
            if error is not None:
                return CellError(error)
        if row - 1 < len(self.rows):
            line = self.rows[row - 1]
            if col - 1 < len(line):
                v = line[col - 1]
                if type(v) is float and not math.isfinite(v):
                    return CellError("#NUM!")  # NaN or ±infinity stored as a number: Excel's own error, never a number
                return None if v == "" else v
        return None

    def row_values(self, row: int, ncols: int) -> list[object]:
        """``[self.value(row, c) for c in 1 … ncols]``, at a fraction of the cost (the reader's hot loop)."""
        line = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        out: list[object] = [None] * ncols
        for i, v in enumerate(line[:ncols]):
            if type(v) is float and not math.isfinite(v):
                out[i] = CellError("#NUM!")  # as in ``value``
            elif v != "":
                out[i] = v
        if self.errors:
            for col, text in self._errors_in(row).items():
                if col <= ncols:
                    out[col - 1] = CellError(text)
        return out

    def blank_row(self, row: int) -> bool:
        """True when every value of the row reads as empty (``row_values`` all None), told at C speed; a False may
        still be a row of empty values (a NaN reads as an error, an error cell beyond the columns asked for)."""
        line = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        return line.count("") == len(line) and not (self.errors and self._errors_in(row))

    def _errors_in(self, row: int) -> dict[int, str]:
        if self._errors_by_row is None:
            by_row: dict[int, dict[int, str]] = {}
            for ref, text in self.errors.items():
                r, c = split_ref(ref)
                by_row.setdefault(r, {})[c] = text
            self._errors_by_row = by_row
        return self._errors_by_row.get(row, {})

    def row_formulas(self, row: int) -> dict[int, FormulaInfo]:
        """The formulas of one row by column (``self.formula(row, c)`` for every c that has one)."""
        if not self.formulas:
            return {}
        if self._formulas_by_row is None:
            by_row: dict[int, dict[int, FormulaInfo]] = {}
            for (r, c), f in self._formulas().items():
                by_row.setdefault(r, {})[c] = f
            self._formulas_by_row = by_row
        return self._formulas_by_row.get(row, {})

    def place_formulas(self, at: dict[tuple[int, int], FormulaInfo]) -> None:
        """Give the formulas by (row, column) where the scan knew them: ``{split_ref(ref): f for ref, f in
        self.formulas.items()}``, which ``formula`` and ``row_formulas`` would otherwise build."""
        self._formula_at = at

    def _formulas(self) -> dict[tuple[int, int], FormulaInfo]:
        if self._formula_at is None:
            self._formula_at = {split_ref(ref): f for ref, f in self.formulas.items()}
        return self._formula_at

    def text(self, row: int, col: int) -> str:
        v = self.value(row, col)
        return "" if v is None else str(v).strip()

    def formula(self, row: int, col: int) -> FormulaInfo | None:
        if not self.formulas:
            return None
        return self._formulas().get((row, col))
