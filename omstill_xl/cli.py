"""The ``omstill`` command. Thin: parse arguments, call the library, print, choose the exit code.

Exit codes everywhere: 0 no errors (warnings allowed), 1 validation errors found, 2 an input could not be
read, an output could not be written, or the command was used wrongly. No traceback reaches a user unless
``--debug`` is given.

Målform (``i18n``): ``--maalform bokmål|nynorsk`` on any command is the user's explicit choice for the run (it
wins over each workbook's own «Målform» on the Program sheet); without it the environment variable
``OMSTILL_MAALFORM`` gives the CLI's own texts and the default for workbooks that name none; else bokmål.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, NoReturn

from . import __version__, i18n
from .errors import OmstillError
from .i18n import N_, translator

_ = translator("cli")

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
# Packages of the «rapport» extra (pyproject.toml): a command that needs one says how to install it.
REPORT_EXTRA = frozenset({"pandas", "jinja2", "docx", "docxtpl", "babel", "rich"})

ENV_MAALFORM = "OMSTILL_MAALFORM"

DESCRIPTION = N_("""\
omstill — arbeidsbøker, kontroll og rapporter for kommuner i regional omstilling.

Vanlige oppgaver:
  omstill new handlingsplan-2026.xlsx --kommune 4626 --program "Omstilling Eksempel" --aar 2026
  omstill new handlingsplan-2027.xlsx --from handlingsplan-2026.xlsx --aar 2027
  omstill validate handlingsplan-2026.xlsx --annotate med-avvik.xlsx
  omstill consolidate innkommet/ --out konsolidert.xlsx
  omstill report innkommet/ --aar 2025 --out rapporter/
  omstill okonomirapport handlingsplan-2026.xlsx --per 2026-09-30 --out styret/
  omstill soknad innkommet/ --aar 2027 --out soknader/
  omstill psv innkommet/ --out psv/
  omstill sluttrapport innkommet/ --out sluttrapport/ --ssb 07459.csv 11616.csv
  omstill orgform handlingsplan-2026.xlsx --out organisasjonsform.docx
  omstill excel install                   (Windows: knappen Valider i Excel)
  omstill demo --out demo/
  omstill doctor                          (hva mangler på denne maskinen?)

Avslutningskoder: 0 ingen feil, 1 feil funnet, 2 en fil kunne ikke leses eller skrives.
""")


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian error text and exit code 2."""

    def error(self, message: str) -> NoReturn:
        replacements = {
            "the following arguments are required": _("disse argumentene mangler"),
            "unrecognized arguments": _("ukjente argumenter"),
            "invalid choice": _("ugyldig valg"),
            "expected one argument": _("trenger én verdi"),
            "invalid int value": _("ugyldig heltall"),
            "invalid _maalform value": _("ukjent målform (bruk bokmål eller nynorsk)"),
            "argument ": "argument ",
        }
        for en, nb in replacements.items():
            message = message.replace(en, nb)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, _("{prog}: feil: {message}").format(prog=self.prog, message=message) + "\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, _("bruk: ") if prefix is None else prefix)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return _Formatter(prog, max_help_position=32)


def _norwegian_titles(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = _("argumenter")
    parser._optionals.title = _("valg")


def _maalform(text: str) -> str:
    """argparse type of ``--maalform``: the målform code for the user's word."""
    code = i18n.parse(text)
    if code is None:
        raise ValueError(text)
    return code


_maalform.__name__ = "_maalform"  # argparse names the type in its message, which NorwegianParser translates
MAALFORM_HELP = N_(
    "målform for det verktøyet skriver og viser: bokmål eller nynorsk (standard: arbeidsbokas eget valg på arket "
    "Program, ellers miljøvariabelen OMSTILL_MAALFORM, ellers bokmål)"
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, its texts in the current målform (build it inside ``i18n.use``); with ``command``, only that
    subcommand's (it parses that command's arguments alike)."""
    from .commands import command_modules

    p = NorwegianParser(prog="omstill", description=_(DESCRIPTION), formatter_class=_formatter, add_help=False)
    _norwegian_titles(p)
    p.add_argument("-h", "--help", action="help", help=_("vis denne hjelpen og avslutt"))
    p.add_argument("--version", action="version", version=f"omstill_xl {__version__}", help=_("vis versjonen"))
    p.add_argument("--debug", action="store_true", help=_("vis teknisk feilsporing (traceback) ved uventede feil"))
    p.add_argument("--maalform", metavar="MÅLFORM", type=_maalform, help=_(MAALFORM_HELP))
    sub = p.add_subparsers(dest="command", metavar=_("KOMMANDO"), title=_("kommandoer"), parser_class=NorwegianParser)
    for mod in command_modules(command):
        sp = sub.add_parser(
            mod.NAME,
            help=_(mod.HELP),
            description=_(mod.DESCRIPTION),
            formatter_class=_formatter,
            add_help=False,
        )
        _norwegian_titles(sp)
        sp.add_argument("-h", "--help", action="help", help=_("vis hjelp for kommandoen"))
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        sp.add_argument(
            "--maalform", metavar="MÅLFORM", type=_maalform, default=argparse.SUPPRESS, help=_(MAALFORM_HELP)
        )
        mod.configure(sp)
        sp.set_defaults(handler=mod.run)
    return p


def chosen_maalform(argv: list[str]) -> tuple[str | None, bool]:
    """The målform for this run before argparse has run (its help and messages are in it already): ``--maalform``
    (explicit), else ``OMSTILL_MAALFORM`` (a default: a workbook's own choice still applies), else None."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--maalform" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--maalform="):
            value = arg.split("=", 1)[1]
        if value is not None:
            code = i18n.parse(value)
            if code is not None:
                return code, True
            return None, False  # argparse says it is unknown, in the environment's målform
    return i18n.parse(os.environ.get(ENV_MAALFORM)), False


# --- console output: any encoding, and a reader that stops early ----------------------------------------------

# What a console or file encoding without these characters (cp1252, cp850, ascii, …) shows instead.
_PLAIN = {
    "\u2212": "-",  # minus sign
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00d7": "x",
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2022": "*",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}
ERRORS = "omstill-plain"


def _plain_replacement(e: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a plain stand-in for each character the output encoding cannot hold («?» at worst)."""
    if not isinstance(e, UnicodeEncodeError):
        raise e
    return "".join(_PLAIN.get(ch, "?") for ch in e.object[e.start : e.end]), e.end


codecs.register_error(ERRORS, _plain_replacement)


class _PipeSafe:
    """A text stream that goes quiet when the reader has gone (``omstill validate … | head``).

    The first BrokenPipeError points the file descriptor at the null device, so the command finishes its work
    (an annotated copy is still written) and Python's final flush does not fail either.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        if self.broken:
            return len(text)
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            self._silence()
            return len(text)

    def flush(self) -> None:
        if self.broken:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._silence()

    def _silence(self) -> None:
        self.broken = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def _safe_streams() -> Iterator[None]:
    """stdout/stderr that never crash on an unencodable character or a closed pipe, for the length of a command."""
    saved: tuple[Any, Any] = (sys.stdout, sys.stderr)
    for stream in saved:
        with suppress(AttributeError, ValueError, OSError):  # not a TextIOWrapper: it keeps its own policy
            stream.reconfigure(errors=ERRORS)
    sys.stdout, sys.stderr = _PipeSafe(saved[0]), _PipeSafe(saved[1])
    try:
        yield
    finally:
        for proxy in (sys.stdout, sys.stderr):
            proxy.flush()
        sys.stdout, sys.stderr = saved


def output_is_unicode(stream: Any = None) -> bool:
    """True when ``stream`` (default stdout) can hold every character (UTF-8/16/32)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32"))
    except LookupError:
        return False


# --------------------------------------------------------------------------------------------------


# What a library error's ``remedy`` (errors.OmstillError) means in terms of this program's flags: the one place
# besides the commands where flags are named. Added only when the running command has the flag.
REMEDIES = {"overwrite": ("overwrite", N_("Bruk --overwrite for å erstatte det som finnes."))}


def with_remedy(text: str, remedy: str, args: argparse.Namespace) -> str:
    """``text`` with the flag advice for ``remedy`` when the command has that flag."""
    dest, advice = REMEDIES.get(remedy, ("", ""))
    return f"{text} {_(advice)}" if dest and hasattr(args, dest) else text


def main(argv: list[str] | None = None) -> int:
    with _safe_streams():
        args = sys.argv[1:] if argv is None else list(argv)
        code, explicit = chosen_maalform(args)
        with i18n.use(code, explicit=explicit):
            if not explicit and os.environ.get(ENV_MAALFORM) and code is None:
                print(
                    _("omstill: {name}={value} er ikke en målform (bruk bokmål eller nynorsk); bruker bokmål.").format(
                        name=ENV_MAALFORM, value=os.environ[ENV_MAALFORM]
                    ),
                    file=sys.stderr,
                )
            return _main(args)


def _main(argv: list[str] | None) -> int:
    first = (sys.argv[1:] if argv is None else argv)[:1]
    # «omstill validate …»: build only that command's parser; anything else (options first, help) builds all
    parser = build_parser(first[0] if first and not first[0].startswith("-") else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_INPUT
    from .safeio import clear_protected, protect_inputs

    protect_inputs(_input_paths(args), [getattr(args, "out", None), getattr(args, "annotate", None)])
    try:
        return args.handler(args)
    except OmstillError as e:
        if args.debug:
            raise
        print("omstill: " + with_remedy(e.user_text(), e.remedy, args), file=sys.stderr)
        return EXIT_INPUT
    except ModuleNotFoundError as e:
        if args.debug or (e.name or "").split(".")[0] not in REPORT_EXTRA:
            raise
        print(
            _(
                "omstill: «omstill {command}» trenger tilleggspakkene for rapporter og konsolidering "
                '(mangler {name}). Installer dem med: pip install "omstill-xl[rapport]". '
                "«omstill doctor» viser hva som er installert."
            ).format(command=args.command, name=e.name),
            file=sys.stderr,
        )
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(_("omstill: avbrutt."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # a pipe other than stdout/stderr closed early; nothing left to say
        return EXIT_INPUT
    except Exception as e:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            raise
        print(
            _(
                "omstill: uventet feil ({error}). Kjør kommandoen på nytt med --debug og send "
                "utskriften til den som drifter verktøyet."
            ).format(error=f"{type(e).__name__}: {e}"),
            file=sys.stderr,
        )
        return EXIT_INPUT
    finally:
        clear_protected()


# Arguments that name files a command reads (positional workbooks, --from, --template, --profiler).
_INPUT_ARGUMENTS = ("files", "inputs", "file", "source", "template", "profiler", "ssb")


def _input_paths(args: argparse.Namespace) -> list[Any]:
    found: list[Any] = []
    for name in _INPUT_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, (list, tuple)):
            found.extend(value)
        elif value is not None and not isinstance(value, bool):
            found.append(value)
    return found


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
