"""The sluttrapport's fact base → Word (.docx) and a workbook (.xlsx) with the same tables, one sheet each.

Each table is built once (``tables``) as raw values with a kind per column; Word gets them formatted by
``fmt``, the workbook as numbers with the house number formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import fmt
from ..i18n import N_, translator
from ..report.context import code_word
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table
from .slutt import ADMIN_ROW, NO_IO_ROW

_ = translator("documents")

TITLE = N_("Faktagrunnlag for sluttevaluering")


def _io_label(r: dict[str, Any]) -> str:
    if r["id"] in (ADMIN_ROW, NO_IO_ROW):
        return _(r["id"])
    return f"{r['id']} {r['navn']}".strip()


@dataclass(frozen=True)
class Tab:
    sheet: str  # sheet name in the workbook (≤ 31 characters)
    heading: str
    header: tuple[str, ...]
    kinds: tuple[str, ...]  # text | kr | tall | prosent | aar | desimal
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    total_rows: int = 0


def _cell(kind: str, v: Any) -> str:
    if v is None:
        return fmt.EMPTY
    if kind == "prosent":
        return fmt.prosent(v)
    if kind == "aar":
        return fmt.aar(v)
    if kind == "desimal":
        return fmt.tall(v, 1)
    if kind in ("kr", "tall"):
        return fmt.tall(v)
    return str(v)


def tables(ctx: dict[str, Any]) -> list[Tab]:
    res = ctx["ressurser"]
    years = res["years"]
    ys = tuple(str(y) for y in years)
    out = [
        Tab(
            _("Ressurser per år"),
            _("Samlet ressursbruk per år"),
            (
                _("År"),
                _("Fylkeskommune"),
                _("Kommune"),
                _("Tilført"),
                _("Fordelt (nytt)"),
                _("Innvilget (nytt)"),
                _("Brukt"),
            ),
            ("aar", "kr", "kr", "kr", "kr", "kr", "kr"),
            tuple(
                (r["aar"], r["fylkeskommune"], r["kommune"], r["tilfort"], r["fordelt"], r["innvilget"], r["brukt"])
                for r in res["per_year"]
            )
            + (
                (
                    _("Sum"),
                    *(res["sum"][k] for k in ("fylkeskommune", "kommune", "tilfort", "fordelt", "innvilget", "brukt")),
                ),
            ),
            _(
                "Beløp i kroner. Nytt = det som kom til det året; et tilsagn eller budsjett som er videreført, "
                "telles én gang."
            ),
            1,
        ),
        Tab(
            _("Ressurser per kilde"),
            _("Budsjett per finansieringskilde og år"),
            (_("Kilde"), *ys, _("Sum")),
            ("text", *("kr",) * len(ys), "kr"),
            tuple((code_word(s["kilde"]), *(s["per_year"][y] for y in years), s["sum"]) for s in res["sources"]),
            _("Tiltakenes budsjett per kilde, nytt hvert år (videreført budsjett telles én gang)."),
        ),
        Tab(
            _("Brukt per innsatsområde"),
            _("Brukte omstillingsmidler per innsatsområde og år"),
            (_("Innsatsområde"), *ys, _("Sum")),
            ("text", *("kr",) * len(ys), "kr"),
            tuple((_io_label(r), *(r["per_year"][y] for y in years), r["sum"]) for r in res["by_io"]),
            _("Brukt = regnskap der det er ført, ellers utbetalt."),
        ),
        Tab(
            _("Regnskap mot budsjett"),
            _("Regnskapsanalyse: brukt mot budsjett per år"),
            (
                _("År"),
                _("Disponibelt"),
                _("Budsjett på tiltak"),
                _("Brukt"),
                _("Avvik"),
                _("Brukt av budsjett"),
                _("Ubrukt"),
            ),
            ("aar", "kr", "kr", "kr", "kr", "prosent", "kr"),
            tuple(
                (r["aar"], r["disponibelt"], r["budsjett"], r["brukt"], r["avvik"], r["andel"], r["ubrukt"])
                for r in ctx["regnskap"]
            ),
            _(
                "Budsjett på tiltak er omstillingsmidlene slik årets arbeidsbok fordeler dem (med det som er "
                "videreført). Ubrukt overføres til neste år."
            ),
        ),
        Tab(
            _("Mål og resultater"),
            _("Kvantitative mål mot resultater i perioden"),
            (_("Indikator"), _("Mål hittil"), _("Resultat hittil"), _("Oppnådd"), _("Mål for perioden")),
            ("text", "tall", "tall", "prosent", "tall"),
            tuple(
                (m["navn"], m["maal_hittil"], m["resultat_hittil"], m["andel_hittil"], m["maal_perioden"])
                for m in ctx["maal"]
            ),
            _("Årlige indikatorer summert over årene; nivåer og andeler summeres ikke (tomme her)."),
        ),
    ]
    p = ctx["portefolje"]
    out.append(
        Tab(
            _("Portefølje"),
            _("Prosjektporteføljen: størrelse på tiltakene"),
            (_("Omstillingsmidler per tiltak i perioden"), _("Antall tiltak")),
            ("text", "tall"),
            tuple((_(b["band"]), b["antall"]) for b in p["storrelse"]) + ((_("Sum"), p["antall"]),),
            _(
                "Hvert tiltak én gang over årene (samme ID), administrasjon utenom. Små prosjekter: under {limit}."
            ).format(limit=fmt.kr(p["grense_smaa"])),
            1,
        )
    )
    for key, label in (("befolkning", _("Befolkning")), ("sysselsetting", _("Sysselsatte (arbeidssted)"))):
        s = ctx[key]
        if s is None:
            continue
        out.append(
            Tab(
                label[:31],
                _("{label}: kommunen mot egen trend før programmet og fylket").format(label=label),
                (
                    _("År"),
                    _("Kommunen"),
                    _("Trend {years}").format(years=s["trendaar"]),
                    _("Avvik fra trend"),
                    _("Indeks ({year} = 100)").format(year=s["basisaar"]),
                    _("Fylket, indeks"),
                ),
                ("aar", "tall", "tall", "tall", "desimal", "desimal"),
                tuple(
                    (r["aar"], r["kommune"], r["trend"], r["avvik"], r["indeks"], r["fylke_indeks"]) for r in s["rader"]
                ),
                _(
                    "Kilde: SSB, {table}. Trenden er rett linje (minste kvadraters metode) gjennom "
                    "årene {years}, forlenget gjennom programperioden."
                ).format(table=s["tittel"] or s["kilde"], years=s["trendaar"]),
            )
        )
    return out


def title_of(ctx: dict[str, Any]) -> str:
    title = _(TITLE)
    return f"{title} {ctx['fra']}–{ctx['til']}"


def slutt_docx(ctx: dict[str, Any]) -> bytes:
    doc = new_document(title_of(ctx), author=ctx["programnavn"] or "omstill_xl", landscape=True)
    where = " ".join(x for x in (ctx["kommunenummer"], ctx["kommune"]) if x)
    paragraph(
        doc,
        _("{name} ({where}), statusperiode {first}–{last}.").format(
            name=ctx["programnavn"], where=where, first=ctx["fra"], last=ctx["til"]
        ),
        bold_lead=_("Program: "),
    )
    paragraph(doc, ", ".join(map(str, ctx["aar"])), bold_lead=_("Arbeidsbøker for: "))
    if ctx["mangler"]:
        paragraph(
            doc,
            _("{years}. Tallene for disse årene mangler.").format(years=", ".join(map(str, ctx["mangler"]))),
            bold_lead=_("Mangler: "),
        )
    doc.add_heading(_("Innledning"), level=1)
    paragraph(doc, ctx["tekst"]["innledning"])
    p = ctx["portefolje"]
    paragraph(
        doc,
        _(
            "{n} tiltak utenom administrasjon, av dem {firms} bedriftsrettede; {small} små prosjekter ({share}). "
            "Gjennomsnittlig {mean} i omstillingsmidler per tiltak."
        ).format(
            n=p["antall"],
            firms=p["bedriftsrettede"],
            small=p["smaa"],
            share=fmt.prosent(p["andel_smaa"]),
            mean=fmt.kr(p["snitt"]),
        ),
        bold_lead=_("Porteføljen: "),
    )
    for tab in tables(ctx):
        doc.add_heading(tab.heading, level=1)
        numeric = [j for j, k in enumerate(tab.kinds) if k != "text"]
        n = len(tab.header)
        widths = [4.0 if k == "text" else 2.2 for k in tab.kinds]
        rows = [
            [_cell(k, v) if not (isinstance(v, str) and k != "text") else v for k, v in zip(tab.kinds, r, strict=True)]
            for r in tab.rows
        ]
        table(doc, list(tab.header), rows, widths[:n], numeric=numeric, total_rows=tab.total_rows)
        if tab.note:
            note(doc, tab.note)
    if ctx["befolkning"] is None and ctx["sysselsetting"] is None:
        paragraph(
            doc,
            _("Ikke med: SSB-tabellene 07459 (befolkning) og 11616 (sysselsatte) ble ikke gitt."),
            bold_lead=_("Sysselsetting og befolkning: "),
        )
    doc.add_heading(_("Vurdering"), level=1)
    paragraph(doc, ctx["tekst"]["vurdering"])
    provenance(doc, [made_from(path, sha, checked=c) for path, sha, c in ctx["kilder"]])
    return docx_bytes(doc)


def slutt_xlsx(ctx: dict[str, Any]) -> bytes:
    from ..workbook.styles import (
        BOX,
        FMT_AMOUNT,
        FMT_DEC,
        FMT_PERCENT,
        FMT_YEAR,
        HEADER_FILL,
        HEADER_FONT,
        WRAP_TOP,
        font,
        new_workbook,
        print_setup,
        set_value,
        workbook_bytes,
    )

    formats = {"kr": FMT_AMOUNT, "tall": FMT_AMOUNT, "prosent": FMT_PERCENT, "aar": FMT_YEAR, "desimal": FMT_DEC}
    wb = new_workbook()
    wb.remove(wb.active)
    for tab in tables(ctx):
        ws = wb.create_sheet(tab.sheet)
        set_value(ws.cell(1, 1), tab.heading)
        ws.cell(1, 1).font = font(size=13, bold=True)
        set_value(ws.cell(2, 1), f"{ctx['programnavn']} {ctx['fra']}–{ctx['til']}")
        for c, h in enumerate(tab.header, start=1):
            cell = ws.cell(4, c)
            set_value(cell, h)
            cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BOX, WRAP_TOP
            ws.column_dimensions[cell.column_letter].width = 36 if tab.kinds[c - 1] == "text" else 15
        ws.row_dimensions[4].height = 40
        for i, r in enumerate(tab.rows, start=5):
            for c, (kind, v) in enumerate(zip(tab.kinds, r, strict=True), start=1):
                cell = ws.cell(i, c)
                set_value(cell, v)
                cell.border = BOX
                if kind in formats and not isinstance(v, str):
                    cell.number_format = formats[kind]
        if tab.note:
            set_value(ws.cell(len(tab.rows) + 6, 1), tab.note)
            ws.cell(len(tab.rows) + 6, 1).font = font(size=8, italic=True)
        ws.freeze_panes = "A5"
        print_setup(ws, landscape=True)
    return workbook_bytes(wb)
