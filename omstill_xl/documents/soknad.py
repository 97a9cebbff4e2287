"""Søknad om omstillingsmidler to fylkeskommunen for the coming year: the plan, the kostnadsoverslag and
finansieringsplan by source, the kommune's egenandel (its vedtak is written by a person), the status of the
current year and the frame for the rest of the status period. Pure: a programme of the core in, a context out.

The headings follow what regionalforvaltning.no asks a søknad to cover (domain.md §4): bakgrunn, mål og
strategier, prosjekter, organisering og fremdrift, kostnadsoverslag og finansieringsplan, bærekraftsmål.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import schema as S
from ..errors import InputError
from ..i18n import translator
from ..programme import LoadedFile, Programme, year_of
from ..programme.ledger import basis_text
from ..report.context import clean, code_word, free_text, placeholder
from ..totals import SOURCES, plan_totals
from .docx import checked as _checked

_ = translator("documents")

SOURCE_LABELS: dict[str, str] = {c.key: c.short for c in S.FINANCING_SOURCES}


def application_context(prog: Programme, aar: int, *, files: Sequence[LoadedFile] = ()) -> dict[str, Any]:
    plan = next((p for p in prog.chain if year_of(p) == aar), None)
    if plan is None:
        years = ", ".join(str(y) for y in prog.years) or _("ingen")
        raise InputError(
            _("Programmet har ingen handlingsplan for {year} (arbeidsbøker for: {years}).").format(
                year=aar, years=years
            )
        )
    p = plan.program
    totals = plan_totals(plan)
    by_source = {k: totals.by_source[k] for k in SOURCES}
    budsjett = totals.budsjett
    ios = []
    for io in plan.innsatsomrader:
        iid = io.get("id")
        money = totals.per_innsatsomrade.get(iid, {"budsjett": 0.0, "omstillingsmidler": 0.0})
        ios.append(
            {
                "id": clean(iid),
                "navn": clean(io.get("navn")),
                "maal": free_text(io.get("maal"), _("målet for innsatsområdet {id}").format(id=clean(iid))),
                "strategier": clean(io.get("strategier")),
                "budsjett": money["budsjett"],
                "omstillingsmidler": money["omstillingsmidler"],
            }
        )
    tiltak = [
        {
            "id": clean(t.get("id")),
            "navn": clean(t.get("navn")),
            "innsatsomrade": clean(t.get("innsatsomrade")),
            "type": code_word(clean(t.get("type"))),
            "budsjett": t.amount("budsjett"),
            **{k: t.amount(k) for k in SOURCES},
        }
        for t in plan.tiltak
    ]
    fin = plan.finansiering
    tilskudd = fin.amount("fylkeskommunens_tilskudd")
    egenandel = fin.amount("kommunens_egenandel")
    maks = p.get("maks_fylkesandel")
    current = next((y for y in prog.ledger.years if y.year == aar - 1), None)
    status: dict[str, Any] | None = None
    if current is not None:
        status = {
            "aar": current.year,
            "disponibelt": current.disponibelt,
            "innvilget": current.innvilget,
            "brukt": current.brukt,
            "ubrukt": current.unspent,
            "grunnlag": _("Tallene er slik de står i arbeidsboka for {year}; brukt er {basis}.").format(
                year=current.year, basis=_(basis_text(current.plan))
            ),
        }
    before = prog.ledger.cumulative(aar - 1)
    ramme = [
        {
            "aar": int(r.get("aar")),
            "fylkeskommune": r.amount("fylkeskommune"),
            "kommune": r.amount("kommune"),
            "sum": r.amount("fylkeskommune") + r.amount("kommune"),
        }
        for r in plan.ramme
        if isinstance(r.get("aar"), int) and r.get("aar") >= aar
    ]
    file = next((f for f in files if f.plan is plan), None)
    return {
        "aar": aar,
        "program": {
            "navn": clean(p.get("programnavn")),
            "kommune": prog.kommune or clean(p.get("kommune")),
            "kommunenummer": prog.kommunenummer,
            "fylke": prog.fylke or clean(p.get("fylke")),
            "organisasjon": clean(p.get("organisasjon")),
            "programleder": clean(p.get("programleder")),
            "status_fra": p.get("status_fra"),
            "status_til": p.get("status_til"),
            "hovedmaal": free_text(p.get("hovedmaal"), _("programmets hovedmål fra omstillingsplanen")),
        },
        "tekst": {
            "bakgrunn": placeholder(
                _("bakgrunn og situasjon: hvorfor kommunen er i omstilling, og hva som har skjedd")
            ),
            "organisering": placeholder(_("organisering og fremdrift: styret, administrasjonen og milepæler for året")),
            "baerekraft": placeholder(_("hvilke av FNs bærekraftsmål tiltakene bidrar til, og hvordan")),
            "vedtak": placeholder(_("kommunestyrets vedtak om handlingsplanen og egenandelen: saksnummer og dato")),
        },
        "innsatsomrader": ios,
        "tiltak": tiltak,
        "kostnadsoverslag": {"budsjett": budsjett, "kilder": by_source},
        "finansieringsplan": [
            {"kilde": code_word(SOURCE_LABELS[k]), "belop": v, "andel": v / budsjett if budsjett else None}
            for k, v in by_source.items()
        ],
        "omstillingsmidler": {
            "tilskudd": tilskudd,
            "egenandel": egenandel,
            "i_alt": tilskudd + egenandel,
            "overfort": fin.amount("overfort"),
            "disponibelt": totals.disponibelt,
            "fylkesandel": totals.fylkesandel,
            "maks_fylkesandel": maks if isinstance(maks, (int, float)) else None,
        },
        "status": status,
        "ramme": ramme,
        "ramme_sum": float(sum(r["sum"] for r in ramme)),
        "tilfort_hittil": before["tilfort"],
        "kilde": (file.path if file else plan.source, file.sha256 if file else "", _checked(file)),
        "tidligere": [f.path for f in files if f.plan in prog.chain and f.plan is not plan],
    }
