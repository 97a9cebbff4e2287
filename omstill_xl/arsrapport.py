"""What the «Årsrapport» button runs: the add-in ``omstill_xl.arsrapport.xlam`` calls
``import omstill_xl.arsrapport; omstill_xl.arsrapport.main()`` (the module is named like the add-in file).
The code is in ``excel.report_button``; this module only gives it the name the VBA needs."""

from __future__ import annotations

from typing import Any


def main(book: Any = None) -> Any:
    from .excel.report_button import main as _main

    return _main(book)
