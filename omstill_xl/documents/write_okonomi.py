"""The økonomirapport's context → Word (.docx) and a one-sheet workbook (.xlsx)."""

from __future__ import annotations

from typing import Any

from .. import fmt
from ..i18n import N_, translator
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table
from .okonomi import COLUMNS

_ = translator("documents")

TITLE = N_("Økonomirapport til styret")
SHEET = N_("Økonomirapport")


def _code(value: str) -> str:
    """A code-list word of the workbook (a status) in the current målform."""
    from ..report.context import code_word

    return code_word(value)


def _labels() -> list[str]:
    return [_(label) for _key, label in COLUMNS]


def _dato(d: Any) -> str:
    return fmt.dato(d)


def title_of(ctx: dict[str, Any]) -> str:
    return _("{title} per {date}").format(title=_(TITLE), date=_dato(ctx["per"]))


def provenance_lines(ctx: dict[str, Any]) -> list[str]:
    path, sha, checked = ctx["kilde"]
    return [made_from(path, sha, checked=checked), ctx["grunnlag"]]


def _cells(row: dict[str, Any]) -> list[str]:
    return [fmt.tall(row[k]) if row[k] is not None else fmt.EMPTY for k, _label in COLUMNS]


def okonomi_docx(ctx: dict[str, Any]) -> bytes:
    doc = new_document(title_of(ctx), author=ctx["programnavn"] or "omstill_xl", landscape=True)
    where = " ".join(x for x in (ctx["kommunenummer"], ctx["kommune"]) if x)
    paragraph(
        doc,
        _("{name} ({where}). Handlingsplanen for {year}.").format(
            name=ctx["programnavn"], where=where, year=ctx["aar"]
        ),
        bold_lead=_("Program: "),
    )
    paragraph(doc, ctx["grunnlag"], bold_lead=_("Grunnlag: "))
    doc.add_heading(_("Tiltak"), level=1)
    header = [_("ID"), _("Tiltak"), _("Status"), *_labels()]
    rows = [[r["id"], r["navn"], _code(r["status"]), *_cells(r)] for r in ctx["tiltak"]]
    rows.append(["", _("Sum"), "", *_cells(ctx["sum"])])
    table(doc, header, rows, [1.2, 6, 2, 2.2, 2, 2, 2, 2, 2.2], numeric_from=3, total_rows=1)
    note(
        doc,
        _(
            "Beløp i kroner, omstillingsmidler. Brukt er regnskap der det er ført, ellers utbetalt. Avvik er brukt "
            "minus budsjett (negativt: mindre brukt enn budsjettert). Åpent tilsagn er innvilget minus brukt."
        ),
    )
    if ctx["over_tilsagn"]:
        paragraph(
            doc,
            _("Brukt er mer enn innvilget for {tiltak}. Styret bør se på tilsagnene.").format(
                tiltak=", ".join(ctx["over_tilsagn"])
            ),
            bold_lead=_("Merk: "),
        )
    doc.add_heading(_("Disponibelt og igjen å fordele"), level=1)
    ramme = ctx["ramme"]
    items = [
        (_("Fylkeskommunens tilskudd"), ramme["tilskudd"]),
        (_("Kommunens egenandel"), ramme["egenandel"]),
        (_("Overført fra fjoråret"), ramme["overfort"]),
        (_("Disponibelt i alt"), ramme["disponibelt"]),
        (_("Fordelt på tiltak"), ramme["fordelt"]),
        (_("Igjen å fordele (disponibelt − fordelt)"), ramme["ikke_fordelt"]),
        (_("Ikke innvilget (disponibelt − innvilget)"), ramme["ikke_innvilget"]),
        (_("Ubrukt (disponibelt − brukt)"), ramme["ubrukt"]),
    ]
    table(doc, [_("Post"), _("Beløp")], [[label, fmt.kr(v)] for label, v in items], [8, 3])
    doc.add_heading(_("Hittil i perioden"), level=1)
    h = ctx["hittil"]
    table(
        doc,
        ["", _("Beløp")],
        [
            [_("Tilført (fylkeskommune og kommune)"), fmt.kr(h["tilfort"])],
            [_("Innvilget (hver krone én gang)"), fmt.kr(h["innvilget"])],
            [_("Brukt"), fmt.kr(h["brukt"])],
        ],
        [8, 3],
    )
    note(
        doc,
        _("Fra {first} til og med {year}; et tilsagn som er videreført, telles én gang.").format(
            first=ctx["perioden_fra"], year=ctx["aar"]
        ),
    )
    provenance(doc, provenance_lines(ctx))
    return docx_bytes(doc)


def okonomi_xlsx(ctx: dict[str, Any]) -> bytes:
    """One sheet: the tiltak table with a sum row, the frame below, the basis and provenance at the foot."""
    from ..workbook.styles import (
        BOX,
        FMT_AMOUNT,
        HEADER_FILL,
        HEADER_FONT,
        SUM_FILL,
        WRAP_TOP,
        font,
        new_workbook,
        print_setup,
        set_value,
        workbook_bytes,
    )

    wb = new_workbook()
    ws = wb.active
    ws.title = _(SHEET)
    set_value(ws.cell(1, 1), title_of(ctx))
    ws.cell(1, 1).font = font(size=14, bold=True)
    set_value(ws.cell(2, 1), _("{name} – handlingsplanen for {year}").format(name=ctx["programnavn"], year=ctx["aar"]))
    header = [_("ID"), _("Tiltak"), _("Status"), *_labels()]
    widths = [8, 36, 12, 15, 14, 14, 14, 14, 15]
    top = 4
    for c, (h, w) in enumerate(zip(header, widths, strict=True), start=1):
        cell = ws.cell(top, c)
        set_value(cell, h)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BOX, WRAP_TOP
        ws.column_dimensions[cell.column_letter].width = w
    rows = [*ctx["tiltak"], {"id": "", "navn": _("Sum"), "status": "", **ctx["sum"]}]
    for i, r in enumerate(rows, start=top + 1):
        values = [r["id"], r["navn"], _code(r["status"]), *(r[k] for k, _label in COLUMNS)]
        for c, v in enumerate(values, start=1):
            cell = ws.cell(i, c)
            set_value(cell, v)
            cell.border = BOX
            if c > 3:
                cell.number_format = FMT_AMOUNT
            if r is rows[-1]:
                cell.fill = SUM_FILL
                cell.font = font(bold=True)
    row = top + len(rows) + 2
    ramme = ctx["ramme"]
    for label, key in (
        (N_("Disponibelt i alt"), "disponibelt"),
        (N_("Fordelt på tiltak"), "fordelt"),
        (N_("Igjen å fordele"), "ikke_fordelt"),
        (N_("Ikke innvilget"), "ikke_innvilget"),
        (N_("Ubrukt"), "ubrukt"),
    ):
        set_value(ws.cell(row, 2), _(label))
        set_value(ws.cell(row, 4), ramme[key])
        ws.cell(row, 4).number_format = FMT_AMOUNT
        row += 1
    row += 1
    for line in provenance_lines(ctx):
        set_value(ws.cell(row, 1), line)
        ws.cell(row, 1).font = font(size=8, italic=True)
        row += 1
    ws.row_dimensions[top].height = 27  # two lines of header
    ws.freeze_panes = ws.cell(top + 1, 1)
    print_setup(ws, landscape=True)
    return workbook_bytes(wb)
