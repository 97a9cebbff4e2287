"""Many workbooks → one report job per programme. Pure: works on what the scan found, never opens files.

A programme is identified by kommunenummer + programnavn (case and spacing ignored). The report for the year
asked for (or, without ``--aar``, the newest year of each programme) uses that year's workbook; the same
programme's workbooks for earlier years feed the cumulative figures. Later years are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..safeio import safe_filename


@dataclass(frozen=True)
class Scanned:
    """What a quick read of one input found (or why it could not be read)."""

    path: str
    kommunenummer: str = ""
    programnavn: str = ""
    aar: int | None = None
    error: str | None = None  # Norwegian message when the file could not be read


@dataclass(frozen=True)
class Job:
    """One report to make."""

    programnavn: str
    kommunenummer: str
    aar: int
    current: str  # the report year's workbook
    earlier: tuple[str, ...]  # earlier years' workbooks, oldest first
    output: str  # file name of the .docx (safe, unique in the batch)


@dataclass(frozen=True)
class Unplanned:
    """A programme (or file) for which no report can be made, and why."""

    programnavn: str
    kommunenummer: str
    aar: int | None
    paths: tuple[str, ...]
    message: str


def programme_key(s: Scanned) -> tuple[str, str]:
    """kommunenummer + programnavn, normalised; a workbook without them is a programme of its own."""
    name = re.sub(r"\s+", " ", s.programnavn or "").strip().casefold()
    if not name and not s.kommunenummer:
        return ("", s.path)
    return (s.kommunenummer or "", name)


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


def plan_jobs(scans: Iterable[Scanned], aar: int | None) -> tuple[list[Job], list[Unplanned]]:
    """Group readable workbooks by programme and choose the workbooks for each report."""
    groups: dict[tuple[str, str], list[Scanned]] = {}
    for s in scans:
        if s.error is None:
            groups.setdefault(programme_key(s), []).append(s)
    jobs: list[Job] = []
    problems: list[Unplanned] = []
    taken: set[str] = set()
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda s: (s.aar or 0, s.path))
        label = next((s.programnavn for s in reversed(members) if s.programnavn), "") or Path(members[0].path).stem
        knr = members[-1].kommunenummer
        paths = tuple(s.path for s in members)
        years = [s.aar for s in members if s.aar is not None]
        target = aar if aar is not None else (max(years) if years else None)
        if target is None:
            problems.append(
                Unplanned(label, knr, None, paths, "Arbeidsboka mangler handlingsplanens år (arket Program).")
            )
            continue
        current = [s for s in members if s.aar == target]
        if not current:
            found = ", ".join(str(y) for y in sorted(set(years))) or "ingen"
            problems.append(Unplanned(label, knr, target, paths, f"Ingen arbeidsbok for {target} (fant år: {found})."))
            continue
        if len(current) > 1:
            problems.append(
                Unplanned(
                    label,
                    knr,
                    target,
                    paths,
                    f"Flere arbeidsbøker for {target}: {_names(s.path for s in current)}. Gi bare én per år.",
                )
            )
            continue
        earlier = [s for s in members if s.aar is not None and s.aar < target]
        dupes = sorted({s.aar for s in earlier if sum(1 for e in earlier if e.aar == s.aar) > 1})
        if dupes:
            y = dupes[0]
            problems.append(
                Unplanned(
                    label,
                    knr,
                    target,
                    paths,
                    f"Flere arbeidsbøker for {y}: {_names(s.path for s in earlier if s.aar == y)}. Gi bare én per år.",
                )
            )
            continue
        jobs.append(
            Job(
                label,
                knr,
                target,
                current[0].path,
                tuple(s.path for s in earlier),
                output_name(target, knr, label, taken),
            )
        )
    return jobs, problems
