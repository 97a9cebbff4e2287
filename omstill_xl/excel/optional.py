"""Keep xlwings' optional imports out of a button click.

xlwings does ``try: import pandas / numpy / matplotlib / PIL / polars`` when it is imported, only to offer
converters and pictures the buttons never use. With the ``rapport`` extra installed that is about half a
second of every click, since Excel starts a fresh Python per click. :func:`without_optional_packages` makes
those names unimportable while xlwings is imported, so xlwings binds its optional names to ``None`` (the same
as a core-only install); afterwards they import normally, for whatever needs them later in the process.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

# The top-level packages xlwings (main.py, conversion/) tries at import time and the buttons never need.
OPTIONAL = ("pandas", "numpy", "matplotlib", "PIL", "polars")


@contextmanager
def without_optional_packages(names: tuple[str, ...] = OPTIONAL) -> Iterator[None]:
    """While inside, ``import pandas`` (and the others) raises ImportError — a ``None`` in ``sys.modules``
    means «not importable». Names already imported are left alone (then xlwings gets the real module, as
    before), and only the ``None`` markers put here are removed afterwards."""
    blocked = [name for name in names if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
