"""Benchmark: 100 generated programmes → 100 årsrapporter (.docx), whole process, without --pdf.

    python benchmarks/bench_report.py [--programmes 100] [--runs 3] [--pdf 10] [--uten-sidetall] [--write]

Each programme is ``tests.generate.synthetic_plan`` with its own seed, kommune and name (15–40 tiltak), written
as a workbook before the clock starts. The measurement is ``omstill report FOLDER --aar 2026 --out …`` as a
user runs it (a fresh process: imports, the process pool, reading, validation, charts, rendering, writing).
Target: ≤ 30 s on 2 cores. Then, CPU against floors from the same run (issue 17):
- per report (no PDF): CPU of the whole command per report, against python-docx opening and saving the same
  reports (goal ≤ 3×);
- ``--pdf`` on ``--pdf`` programmes: CPU per PDF beyond the same command without ``--pdf`` (goal ≤ 0.5 s),
  against one LibreOffice converting the same .docx files in one run.
``--uten-sidetall`` measures the command with that option (no LibreOffice run for the table of contents' page
numbers), so the report's own work (reading, charts, rendering) is what is left. ``--write`` appends the tables to benchmarks/RESULTS.md with the machine's description.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import append_results, bench_env, cpu_median, machine, ratio_table  # noqa: E402
from omstill_xl.kommuner import kommuner  # noqa: E402
from omstill_xl.workbook.build import write_workbook  # noqa: E402
from tests.generate import synthetic_plan  # noqa: E402

AAR = 2026


def generate(folder: Path, n: int) -> list[Path]:
    """``n`` different, valid programmes (one workbook each) in ``folder``."""
    chosen = sorted(kommuner().values(), key=lambda k: k.nummer)[:: max(1, 357 // n)][:n]
    paths = []
    for i, k in enumerate(chosen):
        data = synthetic_plan(
            15 + (i * 7) % 26,
            seed=i,
            kommunenummer=k.nummer,
            aar=AAR,
            fra=2025,
            til=2030,
            programnavn=f"Omstilling {k.navn}",
        )
        paths.append(write_workbook(data, folder / f"handlingsplan-{k.nummer}-{AAR}.xlsx"))
    return paths


def cpu_children() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


EXTRA: list[str] = []  # options passed on to every measured «omstill report» (--uten-sidetall)


def run_once(inputs: Path, out: Path) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of the command and its workers, reports made, exit code)."""
    cmd = [sys.executable, "-m", "omstill_xl.cli", "report", str(inputs), "--aar", str(AAR), "--out", str(out)]
    cmd += EXTRA
    cpu = cpu_children()
    t = time.perf_counter()
    proc = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, env=bench_env()
    )
    elapsed = time.perf_counter() - t
    made = len(list(out.glob("*.docx")))
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
    return elapsed, cpu_children() - cpu, made, proc.returncode


DOCX_FLOOR = """
import sys
from docx import Document
for p in sys.argv[1:]:
    Document(p).save(p + ".copy")
"""


def floor_rows(tmp: Path, inputs: Path, reports: Path, args: argparse.Namespace, per_report: float) -> str:
    """The floors of issue 17, each measured in this run, and the --pdf cost per PDF."""
    from omstill_xl.libreoffice import find_soffice

    docx = sorted(str(p) for p in reports.glob("*.docx"))
    floor = cpu_median([sys.executable, "-c", DOCX_FLOOR, *docx], max(1, args.runs)) / len(docx)
    label = "omstill report, per report (no PDF" + (", " + " ".join(EXTRA) if EXTRA else "") + ")"
    rows = [(label, per_report, "python-docx open + save, per report", floor, "≤ 3×")]
    if args.pdf:
        small = tmp / "pdf-innkommet"
        small.mkdir()
        for f in sorted(inputs.glob("*.xlsx"))[: args.pdf]:
            os.link(f, small / f.name)
        base = [sys.executable, "-m", "omstill_xl.cli", "report", str(small), "--aar", str(AAR), "--overwrite", *EXTRA]
        without = cpu_median([*base, "--out", str(tmp / "pdf-a")], 1, ok=(0,))
        with_pdf = cpu_median([*base, "--pdf", "--out", str(tmp / "pdf-b")], 1, ok=(0,))
        made = sorted(str(p) for p in (tmp / "pdf-a").glob("*.docx"))
        lo = [find_soffice(), f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless", "--norestore"]
        one_lo = cpu_median([*lo, "--convert-to", "pdf", "--outdir", str(tmp / "lo-ut"), *made], 1, ok=(0,))
        rows.append(
            (
                f"--pdf, per PDF ({args.pdf} programmes)",
                (with_pdf - without) / args.pdf,
                f"one LibreOffice converting the {len(made)} .docx, per document",
                one_lo / len(made),
                "≤ 0.5 s per PDF",
            )
        )
    return ratio_table(
        "omstill report against its floors", "CPU (user + system) of the process and its children.", rows
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--programmes", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pdf", type=int, default=10, help="programmes for the --pdf measurement (0: skip)")
    ap.add_argument("--uten-sidetall", action="store_true", help="pass --uten-sidetall to omstill report")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if args.uten_sidetall:
        EXTRA.append("--uten-sidetall")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "innkommet"
        inputs.mkdir()
        t = time.perf_counter()
        generate(inputs, args.programmes)
        print(f"generated {args.programmes} workbooks in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        times, cpus, loads = [], [], []
        for i in range(args.runs):
            loads.append(load())
            elapsed, cpu, made, code = run_once(inputs, Path(tmp) / f"rapporter-{i}")
            print(f"run {i + 1}: {elapsed:.1f} s wall, {cpu:.1f} s CPU, {made} reports, exit {code}", file=sys.stderr)
            if made != args.programmes or code != 0:
                raise SystemExit(f"expected {args.programmes} reports and exit 0, got {made} and exit {code}")
            times.append(elapsed)
            cpus.append(cpu)
        floors = floor_rows(
            Path(tmp), inputs, Path(tmp) / "rapporter-0", args, statistics.median(cpus) / args.programmes
        )
    median, cpu = statistics.median(times), statistics.median(cpus)
    lines = [
        f"### {time.strftime('%Y-%m-%d')} — {machine()}",
        f"`omstill report{' ' + ' '.join(EXTRA) if EXTRA else ''}` whole process, median of {args.runs} runs, "
        "without --pdf "
        f"(runs: {', '.join(f'{t:.1f} s' for t in times)}; 1-minute load average before each run: {', '.join(loads)}). "
        "CPU is user + system time of the command and its worker processes; on an otherwise idle machine the wall "
        "time approaches CPU / cores.",
        "",
        "| measurement | median wall | CPU | per report (CPU) | target |",
        "|---|---|---|---|---|",
        f"| omstill report{' ' + ' '.join(EXTRA) if EXTRA else ''}, {args.programmes} programmes → {args.programmes} .docx (whole process) | {median:.1f} s | "
        f"{cpu:.1f} s | {cpu / args.programmes:.2f} s | ≤ 30 s on 2 cores |",
    ]
    text = "\n".join(lines) + "\n\n" + floors
    print(text)
    if args.write:
        append_results(text)


if __name__ == "__main__":
    main()
