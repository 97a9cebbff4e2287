"""What a programme is: the one identity rule every command uses. Pure, no heavy imports.

**The identity rule.** A workbook belongs to the programme of its *kommunenummer* — the kommune of today that the
number stood for in the workbook's year, through the official renumberings (``kommuner.current``: 0815 in 2019,
3814 in 2022 and 4014 are all 4014 Kragerø) — and its
*status period* (Program «Omstillingsstatus fra/til»). Two workbooks of the same kommune are one programme
when their status periods overlap or follow each other directly (a status extended from 2025–2027 to
2025–2030, or written as a new period 2028–2030, is still one programme); a gap of at least one year without
status starts a new programme. The programme's *name* is not part of the identity: a changed name is a
warning (OX-X005), never a second programme. A workbook without a usable kommunenummer is identified by its
programme name alone (the single-file rules already report the missing number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..kommuner import current, lookup
from ..model import Handlingsplan


def normalise_name(name: object) -> str:
    """Programme names compared without case and extra spaces."""
    return re.sub(r"\s+", " ", str(name or "")).strip().casefold()


def canonical_kommunenummer(raw: object, year: int | None = None) -> str | None:
    """The kommunenummer of today that a workbook's value stood for in ``year`` (through the official
    renumberings), else the number as in the 2024 list, else the text as written."""
    k = (current(raw, year) if year is not None else None) or current(raw) or lookup(raw)
    if k:
        return k.nummer
    return (str(raw).strip() or None) if raw is not None else None


def kommunenummer_of(plan: Handlingsplan) -> str | None:
    return canonical_kommunenummer(plan.program.get("kommunenummer"), year_of(plan))


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def year_of(plan: Handlingsplan) -> int | None:
    return _int(plan.aar)


def period_of(plan: Handlingsplan) -> tuple[int, int] | None:
    """The status period (fra, til) as the workbook states it; the plan year alone where it states none."""
    fra, til, aar = _int(plan.program.get("status_fra")), _int(plan.program.get("status_til")), year_of(plan)
    if fra is None and til is None:
        return (aar, aar) if aar is not None else None
    fra = fra if fra is not None else (aar if aar is not None else til)
    til = til if til is not None else max(fra, aar or fra)  # type: ignore[type-var]
    assert fra is not None and til is not None
    return (min(fra, til), max(fra, til))


def plan_order(plan: Handlingsplan) -> tuple[int, str]:
    """Year first (plans without a year last), then file name: a stable order."""
    y = year_of(plan)
    return (y if y is not None else 10_000, plan.source)


@dataclass(frozen=True)
class ProgrammeId:
    """A programme's identity: kommunenummer and the status period its workbooks span (or, without a
    kommunenummer, the normalised name)."""

    kommunenummer: str
    fra: int | None
    til: int | None
    name_key: str = ""  # only for workbooks without a kommunenummer

    @property
    def key(self) -> str:
        """Stable text key: ``4626:2025-2030`` (or ``navn:omstilling x``)."""
        if not self.kommunenummer:
            return f"navn:{self.name_key}"
        span = f"{self.fra}-{self.til}" if self.fra is not None else "?"
        return f"{self.kommunenummer}:{span}"


def identify(plans: Iterable[Handlingsplan]) -> list[tuple[ProgrammeId, list[Handlingsplan]]]:
    """Group plans by the identity rule; each group in year order (then file name), groups sorted by key."""
    by_kommune: dict[tuple[str, str], list[Handlingsplan]] = {}
    for p in plans:
        nr = kommunenummer_of(p)
        key = ("k", nr) if nr else ("n", normalise_name(p.program.get("programnavn")) or p.source)
        by_kommune.setdefault(key, []).append(p)
    out: list[tuple[ProgrammeId, list[Handlingsplan]]] = []
    for (kind, value), members in by_kommune.items():
        if kind == "n":
            out.append((ProgrammeId("", None, None, value), sorted(members, key=plan_order)))
            continue
        for (fra, til), group in _by_period(members):
            out.append((ProgrammeId(value, fra, til), sorted(group, key=plan_order)))
    return sorted(out, key=lambda item: (item[0].kommunenummer, item[0].fra or 0, item[0].name_key))


def _by_period(plans: Sequence[Handlingsplan]) -> list[tuple[tuple[int | None, int | None], list[Handlingsplan]]]:
    """Merge overlapping or adjoining status periods (an interval sweep). Plans with no period at all join the
    first group (there is nothing to tell them apart by)."""
    dated = sorted(((period_of(p), p) for p in plans if period_of(p) is not None), key=lambda x: (x[0], x[1].source))
    groups: list[tuple[list[int], list[Handlingsplan]]] = []
    for (fra, til), p in dated:  # type: ignore[misc]
        if groups and fra <= groups[-1][0][1] + 1:
            span, members = groups[-1]
            span[1] = max(span[1], til)
            members.append(p)
        else:
            groups.append(([fra, til], [p]))
    undated = [p for p in plans if period_of(p) is None]
    if not groups:
        return [((None, None), list(undated))]
    groups[0][1].extend(undated)
    return [((span[0], span[1]), members) for span, members in groups]
