"""Benchmark for ``omstill consolidate``: 18, 180 and 900 generated workbooks, whole process.

    python benchmarks/bench_consolidate.py [--runs 3] [--tiltak 30] [--sizes 18,180,900] [--phases] [--write]

Programmes of six years each (3, 30 and 150 programmes), every one in its own kommune, built with
``tests.generate.synthetic_plan`` (different seeds, kommuner and years). Generating the workbooks is not part
of the measurement. The median of ``--runs`` runs is reported for 18 and 180 workbooks, one run for 900.
Target: 180 workbooks (30 programmes × 6 years) in ≤ 15 s on a 2-core machine.
``--phases`` also prints, for the largest size, the CPU seconds of each phase in one fresh process reading in
that process (``time.process_time``): imports, reading, the cross-year findings, the frames, the workbook.
``--write`` appends the table to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import append_results, bench_env, cpu_children, cpu_median, machine, ratio_table  # noqa: E402
from omstill_xl.kommuner import kommuner  # noqa: E402
from omstill_xl.workbook.build import build_workbook, workbook_bytes  # noqa: E402
from tests.generate import synthetic_plan  # noqa: E402

YEARS = 6
FIRST_YEAR = 2025


def _make(job: tuple[int, str, str, int, int, str]) -> str:
    index, nummer, navn, year, n_tiltak, folder = job
    # the same seed every year: a programme keeps its tiltak (same IDs, same names) from year to year
    data = synthetic_plan(
        n_tiltak,
        seed=index,
        kommunenummer=nummer,
        aar=year,
        fra=FIRST_YEAR,
        til=FIRST_YEAR + YEARS - 1,
        programnavn=f"Omstilling {navn}",
    )
    path = Path(folder) / f"{nummer}-{year}.xlsx"
    path.write_bytes(workbook_bytes(build_workbook(data)))
    return str(path)


def generate(folder: Path, programmes: int, n_tiltak: int) -> list[Path]:
    """``programmes`` × 6 yearly workbooks, in kommune-number order (the first N × 6 are the N-programme set)."""
    ks = sorted(kommuner().values(), key=lambda k: k.nummer)[:programmes]
    jobs = [
        (i, k.nummer, k.navn, y, n_tiltak, str(folder))
        for i, k in enumerate(ks)
        for y in range(FIRST_YEAR, FIRST_YEAR + YEARS)
    ]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return [Path(p) for p in pool.map(_make, jobs, chunksize=8)]


def load_average() -> float:
    """The 1-minute load average (other work on the machine slows a whole-process timing down)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


# The floor: every sheet of every workbook in the folder read by python-calamine, in one fresh process.
CALAMINE = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
n = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(path))
    n += sum(len(wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names)
print(n)
"""


# The phases of ``consolidate_files`` in one process (workers=1), CPU seconds each.
PHASES = """
import sys, time
t0 = time.process_time()
import pandas, openpyxl
from omstill_xl import consolidate
from omstill_xl.consolidate import writer
from omstill_xl.gcpause import paused_gc
t = {"imports": time.process_time() - t0}
def phase(name, f):
    s = time.process_time()
    f()
    t[name] = time.process_time() - s
with paused_gc():
    box = {}
    phase("read", lambda: box.update(c=consolidate.load([sys.argv[1]], workers=1)))
    c = box["c"]
    phase("findings", lambda: c.findings)
    # the frames the consolidation keeps (the pivots by year and by source are made by the sheets that use them)
    phase("frames", lambda: (c.long, c.indicators(), c.per_tiltak(), c.per_programme()))
    phase("sheets", lambda: box.update(built=writer.build_rows(c)))
    wb, _, kept = box["built"]
    phase("save", lambda: writer.workbook_bytes(wb, save=lambda book, out: writer.save(book, kept, out)))
print(" ".join(f"{k} {v:.3f} s" for k, v in t.items()) + f", total {time.process_time():.3f} s")
"""


def timed(cmd: list[str], runs: int) -> tuple[float, list[float], float]:
    """Median wall time, the wall times, and the median CPU seconds (the process and its workers)."""
    times, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), cpu_children()
        proc = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, env=bench_env()
        )
        times.append(time.perf_counter() - t)
        cpus.append(cpu_children() - c)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"omstill consolidate failed ({proc.returncode}): {proc.stderr[-500:]}")
    return statistics.median(times), times, statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tiltak", type=int, default=30, help="tiltak per workbook")
    ap.add_argument("--sizes", default="18,180,900", help="numbers of workbooks (multiples of 6)")
    ap.add_argument("--phases", action="store_true", help="CPU per phase in one process, largest size")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    ratios: list[tuple[str, float, str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        t = time.perf_counter()
        (tmp_path / "all").mkdir()
        files = generate(tmp_path / "all", max(sizes) // YEARS, args.tiltak)
        print(f"generated {len(files)} workbooks in {time.perf_counter() - t:.0f} s (not measured)", file=sys.stderr)
        for n in sizes:
            folder = tmp_path / f"n{n}"
            folder.mkdir()
            for f in files[:n]:
                os.link(f, folder / f.name)
            out = tmp_path / f"konsolidert-{n}.xlsx"
            cmd = [sys.executable, "-m", "omstill_xl.cli", "consolidate", str(folder), "--out", str(out), "--overwrite"]
            runs = args.runs if n <= 180 else 1
            load = load_average()
            timed(cmd, 1)  # warm-up: compiled bytecode, file cache
            median, times, cpu = timed(cmd, runs)
            floor = cpu_median([sys.executable, "-c", CALAMINE, str(folder)], runs, ok=(0,))
            rows.append((n, n // YEARS, median, runs, out.stat().st_size, load, cpu))
            ratios.append(
                (f"omstill consolidate, {n} workbooks", cpu, "python-calamine read of the same files", floor, "≤ 5×")
            )
            print(
                f"{n} workbooks: median {median:.2f} s of {runs} ({', '.join(f'{x:.2f}' for x in times)}), "
                f"CPU {cpu:.2f} s, calamine floor {floor:.2f} s",
                file=sys.stderr,
            )
            if args.phases and n == max(sizes):
                proc = subprocess.run(
                    [sys.executable, "-c", PHASES, str(folder)], capture_output=True, text=True, env=bench_env()
                )
                print(f"{n} workbooks, one process: {proc.stdout.strip() or proc.stderr[-500:]}", file=sys.stderr)
    base = rows[0]
    lines = [
        f"### {time.strftime('%Y-%m-%d')} — omstill consolidate — {machine()}",
        f"Whole process (`python -m omstill_xl.cli consolidate MAPPE --out …`), {args.tiltak} tiltak per workbook, "
        "six years per programme; median of the runs shown. Target: 180 workbooks ≤ 15 s.",
        "",
        "| workbooks | programmes | time | CPU | runs | per workbook | vs. smallest | output | load avg at start |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, progs, median, runs, size, load, cpu in rows:
        lines.append(
            f"| {n} | {progs} | {median:.2f} s | {cpu:.2f} s | {runs} | {median / n * 1000:.0f} ms | "
            f"{median / base[2]:.1f}× time for {n / base[0]:.0f}× workbooks | {size / 1e6:.1f} MB | "
            f"{load:.1f} |"
        )
    note = "CPU: user + system of the command and its worker processes; the floor in the same run, fresh process."
    text = "\n".join(lines) + "\n\n" + ratio_table("omstill consolidate against its floor", note, ratios)
    print(text)
    if args.write:
        append_results(text)


if __name__ == "__main__":
    main()
