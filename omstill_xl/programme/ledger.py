"""Each krone counted once over the years: the tilsagn record of a tiltak in a year, and a programme's ledger.

A yearly workbook states a tiltak's money *as the year sees it*: a tiltak carried over with ``omstill new
--from`` keeps the part of its budget that was not spent, and its open tilsagn stands in «Innvilget» again.
Summing the yearly workbooks therefore counts a carried tilsagn once per year. This module holds the one
definition of what is carried, used by the roll-forward (``nextyear``) to write it, and by every cumulative
figure (consolidated workbook, report, cross-year rules) to count it once:

- *spent* (brukt) in a year = regnskap where filled in, else utbetalt;
- *open tilsagn* after a year = innvilget − spent (not below 0);
- *remaining budget* after a year = each source scaled by (omstillingsmidler − spent) / omstillingsmidler,
  in whole kroner (all of it when the tiltak had no omstillingsmidler);
- a tiltak *continues* into the next year when it is not administrasjon/drift (a yearly running cost, budgeted
  afresh) and its status is not «avsluttet»/«avslått»;
- in year N, a tiltak with the same ID as a continuing tiltak of year N−1 has *carried in* that tiltak's open
  tilsagn and remaining budget; what it states beyond that is *new* in year N (``granted``, ``new_sources``).
  A year with no workbook for N−1 carries nothing in (OX-X002 reports the gap);
- *payments* (utbetalt, regnskap, brukt) are the year's own and are summed as they stand;
- *unspent* in a year = disponibelt − spent: next year's «Overført fra fjoråret» (OX-X009).
- where a year's tilsagn register (arket Tilsagn, layout version 2) is filled in, it is the record of the year's
  tilsagn: a tilsagn counts in the first year whose register holds it (``Ledger.register_tilsagn``; ``new --from``
  carries open tilsagn by their number); an empty register falls back to the tiltak columns as above.

Invariants (tested over generated programmes in ``tests/test_programme.py``): over a programme, the sum of
``granted`` is its cumulative innvilget; cumulative brukt ≤ cumulative innvilget when every payment has a
tilsagn; the new omstillingsmidler on tiltak sum to what was put in (tilført) when every year is fully
distributed. ``TiltakYear`` is the record the state-aid work extends (tilsagn number, date, regime).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from .. import schema as S
from ..i18n import N_
from ..model import Handlingsplan, Record
from ..totals import SOURCES, plan_totals

TOLERANCE_KR = 1.0


# --- one row ---------------------------------------------------------------------------------------------------


def spent(t: Record) -> float:
    """Omstillingsmidler a tiltak has used in its year: regnskap where it is filled in, else utbetalt."""
    return t.amount("regnskap") if t.get("regnskap") is not None else t.amount("utbetalt")


def open_tilsagn(t: Record) -> float:
    """The tilsagn still open after the year: innvilget minus spent, not below 0."""
    return max(0.0, t.amount("innvilget") - spent(t))


def remaining_sources(t: Record) -> dict[str, int]:
    """The budget left after the year, per source, in whole kroner (what ``new --from`` carries)."""
    omst = t.amount("omstillingsmidler")
    remaining = max(0.0, omst - spent(t))
    share = remaining / omst if omst > 0 else 1.0
    out = {k: round(t.amount(k) * share) for k in SOURCES}
    out["omstillingsmidler"] = round(remaining) if omst > 0 else round(omst)
    return out


def continues(t: Record) -> bool:
    """Is the tiltak carried into next year (not administrasjon/drift, not finished)?"""
    return t.get("type") != S.TYPE_ADMIN and t.get("status") not in S.FERDIGE_STATUSER


def tiltak_key(t: Record) -> str:
    """The identity of a tiltak across years: its ID, case and spacing ignored (the row where it has none)."""
    tid = t.get("id")
    return str(tid).strip().casefold() if tid is not None else f"rad {t.row}"


# --- a year ----------------------------------------------------------------------------------------------------


def spent_total(plan: Handlingsplan) -> float:
    return sum(spent(t) for t in plan.tiltak)


def unspent(plan: Handlingsplan) -> float:
    """Disponibelt minus spent: what should be carried over as «overført fra fjoråret» next year."""
    return plan_totals(plan).disponibelt - spent_total(plan)


def is_reported(plan: Handlingsplan) -> bool:
    """Has any tiltak utbetalt or regnskap filled in? (Otherwise the year has not been reported on.)"""
    return any(t.get("utbetalt") is not None or t.get("regnskap") is not None for t in plan.tiltak)


def basis_text(plan: Handlingsplan) -> str:
    """How «spent» was found, for messages: «regnskap», «utbetalt» or «regnskap (ellers utbetalt)»."""
    with_regnskap = sum(1 for t in plan.tiltak if t.get("regnskap") is not None)
    if with_regnskap == 0:
        return "utbetalt"
    if with_regnskap == len(plan.tiltak):
        return "regnskap"
    return N_("regnskap (utbetalt der regnskap mangler)")  # translated where shown


_NOTHING: Mapping[str, float] = {k: 0.0 for k in SOURCES}


@dataclass(frozen=True)
class TiltakYear:
    """One tiltak in one year's workbook, with what it carried in and what is new this year."""

    plan: Handlingsplan
    row: Record
    year: int
    carried_sources: Mapping[str, float]  # remaining budget carried in from year − 1, per source
    carried_tilsagn: float  # open tilsagn carried in from year − 1

    @property
    def key(self) -> str:
        return tiltak_key(self.row)

    @property
    def innvilget(self) -> float:
        """Innvilget as the workbook states it (open tilsagn carried in plus new tilsagn)."""
        return self.row.amount("innvilget")

    @property
    def granted(self) -> float:
        """New tilsagn this year: innvilget beyond the tilsagn carried in (0 where innvilget is empty;
        negative where a carried tilsagn was reduced)."""
        if self.row.get("innvilget") is None:
            return 0.0
        return self.innvilget - self.carried_tilsagn

    @property
    def utbetalt(self) -> float:
        return self.row.amount("utbetalt")

    @property
    def regnskap(self) -> float:
        return self.row.amount("regnskap")

    @property
    def brukt(self) -> float:
        return spent(self.row)

    @property
    def carried_budsjett(self) -> float:
        return float(sum(self.carried_sources.values()))

    @property
    def new_sources(self) -> dict[str, float]:
        return {k: self.row.amount(k) - self.carried_sources.get(k, 0.0) for k in SOURCES}

    @property
    def new_budsjett(self) -> float:
        return self.row.amount("budsjett") - self.carried_budsjett

    @property
    def open_after(self) -> float:
        return open_tilsagn(self.row)


def year_rows(plan: Handlingsplan, before: Handlingsplan | None) -> list[TiltakYear]:
    """The tiltak of ``plan`` with what each carried in from ``before`` (the workbook for the year before)."""
    year = plan.aar if isinstance(plan.aar, int) else 0
    previous: dict[str, Record] = {}
    if before is not None:
        for t in before.tiltak:
            if continues(t):
                previous.setdefault(tiltak_key(t), t)
    out = []
    for t in plan.tiltak:
        prev = previous.get(tiltak_key(t)) if t.get("type") != S.TYPE_ADMIN else None
        if prev is None:
            out.append(TiltakYear(plan, t, year, _NOTHING, 0.0))
        else:
            carried = {k: float(v) for k, v in remaining_sources(prev).items()}
            out.append(TiltakYear(plan, t, year, carried, float(round(open_tilsagn(prev)))))
    return out


# --- a programme -----------------------------------------------------------------------------------------------


def _tilsagn_key(r: Record) -> str:
    return str(r.get("tilsagnsnummer") or f"rad {r.row}").strip().casefold()


@dataclass(frozen=True)
class YearTotals:
    """One year of a programme, yearly figures as the workbook states them and what is new this year."""

    year: int
    plan: Handlingsplan
    fylkeskommune: float
    kommune: float
    overfort: float
    disponibelt: float
    fordelt: float  # omstillingsmidler on the tiltak, as stated
    fordelt_videreført: float  # of which carried in from last year
    innvilget: float  # as stated
    innvilget_videreført: float  # of which open tilsagn carried in
    utbetalt: float
    regnskap: float
    brukt: float
    unspent: float

    @property
    def tilfort(self) -> float:
        return self.fylkeskommune + self.kommune

    @property
    def fordelt_nytt(self) -> float:
        return self.fordelt - self.fordelt_videreført

    @property
    def innvilget_nytt(self) -> float:
        return self.innvilget - self.innvilget_videreført


class Ledger:
    """The money of one programme's chain of yearly workbooks, each krone once."""

    def __init__(self, chain: Sequence[Handlingsplan]) -> None:
        self.chain = tuple(chain)

    @cached_property
    def rows(self) -> tuple[TiltakYear, ...]:
        out: list[TiltakYear] = []
        for i, plan in enumerate(self.chain):
            before = self.chain[i - 1] if i else None
            consecutive = (
                before is not None
                and isinstance(plan.aar, int)
                and isinstance(before.aar, int)
                and plan.aar == before.aar + 1
            )
            out += year_rows(plan, before if consecutive else None)
        return tuple(out)

    def by_year(self, year: int) -> Iterator[TiltakYear]:
        return (r for r in self.rows if r.year == year)

    def row_of(self, t: Record) -> TiltakYear | None:
        return next((r for r in self.rows if r.row is t), None)

    def register_tilsagn(self, plan: Handlingsplan) -> tuple[float, float]:
        """For a year with a filled tilsagn register: (innvilget, of which carried in) — the omstillingsmidler of
        its tilsagn (not rejected or withdrawn), and of those the tilsagn an earlier year's register already had
        (``new --from`` carries open tilsagn), so each tilsagn is counted once, in the year it first appears."""
        earlier: set[str] = set()
        for p in self.chain:
            if p is plan:
                break
            earlier |= {_tilsagn_key(r) for r in p.tilsagn}
        rows = [r for r in plan.tilsagn if r.get("status") not in S.TILSAGN_INGEN_STOTTE]
        total = sum(r.amount("omstillingsmidler") for r in rows)
        carried = sum(r.amount("omstillingsmidler") for r in rows if _tilsagn_key(r) in earlier)
        return total, carried

    @cached_property
    def years(self) -> tuple[YearTotals, ...]:
        out = []
        for plan in self.chain:
            year = plan.aar if isinstance(plan.aar, int) else 0
            rows = [r for r in self.rows if r.plan is plan]
            t = plan_totals(plan)
            fin = plan.finansiering
            if plan.tilsagn:  # the register, when filled, is the record of the tilsagn
                innvilget, innvilget_carried = self.register_tilsagn(plan)
            else:  # else the tiltak columns: innvilget as stated, the open tilsagn carried in counted out
                innvilget, innvilget_carried = t.innvilget, sum(r.innvilget - r.granted for r in rows)
            out.append(
                YearTotals(
                    year=year,
                    plan=plan,
                    fylkeskommune=fin.amount("fylkeskommunens_tilskudd"),
                    kommune=fin.amount("kommunens_egenandel"),
                    overfort=fin.amount("overfort"),
                    disponibelt=t.disponibelt,
                    fordelt=t.by_source["omstillingsmidler"],
                    fordelt_videreført=sum(r.carried_sources.get("omstillingsmidler", 0.0) for r in rows),
                    innvilget=innvilget,
                    innvilget_videreført=innvilget_carried,
                    utbetalt=t.utbetalt,
                    regnskap=t.regnskap,
                    brukt=spent_total(plan),
                    unspent=unspent(plan),
                )
            )
        return tuple(out)

    def upto(self, year: int) -> tuple[YearTotals, ...]:
        return tuple(y for y in self.years if y.year <= year)

    def cumulative(self, year: int | None = None) -> dict[str, float]:
        """Money to date (to ``year``, default all): tilført, fordelt (new), innvilget (new), utbetalt, regnskap,
        brukt — each krone once."""
        ys = self.years if year is None else self.upto(year)
        return {
            "tilfort": sum(y.tilfort for y in ys),
            "fordelt": sum(y.fordelt_nytt for y in ys),
            "innvilget": sum(y.innvilget_nytt for y in ys),
            "utbetalt": sum(y.utbetalt for y in ys),
            "regnskap": sum(y.regnskap for y in ys),
            "brukt": sum(y.brukt for y in ys),
        }
