"""Findings → an annotated *copy* of the workbook: an «Avvik» sheet with a row and a hyperlink per finding,
and the offending cells filled and commented. The input file is never touched.

The marks can be taken away again (``clear_marks``): the Avvik sheet keeps each marked cell's original
fill in a hidden column, so a new run restores them before it marks anew (the Excel button does the same).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.table import Table, TableStyleInfo

from .. import i18n
from ..avvik import AUTHOR, AVVIK, HEADERS, MARK_FILLS, WIDTHS  # noqa: F401 - re-exported
from ..findings import Finding, severity_name
from ..i18n import N_
from ..intake import DEFAULT_LIMITS
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

# What we read back from an existing Avvik sheet (a previous run, or typed by a user) is parsed and bounded: one
# cell of an existing worksheet, and a colour as 6 or 8 hex digits. Anything else is left alone.
_ONE_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")
_COLOUR = re.compile(r"[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384

_ = i18n.translator("workbook")
# The Avvik sheet's headers (``avvik.HEADERS``, the same order) and the severities, marked for this catalogue.
HEADERS_MARKED = (
    N_("Alvorlighet"),
    N_("Kode"),
    N_("Ark"),
    N_("Celle"),
    N_("Melding"),
    N_("Funnet"),
    N_("Forventet"),
    N_("Slik retter du"),
    N_("Opprinnelig farge"),
)


def single_cell(ref: object) -> str | None:
    """``ref`` as a normalised A1 address of one cell inside Excel's grid, or None («A1:XFD1048576», «U6:U14», …)."""
    if not isinstance(ref, str):
        return None
    m = _ONE_CELL.fullmatch(ref.strip())
    if not m:
        return None
    letters, row = m.group(1).upper(), int(m.group(2))
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return f"{letters}{row}" if col <= _MAX_COL and row <= _MAX_ROW else None


def _colour(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and _COLOUR.fullmatch(value.strip()) else None


def _worksheet_cell(wb: Workbook, sheet: object, ref: object) -> Any:
    """The cell ``sheet``!``ref`` when the sheet is a worksheet of ``wb`` and ``ref`` one cell; else None."""
    from openpyxl.worksheet.worksheet import Worksheet

    cell_ref = single_cell(ref)
    if not isinstance(sheet, str) or cell_ref is None or sheet not in wb.sheetnames:
        return None
    ws = wb[sheet]
    return ws[cell_ref] if isinstance(ws, Worksheet) else None


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
    for row in ws.iter_rows(min_row=2, max_col=len(HEADERS), values_only=True):
        if not row or len(row) < 9 or not row[2] or not row[3]:
            continue
        cell = _worksheet_cell(wb, row[2], row[3])
        if cell is None or cell.parent.title == AVVIK:
            continue  # not one cell of one of the workbook's sheets: nothing of ours to undo there
        if cell.comment is not None and cell.comment.author == AUTHOR:
            cell.comment = None
        original = _colour(row[8])
        if original or not row[8]:
            cell.fill = PatternFill("solid", fgColor=original) if original else PatternFill(fill_type=None)
    del wb[AVVIK]


def mark(wb: Workbook, findings: Sequence[Finding]) -> None:
    """Add the Avvik sheet and mark the cells (call ``clear_marks`` first)."""
    ws = wb.create_sheet(AVVIK, 0)
    ws.sheet_properties.tabColor = "C00000"
    for i, (h, w) in enumerate(zip(HEADERS_MARKED, WIDTHS), start=1):
        c = ws.cell(1, i, _(h))
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        ws.column_dimensions[c.column_letter].width = w
    ws.column_dimensions["I"].hidden = True
    originals: dict[tuple[str, str], str] = {}
    comments: dict[tuple[str, str], list[str]] = {}
    for r, f in enumerate(findings, start=2):
        target = _worksheet_cell(wb, f.sheet, f.cell) if f.sheet and f.cell and f.sheet != AVVIK else None
        if target is not None:
            key = (f.sheet or "", f.cell or "")
            if key not in originals:
                originals[key] = _fill_hex(target)
            comments.setdefault(key, []).append(f"{severity_name(f.severity).upper()} {f.code}: {f.message}")
            severity_now = target.fill.fgColor.rgb if target.fill is not None else None
            if severity_now != "00" + MARK_FILLS["feil"]:  # feil wins over advarsel and info
                target.fill = PatternFill("solid", fgColor=MARK_FILLS[f.severity])
        values = (
            severity_name(f.severity),
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
        comment = Comment(ILLEGAL_CHARACTERS_RE.sub("", "\n".join(texts))[:32_000], AUTHOR)
        comment.width, comment.height = 420, 40 + 30 * len(texts)
        wb[sheet][ref].comment = comment
    if findings:
        table = Table(displayName="tblAvvik", ref=f"A1:I{len(findings) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(table)
    else:
        ws.cell(2, 1, _("Ingen avvik funnet."))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    print_setup(ws, landscape=True)
    wb.active = 0


MACRO_SUFFIXES = (".xlsm", ".xltm")


# openpyxl builds every cell and style of the copy in memory: tighter limits than for reading.
ANNOTATE_LIMITS = replace(DEFAULT_LIMITS, max_cell_elements=300_000, max_styles=20_000)


def macro_note(source: str | Path, out: str | Path) -> str | None:
    """A note for the user when the macros of an .xlsm are left out of a copy named .xlsx (None otherwise)."""
    from ..intake import check_file

    if Path(out).suffix.lower() in MACRO_SUFFIXES:
        return None
    try:
        has_macros = check_file(source).has_macros
    except Exception:  # noqa: BLE001 - only a note; the copy itself has been written
        return None
    if not has_macros:
        return None
    return _(
        "Merk: makroene i {name} er ikke med i kopien fordi den heter {suffix}. Gi kopien navnet .xlsm for å "
        "beholde dem."
    ).format(name=Path(source).name, suffix=Path(out).suffix)


def write_annotated(
    source: str | Path, findings: Sequence[Finding], out: str | Path, *, overwrite: bool = False
) -> Path:
    """Write a marked copy of ``source`` to ``out`` (atomically). ``source`` is opened read-only."""
    import io
    import warnings

    from ..errors import OutputError
    from ..intake import check_file

    source, out = Path(source), Path(out)
    if source.resolve() == out.resolve():
        raise OutputError(_("Den kommenterte kopien kan ikke skrives over originalen. Velg et annet filnavn."), out)
    report = check_file(source, ANNOTATE_LIMITS)  # openpyxl builds every cell and style in memory
    data = source.read_bytes()
    macro_name = out.suffix.lower() in MACRO_SUFFIXES
    if macro_name and not report.has_macros:
        raise OutputError(
            _(
                "Arbeidsboka har ingen makroer, så kopien må hete .xlsx (ikke {suffix}); Excel åpner ikke en "
                "makrofri bok med makronavn."
            ).format(suffix=out.suffix),
            out,
        )
    keep_vba = report.has_macros and macro_name  # an .xlsx name gets a macro-free copy Excel will open
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(io.BytesIO(data), keep_vba=keep_vba, keep_links=True)
        except Exception as e:  # noqa: BLE001 - openpyxl refuses what calamine read (a NaN number, …)
            from ..errors import DamagedFileError

            raise DamagedFileError(
                _(
                    "Kontrollen er gjort, men kopien med avvik kan ikke lages: filen har innhold som ikke kan "
                    "skrives tilbake ({error}). Rett feilene som er listet, lagre i Excel og prøv igjen."
                ).format(error=type(e).__name__),
                source,
            ) from e
    clear_marks(wb)
    mark(wb, [f for f in findings if f.file is None or Path(f.file).resolve() == source.resolve()])
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(out, buf.getvalue(), overwrite=overwrite)
