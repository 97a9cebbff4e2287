"""A click imports xlwings without pandas, numpy or matplotlib, even with the ``rapport`` extra installed, and
those packages import normally afterwards."""

from __future__ import annotations

import subprocess
import sys

from omstill_xl.excel.optional import OPTIONAL, without_optional_packages

CLICK = """
import sys
import omstill_xl
from omstill_xl.excel import button
try:
    button.caller_book("Valider", ["-c"])
except SystemExit:
    pass
from omstill_xl.rules import check_plan
from omstill_xl.workbook.read import read_plan
from omstill_xl.excel.reading import read_book
import xlwings.main, xlwings.conversion
print(sorted(m for m in ("pandas", "numpy", "matplotlib", "PIL", "openpyxl") if m in sys.modules))
print(xlwings.main.pd, xlwings.main.mpl, xlwings.conversion.np)
import pandas
print(pandas.DataFrame({"a": [1]}).shape)
"""


def test_a_click_imports_xlwings_without_the_heavy_packages():
    import pandas  # noqa: F401 - the rapport extra is installed here, so the test means something

    proc = subprocess.run([sys.executable, "-c", CLICK], capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines() == ["[]", "None None None", "(1, 1)"], proc.stdout + proc.stderr


def test_blocking_leaves_imported_modules_and_cleans_up():
    import json

    with without_optional_packages(("json", "omstill_xl_not_a_module")):
        assert sys.modules["json"] is json
        assert sys.modules["omstill_xl_not_a_module"] is None
        try:
            import omstill_xl_not_a_module  # noqa: F401
        except ImportError:
            pass
        else:  # pragma: no cover
            raise AssertionError("a blocked name imported")
    assert "omstill_xl_not_a_module" not in sys.modules
    assert {"pandas", "numpy", "matplotlib"} <= set(OPTIONAL)
