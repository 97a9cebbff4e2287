"""The report's charts are native Word charts: chart parts with their data workbook, read back here out of the
.docx and compared with the report context they were made from (categories, series, values, alt text), their
relationships and content types; LibreOffice draws them (the chart labels are in the PDF's text)."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

from omstill_xl.cli import main
from omstill_xl.docxchart import CHART_CT, CHART_RT, PACKAGE_RT, XLSX_CT, ChartSpec, Series, chart_xml, nice_axis
from omstill_xl.report.charts import alt_text, chart_spec
from omstill_xl.report.context import Source, build_context
from omstill_xl.rules import check_plan
from omstill_xl.workbook.xlsx import read_file

from .conftest import require_soffice

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
R_ID = "{" + NS["r"] + "}id"
REPORT_2025 = "arsrapport-2025-4626-omstilling-eksempel.docx"


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    root = etree.fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
    return {
        r.get("Id"): (r.get("Type"), posixpath.normpath(posixpath.join(folder, r.get("Target"))))
        for r in root.iterfind("rel:Relationship", NS)
    }


def charts_in(docx: bytes) -> list[dict[str, Any]]:
    """Every chart of the document body in reading order, as read from the package: the inline's alt text,
    the chart part's kind, categories and series (name, values with None for a gap), the number format, and
    the embedded workbook's rows."""
    z = zipfile.ZipFile(io.BytesIO(docx))
    rels = _rels(z, "word/document.xml")
    types = etree.fromstring(z.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iterfind("ct:Override", NS)}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iterfind("ct:Default", NS)}
    found = []
    for inline in etree.fromstring(z.read("word/document.xml")).iter("{" + NS["wp"] + "}inline"):
        ref = inline.find(".//c:chart", NS)
        if ref is None:
            continue
        rel_type, part = rels[ref.get(R_ID)]
        assert rel_type == CHART_RT and overrides["/" + part] == CHART_CT
        space = etree.fromstring(z.read(part))
        plot = space.find("c:chart/c:plotArea", NS)
        if plot.find("c:lineChart", NS) is not None:
            kind = "line"
        else:
            kind = plot.find("c:barChart/c:barDir", NS).get("val")
        series = []
        categories: list[str] = []
        for ser in plot.iterfind(".//c:ser", NS):
            name = ser.find("c:tx//c:v", NS).text
            categories = [v.text for v in ser.iterfind("c:cat//c:pt/c:v", NS)]
            cache = ser.find("c:val//c:numCache", NS)
            values: list[float | None] = [None] * int(cache.find("c:ptCount", NS).get("val"))
            for pt in cache.iterfind("c:pt", NS):
                values[int(pt.get("idx"))] = float(pt.find("c:v", NS).text)
            series.append((name, values))
        data_rid = space.find("c:externalData", NS).get(R_ID)
        data_type, data_part = _rels(z, part)[data_rid]
        assert data_type == PACKAGE_RT and defaults.get("xlsx", overrides.get("/" + data_part)) == XLSX_CT
        sheet = openpyxl.load_workbook(io.BytesIO(z.read(data_part))).active
        doc_pr = inline.find("wp:docPr", NS)
        found.append(
            {
                "part": part,
                "kind": kind,
                "categories": categories,
                "series": series,
                "format": plot.find(".//c:valAx/c:numFmt", NS).get("formatCode"),
                "descr": doc_pr.get("descr"),
                "title": doc_pr.get("title"),
                "cm": (
                    int(inline.find("wp:extent", NS).get("cx")) / 360000,
                    int(inline.find("wp:extent", NS).get("cy")) / 360000,
                ),
                "sheet": [list(row) for row in sheet.iter_rows(values_only=True)],
            }
        )
    return found


@pytest.fixture(scope="module")
def report_2025(eksempel_2025, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("charts")
    assert main(["report", str(eksempel_2025), "--aar", "2025", "--out", str(out)]) == 0
    return (out / REPORT_2025).read_bytes()


@pytest.fixture(scope="module")
def context_2025(eksempel_2025) -> dict[str, Any]:
    plan = read_file(eksempel_2025)
    digest = hashlib.sha256(eksempel_2025.read_bytes()).hexdigest()
    return build_context(Source(plan, eksempel_2025.name, digest, tuple(check_plan(plan))))


def test_the_charts_are_chart_parts_with_the_context_numbers(report_2025, context_2025):
    charts = charts_in(report_2025)
    wanted = [d for d in context_2025["diagrammer"].values() if d]
    assert len(wanted) == 3 and len(charts) == len(wanted)
    kinds = {"stolper": "col", "liggende": "bar", "linje": "line"}
    for chart, data in zip(charts, wanted):
        assert chart["kind"] == kinds[data["type"]]
        assert chart["categories"] == [str(c) for c in data["kategorier"]]
        assert chart["series"] == [(s["navn"], s["verdier"]) for s in data["serier"]]
        assert chart["descr"] == alt_text(data) and chart["title"] == data["tittel"]
        assert round(chart["cm"][0], 1) == 16.0
        # the embedded workbook («Rediger data» in Word): the same table
        assert chart["sheet"][0] == [None, *(s["navn"] for s in data["serier"])]
        for row, category in zip(chart["sheet"][1:], data["kategorier"]):
            i = data["kategorier"].index(category)
            assert row == [str(category), *(s["verdier"][i] for s in data["serier"])]
    # the figures of Eksempel 2025, spelled out (what the context says, checked once by hand)
    indicators, jobs, money = charts
    assert indicators["series"][1] == ("Resultat", [4.0, 3.0, 5.0, 18.0, 7.0])
    assert jobs["series"][1] == ("Resultat", [7.0, None, None, None, None, None])
    assert money["categories"] == ["IO1", "IO2", "IO3", "IO4", "Adm."]
    assert money["series"][0] == ("Budsjett", [1_050_000.0, 700_000.0, 650_000.0, 600_000.0, 1_000_000.0])


def test_norwegian_number_formats_on_the_axes(report_2025):
    indicators, jobs, money = charts_in(report_2025)
    assert indicators["format"] == jobs["format"] == "[$-414]#,##0"
    assert money["format"] == "[$-414]#,##0.0,,"  # kroner in the data, «mill. kr» on the axis
    xml = zipfile.ZipFile(io.BytesIO(report_2025)).read(money["part"]).decode()
    assert "<a:t>mill. kr</a:t>" in xml and 'typeface="Arial"' in xml and 'sz="900"' in xml
    assert '<c:majorUnit val="200000"/>' in xml and '<c:max val="1200000"/>' in xml


def test_no_picture_is_left_in_the_report(report_2025):
    names = zipfile.ZipFile(io.BytesIO(report_2025)).namelist()
    assert not [n for n in names if n.startswith("word/media/")]
    assert len([n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)]) == 3
    assert len([n for n in names if n.startswith("word/embeddings/")]) == 3


def test_a_users_template_gets_native_charts_too(tmp_path, eksempel_2025):
    from omstill_xl.report.make_template import shipped_template_bytes

    mine = tmp_path / "min-mal.docx"
    mine.write_bytes(shipped_template_bytes())
    out = tmp_path / "ut"
    assert main(["report", str(eksempel_2025), "--aar", "2025", "--out", str(out), "--template", str(mine)]) == 0
    assert len(charts_in((out / REPORT_2025).read_bytes())) == 3


def test_the_chart_survives_python_docx_open_and_save(report_2025):
    import docx

    buf = io.BytesIO()
    docx.Document(io.BytesIO(report_2025)).save(buf)
    assert [c["series"] for c in charts_in(buf.getvalue())] == [c["series"] for c in charts_in(report_2025)]


@pytest.mark.parametrize(
    ("values", "decimals", "divisor", "expected"),
    [
        ([3, 4, 18, 20.2], 0, 1.0, (0, 25, 5)),
        ([4], 0, 1.0, (0, 4, 1)),  # small counts: whole steps, never «0,5»
        ([1_050_000, 350_000], 1, 1e6, (0, 1_200_000, 200_000)),
        ([650_000], 0, 1e3, (0, 800_000, 200_000)),  # 650 / 6 bins > 100: steps of 200
        ([0], 0, 1.0, (0, 1, 1)),
        ([-3, 7], 0, 1.0, (-4, 8, 2)),
    ],
)
def test_nice_axis(values, decimals, divisor, expected):
    lo, hi, step = nice_axis(values, decimals=decimals, divisor=divisor)
    assert (round(lo, 6), round(hi, 6), round(step, 6)) == tuple(float(x) for x in expected)


def test_chart_xml_follows_the_schema_order_and_escapes_text():
    spec = ChartSpec("bar", ("A & B", "<C>"), (Series("Mål «1»", (1.0, None), "9DC3E6"),), "#,##0", bar_labels=True)
    root = etree.fromstring(chart_xml(spec, data_rid="rId1").encode())
    assert [etree.QName(e).localname for e in root] == [
        "date1904", "lang", "roundedCorners", "chart", "spPr", "txPr", "externalData"
    ]  # fmt: skip
    ser = root.find(".//c:ser", NS)
    assert [etree.QName(e).localname for e in ser] == [
        "idx", "order", "tx", "spPr", "invertIfNegative", "dLbls", "cat", "val"
    ]  # fmt: skip
    assert [v.text for v in ser.iterfind("c:cat//c:v", NS)] == ["A & B", "<C>"]
    assert root.find(".//c:catAx/c:scaling/c:orientation", NS).get("val") == "maxMin"  # first category on top
    assert chart_xml(spec) == chart_xml(spec)


def test_report_chart_spec_keeps_the_kroner():
    data = {
        "tittel": "T",
        "type": "stolper",
        "enhet": "kr",
        "kategorier": ["IO1"],
        "serier": [{"navn": "Budsjett", "verdier": [650_000]}],
    }
    spec = chart_spec(data)
    assert spec.number_format == "#,##0," and spec.axis_title == "1 000 kr" and spec.series[0].values == (650_000.0,)


# --- LibreOffice draws them ---------------------------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p.replace("\u00a0", " ").replace("\u202f", " ") for p in text.split("\f")]


@pytest.mark.libreoffice
def test_libreoffice_draws_the_charts_with_their_labels(report_2025, tmp_path):
    require_soffice()
    from omstill_xl.libreoffice import convert

    src = tmp_path / "rapport.docx"
    src.write_bytes(report_2025)
    pages = _pdf_pages(convert(src, "pdf", tmp_path))
    money = next(p for p in pages if "Figur 3." in p)
    for label in ("mill. kr", "IO1", "IO4", "Adm.", "Budsjett", "Innvilget", "Utbetalt", "1,0", "0,2"):
        assert label in money, label
    indicators = next(p for p in pages if "Figur 1." in p)
    for label in ("Nye arbeidsplasser", "Bedrifter i prosjekter", "18", "15", "25"):
        assert re.search(rf"(?<!\S){re.escape(label)}(?!\S)", indicators), label
    jobs = next(p for p in pages if "Figur 2." in p)
    assert all(y in jobs for y in ("2025", "2030", "60"))


@pytest.mark.libreoffice
def test_libreoffice_writes_thousands_with_a_space(tmp_path):
    """The axis and the labels are Norwegian whatever LibreOffice's own locale: «12 000», «2,5»."""
    require_soffice()
    import docx

    from omstill_xl.docxchart import add_chart_run
    from omstill_xl.libreoffice import convert

    document = docx.Document()
    spec = ChartSpec(
        "bar",
        ("Første", "Andre"),
        (Series("Antall", (12_000.0, 7_500.0), "1F4E79"),),
        "#,##0",
        bar_labels=True,
        axis_min=0,
        axis_max=15_000,
        major_unit=5_000,
    )
    add_chart_run(document.add_paragraph(), spec, width_cm=14, height_cm=5, alt="Liggende søylediagram: test.")
    decimals = ChartSpec("col", ("X",), (Series("Mill", (2_500_000.0,), "1F4E79"),), "#,##0.0,,", bar_labels=True)
    add_chart_run(document.add_paragraph(), decimals, width_cm=14, height_cm=5, alt="Søylediagram: test.")
    document.save(tmp_path / "t.docx")
    text = "".join(_pdf_pages(convert(tmp_path / "t.docx", "pdf", tmp_path)))
    assert "12 000" in text and "7 500" in text and "15 000" in text and "Første" in text
    assert "2,5" in text and "2.5" not in text


@pytest.mark.libreoffice
def test_the_tagged_pdf_gets_the_charts_alt_texts_as_a_valid_update(report_2025, tmp_path):
    """LibreOffice drops a Word chart's alt text; ``pdf_with_chart_alts`` appends it as each figure's /Alt."""
    require_soffice()
    import pikepdf

    from omstill_xl.libreoffice import convert, tagged_pdf_format
    from omstill_xl.report.charts import drawing_alts, pdf_with_chart_alts

    src = tmp_path / "rapport.docx"
    src.write_bytes(report_2025)
    raw = convert(src, tagged_pdf_format(), tmp_path).read_bytes()
    fixed = pdf_with_chart_alts(raw, report_2025)
    assert fixed.startswith(raw) and len(fixed) - len(raw) < 10_000  # LibreOffice's bytes kept, an update added
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert pdf.check_pdf_syntax() == []
        figures: list[Any] = []

        def walk(node: Any) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(str(node.get("/Alt")))
                if node.get("/K") is not None:
                    walk(node.K)
            elif isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)

        walk(pdf.Root.StructTreeRoot)
    assert figures == drawing_alts(report_2025) and len(figures) == 3
    assert pdf_with_chart_alts(fixed, report_2025) == fixed  # already there: nothing added twice
    # drawings and figures that do not pair up: the PDF is left as LibreOffice wrote it
    doc = zipfile.ZipFile(io.BytesIO(report_2025))
    xml = doc.read("word/document.xml")
    first = xml.index(b"<w:drawing>")
    extra = xml[: xml.index(b"<w:drawing>")] + xml[first : xml.index(b"</w:drawing>") + 12] + xml[first:]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in doc.namelist():
            z.writestr(name, extra if name == "word/document.xml" else doc.read(name))
    assert pdf_with_chart_alts(raw, buf.getvalue()) == raw
