"""The ranking as a bar chart (matplotlib, Agg): deterministic PNG bytes for the Word section."""

from __future__ import annotations

import io
from collections.abc import Mapping

from ..i18n import translator
from .criteria import FORMS, form_heading
from .numbers import decimal

_ = translator("orgform")

BAR = "#8EA9C9"
BEST = "#1F4E79"
CHOSEN_EDGE = "#C55A11"


def ranking_png(
    totals: Mapping[str, float | None], *, chosen: str | None = None, dpi: int = 150, width_in: float = 6.3
) -> bytes:
    """Horizontal bars of the weighted totals, best at the top; the winner dark blue, the chosen form outlined.
    Forms without scores are left out. Same input → same bytes (no timestamps or version in the file)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scored = sorted(((t, FORMS.index(f), f) for f, t in totals.items() if t is not None), key=lambda x: (-x[0], x[1]))
    if not scored:
        raise ValueError("no form has a score; nothing to chart")
    top = scored[0][0]
    with rc_context(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "svg.hashsalt": "omstill",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        fig = Figure(figsize=(width_in, 0.45 * len(scored) + 0.9), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        labels = [form_heading(f) for _t, _i, f in scored]
        values = [t for t, _i, _f in scored]
        colours = [BEST if t == top else BAR for t in values]
        bars = ax.barh(range(len(scored)), values, color=colours, height=0.6)
        for bar, (_t, _i, form) in zip(bars, scored):
            if form == chosen:
                bar.set_edgecolor(CHOSEN_EDGE)
                bar.set_linewidth(2.0)
        ax.set_yticks(
            range(len(scored)),
            labels=[lab + (_(" (valgt)") if f == chosen else "") for lab, (_t, _i, f) in zip(labels, scored)],
        )
        ax.invert_yaxis()
        upper = max(5.0, max(values))
        ax.set_xlim(0, upper * 1.08)
        ax.set_xticks([x for x in range(0, int(upper) + 1)], labels=[str(x) for x in range(0, int(upper) + 1)])
        ax.set_xlabel(_("Vektet poengsum (1–5 når vektene summerer til 100 %)"))
        for i, v in enumerate(values):
            ax.text(v + upper * 0.01, i, decimal(v, 2), va="center", fontsize=9)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def ranking_alt_text(totals: Mapping[str, float | None], *, chosen: str | None = None) -> str:
    """The ranking chart in words (the picture's alternative text), from the same totals it is drawn from."""
    scored = sorted(((t, FORMS.index(f), f) for f, t in totals.items() if t is not None), key=lambda x: (-x[0], x[1]))
    parts = [f"{form_heading(f)}{_(' (valgt)') if f == chosen else ''} {decimal(t, 2)}" for t, _i, f in scored]
    return (
        _("Liggende søylediagram: vektet poengsum per organisasjonsform, best rangert øverst; ")
        + "; ".join(parts)
        + "."
    )
