"""The Word section for the saksframlegg (python-docx), standalone or inside another document.

``add_orgform_section(document, model, level=…)`` appends the section to an open python-docx Document (the
årsrapport's «Organisering og drift» uses it with ``level=2``); ``write_orgform_docx(model, path)`` writes it
as a document of its own. Headings use the built-in «Heading 1–3» styles; numbers are Norwegian (Babel nb_NO).
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import i18n
from ..i18n import N_, translator
from ..safeio import WORD_PROPERTY_MAX, atomic_write_bytes, clean_text, deterministic_zip, guard_docx_text
from .chart import WIDTH_CM, ranking_alt_text, ranking_height_cm, ranking_spec
from .criteria import CRITERIA, FORMS, form_heading, short_names, source_note
from .numbers import decimal, percent, score_text
from .scoring import orgform_of, rank_orgform, sensitivity
from .text import caveats, chosen_sentence, result_sentence, sensitivity_sentence, sensitivity_summary

# The årsrapport's look (omstill_xl/report/make_template.py): Arial, dark blue headings and table headers,
# light blue sum rows, thin grey borders, A4 with 2,5 cm margins, «Side X av Y».
HEADER_FILL = "1F4E79"
WINNER_FILL = "C6EFCE"
TOTAL_FILL = "D9E2F3"
BORDER = "BFBFBF"
FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)
_ = translator("orgform")
TITLE = N_("Valg av organisasjonsform")  # translated where shown, as are INTRO and the other texts
INTRO = N_(
    "Før gjennomføringsfasen skal kommunen velge hvordan omstillingsprogrammet organiseres. Her sammenliknes de "
    "seks aktuelle formene: stiftelse, kommunalt foretak (KF), interkommunalt selskap (IKS), kommunal avdeling, "
    "aksjeselskap (AS) og program. Kommunen har selv vektet kriteriene etter hvor viktige de er, og gitt hver "
    "form 1–5 poeng per kriterium (5 = passer kommunen best). Vektet poengsum er summen av vekt × poeng."
)


# Where long Norwegian compounds in the matrix may break (a soft hyphen there), so narrow columns never split
# a word at a random letter. Words not listed wrap whole.
_COMPOUNDS = (
    "Arbeidsgiver|ansvar",
    "Eier|forpliktelse",
    "Eier|innflytelse",
    "General|forsamlingen",
    "Kommune|lovens",
    "Kommune|loven",
    "Kommune|styret",
    "Offentlighets|loven",
    "Regnskaps|loven",
    "Regnskaps|regler",
    "Videre|føring",
    "adminis|trativ",
    "aksje|innskuddet",
    "aksjonær|avtale",
    "eier|kommunene",
    "for|pliktelser",
    "nærings|arbeid",
    "observa|tører",
    "offent|lighet",
    "organi|sasjon",
    "retts|subjekt",
    "samarbeids|avtale",
    "selskaps|avtalen",
    "stiftelses|loven",
    "stiftelses|myndigheten",
    "stiftelses|tilsynet",
    "styrings|gruppe",
    "utviklings|selskap",
    "verts|organisasjon",
)
_SOFT = {w.replace("|", "").lower(): w.index("|") for w in _COMPOUNDS}
_WORD = re.compile(r"[A-Za-zÆØÅæøå]{10,}")


def hyphenate(text: str) -> str:
    """``text`` with soft hyphens (U+00AD) at the compound joints listed in ``_COMPOUNDS``."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        at = _SOFT.get(word.lower())
        return word if at is None else word[:at] + "\u00ad" + word[at:]

    return _WORD.sub(repl, text)


def _chosen(model: Any) -> str | None:
    program = getattr(model, "program", None)
    return program.get("organisasjonsform") if program is not None else None


# -- python-docx helpers ------------------------------------------------------------------------------


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):  # one shading per cell
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _borders(table: Any) -> None:
    """Thin grey borders and narrow cell margins, set on the table itself (no dependency on a table style the
    host document may lack), as in the årsrapport."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    edges = "".join(
        f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))
    tbl_pr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="70" w:type="dxa"/>'
            '<w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
        )
    )


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _no_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _text(
    cell: Any,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    colour: str | None = None,
    align: str | None = None,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def _table(
    document: Any,
    header: list[str],
    rows: list[list[str]],
    widths_cm: list[float],
    *,
    size: float,
    align: list[str | None],
    bold_cols: frozenset[int] | set[int] = frozenset(),
    total_rows: int = 0,
    first_bold: bool = True,
) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = document.add_table(rows=1 + len(rows), cols=len(header))
    _borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for j, w in enumerate(widths_cm):
        table.columns[j].width = Cm(w)
    for j, h in enumerate(header):
        cell = table.rows[0].cells[j]
        _shade(cell, HEADER_FILL)
        _text(cell, h, size=size, bold=True, colour="FFFFFF", align=align[j])
    _repeat_header(table.rows[0])
    for i, values in enumerate(rows, start=1):
        is_total = i > len(rows) - total_rows
        for j, v in enumerate(values):
            cell = table.rows[i].cells[j]
            bold = (j == 0 and first_bold) or j in bold_cols or is_total
            _text(cell, v, size=size, bold=bold, align=align[j])
            if is_total:
                _shade(cell, TOTAL_FILL)
        _no_split(table.rows[i])
    for row in table.rows:
        for j, w in enumerate(widths_cm):
            row.cells[j].width = Cm(w)
    return table


def _text_width_cm(document: Any) -> float:
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    return round(width / 360000, 2)  # EMU → cm


def _note(document: Any, text: str, size: float = 8) -> None:
    from docx.shared import Pt, RGBColor

    p = document.add_paragraph()
    p.paragraph_format.space_before = Pt(3)
    run = p.add_run(text)
    run.italic = True
    run.font.size = Pt(size)
    run.font.color.rgb = RGBColor.from_string("595959")


def _lead(document: Any, lead: str, text: str) -> None:
    p = document.add_paragraph()
    p.add_run(lead).bold = True
    p.add_run(text)


# -- the section --------------------------------------------------------------------------------------


def add_orgform_section(
    document: Any, model: Any, *, level: int = 1, chosen: str | None = None, title: str | None = None
) -> None:
    """Append the organisasjonsform section to an open python-docx ``document``.

    ``model`` is a Handlingsplan (its Organisasjonsform sheet; the chosen form from its Program sheet) or an
    ``Orgform``. ``level`` is the heading level of the section title; its parts use ``level + 1`` and
    ``level + 2``. ``chosen`` overrides the chosen form. The texts are in the current målform (``i18n.use``).

    >>> import docx
    >>> doc = docx.Document()
    >>> doc.add_heading("Organisering og drift", 1)  # doctest: +SKIP
    >>> add_orgform_section(doc, plan, level=2)      # doctest: +SKIP
    """
    orgform = orgform_of(model)
    chosen = chosen if chosen is not None else _chosen(model)
    ranking = rank_orgform(orgform)
    sens = sensitivity(orgform.weights, orgform.scores)
    width = _text_width_cm(document)

    document.add_heading(title if title is not None else _(TITLE), level)
    document.add_paragraph(_(INTRO))
    _lead(
        document,
        _("Resultat: "),
        " ".join(t for t in (result_sentence(ranking), chosen_sentence(ranking, chosen)) if t),
    )
    if sens.assessed:
        _lead(document, _("Følsomhet: "), sensitivity_summary(sens))

    document.add_heading(_("Fakta om formene"), level + 1)
    first = 2.9
    each = (width - first) / len(FORMS)
    rows = [[hyphenate(c.name)] + [hyphenate(c.fact(j)) for j in range(len(FORMS))] for c in CRITERIA]
    _table(
        document,
        [_("Kriterium"), *short_names()],
        rows,
        [first] + [each] * len(FORMS),
        size=7.5,
        align=[None] * (1 + len(FORMS)),
    )
    _note(document, source_note())

    document.add_heading(_("Kommunens vekter og poeng"), level + 1)
    document.add_paragraph(
        _(
            "Vekt er hvor viktig kriteriet er for kommunen. Poeng 1–5 er hvor godt formen passer "
            "kommunen på kriteriet (5 = best). Tom celle betyr at formen ikke har fått poeng."
        )
    )
    weights, scores = orgform.weights, orgform.scores
    rows = []
    for c in CRITERIA:
        w = weights[c.key]
        rows.append([c.name, "" if w is None else percent(w)] + [score_text(scores[c.key][f]) for f in FORMS])
    rows.append([_("Sum vekter"), percent(ranking.weight_sum)] + [""] * len(FORMS))
    rows.append(
        [_("Vektet poengsum"), ""]
        + ["" if ranking.totals[f] is None else decimal(ranking.totals[f] or 0.0) for f in FORMS]
    )
    rows.append([_("Rangering"), ""] + ["" if ranking.ranks[f] is None else str(ranking.ranks[f]) for f in FORMS])
    first, weight_col = 3.7, 1.3
    each = (width - first - weight_col) / len(FORMS)
    winners = {FORMS.index(f) + 2 for f in ranking.winners}
    table = _table(
        document,
        [_("Kriterium"), _("Vekt"), *short_names()],
        rows,
        [first, weight_col] + [each] * len(FORMS),
        size=7.5,
        align=[None, "right"] + ["center"] * len(FORMS),
        bold_cols=winners,
        total_rows=3,
    )
    for j in winners:  # the best-ranked form's total and rank turn green, as on the sheet
        for r in (len(rows) - 1, len(rows)):
            _shade(table.rows[r].cells[j], WINNER_FILL)
    for text in caveats(ranking, orgform.in_use):
        _lead(document, _("Merk: "), text)

    document.add_heading(_("Rangering"), level + 1)
    if ranking.winners:
        from ..docxchart import add_chart_run

        add_chart_run(  # a native chart; its alt text is read aloud and carried into the tagged PDF
            document.add_paragraph(),
            ranking_spec(ranking.totals, chosen=chosen),
            width_cm=min(width, WIDTH_CM),
            height_cm=ranking_height_cm(ranking.totals),
            alt=ranking_alt_text(ranking.totals, chosen=chosen),
            title=_("Rangering"),
        )
        order = sorted(
            (f for f in FORMS if ranking.totals[f] is not None), key=lambda f: (ranking.ranks[f], FORMS.index(f))
        )
        rows = [
            [
                str(ranking.ranks[f]),
                form_heading(f) + (_(" (valgt)") if f == chosen else ""),
                decimal(ranking.totals[f] or 0.0),
                _("{n} av {total}").format(n=ranking.scored[f], total=len(CRITERIA)),
            ]
            for f in order
        ]
        for f in FORMS:
            if ranking.totals[f] is None:
                rows.append(
                    [
                        "–",
                        form_heading(f) + (_(" (valgt)") if f == chosen else ""),
                        _("ingen poeng"),
                        _("{n} av {total}").format(n=0, total=len(CRITERIA)),
                    ]
                )
        scale = min(1.0, width / 15.4)
        _table(
            document,
            [_("Rang"), _("Organisasjonsform"), _("Vektet poengsum"), _("Kriterier med poeng")],
            rows,
            [w * scale for w in (1.4, 7.0, 3.4, 3.6)],
            size=9,
            align=["center", None, "right", "right"],
            first_bold=False,
        )
    else:
        document.add_paragraph(_("Rangeringen og diagrammet kommer når formene har fått poeng."))
    document.add_heading(_("Følsomhet"), level + 2)
    document.add_paragraph(
        sensitivity_sentence(sens)
        + " "
        + _("Testen flytter én vekt om gangen 10 prosentpoeng opp og ned og ser om en annen form da blir best rangert.")
    )


def _page_number_footer(document: Any) -> None:
    """«Side X av Y», centred, in grey 8 pt."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    p = document.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def text(value: str) -> None:
        run = p.add_run(value)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor.from_string("595959")

    def field(name: str) -> None:
        for kind, instr in (("begin", None), (None, name), ("separate", None), (None, "1"), ("end", None)):
            run = p.add_run()
            run.font.size = Pt(8)
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            elif instr == "1":
                el = OxmlElement("w:t")
                el.text = instr
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {instr} "
            run._r.append(el)

    text(_("Side") + " ")
    field("PAGE")
    text(" " + _("av") + " ")
    field("NUMPAGES")


def _report_style(document: Any) -> None:
    """Arial 10,5 pt body, Heading 1–3 as in the årsrapport, Norwegian proofing, automatic hyphenation."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from ..report.make_template import base_styles

    base_styles(document)
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(".//" + qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), i18n.language_tag())
    rpr.append(lang)
    settings = document.settings.element
    tab = settings.find(qn("w:defaultTabStop"))
    hyph = OxmlElement("w:autoHyphenation")  # schema order: right after defaultTabStop
    if tab is not None:
        tab.addnext(hyph)
    else:
        settings.append(hyph)


def orgform_document(model: Any, *, chosen: str | None = None, title: str | None = None) -> Any:
    """A new python-docx Document holding just the section, styled like the årsrapport."""
    guard_docx_text()  # text is cleaned once, at the writer
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)
    _report_style(document)
    program = getattr(model, "program", None)
    name = program.get("programnavn") if program is not None else None
    translated = _(TITLE)
    heading = title or (f"{translated} – {name}" if name else translated)
    add_orgform_section(document, model, level=1, chosen=chosen, title=heading)
    _page_number_footer(document)
    props = document.core_properties
    props.title = clean_text(heading, WORD_PROPERTY_MAX)  # Word refuses a core property over 255 characters
    props.language = i18n.language_tag()
    organisation = program.get("organisasjon") if program is not None else None
    props.author = organisation or name or "omstill_xl"
    props.last_modified_by = "omstill_xl"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return document


def orgform_docx_bytes(model: Any, *, chosen: str | None = None, title: str | None = None) -> bytes:
    buf = io.BytesIO()
    orgform_document(model, chosen=chosen, title=title).save(buf)
    return deterministic_zip(buf.getvalue())


def write_orgform_docx(
    model: Any, path: str | Path, *, overwrite: bool = False, chosen: str | None = None, title: str | None = None
) -> Path:
    """Write the section as its own .docx (atomically; refuses to replace a file unless ``overwrite``)."""
    return atomic_write_bytes(Path(path), orgform_docx_bytes(model, chosen=chosen, title=title), overwrite=overwrite)
