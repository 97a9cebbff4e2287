"""Reading a workbook so that no file can take the whole run down.

``intake.check_file`` refuses what is known to be dangerous before any parser runs. Where it cannot be sure —
a large file — the parse runs in a child process with a memory limit and a timeout (``intake.run_isolated``),
so a parser that hangs or aborts (python-calamine can SIGABRT) costs one clear message, not the batch or the
Excel session.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Handlingsplan
from .xlsx import CHILD_MEMORY_MB, CHILD_TIMEOUT_S, ISOLATE_ABOVE_BYTES, read_file

__all__ = ["CHILD_MEMORY_MB", "CHILD_TIMEOUT_S", "ISOLATE_ABOVE_BYTES", "read_workbook"]


def read_workbook(path: str | Path, *, isolate: bool | None = None) -> Handlingsplan:
    """Check and read ``path``; parse in a child process when the file is large (or when ``isolate``)."""
    return read_file(path, isolate=isolate)
