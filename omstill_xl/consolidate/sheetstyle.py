"""Shared look of the consolidated workbook: number formats, headings, header rows, native tables, «Sum»
rows, print setup, safe sheet names, and writing values so that user text is never a formula."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema as S
from ..workbook.styles import (  # noqa: F401 - WRAP_TOP, TOP, FMT_INT and FMT_DEC are used by the sheet writers
    BOLD,
    FMT_AMOUNT,
    FMT_DEC,
    FMT_INT,
    HEADER_FILL,
    HEADER_FONT,
    INTRO_FONT,
    SUM_FILL,
    TITLE_FONT,
    TOP,
    WRAP_CENTER,
    WRAP_TOP,
    fit_row,
    print_setup,
    wrapped_lines,
)
from ..workbook.styles import set_value as _set_value

Expected = dict[tuple[str, str], Any]  # (sheet, A1) → the value a formula cell must show

HEADER_ROW = 4
WIDE_COLUMNS = 16  # more columns than this print two pages wide
FIRST_ROW = HEADER_ROW + 1
SOURCE_LABELS = {c.key: c.short for c in S.FINANCING_SOURCES}  # declared in schema.py
SEVERITY_LABELS = {"feil": "Feil", "advarsel": "Advarsel", "info": "Merknad"}


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
    lines = max((min(12, wrapped_lines(text, width)) for text, width in texts), default=1)
    fit_row(ws, row, lines)


def chart_column(ws: Worksheet, start_col: int, width_cm: float) -> int:
    """The first column right of a chart of ``width_cm`` anchored at ``start_col``."""
    used, col = 0.0, start_col
    while used < width_cm + 0.5:
        w = ws.column_dimensions[get_column_letter(col)].width or 8.43
        used += w * 0.2
        col += 1
    return col


def heading(ws: Worksheet, title: str, intro: str) -> None:
    ws.cell(1, 1, title).font = TITLE_FONT
    ws.row_dimensions[1].height = 24
    c = ws.cell(2, 1)
    set_value(c, intro)
    c.font = INTRO_FONT


def header(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], row: int = HEADER_ROW) -> None:
    for ci, (h, w) in enumerate(zip(headers, widths), start=1):
        c = ws.cell(row, ci)
        set_value(c, h)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.alignment = WRAP_CENTER
        # never narrower than the header's longest word: a header wraps at spaces, not inside a word
        w = max(w, max((len(x) for x in str(h).split()), default=0) + 2.5)
        ws.column_dimensions[get_column_letter(ci)].width = w
    lines = max(
        wrapped_lines(h, ws.column_dimensions[get_column_letter(ci)].width, bold=True)
        for ci, h in enumerate(headers, start=1)
    )
    fit_row(ws, row, lines, minimum=32)


def add_table(ws: Worksheet, name: str, ncols: int, last_row: int, row: int = HEADER_ROW) -> None:
    last_row = max(last_row, row + 1)  # a table needs a data row
    t = Table(displayName=name, ref=f"A{row}:{get_column_letter(ncols)}{last_row}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)


def finish(ws: Worksheet, freeze: str, *, landscape: bool = True, row: int = HEADER_ROW) -> None:
    """Freeze panes, repeat the header row in print, A4 setup. A table wider than one readable landscape page
    prints two pages wide, with the frozen identifying columns (left of ``freeze``) repeated on each page."""
    ws.freeze_panes = freeze
    ws.print_title_rows = f"{row}:{row}"
    wide = ws.max_column > WIDE_COLUMNS
    print_setup(ws, landscape=landscape, pages_wide=2 if wide else 1)
    frozen = ws[freeze].column - 1
    if wide and frozen >= 1:
        ws.print_title_cols = f"A:{get_column_letter(frozen)}"
        ws.page_setup.pageOrder = "overThenDown"
        # the intro repeats with the columns: it wraps inside them instead of being cut at their edge
        intro = ws.cell(2, 1)
        if isinstance(intro.value, str) and intro.value:
            width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, frozen + 1))
            if frozen > 1:
                ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=frozen)
            intro.alignment = WRAP_TOP
            fit_row(ws, 2, wrapped_lines(intro.value, width))


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
    label.font = BOLD
    for ci in range(1, max(columns) + 1):
        ws.cell(row, ci).fill = SUM_FILL
    for ci in columns:
        letter = get_column_letter(ci)
        c = ws.cell(row, ci, f"=SUBTOTAL(109,{letter}{first}:{letter}{max(last, first)})")
        c.number_format = fmt
        c.font = BOLD
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
