"""The «Veiledning» sheet, generated from the schema so it can never drift from the workbook."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .. import i18n
from .. import schema as S
from ..i18n import N_
from .styles import HEADER_FILL, HEADER_FONT, SECTION_FONT, TITLE_FONT, WRAP_TOP, fit_row, wrapped_lines

_ = i18n.translator("workbook")

KIND_TEXT = {
    "text": N_("tekst"),
    "id": N_("ID (tekst)"),
    "code": N_("valg fra liste"),
    "amount": N_("beløp i kroner"),
    "number": N_("tall"),
    "percent": N_("prosent"),
    "year": N_("årstall"),
    "date": N_("dato (dd.mm.åååå)"),
    "orgnr": N_("org.nr (9 sifre)"),
    "kommunenr": N_("kommunenummer (4 sifre)"),
    "formula": N_("regnes ut"),
    "maalform": N_("bokmål eller nynorsk"),
}

GENERAL = (
    N_("Slik bruker du arbeidsboka"),
    [
        N_(
            "Arbeidsboka er handlingsplanen for ett år: programmet, innsatsområdene, tiltakene med budsjett og "
            "finansiering, omstillingsmidlene og målene. Regnskap og resultater føres inn i samme bok ved årsslutt."
        ),
        N_("Gule celler fyller du ut. Grå celler regnes ut av formler og er låst (arkbeskyttelse uten passord)."),
        N_("Der valget er fast, har cellen en nedtrekksliste. Felter merket med * må fylles ut."),
        N_("Beløp føres i hele kroner, uten «kr» og uten mellomrom som tekst: skriv 1250000, Excel viser 1 250 000."),
        N_(
            "Kontroller boka med knappen Valider på fanen Omstilling i Excel, eller med kommandoen "
            "«omstill validate fil.xlsx». Avvik vises med arkets navn og celle."
        ),
        N_("Neste års arbeidsbok lages med «omstill new --from denne-fila.xlsx --aar ÅR»."),
        N_(
            "Målformen, bokmål eller nynorsk, velger du i feltet Målform på arket Program. Årsrapporten og "
            "meldingene fra kontrollen følger den."
        ),
    ],
)

HEAD_FILL = HEADER_FILL
WIDTHS = (30, 22, 10, 80)
GUIDE_WIDTH = sum(WIDTHS)


def write_guide(ws: Worksheet, caps: dict[str, int]) -> None:
    for letter, width in zip("ABCD", WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.cell(1, 1, _("Veiledning — handlingsplan for omstillingsprogram")).font = TITLE_FONT
    row = 3
    title, lines = GENERAL
    ws.cell(row, 1, _(title)).font = SECTION_FONT
    row += 1
    for line in lines:
        text = "• " + _(line)
        c = ws.cell(row, 1, text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        c.alignment = WRAP_TOP
        fit_row(ws, row, wrapped_lines(text, GUIDE_WIDTH))
        row += 1
    starts = []
    tr = S.tr
    for s in S.SHEETS:
        items: list[tuple[str, str, bool, str, object]] = [
            (tr(f.label), f.kind, f.required, tr(f.help), f.codelist) for f in s.fields
        ]
        if s.table:
            items += [(tr(c.header), c.kind, c.required, tr(c.help), c.codelist) for c in s.table.columns]
        starts.append(row + 1)
        row = _write_section(ws, row, S.sheet_title(s.name), tr(s.intro), items)
    from ..orgform.layout import GUIDE_INTRO, GUIDE_ITEMS

    def orgform_text(text: str) -> str:  # the Organisasjonsform sheet's texts are in its own catalogue
        return i18n.gettext("orgform", text)

    starts.append(row + 1)
    row = _write_section(
        ws,
        row,
        S.sheet_title(S.ORGFORM_SHEET),
        orgform_text(GUIDE_INTRO),
        [(orgform_text(label), kind, False, orgform_text(help), None) for label, kind, help in GUIDE_ITEMS],
    )
    _section_breaks(ws, starts, row)
    ws.protection.sheet = True
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = _("Side &[Page] av &[Pages]")


# The printed page in row points: A4 portrait inside openpyxl's default margins, at the scale that fits the
# guide's width (LibreOffice: a column width unit is about 7 px at 96 dpi, plus 5 px padding per column).
PAGE_PT = (29.7 - 2 * 2.54 - 0.6) / 2.54 * 72 / ((21.0 - 2 * 1.905) / ((7 * GUIDE_WIDTH + 5 * len(WIDTHS)) / 96 * 2.54))
DEFAULT_ROW_PT = 12.8


def _section_breaks(ws: Worksheet, starts: list[int], last: int) -> None:
    """A page break before a sheet's section when little room is left for it on the page (its heading would
    otherwise be printed alone at the foot of a page)."""
    from openpyxl.worksheet.pagebreak import Break

    def height(r: int) -> float:
        return ws.row_dimensions[r].height or DEFAULT_ROW_PT

    ends = [*(s - 1 for s in starts[1:]), last]
    used = sum(height(r) for r in range(1, starts[0]))
    for start, end in zip(starts, ends):
        section = sum(height(r) for r in range(start, end + 1))
        room = PAGE_PT - used % PAGE_PT
        if room < min(section, PAGE_PT / 4):
            ws.row_breaks.append(Break(id=start - 1))
            used += room
        used += section


def _write_section(ws: Worksheet, row: int, name: str, intro: str, items: list) -> int:  # type: ignore[type-arg]
    """One sheet's part of the guide from ``row`` on: title, intro, and a line per field or column."""
    row += 1
    ws.cell(row, 1, _("Arket «{name}»").format(name=name)).font = SECTION_FONT
    row += 1
    c = ws.cell(row, 1, intro)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    c.alignment = WRAP_TOP
    fit_row(ws, row, wrapped_lines(intro, GUIDE_WIDTH))
    row += 1
    for i, h in enumerate((_("Felt / kolonne"), _("Type"), _("Påkrevd"), _("Forklaring")), start=1):
        hc = ws.cell(row, i, h)
        hc.font = HEADER_FONT
        hc.fill = HEAD_FILL
    row += 1
    for label, kind, required, help, codelist in items:
        text = help
        if isinstance(codelist, S.CodeList):
            words = ", ".join(S.tr(v) for v in codelist.values)
            text += " " + (_("Valg: {words}.") if codelist.strict else _("Valg: {words} (eller egen).")).format(
                words=words
            )
        kind_text = _(KIND_TEXT[kind])
        # Every cell of the row at the top, so a label sits beside the first line of its explanation.
        for col, value in enumerate((label, kind_text, _("ja") if required else ""), start=1):
            ws.cell(row, col, value).alignment = WRAP_TOP
        d = ws.cell(row, 4, text)
        d.alignment = WRAP_TOP
        lines = max(
            wrapped_lines(text, WIDTHS[3]), wrapped_lines(label, WIDTHS[0]), wrapped_lines(kind_text, WIDTHS[1])
        )
        fit_row(ws, row, lines)
        row += 1
    return row
