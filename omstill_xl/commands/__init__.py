"""The subcommands of ``omstill``, one module each, found by scanning this package.

A command module has ``NAME``, ``ORDER`` (position in the help), ``HELP`` (one line), ``DESCRIPTION``,
``configure(parser)`` and ``run(args) -> int``. Keep top-level imports light (argparse, pathlib): the CLI
imports every command module to build its help; the heavy work belongs inside ``run``.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module
from types import ModuleType


def command_modules() -> list[ModuleType]:
    mods = [import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))


def require(*modules: str) -> None:
    """Import optional packages up front, so a missing «rapport» extra is one clear message (the CLI turns the
    ModuleNotFoundError into install advice) rather than a failure per item of a batch."""
    for name in modules:
        import_module(name)
