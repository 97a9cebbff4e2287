"""Read many workbooks: each file checked, read and validated on its own; a bad file never stops the rest.

Large batches are read in a process pool (both cores on a small machine). ``Record`` keeps its values in
slots and refuses attribute assignment, so it is registered with ``copyreg`` to travel between processes.
"""

from __future__ import annotations

import copyreg
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..findings import counts
from ..model import Handlingsplan, Record
from ..profiles import Profiles

POOL_THRESHOLD = 12  # below this many files a pool costs more than it saves


def _rebuild_record(sheet: str, row: int | None, values: dict, cells: dict) -> Record:  # type: ignore[type-arg]
    return Record(sheet, row, values, cells)


def _reduce_record(r: Record) -> tuple[object, tuple[object, ...]]:
    return _rebuild_record, (r.sheet, r.row, r.values, r.cells)


copyreg.pickle(Record, _reduce_record)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReadResult:
    """One input: the plan and its own finding counts, or the Norwegian reason it could not be read."""

    path: str
    plan: Handlingsplan | None = None
    counts: dict[str, int] | None = None  # feil/advarsel/info of the single-file validation
    error: str | None = None


def read_one(path: str | Path, profiles: Profiles | None = None) -> ReadResult:
    from ..errors import InputError
    from ..rules import check_plan
    from ..workbook.xlsx import read_file

    try:
        plan = read_file(path)
    except InputError as e:
        return ReadResult(str(path), error=e.user_text())
    except Exception as e:  # noqa: BLE001 - one broken file must not stop a batch
        return ReadResult(str(path), error=f"{Path(path).name}: uventet feil ved lesing ({type(e).__name__}: {e}).")
    if not isinstance(plan.aar, int):
        return ReadResult(
            str(path),
            error=f"{Path(path).name}: handlingsplanens år mangler "
            f"({plan.program.address('planaar')}), så arbeidsboka kan ikke plasseres "
            "i en serie av år.",
        )
    return ReadResult(str(path), plan, counts(check_plan(plan, profiles)))


def _read_job(job: tuple[str, Profiles | None]) -> ReadResult:
    return read_one(*job)


def read_many(
    paths: Sequence[str | Path], profiles: Profiles | None = None, *, workers: int | None = None
) -> list[ReadResult]:
    """Read every path (results in input order). ``workers``: processes to use (default: the CPU count; 1 reads
    here, as do small batches)."""
    paths = [str(p) for p in paths]
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1 or len(paths) < POOL_THRESHOLD:
        return [read_one(p, profiles) for p in paths]
    n = min(n, len(paths))
    chunk = max(1, min(16, len(paths) // (n * 4)))  # small chunks: a busy core does not hold up the batch
    try:
        with ProcessPoolExecutor(max_workers=n) as pool:
            return list(pool.map(_read_job, [(p, profiles) for p in paths], chunksize=chunk))
    except (OSError, RuntimeError):  # no processes available (sandbox, frozen app): read here instead
        return [read_one(p, profiles) for p in paths]
