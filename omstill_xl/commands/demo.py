"""``omstill demo``: every capability on the example workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import N_, translator

_ = translator("cli")

NAME = "demo"
ORDER = 90
HELP = N_("kjør alt på eksempel-arbeidsbøkene")
DESCRIPTION = N_("Lager eksempel-arbeidsbøkene, leser og kontrollerer dem og skriver resultatene til en mappe.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("demo"), help=_("mappe for resultatene"))
    p.add_argument(
        "--workbooks",
        metavar="MAPPE",
        type=Path,
        help=_("mappe med arbeidsbøker (standard: workbooks/ her, ellers de innebygde eksemplene)"),
    )


def run(args: argparse.Namespace) -> int:
    from . import require

    require("pandas", "docxtpl", "docx", "babel")
    from ..demo import run_demo

    return run_demo(args.out, args.workbooks)
