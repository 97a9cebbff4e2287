"""Read many workbooks: each file checked, read (in a child process when it is large) and validated on its
own; a bad file never stops the rest. One process pool for the batch.

``Record`` keeps its values in slots and refuses attribute assignment, so it is registered with ``copyreg`` to
travel between processes; ``Cell`` too, so that it travels as its fields (a third less to pickle and unpickle
than the dataclass's state dict).
"""

from __future__ import annotations

import copyreg
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..i18n import translator
from ..model import Cell, Handlingsplan, Record
from ..profiles import Profiles

POOL_THRESHOLD = 12  # below this many files a pool costs more than it saves

_ = translator("core")


def _rebuild_record(sheet: str, row: int | None, values: dict[str, Any], cells: dict[str, Any]) -> Record:
    return Record(sheet, row, values, cells)


def _reduce_record(r: Record) -> tuple[object, tuple[object, ...]]:
    return _rebuild_record, (r.sheet, r.row, r.values, r.cells)


copyreg.pickle(Record, _reduce_record)  # type: ignore[arg-type]


def _rebuild_cell(sheet: str, ref: str, raw: object, formula: str | None, cached: bool, shown: str | None) -> Cell:
    """A ``Cell`` equal to ``Cell(sheet, ref, raw, formula, cached, shown)``, made as the reader makes one (without the
    frozen dataclass's ``__setattr__`` calls)."""
    cell = object.__new__(Cell)
    object.__setattr__(
        cell, "__dict__", {"sheet": sheet, "ref": ref, "raw": raw, "formula": formula, "cached": cached, "shown": shown}
    )
    return cell


def _reduce_cell(c: Cell) -> tuple[object, tuple[object, ...]]:
    # the fields as arguments: a third less to pickle and unpickle than the dataclass's state dict (a plan has ~1 000)
    return _rebuild_cell, (c.sheet, c.ref, c.raw, c.formula, c.cached, c.shown)


copyreg.pickle(Cell, _reduce_cell)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReadResult:
    """One input: the plan, its own findings and checksum, or the Norwegian reason it could not be used."""

    path: str
    plan: Handlingsplan | None = None
    findings: tuple[Finding, ...] = ()  # the single-file validation
    sha256: str = ""
    error: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        from ..findings import counts

        return counts(list(self.findings))


def read_one(
    path: str | Path, profiles: Profiles | None = None, need_year: bool = True, *, isolate: bool | None = None
) -> ReadResult:
    """Check, read and validate one workbook. Never raises for a bad input (the reason is in ``error``).
    ``isolate``: parse in a child process whatever the file's size (None: the intake decides)."""
    import hashlib  # here, not at the top: 2 ms of every short command's start-up

    from ..errors import InputError, OmstillError
    from ..rules import check_plan
    from ..workbook.safe_read import read_workbook

    try:
        plan = read_workbook(path, isolate=isolate)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except InputError as e:
        return ReadResult(str(path), error=e.user_text())
    except OmstillError:  # not about this file (a package missing, …): the run stops with that message
        raise
    except Exception as e:  # noqa: BLE001 - one broken file must not stop a batch
        return ReadResult(
            str(path),
            error=_("{name}: uventet feil ved lesing ({reason}).").format(
                name=Path(path).name, reason=f"{type(e).__name__}: {e}"
            ),
        )
    if need_year and not isinstance(plan.aar, int):
        return ReadResult(
            str(path),
            error=_(
                "{name}: handlingsplanens år mangler ({where}), så arbeidsboka kan ikke plasseres i en serie av år."
            ).format(name=Path(path).name, where=plan.program.address("planaar")),
        )
    return ReadResult(str(path), plan, tuple(check_plan(plan, profiles)), digest)


def _read_job(job: tuple[str, Profiles | None, bool, str, bool]) -> ReadResult:
    from .. import i18n

    path, profiles, need_year, maalform, explicit = job
    with i18n.use(maalform, explicit=explicit):  # a worker process starts without the caller's målform
        return read_one(path, profiles, need_year=need_year)


def _warm_for_fork() -> None:
    """Where the workers are forked (Linux), import what every one of them needs to read a file before they start:
    each inherits it instead of importing it itself (~60 ms a worker; once here). Elsewhere they start afresh,
    so nothing is done here."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return
    import contextlib
    import hashlib  # noqa: F401 - imported for the workers

    from ..rules import check_plan  # noqa: F401
    from ..rules.context import _shipped_profiles
    from ..workbook.safe_read import read_workbook  # noqa: F401

    with contextlib.suppress(ImportError):  # (then the workers say so, file by file, as before)
        import python_calamine  # noqa: F401
    _shipped_profiles()


def read_many(
    paths: Sequence[str | Path],
    profiles: Profiles | None = None,
    *,
    workers: int | None = None,
    need_year: bool = True,
) -> list[ReadResult]:
    """Read every path (results in input order). ``workers``: processes to use (default: the CPU count; 1 reads
    here, as do small batches)."""
    from ..gcpause import paused_gc

    with paused_gc():  # the results stay alive: the collector would only walk them again and again
        return _read_many(paths, profiles, workers=workers, need_year=need_year)


def _read_many(
    paths: Sequence[str | Path], profiles: Profiles | None, *, workers: int | None, need_year: bool
) -> list[ReadResult]:
    names = [str(p) for p in paths]
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1 or len(names) < POOL_THRESHOLD:
        return [read_one(p, profiles, need_year=need_year) for p in names]
    from concurrent.futures import ProcessPoolExecutor  # only for a batch: validate of one file stays fast
    from concurrent.futures.process import BrokenProcessPool

    from .. import i18n

    n = min(n, len(names))
    state = (i18n.current(), i18n.is_explicit())
    _warm_for_fork()
    chunk = max(1, min(16, len(names) // (n * 4)))  # small chunks: a busy core does not hold up the batch
    try:
        import gc

        # a forked worker would inherit the paused collector; it keeps no results, so it runs as any process does
        with ProcessPoolExecutor(max_workers=n, initializer=gc.enable) as pool:
            return list(pool.map(_read_job, [(p, profiles, need_year, *state) for p in names], chunksize=chunk))
    except BrokenProcessPool:
        # A parser took a worker down (python-calamine can abort on a file the intake let through): read every
        # file again, each in its own isolating child, so the bad one costs one message and the rest are read.
        return [read_one(p, profiles, need_year=need_year, isolate=True) for p in names]
    except (OSError, RuntimeError):  # no processes available (sandbox, frozen app): read here instead
        return [read_one(p, profiles, need_year=need_year) for p in names]
