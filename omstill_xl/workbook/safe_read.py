"""Reading a workbook so that no file can take the whole run down.

``intake.check_file`` refuses what is known to be dangerous before any parser runs. Where it cannot be sure —
a large file — the parse runs in a child process with a memory limit and a timeout (``intake.run_isolated``),
so a parser that hangs or aborts (python-calamine can SIGABRT) costs one clear message, not the batch or the
Excel session.
"""

from __future__ import annotations

from pathlib import Path

from ..intake import check_file, run_isolated
from ..model import Handlingsplan
from .xlsx import read_file

ISOLATE_ABOVE_BYTES = 2 * 1024 * 1024  # our workbooks are ~40 kB; 500 tiltak ~60 kB
CHILD_TIMEOUT_S = 60.0
CHILD_MEMORY_MB = 1536


def read_workbook(path: str | Path, *, isolate: bool | None = None) -> Handlingsplan:
    """Check and read ``path``; parse in a child process when the file is large (or when ``isolate``)."""
    path = Path(path)
    report = check_file(path)
    if isolate is None:
        isolate = report.size > ISOLATE_ABOVE_BYTES
    if not isolate:  # the file is checked once: the grids are read with this check's report
        from .read import read_plan
        from .xlsx import load_grids

        grids, facts = load_grids(path, report)
        return read_plan(grids, facts, str(path))
    return run_isolated(read_file, path, timeout=CHILD_TIMEOUT_S, memory_mb=CHILD_MEMORY_MB, path=path)
