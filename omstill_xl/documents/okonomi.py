"""Økonomirapport to the board (styret): per tiltak budget, innvilget, utbetalt and regnskap to a date,
deviations, open tilsagn and what is left to allocate. Pure: a programme of the core in, a context out.

The figures of a tiltak are the ledger's (``programme.ledger``): *brukt* is regnskap where filled in, else
utbetalt; *åpent tilsagn* is innvilget − brukt; *avvik* is brukt − the tiltak's omstillingsmidler in the budget.
The year's workbook holds year-end figures only. Where dated payments exist (the tilsagn register being added
to the workbook; ``Payment`` is the record it yields), utbetalt is the sum of the payments up to and including
the date; otherwise the report says which workbook's year-end figures it used and on what basis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import schema as S
from ..errors import InputError
from ..i18n import N_, translator
from ..programme import LoadedFile, Programme, year_of
from ..programme.ledger import basis_text, tiltak_key
from ..totals import plan_totals
from .docx import checked as _checked

_ = translator("documents")

# (key, column label in bokmål: shown through the catalogue, ``_(label)``)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("omstillingsmidler", N_("Budsjett omst.midler")),
    ("innvilget", N_("Innvilget")),
    ("utbetalt", N_("Utbetalt")),
    ("regnskap", N_("Regnskap")),
    ("avvik", N_("Avvik")),
    ("apent", N_("Åpent tilsagn")),
)
# The words ``programme.ledger.basis_text`` says «brukt» is (translated where they are shown).
BASIS_WORDS = (N_("utbetalt"), N_("regnskap"), N_("regnskap (utbetalt der regnskap mangler)"))


@dataclass(frozen=True)
class Payment:
    """One dated payment of omstillingsmidler to a tiltak (what a tilsagn register yields)."""

    tiltak: str  # the tiltak's ID as in the Tiltak sheet
    dato: dt.date
    belop: float


def choose_plan(prog: Programme, per: dt.date) -> Any:
    """The workbook for the date's year; else the newest before it. None when every workbook is later."""
    before = [p for p in prog.chain if (year_of(p) or 0) <= per.year]
    return before[-1] if before else None


def _row(tid: str, navn: str, typ: str, status: str, money: dict[str, float | None]) -> dict[str, Any]:
    return {"id": tid, "navn": navn, "type": typ, "status": status, **money}


def economic_context(
    prog: Programme,
    per: dt.date,
    *,
    payments: Sequence[Payment] | None = None,
    files: Sequence[LoadedFile] = (),
) -> dict[str, Any]:
    """The report's numbers for ``prog`` to ``per``. ``payments``: dated payments (None: the workbook has none)."""
    plan = choose_plan(prog, per)
    if plan is None:
        first = prog.years[0] if prog.years else "?"
        raise InputError(
            _("Programmet har ingen arbeidsbok for {year} eller tidligere (første år er {first}).").format(
                year=per.year, first=first
            )
        )
    year = year_of(plan) or per.year
    dated: dict[str, float] | None = None
    if payments is not None:
        dated = {}
        for pay in payments:
            if pay.dato <= per and pay.dato.year == year:
                key = str(pay.tiltak).strip().casefold()
                dated[key] = dated.get(key, 0.0) + pay.belop
    rows: list[dict[str, Any]] = []
    for r in prog.ledger.by_year(year):
        t = r.row
        utbetalt = dated.get(tiltak_key(t), 0.0) if dated is not None else r.utbetalt
        regnskap = None if dated is not None else (r.regnskap if t.get("regnskap") is not None else None)
        brukt = utbetalt if dated is not None else r.brukt
        omst = t.amount("omstillingsmidler")
        rows.append(
            _row(
                str(t.get("id") or ""),
                str(t.get("navn") or ""),
                str(t.get("type") or ""),
                str(t.get("status") or ""),
                {
                    "omstillingsmidler": omst,
                    "innvilget": r.innvilget,
                    "utbetalt": utbetalt,
                    "regnskap": regnskap,
                    "brukt": brukt,
                    "avvik": brukt - omst,
                    "apent": max(0.0, r.innvilget - brukt),
                    "videreført": r.carried_tilsagn,
                },
            )
        )
    total: dict[str, float | None] = {
        k: float(sum(row[k] or 0.0 for row in rows)) for k in ("omstillingsmidler", "innvilget", "utbetalt")
    }
    total["regnskap"] = (
        None if all(row["regnskap"] is None for row in rows) else sum(row["regnskap"] or 0.0 for row in rows)
    )
    total["brukt"] = float(sum(row["brukt"] for row in rows))
    total["avvik"] = float(sum(row["avvik"] for row in rows))
    total["apent"] = float(sum(row["apent"] for row in rows))
    totals = plan_totals(plan)
    ramme = {
        "tilskudd": plan.finansiering.amount("fylkeskommunens_tilskudd"),
        "egenandel": plan.finansiering.amount("kommunens_egenandel"),
        "overfort": plan.finansiering.amount("overfort"),
        "disponibelt": totals.disponibelt,
        "fordelt": totals.by_source["omstillingsmidler"],
        "ikke_fordelt": totals.disponibelt - totals.by_source["omstillingsmidler"],
        "ikke_innvilget": totals.disponibelt - (total["innvilget"] or 0.0),
        "ubrukt": totals.disponibelt - (total["brukt"] or 0.0),
    }
    if dated is not None:
        grunnlag = _(
            "Utbetalt er summen av de daterte utbetalingene til og med {date} "
            "i arbeidsboka for {year}. Regnskap per dato finnes ikke; brukt er utbetalt."
        ).format(date=f"{per.day}.{per.month}.{per.year}", year=year)
        per_dato = True
    else:
        grunnlag = _(
            "Arbeidsboka for {year} har ikke daterte utbetalinger. Tallene for utbetalt og regnskap er "
            "årsslutt-tallene slik de står i arbeidsboka, ikke tall per {date}; brukt er {basis}."
        ).format(year=year, date=f"{per.day}.{per.month}.{per.year}", basis=_(basis_text(plan)))
        if year < per.year:
            grunnlag += " " + _("Det finnes ingen arbeidsbok for {year}; den nyeste er for {newest}.").format(
                year=per.year, newest=year
            )
        per_dato = False
    flagged = [
        row
        for row in rows
        if row["type"] != S.TYPE_ADMIN and row["brukt"] > row["innvilget"] + 1.0 and row["innvilget"] >= 0
    ]
    file = next((f for f in files if f.plan is plan), None)
    return {
        "programnavn": prog.programnavn,
        "kommune": prog.kommune,
        "kommunenummer": prog.kommunenummer,
        "per": per,
        "aar": year,
        "per_dato": per_dato,
        "grunnlag": grunnlag,
        "tiltak": rows,
        "sum": total,
        "ramme": ramme,
        "over_tilsagn": [row["id"] or row["navn"] for row in flagged],
        "hittil": prog.ledger.cumulative(year),
        "perioden_fra": prog.years[0] if prog.years else year,
        "kilde": (file.path if file else plan.source, file.sha256 if file else "", _checked(file)),
    }
