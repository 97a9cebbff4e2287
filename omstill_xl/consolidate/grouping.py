"""Workbooks → programmes: which handlingsplaner belong together, in year order. Pure, no heavy imports.

A programme is identified by kommunenummer + programnavn. Two workbooks belong to the same programme when
they share the kommunenummer *or* the programme name, so a renamed programme or a changed kommunenummer
still lands in one group (the cross-year rules then report the change instead of silently splitting the
programme in two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..kommuner import lookup
from ..model import Handlingsplan

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def normalise_name(name: object) -> str:
    """Programme names compared without case and extra spaces."""
    return re.sub(r"\s+", " ", str(name or "")).strip().casefold()


def kommunenummer_of(plan: Handlingsplan) -> str | None:
    k = lookup(plan.program.get("kommunenummer"))
    if k:
        return k.nummer
    raw = plan.program.get("kommunenummer")
    return str(raw).strip() or None if raw is not None else None


def year_of(plan: Handlingsplan) -> int | None:
    aar = plan.aar
    return aar if isinstance(aar, int) and not isinstance(aar, bool) else None


def plan_order(plan: Handlingsplan) -> tuple[int, str]:
    """Year first (plans without a year last), then file name: a stable order."""
    y = year_of(plan)
    return (y if y is not None else 10_000, plan.source)


@dataclass(frozen=True)
class Programme:
    """The workbooks of one programme, ordered by year (then file name)."""

    plans: tuple[Handlingsplan, ...]
    chain: tuple[Handlingsplan, ...] = field(init=False)  # one workbook per year (the first by file name)

    def __post_init__(self) -> None:
        seen: set[int] = set()
        chain = []
        for p in self.plans:
            y = year_of(p)
            if y is not None and y not in seen:
                seen.add(y)
                chain.append(p)
        object.__setattr__(self, "chain", tuple(chain))

    @property
    def latest(self) -> Handlingsplan:
        return self.chain[-1] if self.chain else self.plans[-1]

    @property
    def kommunenummer(self) -> str:
        return kommunenummer_of(self.latest) or ""

    @property
    def kommune(self) -> str:
        k = lookup(self.kommunenummer)
        return k.navn if k else ""

    @property
    def fylke(self) -> str:
        k = lookup(self.kommunenummer)
        return k.fylke if k else ""

    @property
    def programnavn(self) -> str:
        return str(self.latest.program.get("programnavn") or "")

    @property
    def label(self) -> str:
        """«Omstilling Eksempel (4626 Øygarden)»."""
        name = self.programnavn or "(uten navn)"
        where = " ".join(x for x in (self.kommunenummer, self.kommune) if x)
        return f"{name} ({where})" if where else name

    @property
    def key(self) -> str:
        return f"{self.kommunenummer}|{normalise_name(self.programnavn)}"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(year_of(p) for p in self.chain)  # type: ignore[misc]

    @property
    def duplicates(self) -> tuple[Handlingsplan, ...]:
        """Workbooks left out of the chain because another workbook has the same year."""
        chained = {id(p) for p in self.chain}
        return tuple(p for p in self.plans if id(p) not in chained and year_of(p) is not None)


def group_plans(plans: Iterable[Handlingsplan]) -> list[Programme]:
    """Group plans into programmes (union of «same kommunenummer» and «same programme name»)."""
    plans = list(plans)
    parent = list(range(len(plans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, p in enumerate(plans):
        keys = []
        nr = kommunenummer_of(p)
        if nr:
            keys.append(("k", nr))
        name = normalise_name(p.program.get("programnavn"))
        if name:
            keys.append(("n", name))
        for key in keys:
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[Handlingsplan]] = {}
    for i, p in enumerate(plans):
        groups.setdefault(find(i), []).append(p)
    programmes = [Programme(tuple(sorted(g, key=plan_order))) for g in groups.values()]
    return sorted(programmes, key=lambda pr: (pr.kommunenummer, normalise_name(pr.programnavn), pr.plans[0].source))


def find_workbooks(inputs: Sequence[str | Path], *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Files as given, and the .xlsx/.xlsm files in given folders (recursively, sorted).

    Excel's lock files (``~$…``) and hidden files in folders are skipped; ``exclude`` (e.g. the output file)
    is never returned. A path that does not exist is returned as is, so the reader reports it.
    """
    skip = {Path(p).resolve() for p in exclude}
    out: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file() and not p.name.startswith(("~$", "."))
            )
        else:
            found = [path]
        for p in found:
            r = p.resolve()
            if r in skip or r in seen:
                continue
            seen.add(r)
            out.append(p)
    return out
