"""Read the comparison from a file: a full handlingsplan workbook or an orgform-only workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NotOmstillWorkbookError
from ..i18n import translator
from ..model import Cell
from . import layout as L
from .model import Orgform

_ = translator("orgform")


@dataclass(frozen=True)
class OrgformSource:
    """The comparison of one file, and what the rest of the file says about it."""

    source: str
    orgform: Orgform
    chosen: str | None = None  # the form on the Program sheet (handlingsplan workbooks)
    chosen_cell: Cell | None = None
    plan: Any = None  # the Handlingsplan, when the file is one

    @property
    def program(self) -> Any:
        return self.plan.program if self.plan is not None else None


def read_orgform_file(path: str | Path) -> OrgformSource:
    """Check and read ``path``; raises an ``InputError`` subclass when there is no comparison to read."""
    from ..workbook.read import missing_sheets, read_plan
    from ..workbook.xlsx import read_grids
    from .model import read_orgform

    path = Path(path)
    grids, facts = read_grids(path)
    by_lower = {name.strip().lower(): g for name, g in grids.items()}
    if not missing_sheets(list(grids)):
        plan = read_plan(grids, facts, str(path))
        from .scoring import orgform_of

        orgform = orgform_of(plan)  # raises the Norwegian «no such sheet» error when there is none
        return OrgformSource(
            str(path), orgform, plan.program.get("organisasjonsform"), plan.program.cell("organisasjonsform"), plan
        )
    grid = by_lower.get(L.SHEET.lower())
    if grid is None:
        have = ", ".join(f"«{n}»" for n in facts.sheet_names) or _("ingen ark")
        raise NotOmstillWorkbookError(
            _(
                "Fant ikke arket «{sheet}» (boka har {have}). Bruk en handlingsplan-arbeidsbok fra «omstill new», "
                "eller lag en sammenlikning med «omstill new sammenlikning.xlsx --orgform»."
            ).format(sheet=L.SHEET, have=have),
            path,
        )
    return OrgformSource(str(path), read_orgform(grid, str(path)))
