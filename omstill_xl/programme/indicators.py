"""Which indicators a programme's workbooks use, and how each adds up over the years (``schema.indicator``).

A standard indicator's kind is declared in ``schema.STANDARD_INDICATORS``; a user's own takes the kind stated in
the «Type» column of «Mål og resultater» (the newest workbook that states one wins), else its name decides.
Every total over years — the consolidated workbook, the report, OX-X011 — asks here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import schema as S
from ..model import Handlingsplan


def _name(value: object) -> str:
    return " ".join(str(value or "").split())


def declarations(plans: Iterable[Handlingsplan]) -> dict[str, S.Indicator]:
    """Indicator name (as written, spaces normalised) → its declaration, over ``plans`` (oldest first)."""
    stated: dict[str, object] = {}
    for plan in plans:
        for r in plan.indikatorer:
            name = _name(r.get("indikator"))
            if name and r.get("type") is not None:
                stated[name] = r.get("type")
            elif name:
                stated.setdefault(name, None)
    return {name: S.indicator(name, kind) for name, kind in stated.items()}


def declared(table: dict[str, S.Indicator], name: object) -> S.Indicator:
    """The declaration of ``name`` in ``table`` (from ``declarations``), or by the name alone."""
    return table.get(_name(name)) or S.indicator(name)


@dataclass(frozen=True)
class Goal:
    """An indicator's baseline and period target (``schema.INDICATOR_GOAL_KEYS``), with where each was read."""

    utgangsverdi: float | None = None
    utgangsaar: int | None = None
    maal_perioden: float | None = None
    cells: tuple[str, ...] = ()  # the addresses the values came from


def achieved(kind: S.Indicator, target: float | None, to_date: float | None, latest: float | None) -> float | None:
    """The share of a period target reached: a flow by its sum to date, a level or distinct count by its latest
    value (the same rule as every total over years). None without a target or a result."""
    value = to_date if kind.summed else latest
    if not target or value is None:
        return None
    return value / target


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def goals(plans: Iterable[Handlingsplan]) -> dict[str, Goal]:
    """Indicator name → its baseline and period target over ``plans`` (oldest first). They are written on any one
    of the indicator's rows; within a workbook the first row that gives a value counts, a newer workbook wins."""
    found: dict[str, dict[str, object]] = {}
    cells: dict[str, dict[str, str]] = {}
    for plan in plans:
        seen: set[tuple[str, str]] = set()
        for r in plan.indikatorer:
            name = _name(r.get("indikator"))
            if not name:
                continue
            for key in S.INDICATOR_GOAL_KEYS:
                value = r.values.get(key)
                value = value if key == "utgangsaar" and isinstance(value, int) else _number(value)
                if value is None or (name, key) in seen:
                    continue
                seen.add((name, key))
                found.setdefault(name, {})[key] = value
                if key in r.cells:
                    cells.setdefault(name, {})[key] = r.cells[key].address
    return {
        name: Goal(
            _number(v.get("utgangsverdi")),
            v.get("utgangsaar") if isinstance(v.get("utgangsaar"), int) else None,  # type: ignore[arg-type]
            _number(v.get("maal_perioden")),
            tuple(cells.get(name, {}).values()),
        )
        for name, v in found.items()
    }


def goal(table: dict[str, Goal], name: object) -> Goal:
    """The goal of ``name`` in ``table`` (from ``goals``); an empty one when the workbooks give none."""
    return table.get(_name(name)) or Goal()
