"""Pausing Python's cyclic garbage collector over a batch that builds many long-lived objects.

Reading 180 workbooks (or receiving them from the worker processes) keeps every plan alive, and writing the
consolidated workbook makes one openpyxl object per cell: the collector then walks the same live objects again
and again while almost nothing is garbage (349 unreachable objects after reading 180 workbooks). Paused, reading
costs about 8 % less CPU and writing about a third less; reference counting still frees everything else at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off; it is switched back on after (if it was on), also on errors."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
