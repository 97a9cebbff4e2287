"""The look every workbook we write shares: one font, the colours, fills, borders and number formats.

The template builder (``workbook.build``), the Organisasjonsform sheet, the consolidated workbook and the Avvik
sheet of the annotated copy all import from here; this module imports nothing of ours but ``safeio``, so there
is no import circle.

Every font names its face. A cell font without a name makes LibreOffice print in its default face (a serif on
many machines), and a face without a metric-compatible free version makes amounts wrap on a machine that lacks
it. Arial has one: Liberation Sans (Debian/Ubuntu ``fonts-liberation2``; Windows and macOS have Arial itself),
so the columns fit the same in Excel and in LibreOffice's PDF.

The few writing helpers every builder needs live here too (``set_value``, ``print_setup``, ``protect``,
``workbook_bytes``), so a builder never imports another builder.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import IO, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..fonts import HOUSE_FONT
from ..safeio import deterministic_zip, guard_openpyxl_text

# Every workbook we write (template, consolidated, annotated copy) goes through openpyxl with this module
# imported: text is cleaned once, at the writer (XML-illegal characters, cell length).
guard_openpyxl_text()

FONT_NAME = HOUSE_FONT  # metric-compatible free version: Liberation Sans
FONT_SIZE = 10

# Norwegian number formats. The [$-414] locale tag makes LibreOffice group with spaces whatever its own
# locale; Excel groups by the user's regional settings (space in Norway).
FMT_AMOUNT = "[$-414]#,##0"
FMT_NUMBER = "[$-414]#,##0.##"
FMT_PERCENT = "[$-414]0.0 %"
FMT_CALC_ROW = "[$-414]#,##0;-#,##0;;@"  # formula cells in table rows: zero shows as empty
FMT_INT = "[$-414]#,##0"
FMT_DEC = "[$-414]#,##0.0"
FMT_YEAR = "0"
FMT_TEXT = "@"

BLUE = "1F4E79"
GREY_TEXT = "595959"
LINK_BLUE = "0563C1"
WHITE = "FFFFFF"

INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")  # light yellow: the cells a user fills in
CALC_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FILL = PatternFill("solid", fgColor=BLUE)
SUM_FILL = PatternFill("solid", fgColor="D9E2F3")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

# Alignments are shared objects: openpyxl indexes every new style object it is given.
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center")
TOP = Alignment(vertical="top")
NOWRAP_TOP = Alignment(wrap_text=False, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top")


@cache
def font(
    *,
    size: float = FONT_SIZE,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    underline: str | None = None,
) -> Font:
    """A font in the house face (one shared object per combination)."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color, underline=underline, family=2)


BASE_FONT = font()
BOLD = font(bold=True)
TITLE_FONT = font(size=16, bold=True, color=BLUE)
SUBTITLE_FONT = font(size=12, bold=True, color=BLUE)
SECTION_FONT = font(size=13, bold=True, color=BLUE)
INTRO_FONT = font(italic=True, color=GREY_TEXT)
HELP_FONT = font(color=GREY_TEXT)
HEADER_FONT = font(bold=True, color=WHITE)
LINK_FONT = font(color=LINK_BLUE, underline="single")


def new_workbook() -> Workbook:
    """An empty openpyxl ``Workbook`` whose default font (the «Normal» style) is the house face."""
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    wb._fonts = IndexedList([BASE_FONT])
    wb._named_styles["Normal"].font = BASE_FONT
    return wb


def set_value(cell: Any, value: object) -> None:
    """Write a value; text is always text, never a formula (``=``, ``+``, ``-``, ``@`` are kept literal)."""
    if value is None:
        return
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be stored in xlsx
        cell.data_type = "s"
    elif isinstance(value, float) and value.is_integer():
        cell.value = int(value)
    else:
        cell.value = value


FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)


def workbook_bytes(wb: Workbook, *, save: Callable[[Workbook, IO[bytes]], None] | None = None) -> bytes:
    """Serialise with fixed document dates and zip timestamps: the same data gives the same bytes. ``save``
    writes the package instead of ``Workbook.save`` (the consolidated workbook's own sheet writer)."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "omstill_xl"
    wb.properties.lastModifiedBy = "omstill_xl"
    buf = io.BytesIO()
    if save is None:
        wb.save(buf)
    else:
        save(wb, buf)
    return deterministic_zip(buf.getvalue())


def protect(ws: Worksheet) -> None:
    """Sheet protection without password: it guards formulas against accidents, not against people."""
    prot = ws.protection
    prot.sheet = True
    prot.formatColumns = False
    prot.formatRows = False
    prot.formatCells = False


def print_setup(ws: Worksheet, *, landscape: bool, pages_wide: int = 1) -> None:
    """A4, fit to ``pages_wide`` pages across, file and sheet name in the header, «Side x av y» in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = "&[File]"
    ws.oddHeader.right.text = "&[Tab]"
    ws.oddFooter.center.text = "Side &[Page] av &[Pages]"


# --- row heights for wrapped text ------------------------------------------------------------------------------
# LibreOffice does not fit row heights on load, so every row whose text wraps gets its height here. The
# estimate wraps at word boundaries like the spreadsheet does, with the width of Arial 10 (a column width unit
# is one digit; average Norwegian text is a little narrower, bold a little wider).

LINE_PT = 13.0  # one line of Arial 10, with leading


def wrapped_lines(text: object, width: float, *, bold: bool = False, size: float = FONT_SIZE) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(4, int(width * (1.02 if bold else 1.15) * FONT_SIZE / size))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            n = len(word)
            if used and used + 1 + n > per_line:
                lines += 1
                used = 0
            while n > per_line:  # a word longer than the column breaks inside (rare: URLs, long ids)
                lines += 1
                n -= per_line
            used += n + (1 if used else 0)
    return max(1, lines)


def fit_row(ws: Worksheet, row: int, lines: int, *, size: float = FONT_SIZE, minimum: float | None = None) -> None:
    """Give ``row`` the height of ``lines`` lines (never lower than ``minimum`` or what it has)."""
    height = LINE_PT * size / FONT_SIZE * lines + 2
    current = ws.row_dimensions[row].height
    height = max(height, minimum or 0, current or 0)
    if lines > 1 or minimum or current:
        ws.row_dimensions[row].height = height


# --- charts ----------------------------------------------------------------------------------------------------


def _chart_text(size: float, bold: bool = False) -> Any:
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties
    from openpyxl.drawing.text import Font as TextFont

    props = CharacterProperties(latin=TextFont(typeface=FONT_NAME), sz=int(size * 100), b=bold)
    return RichText(bodyPr=RichTextProperties(), p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def chart_fonts(chart: Any) -> Any:
    """Name the house face in a chart's title, axis titles, axis labels and legend (a chart without one is
    drawn in the application's default, Calibri or its stand-in). Call after the titles are set."""
    from openpyxl.drawing.text import CharacterProperties
    from openpyxl.drawing.text import Font as TextFont

    def titled(title: Any, size: float, bold: bool) -> None:
        rich = getattr(getattr(title, "tx", None), "rich", None)
        for p in getattr(rich, "p", None) or []:
            props = CharacterProperties(latin=TextFont(typeface=FONT_NAME), sz=int(size * 100), b=bold)
            for r in p.r or []:
                r.rPr = props
            if p.pPr is not None:
                p.pPr.defRPr = props

    titled(chart.title, 12, True)
    for axis in (chart.x_axis, chart.y_axis):
        axis.txPr = _chart_text(9)
        titled(axis.title, 9, False)
    if chart.legend is not None:
        chart.legend.txPr = _chart_text(9)
    return chart
