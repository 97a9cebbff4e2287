"""An export as an .xlsx file: one sheet, the declared columns, one row per record, written atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..safeio import atomic_write_bytes
from ..workbook.styles import (
    FMT_AMOUNT,
    FMT_PERCENT,
    HEADER_FILL,
    HEADER_FONT,
    WRAP_CENTER,
    new_workbook,
    set_value,
    workbook_bytes,
)
from .columns import ExportColumn

FORMATS = {"amount": FMT_AMOUNT, "date": "dd.mm.yyyy", "rate": "0.0000", "percent": FMT_PERCENT}


def export_bytes(title: str, columns: Sequence[ExportColumn], rows: Sequence[dict[str, Any]]) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = title
    for ci, col in enumerate(columns, start=1):
        cell = ws.cell(1, ci, col.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP_CENTER
        ws.column_dimensions[cell.column_letter].width = col.width
    for ri, row in enumerate(rows, start=2):
        for ci, col in enumerate(columns, start=1):
            cell = ws.cell(ri, ci)
            set_value(cell, row.get(col.key))
            if col.kind in FORMATS:
                cell.number_format = FORMATS[col.kind]
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{ws.cell(1, len(columns)).column_letter}{len(rows) + 1}"
    return workbook_bytes(wb)


def write_export(
    path: Path, title: str, columns: Sequence[ExportColumn], rows: Sequence[dict[str, Any]], *, overwrite: bool
) -> Path:
    return atomic_write_bytes(path, export_bytes(title, columns, rows), overwrite=overwrite)
