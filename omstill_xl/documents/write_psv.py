"""The PSV context → Word (.docx): the scores with their justifications, the trend and the fact base."""

from __future__ import annotations

from typing import Any

from .. import fmt
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table


def title_of(ctx: dict[str, Any]) -> str:
    return f"Programstatusvurdering {ctx['aar']}"


def _score(v: Any) -> str:
    return fmt.EMPTY if v is None else fmt.tall(v)


def psv_docx(ctx: dict[str, Any]) -> bytes:
    doc = new_document(title_of(ctx), author=ctx["programnavn"] or "omstill_xl")
    where = " ".join(x for x in (ctx["kommunenummer"], ctx["kommune"]) if x)
    paragraph(doc, f"{ctx['programnavn']} ({where})", bold_lead="Program: ")
    paragraph(doc, ctx["deltakere"], bold_lead="Deltakere: ")
    paragraph(doc, ctx["prosessleder"], bold_lead="Prosessleder: ")
    note(
        doc,
        "Skala: 1 ikke til stede, 2 svak, 3 tilfredsstillende, 4 betydelig, 5 topp. Deltakerne blir enige om én "
        "skår per hovedindikator, med en felles begrunnelse (Innovasjon Norges metode).",
    )

    doc.add_heading("1. Vurdering per hovedindikator", level=1)
    for gruppe, heading in (("prosess", "Prosessindikatorer"), ("effekt", "Effektindikatorer"), ("annen", "Andre")):
        rows = [r for r in ctx["vurdering"] if r["gruppe"] == gruppe]
        if not rows:
            continue
        doc.add_heading(heading, level=2)
        table(
            doc,
            ["Hovedindikator", "Skår", "Begrunnelse", "Forslag til forbedring"],
            [[r["indikator"], _score(r["skaar"]), r["begrunnelse"], r["forbedring"]] for r in rows],
            [4.5, 1.2, 6.5, 4.5],
            numeric=[1],
        )
    s = ctx["snitt"]
    paragraph(
        doc,
        f"alle {fmt.tall(s['alle'], 1) if s['alle'] is not None else fmt.EMPTY}, prosess "
        f"{fmt.tall(s['prosess'], 1) if s['prosess'] is not None else fmt.EMPTY}, effekt "
        f"{fmt.tall(s['effekt'], 1) if s['effekt'] is not None else fmt.EMPTY}.",
        bold_lead="Gjennomsnittlig skår: ",
    )

    years = ctx["aar_med_psv"]
    doc.add_heading("2. Utvikling over år", level=1)
    if len(years) > 1:
        rows = [
            [t["indikator"], *(_score(t["skaar"].get(y)) for y in years), fmt.fortegn(t["endring"])]
            for t in ctx["trend"]
        ]
        table(doc, ["Hovedindikator", *map(str, years), "Endring"], rows, [5, *([1.3] * len(years)), 1.6])
        note(doc, f"Endring er siste skår minus første, {years[0]}–{years[-1]}.")
    else:
        paragraph(doc, f"Dette er den første vurderingen i arbeidsbøkene ({years[0]}); utviklingen vises fra neste år.")

    f = ctx["fakta"]
    doc.add_heading("3. Faktagrunnlag", level=1)
    doc.add_heading(f"Økonomi {f['fra']}–{f['aar']}", level=2)
    h = f["hittil"]
    table(
        doc,
        ["", "Beløp"],
        [
            ["Tilført (fylkeskommune og kommune)", fmt.kr(h["tilfort"])],
            ["Innvilget (hver krone én gang)", fmt.kr(h["innvilget"])],
            ["Utbetalt", fmt.kr(h["utbetalt"])],
            ["Brukt (regnskap, ellers utbetalt)", fmt.kr(h["brukt"])],
        ],
        [8, 3],
    )
    doc.add_heading(f"Prosjektporteføljen {f['aar']}", level=2)
    status = ", ".join(f"{n} {k}" for k, n in sorted(f["status"].items()))
    paragraph(doc, f"{f['antall_tiltak']} tiltak utenom administrasjon ({status or 'ingen'}).", bold_lead="Tiltak: ")
    doc.add_heading(f"Mål og resultater {f['aar']}", level=2)
    if f["maal"]:
        rows = [
            [
                m["navn"],
                fmt.tall(m["maal"]),
                fmt.tall(m["resultat"]),
                fmt.tall(m["maal_hittil"]),
                fmt.tall(m["resultat_hittil"]),
            ]
            for m in f["maal"]
        ]
        table(doc, ["Indikator", "Mål", "Resultat", "Mål hittil", "Resultat hittil"], rows, [6, 2, 2, 2, 2])
    else:
        paragraph(doc, "Arbeidsboka har ingen mål for året.")

    doc.add_heading("4. Konklusjon", level=1)
    paragraph(doc, ctx["konklusjon"])
    path, sha, checked = ctx["kilde"]
    provenance(doc, [made_from(path, sha, checked=checked)])
    return docx_bytes(doc)
