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
