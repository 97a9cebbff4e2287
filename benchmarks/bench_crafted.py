"""CPU time and peak memory of the real command on each crafted file of issue 18 (``tests/crafted.py``).

    python -m benchmarks.bench_crafted            # print the table
    python -m benchmarks.bench_crafted --write    # and append it to benchmarks/RESULTS.md

CPU is user + system time of the command and its child processes, peak memory the largest resident set among
them (``wait4``). Target for every crafted file and command: under 5 s CPU and 500 MB.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from omstill_xl.examples import build_examples
from tests import crafted
from tests.test_crafted import run

from .common import append_results, machine


def main(argv: list[str]) -> int:
    lines = [
        f"### {date.today().isoformat()} — crafted input (issue 18) — {machine()}",
        "Whole process per run; CPU is user + system of the command and its children, memory the peak resident set.",
        "Target: every run under 5 s CPU and 500 MB.",
        "",
        "| crafted file | size | validate | validate --annotate | report (with a good file) |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workbooks = crafted.build_workbooks(root / "wb")
        side = crafted.build_side_inputs(root / "side")
        good = build_examples(root / "good")[0]
        for name, path in workbooks.items():
            cells = []
            for args in (
                ["validate", path],
                ["validate", path, "--annotate", root / "a.xlsx", "--overwrite"],
                ["report", good, path, "--out", root / "r", "--overwrite"],
            ):
                code, _out, cpu, mb = run(*args, cwd=root)
                cells.append(f"exit {code}, {cpu:.2f} s, {mb:.0f} MB")
            lines.append(f"| {name} | {path.stat().st_size / 1024:.0f} kB | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
        lines += ["", "| crafted side input | command | result |", "|---|---|---|"]
        for name, path in side.items():
            if name.startswith("template"):
                args = ["report", good, "--template", path, "--out", root / "r", "--overwrite"]
                label = "report --template"
            else:
                args = ["validate", good, "--profiler", path]
                label = "validate --profiler"
            code, _out, cpu, mb = run(*args, cwd=root)
            lines.append(f"| {name} | {label} | exit {code}, {cpu:.2f} s, {mb:.0f} MB |")
            print(lines[-1], flush=True)
    if "--write" in argv:
        append_results("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
