"""Which indicators a programme's workbooks use, and how each adds up over the years (``schema.indicator``).

A standard indicator's kind is declared in ``schema.STANDARD_INDICATORS``; a user's own takes the kind stated in
the «Type» column of «Mål og resultater» (the newest workbook that states one wins), else its name decides.
Every total over years — the consolidated workbook, the report, OX-X011 — asks here.
"""

from __future__ import annotations

from collections.abc import Iterable

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
