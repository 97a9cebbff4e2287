"""The søknad's context → Word (.docx), in the current målform."""

from __future__ import annotations

from typing import Any

from .. import fmt
from ..i18n import translator
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table
from .soknad import SOURCE_LABELS

_ = translator("documents")


def title_of(ctx: dict[str, Any]) -> str:
    return _("Søknad om omstillingsmidler for {year}").format(year=ctx["aar"])


def soknad_docx(ctx: dict[str, Any]) -> bytes:
    prog = ctx["program"]
    doc = new_document(title_of(ctx), author=prog["organisasjon"] or prog["navn"] or "omstill_xl")
    where = " ".join(x for x in (prog["kommunenummer"], prog["kommune"]) if x)
    paragraph(doc, f"{prog['navn']} ({where})", bold_lead=_("Program: "))
    if prog["fylke"]:
        paragraph(doc, _("{fylke} fylkeskommune").format(fylke=prog["fylke"]), bold_lead=_("Til: "))
    if prog["status_fra"] and prog["status_til"]:
        paragraph(doc, f"{fmt.aar(prog['status_fra'])}–{fmt.aar(prog['status_til'])}", bold_lead=_("Statusperiode: "))
    if prog["programleder"]:
        paragraph(doc, prog["programleder"], bold_lead=_("Programleder: "))
    om = ctx["omstillingsmidler"]
    paragraph(
        doc,
        _("{kommune} søker om {amount} i omstillingsmidler for {year}. Kommunens egenandel er {own}.").format(
            kommune=prog["kommune"] or _("Kommunen"),
            amount=fmt.kr(om["tilskudd"]),
            year=ctx["aar"],
            own=fmt.kr(om["egenandel"]),
        ),
        bold_lead=_("Søknaden: "),
    )

    doc.add_heading(_("1. Bakgrunn og situasjon"), level=1)
    paragraph(doc, ctx["tekst"]["bakgrunn"])

    doc.add_heading(_("2. Mål og strategier"), level=1)
    paragraph(doc, prog["hovedmaal"], bold_lead=_("Hovedmål: "))
    for io in ctx["innsatsomrader"]:
        doc.add_heading(f"{io['id']} {io['navn']}", level=2)
        paragraph(doc, io["maal"], bold_lead=_("Mål: "))
        if io["strategier"]:
            paragraph(doc, io["strategier"], bold_lead=_("Strategier: "))
        paragraph(
            doc,
            _("budsjett {budget}, av dette omstillingsmidler {omst}.").format(
                budget=fmt.kr(io["budsjett"]), omst=fmt.kr(io["omstillingsmidler"])
            ),
            bold_lead=_("Ressurser {year}: ").format(year=ctx["aar"]),
        )

    doc.add_heading(_("3. Prosjekter og tiltak"), level=1)
    rows = [
        [t["id"], t["navn"], t["innsatsomrade"], t["type"], fmt.tall(t["budsjett"]), fmt.tall(t["omstillingsmidler"])]
        for t in ctx["tiltak"]
    ]
    sums = ctx["kostnadsoverslag"]
    rows.append(["", _("Sum"), "", "", fmt.tall(sums["budsjett"]), fmt.tall(sums["kilder"]["omstillingsmidler"])])
    table(
        doc,
        [_("ID"), _("Tiltak"), _("Innsatsområde"), _("Type"), _("Budsjett"), _("Omst.midler")],
        rows,
        [1.1, 5.4, 2.8, 2.6, 2.1, 2.1],
        numeric_from=4,
        total_rows=1,
    )

    doc.add_heading(_("4. Organisering og fremdrift"), level=1)
    paragraph(doc, ctx["tekst"]["organisering"])

    doc.add_heading(_("5. Kostnadsoverslag og finansieringsplan"), level=1)
    fin = [[f["kilde"], fmt.kr(f["belop"]), fmt.prosent(f["andel"])] for f in ctx["finansieringsplan"]]
    fin.append([_("Sum"), fmt.kr(sums["budsjett"]), fmt.prosent(1.0 if sums["budsjett"] else None)])
    table(doc, [_("Kilde"), _("Beløp"), _("Andel")], fin, [7, 3, 2], total_rows=1)
    note(doc, _("Kostnadsoverslaget er summen av tiltakenes budsjett (total kostnad) i handlingsplanen."))
    doc.add_heading(_("Omstillingsmidlene"), level=2)
    items = [
        [_("Fylkeskommunens tilskudd (søkt)"), fmt.kr(om["tilskudd"])],
        [_("Kommunens egenandel"), fmt.kr(om["egenandel"])],
        [_("Omstillingsmidler i alt"), fmt.kr(om["i_alt"])],
        [_("Overført fra fjoråret"), fmt.kr(om["overfort"])],
        [_("Disponibelt i alt"), fmt.kr(om["disponibelt"])],
        [_("Fylkeskommunens andel"), fmt.prosent(om["fylkesandel"])],
    ]
    if om["maks_fylkesandel"] is not None:
        items.append([_("Maksimal fylkesandel"), fmt.prosent(om["maks_fylkesandel"])])
    table(doc, ["", _("Beløp")], items, [7, 3])
    doc.add_heading(_("Kommunens egenandel og vedtak"), level=2)
    paragraph(doc, ctx["tekst"]["vedtak"])

    doc.add_heading(_("6. Status for {year}").format(year=ctx["aar"] - 1), level=1)
    st = ctx["status"]
    if st is None:
        paragraph(
            doc,
            _("Det er ikke gitt noen arbeidsbok for {year}, så status for året er ikke med.").format(
                year=ctx["aar"] - 1
            ),
        )
    else:
        table(
            doc,
            ["", _("Beløp")],
            [
                [_("Disponibelt"), fmt.kr(st["disponibelt"])],
                [_("Innvilget"), fmt.kr(st["innvilget"])],
                [_("Brukt"), fmt.kr(st["brukt"])],
                [_("Ubrukt (overføres)"), fmt.kr(st["ubrukt"])],
            ],
            [7, 3],
        )
        note(doc, st["grunnlag"])

    doc.add_heading(_("7. Ramme for resten av statusperioden"), level=1)
    if ctx["ramme"]:
        rows = [
            [fmt.aar(r["aar"]), fmt.tall(r["fylkeskommune"]), fmt.tall(r["kommune"]), fmt.tall(r["sum"])]
            for r in ctx["ramme"]
        ]
        rows.append(
            [
                _("Sum"),
                fmt.tall(sum(r["fylkeskommune"] for r in ctx["ramme"])),
                fmt.tall(sum(r["kommune"] for r in ctx["ramme"])),
                fmt.tall(ctx["ramme_sum"]),
            ]
        )
        table(doc, [_("År"), _("Fylkeskommune"), _("Kommune"), _("Sum")], rows, [2, 3, 3, 3], total_rows=1)
    else:
        paragraph(doc, _("Arbeidsboka har ingen ramme for årene som gjenstår (arket Finansiering)."))
    paragraph(
        doc, fmt.kr(ctx["tilfort_hittil"]), bold_lead=_("Tilført til og med {year}: ").format(year=ctx["aar"] - 1)
    )

    doc.add_heading(_("8. FNs bærekraftsmål"), level=1)
    paragraph(doc, ctx["tekst"]["baerekraft"])

    path, sha, checked = ctx["kilde"]
    provenance(doc, [made_from(path, sha, ctx["tidligere"], checked=checked)])
    return docx_bytes(doc)


__all__ = ["SOURCE_LABELS", "soknad_docx", "title_of"]
