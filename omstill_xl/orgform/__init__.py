"""Organisasjonsform: compare stiftelse, KF, IKS, kommunal avdeling, AS and program with the kommune's weights.

The public API (light to import; openpyxl, pandas and python-docx load only when used)::

    from omstill_xl.orgform import score, sensitivity, write_orgform_docx, add_orgform_section
    plan = read_file("workbooks/eksempel-2025.xlsx")
    score(plan)                          # DataFrame: form, heading, weighted_total, rank, scored, complete
    sensitivity(plan.orgform.weights, plan.orgform.scores).changes
    write_orgform_docx(plan, "organisasjonsform.docx")
    add_orgform_section(document, plan, level=2)   # inside another python-docx Document
    report_section(plan)                 # plain data for the årsrapport's «Organisering og drift» (docxtpl)

Modules: ``criteria`` (the forms and criteria as data), ``layout`` (the sheet's geometry and formulas),
``model`` (the comparison as read), ``scoring`` (pure numbers), ``sheet`` (openpyxl), ``section`` (Word),
``chart`` (the ranking as a native Word chart), ``files`` (reading a file), ``text`` (Norwegian sentences),
``report_hook`` (the årsrapport's extra section), ``numbers`` (Babel nb_NO).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .criteria import CRITERIA, DEFAULT_WEIGHTS, FORMS, Criterion
from .model import Orgform, read_orgform
from .scoring import Ranking, Sensitivity, WeightShift, rank_orgform, ranks, score, sensitivity, weighted_totals

if TYPE_CHECKING:
    from .files import OrgformSource


def __getattr__(name: str) -> Any:
    # ``files`` (reading a file) and ``report_hook`` load when first used: validating a workbook needs
    # neither, only the sheet's layout and scoring (about 3 ms of a short command's start-up).
    if name == "OrgformSource":
        from .files import OrgformSource

        return OrgformSource
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_orgform_file(path: str | Path) -> OrgformSource:
    """Check and read ``path``; raises an ``InputError`` subclass when there is no comparison to read
    (see ``files.read_orgform_file``)."""
    from .files import read_orgform_file as read

    return read(path)


def report_section(model: Any, *, chosen: str | None = None, title: str | None = None) -> dict[str, Any] | None:
    """The årsrapport's «Organisering og drift» section as plain data, or None (see
    ``report_hook.report_section``)."""
    from .report_hook import report_section as section

    return section(model, chosen=chosen, title=title)


def write_orgform_sheet(wb: Any, data: Any = None, *, with_program: bool = True, index: int | None = None) -> Any:
    """Add the «Organisasjonsform» sheet to an openpyxl Workbook (see ``sheet.write_orgform_sheet``)."""
    from .sheet import write_orgform_sheet as write

    return write(wb, data, with_program=with_program, index=index)


def write_orgform_workbook(path: str | Path, overwrite: bool = False, *, data: Any = None) -> Path:
    """A workbook with only the «Organisasjonsform» sheet (and its hidden list), for ``omstill new --orgform``."""
    from .sheet import write_orgform_workbook as write

    return write(path, overwrite, data=data)


def write_orgform_docx(
    model: Any, path: str | Path, *, overwrite: bool = False, chosen: str | None = None, title: str | None = None
) -> Path:
    """The Word section as its own document (see ``section.write_orgform_docx``)."""
    from .section import write_orgform_docx as write

    return write(model, path, overwrite=overwrite, chosen=chosen, title=title)


def add_orgform_section(
    document: Any, model: Any, *, level: int = 1, chosen: str | None = None, title: str | None = None
) -> None:
    """Append the section to an open python-docx Document (see ``section.add_orgform_section``)."""
    from .section import add_orgform_section as add

    add(document, model, level=level, chosen=chosen, title=title)


def default_data() -> dict[str, Any]:
    """The comparison as a new workbook has it: the default weights, no scores."""
    return {"weights": dict(DEFAULT_WEIGHTS), "scores": {}}


__all__ = [
    "CRITERIA",
    "FORMS",
    "DEFAULT_WEIGHTS",
    "Criterion",
    "Orgform",
    "OrgformSource",
    "Ranking",
    "Sensitivity",
    "WeightShift",
    "add_orgform_section",
    "default_data",
    "rank_orgform",
    "ranks",
    "read_orgform",
    "read_orgform_file",
    "report_section",
    "score",
    "sensitivity",
    "weighted_totals",
    "write_orgform_docx",
    "write_orgform_sheet",
    "write_orgform_workbook",
]
