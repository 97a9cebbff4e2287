"""The validator: pure rule functions over the model, grouped by family. Each yields ``Finding``s."""

from __future__ import annotations

from dataclasses import replace

from .. import i18n
from ..findings import Finding, sort_key
from ..model import Handlingsplan
from ..profiles import Profiles
from . import arithmetic, financing, hygiene, orgform, psv, structure
from .catalogue import sheets_named_as
from .context import Context, maalform

FAMILIES = (structure.RULES, arithmetic.RULES, financing.RULES, hygiene.RULES, orgform.RULES, psv.RULES)


def check_plan(plan: Handlingsplan, profiles: Profiles | None = None) -> list[Finding]:
    """Every finding for one workbook, sorted by sheet and cell, with the file name filled in; its texts in the
    workbook's målform (``context.maalform``)."""
    ctx = Context.for_plan(plan, profiles)
    try:
        with i18n.use(maalform(plan)), sheets_named_as(plan):
            found = [f for family in FAMILIES for rule in family for f in rule(plan, ctx)]
    finally:
        arithmetic.forget_template()  # the plan's template formulas, shared by two of its rules, not kept after
    ordered = sorted((f.with_file(plan.source) for f in found), key=sort_key)
    return [located(f, plan) for f in ordered]


def located(f: Finding, plan: Handlingsplan) -> Finding:
    """A finding whose sheet is named as the workbook names it (a nynorsk workbook's own sheet names)."""
    sheet = plan.sheet_title(f.sheet)
    return f if sheet == f.sheet else replace(f, sheet=sheet)
