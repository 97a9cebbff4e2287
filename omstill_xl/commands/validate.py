"""``omstill validate``: findings for one or more workbooks; nothing is modified."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import OmstillError
from ..i18n import N_, translator

_ = translator("cli")

NAME = "validate"
ORDER = 20
HELP = N_("kontroller arbeidsbøker og vis avvik")
DESCRIPTION = N_(
    "Kontrollerer én eller flere arbeidsbøker og viser alle avvik med ark og celle. Ingenting endres.\n\n"
    "Avslutningskode: 0 ingen feil (advarsler er lov), 1 minst én feil, 2 en fil kunne ikke leses."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", metavar="FIL", nargs="+", type=Path, help=_("arbeidsbok (.xlsx/.xlsm)"))
    p.add_argument(
        "--format",
        choices=("tekst", "json"),
        default="tekst",
        help=_("utdata: lesbar tekst (standard) eller JSON for maskiner"),
    )
    p.add_argument(
        "--annotate",
        metavar="UT.xlsx",
        type=Path,
        help=_("skriv en kopi med arket Avvik og markerte celler (bare med én fil)"),
    )
    p.add_argument(
        "--profiler",
        metavar="FIL",
        type=Path,
        help=_("egne finansieringsprofiler (TOML, samme form som den innebygde profiler.toml)"),
    )
    p.add_argument("--overwrite", action="store_true", help=_("erstatt kopien fra --annotate hvis den finnes"))
    p.add_argument("--farge", choices=("auto", "ja", "nei"), default="auto", help=_("farger i teksten"))


def run(args: argparse.Namespace) -> int:
    from ..output import exit_code, render_json, render_text
    from ..profiles import load_profiles
    from ..validate import validate_files

    profiles = load_profiles(args.profiler)
    if args.annotate and len(args.files) != 1:
        raise OmstillError(_("--annotate kan bare brukes med én arbeidsbok om gangen."))
    results = validate_files(args.files, profiles=profiles)
    if args.format == "json":
        from ..cli import output_is_unicode

        print(render_json(results, profiles.standard, ascii_only=not output_is_unicode()))
    else:
        colour = args.farge == "ja" or (args.farge == "auto" and sys.stdout.isatty())
        print(render_text(results, profiles.standard, colour=colour))
    if args.annotate and not results[0].error:
        from ..workbook.annotate import macro_note, write_annotated

        out = write_annotated(args.files[0], results[0].findings, args.annotate, overwrite=args.overwrite)
        print(_("Kopi med avvik skrevet til {path}.").format(path=out), file=sys.stderr)
        note = macro_note(args.files[0], out)
        if note:
            print(note, file=sys.stderr)
    return exit_code(results)
