"""Benchmarks for reading and validating, whole process and in-process, against a naive baseline.

    python benchmarks/bench_validate.py [--runs 7] [--write]

- read (in-process): ``read_file`` on the Eksempel kommune 2025 workbook (target well under 0.2 s)
- validate (whole process): ``omstill validate`` on eksempel-2025.xlsx (target median ≤ 0.5 s) and on a
  synthetic workbook with 500 tiltak (target ≤ 1.5 s)
- baseline (whole process): openpyxl full load + pandas DataFrame of the Tiltak sheet and the sums, the
  way a quick script would do it, measured in the same run.
``--write`` appends the table to benchmarks/RESULTS.md with the machine's description.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import append_results, machine  # noqa: E402
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


def median_seconds(cmd: list[str], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


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
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    example = ROOT / "workbooks" / "eksempel-2025.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        big = write_workbook(synthetic_plan(500, seed=1), Path(tmp) / "syntetisk-500.xlsx")
        omstill = [sys.executable, "-m", "omstill_xl.cli", "validate"]
        rows = []
        read = in_process_read(example, args.runs)
        rows.append(("read_file, Eksempel 2025 (in-process)", read, None, "< 0.2 s"))
        for label, path, target in (("Eksempel 2025", example, "≤ 0.5 s"), ("500 tiltak", big, "≤ 1.5 s")):
            ours, _ = median_seconds([*omstill, str(path)], args.runs)
            base, _ = median_seconds([sys.executable, "-c", BASELINE, str(path)], args.runs)
            rows.append((f"omstill validate, {label} (whole process)", ours, base, target))
    lines = [
        f"### {time.strftime('%Y-%m-%d')} — {machine()}",
        f"Median of {args.runs} runs. Baseline: openpyxl full load + pandas, whole process, same run.",
        "",
        "| measurement | median | baseline | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for label, ours, base, target in rows:
        b = f"{base:.3f} s" if base else "—"
        ratio = f"{base / ours:.1f}× faster" if base else "—"
        lines.append(f"| {label} | {ours:.3f} s | {b} | {ratio} | {target} |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        append_results(text)


if __name__ == "__main__":
    main()
