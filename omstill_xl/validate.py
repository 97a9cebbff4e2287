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
    """Validate each file; a file that cannot be read becomes a result with its Norwegian message."""
    results = []
    for p in paths:
        try:
            results.append(FileResult(str(p), tuple(validate(p, profiles=profiles))))
        except InputError as e:
            results.append(FileResult(str(p), error=e.user_text()))
    return results
