"""Findings → an annotated *copy* of the workbook: an «Avvik» sheet with a row and a hyperlink per finding,
and the offending cells filled and commented. The input file is never touched.

The marks can be taken away again (``clear_marks``): the Avvik sheet keeps each marked cell's original
fill in a hidden column, so a new run restores them before it marks anew (the Excel button does the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..avvik import AUTHOR, AVVIK, HEADERS, MARK_FILLS, WIDTHS  # noqa: F401 - re-exported
from ..findings import Finding
from ..safeio import atomic_write_bytes
from .styles import (
    BASE_FONT,
    FMT_AMOUNT,
    HEADER_FILL,
    HEADER_FONT,
    LINK_FONT,
    fit_row,
    print_setup,
    set_value,
    wrapped_lines,
)


def _fill_hex(cell) -> str:  # type: ignore[no-untyped-def]
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return ""
    rgb = fill.fgColor.rgb if fill.fgColor is not None and fill.fgColor.type == "rgb" else None
    return rgb if isinstance(rgb, str) else ""


def clear_marks(wb: Workbook) -> None:
    """Undo a previous run: restore original fills, remove our comments, delete the Avvik sheet."""
    if AVVIK not in wb.sheetnames:
        return
    ws = wb[AVVIK]
    for row in ws.iter_rows(min_row=2, values_only=True):
        if not row or len(row) < 9 or not row[2] or not row[3]:
            continue
        sheet, ref, original = row[2], row[3], row[8]
        if sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        if cell.comment is not None and cell.comment.author == AUTHOR:
            cell.comment = None
        cell.fill = PatternFill("solid", fgColor=original) if original else PatternFill(fill_type=None)
    del wb[AVVIK]


def mark(wb: Workbook, findings: Sequence[Finding]) -> None:
    """Add the Avvik sheet and mark the cells (call ``clear_marks`` first)."""
    ws = wb.create_sheet(AVVIK, 0)
    ws.sheet_properties.tabColor = "C00000"
    for i, (h, w) in enumerate(zip(HEADERS, WIDTHS), start=1):
        c = ws.cell(1, i, h)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        ws.column_dimensions[c.column_letter].width = w
    ws.column_dimensions["I"].hidden = True
    originals: dict[tuple[str, str], str] = {}
    comments: dict[tuple[str, str], list[str]] = {}
    for r, f in enumerate(findings, start=2):
        target = None
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            target = wb[f.sheet][f.cell]
            key = (f.sheet, f.cell)
            if key not in originals:
                originals[key] = _fill_hex(target)
            comments.setdefault(key, []).append(f"{f.severity.upper()} {f.code}: {f.message}")
            severity_now = target.fill.fgColor.rgb if target.fill is not None else None
            if severity_now != "00" + MARK_FILLS["feil"]:  # feil wins over advarsel and info
                target.fill = PatternFill("solid", fgColor=MARK_FILLS[f.severity])
        values = (
            f.severity,
            f.code,
            f.sheet or "",
            f.cell or "",
            f.message,
            f.value,
            f.expected,
            f.hint,
            originals.get((f.sheet or "", f.cell or ""), ""),
        )
        for ci, v in enumerate(values, start=1):
            cell = ws.cell(r, ci)
            set_value(cell, v if v is None or isinstance(v, (str, int, float)) else str(v))
            cell.alignment = Alignment(wrap_text=ci in (5, 8), vertical="top")
            cell.font = BASE_FONT  # the house face, whatever the workbook's own default font is
            if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and abs(v) >= 1000:
                cell.number_format = FMT_AMOUNT  # kroner, shown as 1 234 567
        # the wrapped message and hint get the row height they need (they would print over the next row)
        fit_row(ws, r, max(wrapped_lines(values[4], WIDTHS[4]), wrapped_lines(values[7], WIDTHS[7])))
        ws.cell(r, 1).fill = PatternFill("solid", fgColor=MARK_FILLS[f.severity])
        if target is not None:
            link = ws.cell(r, 4)
            sheet_ref = f"'{f.sheet}'!{f.cell}"
            link.hyperlink = f"#{sheet_ref}"
            link.font = LINK_FONT
    for (sheet, ref), texts in comments.items():
        comment = Comment(ILLEGAL_CHARACTERS_RE.sub("", "\n".join(texts)), AUTHOR)
        comment.width, comment.height = 420, 40 + 30 * len(texts)
        wb[sheet][ref].comment = comment
    if findings:
        table = Table(displayName="tblAvvik", ref=f"A1:I{len(findings) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(table)
    else:
        ws.cell(2, 1, "Ingen avvik funnet.")
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    print_setup(ws, landscape=True)
    wb.active = 0


def write_annotated(
    source: str | Path, findings: Sequence[Finding], out: str | Path, *, overwrite: bool = False
) -> Path:
    """Write a marked copy of ``source`` to ``out`` (atomically). ``source`` is opened read-only."""
    import io
    import warnings

    source, out = Path(source), Path(out)
    if source.resolve() == out.resolve():
        from ..errors import OutputError

        raise OutputError("Den kommenterte kopien kan ikke skrives over originalen. Velg et annet filnavn.", out)
    data = source.read_bytes()
    keep_vba = data[:2] == b"PK" and b"vbaProject.bin" in data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), keep_vba=keep_vba, keep_links=True)
    clear_marks(wb)
    mark(wb, [f for f in findings if f.file is None or Path(f.file).resolve() == source.resolve()])
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(out, buf.getvalue(), overwrite=overwrite)
