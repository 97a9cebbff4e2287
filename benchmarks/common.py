"""What every benchmark script shares: the machine's description and appending to RESULTS.md."""

from __future__ import annotations

import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
    )


def append_results(text: str) -> None:
    """Append one run's table to benchmarks/RESULTS.md (creating it with a heading)."""
    head = "" if RESULTS.exists() else "# Benchmark results\n\nWritten by the scripts in benchmarks/ (`--write`).\n\n"
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(head + text + "\n\n")


def cpu_children() -> float:
    """User + system CPU seconds of every finished child process so far (the machine is shared: wall time
    alone misleads, CPU time does not)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bench_env() -> dict[str, str]:
    """The environment of a measured process: with compiled bytecode, as after ``pip install`` (this machine sets
    PYTHONDONTWRITEBYTECODE, which would make every run compile the package's sources again), kept in a
    cache folder of its own outside the work tree."""
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "omstill-bench-pycache")
    return env


def cpu_median(cmd: list[str], runs: int, *, ok: tuple[int, ...] = (0, 1), **kwargs: object) -> float:
    """Median CPU seconds of ``runs`` fresh processes of ``cmd`` (and their children), after one warm-up run."""
    import statistics
    import subprocess

    kwargs.setdefault("env", bench_env())
    times = []
    for i in range(runs + 1):
        before = cpu_children()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, **kwargs)  # type: ignore[call-overload]
        if i:
            times.append(cpu_children() - before)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(map(str, cmd))[:200]} failed ({proc.returncode}): {proc.stderr[-800:]}")
    return statistics.median(times)


def ratio_table(title: str, note: str, rows: list[tuple[str, float, str, float, str]]) -> str:
    """A Markdown table of (measurement, CPU s, floor, floor CPU s, goal) rows, each with its ratio to the
    floor measured in the same run."""
    import time

    lines = [
        f"### {time.strftime('%Y-%m-%d')} — {title} — {machine()}",
        note,
        "",
        "| measurement | CPU (median) | floor | floor CPU | ratio | goal |",
        "|---|---|---|---|---|---|",
    ]
    for label, ours, floor_label, floor, goal in rows:
        ratio = ours / floor if floor else float("nan")
        shown = f"{ratio:.1f}×" if ratio >= 1 else f"{1 / ratio:.1f}× faster"
        lines.append(f"| {label} | {ours:.3f} s | {floor_label} | {floor:.3f} s | {shown} | {goal} |")
    return "\n".join(lines)
