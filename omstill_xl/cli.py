"""The ``omstill`` command. Thin: parse arguments, call the library, print, choose the exit code.

Exit codes everywhere: 0 no errors (warnings allowed), 1 validation errors found, 2 an input could not be
read, an output could not be written, or the command was used wrongly. No traceback reaches a user unless
``--debug`` is given.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from . import __version__
from .errors import OmstillError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
# Packages of the «rapport» extra (pyproject.toml): a command that needs one says how to install it.
REPORT_EXTRA = frozenset({"pandas", "jinja2", "docx", "docxtpl", "babel", "matplotlib", "rich"})

DESCRIPTION = """\
omstill — arbeidsbøker, kontroll og rapporter for kommuner i regional omstilling.

Vanlige oppgaver:
  omstill new handlingsplan-2026.xlsx --kommune 4626 --program "Omstilling Eksempel" --aar 2026
  omstill new handlingsplan-2027.xlsx --from handlingsplan-2026.xlsx --aar 2027
  omstill validate handlingsplan-2026.xlsx --annotate med-avvik.xlsx
  omstill consolidate innkommet/ --out konsolidert.xlsx
  omstill report innkommet/ --aar 2025 --out rapporter/
  omstill orgform handlingsplan-2026.xlsx --out organisasjonsform.docx
  omstill excel install                   (Windows: knappen Valider i Excel)
  omstill demo --out demo/
  omstill doctor                          (hva mangler på denne maskinen?)

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
    from .commands import command_modules

    p = NorwegianParser(prog="omstill", description=DESCRIPTION, formatter_class=_formatter, add_help=False)
    _norwegian_titles(p)
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")
    p.add_argument("--version", action="version", version=f"omstill_xl {__version__}", help="vis versjonen")
    p.add_argument("--debug", action="store_true", help="vis teknisk feilsporing (traceback) ved uventede feil")
    sub = p.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandoer", parser_class=NorwegianParser)
    for mod in command_modules():
        sp = sub.add_parser(
            mod.NAME, help=mod.HELP, description=mod.DESCRIPTION, formatter_class=_formatter, add_help=False
        )
        _norwegian_titles(sp)
        sp.add_argument("-h", "--help", action="help", help="vis hjelp for kommandoen")
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        mod.configure(sp)
        sp.set_defaults(handler=mod.run)
    return p


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_INPUT
    try:
        return args.handler(args)
    except OmstillError as e:
        if args.debug:
            raise
        print(f"omstill: {e.user_text()}", file=sys.stderr)
        return EXIT_INPUT
    except ModuleNotFoundError as e:
        if args.debug or (e.name or "").split(".")[0] not in REPORT_EXTRA:
            raise
        print(
            f"omstill: «omstill {args.command}» trenger tilleggspakkene for rapporter og konsolidering "
            f'(mangler {e.name}). Installer dem med: pip install "omstill-xl[rapport]". '
            "«omstill doctor» viser hva som er installert.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("omstill: avbrutt.", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            raise
        print(
            f"omstill: uventet feil ({type(e).__name__}: {e}). Kjør kommandoen på nytt med --debug og send "
            "utskriften til den som drifter verktøyet.",
            file=sys.stderr,
        )
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
