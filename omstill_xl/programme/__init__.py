"""The programme core: files and folders in, programmes out. Every feature reads programmes from here; none
groups files or sums years on its own.

    from omstill_xl.programme import load

    portfolio = load(["innkommet/"])          # files and/or folders
    for prog in portfolio.programmes:         # one identity each (see ``identity``)
        prog.chain                            # one workbook per year, in year order
        prog.ledger.cumulative()              # money to date, each krone once (see ``ledger``)
    portfolio.failures                        # inputs that could not be used, with the Norwegian reason

The identity rule (kommunenummer + status period; a changed name is a warning, not a second programme) is in
``identity``; the rule for counting carried tilsagn once is in ``ledger``. Both are pure and light: ``omstill
validate`` and the Excel button import this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..findings import Finding
from ..i18n import translator
from ..kommuner import lookup
from ..model import Handlingsplan
from ..profiles import Profiles
from .identity import ProgrammeId, identify, kommunenummer_of, normalise_name, plan_order, year_of
from .ledger import Ledger

__all__ = [
    "Failure",
    "LoadedFile",
    "Portfolio",
    "Programme",
    "ProgrammeId",
    "find_workbooks",
    "group_plans",
    "kommunenummer_of",
    "load",
    "normalise_name",
    "plan_order",
    "read_plan",
    "year_of",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

_ = translator("core")


@dataclass(frozen=True)
class Programme:
    """The workbooks of one programme, ordered by year (then file name)."""

    plans: tuple[Handlingsplan, ...]
    id: ProgrammeId | None = None
    chain: tuple[Handlingsplan, ...] = field(init=False, compare=False)  # one per year (the first by file name)

    def __post_init__(self) -> None:
        seen: set[int] = set()
        chain = []
        for p in self.plans:
            y = year_of(p)
            if y is not None and y not in seen:
                seen.add(y)
                chain.append(p)
        object.__setattr__(self, "chain", tuple(chain))
        if self.id is None:
            ids = identify(self.plans)
            object.__setattr__(self, "id", ids[0][0] if len(ids) == 1 else ProgrammeId(self.kommunenummer, None, None))

    @property
    def latest(self) -> Handlingsplan:
        return self.chain[-1] if self.chain else self.plans[-1]

    @property
    def kommunenummer(self) -> str:
        return kommunenummer_of(self.latest) or ""

    @property
    def kommune(self) -> str:
        k = lookup(self.kommunenummer)
        return k.navn if k else ""

    @property
    def fylke(self) -> str:
        k = lookup(self.kommunenummer)
        return k.fylke if k else ""

    @property
    def programnavn(self) -> str:
        """The name in the latest workbook (earlier names: ``names``)."""
        return str(self.latest.program.get("programnavn") or "")

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the workbooks use, oldest first (a renamed programme has more than one)."""
        seen: dict[str, str] = {}
        for p in self.chain or self.plans:
            name = str(p.program.get("programnavn") or "").strip()
            if name:
                seen.setdefault(normalise_name(name), name)
        return tuple(seen.values())

    @property
    def label(self) -> str:
        """«Omstilling Eksempel (4626 Øygarden)»."""
        name = self.programnavn or _("(uten navn)")
        where = " ".join(x for x in (self.kommunenummer, self.kommune) if x)
        return f"{name} ({where})" if where else name

    @property
    def key(self) -> str:
        assert self.id is not None
        return self.id.key

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(year_of(p) for p in self.chain)  # type: ignore[misc]

    @property
    def duplicates(self) -> tuple[Handlingsplan, ...]:
        """Workbooks left out of the chain because another workbook has the same year."""
        chained = {id(p) for p in self.chain}
        return tuple(p for p in self.plans if id(p) not in chained and year_of(p) is not None)

    @cached_property
    def ledger(self) -> Ledger:
        """The programme's money over its years, each tilsagn and each payment counted once."""
        return Ledger(self.chain)

    def upto(self, year: int) -> Programme:
        """The same programme with only the workbooks up to and including ``year``."""
        return Programme(tuple(p for p in self.plans if (year_of(p) or 0) <= year), self.id)


def group_plans(plans: Iterable[Handlingsplan]) -> list[Programme]:
    """Group plans into programmes by the identity rule (``identity``)."""
    return [Programme(tuple(members), pid) for pid, members in identify(plans)]


@dataclass(frozen=True)
class Failure:
    """An input that could not be used, with the Norwegian reason."""

    path: str
    message: str


@dataclass(frozen=True)
class LoadedFile:
    """A workbook that was read: the plan, its own findings and checksum."""

    path: str
    plan: Handlingsplan
    findings: tuple[Finding, ...]
    sha256: str

    @property
    def counts(self) -> dict[str, int]:
        from ..findings import counts

        return counts(list(self.findings))


@dataclass(frozen=True)
class Portfolio:
    """What ``load`` found: the programmes, every file read, and the inputs that could not be used."""

    programmes: tuple[Programme, ...]
    files: tuple[LoadedFile, ...] = ()
    failures: tuple[Failure, ...] = ()

    def file_of(self, plan: Handlingsplan) -> LoadedFile | None:
        return next((f for f in self.files if f.plan is plan), None)


def find_workbooks(inputs: Sequence[str | Path], *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Files as given, and the .xlsx/.xlsm files in given folders (recursively, sorted).

    Excel's lock files (``~$…``) and hidden files in folders are skipped; ``exclude`` (e.g. the output file)
    is never returned. A path that does not exist is returned as is, so the reader reports it.
    """
    skip = {Path(p).resolve() for p in exclude}
    out: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file() and not p.name.startswith(("~$", "."))
            )
        else:
            found = [path]
        for p in found:
            r = p.resolve()
            if r in skip or r in seen:
                continue
            seen.add(r)
            out.append(p)
    return out


def from_results(results: Iterable[object]) -> Portfolio:
    """A portfolio from ``reading.ReadResult`` values (read here or in worker processes)."""
    from .reading import ReadResult

    files: list[LoadedFile] = []
    failures: list[Failure] = []
    for r in results:
        assert isinstance(r, ReadResult)
        if r.plan is None:
            failures.append(Failure(r.path, r.error or ""))
        else:
            files.append(LoadedFile(r.path, r.plan, r.findings, r.sha256))
    return Portfolio(tuple(group_plans(f.plan for f in files)), tuple(files), tuple(failures))


def read_plan(path: str | Path) -> Handlingsplan:
    """One workbook through the same safe reader as ``load`` (checked before parsing, a large file parsed in a
    child process); raises an ``InputError`` with the Norwegian reason. For ``omstill new --from``."""
    from ..workbook.safe_read import read_workbook

    return read_workbook(path)


def load(
    inputs: Sequence[str | Path],
    *,
    profiles: Profiles | None = None,
    workers: int | None = None,
    exclude: Iterable[str | Path] = (),
    need_year: bool = True,
) -> Portfolio:
    """Read files and folders (folders: every .xlsx/.xlsm inside, recursively) into programmes.

    Each workbook is checked before parsing and parsed in a child process when it is large (the isolating
    reader); ``workers`` processes read the batch (default: one per CPU; 1 reads in this process). A file that
    cannot be used is a ``Failure`` with its Norwegian message; the rest is used. ``need_year``: a workbook
    without handlingsplanens år is a failure (it cannot be placed in a series of years).
    """
    from .reading import read_many

    paths = find_workbooks(inputs, exclude=exclude)
    return from_results(read_many(paths, profiles, workers=workers, need_year=need_year))
