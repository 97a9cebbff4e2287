"""Rules for the programstatusvurdering: every score has its joint justification, one row per indicator and
year, all twelve main indicators scored. A workbook without the sheet, or with the sheet empty, gives none."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import i18n
from .. import schema as S
from ..findings import Finding
from ..model import Handlingsplan, Record
from .catalogue import make
from .context import Context


def _indicator(name: object) -> object:
    """A main indicator's name in the current målform (the code list is the workbook catalogue's)."""
    return i18n.gettext("workbook", name) if isinstance(name, str) else name


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def justifications(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    for r in plan.psv:
        score = S.psv_score(r.get("skaar"))
        ind, aar = r.get("indikator"), r.get("aar")
        if score is not None and not _filled(r.get("begrunnelse")):
            yield make(
                "OX-P001", r.cell("begrunnelse"), value=None, aar=aar, indikator=_indicator(ind), skaar=r.get("skaar")
            )
        elif score is None and r.get("skaar") is None and _filled(r.get("begrunnelse")):
            yield make("OX-P002", r.cell("skaar"), value=None, aar=aar, indikator=_indicator(ind))


def duplicates_and_completeness(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    by_year: dict[object, dict[object, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for r in plan.psv:
        if r.get("indikator") is not None and r.get("aar") is not None:
            by_year[r.get("aar")][r.get("indikator")].append(r)
    for aar, per in by_year.items():
        for ind, rows in per.items():
            if len(rows) > 1:
                rader = ", ".join(str(x.row) for x in rows)
                yield make(
                    "OX-P003", rows[1].cell("indikator"), value=ind, aar=aar, indikator=_indicator(ind), rader=rader
                )
        assessed = {  # a score, or a justification of why there is none
            ind
            for ind, rows in per.items()
            if any(S.psv_score(x.get("skaar")) or _filled(x.get("begrunnelse")) for x in rows)
        }
        missing = [i for i in S.PSV_INDIKATORER.values if i not in assessed]
        if assessed and missing:
            first = min((x for rows in per.values() for x in rows), key=lambda x: x.row or 0)
            yield make(
                "OX-P004",
                first.cell("indikator"),
                value=len(assessed),
                expected=len(S.PSV_INDIKATORER.values),
                aar=aar,
                found=len(assessed),
                mangler=", ".join(str(_indicator(m)) for m in missing),
            )


RULES = (justifications, duplicates_and_completeness)
