"""Rules for the organisasjonsform comparison: weights, scores, completeness, the chosen form.

An empty comparison, or one exactly as a new workbook has it (default weights, no scores), gives no findings;
workbooks without the sheet (made before it existed) give none either.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import i18n
from ..findings import Finding, sort_key
from ..fmt import number, pct
from ..model import Cell, Handlingsplan
from ..orgform import layout as L
from ..orgform.criteria import CRITERIA, FORMS, MAX_SCORE, MIN_SCORE
from ..orgform.model import Orgform, numeric
from ..orgform.scoring import rank_orgform
from .catalogue import make
from .context import Context

WEIGHT_TOLERANCE = 0.0005  # 0,05 percentage points


_ = i18n.translator("rules")


def _form_text(form: str) -> str:
    return f"«{i18n.gettext('orgform', form)}»"


def _criterion(name: str) -> str:
    """A criterion's name as the sheet shows it, in the current målform (the orgform catalogue)."""
    return i18n.gettext("orgform", name)


def check_weights(orgform: Orgform) -> Iterator[Finding]:
    for c, cell in zip(CRITERIA, orgform.weight_cells):
        if cell.raw is None:
            continue
        value = numeric(cell.raw)
        if value is None or not 0 <= value <= 1:
            shown = pct(value) if value is not None else str(cell.raw)
            yield make("OX-O005", cell, value=cell.raw, expected="0–100 %", criterion=_criterion(c.name), shown=shown)
    if not orgform.in_use:
        return
    total = sum(w for w in orgform.weights.values() if w is not None)
    if abs(total - 1) > WEIGHT_TOLERANCE:
        yield make("OX-O001", orgform.sum_cell, value=round(total, 6), expected=1, found=pct(total))


def check_scores(orgform: Orgform) -> Iterator[Finding]:
    for c, row in zip(CRITERIA, orgform.score_cells):
        for form, cell in zip(FORMS, row):
            if cell.raw is None:
                continue
            value = numeric(cell.raw)
            if value is None or not value.is_integer() or not MIN_SCORE <= value <= MAX_SCORE:
                shown = number(value, 0 if value.is_integer() else 2) if value is not None else str(cell.raw)
                yield make(
                    "OX-O002",
                    cell,
                    value=cell.raw,
                    expected="1–5",
                    form=_form_text(form),
                    criterion=_criterion(c.name),
                    shown=shown,
                )


def check_partial(orgform: Orgform) -> Iterator[Finding]:
    for j, form in enumerate(FORMS):
        cells = [row[j] for row in orgform.score_cells]
        missing = [(c, cell) for c, cell in zip(CRITERIA, cells) if cell.raw is None]
        if missing and len(missing) < len(CRITERIA):
            names = ", ".join(f"«{_criterion(c.name)}»" for c, _cell in missing[:4]) + (
                _(" og {n} til").format(n=len(missing) - 4) if len(missing) > 4 else ""
            )
            yield make(
                "OX-O003",
                missing[0][1],
                value=len(CRITERIA) - len(missing),
                expected=len(CRITERIA),
                form_cap=_form_text(form),
                n=len(CRITERIA) - len(missing),
                total=len(CRITERIA),
                missing=names,
            )


def check_chosen(orgform: Orgform, chosen: object, chosen_cell: Cell | None) -> Iterator[Finding]:
    if not isinstance(chosen, str) or chosen not in FORMS:
        return
    ranking = rank_orgform(orgform)
    if not ranking.winners or chosen in ranking.winners:
        return
    top = ranking.winners[0]
    top_total = ranking.totals[top] or 0.0
    chosen_total = ranking.totals[chosen] or 0.0
    where = chosen_cell or Cell(L.SHEET, L.ref(L.BEST_ROW, L.FIRST_FORM_COL))
    yield make(
        "OX-O004",
        where,
        value=chosen,
        expected=top,
        chosen=_form_text(chosen),
        top=_form_text(top),
        top_total=number(top_total, 2),
        chosen_total=number(chosen_total, 2),
        gap=number(top_total - chosen_total, 2),
    )


def check_formulas(orgform: Orgform) -> Iterator[Finding]:
    """A computed cell whose formula is gone (typed over): the sheet's totals can no longer be trusted."""
    expected = L.formulas(with_program=orgform.with_program)
    for ref, cell in orgform.formula_cells.items():
        if cell.formula is None:
            shown = _("ingenting (tom celle)") if cell.raw is None else _("verdien {value}").format(value=cell.raw)
            yield make(
                "OX-A008", cell, value=cell.raw, expected=expected[ref], formula=expected[ref].lstrip("="), found=shown
            )


def check_orgform(orgform: Orgform, chosen: object = None, chosen_cell: Cell | None = None) -> list[Finding]:
    """Every finding for one comparison (also for an orgform-only workbook, which has no Program sheet)."""
    found = [
        *check_weights(orgform),
        *check_scores(orgform),
        *check_partial(orgform),
        *check_chosen(orgform, chosen, chosen_cell),
        *check_formulas(orgform),
    ]
    return sorted((f.with_file(orgform.source) for f in found), key=sort_key)


# -- the family: (plan, ctx) → findings -----------------------------------------------------------------


def weights(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    if plan.orgform is not None:
        yield from check_weights(plan.orgform)


def scores(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    if plan.orgform is not None:
        yield from check_scores(plan.orgform)
        yield from check_partial(plan.orgform)


def chosen_form(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    if plan.orgform is not None:
        yield from check_chosen(
            plan.orgform, plan.program.get("organisasjonsform"), plan.program.cell("organisasjonsform")
        )


def formulas(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    if plan.orgform is not None:
        yield from check_formulas(plan.orgform)


RULES = (weights, scores, chosen_form, formulas)
