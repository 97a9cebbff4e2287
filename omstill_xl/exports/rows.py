"""The rows of the two exports, from the programmes the core loaded. Pure: programmes in, rows and warnings out.

Each tilsagn is one row, once: a tilsagn carried into later registers by ``new --from`` is taken from the latest
workbook that holds it (its status, payments and «registrert» are the newest), while its year and fylkesandel are
those of the first (the year it was granted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import schema as S
from ..aid import PUBLIC_SOURCES, public_amount
from ..i18n import translator
from ..kdd import categories, code_of
from ..kommuner import lookup
from ..model import Handlingsplan, Record
from ..profiles import Profiles, load_profiles
from ..programme import Programme

_ = translator("exports")


def _header(sheet: S.Sheet, key: str) -> str:
    assert sheet.table is not None
    return sheet.table.column(key).header


AID_REGIMES = (S.STOTTE_BAGATELL, S.STOTTE_GRUPPEUNNTAK, "annet")  # «ikke støtte» and «kjøp av tjeneste» are no aid
LEGAL_BASIS = {
    S.STOTTE_BAGATELL: "Forordning (EU) 2023/2831 (bagatellmessig støtte)",
    S.STOTTE_GRUPPEUNNTAK: "Forordning (EU) nr. 651/2014 (gruppeunntaket)",
}
# When an award must be in the register (the deadlines are data; see README «Eksport»):
DE_MINIMIS_REGISTER_FROM = dt.date(2026, 1, 1)  # the central de minimis register
DE_MINIMIS_WORKING_DAYS = 20  # entered within 20 working days of the grant (Monday–Friday; holidays not counted out)
GBER_THRESHOLD_EUR = 100_000  # single awards under the block exemption of EUR 100 000 or more …
GBER_MONTHS = 6  # … registered within six months


@dataclass(frozen=True)
class ExportWarning:
    message: str


@dataclass(frozen=True)
class Entry:
    """One tilsagn in one programme: the newest row, the plan it is in, and the plan it first appeared in."""

    programme: Programme
    row: Record
    plan: Handlingsplan
    first: Handlingsplan


def entries(programmes: Sequence[Programme]) -> list[Entry]:
    out: dict[tuple[str, str], Entry] = {}
    for prog in programmes:
        for plan in prog.chain:
            for r in plan.tilsagn:
                key = (prog.key, str(r.get("tilsagnsnummer") or f"rad {r.row}").strip().casefold())
                first = out[key].first if key in out else plan
                out[key] = Entry(prog, r, plan, first)
    return list(out.values())


def _where(e: Entry, key: str = "tilsagnsnummer") -> str:
    return f"{Path(e.plan.source).name} {e.row.address(key)}"


def _kommune(prog: Programme) -> tuple[str, str]:
    k = lookup(prog.kommunenummer)
    return (f"{prog.kommunenummer} {k.navn}" if k else prog.kommunenummer), (k.fylke if k else "")


def _tiltak_text(plan: Handlingsplan, tid: object) -> str:
    if tid is None:
        return ""
    t = next((t for t in plan.tiltak if str(t.get("id")).strip().casefold() == str(tid).strip().casefold()), None)
    return f"{tid} {t.get('navn') or ''}".strip() if t is not None else str(tid)


def add_working_days(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def registration_deadline(regime: object, day: dt.date | None, eur: float | None) -> dt.date | None:
    """The last day to register an award, or None when it need not be registered (or has no date)."""
    if day is None:
        return None
    if regime == S.STOTTE_BAGATELL and day >= DE_MINIMIS_REGISTER_FROM:
        return add_working_days(day, DE_MINIMIS_WORKING_DAYS)
    if regime == S.STOTTE_GRUPPEUNNTAK and eur is not None and eur >= GBER_THRESHOLD_EUR:
        return add_months(day, GBER_MONTHS)
    return None


def stotteregister_rows(
    programmes: Sequence[Programme], today: dt.date
) -> tuple[list[dict[str, Any]], list[ExportWarning]]:
    """One row per aid award (a tilsagn under an aid regime, not rejected or withdrawn), and a warning for each
    award past its registration deadline and not marked registered."""
    from ..rates import eur_nok

    rows: list[dict[str, Any]] = []
    warnings: list[ExportWarning] = []
    for e in entries(programmes):
        r = e.row
        regime = r.get("stotteregime")
        if regime not in AID_REGIMES or r.get("status") in S.TILSAGN_INGEN_STOTTE or public_amount(r) <= 0:
            continue
        day = r.get("tilsagnsdato") if isinstance(r.get("tilsagnsdato"), dt.date) else None
        nok = public_amount(r)
        rate = eur_nok(day) if day else None
        eur = rate.to_eur(nok) if rate else None
        basis = LEGAL_BASIS.get(str(regime), "")
        if regime == S.STOTTE_GRUPPEUNNTAK and r.get("artikkel"):
            basis = basis.replace("(gruppeunntaket)", f"art. {str(r.artikkel).removeprefix('art.').strip()}")
        kommune, fylke = _kommune(e.programme)
        deadline = registration_deadline(regime, day, eur)
        registered = r.get("registrert") == "ja"
        rows.append(
            {
                "giver": e.plan.program.get("organisasjon") or e.programme.programnavn,
                "kommune": kommune,
                "fylke": fylke,
                "orgnr": r.get("orgnr"),
                "mottaker": r.get("mottaker"),
                "tilsagnsnummer": r.get("tilsagnsnummer"),
                "tilsagnsdato": day,
                "belop_nok": nok,
                "belop_eur": round(eur, 2) if eur is not None else None,
                "kurs": rate.nok_per_eur if rate else None,
                "kursdato": rate.date if rate else None,
                "stotteregime": regime,
                "rettsgrunnlag": basis,
                "formal": _tiltak_text(e.plan, r.get("tiltak")),
                "nace": r.get("nace"),
                "storrelse": r.get("storrelse"),
                "frist": deadline,
                "registrert": r.get("registrert") or "nei",
                "fil": _where(e),
            }
        )
        if deadline is not None and deadline < today and not registered:
            warnings.append(
                ExportWarning(
                    _(
                        "Tilsagn {tilsagn} til {mottaker} ({where}) skulle vært registrert i Støtteregisteret innen "
                        "{deadline}, og er ikke merket registrert. Registrer tildelingen, og skriv «ja» i kolonnen "
                        "«{column}»."
                    ).format(
                        tilsagn=r.get("tilsagnsnummer"),
                        mottaker=r.get("mottaker") or r.get("orgnr"),
                        where=_where(e),
                        deadline=f"{deadline:%d.%m.%Y}",
                        column=S.tr(_header(S.TILSAGN, "registrert")),
                    )
                )
            )
        if day is None:
            warnings.append(
                ExportWarning(
                    _("Tilsagn {tilsagn} ({where}) har ingen tilsagnsdato.").format(
                        tilsagn=r.get("tilsagnsnummer"), where=_where(e)
                    )
                )
            )
    return rows, warnings


def regionalforvaltning_rows(
    programmes: Sequence[Programme], profiles: Profiles | None = None
) -> tuple[list[dict[str, Any]], list[ExportWarning]]:
    """Each tilsagn with its KDD category and its split between the state's frame (551.60) and the kommune's own:
    omstillingsmidler × the fylkeskommune's share of the year it was granted (tilskudd / tilskudd + egenandel), at
    most the stricter of the county's profile and the workbook's maximum."""
    from ..rules.context import Context
    from ..rules.financing import max_share

    profiles = profiles or load_profiles()
    names = {c.kode: c.navn for c in categories()}
    rows: list[dict[str, Any]] = []
    warnings: list[ExportWarning] = []
    for e in entries(programmes):
        r = e.row
        omst = r.amount("omstillingsmidler")
        fin = e.first.finansiering
        tilskudd, egen = fin.amount("fylkeskommunens_tilskudd"), fin.amount("kommunens_egenandel")
        limit = max_share(e.first, Context.for_plan(e.first, profiles))
        share = min(tilskudd / (tilskudd + egen), limit) if tilskudd + egen > 0 else limit
        state = round(omst * share)
        code = code_of(r.get("kdd_kategori"))
        if code is None:
            warnings.append(
                ExportWarning(
                    _("Tilsagn {tilsagn} ({where}) har ingen KDD-kategori.").format(
                        tilsagn=r.get("tilsagnsnummer"), where=_where(e)
                    )
                )
            )
        kommune, fylke = _kommune(e.programme)
        paid = sum(
            u.amount("belop")
            for u in e.plan.utbetalinger
            if str(u.get("tilsagnsnummer")).strip().casefold() == str(r.get("tilsagnsnummer")).strip().casefold()
        )
        rows.append(
            {
                "program": e.programme.programnavn,
                "kommune": kommune,
                "fylke": fylke,
                "aar": e.first.aar,
                "tilsagnsnummer": r.get("tilsagnsnummer"),
                "tiltak": _tiltak_text(e.plan, r.get("tiltak")),
                "mottaker": r.get("mottaker"),
                "orgnr": r.get("orgnr"),
                "tilsagnsdato": r.get("tilsagnsdato"),
                "kdd_kode": code,
                "kdd_navn": names.get(code or "", ""),
                "omstillingsmidler": omst,
                "statens_ramme": state,
                "kommunens_ramme": omst - state,
                "fylkesandel": share,
                "status": r.get("status"),
                "frist": r.get("frist"),
                "utbetalt": paid,
                "fil": _where(e),
            }
        )
    return rows, warnings


def without_register(programmes: Sequence[Programme]) -> list[Handlingsplan]:
    """Workbooks with no tilsagn in their register (nothing to export from them)."""
    return [p for prog in programmes for p in prog.chain if not p.tilsagn]


__all__ = [
    "PUBLIC_SOURCES",
    "ExportWarning",
    "entries",
    "regionalforvaltning_rows",
    "registration_deadline",
    "stotteregister_rows",
    "without_register",
]
