"""The PSV context → Word (.docx): the scores with their justifications, the trend and the fact base, in the
current målform."""

from __future__ import annotations

from typing import Any

from .. import fmt
from ..i18n import translator
from ..report.context import code_word
from .docx import docx_bytes, made_from, new_document, note, paragraph, provenance, table

_ = translator("documents")


def title_of(ctx: dict[str, Any]) -> str:
    return _("Programstatusvurdering {year}").format(year=ctx["aar"])


def _score(v: Any) -> str:
    return fmt.EMPTY if v is None else fmt.tall(v)


def _mean(v: Any) -> str:
    return fmt.tall(v, 1) if v is not None else fmt.EMPTY


def psv_docx(ctx: dict[str, Any]) -> bytes:
    doc = new_document(title_of(ctx), author=ctx["programnavn"] or "omstill_xl")
    where = " ".join(x for x in (ctx["kommunenummer"], ctx["kommune"]) if x)
    paragraph(doc, f"{ctx['programnavn']} ({where})", bold_lead=_("Program: "))
    paragraph(doc, ctx["deltakere"], bold_lead=_("Deltakere: "))
    paragraph(doc, ctx["prosessleder"], bold_lead=_("Prosessleder: "))
    note(
        doc,
        _(
            "Skala: 1 ikke til stede, 2 svak, 3 tilfredsstillende, 4 betydelig, 5 topp. Deltakerne blir enige om én "
            "skår per hovedindikator, med en felles begrunnelse (Innovasjon Norges metode)."
        ),
    )

    doc.add_heading(_("1. Vurdering per hovedindikator"), level=1)
    groups = (("prosess", _("Prosessindikatorer")), ("effekt", _("Effektindikatorer")), ("annen", _("Andre")))
    for gruppe, heading in groups:
        rows = [r for r in ctx["vurdering"] if r["gruppe"] == gruppe]
        if not rows:
            continue
        doc.add_heading(heading, level=2)
        table(
            doc,
            [_("Hovedindikator"), _("Skår"), _("Begrunnelse"), _("Forslag til forbedring")],
            [[code_word(r["indikator"]), _score(r["skaar"]), r["begrunnelse"], r["forbedring"]] for r in rows],
            [4.5, 1.2, 6.5, 4.5],
            numeric=[1],
        )
    s = ctx["snitt"]
    paragraph(
        doc,
        _("alle {all}, prosess {process}, effekt {effect}.").format(
            all=_mean(s["alle"]), process=_mean(s["prosess"]), effect=_mean(s["effekt"])
        ),
        bold_lead=_("Gjennomsnittlig skår: "),
    )

    years = ctx["aar_med_psv"]
    doc.add_heading(_("2. Utvikling over år"), level=1)
    if len(years) > 1:
        rows = [
            [code_word(t["indikator"]), *(_score(t["skaar"].get(y)) for y in years), fmt.fortegn(t["endring"])]
            for t in ctx["trend"]
        ]
        table(doc, [_("Hovedindikator"), *map(str, years), _("Endring")], rows, [5, *([1.3] * len(years)), 1.6])
        note(doc, _("Endring er siste skår minus første, {first}–{last}.").format(first=years[0], last=years[-1]))
    else:
        paragraph(
            doc,
            _("Dette er den første vurderingen i arbeidsbøkene ({year}); utviklingen vises fra neste år.").format(
                year=years[0]
            ),
        )

    f = ctx["fakta"]
    doc.add_heading(_("3. Faktagrunnlag"), level=1)
    doc.add_heading(_("Økonomi {first}–{last}").format(first=f["fra"], last=f["aar"]), level=2)
    h = f["hittil"]
    table(
        doc,
        ["", _("Beløp")],
        [
            [_("Tilført (fylkeskommune og kommune)"), fmt.kr(h["tilfort"])],
            [_("Innvilget (hver krone én gang)"), fmt.kr(h["innvilget"])],
            [_("Utbetalt"), fmt.kr(h["utbetalt"])],
            [_("Brukt (regnskap, ellers utbetalt)"), fmt.kr(h["brukt"])],
        ],
        [8, 3],
    )
    doc.add_heading(_("Prosjektporteføljen {year}").format(year=f["aar"]), level=2)
    status = ", ".join(f"{n} {k}" for k, n in sorted(f["status"].items()))
    paragraph(
        doc,
        _("{n} tiltak utenom administrasjon ({status}).").format(n=f["antall_tiltak"], status=status or _("ingen")),
        bold_lead=_("Tiltak: "),
    )
    doc.add_heading(_("Mål og resultater {year}").format(year=f["aar"]), level=2)
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
        table(
            doc,
            [_("Indikator"), _("Mål"), _("Resultat"), _("Mål hittil"), _("Resultat hittil")],
            rows,
            [6, 2, 2, 2, 2],
        )
    else:
        paragraph(doc, _("Arbeidsboka har ingen mål for året."))

    doc.add_heading(_("4. Konklusjon"), level=1)
    paragraph(doc, ctx["konklusjon"])
    path, sha, checked = ctx["kilde"]
    provenance(doc, [made_from(path, sha, checked=checked)])
    return docx_bytes(doc)
