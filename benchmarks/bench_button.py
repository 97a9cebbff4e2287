"""Benchmark: the imports of one «Valider» click, in a fresh Python (Excel starts one per click).

    python benchmarks/bench_button.py [--runs 9] [--write]

What a click imports before it reads the workbook: ``import omstill_xl``, the button, xlwings (as
``button.caller_book`` imports it) and the rules and readers ``button.check`` imports. Measured twice in the
same run: with whatever is installed here (the ``rapport`` extra: pandas, numpy, matplotlib), and against
the floor, a core-only install, simulated by making pandas, numpy, matplotlib, PIL and polars unimportable
for the whole process. Goal: ≤ 0.15 s CPU whatever is installed. ``--write`` appends to RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import append_results, cpu_median, ratio_table  # noqa: E402

CLICK = """
import sys
if sys.argv[1] == "core":
    for name in ("pandas", "numpy", "matplotlib", "PIL", "polars"):
        sys.modules[name] = None
import omstill_xl
from omstill_xl.excel import button
try:
    button.caller_book("Valider", ["-c"])  # imports xlwings as a click does; outside Excel it then exits
except SystemExit:
    pass
assert "xlwings" in sys.modules
from omstill_xl.rules import check_plan
from omstill_xl.workbook.read import read_plan
from omstill_xl.excel.reading import read_book
from omstill_xl.excel.marks import write_findings
heavy = [m for m in ("pandas", "numpy", "matplotlib", "openpyxl") if sys.modules.get(m) is not None]
assert not heavy, heavy
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    ours = cpu_median([sys.executable, "-c", CLICK, "installed"], args.runs, ok=(0,))
    floor = cpu_median([sys.executable, "-c", CLICK, "core"], args.runs, ok=(0,))
    text = ratio_table(
        "Valider button imports",
        f"Fresh Python per measurement, CPU (user + system), median of {args.runs}.",
        [("click imports, `rapport` extra installed", ours, "core-only install (simulated)", floor, "≤ 0.15 s")],
    )
    print(text)
    if args.write:
        append_results(text)


if __name__ == "__main__":
    main()
