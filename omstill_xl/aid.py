"""Aid awards (støttetildelinger) and de minimis by the rule (EU 2023/2831: EUR 300 000 per undertaking over any
rolling period of three years, counted from the date of the grant, all aid givers together). Pure functions.

Where an award comes from:
- the tilsagn register (arket Tilsagn), when it is filled in: each tilsagn under the regime «bagatellmessig støtte»
  that was not rejected or withdrawn, with its tilsagnsdato; public money = omstillingsmidler + Innovasjon Norge;
- otherwise the tiltak columns (as before the register existed): each bedriftsrettet tiltak with an org.nr, its
  *new* omstillingsmidler and Innovasjon Norge money in the year (``programme.ledger``), dated only by the plan year;
- arket «Annen bagatellmessig støtte»: other givers' aid, dated, in NOK or EUR.

Dated awards are converted to EUR at the ECB reference rate of the grant date (``rates.eur_nok``); an award known
only by its year uses the profile's fixed rate, and windows are then plan years (the result is approximate).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import i18n
from . import schema as S
from .model import Cell, Handlingsplan, Record

_ = i18n.translator("rules")

PUBLIC_SOURCES = ("omstillingsmidler", "innovasjon_norge")
WINDOW_YEARS = 3


@dataclass(frozen=True)
class Award:
    """One aid award to an undertaking."""

    orgnr: str
    name: str
    amount_nok: float
    day: dt.date | None  # the grant date; None when only the plan year is known
    year: int
    giver: str
    what: str  # «tilsagn 2026-0012 (T1.1)», «tiltak T1.1», «Innovasjon Norge 15.03.2025»
    plan: Handlingsplan
    cell: Cell | None
    kind: str  # "tilsagn" | "tiltak" | "annen"
    amount_eur: float | None = None  # stated in EUR (other givers' aid); else converted
    key: tuple[object, ...] = ()  # the same award in several workbooks (carried register rows) has one key

    @property
    def dated(self) -> bool:
        return self.day is not None


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def in_window(earlier: dt.date, later: dt.date) -> bool:
    """Are two grant dates within one rolling three-year period? (15.12.2025 and 10.01.2028 are; 01.01.2025 and
    02.01.2028 are not — nor 01.01.2025 and 01.01.2028: the period from 1 January 2025 ends 31 December 2027.)"""
    return earlier <= later < add_years(earlier, WINDOW_YEARS)


def giver_of(plan: Handlingsplan) -> str:
    p = plan.program
    return str(p.get("organisasjon") or p.get("programnavn") or "omstillingsprogrammet")


def uses_register(plan: Handlingsplan) -> bool:
    return bool(plan.tilsagn)


def public_amount(r: Record) -> float:
    return sum(r.amount(k) for k in PUBLIC_SOURCES)


def is_de_minimis_tilsagn(r: Record) -> bool:
    return (
        bool(r.get("orgnr"))
        and r.get("stotteregime") == S.STOTTE_BAGATELL
        and r.get("status") not in S.TILSAGN_INGEN_STOTTE
        and public_amount(r) > 0
    )


STATUS_REJECTED = "avslått"  # a rejected application: no tilsagn, so no aid


def is_aid(t: Record) -> bool:
    """Whether a tiltak can be aid to an enterprise: bedriftsrettet, with an org.nr, and not rejected."""
    return bool(t.get("orgnr")) and t.get("type") == S.TYPE_BEDRIFTSRETTET and t.get("status") != STATUS_REJECTED


def support_by_enterprise(tiltak: tuple[Record, ...]) -> dict[str, list[Record]]:
    """Tiltak that give aid (``is_aid``), by org.nr (the enterprise that receives the support)."""
    out: dict[str, list[Record]] = defaultdict(list)
    for t in tiltak:
        if is_aid(t):
            out[t.orgnr].append(t)
    return out


def public_support(t: Record) -> float:
    """Public support to the enterprise in a tiltak: omstillingsmidler plus Innovasjon Norge; 0 when rejected."""
    if t.get("status") == STATUS_REJECTED:
        return 0.0
    return t.amount("omstillingsmidler") + t.amount("innovasjon_norge")


def register_awards(plan: Handlingsplan, scope: object = None) -> list[Award]:
    """The de minimis tilsagn of a workbook's register (``scope`` keys the programme, so a tilsagn carried into
    next year's register is one award)."""
    year = plan.aar if isinstance(plan.aar, int) else 0
    out = []
    for r in plan.tilsagn:
        if not is_de_minimis_tilsagn(r):
            continue
        day = r.get("tilsagnsdato") if isinstance(r.get("tilsagnsdato"), dt.date) else None
        number = str(r.get("tilsagnsnummer") or _("rad {row}").format(row=r.row))
        out.append(
            Award(
                orgnr=r.orgnr,
                name=str(r.get("mottaker") or _("Mottakeren")),
                amount_nok=public_amount(r),
                day=day,
                year=day.year if day else year,
                giver=giver_of(plan),
                what=_("tilsagn {number} ({tiltak})").format(number=number, tiltak=r.get("tiltak") or _("uten tiltak")),
                plan=plan,
                cell=r.cells.get("orgnr"),
                kind="tilsagn",
                key=("tilsagn", scope, number.casefold()),
            )
        )
    return out


def tiltak_award(plan: Handlingsplan, t: Record, amount: float) -> Award:
    year = plan.aar if isinstance(plan.aar, int) else 0
    return Award(
        orgnr=t.orgnr,
        name=str(t.get("prosjekteier") or _("Bedriften")),
        amount_nok=amount,
        day=None,
        year=year,
        giver=giver_of(plan),
        what=_("tiltak {tiltak}").format(tiltak=t.get("id")),
        plan=plan,
        cell=t.cells.get("orgnr"),
        kind="tiltak",
        key=("tiltak", id(plan), t.row),
    )


def other_awards(plan: Handlingsplan) -> list[Award]:
    """Arket «Annen bagatellmessig støtte»: other givers' aid (rows without org.nr, date or amount are left to the
    structure rules)."""
    out = []
    for r in plan.annen_stotte:
        day = r.get("dato") if isinstance(r.get("dato"), dt.date) else None
        nok, eur = r.get("belop_nok"), r.get("belop_eur")
        if (
            not r.get("orgnr")
            or day is None
            or (not isinstance(nok, (int, float)) and not isinstance(eur, (int, float)))
        ):
            continue
        giver = str(r.get("giver") or _("annen støttegiver"))
        out.append(
            Award(
                orgnr=r.orgnr,
                name=str(r.get("mottaker") or _("Mottakeren")),
                amount_nok=float(nok) if isinstance(nok, (int, float)) else 0.0,
                day=day,
                year=day.year,
                giver=giver,
                what=f"{giver} {day:%d.%m.%Y}",
                plan=plan,
                cell=r.cells.get("orgnr"),
                kind="annen",
                amount_eur=float(eur) if isinstance(eur, (int, float)) and not isinstance(nok, (int, float)) else None,
                key=("annen", r.orgnr, giver.casefold(), day, nok, eur),
            )
        )
    return out


def plan_awards(plan: Handlingsplan) -> list[Award]:
    """Every award one workbook states: its register (or its tiltak columns, all as this year's money) and other
    givers' aid."""
    if uses_register(plan):
        own = register_awards(plan)
    else:
        own = [
            tiltak_award(plan, t, public_support(t))
            for rows in support_by_enterprise(plan.tiltak).values()
            for t in rows
            if public_support(t) > 0
        ]
    return own + other_awards(plan)


def unique(awards: Iterable[Award]) -> list[Award]:
    """One award per key: the same tilsagn carried in several workbooks counts once (the latest workbook's row)."""
    by_key: dict[tuple[object, ...], Award] = {}
    for a in awards:
        by_key[a.key] = a  # later workbooks come later
    return list(by_key.values())


# --- converting and windows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """An award as counted against the ceiling: in EUR, with the rate used (None: the profile's fixed rate)."""

    award: Award
    eur: float
    rate_text: str


def to_eur(a: Award, fixed_rate: float) -> Counted:
    if a.amount_eur is not None:
        return Counted(a, a.amount_eur, _("oppgitt i euro"))
    if a.day is not None:
        from .rates import eur_nok

        rate = eur_nok(a.day)
        return Counted(a, rate.to_eur(a.amount_nok), rate.text())
    shown = f"{fixed_rate:.2f}".replace(".", ",")
    return Counted(a, a.amount_nok / fixed_rate, _("fast kurs {rate}\u00a0kr/EUR").format(rate=shown))


@dataclass(frozen=True)
class Window:
    """The worst three-year window of one undertaking."""

    orgnr: str
    counted: tuple[Counted, ...]
    approximate: bool  # some award has no date: windows are plan years

    @property
    def eur(self) -> float:
        return sum(c.eur for c in self.counted)

    @property
    def nok(self) -> float:
        return sum(c.award.amount_nok for c in self.counted)

    @property
    def last(self) -> Award:
        return self.counted[-1].award

    @property
    def period(self) -> str:
        days = [c.award.day for c in self.counted if c.award.day]
        if not self.approximate and days:
            first = min(days)
            end = add_years(first, WINDOW_YEARS) - dt.timedelta(days=1)
            return _("tre år fra {first} (til {end})").format(first=f"{first:%d.%m.%Y}", end=f"{end:%d.%m.%Y}")
        years = sorted({c.award.year for c in self.counted})
        if len(years) == 1:
            return _("i {year}").format(year=years[0])
        if len(years) == 2:
            return _("i {first} og {last}").format(first=years[0], last=years[1])
        return _("i {first}–{last}").format(first=min(years), last=max(years))


def _order(c: Counted) -> tuple[object, ...]:
    a = c.award
    return (a.day or dt.date(a.year or 1, 1, 1), a.plan.source, a.cell.row if a.cell else 0)


def worst_windows(awards: Sequence[Award], fixed_rate: float) -> list[Window]:
    """Per org.nr, the three-year window with the most aid in EUR. All dated: rolling windows from each grant
    date; any undated: plan-year windows (each start year and the two after), approximate."""
    by_org: dict[str, list[Counted]] = defaultdict(list)
    for a in awards:
        by_org[a.orgnr].append(to_eur(a, fixed_rate))
    out = []
    for orgnr, counted in by_org.items():
        counted.sort(key=_order)
        approximate = any(not c.award.dated for c in counted)
        best: list[Counted] = []
        for c in counted:
            if approximate:
                window = [x for x in counted if c.award.year <= x.award.year <= c.award.year + WINDOW_YEARS - 1]
            else:
                assert c.award.day is not None
                window = [x for x in counted if x.award.day and in_window(c.award.day, x.award.day)]
            if sum(x.eur for x in window) > sum(x.eur for x in best):
                best = window
        if best:
            out.append(Window(orgnr, tuple(best), approximate))
    return out


def describe(w: Window, limit: int = 4) -> str:
    """«tilsagn 2026-1 (T1.1) 15.12.2025: 1 800 000 kr = EUR 152 000 (11,80 kr/EUR …); …»."""
    from .fmt import kr, number

    parts = []
    for c in w.counted[:limit]:
        a = c.award
        when = f"{a.day:%d.%m.%Y}" if a.day else str(a.year)
        amount = f"EUR {number(c.eur)}" if a.amount_eur is not None else f"{kr(a.amount_nok)} = EUR {number(c.eur)}"
        parts.append(
            _("{what} {when} i {file}: {amount} ({rate})").format(
                what=a.what, when=when, file=_file(a.plan), amount=amount, rate=c.rate_text
            )
        )
    if len(w.counted) > limit:
        parts.append(_("og {n} til").format(n=len(w.counted) - limit))
    return "; ".join(parts)


def _file(plan: Handlingsplan) -> str:
    from pathlib import Path

    return Path(plan.source).name


def over_limit(w: Window, limit_eur: float, fixed_rate: float) -> bool:
    """Over the ceiling: in EUR for dated windows, in NOK at the fixed rate for approximate ones (as before)."""
    if w.approximate:
        return w.nok > limit_eur * fixed_rate
    return w.eur > limit_eur


def finding_args(w: Window, limit_eur: float, fixed_rate: float) -> dict[str, Any]:
    """The message parts OX-F004 and OX-X010 share: what was found, the period, the grants with their rates, the
    limit, and whether the result is approximate."""
    from .fmt import kr, number

    last = w.last
    if w.approximate:
        found = kr(w.nok)
        limit_nok = limit_eur * fixed_rate
        limit_text = _(" = {amount} (kurs {rate} kr/EUR)").format(amount=kr(limit_nok), rate=number(fixed_rate, 2))
        approx = _(
            " Resultatet er omtrentlig: støtten uten tilsagnsdato (arket {ark_tilsagn} er tomt eller mangler datoer) "
            "er regnet per planår med fast kurs."
        ).format(ark_tilsagn=S.tr(S.TILSAGN.name))
        value, expected = w.nok, limit_nok
    else:
        found = f"EUR {number(w.eur)} ({kr(w.nok)})"
        limit_text, approx = "", ""
        value, expected = round(w.eur, 2), limit_eur
    return {
        "value": value,
        "expected": expected,
        "name": last.name,
        "orgnr": w.orgnr,
        "found": found,
        "period": w.period,
        "where": describe(w),
        "eur": number(limit_eur),
        "limit_text": limit_text,
        "approx": approx,
    }
