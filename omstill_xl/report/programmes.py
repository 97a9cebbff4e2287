"""Programmes → one report job per programme. Pure: works on what the programme core loaded, never opens files.

Which workbooks are one programme is the programme core's rule (``omstill_xl.programme.identity``:
kommunenummer + status period; a renamed programme stays one). The report for the year asked for (or, without
a year, the newest year of each programme) uses that year's workbook; the same programme's workbooks for
earlier years feed the cumulative figures. Later years are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import translator
from ..model import Handlingsplan
from ..programme import LoadedFile, Programme, year_of
from ..safeio import safe_filename

_ = translator("report")


@dataclass(frozen=True)
class Job:
    """One report to make: the report year's workbook last, earlier years' before it (oldest first)."""

    programnavn: str
    kommunenummer: str
    aar: int
    files: tuple[LoadedFile, ...]
    output: str  # file name of the .docx (safe, unique in the batch)

    @property
    def current(self) -> Handlingsplan:
        return self.files[-1].plan

    @property
    def earlier(self) -> tuple[Handlingsplan, ...]:
        return tuple(f.plan for f in self.files[:-1])

    @property
    def paths(self) -> tuple[str, ...]:
        """The workbooks used, the report year's first."""
        return (self.files[-1].path, *(f.path for f in self.files[:-1]))


@dataclass(frozen=True)
class Unplanned:
    """A programme for which no report can be made, and why."""

    programnavn: str
    kommunenummer: str
    aar: int | None
    paths: tuple[str, ...]
    message: str
    not_due: bool = False  # the year asked for is before the programme's status period: nothing to report


def output_name(aar: int, kommunenummer: str, programnavn: str, taken: set[str]) -> str:
    """``arsrapport-2025-4626-omstilling-eksempel.docx``: from user data, so through ``safe_filename``."""
    slug = re.sub(r"\s+", "-", programnavn.strip().lower()) or "program"
    base = "-".join(p for p in ("arsrapport", str(aar), kommunenummer, slug) if p)
    name = safe_filename(base, suffix=".docx", max_bytes=150)
    n = 2
    while name.casefold() in taken:
        name = safe_filename(f"{base}-{n}", suffix=".docx", max_bytes=150)
        n += 1
    taken.add(name.casefold())
    return name


def _names(paths: Iterable[str]) -> str:
    return ", ".join(Path(p).name for p in paths)


def plan_jobs(
    programmes: Sequence[Programme], aar: int | None, files: Mapping[str, LoadedFile] | None = None
) -> tuple[list[Job], list[Unplanned]]:
    """Choose the workbooks for each programme's report. ``files``: the loaded files by path (their findings and
    checksums go into the report); without it the plans are used with no findings."""
    files = files or {}

    def loaded(p: Handlingsplan) -> LoadedFile:
        return files.get(p.source) or LoadedFile(p.source, p, (), "")

    jobs: list[Job] = []
    problems: list[Unplanned] = []
    taken: set[str] = set()
    for prog in programmes:
        members = sorted(prog.plans, key=lambda p: (year_of(p) or 0, p.source))
        label = prog.programnavn or Path(members[0].source).stem
        knr = prog.kommunenummer
        paths = tuple(p.source for p in members)
        years = [y for y in (year_of(p) for p in members) if y is not None]
        target = aar if aar is not None else (max(years) if years else None)
        if target is None:
            problems.append(
                Unplanned(label, knr, None, paths, _("Arbeidsboka mangler handlingsplanens år (arket Program)."))
            )
            continue
        current = [p for p in members if year_of(p) == target]
        fra = prog.id.fra if prog.id is not None else None
        if not current and fra is not None and target < fra:
            problems.append(
                Unplanned(
                    label, knr, target, paths, _("Statusperioden begynner i {year}.").format(year=fra), not_due=True
                )
            )
            continue
        if not current:
            found = ", ".join(str(y) for y in sorted(set(years))) or _("ingen")
            message = _("Ingen arbeidsbok for {year} (fant år: {found}).").format(year=target, found=found)
            problems.append(Unplanned(label, knr, target, paths, message))
            continue
        if len(current) > 1:
            problems.append(
                Unplanned(
                    label,
                    knr,
                    target,
                    paths,
                    _("Flere arbeidsbøker for {year}: {names}. Gi bare én per år.").format(
                        year=target, names=_names(p.source for p in current)
                    ),
                )
            )
            continue
        earlier = [p for p in members if (year_of(p) or target) < target]
        earlier_years = [y for y in (year_of(p) for p in earlier) if y is not None]
        dupes = sorted({y for y in earlier_years if earlier_years.count(y) > 1})
        if dupes:
            y = dupes[0]
            problems.append(
                Unplanned(
                    label,
                    knr,
                    target,
                    paths,
                    _("Flere arbeidsbøker for {year}: {names}. Gi bare én per år.").format(
                        year=y, names=_names(p.source for p in earlier if year_of(p) == y)
                    ),
                )
            )
            continue
        label = str(current[0].program.get("programnavn") or "").strip() or label
        jobs.append(
            Job(
                label,
                knr,
                target,
                tuple(loaded(p) for p in (*earlier, current[0])),
                output_name(target, knr, label, taken),
            )
        )
    return jobs, problems
