"""The report's Jinja filters: the one nb-NO formatter (``omstill_xl.fmt``) under the names templates use.

A template writes ``{{ t.budsjett|kr }}`` → ``1 234 567 kr``, ``{{ andel|prosent }}`` → ``12,5 %``,
``{{ dato|dato }}`` → ``1. mars 2026`` — the same shapes as Babel's ``nb_NO`` and as every other output
(thousands with a no-break space, a real minus sign U+2212, an en dash for empty values).

>>> kr(1234567)
'1\\xa0234\\xa0567\\xa0kr'
>>> prosent(0.125)
'12,5\\xa0%'
"""

from __future__ import annotations

from collections.abc import Callable

from ..fmt import EMPTY, MINUS, NBSP, aar, dato, fortegn, kr, prosent, tall
from ..i18n import N_

__all__ = ["EMPTY", "FILTERS", "FILTER_DOCS", "MINUS", "NBSP", "aar", "dato", "fortegn", "kr", "prosent", "tall"]

FILTERS: dict[str, Callable[..., str]] = {
    "kr": kr,
    "tall": tall,
    "prosent": prosent,
    "dato": dato,
    "fortegn": fortegn,
    "aar": aar,
}

# for template authors (the README's filter list); translate where shown, ``gettext("report", doc)``
FILTER_DOCS: dict[str, str] = {
    "kr": N_("beløp i hele kroner: `1 234 567 kr`"),
    "tall": N_("tall med mellomrom som tusenskille: `1 234 567`, `12,5`; `tall(0)` gir ingen desimaler"),
    "prosent": N_("andel som prosent: `0.125` → `12,5 %`, `0.25` → `25 %`"),
    "dato": N_("dato med ord: `1. mars 2026`"),
    "fortegn": N_("avvik med fortegn: `+12 500`, `−12 500`"),
    "aar": N_("årstall uten tusenskille: `2025`"),
}
