"""The prepared template (read and compiled once, the package zipped once) gives the very bytes docxtpl + python-docx
gave: the old pipeline is rebuilt here from docxtpl's own ``render`` and python-docx's ``save`` and compared with
``render_docx`` for the built-in templates and for user templates with charts in headers and footers, ``{%tc%}``
loops that add and remove table columns, line breaks and tabs. The table fix equals docxtpl's, the body that does
not fit the template's root takes docxtpl's way, and the template is prepared once for many reports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from omstill_xl import i18n
from omstill_xl.report import render
from omstill_xl.report.context import Source, build_context
from omstill_xl.report.make_template import shipped_template_bytes
from omstill_xl.report.package import Package, read_template
from omstill_xl.rules import check_plan
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

from .generate import synthetic_plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- the old pipeline, as it was: docxtpl renders into python-docx, python-docx saves, the zip is fixed ------------


class _OldChart:
    def __init__(self, tpl: Any, data: dict[str, Any], counter: list[int]) -> None:
        self.tpl, self.data, self.counter = tpl, data, counter

    def __html__(self) -> str:
        from omstill_xl.docxchart import add_chart
        from omstill_xl.report.charts import alt_text, chart_spec, height_cm

        self.counter[0] += 1
        drawing = add_chart(
            self.tpl.current_rendering_part,
            chart_spec(self.data),
            width_cm=render.CHART_WIDTH_CM,
            height_cm=height_cm(self.data),
            alt=alt_text(self.data),
            title=str(self.data.get("tittel", "")),
            shape_id=self.counter[0],
        )
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


def old_render_docx(context: dict[str, Any], template: bytes) -> bytes:
    from docxtpl import DocxTemplate

    from omstill_xl.safeio import clean_values, deterministic_zip

    tpl = DocxTemplate(io.BytesIO(template))
    context = clean_values(context)
    ctx = dict(context)
    counter = [0]
    ctx["diagrammer"] = {k: _OldChart(tpl, d, counter) if d else None for k, d in context["diagrammer"].items()}
    render.BUDGET.reset()
    tpl.render(ctx, render.environment(), autoescape=True)
    doc = tpl.docx
    render.highlight_placeholders(doc)
    body = doc.element.body
    if render._toc_field(body) is not None:
        render._fill_toc(body, read_template(template), render._text_width_twips(doc.element))
    render._properties(doc.core_properties, context)
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue())


# --- templates and contexts --------------------------------------------------------------------------------------


def _docx(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def user_template(cells: int = 4) -> bytes:
    """Headings, a chart in the body, the header and the footer, a {%tc%} loop over a three-column grid (``cells``
    of the programme's innsatsområder: more or fewer cells than columns), a spanned cell, a line break and a tab."""
    doc = Document()
    doc.add_heading("Rapport for {{ program.navn }}", 1)
    doc.add_paragraph("{{ program.navn }} {{ aar }}: {{ totalt.budsjett|kr }}")
    doc.add_paragraph("{{ innledning.tekst }}")
    doc.add_heading("Diagram", 2)
    doc.add_paragraph("{{ diagrammer.innsatsomrader }}")
    loop = ("{%tc for io in innsatsomrader[:" + str(cells) + "] %}", "{{ io.navn }}", "{%tc endfor %}")
    for cell, text in zip(doc.add_table(rows=1, cols=3).rows[0].cells, loop):
        cell.text = text
    spanned = doc.add_table(rows=2, cols=3)
    spanned.cell(1, 0).merge(spanned.cell(1, 1)).text = "spenner over to"
    doc.add_paragraph("{{ 'første linje\\nandre\\tmed tab' }}")
    doc.sections[0].header.paragraphs[0].text = "{{ program.navn }} {{ diagrammer.innsatsomrader }}"
    doc.sections[0].footer.paragraphs[0].text = "{{ diagrammer.arbeidsplasser }} side"
    return _docx(doc)


def _context(tmp_path: Path, n: int, seed: int) -> dict[str, Any]:
    path = write_workbook(synthetic_plan(n, seed=seed), tmp_path / f"p{seed}.xlsx")
    plan = read_file(path)
    return build_context(Source(plan, path.name, "0" * 64, tuple(check_plan(plan))))


@pytest.mark.parametrize("maalform", ["bokmaal", "nynorsk"])
def test_the_built_in_template_renders_the_same_bytes_as_docxtpl_and_python_docx(tmp_path, maalform):
    with i18n.use(maalform, explicit=True):
        ctx = _context(tmp_path, 12, 3)
        template = shipped_template_bytes(i18n.current())
        assert render.render_docx(ctx) == old_render_docx(ctx, template)


@pytest.mark.parametrize("cells,n,seed", [(1, 3, 1), (4, 5, 5), (2, 8, 8)])
def test_a_user_template_renders_the_same_bytes_as_docxtpl_and_python_docx(tmp_path, cells, n, seed):
    template = user_template(cells)
    ctx = _context(tmp_path, n, seed)
    new = render.render_docx(ctx, template)
    assert new == old_render_docx(ctx, template)
    doc = Document(io.BytesIO(new))
    grid = doc.tables[0]._tbl.tblGrid.findall(W + "gridCol")
    assert len(grid) == cells  # columns added or removed to fit the loop's cells
    assert len(doc.tables[1]._tbl.tblGrid.findall(W + "gridCol")) == 3
    assert {p.partname for p in doc.part.package.iter_parts()} >= {"/word/charts/chart1.xml", "/word/charts/chart3.xml"}


def test_the_table_fix_equals_docxtpls(tmp_path):
    from docxtpl import DocxTemplate

    def table(grid: list[str | None], rows: list[list[int]]) -> str:
        cols = "".join(f'<w:gridCol w:w="{w}"/>' if w else "<w:gridCol/>" for w in grid)
        trs = "".join(
            "<w:tr>"
            + "".join(
                f'<w:tc><w:tcPr><w:gridSpan w:val="{s}"/></w:tcPr><w:p/></w:tc>' if s > 1 else "<w:tc><w:p/></w:tc>"
                for s in row
            )
            + "</w:tr>"
            for row in rows
        )
        return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{trs}</w:tbl>"

    cases = [
        table(["3000", "3000"], [[1, 1, 1, 1]]),  # more cells than columns
        table(["3000", "3001", "2999"], [[1], [1]]),  # fewer
        table(["3000", "3000", "3000"], [[2, 1], [1, 1]]),  # a span fills the grid
        table(["3000", None], [[1, 1, 1]]),  # a column without width
        table(["2000", "2000", "2000", "2000"], [[1, 1]]) + table(["5000"], [[1, 1]]),
        table(["3000", "3000", "3000"], [[1, 2], [3]]),  # fits: left as it is
        table(["3000", "3000"], [[1, 1]]).replace("<w:p/></w:tc></w:tr>", table(["9"], [[1, 1]]) + "</w:tc></w:tr>"),
        table(["3000", "3000", "3000"], [[1, 2]]).replace('w:val="2"', 'w:val="+2"'),  # int() reads it
        table(["3000", "3000"], [[1, 2]]).replace('w:val="2"', 'w:val="to"'),  # int() refuses it
        "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",  # no grid
        table(["3000", "3000"], []),  # no rows
    ]

    def outcome(fix: Any, xml: str) -> Any:
        try:
            return etree.tostring(fix(xml))
        except Exception as e:  # noqa: BLE001 - the same refusal is part of the same behaviour
            return type(e)

    def ours(xml: str) -> Any:
        body = etree.fromstring(xml, etree.XMLParser(recover=True))
        render.fix_tables(body)
        return body

    outcomes = []
    for case in cases:
        xml = f'<w:body xmlns:w="{W[1:-1]}">{case}</w:body>'
        outcomes.append(outcome(ours, xml))
        assert outcomes[-1] == outcome(DocxTemplate(None).fix_tables, xml), case
    refused = {3: TypeError, 8: ValueError, 9: AttributeError}
    assert {i: o for i, o in enumerate(outcomes) if not isinstance(o, bytes)} == refused
    assert outcomes[0] != etree.tostring(etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">{cases[0]}</w:body>'))


def test_a_body_that_does_not_fit_the_root_is_parsed_on_its_own_as_docxtpl_does():
    from docx.oxml.parser import parse_xml

    template = read_template(shipped_template_bytes())
    assert template.frame is not None  # the built-in template's body is parsed inside its root
    frame = template.frame
    rendered = frame.bare_start + "<w:p><w:r><w:t>a</w:t></w:r></w:p></w:body><w:body><w:p/></w:body>"
    root = Package(template).parse_body(rendered)
    expected = parse_xml(template.document_root)
    standalone = frame.start_tag + rendered[len(frame.bare_start) :]
    expected.replace(expected.body, etree.fromstring(standalone, etree.XMLParser(recover=True)))
    assert etree.tostring(root) == etree.tostring(expected)
    assert [t.text for t in root.iter(W + "t")] == ["a"]  # what recovery made of it: the first body only


def test_the_template_is_prepared_once_for_many_reports(tmp_path):
    render.compiled_template.cache_clear()
    template = user_template()
    for seed in (1, 2, 3):
        render.render_docx(_context(tmp_path, 4, seed), template)
    info = render.compiled_template.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_the_zip_writer_writes_zipfiles_bytes():
    import os
    import zipfile

    from omstill_xl.report.package import Deflated, zip_members

    members = [
        ("[Content_Types].xml", b"<Types/>" * 50),
        ("word/document.xml", os.urandom(3000)),  # incompressible
        ("word/tom.xml", b""),
        ("word/æøå.xml", "blåbærsyltetøy".encode() * 100),  # a UTF-8 name
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    expected = buf.getvalue()
    assert zip_members(members) == expected
    assert zip_members([(n, Deflated(d)) if i % 2 else (n, d) for i, (n, d) in enumerate(members)]) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as z:
        assert z.testzip() is None and [z.read(n) for n, _ in members] == [d for _, d in members]


def test_the_toc_field_is_found_the_same_with_and_without_paragraphs_in_paragraphs():
    from omstill_xl.report.package import body_parser

    def field_runs(kind: str) -> str:
        if kind == "instr":
            return '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" </w:instrText></w:r>'
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    def body(nested: bool) -> Any:
        box = "<w:r><w:t>boks</w:t><w:p><w:r><w:t>inni</w:t></w:r></w:p></w:r>" if nested else ""
        xml = (
            f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:t>før</w:t></w:r></w:p>'
            f"<w:p>{field_runs('begin')}{field_runs('instr')}{field_runs('separate')}<w:r><w:t>a</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            f"<w:p><w:r><w:t>c</w:t></w:r>{field_runs('end')}</w:p><w:p>{box}<w:r><w:t>etter</w:t></w:r></w:p></w:body>"
        )
        return etree.fromstring(xml, body_parser())

    def found(b: Any) -> list[list[str]]:
        field = render._toc_field(b)
        assert field is not None
        texts = lambda els: ["".join(t.text for t in el.iter(W + "t")) for el in els]  # noqa: E731
        runs = [field["begin"], *field["instr"], field["separate"], field["end"]]
        return [texts(field["paragraphs"]), [etree.tostring(r).decode() for r in runs]]

    assert found(body(False)) == found(body(True))
    assert found(body(False))[0] == ["a", "b", "c"]
