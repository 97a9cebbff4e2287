"""The sluttrapport's fact base → Word (.docx) and a workbook (.xlsx) with the same tables, one sheet each.

Each table is built once (``tables``) as raw values with a kind per column; Word gets them formatted by
``fmt``, the workbook as numbers with the house number formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import fmt
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table

TITLE = "Faktagrunnlag for sluttevaluering"


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
            "Ressurser per år",
            "Samlet ressursbruk per år",
            ("År", "Fylkeskommune", "Kommune", "Tilført", "Fordelt (nytt)", "Innvilget (nytt)", "Brukt"),
            ("aar", "kr", "kr", "kr", "kr", "kr", "kr"),
            tuple(
                (r["aar"], r["fylkeskommune"], r["kommune"], r["tilfort"], r["fordelt"], r["innvilget"], r["brukt"])
                for r in res["per_year"]
            )
            + (
                (
                    "Sum",
                    *(res["sum"][k] for k in ("fylkeskommune", "kommune", "tilfort", "fordelt", "innvilget", "brukt")),
                ),
            ),
            "Beløp i kroner. Nytt = det som kom til det året; et tilsagn eller budsjett som er videreført, telles én gang.",
            1,
        ),
        Tab(
            "Ressurser per kilde",
            "Budsjett per finansieringskilde og år",
            ("Kilde", *ys, "Sum"),
            ("text", *("kr",) * len(ys), "kr"),
            tuple((s["kilde"], *(s["per_year"][y] for y in years), s["sum"]) for s in res["sources"]),
            "Tiltakenes budsjett per kilde, nytt hvert år (videreført budsjett telles én gang).",
        ),
        Tab(
            "Brukt per innsatsområde",
            "Brukte omstillingsmidler per innsatsområde og år",
            ("Innsatsområde", *ys, "Sum"),
            ("text", *("kr",) * len(ys), "kr"),
            tuple(
                (f"{r['id']} {r['navn']}".strip(), *(r["per_year"][y] for y in years), r["sum"]) for r in res["by_io"]
            ),
            "Brukt = regnskap der det er ført, ellers utbetalt.",
        ),
        Tab(
            "Regnskap mot budsjett",
            "Regnskapsanalyse: brukt mot budsjett per år",
            ("År", "Disponibelt", "Budsjett på tiltak", "Brukt", "Avvik", "Brukt av budsjett", "Ubrukt"),
            ("aar", "kr", "kr", "kr", "kr", "prosent", "kr"),
            tuple(
                (r["aar"], r["disponibelt"], r["budsjett"], r["brukt"], r["avvik"], r["andel"], r["ubrukt"])
                for r in ctx["regnskap"]
            ),
            "Budsjett på tiltak er omstillingsmidlene slik årets arbeidsbok fordeler dem (med det som er videreført). "
            "Ubrukt overføres til neste år.",
        ),
        Tab(
            "Mål og resultater",
            "Kvantitative mål mot resultater i perioden",
            ("Indikator", "Mål hittil", "Resultat hittil", "Oppnådd", "Mål for perioden"),
            ("text", "tall", "tall", "prosent", "tall"),
            tuple(
                (m["navn"], m["maal_hittil"], m["resultat_hittil"], m["andel_hittil"], m["maal_perioden"])
                for m in ctx["maal"]
            ),
            "Årlige indikatorer summert over årene; nivåer og andeler summeres ikke (tomme her).",
        ),
    ]
    p = ctx["portefolje"]
    out.append(
        Tab(
            "Portefølje",
            "Prosjektporteføljen: størrelse på tiltakene",
            ("Omstillingsmidler per tiltak i perioden", "Antall tiltak"),
            ("text", "tall"),
            tuple((b["band"], b["antall"]) for b in p["storrelse"]) + (("Sum", p["antall"]),),
            f"Hvert tiltak én gang over årene (samme ID), administrasjon utenom. Små prosjekter: under "
            f"{fmt.kr(p['grense_smaa'])}.",
            1,
        )
    )
    for key, label in (("befolkning", "Befolkning"), ("sysselsetting", "Sysselsatte (arbeidssted)")):
        s = ctx[key]
        if s is None:
            continue
        out.append(
            Tab(
                label[:31],
                f"{label}: kommunen mot egen trend før programmet og fylket",
                (
                    "År",
                    "Kommunen",
                    f"Trend {s['trendaar']}",
                    "Avvik fra trend",
                    f"Indeks ({s['basisaar']} = 100)",
                    "Fylket, indeks",
                ),
                ("aar", "tall", "tall", "tall", "desimal", "desimal"),
                tuple(
                    (r["aar"], r["kommune"], r["trend"], r["avvik"], r["indeks"], r["fylke_indeks"]) for r in s["rader"]
                ),
                f"Kilde: SSB, {s['tittel'] or s['kilde']}. Trenden er rett linje (minste kvadraters metode) gjennom "
                f"årene {s['trendaar']}, forlenget gjennom programperioden.",
            )
        )
    return out


def title_of(ctx: dict[str, Any]) -> str:
    return f"{TITLE} {ctx['fra']}–{ctx['til']}"


def slutt_docx(ctx: dict[str, Any]) -> bytes:
    doc = new_document(title_of(ctx), author=ctx["programnavn"] or "omstill_xl", landscape=True)
    where = " ".join(x for x in (ctx["kommunenummer"], ctx["kommune"]) if x)
    paragraph(doc, f"{ctx['programnavn']} ({where}), statusperiode {ctx['fra']}–{ctx['til']}.", bold_lead="Program: ")
    paragraph(doc, ", ".join(map(str, ctx["aar"])), bold_lead="Arbeidsbøker for: ")
    if ctx["mangler"]:
        paragraph(
            doc, ", ".join(map(str, ctx["mangler"])) + ". Tallene for disse årene mangler.", bold_lead="Mangler: "
        )
    doc.add_heading("Innledning", level=1)
    paragraph(doc, ctx["tekst"]["innledning"])
    p = ctx["portefolje"]
    paragraph(
        doc,
        f"{p['antall']} tiltak utenom administrasjon, av dem {p['bedriftsrettede']} bedriftsrettede; "
        f"{p['smaa']} små prosjekter ({fmt.prosent(p['andel_smaa'])}). Gjennomsnittlig "
        f"{fmt.kr(p['snitt'])} i omstillingsmidler per tiltak.",
        bold_lead="Porteføljen: ",
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
            "Ikke med: SSB-tabellene 07459 (befolkning) og 11616 (sysselsatte) ble ikke gitt.",
            bold_lead="Sysselsetting og befolkning: ",
        )
    doc.add_heading("Vurdering", level=1)
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
