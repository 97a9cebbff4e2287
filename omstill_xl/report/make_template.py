"""The built-in Word template for the årsrapport, built by code (python-docx) so it is reproducible.

    python -m omstill_xl.report.make_template templates/arsrapport.docx --overwrite
    python -m omstill_xl.report.make_template templates/arsrapport-nn.docx --nynorsk --overwrite

writes the template (and with ``omstill_xl/data/arsrapport.docx`` as the target, the copy shipped in the
package, which the tool renders with); ``tests/test_report_template.py`` proves both committed copies are byte
for byte what this module builds (``template_bytes()``), so the tool never rebuilds it at run time. To make your own template, start from this file, edit text,
styles, logo and layout in Word, keep the ``{{ … }}`` / ``{%p … %}`` tags, and pass it with ``--template``.

Layout: A4 portrait with 2,5 cm margins (the vedlegg section is landscape); Arial; real Word styles
(Overskrift 1–3 = Heading 1–3, so the navigation pane and the table of contents work); a header with the
programme and year, «Side X av Y» in the footer, no header on the front page; a table of contents field that
the renderer fills (Word updates it when the document opens).

Template syntax is docxtpl's: ``{{ x }}`` inside a paragraph, ``{%p … %}`` alone in a paragraph for blocks,
``{%tr … %}`` alone in a table row for row loops, ``{%tc … %}`` in a cell for column loops.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from .. import i18n
from ..fonts import HOUSE_FONT
from ..i18n import N_, translator
from .charts import PALETTE

_ = translator("report")

DARK = PALETTE[0].lstrip("#")  # 1F4E79, the workbook's header blue too
MID = PALETTE[1].lstrip("#")
SUM_FILL = "D9E2F3"
BORDER = "BFBFBF"
GREY_TEXT = "595959"
FONT = HOUSE_FONT
FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)

PORTRAIT_WIDTH_CM = 16.0  # A4 21 cm − 2 × 2,5 cm
LANDSCAPE_WIDTH_CM = 24.7  # A4 29,7 cm − 2 × 2,5 cm

TOC_PLACEHOLDER = N_(
    "Innholdsfortegnelsen oppdateres når dokumentet åpnes i Word (eller: høyreklikk og velg Oppdater felt)."
)
# The shipped template per målform (in templates/ and omstill_xl/data/), built by this module.
TEMPLATE_FILES = {i18n.BOKMAAL: "arsrapport.docx", i18n.NYNORSK: "arsrapport-nn.docx"}


# --- low-level XML helpers -------------------------------------------------------------------------------------


def _xml(fragment: str) -> Any:
    """Parse a WordprocessingML fragment written with the ``w:`` prefix."""
    import re

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    end = re.match(r"<[\w:]+", fragment).end()  # type: ignore[union-attr]
    return parse_xml(f"{fragment[:end]} {nsdecls('w')}{fragment[end:]}")


def _run_xml(inner: str, rpr: str = "") -> Any:
    return _xml(f"<w:r>{rpr}{inner}</w:r>")


def field_runs(instruction: str, cached: str, rpr: str = "", *, dirty: bool = False) -> list[Any]:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    from xml.sax.saxutils import escape

    d = ' w:dirty="true"' if dirty else ""
    return [
        _run_xml(f'<w:fldChar w:fldCharType="begin"{d}/>', rpr),
        _run_xml(f'<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText>', rpr),
        _run_xml('<w:fldChar w:fldCharType="separate"/>', rpr),
        _run_xml(f'<w:t xml:space="preserve">{escape(cached)}</w:t>', rpr),
        _run_xml('<w:fldChar w:fldCharType="end"/>', rpr),
    ]


def _set_cell_shading(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(_xml(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _table_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    edges = "".join(
        f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tbl_pr.append(_xml(f"<w:tblBorders>{edges}</w:tblBorders>"))
    tbl_pr.append(_xml('<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'))


def _no_borders(table: Any) -> None:
    edges = "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    table._tbl.tblPr.append(_xml(f"<w:tblBorders>{edges}</w:tblBorders>"))


def _row_flags(row: Any, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_xml("<w:cantSplit/>"))
    if header:
        tr_pr.append(_xml("<w:tblHeader/>"))


# --- the document builder ----------------------------------------------------------------------------------


class _Builder:
    """Small vocabulary over python-docx for writing the template top to bottom."""

    def __init__(self) -> None:
        from docx import Document

        self.doc = Document()
        self.width_cm = PORTRAIT_WIDTH_CM

    # paragraphs
    def p(
        self,
        text: str = "",
        style: str | None = None,
        *,
        align: str | None = None,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        colour: str | None = None,
        keep: bool = False,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        para = self.doc.add_paragraph(style=style)
        if text:
            run = para.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
        if align:
            para.alignment = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        if keep:
            para.paragraph_format.keep_with_next = True
        return para

    def tag(self, text: str) -> Any:
        """A paragraph holding only a block tag (``{%p … %}``); docxtpl removes it."""
        return self.doc.add_paragraph(text)

    def h(self, text: str, level: int) -> Any:
        return self.doc.add_paragraph(text, style=f"Heading {level}")

    def bullet(self, text: str) -> Any:
        return self.doc.add_paragraph(text, style="List Bullet")

    def placeholder(self, expr: str) -> Any:
        """A free-text paragraph: the workbook's text or a «[Skriv her: …]» placeholder (highlighted on render)."""
        return self.doc.add_paragraph(expr)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def caption(self, label: str, text: str) -> Any:
        para = self.doc.add_paragraph(style="Caption")
        para.add_run(f"{label} ")
        for r in field_runs(f"SEQ {label} \\* ARABIC", "1"):
            para._p.append(r)
        para.add_run(f". {text}")
        return para

    def image(self, expr: str) -> Any:
        para = self.p(expr, align="c", keep=True)
        para.paragraph_format.space_after = 0
        return para

    # tables
    def table(
        self,
        headers: Sequence[str],
        cells: Sequence[str],
        *,
        loop: str | None = None,
        widths: Sequence[float],
        align: str,
        sums: Sequence[str] | None = None,
        before: Sequence[Sequence[str]] = (),
        after: Sequence[Sequence[str]] = (),
        header: bool = True,
        small: bool = False,
        keep_together: bool | None = None,
    ) -> Any:
        """A table: header row, optional fixed rows, one loop row (``{%tr for … %}``), optional sum row.

        ``align`` has one letter per column: l(eft) or r(ight). ``widths`` are relative and scaled to the
        text width.
        """
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, RGBColor

        n = len(widths)
        keep_together = not small if keep_together is None else keep_together
        assert len(headers) == n == len(align) and (not cells or len(cells) == n), (headers, cells)
        rows: list[tuple[str, Sequence[str]]] = []
        if header:
            rows.append(("header", headers))
        rows += [("body", r) for r in before]
        if loop:
            rows += [
                ("tag", [f"{{%tr for {loop} %}}"] + [""] * (n - 1)),
                ("body", cells),
                ("tag", ["{%tr endfor %}"] + [""] * (n - 1)),
            ]
        elif cells:
            rows.append(("body", cells))
        rows += [("body", r) for r in after]
        if sums:
            rows.append(("sum", sums))
        table = self.doc.add_table(rows=len(rows), cols=n)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_borders(table)
        total = sum(widths)
        col_cm = [self.width_cm * w / total for w in widths]
        for gc, w in zip(
            table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"), col_cm
        ):
            gc.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w", str(int(Cm(w).twips)))
        style = "Tabelltekst liten" if small else "Tabelltekst"
        for r, ((kind, texts), row) in enumerate(zip(rows, table.rows)):
            _row_flags(row, header=kind == "header")
            for i, (text, cell) in enumerate(zip(texts, row.cells)):
                cell.width = Cm(col_cm[i])
                para = cell.paragraphs[0]
                para.style = self.doc.styles[style]
                if keep_together and r < len(rows) - 1:
                    para.paragraph_format.keep_with_next = True  # Word's way to keep a short table on one page
                run = para.add_run(text)
                if kind != "tag" and align[i] == "r":
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if kind == "header":
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string("FFFFFF")
                    _set_cell_shading(cell, DARK)
                elif kind == "sum":
                    run.bold = True
                    _set_cell_shading(cell, SUM_FILL)
        self.doc.add_paragraph(style="Etter tabell")
        return table

    def facts(self, rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (5, 11)) -> Any:
        """A two-column label/value table without borders (front page, organisation)."""
        from docx.shared import Cm

        table = self.doc.add_table(rows=len(rows), cols=2)
        table.autofit = False
        _no_borders(table)
        for (label, value), row in zip(rows, table.rows):
            for i, text in enumerate((label, value)):
                cell = row.cells[i]
                cell.width = Cm(widths[i])
                para = cell.paragraphs[0]
                para.style = self.doc.styles["Fakta"]
                run = para.add_run(text)
                run.bold = i == 0 or None
        for gc, w in zip(
            table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"), widths
        ):
            gc.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w", str(int(Cm(w).twips)))
        self.doc.add_paragraph(style="Etter tabell")
        return table


# --- styles, page setup, header and footer ---------------------------------------------------------------------


def _font(style: Any, size: float | None = None, *, bold: bool | None = None, colour: str | None = None) -> None:
    from docx.shared import Pt, RGBColor

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    if fonts is not None:
        rpr.remove(fonts)
    style.font.name = FONT
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)


def base_styles(doc: Any) -> None:
    """Normal and Heading 1–3 as in the årsrapport (Arial; the workbook's blues). The organisasjonsform
    section uses the same, so a section pasted into a saksframlegg looks like the report."""
    from docx.shared import Pt

    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size, before in ((1, 16, 18), (2, 13, 12), (3, 11, 10)):
        s = styles[f"Heading {level}"]
        _font(s, size, bold=True, colour=DARK if level < 3 else MID)
        s.font.italic = False
        s.paragraph_format.space_before = Pt(before)
        s.paragraph_format.space_after = Pt(6)
        s.paragraph_format.keep_with_next = True


def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    styles = doc.styles
    base_styles(doc)
    normal = styles["Normal"]
    for name, size, colour in (("Title", 28, DARK), ("Subtitle", 16, MID), ("TOC Heading", 16, DARK)):
        _font(styles[name], size, colour=colour)
        styles[name].font.italic = False
    title = styles["Title"]
    title.paragraph_format.space_after = Pt(12)
    caption = styles["Caption"]
    _font(caption, 9, bold=False, colour=GREY_TEXT)
    caption.font.italic = True
    caption.paragraph_format.space_after = Pt(12)
    bullet = styles["List Bullet"]
    _font(bullet, 10.5)
    for level, indent in ((1, 0.0), (2, 0.5)):
        name = f"TOC {level}"
        s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH) if name not in [x.name for x in styles] else styles[name]
        s.base_style = normal
        s.paragraph_format.left_indent = Cm(indent)
        s.paragraph_format.space_after = Pt(3)
        s.paragraph_format.tab_stops.add_tab_stop(Cm(PORTRAIT_WIDTH_CM), alignment=2, leader=1)  # right, dots
    for name, size in (("Tabelltekst", 9), ("Tabelltekst liten", 8)):
        s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = normal
        _font(s, size)
        s.paragraph_format.space_after = Pt(0)
        s.paragraph_format.space_before = Pt(1)
        s.paragraph_format.line_spacing = 1.0
    facts = styles.add_style("Fakta", WD_STYLE_TYPE.PARAGRAPH)
    facts.base_style = normal
    _font(facts, 10)
    facts.paragraph_format.space_before = Pt(2)
    facts.paragraph_format.space_after = Pt(2)
    facts.paragraph_format.line_spacing = 1.0
    after = styles.add_style("Etter tabell", WD_STYLE_TYPE.PARAGRAPH)
    after.base_style = normal
    after.paragraph_format.space_after = Pt(4)
    after.font.size = Pt(4)
    note = styles.add_style("Merknad", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _font(note, 9, colour=GREY_TEXT)
    note.paragraph_format.space_before = Pt(2)
    small = styles.add_style("Sporbarhet", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    _font(small, 8, colour=GREY_TEXT)
    small.paragraph_format.space_before = Pt(18)
    stamp = styles.add_style("Ikke validert", WD_STYLE_TYPE.PARAGRAPH)
    stamp.base_style = normal
    _font(stamp, 12, bold=True, colour="C00000")
    stamp.element.get_or_add_pPr().append(
        _xml(
            '<w:pBdr><w:top w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
            '<w:left w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
            '<w:bottom w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
            '<w:right w:val="single" w:sz="12" w:space="4" w:color="C00000"/></w:pBdr>'
        )
    )
    # Norwegian spelling and proofing everywhere
    defaults = doc.styles.element.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docDefaults")
    rpr = defaults.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
    for old in rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"):
        rpr.remove(old)
    rpr.append(_xml(f'<w:lang w:val="{i18n.language_tag()}" w:eastAsia="en-US" w:bidi="ar-SA"/>'))
    # Every style without a font of its own (and text without a style) is Arial too, not the theme's Calibri.
    for old in rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"):
        rpr.remove(old)
    rpr.insert(0, _xml(f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'))


def _settings(doc: Any) -> None:
    """Norwegian decimal symbol, update fields (the TOC) on open."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    settings = doc.settings.element
    for tag, val in (("decimalSymbol", ","), ("listSeparator", ";")):
        el = settings.find(w + tag)
        if el is not None:
            el.set(w + "val", val)
    lang = settings.find(w + "themeFontLang")
    if lang is not None:
        lang.set(w + "val", i18n.language_tag())
    compat = settings.find(w + "compat")
    update = _xml('<w:updateFields w:val="true"/>')
    if compat is not None:
        compat.addprevious(update)
    else:  # pragma: no cover - python-docx's default template has w:compat
        settings.append(update)


def _page(section: Any, *, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)


def _header_footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    section.different_first_page_header_footer = True  # the front page has none
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run("{{ program.navn }} · {{ tittel }}")
    run.font.size, run.font.color.rgb = Pt(8), RGBColor.from_string(GREY_TEXT)
    head._p.get_or_add_pPr().append(
        _xml(f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="{BORDER}"/></w:pBdr>')
    )
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rpr = f'<w:rPr><w:sz w:val="16"/><w:color w:val="{GREY_TEXT}"/></w:rPr>'
    side, av = _("Side"), _("av")
    foot._p.append(_run_xml(f'<w:t xml:space="preserve">{side} </w:t>', rpr))
    for r in field_runs("PAGE", "1", rpr):
        foot._p.append(r)
    foot._p.append(_run_xml(f'<w:t xml:space="preserve"> {av} </w:t>', rpr))
    for r in field_runs("NUMPAGES", "1", rpr):
        foot._p.append(r)


def _fixed_properties(doc: Any) -> None:
    cp = doc.core_properties
    cp.author = "omstill_xl"
    cp.last_modified_by = "omstill_xl"
    cp.title = _("Årsrapport")
    cp.subject = _("Årsrapport for omstillingsprogram")
    cp.language = i18n.language_tag()
    cp.revision = 1
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.comments = ""
    cp.keywords = ""


def _drop_thumbnail(doc: Any) -> None:
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            pkg.rels.pop(rid)


# --- the content ----------------------------------------------------------------------------------------------


def _front_page(b: _Builder) -> None:
    for _blank in range(5):
        b.p()
    b.p("{{ program.navn }}", "Title")
    b.p(_("{{ tittel }} til {{ program.fylkeskommune }}"), "Subtitle")
    b.p(_("Rapportperiode {{ periode_fra|dato }}–{{ periode_til|dato }}"), colour=GREY_TEXT)
    b.p()
    b.tag("{%p if not validert %}")
    b.p("{{ ikke_validert }}", "Ikke validert")
    b.tag("{%p endif %}")
    b.facts(
        [
            (_("Kommune"), "{{ program.kommune }} ({{ program.kommunenummer }}), {{ program.fylke }}"),
            (_("Programorganisasjon"), "{{ program.organisasjon }}"),
            (_("Organisasjonsform"), "{{ program.organisasjonsform }}"),
            (_("Programleder"), "{{ program.programleder }}"),
            (
                _("Statusperiode"),
                _(
                    "{{ program.status_fra|aar }}–{{ program.status_til|aar }}{% if program.programaar %} "
                    "(år {{ program.programaar }} av {{ program.antall_aar }}){% endif %}"
                ),
            ),
            (_("Behandlet i styret"), _("[Skriv her: dato og saksnummer]")),
            (_("Behandlet i kommunestyret"), _("[Skriv her: dato og saksnummer]")),
        ],
        widths=(6, 10),
    )
    b.page_break()
    b.p(_("Innhold"), "TOC Heading")
    toc = b.p()
    for r in field_runs('TOC \\o "1-2" \\h \\z \\u', _(TOC_PLACEHOLDER), dirty=True):
        toc._p.append(r)
    b.page_break()


def _innledning(b: _Builder) -> None:
    b.h(_("1 Innledning"), 1)
    b.p(
        _(
            "{{ program.navn }} er omstillingsprogrammet for {{ program.kommune }} kommune i {{ program.fylke }}, med "
            "omstillingsstatus fra {{ program.status_fra|aar }} til {{ program.status_til|aar }}. Denne årsrapporten "
            "gjelder {{ aar }}{% if program.programaar %}, år {{ program.programaar }} av {{ program.antall_aar }} i "
            "statusperioden{% endif %}. {% if program.organisasjon %}Programmet drives av {{ program.organisasjon }}, "
            "organisert som {{ program.organisasjonsform }}{% else %}Programmet er organisert som "
            "{{ program.organisasjonsform }}{% endif %}"
            "{% if program.programleder %}, med {{ program.programleder }} som programleder{% endif %}."
        )
    )
    b.p(
        _(
            "Handlingsplanen for {{ aar }} har {{ nokkeltall.antall_tiltak }} tiltak i "
            "{{ nokkeltall.antall_innsatsomrader }} innsatsområder, i tillegg til administrasjon og drift. Samlet "
            "budsjett er {{ totalt.budsjett|kr }}, hvorav {{ totalt.omstillingsmidler|kr }} er omstillingsmidler"
            "{% if nokkeltall.utlosning %} og {{ nokkeltall.andre_kilder|kr }} kommer fra andre kilder "
            "({{ nokkeltall.utlosning|tall(2) }} kr per krone i omstillingsmidler){% endif %}."
            "{% if totalt.innvilget %} Av omstillingsmidlene er {{ totalt.innvilget|kr }} innvilget"
            "{% if totalt.utbetalt %} og {{ totalt.utbetalt|kr }} utbetalt{% endif %}.{% endif %}"
        )
    )
    b.placeholder("{{ innledning.tekst }}")


def _maal(b: _Builder) -> None:
    b.h(_("2 Mål og resultater"), 1)
    b.p(_("Hovedmål: {{ program.hovedmaal }}"))
    b.tag("{%p if maal.indikatorer %}")
    b.p(
        _(
            "Tabellen viser mål og resultat for {{ aar }}, og summen hittil i statusperioden"
            "{% if maal.fra_aar < aar %} ({{ maal.fra_aar|aar }}–{{ aar }}){% endif %}"
            "{% if maal.kildeaar|length > 1 %} fra handlingsplanene for "
            "{{ maal.kildeaar|join(', ') }}{% endif %}. Andeler, nivåer og antall ulike summeres ikke over år; "
            "de måles mot målet for perioden med siste resultat. Utgangspunktet er verdien ved periodens start."
        ),
        keep=True,
    )
    b.table(
        [
            _("Indikator"),
            _("Utgangs­punkt"),
            _("Mål {{ aar }}"),
            _("Resultat {{ aar }}"),
            _("Avvik"),
            _("Mål hittil"),
            _("Resultat hittil"),
            _("Oppnådd hittil"),
            _("Mål for perioden"),
        ],
        [
            "{{ i.navn }}",
            "{{ i.utgangsverdi|tall }}{% if i.utgangsaar %} ({{ i.utgangsaar|aar }}){% endif %}",
            "{{ i.maal|tall }}",
            "{{ i.resultat|tall }}",
            "{{ i.avvik|fortegn }}",
            "{{ i.maal_hittil|tall }}",
            "{{ i.resultat_hittil|tall }}",
            "{{ i.andel_hittil|prosent(0) }}",
            "{{ i.maal_perioden|tall }}",
        ],
        loop="i in maal.indikatorer",
        widths=[3.4, 1.6, 1.3, 1.5, 1.2, 1.4, 1.6, 1.6, 1.6],
        align="lrrrrrrrr",
    )
    b.caption(_("Tabell"), _("Indikatorer: mål og resultat"))
    b.tag("{%p else %}")
    b.p(_("Handlingsplanen har ingen indikatorer med mål eller resultat for {{ aar }} eller tidligere år."))
    b.tag("{%p endif %}")
    b.tag("{%p if diagrammer.indikatorer %}")
    b.image("{{ diagrammer.indikatorer }}")
    b.caption(_("Figur"), _("Mål og resultat {{ aar }}"))
    b.tag("{%p endif %}")
    b.tag("{%p if diagrammer.arbeidsplasser %}")
    b.image("{{ diagrammer.arbeidsplasser }}")
    b.caption(_("Figur"), _("Nye og sikrede arbeidsplasser, mål og resultat summert over statusperioden"))
    b.tag("{%p endif %}")
    b.tag("{%p if maal.senere %}")
    b.p(_("Mål for senere år i perioden:"), keep=True)
    b.tag("{%p for s in maal.senere %}")
    b.bullet("{{ s.navn }}: {{ s.maal|tall }} i {{ s.aar|aar }}.{% if s.kommentar %} {{ s.kommentar }}{% endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if maal.kommentarer %}")
    b.p(_("Kommentarer til resultatene:"), keep=True)
    b.tag("{%p for k in maal.kommentarer %}")
    b.bullet("{{ k.indikator }}: {{ k.tekst }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.h(_("2.1 Vurdering av måloppnåelsen"), 2)
    b.placeholder("{{ maal.vurdering }}")


def _tiltak_table() -> dict[str, Any]:
    """The tiltak table's columns (a function: its headers are in the målform in force when it is built)."""
    return dict(
        headers=[
            _("ID"),
            _("Tiltak"),
            _("Type"),
            _("PLP-fase"),
            _("Status"),
            _("Omst.midler"),
            _("Innvilget"),
            _("Utbetalt"),
        ],
        cells=[
            "{{ t.id }}",
            "{{ t.navn }}",
            "{{ t.type }}",
            "{{ t.plp_fase }}",
            "{{ t.status }}",
            "{{ t.omstillingsmidler|tall }}",
            "{{ t.innvilget|tall }}",
            "{{ t.utbetalt|tall }}",
        ],
        widths=[1.0, 3.6, 2.4, 2.4, 1.7, 2.0, 1.8, 1.8],
        align="lllllrrr",
        small=True,
        keep_together=True,
    )


def _innsatsomrader(b: _Builder) -> None:
    b.h(_("3 Innsatsområdene"), 1)
    b.p(
        _(
            "Programmet har {{ nokkeltall.antall_innsatsomrader }} innsatsområder. Tabellen viser tiltak og "
            "omstillingsmidler per innsatsområde i {{ aar }} (beløp i kroner)."
        ),
        keep=True,
    )
    b.table(
        [_("Innsatsområde"), _("Tiltak"), _("Budsjett i alt"), _("Omstillings-midler"), _("Innvilget"), _("Utbetalt")],
        [
            "{{ io.id }} {{ io.navn }}",
            "{{ io.antall_tiltak }}",
            "{{ io.budsjett|tall }}",
            "{{ io.omstillingsmidler|tall }}",
            "{{ io.innvilget|tall }}",
            "{{ io.utbetalt|tall }}",
        ],
        loop="io in innsatsomrader",
        widths=[5.2, 1.2, 2.4, 2.4, 2.4, 2.4],
        align="lrrrrr",
        after=[
            [
                _("Administrasjon og drift"),
                "",
                "{{ organisering.administrasjon.budsjett|tall }}",
                "{{ organisering.administrasjon.omstillingsmidler|tall }}",
                "{{ organisering.administrasjon.innvilget|tall }}",
                "{{ organisering.administrasjon.utbetalt|tall }}",
            ]
        ],
        sums=[
            _("Sum"),
            "{{ nokkeltall.antall_tiltak }}",
            "{{ totalt.budsjett|tall }}",
            "{{ totalt.omstillingsmidler|tall }}",
            "{{ totalt.innvilget|tall }}",
            "{{ totalt.utbetalt|tall }}",
        ],
    )
    b.caption(_("Tabell"), _("Omstillingsmidler per innsatsområde {{ aar }}"))
    b.tag("{%p if diagrammer.innsatsomrader %}")
    b.image("{{ diagrammer.innsatsomrader }}")
    b.caption(_("Figur"), _("Omstillingsmidler per innsatsområde: budsjett, innvilget og utbetalt {{ aar }}"))
    b.tag("{%p endif %}")
    b.tag("{%p for io in innsatsomrader %}")
    b.h("3.{{ io.nr }} {{ io.navn }} ({{ io.id }})", 2)
    b.h(_("Mål og strategier"), 3)
    b.p(_("Mål: {{ io.maal }}"))
    b.tag("{%p if io.strategier %}")
    b.p(_("Strategier: {{ io.strategier }}"))
    b.tag("{%p endif %}")
    b.h(_("Prosjektportefølje"), 3)
    b.tag("{%p if io.tiltak %}")
    b.p(
        _(
            "{{ io.antall_tiltak }} tiltak med {{ io.omstillingsmidler|kr }} i omstillingsmidler og et samlet budsjett "
            "på {{ io.budsjett|kr }}{% if io.innvilget %}; {{ io.innvilget|kr }} er innvilget{% if io.utbetalt %} og "
            "{{ io.utbetalt|kr }} utbetalt{% endif %}{% endif %}. Beløp i tabellen er omstillingsmidler i kroner."
        ),
        keep=True,
    )
    b.table(
        **_tiltak_table(),
        loop="t in io.tiltak",
        sums=[
            _("Sum"),
            "",
            "",
            "",
            "",
            "{{ io.omstillingsmidler|tall }}",
            "{{ io.innvilget|tall }}",
            "{{ io.utbetalt|tall }}",
        ],
    )
    b.tag("{%p else %}")
    b.p(_("Innsatsområdet har ingen tiltak i handlingsplanen for {{ aar }}."))
    b.tag("{%p endif %}")
    b.tag("{%p if io.kommentarer %}")
    b.p(_("Kommentarer til tiltakene:"), keep=True)
    b.tag("{%p for k in io.kommentarer %}")
    b.bullet("{{ k.id }} {{ k.navn }}: {{ k.tekst }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.h(_("Resultater og vurdering"), 3)
    b.placeholder("{{ io.vurdering }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if uten_innsatsomrade %}")
    b.h(_("3.{{ innsatsomrader|length + 1 }} Tiltak uten gyldig innsatsområde"), 2)
    b.p(_("Disse tiltakene er ikke knyttet til noen av innsatsområdene i handlingsplanen:"), keep=True)
    b.table(**_tiltak_table(), loop="t in uten_innsatsomrade")
    b.tag("{%p endif %}")


def _organisering(b: _Builder) -> None:
    b.h(_("4 Organisering og drift"), 1)
    b.h(_("4.1 Organisasjonsform og eierskap"), 2)
    b.facts(
        [
            (_("Organisasjonsform"), "{{ organisering.organisasjonsform }}"),
            (_("Programorganisasjon"), "{{ organisering.organisasjon }}"),
            (_("Programleder"), "{{ organisering.programleder }}"),
            (_("Eier"), _("{{ program.kommune }} kommune")),
            (_("Oppdragsgiver"), "{{ program.fylkeskommune }}"),
        ]
    )
    b.h(_("4.2 Styret"), 2)
    b.placeholder("{{ organisering.styret }}")
    b.h(_("4.3 Administrasjon og drift"), 2)
    b.p(
        _(
            "Administrasjon og drift har {{ organisering.administrasjon.omstillingsmidler|kr }} i omstillingsmidler i "
            "{{ aar }}, {{ organisering.administrasjon.andel|prosent }} av omstillingsmidlene som er fordelt på tiltak."
            "{% if regnskap.har_regnskap %} Regnskapet viser {{ organisering.administrasjon.regnskap|kr }}.{% endif %}"
            "{% if organisering.administrasjon.over_terskel %} Andelen er over {{ organisering.administrasjon.terskel|prosent }},"
            " som er vanlig praksis for administrasjon (ikke et lovkrav).{% endif %}"
        )
    )
    b.h(_("4.4 Samarbeid"), 2)
    b.placeholder("{{ organisering.samarbeid }}")
    b.tag("{%p for s in organisering.tillegg %}")
    b.h("4.{{ 4 + loop.index }} {{ s.tittel }}", 2)
    b.tag("{%p for a in s.avsnitt %}")
    b.p("{{ a }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if s.tabell %}")
    _column_loop_table(b)
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")


def _column_loop_table(b: _Builder) -> None:
    """The hook's table: any number of columns (``{%tc %}``) and rows (``{%tr %}``)."""
    from docx.shared import Cm, RGBColor

    table = b.doc.add_table(rows=4, cols=3)
    _table_borders(table)
    texts = [
        ["{%tc for k in s.tabell.kolonner %}", "{{ k }}", "{%tc endfor %}"],
        ["{%tr for rad in s.tabell.rader %}", "", ""],
        ["{%tc for c in rad %}", "{{ c }}", "{%tc endfor %}"],
        ["{%tr endfor %}", "", ""],
    ]
    for r, (row, cells) in enumerate(zip(table.rows, texts)):
        _row_flags(row, header=r == 0)
        for cell, text in zip(row.cells, cells):
            cell.width = Cm(PORTRAIT_WIDTH_CM / 3)
            para = cell.paragraphs[0]
            para.style = b.doc.styles["Tabelltekst"]
            run = para.add_run(text)
            if r == 0:
                run.bold = True
                run.font.color.rgb = RGBColor.from_string("FFFFFF")
                _set_cell_shading(cell, DARK)
    b.doc.add_paragraph(style="Etter tabell")


def _finansiering(b: _Builder) -> None:
    f = "finansiering"
    b.h(_("6 Finansiering og innvilgningsstatus"), 1)
    b.h(_("6.1 Omstillingsmidler {{ aar }}"), 2)
    b.table(
        [_("Post"), _("Beløp (kr)"), _("Andel")],
        [],
        widths=[8, 4, 3],
        align="lrr",
        before=[
            [
                _("Fylkeskommunens tilskudd"),
                f"{{{{ {f}.fylkeskommunens_tilskudd|tall }}}}",
                f"{{{{ {f}.fylkesandel|prosent }}}}",
            ],
            [
                _("Kommunens egenandel"),
                f"{{{{ {f}.kommunens_egenandel|tall }}}}",
                f"{{{{ {f}.egenandel_andel|prosent }}}}",
            ],
            [_("Omstillingsmidler i alt"), f"{{{{ {f}.omstillingsmidler|tall }}}}", ""],
            [_("Overført fra fjoråret"), f"{{{{ {f}.overfort|tall }}}}", ""],
            [_("Disponibelt i alt"), f"{{{{ {f}.disponibelt|tall }}}}", ""],
            [_("Fordelt på tiltak"), f"{{{{ {f}.fordelt|tall }}}}", ""],
        ],
        sums=[_("Ikke fordelt"), f"{{{{ {f}.ikke_fordelt|tall }}}}", ""],
    )
    b.p(
        _(
            "Fylkeskommunens andel av omstillingsmidlene er {{ finansiering.fylkesandel|prosent }}"
            "{% if finansiering.maks_fylkesandel is not none %} (høyst {{ finansiering.maks_fylkesandel|prosent }})"
            "{% endif %}.{% if finansiering.over_maks %} Andelen er over maksimum.{% endif %}"
        )
    )
    b.h(_("6.2 Finansiering av tiltakene"), 2)
    b.p(_("Alle tiltak, administrasjon medregnet, fordelt på finansieringskilde:"), keep=True)
    b.table(
        [_("Kilde"), _("Beløp (kr)"), _("Andel")],
        ["{{ k.navn }}", "{{ k.belop|tall }}", "{{ k.andel|prosent }}"],
        loop="k in finansiering.kilder",
        widths=[8, 4, 3],
        align="lrr",
        sums=[_("Sum"), "{{ finansiering.kilder_sum|tall }}", "100 %"],
    )
    b.h(_("6.3 Innvilgningsstatus"), 2)
    b.tag("{%p if totalt.innvilget is none and totalt.utbetalt is none %}")
    b.p(_("Det er ennå ikke ført tall for innvilget eller utbetalt i {{ aar }}."))
    b.tag("{%p else %}")
    b.table(
        [_("Omstillingsmidler"), _("Beløp (kr)")],
        [],
        widths=[11, 4],
        align="lr",
        before=[
            [_("Disponibelt i alt"), "{{ finansiering.disponibelt|tall }}"],
            [_("Innvilget"), "{{ finansiering.innvilget|tall }}"],
            [_("Utbetalt"), "{{ finansiering.utbetalt|tall }}"],
            [_("Innvilget, ikke utbetalt"), "{{ finansiering.innvilget_ikke_utbetalt|tall }}"],
            [_("Ikke innvilget"), "{{ finansiering.ikke_innvilget|tall }}"],
        ],
        sums=[_("Ikke utbetalt ved årets slutt"), "{{ finansiering.ikke_utbetalt|tall }}"],
    )
    b.tag("{%p endif %}")
    b.p(_("Tiltakene etter status:"), keep=True)
    b.table(
        [_("Status"), _("Tiltak"), _("Omstillings-midler"), _("Innvilget"), _("Utbetalt")],
        [
            "{{ s.status }}",
            "{{ s.antall }}",
            "{{ s.omstillingsmidler|tall }}",
            "{{ s.innvilget|tall }}",
            "{{ s.utbetalt|tall }}",
        ],
        loop="s in finansiering.status",
        widths=[4, 1.6, 3, 3, 3],
        align="lrrrr",
    )
    b.h(_("6.4 Finansiering over statusperioden"), 2)
    b.tag("{%p if finansiering.ramme %}")
    b.p(_("Rammen per år i statusperioden etter handlingsplanen:"), keep=True)
    b.table(
        [_("År"), _("Fylkeskommunen"), _("Kommunen"), _("Sum")],
        [
            _("{{ r.aar|aar }}{% if r.i_aar %} (rapportåret){% endif %}"),
            "{{ r.fylkeskommune|tall }}",
            "{{ r.kommune|tall }}",
            "{{ r.sum|tall }}",
        ],
        loop="r in finansiering.ramme",
        widths=[4, 4, 4, 4],
        align="lrrr",
        sums=[
            _("Hele perioden"),
            "{{ finansiering.ramme_sum.fylkeskommune|tall }}",
            "{{ finansiering.ramme_sum.kommune|tall }}",
            "{{ finansiering.ramme_sum.sum|tall }}",
        ],
    )
    b.tag("{%p endif %}")
    b.p(_("Hittil i statusperioden, fra hvert års handlingsplan (for år uten handlingsplan står rammen):"), keep=True)
    b.table(
        [
            _("År"),
            _("Fylkes­kommunen"),
            _("Kommunen"),
            _("Fordelt på tiltak"),
            _("Innvilget"),
            _("Utbetalt"),
            _("Regnskap"),
        ],
        [
            "{{ r.aar|aar }}",
            "{{ r.fylkeskommune|tall }}",
            "{{ r.kommune|tall }}",
            "{{ r.omstillingsmidler|tall }}",
            "{{ r.innvilget|tall }}",
            "{{ r.utbetalt|tall }}",
            "{{ r.regnskap|tall }}",
        ],
        loop="r in finansiering.aar_for_aar",
        widths=[1.4, 2.4, 2.2, 2.4, 2.3, 2.3, 2.3],
        align="lrrrrrr",
        sums=[
            _("Hittil"),
            "{{ finansiering.aar_for_aar_sum.fylkeskommune|tall }}",
            "{{ finansiering.aar_for_aar_sum.kommune|tall }}",
            "{{ finansiering.aar_for_aar_sum.omstillingsmidler|tall }}",
            "{{ finansiering.aar_for_aar_sum.innvilget|tall }}",
            "{{ finansiering.aar_for_aar_sum.utbetalt|tall }}",
            "{{ finansiering.aar_for_aar_sum.regnskap|tall }}",
        ],
    )
    b.p(
        _(
            "Overførte midler: «Fordelt på tiltak» er det som er fordelt i årets handlingsplan, også midler overført "
            "fra året før. Et år kan derfor fordele mer enn årets tilskudd og egenandel, og de overførte midlene "
            "telles både i året de ble bevilget og i året de ble fordelt. Innvilget, utbetalt og regnskap telles "
            "bare det året de skjer.{% if finansiering.overfort %} Overført fra {{ aar - 1 }} til {{ aar }}: "
            "{{ finansiering.overfort|kr }}.{% endif %}"
        ),
        "Merknad",
    )


def _regnskap(b: _Builder) -> None:
    b.h(_("7 Regnskap mot budsjett"), 1)
    b.tag("{%p if regnskap.har_regnskap %}")
    b.p(
        _(
            "Regnskapet for omstillingsmidlene i {{ aar }} viser {{ regnskap.regnskap|kr }} mot et budsjett på "
            "{{ regnskap.budsjett|kr }}, et avvik på {{ regnskap.avvik|fortegn }} kr"
            "{% if regnskap.avvik_andel is not none %} ({{ regnskap.avvik_andel|prosent }}){% endif %}."
        ),
        keep=True,
    )
    b.table(
        [_("Innsatsområde"), _("Budsjett (kr)"), _("Regnskap (kr)"), _("Avvik (kr)"), _("Avvik")],
        [
            "{% if r.id %}{{ r.id }} {% endif %}{{ r.navn }}",
            "{{ r.budsjett|tall }}",
            "{{ r.regnskap|tall }}",
            "{{ r.avvik|fortegn }}",
            "{{ r.avvik_andel|prosent(0) }}",
        ],
        loop="r in regnskap.per_innsatsomrade",
        widths=[6, 2.6, 2.6, 2.6, 1.8],
        align="lrrrr",
        sums=[
            _("Sum"),
            "{{ regnskap.budsjett|tall }}",
            "{{ regnskap.regnskap|tall }}",
            "{{ regnskap.avvik|fortegn }}",
            "{{ regnskap.avvik_andel|prosent(0) }}",
        ],
    )
    b.h(_("7.1 Store avvik"), 2)
    b.p(
        _(
            "Tiltak der regnskapet avviker mer enn {{ regnskap.toleranse|prosent }} og minst "
            "{{ regnskap.toleranse_kr|kr }} fra budsjetterte omstillingsmidler, med forklaringen på avviket:"
        ),
        keep=True,
    )
    b.tag("{%p if regnskap.store_avvik %}")
    b.table(
        [_("ID"), _("Tiltak"), _("Budsjett (kr)"), _("Regnskap (kr)"), _("Avvik"), _("Kommentar")],
        [
            "{{ a.id }}",
            "{{ a.navn }}",
            "{{ a.budsjett|tall }}",
            "{{ a.regnskap|tall }}",
            "{{ a.avvik_andel|prosent(0) }}",
            "{{ a.kommentar }}",
        ],
        loop="a in regnskap.store_avvik",
        widths=[1.1, 3.6, 2.1, 2.1, 1.4, 5.7],
        align="llrrrl",
    )
    b.tag("{%p else %}")
    b.p(_("Ingen tiltak har avvik over toleransen."))
    b.tag("{%p endif %}")
    b.tag("{%p else %}")
    b.p(_("Regnskapet for {{ aar }} er ikke ført ennå."))
    b.tag("{%p endif %}")
    b.h(_("7.{% if regnskap.har_regnskap %}2{% else %}1{% endif %} Kommentar til regnskapet"), 2)
    b.placeholder("{{ regnskap.kommentar }}")


def _kommunikasjon(b: _Builder) -> None:
    b.h(_("5 Kommunikasjon"), 1)
    b.placeholder(
        _(
            "[Skriv her: kommunikasjonsplanens mål og målgrupper (næringslivet, innbyggerne, kommunestyret, "
            "samarbeidspartnere), hva som er gjort i {{ aar }} (møter, nettside, sosiale medier, presse, "
            "arrangementer) og hvordan resultatene er gjort kjent]"
        )
    )


def _risiko(b: _Builder) -> None:
    b.h(_("8 Utfordringer og risiko"), 1)
    b.placeholder(
        _(
            "[Skriv her: utfordringer i {{ aar }} og risikoer framover (for eksempel markedsutvikling, "
            "rekruttering, bedrifter som trekker seg, forsinkede prosjekter, finansiering), hvor sannsynlige og "
            "alvorlige de er, og tiltakene for å møte dem]"
        )
    )


def _behandling(b: _Builder) -> None:
    b.h(_("9 Behandling"), 1)
    b.p(
        _(
            "Behandlingen av årsrapporten for {{ aar }} i styret for {{ program.navn }} og i kommunestyret i "
            "{{ program.kommune }} kommune:"
        ),
        keep=True,
    )
    b.table(
        [_("Organ"), _("Dato"), _("Saksnummer"), _("Vedtak")],
        [],
        widths=[3.5, 2.5, 2.5, 7.5],
        align="llll",
        before=[
            [_("Styret"), _("[Skriv her: dato]"), _("[Skriv her: sak]"), _("[Skriv her: vedtaket]")],
            [_("Kommunestyret"), _("[Skriv her: dato]"), _("[Skriv her: sak]"), _("[Skriv her: vedtaket]")],
        ],
    )


def _vedlegg(b: _Builder) -> None:
    from docx.enum.section import WD_SECTION

    section = b.doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False
    b.width_cm = LANDSCAPE_WIDTH_CM
    b.h(_("Vedlegg 1: Handlingsplan {{ aar }} med innvilgningsstatus"), 1)
    b.p(
        _(
            "Alle tiltak med finansiering per kilde og status. Beløp i kroner; innvilget, utbetalt og regnskap gjelder "
            "omstillingsmidlene; IN er Innovasjon Norge. Prosjekteier og mål står i vedlegg 2."
        ),
        keep=True,
    )
    b.table(
        [
            _("ID"),
            _("IO"),
            _("Tiltak"),
            _("Type"),
            _("PLP-fase"),
            _("Budsjett"),
            _("Omst.midler"),
            _("IN"),
            _("Næringsliv"),
            _("Andre"),
            _("Status"),
            _("Innvilget"),
            _("Utbetalt"),
            _("Regnskap"),
        ],
        [
            "{{ t.id }}",
            "{{ t.innsatsomrade }}",
            "{{ t.navn }}",
            "{{ t.type }}",
            "{{ t.plp_fase }}",
            "{{ t.budsjett|tall }}",
            "{{ t.omstillingsmidler|tall }}",
            "{{ t.innovasjon_norge|tall }}",
            "{{ t.naeringsliv|tall }}",
            "{{ t.andre|tall }}",
            "{{ t.status }}",
            "{{ t.innvilget|tall }}",
            "{{ t.utbetalt|tall }}",
            "{{ t.regnskap|tall }}",
        ],
        loop="t in vedlegg.tiltak",
        widths=[0.9, 0.8, 3.9, 2.4, 2.2, 1.7, 2.0, 1.5, 2.0, 1.5, 1.5, 1.7, 1.7, 1.7],
        align="lllllrrrrrlrrr",
        small=True,
        sums=[
            _("Sum"),
            "",
            "",
            "",
            "",
            "{{ vedlegg.tiltak_sum.budsjett|tall }}",
            "{{ vedlegg.tiltak_sum.omstillingsmidler|tall }}",
            "{{ vedlegg.tiltak_sum.innovasjon_norge|tall }}",
            "{{ vedlegg.tiltak_sum.naeringsliv|tall }}",
            "{{ vedlegg.tiltak_sum.andre|tall }}",
            "",
            "{{ vedlegg.tiltak_sum.innvilget|tall }}",
            "{{ vedlegg.tiltak_sum.utbetalt|tall }}",
            "{{ vedlegg.tiltak_sum.regnskap|tall }}",
        ],
    )
    b.h(_("Vedlegg 2: Mål og kommentarer per tiltak"), 1)
    b.table(
        [_("ID"), _("Tiltak"), _("Prosjekteier"), _("Resultatmål"), _("Prosjektmål"), _("Kommentar")],
        [
            "{{ t.id }}",
            "{{ t.navn }}",
            "{{ t.prosjekteier }}{% if t.orgnr %} ({{ t.orgnr }}){% endif %}",
            "{{ t.resultatmaal }}",
            "{{ t.prosjektmaal }}",
            "{{ t.kommentar }}",
        ],
        loop="t in vedlegg.tiltak",
        widths=[0.9, 4.2, 3.6, 5, 5, 6],
        align="llllll",
        small=True,
    )
    b.h(_("Vedlegg 3: Kontroll av tallgrunnlaget"), 1)
    b.p(_("Tallene i handlingsplanene er kontrollert maskinelt: {{ vedlegg.kontroll.sammendrag }}."))
    b.tag("{%p if vedlegg.kontroll.funn %}")
    b.table(
        [_("Fil"), _("Kode"), _("Alvorlighet"), _("Sted"), _("Melding")],
        ["{{ f.fil }}", "{{ f.kode }}", "{{ f.alvorlighet }}", "{{ f.sted }}", "{{ f.melding }}"],
        loop="f in vedlegg.kontroll.funn",
        widths=[3.4, 1.7, 1.8, 2.6, 15.2],
        align="lllll",
        small=True,
    )
    b.tag("{%p endif %}")
    b.p(
        _(
            "Sporbarhet: laget fra {{ kilde.fil }} (SHA-256 {{ kilde.sha256 }}; kontroll: {{ kilde.validering }})"
            "{% for t in kilde.tidligere %} og {{ t.fil }} for {{ t.aar|aar }} (SHA-256 {{ t.sha256 }}; kontroll: "
            "{{ t.validering }}){% endfor %}. Validering: {% if validert %}validert{% else %}IKKE VALIDERT{% endif %}. "
            "Laget med {{ kilde.verktoy }}."
        ),
        "Sporbarhet",
    )


def build_template() -> Any:
    """The template as a python-docx Document, in the current målform (``i18n.use``)."""
    b = _Builder()
    _styles(b.doc)
    _settings(b.doc)
    _page(b.doc.sections[0])
    _header_footer(b.doc.sections[0])
    _front_page(b)
    _innledning(b)
    _maal(b)
    _innsatsomrader(b)
    _organisering(b)
    _kommunikasjon(b)
    _finansiering(b)
    _regnskap(b)
    _risiko(b)
    _behandling(b)
    _vedlegg(b)
    _fixed_properties(b.doc)
    _drop_thumbnail(b.doc)
    return b.doc


@cache
def shipped_template_bytes(maalform: str = i18n.BOKMAAL) -> bytes:
    """The built-in template of ``maalform`` as shipped in the package (``omstill_xl/data/arsrapport.docx``,
    ``arsrapport-nn.docx`` for nynorsk), what the tool renders with: reading it costs a millisecond, building
    it 0.4 s. ``tests/test_report_template.py`` proves each is byte for byte what :func:`template_bytes`
    builds."""
    from importlib.resources import files

    return (files("omstill_xl") / "data" / TEMPLATE_FILES[maalform]).read_bytes()


@cache
def template_bytes(maalform: str = i18n.BOKMAAL) -> bytes:
    """The built-in template of ``maalform`` as reproducible .docx bytes (cached per process)."""
    from ..safeio import deterministic_zip

    buf = io.BytesIO()
    with i18n.use(maalform, explicit=True):
        build_template().save(buf)
    return deterministic_zip(buf.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    from ..errors import OmstillError
    from ..safeio import atomic_write_bytes

    args = list(sys.argv[1:] if argv is None else argv)
    overwrite = "--overwrite" in args
    args = [a for a in args if a != "--overwrite"]
    maalform = i18n.BOKMAAL
    if "--nynorsk" in args:
        maalform = i18n.NYNORSK
        args = [a for a in args if a != "--nynorsk"]
    target = Path(args[0]) if args else Path("templates") / TEMPLATE_FILES[maalform]
    try:
        atomic_write_bytes(target, template_bytes(maalform), overwrite=overwrite)
    except OmstillError as e:
        print(e.user_text(), file=sys.stderr)
        return 2
    print(target)
    return 0


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    sys.exit(main())
