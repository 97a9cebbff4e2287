"""Native Word charts: DrawingML chart parts (``word/charts/chartN.xml``) with their data workbook.

A chart in a .docx is not a picture. It is a chart part (``<c:chartSpace>``: series, axes, the cached values Word
and LibreOffice draw from) related from the document part, an embedded .xlsx with the same numbers (what Word
opens for «Rediger data»; without it Word draws the chart but cannot edit its data), and a ``<wp:inline>`` in a
run whose ``<wp:docPr descr title>`` carries the alternative text. Word draws it crisp at any zoom and in print,
the reader can restyle it, and LibreOffice lays it out into the PDF from the cached values.

The XML follows the element order of the OOXML schema (``dml-chart.xsd``), as python-pptx's chart writer does
(whose output Word opens); it is written here directly because python-pptx costs ~80 ms to import for what is
~200 lines of text. Pure strings and ``zipfile``: python-docx is imported only by :func:`add_chart`.

>>> spec = ChartSpec("col", ("IO1", "IO2"), (Series("Budsjett", (1.0, None), "9DC3E6"),), "#,##0")
>>> "<c:barDir val=\\"col\\"/>" in chart_xml(spec)
True

Numbers: the cached values are the context's own (kroner, counts); a divisor is applied by the number format
(``#,##0,`` shows thousands, ``#,##0.0,,`` millions), so the chart's data equal the report's. The format is
tagged Norwegian (``[$-414]``): LibreOffice then writes «1 234,5» whatever its own locale; Word uses the
reader's regional settings (a Norwegian Windows gives the same).
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .fonts import HOUSE_FONT
from .i18n import language_tag

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Ark1"  # what a Norwegian Excel calls a new sheet
EMU_PER_CM = 360_000
NORWEGIAN = "[$-414]"  # LCID of Norwegian (bokmål) in a number format code
_CAT_AX, _VAL_AX = 50010001, 50010002


def escape(text: str) -> str:
    """XML text (``xml.sax.saxutils`` would import ``urllib.request`` and the e-mail package: 44 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes; line breaks and tabs kept as character references."""
    value = escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{value}"'


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str  # RRGGBB
    label_last: bool = False  # a line series: the value written over its last point


@dataclass(frozen=True)
class ChartSpec:
    """What to draw. ``kind``: ``col`` (vertical bars), ``bar`` (horizontal bars, first category on top) or
    ``line``. ``number_format``: an Excel format code (without locale tag) for the axis and the data labels."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str
    axis_title: str = ""
    bar_labels: bool = False  # every bar's value at its end
    legend: bool = False
    axis_max: float | None = None
    axis_min: float | None = None
    major_unit: float | None = None
    axis_format: str | None = None  # the value axis's own format code, when not ``number_format``
    gap_width: int | None = None  # bars: the gap between groups in % of a bar (default: 0,2 of a group, as before)
    font: str = HOUSE_FONT
    font_pt: float = 9.0
    # the first series' single bars drawn apart: index → (fill, outline or None)
    points: dict[int, tuple[str, str | None]] = field(default_factory=dict)


def nice_axis(
    values: list[float], *, decimals: int = 0, divisor: float = 1.0, bins: int = 6
) -> tuple[float, float, float]:
    """(min, max, major unit) of a value axis from 0 (or below, for negatives) with at most ``bins`` steps.

    Steps are 1, 2, 2,5 or 5 × 10ⁿ in display units (value / ``divisor``), never finer than ``decimals`` allow,
    so every tick label is exact in the format («0,5» is never shown as «1»).
    """
    top = max([0.0, *values]) / divisor
    bottom = min([0.0, *values]) / divisor
    span = top - bottom or 1.0
    finest = 10.0**-decimals
    raw = span / bins
    exp = math.floor(math.log10(raw)) if raw > 0 else 0
    step = finest
    for e in (exp - 1, exp, exp + 1):
        found = False
        for m in (1.0, 2.0, 2.5, 5.0):
            s = m * 10.0**e
            if s < finest - 1e-12 or abs(round(s / finest) * finest - s) > 1e-9 * s:
                continue
            if s >= raw - 1e-12:
                step, found = s, True
                break
        if found:
            break
    hi = math.ceil(top / step - 1e-9) * step or step
    lo = math.floor(bottom / step + 1e-9) * step
    return round(lo * divisor, 6), round(hi * divisor, 6), round(step * divisor, 6)  # no 1200000.0000000002


# --- the chart part ------------------------------------------------------------------------------------------


def _num(v: float) -> str:
    return repr(int(v)) if float(v).is_integer() else repr(float(v))


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def _line(colour: str | None, width_pt: float = 0.6) -> str:
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    return f'<a:ln w="{round(width_pt * 12700)}">{_fill(colour)}</a:ln>'


def _txpr(spec: ChartSpec, *, pt: float | None = None, colour: str = "404040", rot: int | None = None) -> str:
    size = round((pt or spec.font_pt) * 100)
    body = f'<a:bodyPr rot="{rot}" vert="horz"/>' if rot is not None else "<a:bodyPr/>"
    font = quoteattr(spec.font)
    return (
        f"<c:txPr>{body}<a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{size}" b="0">{_fill(colour)}<a:latin typeface={font}/>'
        f"<a:cs typeface={font}/></a:defRPr>"
        f'</a:pPr><a:endParaRPr lang="{language_tag()}"/></a:p></c:txPr>'
    )


def _col(i: int) -> str:
    """Column letter of series ``i`` in the data sheet (A holds the categories)."""
    n, s = i + 2, ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _str_cache(values: tuple[str, ...] | list[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{pts}</c:strCache>'


def _series_xml(spec: ChartSpec, i: int, s: Series, fmt: str) -> str:
    n = len(spec.categories)
    col = _col(i)
    tx = f"<c:tx><c:strRef><c:f>{SHEET}!${col}$1</c:f>{_str_cache([s.name])}</c:strRef></c:tx>"
    if spec.kind == "line":
        sppr = f'<c:spPr><a:ln w="25400" cap="rnd">{_fill(s.colour)}<a:round/></a:ln></c:spPr>'
        marker = (
            '<c:marker><c:symbol val="circle"/><c:size val="5"/>'
            f"<c:spPr>{_fill(s.colour)}{_line(s.colour, 0.75)}</c:spPr></c:marker>"
        )
        extra = ""
    else:
        sppr = f"<c:spPr>{_fill(s.colour)}<a:ln><a:noFill/></a:ln></c:spPr>"
        marker = ""
        extra = '<c:invertIfNegative val="0"/>'
        extra += "".join(
            f'<c:dPt><c:idx val="{p}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
            f"<c:spPr>{_fill(fill)}{_line(edge, 2.0)}</c:spPr></c:dPt>"
            for p, (fill, edge) in sorted(spec.points.items())
            if i == 0
        )
    labels = ""
    shown = [j for j, v in enumerate(s.values) if v is not None]
    if spec.kind == "line" and s.label_last and shown:
        labels = (
            f'<c:dLbls><c:dLbl><c:idx val="{shown[-1]}"/><c:numFmt formatCode={quoteattr(fmt)} sourceLinked="0"/>'
            "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
            f'{_txpr(spec, pt=spec.font_pt - 1)}<c:dLblPos val="t"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
            '</c:dLbl><c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="0"/>'
            '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        )
    elif spec.kind != "line" and spec.bar_labels:
        labels = (
            f'<c:dLbls><c:numFmt formatCode={quoteattr(fmt)} sourceLinked="0"/>'
            "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
            f'{_txpr(spec, pt=spec.font_pt - 1)}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/>'
            '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
            '<c:showBubbleSize val="0"/></c:dLbls>'
        )
    cat = f"<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${n + 1}</c:f>{_str_cache(spec.categories)}</c:strRef></c:cat>"
    pts = "".join(f'<c:pt idx="{j}"><c:v>{_num(v)}</c:v></c:pt>' for j, v in enumerate(s.values) if v is not None)
    val = (
        f"<c:val><c:numRef><c:f>{SHEET}!${col}$2:${col}${n + 1}</c:f><c:numCache>"
        f'<c:formatCode>{escape(spec.number_format)}</c:formatCode><c:ptCount val="{n}"/>{pts}'
        "</c:numCache></c:numRef></c:val>"
    )
    tail = '<c:smooth val="0"/>' if spec.kind == "line" else ""
    return f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>{tx}{sppr}{marker}{extra}{labels}{cat}{val}{tail}</c:ser>'


def _scaling(spec: ChartSpec, *, reverse: bool = False) -> str:
    parts = f'<c:orientation val="{"maxMin" if reverse else "minMax"}"/>'
    if spec.axis_max is not None:
        parts += f'<c:max val="{_num(spec.axis_max)}"/>'
    if spec.axis_min is not None:
        parts += f'<c:min val="{_num(spec.axis_min)}"/>'
    return f"<c:scaling>{parts}</c:scaling>"


def _axis_title(spec: ChartSpec, rot: int | None) -> str:
    if not spec.axis_title:
        return ""
    body = f'<a:bodyPr rot="{rot}" vert="horz"/>' if rot is not None else "<a:bodyPr/>"
    font = quoteattr(spec.font)
    run = (
        f'<a:r><a:rPr lang="{language_tag()}" sz="{round(spec.font_pt * 100)}" b="0">{_fill("404040")}'
        f"<a:latin typeface={font}/><a:cs typeface={font}/></a:rPr><a:t>{escape(spec.axis_title)}</a:t></a:r>"
    )
    rich = f"<c:rich>{body}<a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr>{run}</a:p></c:rich>"
    return f'<c:title><c:tx>{rich}</c:tx><c:overlay val="0"/></c:title>'


def chart_xml(spec: ChartSpec, *, data_rid: str | None = None) -> str:
    """The chart part's XML. ``data_rid``: the relationship id of the embedded data workbook, if any."""
    fmt = NORWEGIAN + spec.number_format
    axis_fmt = NORWEGIAN + (spec.axis_format or spec.number_format)
    horizontal = spec.kind == "bar"
    series = "".join(_series_xml(spec, i, s, fmt) for i, s in enumerate(spec.series))
    axids = f'<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/>'
    if spec.kind == "line":
        plot = (
            f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker val="1"/>{axids}'
            "</c:lineChart>"
        )
    else:
        n = max(len(spec.series), 1)
        gap = spec.gap_width if spec.gap_width is not None else round(100 * 0.2 / (0.8 / n))
        plot = (
            f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/>'
            f'<c:varyColors val="0"/>{series}<c:gapWidth val="{gap}"/><c:overlap val="{-5 if n > 1 else 0}"/>'
            f"{axids}</c:barChart>"
        )
    grey_line = f"<c:spPr><a:noFill/>{_line('7F7F7F')}</c:spPr>"
    cat_ax = (
        f'<c:catAx><c:axId val="{_CAT_AX}"/>{_scaling(ChartSpec("", (), (), ""), reverse=horizontal)}'
        f'<c:delete val="0"/><c:axPos val="{"l" if horizontal else "b"}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{grey_line}{_txpr(spec)}<c:crossAx val="{_VAL_AX}"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
    )
    unit = f'<c:majorUnit val="{_num(spec.major_unit)}"/>' if spec.major_unit else ""
    val_ax = (
        f'<c:valAx><c:axId val="{_VAL_AX}"/>{_scaling(spec)}<c:delete val="0"/>'
        f'<c:axPos val="{"b" if horizontal else "l"}"/>'
        f"<c:majorGridlines><c:spPr>{_line('D9D9D9')}</c:spPr></c:majorGridlines>"
        f"{_axis_title(spec, None if horizontal else -5400000)}"
        f'<c:numFmt formatCode={quoteattr(axis_fmt)} sourceLinked="0"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_txpr(spec)}<c:crossAx val="{_CAT_AX}"/>'
        f'<c:crosses val="{"max" if horizontal else "autoZero"}"/>'
        f'<c:crossBetween val="between"/>{unit}</c:valAx>'
    )
    legend = (
        f'<c:legend><c:legendPos val="t"/><c:overlay val="0"/>{_txpr(spec, pt=spec.font_pt - 1)}</c:legend>'
        if spec.legend
        else ""
    )
    external = f'<c:externalData r:id="{data_rid}"><c:autoUpdate val="0"/></c:externalData>' if data_rid else ""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        f'<c:date1904 val="0"/><c:lang val="{language_tag()}"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/>'
        f"<c:plotArea><c:layout/>{plot}{cat_ax}{val_ax}"
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
        f'{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_txpr(spec)}{external}</c:chartSpace>"
    )


# --- the data workbook ---------------------------------------------------------------------------------------

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{R_NS}"><sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<fonts count="1"><font><sz val="10"/><name val="{HOUSE_FONT}"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _cell_text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def data_xlsx(spec: ChartSpec) -> bytes:
    """The chart's numbers as a small workbook (categories in A, one column per series), same bytes each time."""
    rows = ['<row r="1">' + "".join(_cell_text(f"{_col(i)}1", s.name) for i, s in enumerate(spec.series)) + "</row>"]
    for j, category in enumerate(spec.categories):
        r = j + 2
        cells = _cell_text(f"A{r}", category)
        for i, s in enumerate(spec.series):
            v = s.values[j] if j < len(s.values) else None
            if v is not None:
                cells += f'<c r="{_col(i)}{r}" s="1"><v>{_num(v)}</v></c>'
        rows.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<cols><col min="1" max="1" width="30" customWidth="1"/><col min="2" max="{len(spec.series) + 1}" '
        f'width="14" customWidth="1"/></cols><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (*_XLSX_PARTS.items(), ("xl/worksheets/sheet1.xml", sheet)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


# --- into a python-docx part ---------------------------------------------------------------------------------


def add_chart(
    part: Any, spec: ChartSpec, *, width_cm: float, height_cm: float, alt: str, title: str = "", shape_id: int = 1
) -> str:
    """Add the chart (its part and data workbook) to the python-docx ``part`` (the document, a header …) and
    return the ``<w:drawing>`` XML that shows it inline, with ``alt`` as its alternative text."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = part.package
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    chart = Part(chart_name, CHART_CT, b"", package)
    data_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    data_rid = chart.relate_to(Part(PackURI(data_name), XLSX_CT, data_xlsx(spec), package), PACKAGE_RT)
    chart._blob = chart_xml(spec, data_rid=data_rid).encode("utf-8")
    rid = part.relate_to(chart, CHART_RT)
    return inline_xml(rid, width_cm=width_cm, height_cm=height_cm, alt=alt, title=title, shape_id=shape_id)


def inline_xml(rid: str, *, width_cm: float, height_cm: float, alt: str, title: str = "", shape_id: int = 1) -> str:
    """``<w:drawing><wp:inline>`` showing the chart related as ``rid``."""
    cx, cy = round(width_cm * EMU_PER_CM), round(height_cm * EMU_PER_CM)
    title_attr = f" title={quoteattr(title)}" if title else ""
    return (
        f'<w:drawing><wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Diagram {shape_id}" descr={quoteattr(alt)}{title_attr}/>'
        f'<wp:cNvGraphicFramePr/><a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>'
        "</w:drawing>"
    )


def add_chart_run(
    paragraph: Any, spec: ChartSpec, *, width_cm: float, height_cm: float, alt: str, title: str = ""
) -> Any:
    """python-docx: append a run showing the chart to ``paragraph`` (its part gets the chart part); the run."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = paragraph.part
    xml = add_chart(part, spec, width_cm=width_cm, height_cm=height_cm, alt=alt, title=title, shape_id=part.next_id)
    run = paragraph.add_run()
    run._r.append(parse_xml(xml.replace("<w:drawing>", f"<w:drawing {nsdecls('w')}>", 1)))
    return run
