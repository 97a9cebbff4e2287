"""What EUR→NOK at a date costs: importing currencyconverter and the first rate (parsing ECB's history).

    python benchmarks/bench_rates.py [--runs 7] [--write]

Each run is a fresh process, so nothing is cached: ``import currency_converter`` alone, then
``omstill_xl.rates.eur_nok`` for one date (import + parsing the bundled ``eurofxref-hist.zip``), and
``import omstill_xl.validate`` for comparison (the validator does not import the package; see
``tests/test_rates.py``). ``--write`` appends the table to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import append_results, machine  # noqa: E402

TIMED = """
import time, datetime as dt
t = time.perf_counter()
{code}
print(time.perf_counter() - t)
"""
CASES = (
    ("import currency_converter", "import currency_converter"),
    (
        "first rate: import + parse ECB history (rates.eur_nok)",
        "from omstill_xl import rates; rates.eur_nok(dt.date(2024, 1, 2))",
    ),
    ("import omstill_xl.validate (for comparison)", "import omstill_xl.validate"),
)


def run(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", TIMED.format(code=code)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    import currency_converter

    version = getattr(currency_converter, "__version__", "?")
    rows = [f"| {label} | {1000 * run(code, args.runs):.0f} ms |" for label, code in CASES]
    table = "\n".join(
        [
            f"### EUR→NOK (currencyconverter {version}) — {machine()}",
            f"Fresh process per run, median of {args.runs}; 1-minute load average at start "
            f"{os.getloadavg()[0]:.1f} (on a busy machine every figure grows alike).",
            "",
            "| measurement | median |",
            "|---|---|",
            *rows,
        ]
    )
    print(table)
    if args.write:
        append_results(table)


if __name__ == "__main__":
    main()
