"""What every rule gets besides the model: the financing profile and the recomputed totals."""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n
from ..kommuner import current, lookup
from ..model import Handlingsplan
from ..profiles import Profile, Profiles, load_profiles
from ..totals import PlanTotals, plan_totals


def maalform(plan: Handlingsplan) -> str:
    """The målform for ``plan``'s findings: the user's explicit choice, else the workbook's own (the Program
    sheet's «Målform»), else bokmål. Read defensively: a workbook of an older layout has no such field."""
    program = getattr(plan, "program", None)
    get = getattr(program, "get", None)
    return i18n.resolve(get("maalform") if callable(get) else None)


_SHIPPED: list[Profiles] = []


def _shipped_profiles() -> Profiles:
    """The shipped profiles, read once a process (67 µs a plan otherwise; they are frozen and never change)."""
    if not _SHIPPED:
        _SHIPPED.append(load_profiles())
    return _SHIPPED[0]


@dataclass(frozen=True)
class Context:
    """What every rule may look at besides the plan: the profile, the totals, the fylke."""

    profile: Profile
    totals: PlanTotals
    fylke: str | None

    @classmethod
    def for_plan(cls, plan: Handlingsplan, profiles: Profiles | None = None) -> Context:
        profiles = profiles or _shipped_profiles()
        nr, year = plan.program.get("kommunenummer"), plan.program.get("planaar")
        k = lookup(nr) or current(nr, year if isinstance(year, int) else None)  # an older number: today's fylke
        fylke = k.fylke if k else None
        return cls(profiles.for_fylke(fylke), plan_totals(plan), fylke)
