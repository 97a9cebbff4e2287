"""Charts for the report: native Word charts (DrawingML, ``omstill_xl.docxchart``), one palette, sized for print.

``chart_spec(data)`` takes the plain chart data from the report context::

    {"tittel": "…", "type": "stolper" | "liggende" | "linje", "enhet": "kr" | "antall",
     "kategorier": ["IO1", …], "serier": [{"navn": "Budsjett", "verdier": [1.0, None, …]}, …]}

and returns the chart to put in the document: the same categories and values (kroner stay kroner; «mill. kr»
and «1 000 kr» are the axis's number format), the house font at 9 pt, 16 cm wide (the text width of an A4 page
with 2,5 cm margins). Word draws it crisp and lets the reader edit it («Rediger data»), LibreOffice lays it out
into the PDF. The title is not drawn: the template writes it as a Word caption. ``alt_text(data)`` is the chart
in words (``wp:docPr descr``).

No picture fallback: a chart part can sit in every part docxtpl renders (body, headers, footers) of the built-in
template and of a user's own, and Word (2007 and later) and LibreOffice both draw it; so matplotlib is no longer
needed for a report.
"""

from __future__ import annotations

import re
from typing import Any

from ..fonts import HOUSE_FONT
from ..i18n import N_, translator

_ = translator("report")

# The report's palette, shared with the Word template (table headers, headings): dark to light blue,
# an orange accent for results, grey for secondary marks.
PALETTE = ("#1F4E79", "#2E75B6", "#9DC3E6", "#C55A11", "#7F7F7F")
# By series name (bokmål; the names in the report are in its målform, so they are compared translated).
SERIES_COLOURS = {
    N_("Mål"): "#9DC3E6",
    N_("Resultat"): "#1F4E79",
    N_("Budsjett"): "#9DC3E6",
    N_("Innvilget"): "#2E75B6",
    N_("Utbetalt"): "#1F4E79",
}
WIDTH_CM = 16.0
HEIGHT_CM = 7.0
BAR_LABEL_ROOM = 1.12  # horizontal bars: the axis runs 12 % past the longest bar, room for its value label
FONT_PT = 9


def _colour(name: str, i: int) -> str:
    for key, colour in SERIES_COLOURS.items():
        if name in (key, _(key)):
            return colour
    return PALETTE[i % len(PALETTE)]


def _scale(data: dict[str, Any]) -> tuple[float, str]:
    """Divisor and axis label: amounts in «mill. kr» or «1 000 kr», counts as they are."""
    if data.get("enhet") != "kr":
        return 1.0, ""
    top = max((abs(v) for s in data["serier"] for v in s["verdier"] if v is not None), default=0)
    return (1_000_000.0, _("mill. kr")) if top >= 1_000_000 else (1_000.0, _("1 000 kr"))


def height_cm(data: dict[str, Any]) -> float:
    """The printed height: 7 cm; horizontal bars grow with the number of categories."""
    if data.get("type", "stolper") != "liggende":
        return HEIGHT_CM
    return max(4.5, 1.6 + 0.9 * max(len(data["kategorier"]), 1))


def _number_format(data: dict[str, Any], divisor: float) -> tuple[str, int]:
    """Excel format code for the axis and labels (the divisor as trailing commas) and its decimals."""
    if divisor >= 1_000_000:
        return "#,##0.0,,", 1
    if divisor >= 1_000:
        return "#,##0,", 0
    whole = all(float(v).is_integer() for s in data["serier"] for v in s["verdier"] if v is not None)
    return ("#,##0", 0) if whole else ("#,##0.0#", 1)


def chart_spec(data: dict[str, Any]) -> Any:
    """The native chart (``docxchart.ChartSpec``) for the chart data ``data``: same series, categories, values."""
    from ..docxchart import ChartSpec, Series, nice_axis

    kind = data.get("type", "stolper")
    divisor, unit_label = _scale(data)
    fmt, decimals = _number_format(data, divisor)
    series = data["serier"]
    values = [float(v) for s in series for v in s["verdier"] if v is not None]
    if kind == "liggende":
        values += [max(values, default=0.0) * BAR_LABEL_ROOM]
    lo, hi, step = nice_axis(values, decimals=decimals, divisor=divisor)
    native = []
    for i, s in enumerate(series):
        if kind == "linje":
            colour = PALETTE[3] if s["navn"] in ("Resultat", _("Resultat")) else PALETTE[1 + i % 2]
        else:
            colour = _colour(s["navn"], i)
        native.append(
            Series(
                str(s["navn"]),
                tuple(None if v is None else float(v) for v in s["verdier"]),
                colour.lstrip("#").upper(),
                label_last=kind == "linje",
            )
        )
    return ChartSpec(
        {"linje": "line", "liggende": "bar"}.get(kind, "col"),
        tuple(str(c) for c in data["kategorier"]),
        tuple(native),
        fmt,
        axis_title=unit_label,
        bar_labels=kind == "liggende",
        legend=len(series) > 1,
        axis_min=lo,
        axis_max=hi,
        major_unit=step,
        font=HOUSE_FONT,
        font_pt=FONT_PT,
    )


KIND_NAMES = {"stolper": N_("Søylediagram"), "liggende": N_("Liggende søylediagram"), "linje": N_("Linjediagram")}
NUMBER_WORDS = (
    N_("null"),
    N_("én"),
    N_("to"),
    N_("tre"),
    N_("fire"),
    N_("fem"),
    N_("seks"),
    N_("sju"),
    N_("åtte"),
    N_("ni"),
    N_("ti"),
    N_("elleve"),
    N_("tolv"),
)


def alt_text(data: dict[str, Any]) -> str:
    """The chart in words, from the same data it is drawn from (the picture's alternative text).

    «Liggende søylediagram: mål og resultat 2025 for fem kategorier; nye arbeidsplasser: mål 3, resultat 4; …»
    A reader who cannot see the picture gets every number it shows.
    """
    from .formatting import kr, tall

    kind = _(KIND_NAMES.get(data.get("type", "stolper"), N_("Diagram")))
    categories = [str(c) for c in data["kategorier"]]
    series = data["serier"]
    fmt = kr if data.get("enhet") == "kr" else tall
    n = len(categories)
    count = _(NUMBER_WORDS[n]) if n < len(NUMBER_WORDS) else str(n)
    title = str(data.get("tittel", "")).strip()
    head = f"{kind}: {title[:1].lower() + title[1:]}" if title else kind
    if data.get("type") == "linje":
        parts = []
        for s in series:
            points = [f"{c} {fmt(v)}" for c, v in zip(categories, s["verdier"]) if v is not None]
            parts.append(f"{s['navn'].lower()}: " + (", ".join(points) if points else _("ingen verdier")))
        return f"{head}, {categories[0]}–{categories[-1]}; " + "; ".join(parts) + "." if categories else head + "."
    parts = []
    for i, c in enumerate(categories):
        values = [
            f"{s['navn'].lower()} {fmt(s['verdier'][i])}"
            for s in series
            if i < len(s["verdier"]) and s["verdier"][i] is not None
        ]
        parts.append(f"{c}: " + (", ".join(values) if values else _("ingen verdier")))
    noun = _("kategori") if n == 1 else _("kategorier")
    return f"{head}, {count} {noun}; " + "; ".join(parts) + "."


# --- the tagged PDF -----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def drawing_alts(docx: bytes) -> list[str]:
    """The alternative text (``wp:docPr descr``) of every drawing in the document body, in reading order."""
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [(pr.get("descr") or "") for drawing in root.iter(_W + "drawing") for pr in drawing.iter(_WP + "docPr")]


# LibreOffice writes each structure element as a plain object (no object streams) and a classic xref table:
#   270 0 obj\n<</Type/StructElem\n/S/Figure\n/P 269 0 R …>>\nendobj
_FIGURE = re.compile(rb"\n(\d+) (\d+) obj\n<</Type/StructElem\n/S/Figure\n")
_TAIL = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def _pdf_text(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_with_chart_alts(pdf: bytes, docx: bytes) -> bytes:
    """LibreOffice (7.4 at least) draws a Word chart into the tagged PDF as a /Figure but drops its alternative
    text when it reads the .docx; this puts each drawing's ``descr`` back as its figure's /Alt (read aloud by a
    screen reader, required by PDF/UA), as an incremental update appended to LibreOffice's file (its bytes are
    kept; a few hundred bytes are added, no PDF library needed). Figures are matched to the document's drawings
    in reading order (LibreOffice numbers the structure elements in that order), and only when their numbers
    agree; a figure that has an /Alt keeps it. Anything unexpected leaves the PDF as it was."""
    alts = drawing_alts(docx)
    figures = list(_FIGURE.finditer(pdf))
    tail = _TAIL.search(pdf, max(0, len(pdf) - 4096))
    if not alts or len(figures) != len(alts) or tail is None or b"/Prev" in tail.group(1):
        return pdf
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    entries = []
    for m, alt in zip(figures, alts):
        end = pdf.find(b"\nendobj", m.end())
        body = pdf[pdf.index(b"<<", m.start()) + 2 : end]  # the dictionary after «<<», through its «>>»
        if not alt or end < 0 or b"/Alt" in body:
            continue
        entries.append((int(m.group(1)), int(m.group(2)), len(out)))
        out += m.group(1) + b" " + m.group(2) + b" obj\n<</Alt " + _pdf_text(alt) + b"\n" + body + b"\nendobj\n"
    if not entries:
        return pdf
    xref = len(out)
    out += b"xref\n"
    for number, generation, offset in sorted(entries):
        out += b"%d 1\n%010d %05d n \n" % (number, offset, generation)
    trailer = re.sub(rb"/DocChecksum\s*/[0-9A-Fa-f]+", b"", tail.group(1)).strip()
    out += b"trailer\n<<" + trailer + b"\n/Prev " + tail.group(2) + b"\n>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
