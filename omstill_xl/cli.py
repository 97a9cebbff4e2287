"""The ``omstill`` command. Thin: parse arguments, call the library, print, choose the exit code.

Exit codes everywhere: 0 no errors (warnings allowed), 1 validation errors found, 2 an input could not be
read, an output could not be written, or the command was used wrongly. No traceback reaches a user unless
``--debug`` is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import OmstillError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

DESCRIPTION = """\
omstill — arbeidsbøker, kontroll og rapporter for kommuner i regional omstilling.

Vanlige oppgaver:
  omstill new handlingsplan-2026.xlsx --kommune 4626 --program "Omstilling Eksempel" --aar 2026
  omstill validate handlingsplan-2026.xlsx
  omstill validate handlingsplan-2026.xlsx --annotate med-avvik.xlsx
  omstill demo --out demo/

Avslutningskoder: 0 ingen feil, 1 feil funnet, 2 en fil kunne ikke leses eller skrives.
"""


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian error text and exit code 2."""

    def error(self, message: str) -> NoReturn:
        replacements = {
            "the following arguments are required": "disse argumentene mangler",
            "unrecognized arguments": "ukjente argumenter",
            "invalid choice": "ugyldig valg",
            "expected one argument": "trenger én verdi",
            "invalid int value": "ugyldig heltall",
            "argument ": "argument ",
        }
        for en, nb in replacements.items():
            message = message.replace(en, nb)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: feil: {message}\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, "bruk: " if prefix is None else prefix)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return _Formatter(prog, max_help_position=32)


def _norwegian_titles(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "argumenter"
    parser._optionals.title = "valg"


def build_parser() -> argparse.ArgumentParser:
    p = NorwegianParser(prog="omstill", description=DESCRIPTION, formatter_class=_formatter, add_help=False)
    _norwegian_titles(p)
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")
    p.add_argument("--version", action="version", version=f"omstill_xl {__version__}", help="vis versjonen")
    p.add_argument("--debug", action="store_true", help="vis teknisk feilsporing (traceback) ved uventede feil")
    sub = p.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandoer", parser_class=NorwegianParser)

    def add(name: str, help: str, description: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=description, formatter_class=_formatter, add_help=False)
        _norwegian_titles(sp)
        sp.add_argument("-h", "--help", action="help", help="vis hjelp for kommandoen")
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return sp

    new = add("new", "lag en ny handlingsplan-arbeidsbok",
              "Lager en ny, tom arbeidsbok for årets handlingsplan med nedtrekkslister, formler og veiledning.\n\n"
              "Eksempel:\n  omstill new handlingsplan-2026.xlsx --kommune 4626 --program \"Omstilling Eksempel\" "
              "--aar 2026")
    new.add_argument("out", metavar="FIL", type=Path, help="arbeidsboka som skal lages (.xlsx)")
    new.add_argument("--kommune", metavar="NR", help="kommunenummer (fire sifre, 2024-inndeling)")
    new.add_argument("--program", metavar="NAVN", help="programmets navn")
    new.add_argument("--aar", metavar="ÅR", type=int, help="handlingsplanens år")
    new.add_argument("--fra", metavar="ÅR", type=int, help="første år med omstillingsstatus (standard: --aar)")
    new.add_argument("--til", metavar="ÅR", type=int, help="siste år med omstillingsstatus (standard: fra + 5)")
    new.add_argument("--overwrite", action="store_true", help="erstatt fila hvis den finnes")

    val = add("validate", "kontroller arbeidsbøker og vis avvik",
              "Kontrollerer én eller flere arbeidsbøker og viser alle avvik med ark og celle. Ingenting endres.\n\n"
              "Avslutningskode: 0 ingen feil (advarsler er lov), 1 minst én feil, 2 en fil kunne ikke leses.")
    val.add_argument("files", metavar="FIL", nargs="+", type=Path, help="arbeidsbok (.xlsx/.xlsm)")
    val.add_argument("--format", choices=("tekst", "json"), default="tekst",
                     help="utdata: lesbar tekst (standard) eller JSON for maskiner")
    val.add_argument("--annotate", metavar="UT.xlsx", type=Path,
                     help="skriv en kopi med arket Avvik og markerte celler (bare med én fil)")
    val.add_argument("--profiler", metavar="FIL", type=Path,
                     help="egne finansieringsprofiler (TOML, samme form som den innebygde profiler.toml)")
    val.add_argument("--overwrite", action="store_true", help="erstatt kopien fra --annotate hvis den finnes")
    val.add_argument("--farge", choices=("auto", "ja", "nei"), default="auto", help="farger i teksten")

    demo = add("demo", "kjør alt på eksempel-arbeidsbøkene",
               "Lager eksempel-arbeidsbøkene, leser og kontrollerer dem og skriver resultatene til en mappe.")
    demo.add_argument("--out", metavar="MAPPE", type=Path, default=Path("demo"), help="mappe for resultatene")
    demo.add_argument("--workbooks", metavar="MAPPE", type=Path,
                      help="mappe med arbeidsbøker (standard: de innebygde eksemplene)")
    return p


# --------------------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from .kommuner import lookup
    from .workbook.build import write_workbook

    fields: dict[str, object] = {}
    if args.kommune:
        k = lookup(args.kommune)
        if k is None:
            raise OmstillError(f"Kommunenummer «{args.kommune}» finnes ikke i kommunelisten for 2024. "
                               "Bruk fire sifre, f.eks. 4626.")
        fields["kommunenummer"] = k.nummer
    if args.program:
        fields["programnavn"] = args.program
    if args.aar:
        fields["planaar"] = args.aar
    fra = args.fra or args.aar
    if fra:
        fields["status_fra"] = fra
        fields["status_til"] = args.til or fra + 5
    fields["maks_fylkesandel"] = 0.75
    data = {"Program": {"fields": fields}}
    if args.aar:
        from .schema import INDIKATORER

        data["Mål og resultater"] = {"rows": [{"indikator": i, "aar": args.aar} for i in INDIKATORER.values]}
    path = write_workbook(data, args.out, overwrite=args.overwrite)
    print(f"Laget {path}. Åpne den i Excel og fyll ut de gule cellene; arket Veiledning forklarer resten.")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .output import exit_code, render_json, render_text
    from .profiles import load_profiles
    from .validate import validate_files

    profiles = load_profiles(args.profiler)
    if args.annotate and len(args.files) != 1:
        raise OmstillError("--annotate kan bare brukes med én arbeidsbok om gangen.")
    results = validate_files(args.files, profiles=profiles)
    if args.format == "json":
        print(render_json(results, profiles.standard))
    else:
        colour = args.farge == "ja" or (args.farge == "auto" and sys.stdout.isatty())
        print(render_text(results, profiles.standard, colour=colour))
    if args.annotate and not results[0].error:
        from .workbook.annotate import write_annotated

        out = write_annotated(args.files[0], results[0].findings, args.annotate, overwrite=args.overwrite)
        print(f"Kopi med avvik skrevet til {out}.", file=sys.stderr)
    return exit_code(results)


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.out, args.workbooks)


COMMANDS = {"new": cmd_new, "validate": cmd_validate, "demo": cmd_demo}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_INPUT
    try:
        return COMMANDS[args.command](args)
    except OmstillError as e:
        if args.debug:
            raise
        print(f"omstill: {e.user_text()}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("omstill: avbrutt.", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            raise
        print(f"omstill: uventet feil ({type(e).__name__}: {e}). Kjør kommandoen på nytt med --debug og send "
              "utskriften til den som drifter verktøyet.", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
