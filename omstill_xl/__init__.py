"""omstill_xl — Excel workbooks, validation, consolidation and reports for regional omstilling.

The public API (what the README's «Python-API» documents); every name is imported on first use, so ``import
omstill_xl`` is fast and needs nothing beyond the core install (the ``rapport`` extra only for what uses it)::

    import omstill_xl as ox

    plan = ox.read("workbooks/eksempel-2025.xlsx")       # Handlingsplan: one year, every value with its cell
    findings = ox.validate(plan)                         # [Finding]; or ox.validate("fil.xlsx")
    results = ox.validate_files(["a.xlsx", "b.xlsx"])    # per file, with the rules across years (OX-X…)
    portfolio = ox.load(["innkommet/"])                  # Portfolio: programmes (one identity each), failures
    prog = portfolio.programmes[0]                       # Programme: yearly workbooks in order, .ledger
    c = ox.consolidate.load(["innkommet/"])              # Consolidation: pandas frames, .write(path)  [rapport]
    ox.report.make_reports(["innkommet/"], "rapporter/", aar=2025)   # årsrapporter as Word          [rapport]

Errors are one tree (``omstill_xl.errors``): ``OmstillError`` ⊃ ``InputError`` (an input could not be used) and
``OutputError`` (an output could not be written), each with a Norwegian ``message``. Findings are data.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import InputError, OmstillError, OutputError

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from . import consolidate, report
    from .findings import Finding
    from .model import Handlingsplan
    from .programme import Portfolio, Programme, load
    from .validate import validate, validate_files
    from .workbook.xlsx import read_file as read

# name → (module, attribute; None: the module itself)
_LAZY: dict[str, tuple[str, str | None]] = {
    "read": (".workbook.xlsx", "read_file"),
    "validate": (".validate", "validate"),
    "validate_files": (".validate", "validate_files"),
    "load": (".programme", "load"),
    "Portfolio": (".programme", "Portfolio"),
    "Programme": (".programme", "Programme"),
    "Handlingsplan": (".model", "Handlingsplan"),
    "Finding": (".findings", "Finding"),
    "consolidate": (".consolidate", None),
    "report": (".report", None),
}

__all__ = [
    "Finding",
    "Handlingsplan",
    "InputError",
    "OmstillError",
    "OutputError",
    "Portfolio",
    "Programme",
    "__version__",
    "consolidate",
    "load",
    "main",
    "read",
    "report",
    "validate",
    "validate_files",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'omstill_xl' has no attribute {name!r}") from None
    mod = importlib.import_module(module, __name__)
    value = mod if attr is None else getattr(mod, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def main(book: Any = None) -> Any:
    """What the «Valider» button on the «Omstilling» ribbon tab runs (the add-in calls
    ``import omstill_xl; omstill_xl.main()``). ``book``: an xlwings Book; default the calling workbook."""
    from .excel.button import main as _main

    return _main(book)
