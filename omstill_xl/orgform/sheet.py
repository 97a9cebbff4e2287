"""The «Organisasjonsform» sheet with openpyxl, in the workbook's own styles; and the orgform-only workbook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema as S
from ..i18n import translator
from ..safeio import atomic_write_bytes
from ..workbook.styles import (
    BOLD,
    BOX,
    CALC_FILL,
    FMT_PERCENT,
    HEADER_FILL,
    HEADER_FONT,
    HELP_FONT,
    INPUT_FILL,
    INTRO_FONT,
    LINE_PT,
    LOCKED,
    SUBTITLE_FONT,
    SUM_FILL,
    TITLE_FONT,
    UNLOCKED,
    font,
    new_workbook,
    print_setup,
    protect,
    set_value,
    workbook_bytes,
    wrapped_lines,
)
from . import layout as L
from .criteria import CRITERIA, FORMS, headings, source_note
from .model import resolve_data

_ = translator("orgform")

FMT_TOTAL = "[$-414]0.00"
FMT_WHOLE = "0"
FACTS_FILL = PatternFill("solid", fgColor="F7F7F7")
BEST_FILL = PatternFill("solid", fgColor="C6EFCE")  # Excel's «Good» style
BEST_FONT = font(bold=True, color="006100")
WIDTHS = {L.COL_NAME: 26, L.COL_TEXT: 34, L.COL_WEIGHT: 9}
FORM_WIDTH = 20
POENG_COLUMN = len(S.CODE_LISTS) + 2 + 4 + 1  # on «Lister»: after the code lists and the kommune list


def write_orgform_sheet(
    wb: Workbook, data: Mapping[str, Any] | None = None, *, with_program: bool = True, index: int | None = None
) -> Worksheet:
    """Add the «Organisasjonsform» sheet to ``wb``, filled with ``data`` (``{"weights": …, "scores": …}``;
    None → default weights, no scores). Its texts are in the current målform (``i18n.use``). ``with_program``: the workbook has a Program sheet to show the chosen
    form from. Call ``write_poeng_list(wb)`` once the «Lister» sheet exists."""
    weights, scores = resolve_data(data)
    ws = wb.create_sheet(L.SHEET, index)
    _columns(ws)
    _heading(ws)
    _facts(ws)
    _scores(ws, weights, scores)
    _computed(ws, with_program)
    _names(wb)
    _protect_and_print(ws)
    return ws


def write_poeng_list(wb: Workbook) -> None:
    """The 1–5 list the score dropdowns use, on the hidden «Lister» sheet (made here if the book has none)."""
    if S.LISTS_SHEET in wb.sheetnames:
        ws = wb[S.LISTS_SHEET]
    else:
        ws = wb.create_sheet(S.LISTS_SHEET)
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
    ws.cell(1, POENG_COLUMN, _("Poeng")).font = BOLD
    for i, v in enumerate(S.POENG_VALUES, start=2):
        ws.cell(i, POENG_COLUMN, v)
    letter = S.col_letter(POENG_COLUMN)
    ref = f"{S.LISTS_SHEET}!${letter}$2:${letter}${len(S.POENG_VALUES) + 1}"
    wb.defined_names[S.POENG_LIST_NAME] = DefinedName(S.POENG_LIST_NAME, attr_text=ref)


def build_orgform_workbook(data: Mapping[str, Any] | None = None) -> Workbook:
    """A workbook with only the comparison (and the hidden list behind its dropdowns)."""
    wb = new_workbook()
    default = wb.active
    write_orgform_sheet(wb, data, with_program=False)
    wb.remove(default)
    write_poeng_list(wb)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 0
    return wb


def write_orgform_workbook(path: str | Path, overwrite: bool = False, *, data: Mapping[str, Any] | None = None) -> Path:
    """Save an orgform-only workbook atomically (what ``omstill new --orgform`` makes)."""
    return atomic_write_bytes(Path(path), workbook_bytes(build_orgform_workbook(data)), overwrite=overwrite)


# ------------------------------------------------------------------------------------------------------


def _columns(ws: Worksheet) -> None:
    for col, width in WIDTHS.items():
        ws.column_dimensions[S.col_letter(col)].width = width
    for j in range(len(FORMS)):
        ws.column_dimensions[S.col_letter(L.form_col(j))].width = FORM_WIDTH


def _merged_text(
    ws: Worksheet,
    row: int,
    text: str,
    *,
    first: int = L.COL_NAME,
    last: int = L.LAST_COL,
    font: Font | None = None,
    chars_per_line: int = 150,
) -> None:
    cell = ws.cell(row, first, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if font:
        cell.font = font
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    size = font.size if font is not None and font.size else 10
    lines = wrapped_lines(text, chars_per_line / 1.08 + 1, size=size)
    ws.row_dimensions[row].height = LINE_PT * size / 10 * lines + 2


def _heading(ws: Worksheet) -> None:
    ws.cell(L.TITLE_ROW, 1, _(L.TITLE)).font = TITLE_FONT
    ws.row_dimensions[L.TITLE_ROW].height = 24
    intro = ws.cell(L.INTRO_ROW, 1, _(L.INTRO))
    intro.font = INTRO_FONT
    _merged_text(ws, L.HELP_ROW, _(L.HELP))


def _header_cell(ws: Worksheet, row: int, col: int, text: str) -> None:
    c = ws.cell(row, col, text)
    c.font = HEADER_FONT
    c.fill = HEADER_FILL
    c.alignment = Alignment(wrap_text=True, vertical="center")
    c.border = BOX
    c.protection = LOCKED


def _lines(text: str, width: float, *, bold: bool = False) -> int:
    return wrapped_lines(text, width, bold=bold)


def _facts(ws: Worksheet) -> None:
    ws.cell(L.FACTS_TITLE_ROW, 1, _(L.FACTS_TITLE)).font = SUBTITLE_FONT
    _header_cell(ws, L.FACTS_HEADER_ROW, L.COL_NAME, _(L.HEAD_NAME))
    _header_cell(ws, L.FACTS_HEADER_ROW, L.COL_TEXT, _(L.HEAD_DESCRIPTION))
    _header_cell(ws, L.FACTS_HEADER_ROW, L.COL_WEIGHT, None)  # type: ignore[arg-type]
    ws.merge_cells(
        start_row=L.FACTS_HEADER_ROW, start_column=L.COL_TEXT, end_row=L.FACTS_HEADER_ROW, end_column=L.COL_WEIGHT
    )
    for j, heading in enumerate(headings()):
        _header_cell(ws, L.FACTS_HEADER_ROW, L.form_col(j), heading)
    ws.row_dimensions[L.FACTS_HEADER_ROW].height = 32
    text_width = WIDTHS[L.COL_TEXT] + WIDTHS[L.COL_WEIGHT]
    for i, c in enumerate(CRITERIA):
        row = L.fact_row(i)
        name = ws.cell(row, L.COL_NAME, c.name)
        name.font = BOLD
        desc = ws.cell(row, L.COL_TEXT, c.description_with_law)
        ws.cell(row, L.COL_WEIGHT).border = BOX
        ws.merge_cells(start_row=row, start_column=L.COL_TEXT, end_row=row, end_column=L.COL_WEIGHT)
        lines = max(_lines(c.name, WIDTHS[L.COL_NAME], bold=True), _lines(c.description_with_law, text_width))
        for j in range(len(FORMS)):
            cell = ws.cell(row, L.form_col(j))
            set_value(cell, c.fact(j))
            lines = max(lines, _lines(c.fact(j), FORM_WIDTH))
        for col in range(L.COL_NAME, L.LAST_COL + 1):
            cell = ws.cell(row, col)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BOX
            cell.fill = FACTS_FILL
            cell.protection = LOCKED
        desc.font = font(color="404040")
        ws.row_dimensions[row].height = LINE_PT * lines + 2
    _merged_text(ws, L.SOURCE_ROW, source_note(), font=font(italic=True, size=9, color="595959"), chars_per_line=170)


def _scores(ws: Worksheet, weights: Mapping[str, Any], scores: Mapping[str, Mapping[str, Any]]) -> None:
    ws.cell(L.SCORE_TITLE_ROW, 1, _(L.SCORE_TITLE)).font = SUBTITLE_FONT
    _header_cell(ws, L.SCORE_HEADER_ROW, L.COL_NAME, _(L.HEAD_NAME))
    _header_cell(ws, L.SCORE_HEADER_ROW, L.COL_TEXT, _(L.HEAD_HINT))
    _header_cell(ws, L.SCORE_HEADER_ROW, L.COL_WEIGHT, _(L.HEAD_WEIGHT))
    for j, heading in enumerate(headings()):
        _header_cell(ws, L.SCORE_HEADER_ROW, L.form_col(j), heading)
    ws.row_dimensions[L.SCORE_HEADER_ROW].height = 32
    for i, c in enumerate(CRITERIA):
        row = L.criterion_row(i)
        name = ws.cell(row, L.COL_NAME, c.name)
        name.font = BOLD
        hint = ws.cell(row, L.COL_TEXT, c.hint)
        hint.font = HELP_FONT
        for cell in (name, hint):
            cell.border = BOX
            cell.protection = LOCKED
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        weight = ws.cell(row, L.COL_WEIGHT)
        set_value(weight, weights.get(c.key))
        weight.number_format = FMT_PERCENT
        weight.alignment = Alignment(vertical="top")
        for j, form in enumerate(FORMS):
            cell = ws.cell(row, L.form_col(j))
            set_value(cell, scores.get(c.key, {}).get(form))
            cell.number_format = FMT_WHOLE
            cell.alignment = Alignment(horizontal="center", vertical="top")
        for col in range(L.COL_WEIGHT, L.LAST_COL + 1):
            cell = ws.cell(row, col)
            cell.fill = INPUT_FILL
            cell.border = BOX
            cell.protection = UNLOCKED
        ws.row_dimensions[row].height = (
            LINE_PT * max(_lines(c.name, WIDTHS[L.COL_NAME], bold=True), _lines(c.hint, WIDTHS[L.COL_TEXT])) + 2
        )
    weights_ref = f"{L.weight_ref(0)}:{L.weight_ref(len(CRITERIA) - 1)}"
    scores_ref = f"{L.score_ref(0, 0)}:{L.score_ref(len(CRITERIA) - 1, len(FORMS) - 1)}"
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True)
    dv.error = _("Skriv vekten som prosent mellom 0 % og 100 %, f.eks. 15 %.")
    dv.errorTitle = dv.promptTitle = _(L.HEAD_WEIGHT)
    dv.prompt = _("Hvor viktig kriteriet er for kommunen. Vektene skal summere til 100 %.")
    _add_validation(ws, dv, weights_ref)
    dv = DataValidation(type="list", formula1=f"={S.POENG_LIST_NAME}", allow_blank=True, errorStyle="stop")
    dv.error = _("Velg et helt tall fra 1 til 5.")
    dv.errorTitle = dv.promptTitle = _("Poeng")
    dv.prompt = _("1 = passer kommunen svært dårlig, 5 = passer kommunen svært godt.")
    _add_validation(ws, dv, scores_ref)


def _add_validation(ws: Worksheet, dv: DataValidation, ref: str) -> None:
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.add(ref)
    ws.add_data_validation(dv)


def _computed(ws: Worksheet, with_program: bool) -> None:
    labels: tuple[tuple[int, str], ...] = (
        (L.SUM_ROW, _(L.LABEL_SUM)),
        (L.COUNT_ROW, _(L.LABEL_COUNT_TEXT).format(n=L.N)),
        (L.TOTAL_ROW, _(L.LABEL_TOTAL)),
        (L.RANK_ROW, _(L.LABEL_RANK)),
        (L.BEST_ROW, _(L.LABEL_BEST)),
    )
    if with_program:
        labels += ((L.CHOSEN_ROW, _(L.LABEL_CHOSEN)),)
    for row, text in labels:
        label = ws.cell(row, L.COL_NAME, text)
        label.font = BOLD
        label.border = BOX
    for row in (L.SUM_ROW, L.COUNT_ROW, L.TOTAL_ROW, L.RANK_ROW):
        for col in range(L.COL_TEXT, L.LAST_COL + 1):
            cell = ws.cell(row, col)
            cell.fill = SUM_FILL
            cell.border = BOX
            cell.protection = LOCKED
    formats = {
        L.SUM_ROW: FMT_PERCENT,
        L.COUNT_ROW: FMT_WHOLE,
        L.TOTAL_ROW: FMT_TOTAL,
        L.RANK_ROW: FMT_WHOLE,
        L.BEST_ROW: "General",
        L.CHOSEN_ROW: "General",
    }
    for ref, formula in L.formulas(with_program=with_program).items():
        cell = ws[ref]
        cell.value = formula
        cell.number_format = formats[cell.row]
        cell.protection = LOCKED
        cell.border = BOX
        if cell.row in (L.BEST_ROW, L.CHOSEN_ROW):
            cell.fill = CALC_FILL
            cell.font = BOLD
            ws.merge_cells(
                start_row=cell.row, start_column=L.FIRST_FORM_COL, end_row=cell.row, end_column=L.FIRST_FORM_COL + 1
            )
        else:
            cell.font = font(bold=cell.row in (L.SUM_ROW, L.TOTAL_ROW, L.RANK_ROW))
            cell.alignment = Alignment(horizontal="center")
    # The best-ranked form stands out: its header, total and rank turn green.
    first, last = S.col_letter(L.FIRST_FORM_COL), S.col_letter(L.LAST_COL)
    rule = FormulaRule(formula=[f"{first}${L.RANK_ROW}=1"], fill=BEST_FILL, font=BEST_FONT)
    ws.conditional_formatting.add(f"{first}{L.TOTAL_ROW}:{last}{L.RANK_ROW}", rule)
    head = FormulaRule(formula=[f"{first}${L.RANK_ROW}=1"], fill=BEST_FILL, font=BEST_FONT)
    ws.conditional_formatting.add(f"{first}{L.SCORE_HEADER_ROW}:{last}{L.SCORE_HEADER_ROW}", head)


def _names(wb: Workbook) -> None:
    n = len(CRITERIA)
    names = {
        L.NAME_WEIGHTS: L.absolute_range(L.SCORE_FIRST, L.COL_WEIGHT, L.SCORE_FIRST + n - 1, L.COL_WEIGHT),
        L.NAME_SCORES: L.absolute_range(L.SCORE_FIRST, L.FIRST_FORM_COL, L.SCORE_LAST, L.LAST_COL),
        L.NAME_TOTALS: L.absolute_range(L.TOTAL_ROW, L.FIRST_FORM_COL, L.TOTAL_ROW, L.LAST_COL),
        L.NAME_RANKS: L.absolute_range(L.RANK_ROW, L.FIRST_FORM_COL, L.RANK_ROW, L.LAST_COL),
    }
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _protect_and_print(ws: Worksheet) -> None:
    protect(ws)  # no password, like the rest of the workbook
    print_setup(ws, landscape=True)
    ws.print_title_rows = f"{L.TITLE_ROW}:{L.TITLE_ROW}"
    ws.row_breaks.append(_break_before(L.SCORE_TITLE_ROW))
    ws.sheet_view.zoomScale = 100
    ws.freeze_panes = None


def _break_before(row: int):  # type: ignore[no-untyped-def]
    from openpyxl.worksheet.pagebreak import Break

    return Break(id=row - 1)
