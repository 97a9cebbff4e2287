"""The validator's library face: a file or a model in, findings out. Nothing is modified."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
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


def validate_files(paths: Iterable[str | Path], *, profiles: Profiles | None = None) -> list[FileResult]:
    """Validate each file; a file that cannot be read becomes a result with its Norwegian message.

    With several files, the cross-year rules (OX-X…) run too: the workbooks are grouped by programme
    (kommunenummer + programnavn) and each finding is added to the result of the file it points at. The
    per-programme rules need workbooks for two or more years of the programme (two versions of one year's
    workbook are just checked side by side); de minimis across years runs over all workbooks given.
    """
    from .workbook.xlsx import read_file

    paths = list(paths)
    results: list[FileResult] = []
    plans: list[Handlingsplan] = []
    for p in paths:
        try:
            plan = read_file(p)
        except InputError as e:
            results.append(FileResult(str(p), error=e.user_text()))
            continue
        plans.append(plan)
        results.append(FileResult(str(p), tuple(check_plan(plan, profiles))))
    if len(paths) > 1 and len(plans) > 1:
        results = _with_cross_year(results, plans, profiles)
    return results


def _with_cross_year(
    results: list[FileResult], plans: list[Handlingsplan], profiles: Profiles | None
) -> list[FileResult]:
    from .findings import sort_key
    from .rules.crossyear import check_all

    extra: dict[str, list[Finding]] = {}
    for f in check_all(plans, profiles, min_years=2):
        extra.setdefault(f.file or "", []).append(f)
    out = []
    for r in results:
        added = extra.get(str(Path(r.file)), [])
        if added:
            r = FileResult(r.file, tuple(sorted((*r.findings, *added), key=sort_key)), r.error)
        out.append(r)
    return out
