"""Schema → a finished Excel workbook (openpyxl).

``build_workbook(data)`` returns an ``openpyxl.Workbook``; ``write_workbook`` saves it atomically.
``data`` is the plain form of a handlingsplan (see ``omstill_xl.plandata``): for each sheet, a dict of
field values and a list of row dicts. Every layout decision comes from ``omstill_xl.schema``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import i18n
from .. import schema as S
from ..kommuner import kommuner
from ..orgform.sheet import write_orgform_sheet, write_poeng_list
from ..safeio import atomic_write_bytes
from .guide import write_guide
from .styles import (  # noqa: F401 - FMT_*, fills and BLUE are re-exported for older imports
    BLUE,
    BOLD,
    BOX,
    CALC_FILL,
    FMT_AMOUNT,
    FMT_CALC_ROW,
    FMT_NUMBER,
    FMT_PERCENT,
    FMT_TEXT,
    FMT_YEAR,
    HEADER_FILL,
    HEADER_FONT,
    HELP_FONT,
    INPUT_FILL,
    INTRO_FONT,
    LOCKED,
    SUBTITLE_FONT,
    SUM_FILL,
    THIN,
    TITLE_FONT,
    TOP,
    UNLOCKED,
    WRAP_CENTER,
    WRAP_TOP,
    fit_row,
    new_workbook,
    print_setup,
    protect,
    set_value,
    workbook_bytes,
    wrapped_lines,
)

_ = i18n.translator("workbook")

KIND_FORMATS = {
    "amount": FMT_AMOUNT,
    "number": FMT_NUMBER,
    "percent": FMT_PERCENT,
    "year": FMT_YEAR,
    "date": "dd.mm.yyyy",
    "orgnr": FMT_TEXT,
    "kommunenr": FMT_TEXT,
    "id": FMT_TEXT,
}


def number_format(kind: str, formula: str | None = None) -> str:
    if kind == "formula":
        return FMT_PERCENT if formula and "/" in formula else FMT_AMOUNT
    return KIND_FORMATS.get(kind, "General")


def capacities_for(data: dict[str, Any] | None) -> dict[str, int]:
    """Rows per table: the schema's capacity, grown to fit the data plus some free rows."""
    caps = {}
    for s in S.SHEETS:
        if s.table is None:
            continue
        rows = len((data or {}).get(s.name, {}).get("rows", []))
        cap = s.table.capacity
        if rows > cap:
            cap = rows + max(5, rows // 10)
        caps[s.name] = cap
    return caps


def build_maalform(data: dict[str, Any] | None = None, maalform: str | None = None) -> str:
    """The målform a workbook is built in: ``maalform`` when given, else the user's explicit choice for this run,
    else the one ``data`` records (a roll-forward keeps the workbook's målform), else the current one."""
    if maalform is not None:
        code = i18n.parse(maalform)
        if code is None:
            raise ValueError(f"ukjent målform: {maalform!r}")
        return code
    recorded = (data or {}).get(S.PROGRAM.name, {}).get("fields", {}).get("maalform")
    return i18n.resolve(recorded)


def build_workbook(data: dict[str, Any] | None = None, maalform: str | None = None) -> Workbook:
    """A complete handlingsplan workbook, filled with ``data`` where given, in ``maalform`` (``build_maalform``):
    every label, header, help text, code word, sheet name and the Veiledning sheet; its Målform field holds it."""
    code = build_maalform(data, maalform)
    with i18n.use(code, explicit=True):
        return _build(data or {}, code)


def _build(data: dict[str, Any], maalform: str) -> Workbook:
    program = data.get(S.PROGRAM.name, {})
    data = {
        **data,
        S.PROGRAM.name: {**program, "fields": {**program.get("fields", {}), "maalform": i18n.NAMES[maalform]}},
    }
    caps = capacities_for(data)
    wb = new_workbook()
    guide = wb.active
    guide.title = S.sheet_title(S.GUIDE_SHEET)
    for s in S.SHEETS:
        ws = wb.create_sheet(S.sheet_title(s.name))
        _write_sheet(wb, ws, s, data.get(s.name, {}), caps)
    write_orgform_sheet(wb, data.get(S.ORGFORM_SHEET))
    _write_lists(wb, caps)
    write_poeng_list(wb)
    _write_kdd_list(wb, data.get(S.PROGRAM.name, {}).get("fields", {}).get("planaar"))
    wb.defined_names[S.SCHEMA_VERSION_NAME] = DefinedName(
        S.SCHEMA_VERSION_NAME, attr_text=str(S.SCHEMA_VERSION), hidden=True
    )
    write_guide(guide, caps)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 1  # open on Program
    return wb


def write_workbook(
    data: dict[str, Any] | None, path: str | Path, *, overwrite: bool = False, maalform: str | None = None
) -> Path:
    """Build (in ``maalform``, see ``build_workbook``) and save atomically; refuses to replace an existing file
    unless ``overwrite``."""
    wb = build_workbook(data, maalform)
    return atomic_write_bytes(Path(path), workbook_bytes(wb), overwrite=overwrite)


# ------------------------------------------------------------------------------------------------


def _width(ws: Worksheet, first: int, last: int) -> float:
    return sum(ws.column_dimensions[S.col_letter(c)].width or 8.43 for c in range(first, last + 1))


def _title(ws: Worksheet, s: S.Sheet) -> None:
    """Title and intro over the printed width; the intro wraps (it never runs off the page).

    A wide sheet prints in two parts with the ID column repeated: the title then starts right of the ID
    column (a title in column A would be cut at the ID column's edge on the second page), and the second
    part gets its own title in its first column.
    """
    ncols = len(s.table.columns) if s.table else 3
    split = _split_column(s)
    first = 2 if split else 1
    last = (split - 1) if split else ncols
    title, intro_text = S.tr(s.title), S.tr(s.intro)
    ws.cell(S.TITLE_ROW, first, title).font = TITLE_FONT
    ws.row_dimensions[S.TITLE_ROW].height = 24
    intro = ws.cell(S.INTRO_ROW, first, intro_text)
    intro.font = INTRO_FONT
    intro.alignment = WRAP_TOP
    ws.merge_cells(start_row=S.INTRO_ROW, start_column=first, end_row=S.INTRO_ROW, end_column=last)
    fit_row(ws, S.INTRO_ROW, wrapped_lines(intro_text, _width(ws, first, last)))
    if split:
        assert s.table is not None
        ws.cell(S.TITLE_ROW, split, _("{title}, fortsatt").format(title=title)).font = TITLE_FONT


def _split_column(s: S.Sheet) -> int | None:
    """For a table too wide for one page: the first column of the second printed part (the first amount)."""
    if s.table is None or len(s.table.columns) <= 12:
        return None
    return next((i for i, c in enumerate(s.table.columns, start=1) if c.kind == "amount"), None)


def _write_sheet(wb: Workbook, ws: Worksheet, s: S.Sheet, values: dict[str, Any], caps: dict[str, int]) -> None:
    if s.fields:
        _write_fields(wb, ws, s, values.get("fields", {}), caps)
    if s.table:
        _write_table(wb, ws, s, values.get("rows", []), caps)
    _title(ws, s)
    _protect_and_print(ws, s)


def _write_fields(wb: Workbook, ws: Worksheet, s: S.Sheet, values: dict[str, Any], caps: dict[str, int]) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 18 if s.table else 70
    for f in s.fields:
        row = S.field_row(s, f.key)
        f_label, f_help = S.tr(f.label), S.tr(f.help)
        label = ws.cell(row, S.FIELD_LABEL_COL, f_label + (" *" if f.required else ""))
        label.font = BOLD
        label.border = BOX
        cell = ws.cell(row, S.FIELD_VALUE_COL)
        cell.border = BOX
        cell.number_format = number_format(f.kind, f.formula)
        if f.formula:
            cell.value = S.render_formula(f.formula, s, row, caps)
            cell.fill = CALC_FILL
            cell.protection = LOCKED
        else:
            value = _shown(f.codelist, values.get(f.key, f.default))
            set_value(cell, value)
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
            _validation(ws, f.kind, f.codelist, f"{S.col_letter(S.FIELD_VALUE_COL)}{row}", f_label, f_help)
            if f.kind in ("text", "code", "maalform"):  # text wraps inside its cell, never runs under the help text
                cell.alignment = WRAP_TOP
                fit_row(ws, row, wrapped_lines(value, ws.column_dimensions["B"].width))
        label.alignment = WRAP_TOP
        helptext = ws.cell(row, S.FIELD_HELP_COL, f_help)
        helptext.font = HELP_FONT
        # Beside a table the help text overflows to the right instead of wrapping in a narrow column.
        helptext.alignment = WRAP_TOP if s.table is None else TOP
        if s.table is None:
            fit_row(ws, row, wrapped_lines(f_help, ws.column_dimensions["C"].width))
        ref = f"{S.quote_sheet(S.sheet_title(s.name))}!${S.col_letter(S.FIELD_VALUE_COL)}${row}"
        wb.defined_names[f.defined_name] = DefinedName(f.defined_name, attr_text=ref)


def _write_table(wb: Workbook, ws: Worksheet, s: S.Sheet, rows: list[dict[str, Any]], caps: dict[str, int]) -> None:
    t = s.table
    assert t is not None
    header_row = S.table_header_row(s)
    first, last = S.table_first_row(s), S.table_last_row(s, caps[s.name])
    if t.title:
        ws.cell(header_row - 1, 1, S.tr(t.title)).font = SUBTITLE_FONT
    headers = [S.tr(c.header) for c in t.columns]
    for ci, col in enumerate(t.columns, start=1):
        letter = S.col_letter(ci)
        header = headers[ci - 1]
        head = ws.cell(header_row, ci, header)
        head.font = HEADER_FONT
        head.fill = HEADER_FILL
        head.alignment = WRAP_CENTER
        head.border = BOX
        # Wide enough for the longest word of the header (a header wraps at spaces, never inside a word)
        # and for the amounts ("10 000 000" with room for the sum).
        width = max(col.width, max(len(w) for w in header.split()) + 2.5, 13 if col.kind == "amount" else 0)
        if not s.fields:
            ws.column_dimensions[letter].width = width
        else:
            current = ws.column_dimensions[letter].width or 8
            ws.column_dimensions[letter].width = max(current, width)
        if col.is_input:
            _validation(ws, col.kind, col.codelist, f"{letter}{first}:{letter}{last}", header, S.tr(col.help))
    head_lines = max(
        wrapped_lines(h, ws.column_dimensions[S.col_letter(i)].width, bold=True) for i, h in enumerate(headers, start=1)
    )
    fit_row(ws, header_row, head_lines, minimum=32)
    for i in range(first, last + 1):
        values = rows[i - first] if i - first < len(rows) else {}
        _fit_row_height(ws, i, t, values)
        for ci, col in enumerate(t.columns, start=1):
            cell = ws.cell(i, ci)
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=col.kind == "text")
            cell.number_format = number_format(col.kind, col.formula)
            if col.formula:
                cell.number_format = FMT_CALC_ROW
                cell.value = S.render_formula(col.formula, s, i, caps)
                cell.fill = CALC_FILL
                cell.protection = LOCKED
            else:
                set_value(cell, _shown(col.codelist, values.get(col.key)))
                cell.fill = INPUT_FILL
                cell.protection = UNLOCKED
    ref = f"A{header_row}:{S.col_letter(len(t.columns))}{last}"
    table = XlTable(displayName=t.name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=False)
    ws.add_table(table)
    if t.sum_row:
        _write_sum_row(ws, s, last + 1, first, last)
    ws.freeze_panes = ws.cell(first, 1 if s.fields else 2)
    ws.print_title_rows = f"{header_row}:{header_row}"


def _fit_row_height(ws: Worksheet, row: int, t: S.Table, values: dict[str, Any]) -> None:
    """Set the height of a filled row so wrapped text shows (LibreOffice does not autofit on load)."""
    lines = 1
    for i, col in enumerate(t.columns, start=1):
        if col.kind == "text":
            width = ws.column_dimensions[S.col_letter(i)].width or col.width
            lines = max(lines, min(8, wrapped_lines(values.get(col.key), width)))
    fit_row(ws, row, lines)


def _write_sum_row(ws: Worksheet, s: S.Sheet, row: int, first: int, last: int) -> None:
    assert s.table is not None
    label = ws.cell(row, 1, _("Sum"))
    label.font = BOLD
    for ci, col in enumerate(s.table.columns, start=1):
        cell = ws.cell(row, ci)
        cell.fill = SUM_FILL
        cell.border = BOX
        cell.protection = LOCKED
        if col.total:
            letter = S.col_letter(ci)
            cell.value = f"=SUM({letter}{first}:{letter}{last})"
            cell.number_format = FMT_AMOUNT
            cell.font = BOLD


def _shown(codelist: S.CodeList | str | None, value: object) -> object:
    """A value as the workbook shows it: a code word in the current målform; a målform as its word."""
    if isinstance(codelist, S.CodeList) and isinstance(value, str) and value in codelist.values:
        return S.tr(value)
    return value


def _validation(ws: Worksheet, kind: str, codelist: S.CodeList | str | None, ref: str, title: str, help: str) -> None:
    prompt = help[:255]
    if codelist is not None:
        name = codelist if isinstance(codelist, str) else codelist.name
        strict = True if isinstance(codelist, str) else codelist.strict
        dv = DataValidation(
            type="list", formula1=f"={name}", allow_blank=True, errorStyle="stop" if strict else "warning"
        )
        dv.error = (
            _("Velg en verdi fra listen.") if strict else _("Verdien er ikke i listen. Vil du bruke den likevel?")
        )
    elif kind == "maalform":  # the two words, written in the rule itself (the same in both målformer)
        words = ",".join(i18n.NAMES.values())
        dv = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        dv.error = _("Velg bokmål eller nynorsk.")
    elif kind == "kommunenr":
        dv = DataValidation(type="list", formula1=f"={S.KOMMUNENR_LIST_NAME}", allow_blank=True)
        dv.error = _("Ukjent kommunenummer. Bruk kommunenummeret fra 2024 (fire sifre).")
    elif kind == "amount":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = _("Skriv et beløp i kroner (et tall, 0 eller større).")
    elif kind == "number":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = _("Skriv et tall (0 eller større).")
    elif kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73415", allow_blank=True)
        dv.error = _("Skriv en dato, f.eks. 15.12.2025.")
    elif kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
        dv.error = _("Skriv et årstall, f.eks. 2026.")
    elif kind == "percent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True)
        dv.error = _("Skriv en prosent mellom 0 % og 100 %.")
    elif kind == "orgnr":
        dv = DataValidation(type="textLength", operator="equal", formula1="9", allow_blank=True)
        dv.error = _("Organisasjonsnummeret har 9 sifre, uten mellomrom.")
    else:
        return
    dv.errorTitle = title[:32]
    dv.promptTitle = title[:32]
    dv.prompt = prompt
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.add(ref)
    ws.add_data_validation(dv)


def _protect_and_print(ws: Worksheet, s: S.Sheet) -> None:
    protect(ws)
    ws.protection.sort = False
    ws.protection.autoFilter = False
    # A wide table on one A4 page is unreadable: spread it over two pages and repeat the id column.
    wide = s.table is not None and len(s.table.columns) > 12
    print_setup(ws, landscape=s.landscape, pages_wide=2 if wide else 1)
    if wide:
        ws.print_title_cols = "A:A"
        ws.page_setup.pageOrder = "overThenDown"  # the right half of the first rows comes next
        split = _split_column(s)
        if split:
            from openpyxl.worksheet.pagebreak import Break

            ws.col_breaks.append(Break(id=split - 1))


def _write_lists(wb: Workbook, caps: dict[str, int]) -> None:
    ws = wb.create_sheet(S.LISTS_SHEET)
    ws.sheet_state = "hidden"
    for ci, cl in enumerate(S.CODE_LISTS, start=1):
        letter = S.col_letter(ci)
        ws.cell(1, ci, S.tr(cl.title)).font = BOLD
        for ri, v in enumerate(cl.values, start=2):
            set_value(ws.cell(ri, ci), S.tr(v))
        ref = f"{S.LISTS_SHEET}!${letter}$2:${letter}${len(cl.values) + 1}"
        wb.defined_names[cl.name] = DefinedName(cl.name, attr_text=ref)
    start = len(S.CODE_LISTS) + 2
    heads = (_("Kommunenummer"), _("Kommune"), _("Fylkesnummer"), _("Fylke"))
    for i, h in enumerate(heads):
        ws.cell(1, start + i, h).font = BOLD
    ks = sorted(kommuner().values(), key=lambda k: k.nummer)
    for ri, k in enumerate(ks, start=2):
        for i, v in enumerate((k.nummer, k.navn, k.fylkesnummer, k.fylke)):
            set_value(ws.cell(ri, start + i), v)
    first, last_col = S.col_letter(start), S.col_letter(start + 3)
    end = len(ks) + 1
    wb.defined_names[S.KOMMUNE_LIST_NAME] = DefinedName(
        S.KOMMUNE_LIST_NAME, attr_text=f"{S.LISTS_SHEET}!${first}$2:${last_col}${end}"
    )
    wb.defined_names[S.KOMMUNENR_LIST_NAME] = DefinedName(
        S.KOMMUNENR_LIST_NAME, attr_text=f"{S.LISTS_SHEET}!${first}$2:${first}${end}"
    )
    for name, (sheet, key) in S.DYNAMIC_LISTS.items():
        letter = S.table_col_letter(sheet, key)
        ref = (
            f"{S.quote_sheet(S.sheet_title(sheet.name))}!${letter}${S.table_first_row(sheet)}"
            f":${letter}${S.table_last_row(sheet, caps[sheet.name])}"
        )
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    ws.protection.sheet = True


def _write_kdd_list(wb: Workbook, year: object) -> None:
    """The KDD categories in force in the plan year, on «Lister» after the Poeng list (``omstill_xl.kdd``)."""
    from ..kdd import for_year
    from ..orgform.sheet import POENG_COLUMN

    ws = wb[S.LISTS_SHEET]
    col = POENG_COLUMN + 2
    ws.cell(1, col, _("KDD-kategori")).font = BOLD
    cats = for_year(year if isinstance(year, int) else None)
    for i, c in enumerate(cats, start=2):
        set_value(ws.cell(i, col), c.label)
    letter = S.col_letter(col)
    ref = f"{S.LISTS_SHEET}!${letter}$2:${letter}${max(2, len(cats) + 1)}"
    wb.defined_names[S.KDD_LIST_NAME] = DefinedName(S.KDD_LIST_NAME, attr_text=ref)
