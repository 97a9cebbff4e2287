"""Shared look of the consolidated workbook: number formats, headings, header rows, native tables, «Sum»
rows, print setup, safe sheet names, and writing values so that user text is never a formula."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema as S
from ..workbook.build import BLUE, FMT_AMOUNT, HEADER_FILL, SUM_FILL, print_setup
from ..workbook.build import set_value as _set_value

Expected = dict[tuple[str, str], Any]  # (sheet, A1) → the value a formula cell must show

FMT_INT = "[$-414]#,##0"
FMT_DEC = "[$-414]#,##0.0"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
SOURCE_LABELS = {c.key: c.short for c in S.FINANCING_SOURCES}  # declared in schema.py
SEVERITY_LABELS = {"feil": "Feil", "advarsel": "Advarsel", "info": "Merknad"}
# Shared style objects: openpyxl indexes every new style object it is given, so creating one per cell is slow.
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
Expected = dict[tuple[str, str], Any]


def set_value(cell: Any, value: Any) -> None:
    """Like the template builder: text stays text; NaN and None leave the cell empty."""
    if isinstance(value, float) and value != value:  # NaN
        return
    _set_value(cell, value)


def num(x: Any) -> float | None:
    if x is None or (isinstance(x, float) and x != x):
        return None
    return float(x)


def fit_height(ws: Worksheet, row: int, texts: Sequence[tuple[Any, float]]) -> None:
    """Row height for wrapped text (LibreOffice does not fit rows on load): ``texts`` = (text, column width)."""
    lines = 1
    for text, width in texts:
        if isinstance(text, str) and text:
            lines = max(lines, min(12, -(-len(text) // max(1, int(width * 1.1)))))
    if lines > 1:
        ws.row_dimensions[row].height = 15 * lines


def chart_column(ws: Worksheet, start_col: int, width_cm: float) -> int:
    """The first column right of a chart of ``width_cm`` anchored at ``start_col``."""
    used, col = 0.0, start_col
    while used < width_cm + 0.5:
        w = ws.column_dimensions[get_column_letter(col)].width or 8.43
        used += w * 0.2
        col += 1
    return col


def heading(ws: Worksheet, title: str, intro: str) -> None:
    ws.cell(1, 1, title).font = Font(size=16, bold=True, color=BLUE)
    ws.row_dimensions[1].height = 24
    c = ws.cell(2, 1)
    set_value(c, intro)
    c.font = Font(italic=True, color="595959")


def header(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], row: int = HEADER_ROW) -> None:
    for ci, (h, w) in enumerate(zip(headers, widths), start=1):
        c = ws.cell(row, ci)
        set_value(c, h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(ci)].width = w
    lines = max(-(-len(h) // max(1, int(w * 0.9))) for h, w in zip(headers, widths))
    ws.row_dimensions[row].height = max(32, 13 * lines + 6)


def add_table(ws: Worksheet, name: str, ncols: int, last_row: int, row: int = HEADER_ROW) -> None:
    last_row = max(last_row, row + 1)  # a table needs a data row
    t = Table(displayName=name, ref=f"A{row}:{get_column_letter(ncols)}{last_row}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)


def finish(ws: Worksheet, freeze: str, *, landscape: bool = True, row: int = HEADER_ROW) -> None:
    ws.freeze_panes = freeze
    ws.print_title_rows = f"{row}:{row}"
    print_setup(ws, landscape=landscape)


def sum_row(
    ws: Worksheet,
    row: int,
    first: int,
    last: int,
    columns: Sequence[int],
    label_col: int,
    expected: Expected,
    values: dict[int, float],
    fmt: str = FMT_AMOUNT,
) -> None:
    """A «Sum» row under a table: SUBTOTAL(109, …) so a filter in the table shows the sum of what is shown."""
    label = ws.cell(row, label_col, "Sum")
    label.font = Font(bold=True)
    for ci in range(1, max(columns) + 1):
        ws.cell(row, ci).fill = SUM_FILL
    for ci in columns:
        letter = get_column_letter(ci)
        c = ws.cell(row, ci, f"=SUBTOTAL(109,{letter}{first}:{letter}{max(last, first)})")
        c.number_format = fmt
        c.font = Font(bold=True)
        expected[(ws.title, f"{letter}{row}")] = values.get(ci, 0.0)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\, no leading/trailing apostrophe)."""
    base = _BAD_SHEET_CHARS.sub(" ", text).strip().strip("'").strip() or "Program"
    base = re.sub(r"\s+", " ", base)[:31].rstrip()
    name, i = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({i})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
        i += 1
    taken.add(name)
    return name
