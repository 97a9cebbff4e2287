"""Weighted totals, ranks and the sensitivity of the winner. Pure functions over plain mappings.

The numbers are the sheet's: a form's weighted total is SUMPRODUCT(weights, scores) rounded to six decimals,
empty (None) when the form has no score at all; a blank or non-numeric cell counts as 0; the rank is Excel's
RANK (1 = best, ties share a rank). ``score(model)`` gives the same as a pandas DataFrame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from ..errors import NotOmstillWorkbookError
from ..i18n import translator
from . import layout as L
from .criteria import CRITERION_KEYS, FORMS, form_heading

_ = translator("orgform")

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .model import Orgform

Weights = Mapping[str, Any]  # criterion → weight (fraction; None/empty/text counts as 0)
Scores = Mapping[str, Mapping[str, Any]]  # criterion → form → score

STEP = 0.10  # ±10 percentage points
_QUANTUM = Decimal(1).scaleb(-L.ROUND_DECIMALS)


def _num(x: object) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        return None
    return float(x)


def round_total(x: float) -> float:
    """ROUND(x, 6) as Excel does it: half away from zero, on the decimal the cell shows."""
    return float(Decimal(repr(x)).quantize(_QUANTUM, rounding=ROUND_HALF_UP))


def _ordered(keys: Iterable[str], known: tuple[str, ...]) -> list[str]:
    seen = list(dict.fromkeys(keys))
    return [k for k in known if k in seen] + [k for k in seen if k not in known]


def forms_of(scores: Scores) -> list[str]:
    return _ordered((f for row in scores.values() for f in row), FORMS)


def criteria_of(weights: Weights, scores: Scores) -> list[str]:
    return _ordered([*weights, *scores], CRITERION_KEYS)


def weighted_totals(weights: Weights, scores: Scores, forms: Iterable[str] | None = None) -> dict[str, float | None]:
    """Form → SUMPRODUCT(weights, scores) rounded like the sheet; None for a form without any score."""
    forms = list(forms) if forms is not None else forms_of(scores)
    keys = criteria_of(weights, scores)
    out: dict[str, float | None] = {}
    for form in forms:
        values = [_num((scores.get(k) or {}).get(form)) for k in keys]
        if all(v is None for v in values):
            out[form] = None
            continue
        out[form] = round_total(math.fsum((_num(weights.get(k)) or 0.0) * (v or 0.0) for k, v in zip(keys, values)))
    return out


def ranks(totals: Mapping[str, float | None]) -> dict[str, int | None]:
    """RANK(descending): 1 + the number of totals strictly greater. None stays None."""
    present = [t for t in totals.values() if t is not None]
    return {f: None if t is None else 1 + sum(o > t for o in present) for f, t in totals.items()}


def winners(totals: Mapping[str, float | None]) -> tuple[str, ...]:
    """The top-ranked form(s): more than one when they tie; () when nothing is scored."""
    return tuple(f for f, r in ranks(totals).items() if r == 1)


@dataclass(frozen=True)
class WeightShift:
    """One weight moved while the others stay, and who wins then."""

    criterion: str
    old: float
    new: float
    winners: tuple[str, ...]
    totals: Mapping[str, float | None]

    @property
    def delta(self) -> float:
        return self.new - self.old


@dataclass(frozen=True)
class Sensitivity:
    """Does the winner change if any single weight moves ±``step``? ``shifts`` lists the moves that do."""

    winners: tuple[str, ...]
    totals: Mapping[str, float | None]
    shifts: tuple[WeightShift, ...]
    step: float = STEP

    @property
    def changes(self) -> bool:
        return bool(self.shifts)

    @property
    def assessed(self) -> bool:
        return bool(self.winners)


def sensitivity(weights: Weights, scores: Scores, *, step: float = STEP) -> Sensitivity:
    """Move each weight up and down by ``step`` (not below 0), one at a time, and record every move that
    changes the set of top-ranked forms. Only the moved weight changes: scaling all weights together never
    changes a ranking, so there is nothing to re-normalise."""
    forms = forms_of(scores)
    base = weighted_totals(weights, scores, forms)
    top = winners(base)
    shifts: list[WeightShift] = []
    if top:
        for key in criteria_of(weights, scores):
            old = _num(weights.get(key)) or 0.0
            for new in (old + step, max(0.0, old - step)):
                if abs(new - old) < 1e-12:
                    continue
                moved = {**weights, key: round_total(new)}
                totals = weighted_totals(moved, scores, forms)
                now = winners(totals)
                if now != top:
                    shifts.append(WeightShift(key, old, round_total(new), now, totals))
    return Sensitivity(top, base, tuple(shifts), step)


@dataclass(frozen=True)
class Ranking:
    """Everything the sheet computes, per form (FORMS order)."""

    totals: dict[str, float | None]
    ranks: dict[str, int | None]
    scored: dict[str, int]  # criteria with a numeric score (the sheet's COUNT)
    filled: dict[str, int]  # criteria with anything typed
    winners: tuple[str, ...]
    weight_sum: float


def rank_orgform(orgform: Orgform) -> Ranking:
    weights, scores = orgform.weights, orgform.scores
    totals = weighted_totals(weights, scores, FORMS)
    scored = {f: sum(scores[k][f] is not None for k in CRITERION_KEYS) for f in FORMS}
    filled = {f: sum(orgform.score_cell(k, f).raw is not None for k in CRITERION_KEYS) for f in FORMS}
    weight_sum = math.fsum(w for w in weights.values() if w is not None)
    return Ranking(totals, ranks(totals), scored, filled, winners(totals), weight_sum)


def orgform_of(model: Any) -> Orgform:
    """The comparison of a Handlingsplan (``.orgform``), an orgform file's content, or an Orgform itself."""
    from .model import Orgform

    if isinstance(model, Orgform):
        return model
    found = getattr(model, "orgform", None)
    if isinstance(found, Orgform):
        return found
    source = getattr(model, "source", None)
    raise NotOmstillWorkbookError(
        _(
            "Arbeidsboka har ikke arket «{sheet}» (den er laget før arket kom med). Lag en sammenlikning med "
            "«omstill new sammenlikning.xlsx --orgform», eller flytt handlingsplanen over i en ny arbeidsbok."
        ).format(sheet=L.SHEET),
        source,
    )


def score(model: Any) -> pd.DataFrame:
    """One row per organisasjonsform, in the Program sheet's order.

    Columns: ``form`` (as on the Program sheet), ``heading`` (as on the sheet), ``weighted_total`` (float,
    NaN when the form has no score), ``rank`` (nullable Int64, 1 = best), ``scored`` (criteria with a score),
    ``complete`` (every criterion scored).

    >>> from omstill_xl.workbook.xlsx import read_file
    >>> score(read_file("workbooks/eksempel-2025.xlsx")).sort_values("rank").iloc[0]["form"]
    'kommunalt foretak (KF)'
    """
    import pandas as pd

    r = rank_orgform(orgform_of(model))
    frame = pd.DataFrame(
        {
            "form": list(FORMS),
            "heading": [form_heading(f) for f in FORMS],
            "weighted_total": [float("nan") if r.totals[f] is None else r.totals[f] for f in FORMS],
            "rank": pd.array([r.ranks[f] for f in FORMS], dtype="Int64"),
            "scored": [r.scored[f] for f in FORMS],
            "complete": [r.scored[f] == len(CRITERION_KEYS) for f in FORMS],
        }
    )
    return frame
