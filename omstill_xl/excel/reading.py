"""An open workbook, through xlwings → the same ``Grid``s and ``WorkbookFacts`` the file reader makes.

The calls used here are few on purpose (tests drive them with a stand-in book and with xlwings' remote
book): ``book.sheets``, ``book.names``, ``book.app.calculation``, ``sheet.name``, ``sheet.visible``,
``sheet.used_range``, ``range.row``, ``range.column``, ``range.options(ndim=2, err_to_str=True).value`` and
``range.formula``. Engines that cannot read formulas synchronously (xlwings Server) give values only;
the caller then skips the formula rules instead of reporting every formula as missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import schema as S
from ..model import Cell, WorkbookFacts
from ..workbook.grid import FormulaInfo, Grid, ref_of, split_ref

# Excel's error values as xlwings returns them with ``err_to_str=True``.
ERROR_VALUES = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#DATA!",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
        "#GETTING_DATA",
    }
)
# A used range can reach row 1 048 576 when whole columns are formatted: read no further than this (a
# handlingsplan has a few hundred rows at most), and tell the user.
MAX_ROWS, MAX_COLS = 10_000, 200
CALC_MODES = {"automatic": "auto", "manual": "manual", "semiautomatic": "autoNoTable"}
_EXTERNAL = re.compile(r"\[([^\[\]]+\.(?:xlsx|xlsm|xlsb|xls|xlam|xltx|xltm|csv|ods))\]", re.IGNORECASE)


@dataclass(frozen=True)
class BookContent:
    grids: dict[str, Grid]
    facts: WorkbookFacts
    formulas_read: bool  # False: the engine gave values only
    trimmed: tuple[str, ...] = ()  # sheets whose used range went beyond MAX_ROWS/MAX_COLS


def _matrix(raw: Any) -> list[list[Any]]:
    """xlwings gives a scalar for one cell, a tuple/list of rows otherwise; always make it 2-D."""
    if not isinstance(raw, (list, tuple)):
        return [[raw]]
    if raw and not isinstance(raw[0], (list, tuple)):
        return [list(raw)]
    return [list(r) for r in raw]


def _clean(value: Any) -> Any:
    if isinstance(value, Decimal):  # pywin32 returns currency-formatted cells as Decimal
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # Excel keeps every number as a double; COM hands over floats, Office.js (xlwings Lite) whole numbers
        # as int. The same float everywhere gives the same messages as the file reader («verdien 0.0»).
        return float(value)
    return value


def is_visible(sheet: Any) -> bool:
    """COM gives -1 (visible), 0 (hidden) or 2 (very hidden); other engines give a bool."""
    v = sheet.visible
    return v is True or v == -1


def used_range(sheet: Any) -> tuple[Any, bool]:
    """The sheet's used range, cut to MAX_ROWS × MAX_COLS; and whether it was cut."""
    rng = sheet.used_range
    rows, cols = rng.shape
    if rows <= MAX_ROWS and cols <= MAX_COLS:
        return rng, False
    r, c = rng.row, rng.column
    return sheet.range((r, c), (r + min(rows, MAX_ROWS) - 1, c + min(cols, MAX_COLS) - 1)), True


def read_sheet(sheet: Any, read_formulas: bool = True, fetched: Any = None) -> tuple[Grid, bool, bool]:
    """One sheet → a Grid with rows from A1 (the used range may start further in); whether formulas could be
    read; whether the used range had to be cut. ``fetched``: the used range's formulas fetched beforehand
    (xlwings Lite reads them with ``await rng.get_formula()``)."""
    rng, cut = used_range(sheet)
    r0, c0 = rng.row - 1, rng.column - 1
    values = _matrix(rng.options(ndim=2, err_to_str=True).value)
    formulas_raw = None
    if fetched is not None:
        formulas_raw = _matrix(fetched)
    elif read_formulas:
        try:
            formulas_raw = _matrix(rng.formula)
        except NotImplementedError:
            formulas_raw = None
    rows: list[list[Any]] = [[] for _ in range(r0)]
    errors: dict[str, str] = {}
    formulas: dict[str, FormulaInfo] = {}
    for i, line in enumerate(values):
        out = [None] * c0
        for j, v in enumerate(line):
            v = _clean(v)
            if isinstance(v, str) and v in ERROR_VALUES:
                errors[ref_of(r0 + i + 1, c0 + j + 1)] = v
                v = None
            out.append(v)
        rows.append(out)
    if formulas_raw is not None:
        for i, line in enumerate(formulas_raw):
            for j, f in enumerate(line):
                if isinstance(f, str) and f.startswith("=") and len(f) > 1:
                    value = values[i][j] if i < len(values) and j < len(values[i]) else None
                    if isinstance(value, str) and value == f:  # a text constant that starts with "="
                        continue
                    ref = ref_of(r0 + i + 1, c0 + j + 1)
                    formulas[ref] = FormulaInfo(f[1:], ref, True)
    return Grid(sheet.name, rows, formulas, errors), formulas_raw is not None, cut


def _defined_names(book: Any) -> dict[str, str]:
    """Workbook-level names → target without "=" (sheet-level names are written «Sheet!name»)."""
    out: dict[str, str] = {}
    for n in book.names:
        name, target = n.name, n.refers_to
        if "!" in name or not isinstance(target, str):
            continue
        out[name] = target[1:] if target.startswith("=") else target
    return out


def _calc_mode(book: Any) -> str:
    try:
        return CALC_MODES.get(book.app.calculation, "auto")
    except NotImplementedError:
        return "auto"


def data_sheets(book: Any) -> list[Any]:
    """The sheets the schema reads (matched like the file reader: trimmed, case-insensitive)."""
    wanted = {name.lower() for name in S.data_sheet_names()}
    return [sh for sh in book.sheets if sh.name.strip().lower() in wanted]


def read_book(book: Any, formulas: dict[str, Any] | None = None) -> BookContent:
    """The schema's sheets as grids, plus the facts the hygiene rules need. ``formulas``: sheet name → the
    formulas of its used range, fetched beforehand (xlwings Lite); without it they are read synchronously."""
    wanted = {name.lower() for name in S.data_sheet_names()}
    sheets = list(book.sheets)
    grids: dict[str, Grid] = {}
    formulas_all: dict[tuple[str, str], Cell] = {}
    error_cells: list[Cell] = []
    formulas_read = True
    trimmed = []
    for sh in sheets:
        if sh.name.strip().lower() not in wanted:
            continue
        fetched = formulas.get(sh.name) if formulas is not None else None
        grid, got_formulas, cut = read_sheet(sh, read_formulas=formulas_read, fetched=fetched)
        if cut:
            trimmed.append(grid.name)
        formulas_read = formulas_read and got_formulas
        grids[grid.name] = grid
        for ref in grid.errors:
            error_cells.append(Cell(grid.name, ref, grid.value(*split_ref(ref))))
        for ref, f in grid.formulas.items():
            formulas_all[(grid.name, ref)] = Cell(grid.name, ref, grid.value(*split_ref(ref)), f.text, f.cached)
    names = _defined_names(book)
    external = sorted(
        {
            m.group(1)
            for text in [*(c.formula or "" for c in formulas_all.values()), *names.values()]
            for m in _EXTERNAL.finditer(text)
        }
    )
    facts = WorkbookFacts(
        sheet_names=tuple(sh.name for sh in sheets),
        hidden_sheets=tuple(sh.name for sh in sheets if not is_visible(sh)),
        calc_mode=_calc_mode(book),
        external_links=tuple(external),
        defined_names=names,
        formulas=formulas_all,
        error_cells=tuple(error_cells),
        has_macros=str(book.name).lower().endswith((".xlsm", ".xlsb")),
    )
    return BookContent(grids, facts, formulas_read, tuple(trimmed))
