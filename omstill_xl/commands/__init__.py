"""The subcommands of ``omstill``, one module each, found by scanning this package.

A command module has ``NAME``, ``ORDER`` (position in the help), ``HELP`` (one line), ``DESCRIPTION``,
``configure(parser)`` and ``run(args) -> int``. Keep top-level imports light (argparse, pathlib): the CLI
imports every command module to build its help; the heavy work belongs inside ``run``.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType


def command_modules(name: str | None = None) -> list[ModuleType]:
    """Every command module, in help order; with ``name``, just that command's module when it has one (the CLI
    then builds one subparser instead of all of them: about a tenth of a short command's CPU time)."""
    if name:
        mod = command_module(name)
        if mod is not None:
            return [mod]
    import pkgutil  # only for the full help: one command's run imports just its module

    mods = [import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))


def command_module(name: str) -> ModuleType | None:
    """The module of the command called ``name`` (``annen-stotte`` lives in ``annen_stotte.py``), or None."""
    module = name.replace("-", "_")
    if not module.isidentifier() or module.startswith("_") or not module.islower():
        return None
    try:
        mod = import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{module}":
            raise
        return None
    return mod if getattr(mod, "NAME", None) == name else None


def require(*modules: str) -> None:
    """Import optional packages up front, so a missing «rapport» extra is one clear message (the CLI turns the
    ModuleNotFoundError into install advice) rather than a failure per item of a batch."""
    for name in modules:
        import_module(name)
