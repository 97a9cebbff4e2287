"""Norwegian numbers for the Word section: the one nb-NO formatter (``omstill_xl.fmt``) in the shapes the
section uses."""

from __future__ import annotations

from ..fmt import prosent, prosentpoeng, tall


def decimal(x: float, decimals: int = 2) -> str:
    """``3,85``; decimals fixed."""
    return tall(x, decimals)


def percent(x: float) -> str:
    """``15 %``, ``12,5 %`` (at most one decimal, non-breaking space before %)."""
    return prosent(x, 1)


def points(x: float) -> str:
    """Percentage points: ``10 prosentpoeng``."""
    return prosentpoeng(x)


def score_text(value: float | None) -> str:
    """A score as typed: ``4``; a (wrong) decimal one keeps its decimal, ``4,5``; empty for None."""
    if value is None:
        return ""
    return decimal(value, 0 if float(value).is_integer() else 1)
