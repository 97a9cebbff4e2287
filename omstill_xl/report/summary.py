"""``sammendrag.xlsx`` written as its few XML parts, without openpyxl (whose import — with numpy, when that is
installed — cost more than all the rest of a batch's summary).

The workbook is one sheet: a header row (bold white on blue, the house font), one row per outcome (top-aligned,
the last column wrapped), column widths, the header row frozen and an auto-filter over the table. The parts are
those openpyxl 3.1 writes for that workbook (``batch`` made it with openpyxl before), in its member order and form,
zipped with ``safeio.deterministic_zip``'s fixed timestamps, so the bytes are the same: text cleaned as
``safeio.guard_openpyxl_text`` has openpyxl clean it (XML-illegal characters removed, at most 32 767 characters),
inline strings with every non-ASCII character as a character reference (lxml's ASCII output), numbers as
openpyxl's ``safe_string`` writes them. ``tests/test_report_summary.py`` builds the same workbooks with openpyxl
and compares them byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..data import data
from ..safeio import EXCEL_CELL_MAX, XML_ILLEGAL, clean_text
from ..schema import col_letter
from ..xlsxtext import escape_ascii, number
from .package import zip_members

# openpyxl's own pattern of the characters a cell cannot hold (``openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE``)
_OPENPYXL_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_HEADER, _DATA, _WRAPPED = 1, 2, 3  # the cell styles (indexes into cellXfs)

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell_text(value: str) -> str:
    """A text as a cell stores it: what ``workbook.styles.set_value`` and the guarded ``Cell.check_string`` keep."""
    value = _OPENPYXL_ILLEGAL.sub("", value)
    if len(value) > EXCEL_CELL_MAX or XML_ILLEGAL.search(value):
        value = clean_text(value, EXCEL_CELL_MAX)
    return value


def _escape_text(text: str) -> str:
    """Element text as lxml writes it in a UTF-8 document."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attribute(text: str) -> str:
    """An attribute value as lxml writes it in a UTF-8 document."""
    return _escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _cell(ref: str, style: int, value: object) -> str:
    """One ``<c>`` element as openpyxl's lxml cell writer gives it (after ``set_value``)."""
    if value is None:
        return f'<c r="{ref}" s="{style}" t="n"></c>'
    if isinstance(value, str):
        text = cell_text(value)
        if not text:
            return f'<c r="{ref}" s="{style}" t="inlineStr"></c>'
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape_ascii(text)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return f'<c r="{ref}" s="{style}" t="n"><v>{number(value)}</v></c>'
    raise TypeError(f"a summary cell holds text, a number or nothing, not {type(value).__name__}")


def _sheet(columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[object]]) -> str:
    last = col_letter(len(columns))
    ref = f"A1:{last}{len(rows) + 1}"
    cols = "".join(
        f'<col width="{number(width)}" customWidth="1" min="{i}" max="{i}"/>'
        for i, (_header, width) in enumerate(columns, start=1)
    )
    letters = [col_letter(i) for i in range(1, len(columns) + 1)]
    out = [
        f'<worksheet xmlns="{_MAIN_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/>'
        f'</sheetPr><dimension ref="{ref}"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
        'topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A1" '
        'sqref="A1"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>",
        '<row r="1">',
        *(_cell(f"{letter}1", _HEADER, header) for letter, (header, _width) in zip(letters, columns)),
        "</row>",
    ]
    for r, values in enumerate(rows, start=2):
        out.append(f'<row r="{r}">')
        out += (
            _cell(f"{letter}{r}", _WRAPPED if c == len(values) else _DATA, value)
            for c, (letter, value) in enumerate(zip(letters, values), start=1)
        )
        out.append("</row>")
    out.append(
        f'</sheetData><autoFilter ref="{ref}"/><pageMargins left="0.75" right="0.75" top="1" bottom="1" '
        'header="0.5" footer="0.5"/></worksheet>'
    )
    return "".join(out)


def _workbook(title: str, last: str, last_row: int) -> str:
    quoted = "'" + title.replace("'", "''") + "'"
    return (
        f'<workbook xmlns="{_MAIN_NS}"><workbookPr/><workbookProtection/><bookViews><workbookView '
        'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" '
        'tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets><sheet '
        f'xmlns:r="{_DOC_RT}" name="{_escape_attribute(title)}" sheetId="1" state="visible" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{_escape_text(quoted)}!$A$1:${last}${last_row}</definedName></definedNames>"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _styles(with_rows: bool) -> str:
    """The house font (Arial 10) and the header's bold white on blue; the two top-aligned data styles are
    registered only when there is a data row (openpyxl registers a style when a cell first gets it)."""
    data = (
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
        'xfId="0"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'applyAlignment="1" pivotButton="0" quotePrefix="0" xfId="0"><alignment vertical="top" wrapText="1"/></xf>'
        if with_rows
        else ""
    )
    return (
        f'<styleSheet xmlns="{_MAIN_NS}"><numFmts count="0"/><fonts count="2"><font><name val="Arial"/>'
        '<family val="2"/><sz val="10"/></font><font><name val="Arial"/><family val="2"/><b val="1"/>'
        '<color rgb="00FFFFFF"/><sz val="10"/></font></fonts><fills count="3"><fill><patternFill/></fill><fill>'
        '<patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="001F4E79"/>'
        '</patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{4 if with_rows else 2}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'pivotButton="0" quotePrefix="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" '
        f'pivotButton="0" quotePrefix="0" xfId="0"/>{data}</cellXfs><cellStyles count="1"><cellStyle '
        'name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles><tableStyles count="0" '
        'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/><colors><indexedColors>'
        + "".join(f'<rgbColor rgb="00{rgb}"/>' for rgb in _INDEXED_COLOURS.split())
        + "</indexedColors></colors></styleSheet>"
    )


def summary_xlsx(title: str, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[object]]) -> bytes:
    """The workbook: sheet ``title``, a header row of ``columns`` (text, width), then ``rows`` (text, numbers or
    None, one value per column)."""
    last = col_letter(len(columns))
    members: list[tuple[str, bytes]] = [
        ("docProps/app.xml", _APP.encode()),
        ("docProps/core.xml", _CORE.encode()),
        ("xl/theme/theme1.xml", data("xlsx-theme.xml")),
        ("xl/worksheets/sheet1.xml", _sheet(columns, rows).encode("ascii")),
        ("xl/styles.xml", _styles(bool(rows)).encode()),
        ("_rels/.rels", _PACKAGE_RELS.encode()),
        ("xl/workbook.xml", _workbook(title, last, max(len(rows) + 1, 1)).encode("utf-8")),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.encode()),
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
    ]
    return zip_members(members)  # type: ignore[arg-type]


_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>'
    "Microsoft Excel Compatible / Openpyxl 3.1.5</Application><AppVersion>3.1</AppVersion></Properties>"
)
_CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
    '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">omstill_xl</dc:creator><dcterms:created '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created><dcterms:modified '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified><cp:lastModifiedBy>omstill_xl'
    "</cp:lastModifiedBy></cp:coreProperties>"
)
_PACKAGE_RELS = (
    f'<Relationships xmlns="{_REL_NS}"><Relationship Type="{_DOC_RT}/officeDocument" Target="xl/workbook.xml" '
    'Id="rId1"/><Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml" Id="rId2"/><Relationship '
    f'Type="{_DOC_RT}/extended-properties" Target="docProps/app.xml" Id="rId3"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_REL_NS}"><Relationship Type="{_DOC_RT}/worksheet" '
    'Target="/xl/worksheets/sheet1.xml" Id="rId1"/><Relationship '
    f'Type="{_DOC_RT}/styles" Target="styles.xml" Id="rId2"/><Relationship Type="{_DOC_RT}/theme" '
    'Target="theme/theme1.xml" Id="rId3"/></Relationships>'
)
_OFFICE_CT = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE_CT}.spreadsheetml.styles+xml"/>'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_OFFICE_CT}.theme+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties'
    '+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_OFFICE_CT}.extended-properties+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE_CT}.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE_CT}.spreadsheetml.sheet.main+xml"/></Types>'
)
# openpyxl's default indexed colours (``openpyxl.styles.colors.COLOR_INDEX``), as its stylesheet lists them
_INDEXED_COLOURS = """
000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF 000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF
800000 008000 000080 808000 800080 008080 C0C0C0 808080 9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF
000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF 00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99
3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 003366 339966 003300 333300 993300 993366 333399 333333
"""
