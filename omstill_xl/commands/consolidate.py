"""``omstill consolidate``: many yearly workbooks of one or more programmes → one consolidated workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import i18n
from ..i18n import N_, translator

_ = translator("cli")

NAME = "consolidate"
ORDER = 30
HELP = N_("samle arbeidsbøker over år og programmer i én oversikt")
DESCRIPTION = N_(
    "Samler handlingsplanene for flere år og flere programmer i én arbeidsbok: oversikt per program med årene\n"
    "som kolonner (budsjett, innvilget, utbetalt, regnskap, finansiering per kilde, tilskudd og egenandel,\n"
    "ramme, administrasjonsandel, mål og resultater, kumulative tall) med diagrammer, tiltak over år, kilder,\n"
    "indikatorer, en fylkesoversikt når flere programmer er med, og kontrollene som bare synes over år.\n\n"
    "Mapper gjennomsøkes etter .xlsx- og .xlsm-filer. En fil som ikke kan leses, meldes og hoppes over.\n\n"
    "Eksempel:\n  omstill consolidate innkommet/ --out konsolidert.xlsx\n\n"
    "Avslutningskode: 0 ingen feil, 1 feil i kontrollen over år eller i en arbeidsbok, 2 en fil kunne ikke leses."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        metavar="FILER_ELLER_MAPPER",
        nargs="+",
        type=Path,
        help=_("arbeidsbøker (.xlsx/.xlsm) eller mapper med arbeidsbøker"),
    )
    p.add_argument(
        "--out",
        metavar="UT.xlsx",
        type=Path,
        default=Path("konsolidert.xlsx"),
        help=_("den konsoliderte arbeidsboka (standard: konsolidert.xlsx)"),
    )
    p.add_argument(
        "--profiler",
        metavar="FIL",
        type=Path,
        help=_("egne finansieringsprofiler (TOML, samme form som den innebygde profiler.toml)"),
    )
    p.add_argument("--overwrite", action="store_true", help=_("erstatt utfila hvis den finnes"))


def run(args: argparse.Namespace) -> int:
    from ..consolidate import consolidate_files
    from ..profiles import load_profiles
    from ..safeio import refuse_existing

    profiles = load_profiles(args.profiler)
    refuse_existing(args.out, args.overwrite)  # fail before reading a whole batch
    c = consolidate_files(args.inputs, args.out, overwrite=args.overwrite, profiles=profiles)
    print("\n".join(c.summary_lines(args.out)))
    for fail in c.failures:
        print("  " + _("Hoppet over: {reason}").format(reason=fail.message), file=sys.stderr)
    if c.failures:
        n = len(c.failures)
        print(
            i18n.ngettext(
                "cli", "{n} fil kunne ikke leses og er ikke med.", "{n} filer kunne ikke leses og er ikke med.", n
            ).format(n=n),
            file=sys.stderr,
        )
    return c.exit_code
