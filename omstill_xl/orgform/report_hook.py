"""The comparison as plain data for the årsrapport's «Organisering og drift» chapter.

The årsrapport is rendered from a docxtpl template; its chapter takes extra sections as data
(``organisering.tillegg``: ``{"tittel", "avsnitt": [tekst], "tabell": {"kolonner", "rader"}}``, see
``omstill_xl/report/variables.py``). ``report_section(plan)`` gives that dict: the result, the weights, the
sensitivity and the ranking as a table (the generic hook table has equal columns, so the full criteria × forms
matrix stays in the saksframlegg section from ``omstill orgform``). Pure: no python-docx here.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, translator
from .criteria import CRITERIA, FORMS, form_heading
from .numbers import decimal, percent
from .scoring import rank_orgform, sensitivity
from .text import caveats, chosen_sentence, result_sentence, sensitivity_sentence

_ = translator("orgform")
TITLE = N_("Vurdering av organisasjonsform")


def report_section(model: Any, *, chosen: str | None = None, title: str | None = None) -> dict[str, Any] | None:
    """The section for ``build_context(..., extra_sections=[...])``; None when there is nothing to report
    (a workbook without the «Organisasjonsform» sheet, or a comparison without scores). In the current målform.

    >>> from omstill_xl.workbook.xlsx import read_file
    >>> report_section(read_file("workbooks/eksempel-2025.xlsx"))["tittel"]
    'Vurdering av organisasjonsform'
    """
    from .model import Orgform

    orgform = model if isinstance(model, Orgform) else getattr(model, "orgform", None)
    if orgform is None:
        return None
    ranking = rank_orgform(orgform)
    if not ranking.winners:
        return None
    if chosen is None and getattr(model, "program", None) is not None:
        chosen = model.program.get("organisasjonsform")
    weights, scores = orgform.weights, orgform.scores
    weighted = sorted(
        ((w, i, c.name) for i, c in enumerate(CRITERIA) if (w := weights[c.key])), key=lambda x: (-x[0], x[1])
    )
    avsnitt = [
        _(
            "Kommunen har sammenliknet de seks aktuelle organisasjonsformene med egne vekter per kriterium og 1–5 "
            "poeng per form (5 = passer kommunen best). Tabellen viser rangeringen etter vektet poengsum."
        ),
        " ".join(t for t in (result_sentence(ranking), chosen_sentence(ranking, chosen)) if t),
        _("Vektene: ") + ", ".join(f"{name} {percent(w)}" for w, _i, name in weighted) + ".",
        _("Følsomhet: ") + sensitivity_sentence(sensitivity(weights, scores)),
        *caveats(ranking, orgform.in_use),
        _(
            "Faktaene om hver form og alle poengene står i handlingsplanen og i vurderingen av organisasjonsform "
            "som ble lagt fram for kommunestyret."
        ),
    ]
    order = sorted(FORMS, key=lambda f: (ranking.ranks[f] is None, ranking.ranks[f] or 0, FORMS.index(f)))
    rader = [
        [
            "–" if ranking.ranks[f] is None else str(ranking.ranks[f]),
            form_heading(f) + (_(" (valgt)") if f == chosen else ""),
            _("ingen poeng") if ranking.totals[f] is None else decimal(ranking.totals[f] or 0.0),
            _("{n} av {total}").format(n=ranking.scored[f], total=len(CRITERIA)),
        ]
        for f in order
    ]
    return {
        "tittel": title if title is not None else _(TITLE),
        "avsnitt": avsnitt,
        "tabell": {
            "kolonner": [_("Rang"), _("Organisasjonsform"), _("Vektet poengsum"), _("Kriterier med poeng")],
            "rader": rader,
        },
    }
