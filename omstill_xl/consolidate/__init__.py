"""Consolidation across years and programmes: many handlingsplan workbooks → one picture.

    from omstill_xl import consolidate

    c = consolidate.load(["workbooks/"])            # files and/or folders
    c.long                                          # tidy DataFrame: one row per number
    c.pivot_years()                                 # (programme, kommune, measure, source) × year
    c.per_tiltak(), c.per_source(), c.indicators(), c.per_programme()
    c.findings                                      # cross-year findings (OX-X…)
    c.write("konsolidert.xlsx")                     # the consolidated workbook

The programmes come from the programme core (``omstill_xl.programme``: one identity rule, carried tilsagn
counted once); this package only turns them into frames and the workbook. pandas is imported only when a
DataFrame is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding
from ..model import Handlingsplan
from ..profiles import Profile, Profiles, load_profiles
from ..programme import Failure, Portfolio, Programme, find_workbooks, group_plans

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Consolidation",
    "Failure",
    "load",
    "from_plans",
    "from_portfolio",
    "consolidate_files",
    "Programme",
    "find_workbooks",
]


@dataclass(frozen=True)
class FileInfo:
    """A workbook that was read: its programme and year, its own finding counts, and whether it was used."""

    path: str
    plan: Handlingsplan
    counts: dict[str, int]
    used: bool  # False: another workbook of the same programme and year was used


@dataclass
class Consolidation:
    """The workbooks of one or more programmes, grouped and ordered, with tidy frames and cross-year findings."""

    programmes: list[Programme]
    failures: list[Failure] = field(default_factory=list)
    files: list[FileInfo] = field(default_factory=list)
    profiles: Profiles = field(default_factory=load_profiles)

    # --- data -----------------------------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        """The standard profile (its EUR rate is stated in the output)."""
        return self.profiles.standard

    @cached_property
    def findings(self) -> list[Finding]:
        """Cross-year findings (OX-X…) for the workbooks used, sorted by file and cell."""
        from ..rules.crossyear import check_programmes

        return check_programmes(self.programmes, self.profiles)

    @cached_property
    def long(self) -> pd.DataFrame:
        """Tidy: programme, kommune, kommunenavn, fylke, year, innsatsomrade, tiltak, tiltak_navn, type, status,
        source, measure, amount, file (see ``frames`` for the measures)."""
        from .frames import long_frame

        return long_frame(self.programmes)

    def indicators(self) -> pd.DataFrame:
        """Targets and results per programme, indicator and year, with cumulative sums for yearly indicators."""
        return self._indicators

    @cached_property
    def _indicators(self) -> pd.DataFrame:
        from .frames import indicator_frame

        return indicator_frame(self.programmes)

    def pivot_years(self) -> pd.DataFrame:
        """(programme, kommune, measure, source) × year, amounts summed."""
        from .frames import pivot_years

        return pivot_years(self.long)

    def per_source(self) -> pd.DataFrame:
        """Financing by source: (programme, kommune, source) × year."""
        from .frames import per_source

        return per_source(self.long)

    def per_tiltak(self) -> pd.DataFrame:
        """One row per programme and tiltak ID across years (omstillingsmidler per year, measures summed)."""
        from .frames import per_tiltak

        return per_tiltak(self.long, self._per_tiltak_year)

    def per_tiltak_year(self) -> pd.DataFrame:
        """One row per programme, year and tiltak with every measure as a column."""
        return self._per_tiltak_year

    @cached_property
    def _per_tiltak_year(self) -> pd.DataFrame:
        from .frames import per_tiltak_year

        return per_tiltak_year(self.long)

    def per_programme(self) -> pd.DataFrame:
        """One row per programme: period, frame, money summed over the years, jobs target and result."""
        return self._per_programme

    @cached_property
    def _per_programme(self) -> pd.DataFrame:
        from .frames import programme_summary

        return programme_summary(self.long, self.indicators(), self.programmes)

    # --- status ---------------------------------------------------------------------------------------

    @property
    def file_counts(self) -> dict[str, int]:
        """Findings of the single-file validation, summed over the workbooks read."""
        return {k: sum(info.counts.get(k, 0) for info in self.files) for k in ("feil", "advarsel", "info")}

    @property
    def exit_code(self) -> int:
        """2 when an input was skipped, 1 when there is a feil (in a workbook or across years), else 0."""
        if self.failures:
            return 2
        return 1 if self.file_counts["feil"] or any(f.severity == "feil" for f in self.findings) else 0

    def summary_lines(self, out: str | Path | None = None) -> list[str]:
        """A short Norwegian summary: programmes and years, money against the frame, the findings, the rate."""
        from .. import i18n
        from ..findings import severity_name, summary_line
        from ..fmt import kr
        from ..output import settings_line

        _ = i18n.translator("cli")
        used = [f for f in self.files if f.used]
        n = len(self.programmes)
        target = _(" til {path}").format(path=out) if out is not None else ""
        lines = [
            _("Konsoliderte {books} fra {programmes}{target}.").format(
                books=i18n.ngettext("cli", "{n} arbeidsbok", "{n} arbeidsbøker", len(used)).format(n=len(used)),
                programmes=i18n.ngettext("cli", "{n} program", "{n} programmer", n).format(n=n),
                target=target,
            )
        ]
        for prog, t in zip(self.programmes, self.per_programme().to_dict("records")):
            years = prog.years
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            k = len(prog.chain)
            lines.append(
                "  "
                + _("{label}: {span}, {books}; tilført {added} av rammen {frame}, utbetalt {paid}").format(
                    label=prog.label,
                    span=span,
                    books=i18n.ngettext("cli", "{n} arbeidsbok", "{n} arbeidsbøker", k).format(n=k),
                    added=kr(t["tilskudd_fylkeskommune"] + t["tilskudd_kommune"]),
                    frame=kr(t["ramme"]),
                    paid=kr(t["utbetalt"]),
                )
            )
        own = self.file_counts
        if own["feil"] or own["advarsel"]:
            lines.append(
                "  "
                + _(
                    "Kontroll av hver arbeidsbok: {feil} feil og {advarsel} advarsler (se arket Arbeidsbøker, eller "
                    "kjør omstill validate på filene)."
                ).format(feil=own["feil"], advarsel=own["advarsel"])
            )
        lines.append(_("Kontroll over år: {summary}.").format(summary=summary_line(self.findings)))
        for f in self.findings:
            where = f"{Path(f.file or '').name} {f.location}".strip()
            lines.append(f"  {severity_name(f.severity):<8} {f.code}  {where}: {f.message}")
        lines.append(settings_line(self.profile))
        return lines

    # --- output ---------------------------------------------------------------------------------------

    def workbook_bytes(self) -> bytes:
        from .writer import consolidated_bytes

        return consolidated_bytes(self)

    def write(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the consolidated workbook atomically (refuses to replace a file unless ``overwrite``)."""
        from ..safeio import atomic_write_bytes

        return atomic_write_bytes(Path(path), self.workbook_bytes(), overwrite=overwrite)


def from_plans(
    plans: Iterable[Handlingsplan],
    *,
    profiles: Profiles | None = None,
    counts: dict[str, dict[str, int]] | None = None,
    failures: Sequence[Failure] = (),
) -> Consolidation:
    """A consolidation of plans already read (``counts``: per source file, the single-file finding counts)."""
    plans = list(plans)
    profiles = profiles or load_profiles()
    if counts is None:
        from ..findings import counts as count_findings
        from ..rules import check_plan

        counts = {p.source: count_findings(check_plan(p, profiles)) for p in plans}
    programmes = group_plans(plans)
    used = {id(p) for prog in programmes for p in prog.chain}
    files = [FileInfo(p.source, p, counts.get(p.source, {}), id(p) in used) for p in plans]
    return Consolidation(programmes, list(failures), files, profiles)


def from_portfolio(portfolio: Portfolio, *, profiles: Profiles | None = None) -> Consolidation:
    """A consolidation of what the programme core loaded."""
    profiles = profiles or load_profiles()
    used = {id(p) for prog in portfolio.programmes for p in prog.chain}
    files = [FileInfo(f.path, f.plan, f.counts, id(f.plan) in used) for f in portfolio.files]
    return Consolidation(list(portfolio.programmes), list(portfolio.failures), files, profiles)


def load(
    inputs: Sequence[str | Path],
    *,
    profiles: Profiles | None = None,
    workers: int | None = None,
    exclude: Iterable[str | Path] = (),
) -> Consolidation:
    """Read files and folders (folders: every .xlsx/.xlsm inside, recursively) into a ``Consolidation``.

    A file that cannot be read is recorded in ``failures`` with its Norwegian message; the rest is used.
    ``workers`` processes read the files (default: one per CPU; 1 reads in this process).
    """
    from ..programme import load as load_programmes

    profiles = profiles or load_profiles()
    portfolio = load_programmes(inputs, profiles=profiles, workers=workers, exclude=exclude)
    return from_portfolio(portfolio, profiles=profiles)


def consolidate_files(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    overwrite: bool = False,
    profiles: Profiles | None = None,
    workers: int | None = None,
) -> Consolidation:
    """Read ``inputs`` and write the consolidated workbook to ``out`` (what ``omstill consolidate`` does).

    Raises ``InputError`` when no input could be used; the returned consolidation's ``failures`` lists the
    inputs that were skipped.
    """
    from .. import i18n
    from ..errors import InputError
    from ..gcpause import paused_gc

    _ = i18n.translator("cli")
    with paused_gc():  # every plan and every cell written stays alive to the end: nothing for the collector to find
        c = load(inputs, profiles=profiles, workers=workers, exclude=[out])
        if not c.programmes:
            detail = " ".join(f.message for f in c.failures[:3])
            raise InputError(
                _("Ingen arbeidsbøker kunne leses, så det er ingenting å konsolidere.")
                + " "
                + (detail or _("Oppgi .xlsx-filer eller mapper med .xlsx-filer."))
            )
        c.write(out, overwrite=overwrite)
    return c
