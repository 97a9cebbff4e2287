"""The søknad's context → Word (.docx)."""

from __future__ import annotations

from typing import Any

from .. import fmt
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table
from .soknad import SOURCE_LABELS


def title_of(ctx: dict[str, Any]) -> str:
    return f"Søknad om omstillingsmidler for {ctx['aar']}"


def soknad_docx(ctx: dict[str, Any]) -> bytes:
    prog = ctx["program"]
    doc = new_document(title_of(ctx), author=prog["organisasjon"] or prog["navn"] or "omstill_xl")
    where = " ".join(x for x in (prog["kommunenummer"], prog["kommune"]) if x)
    paragraph(doc, f"{prog['navn']} ({where})", bold_lead="Program: ")
    if prog["fylke"]:
        paragraph(doc, f"{prog['fylke']} fylkeskommune", bold_lead="Til: ")
    if prog["status_fra"] and prog["status_til"]:
        paragraph(doc, f"{fmt.aar(prog['status_fra'])}–{fmt.aar(prog['status_til'])}", bold_lead="Statusperiode: ")
    if prog["programleder"]:
        paragraph(doc, prog["programleder"], bold_lead="Programleder: ")
    om = ctx["omstillingsmidler"]
    paragraph(
        doc,
        f"{prog['kommune'] or 'Kommunen'} søker om {fmt.kr(om['tilskudd'])} i omstillingsmidler for {ctx['aar']}. "
        f"Kommunens egenandel er {fmt.kr(om['egenandel'])}.",
        bold_lead="Søknaden: ",
    )

    doc.add_heading("1. Bakgrunn og situasjon", level=1)
    paragraph(doc, ctx["tekst"]["bakgrunn"])

    doc.add_heading("2. Mål og strategier", level=1)
    paragraph(doc, prog["hovedmaal"], bold_lead="Hovedmål: ")
    for io in ctx["innsatsomrader"]:
        doc.add_heading(f"{io['id']} {io['navn']}", level=2)
        paragraph(doc, io["maal"], bold_lead="Mål: ")
        if io["strategier"]:
            paragraph(doc, io["strategier"], bold_lead="Strategier: ")
        paragraph(
            doc,
            f"budsjett {fmt.kr(io['budsjett'])}, av dette omstillingsmidler {fmt.kr(io['omstillingsmidler'])}.",
            bold_lead=f"Ressurser {ctx['aar']}: ",
        )

    doc.add_heading("3. Prosjekter og tiltak", level=1)
    rows = [
        [t["id"], t["navn"], t["innsatsomrade"], t["type"], fmt.tall(t["budsjett"]), fmt.tall(t["omstillingsmidler"])]
        for t in ctx["tiltak"]
    ]
    sums = ctx["kostnadsoverslag"]
    rows.append(["", "Sum", "", "", fmt.tall(sums["budsjett"]), fmt.tall(sums["kilder"]["omstillingsmidler"])])
    table(
        doc,
        ["ID", "Tiltak", "Innsatsområde", "Type", "Budsjett", "Omst.midler"],
        rows,
        [1.1, 5.4, 2.8, 2.6, 2.1, 2.1],
        numeric_from=4,
        total_rows=1,
    )

    doc.add_heading("4. Organisering og fremdrift", level=1)
    paragraph(doc, ctx["tekst"]["organisering"])

    doc.add_heading("5. Kostnadsoverslag og finansieringsplan", level=1)
    fin = [[f["kilde"], fmt.kr(f["belop"]), fmt.prosent(f["andel"])] for f in ctx["finansieringsplan"]]
    fin.append(["Sum", fmt.kr(sums["budsjett"]), fmt.prosent(1.0 if sums["budsjett"] else None)])
    table(doc, ["Kilde", "Beløp", "Andel"], fin, [7, 3, 2], total_rows=1)
    note(doc, "Kostnadsoverslaget er summen av tiltakenes budsjett (total kostnad) i handlingsplanen.")
    doc.add_heading("Omstillingsmidlene", level=2)
    items = [
        ["Fylkeskommunens tilskudd (søkt)", fmt.kr(om["tilskudd"])],
        ["Kommunens egenandel", fmt.kr(om["egenandel"])],
        ["Omstillingsmidler i alt", fmt.kr(om["i_alt"])],
        ["Overført fra fjoråret", fmt.kr(om["overfort"])],
        ["Disponibelt i alt", fmt.kr(om["disponibelt"])],
        ["Fylkeskommunens andel", fmt.prosent(om["fylkesandel"])],
    ]
    if om["maks_fylkesandel"] is not None:
        items.append(["Maksimal fylkesandel", fmt.prosent(om["maks_fylkesandel"])])
    table(doc, ["", "Beløp"], items, [7, 3])
    doc.add_heading("Kommunens egenandel og vedtak", level=2)
    paragraph(doc, ctx["tekst"]["vedtak"])

    doc.add_heading(f"6. Status for {ctx['aar'] - 1}", level=1)
    st = ctx["status"]
    if st is None:
        paragraph(doc, f"Det er ikke gitt noen arbeidsbok for {ctx['aar'] - 1}, så status for året er ikke med.")
    else:
        table(
            doc,
            ["", "Beløp"],
            [
                ["Disponibelt", fmt.kr(st["disponibelt"])],
                ["Innvilget", fmt.kr(st["innvilget"])],
                ["Brukt", fmt.kr(st["brukt"])],
                ["Ubrukt (overføres)", fmt.kr(st["ubrukt"])],
            ],
            [7, 3],
        )
        note(doc, st["grunnlag"])

    doc.add_heading("7. Ramme for resten av statusperioden", level=1)
    if ctx["ramme"]:
        rows = [
            [fmt.aar(r["aar"]), fmt.tall(r["fylkeskommune"]), fmt.tall(r["kommune"]), fmt.tall(r["sum"])]
            for r in ctx["ramme"]
        ]
        rows.append(
            [
                "Sum",
                fmt.tall(sum(r["fylkeskommune"] for r in ctx["ramme"])),
                fmt.tall(sum(r["kommune"] for r in ctx["ramme"])),
                fmt.tall(ctx["ramme_sum"]),
            ]
        )
        table(doc, ["År", "Fylkeskommune", "Kommune", "Sum"], rows, [2, 3, 3, 3], total_rows=1)
    else:
        paragraph(doc, "Arbeidsboka har ingen ramme for årene som gjenstår (arket Finansiering).")
    paragraph(doc, fmt.kr(ctx["tilfort_hittil"]), bold_lead=f"Tilført til og med {ctx['aar'] - 1}: ")

    doc.add_heading("8. FNs bærekraftsmål", level=1)
    paragraph(doc, ctx["tekst"]["baerekraft"])

    path, sha, checked = ctx["kilde"]
    provenance(doc, [made_from(path, sha, ctx["tidligere"], checked=checked)])
    return docx_bytes(doc)


__all__ = ["SOURCE_LABELS", "soknad_docx", "title_of"]
