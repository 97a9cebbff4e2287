"""The validator's library face: a file or a model in, findings out. Nothing is modified."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .findings import Finding
from .model import Handlingsplan
from .output import FileResult
from .profiles import Profiles
from .rules import check_plan


def validate(source: str | Path | Handlingsplan, *, profiles: Profiles | None = None) -> list[Finding]:
    """Every finding for one workbook (a path, or a model already read).

    >>> findings = validate("workbooks/eksempel-2025.xlsx")
    >>> [f.code for f in findings if f.severity == "feil"]
    []
    """
    from .workbook.xlsx import read_file

    plan = source if isinstance(source, Handlingsplan) else read_file(source)
    return check_plan(plan, profiles)


def validate_files(
    paths: Iterable[str | Path], *, profiles: Profiles | None = None, workers: int | None = None
) -> list[FileResult]:
    """Validate each file; a file that cannot be read becomes a result with its Norwegian message.

    The files are read by the programme core (``programme.reading``: checked before parsing, large files parsed
    in a child process, a pool for large batches). With several files the cross-year rules (OX-X…) run too: the
    workbooks are grouped into programmes by the core's identity rule (kommunenummer + status period; a changed
    name is OX-X005, not a second programme) and each finding is added to the result of the file it points at.
    The per-programme rules need workbooks for two or more years of the programme (two versions of one year's
    workbook are just checked side by side); de minimis across years runs over all workbooks given.
    """
    from .programme.reading import read_many
    from .rules.context import maalform

    paths = list(paths)
    results: list[FileResult] = []
    plans: list[Handlingsplan] = []
    for r in read_many(paths, profiles, workers=workers, need_year=False):
        if r.plan is None:
            results.append(FileResult(r.path, error=r.error))
        else:
            plans.append(r.plan)
            results.append(FileResult(r.path, r.findings, maalform=maalform(r.plan)))
    if len(paths) > 1 and len(plans) > 1:
        results = _with_cross_year(results, plans, profiles)
    return results


def _with_cross_year(
    results: list[FileResult], plans: list[Handlingsplan], profiles: Profiles | None
) -> list[FileResult]:
    from .findings import sort_key
    from .programme import group_plans
    from .rules.crossyear import check_programmes

    extra: dict[str, list[Finding]] = {}
    for f in check_programmes(group_plans(plans), profiles, min_years=2):
        extra.setdefault(f.file or "", []).append(f)
    out = []
    for r in results:
        added = extra.get(str(Path(r.file)), [])
        if added:
            r = FileResult(r.file, tuple(sorted((*r.findings, *added), key=sort_key)), r.error, r.maalform)
        out.append(r)
    return out
