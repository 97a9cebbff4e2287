"""omstill_xl — Excel workbooks, validation, consolidation and reports for regional omstilling.

Heavy modules are imported lazily so the CLI and the Excel button start fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def main(book: Any = None) -> Any:
    """What the «Valider» button on the «Omstilling» ribbon tab runs (the add-in calls
    ``import omstill_xl; omstill_xl.main()``). ``book``: an xlwings Book; default the calling workbook."""
    from .excel.button import main as _main

    return _main(book)
