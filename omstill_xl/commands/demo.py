"""``omstill demo``: every capability on the example workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "demo"
ORDER = 90
HELP = "kjør alt på eksempel-arbeidsbøkene"
DESCRIPTION = "Lager eksempel-arbeidsbøkene, leser og kontrollerer dem og skriver resultatene til en mappe."


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("demo"), help="mappe for resultatene")
    p.add_argument(
        "--workbooks",
        metavar="MAPPE",
        type=Path,
        help="mappe med arbeidsbøker (standard: workbooks/ her, ellers de innebygde eksemplene)",
    )


def run(args: argparse.Namespace) -> int:
    from . import require

    require("pandas", "docxtpl", "docx", "babel")
    from ..demo import run_demo

    return run_demo(args.out, args.workbooks)
