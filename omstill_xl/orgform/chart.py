"""The ranking as a native Word bar chart (``omstill_xl.docxchart``) for the Word section: crisp in print,
editable in Word, the same numbers as the ranking table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..i18n import translator
from .criteria import FORMS, form_heading
from .numbers import decimal

_ = translator("orgform")

BAR = "8EA9C9"
BEST = "1F4E79"
CHOSEN_EDGE = "C55A11"
WIDTH_CM = 16.0


def _scored(totals: Mapping[str, float | None]) -> list[tuple[float, int, str]]:
    return sorted(((t, FORMS.index(f), f) for f, t in totals.items() if t is not None), key=lambda x: (-x[0], x[1]))


def ranking_height_cm(totals: Mapping[str, float | None]) -> float:
    """The chart's height: 0,45 inch per form and 0,9 inch for the axis (as the picture had)."""
    return round((0.45 * len(_scored(totals)) + 0.9) * 2.54, 2)


def ranking_spec(totals: Mapping[str, float | None], *, chosen: str | None = None) -> Any:
    """Horizontal bars of the weighted totals, best at the top; the winner dark blue, the chosen form outlined.
    Forms without scores are left out."""
    from ..docxchart import ChartSpec, Series

    scored = _scored(totals)
    if not scored:
        raise ValueError("no form has a score; nothing to chart")
    top = scored[0][0]
    labels = [form_heading(f) + (_(" (valgt)") if f == chosen else "") for _t, _i, f in scored]
    values = [t for t, _i, _f in scored]
    points = {
        i: (BEST if t == top else BAR, CHOSEN_EDGE if f == chosen else None) for i, (t, _i, f) in enumerate(scored)
    }
    upper = max(5.0, max(values))
    return ChartSpec(
        "bar",
        tuple(labels),
        (Series(_("Vektet poengsum"), tuple(values), BAR),),
        "0.00",
        axis_format="0",
        axis_title=_("Vektet poengsum (1–5 når vektene summerer til 100 %)"),
        bar_labels=True,
        axis_min=0.0,
        axis_max=float(math.ceil(upper * 1.08)),
        major_unit=1.0,
        points=points,
        gap_width=67,
    )


def ranking_alt_text(totals: Mapping[str, float | None], *, chosen: str | None = None) -> str:
    """The ranking chart in words (the chart's alternative text), from the same totals it is drawn from."""
    scored = _scored(totals)
    valgt = _(" (valgt)")
    parts = [f"{form_heading(f)}{valgt if f == chosen else ''} {decimal(t, 2)}" for t, _i, f in scored]
    return (
        _("Liggende søylediagram: vektet poengsum per organisasjonsform, best rangert øverst; ")
        + "; ".join(parts)
        + "."
    )
