"""Benchmarks for reading and validating, whole process, CPU seconds, each against its floor from the same run.

    python benchmarks/bench_validate.py [--runs 9] [--tiltak 5000] [--write]

- ``omstill validate`` Eksempel 2025 (fresh process) against a bare python-calamine read of every sheet of the
  same file in a fresh process. Goal ≤ 3×.
- ``omstill validate`` on a synthetic workbook with ``--tiltak`` tiltak against the naive baseline (openpyxl
  full load + a pandas DataFrame of the Tiltak sheet and the sums, the way a quick script would do it).
  Goal ≥ 3× faster.
- read (in-process): ``read_file`` on Eksempel 2025, median wall time, for orientation.
CPU is user + system time of the child process (the machine is shared). ``--write`` appends to RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import append_results, cpu_median, ratio_table  # noqa: E402
from omstill_xl.workbook.build import write_workbook  # noqa: E402
from tests.generate import synthetic_plan  # noqa: E402

BASELINE = """
import sys, openpyxl, pandas as pd
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Tiltak"]
rows = list(ws.iter_rows(min_row=4, values_only=True))
df = pd.DataFrame(rows[1:], columns=rows[0]).dropna(subset=["ID"])
df = df[df["ID"] != "Sum"]
cols = ["Omstillingsmidler", "Innovasjon Norge", "Næringsliv", "Andre"]
bad = df[(df[cols].fillna(0).sum(axis=1) - df["Budsjett (total kostnad)"].fillna(0)).abs() > 0.5]
print(len(df), len(bad))
"""

CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
print(sum(len(wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names))
"""


def in_process_read(path: Path, runs: int) -> float:
    from omstill_xl.workbook.xlsx import read_file

    read_file(path)  # warm imports
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        read_file(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--tiltak", type=int, default=5000)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    example = ROOT / "workbooks" / "eksempel-2025.xlsx"
    omstill = [sys.executable, "-m", "omstill_xl.cli", "validate"]
    with tempfile.TemporaryDirectory() as tmp:
        big = write_workbook(synthetic_plan(args.tiltak, seed=1), Path(tmp) / f"syntetisk-{args.tiltak}.xlsx")
        rows = [
            (
                "omstill validate, Eksempel 2025",
                cpu_median([*omstill, str(example)], args.runs),
                "bare python-calamine read, fresh process",
                cpu_median([sys.executable, "-c", CALAMINE, str(example)], args.runs, ok=(0,)),
                "≤ 3×",
            ),
            (
                f"omstill validate, {args.tiltak} tiltak",
                cpu_median([*omstill, str(big)], max(3, args.runs // 3)),
                "naive openpyxl + pandas",
                cpu_median([sys.executable, "-c", BASELINE, str(big)], max(3, args.runs // 3), ok=(0,)),
                "≥ 3× faster",
            ),
        ]
    read = in_process_read(example, args.runs)
    note = (
        f"Fresh process each, CPU (user + system), median of {args.runs} (the large workbook: of "
        f"{max(3, args.runs // 3)}). In-process `read_file` of Eksempel 2025 (wall, warm): {read * 1000:.0f} ms."
    )
    text = ratio_table("omstill validate", note, rows)
    print(text)
    if args.write:
        append_results(text)


if __name__ == "__main__":
    main()
