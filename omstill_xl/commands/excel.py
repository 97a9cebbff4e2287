"""``omstill excel build|install|uninstall``: the «Valider» button on an «Omstilling» tab in Excel."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import N_, translator

_ = translator("cli")

NAME = "excel"
ORDER = 60
HELP = N_("Excel-knappen Valider: bygg, installer eller fjern tillegget")
DESCRIPTION = N_(
    "Knappen Valider på fanen Omstilling i Excel (Windows) kontrollerer den åpne arbeidsboka med de samme\n"
    "reglene som «omstill validate», skriver avvikene i arket Avvik og markerer cellene.\n\n"
    "  omstill excel install                      installer tillegget og innstillingene (Windows)\n"
    "  omstill excel uninstall                    fjern tillegget og innstillingene igjen\n"
    "  omstill excel build --out omstill_xl.xlam  bare bygg tillegget (f.eks. for utrulling fra IT)\n"
    "  omstill excel lite --out MAPPE             main.py og requirements.txt for xlwings Lite (Excel på nettet)\n\n"
    "Uten at «omstill» ligger i PATH: py -m omstill_xl.excel install"
)

NOT_WINDOWS = N_(
    "«omstill excel {action}» virker bare på Windows med Microsoft Excel: knappen Valider er et Excel-tillegg som "
    "starter Python på samme PC, og her ({system}) finnes ikke Excel for Windows.\n"
    "Dette kan du gjøre her:\n"
    "  omstill validate fil.xlsx                   kontroller en arbeidsbok uten Excel\n"
    "  omstill validate fil.xlsx --annotate ut.xlsx  få en kopi med arket Avvik og markerte celler\n"
    "  omstill excel build --out omstill_xl.xlam   bygg tillegget og installer det på en Windows-PC"
)
NEXT_STEPS = N_(
    "Neste steg: lukk Excel helt (alle vinduer) og start det igjen. Fanen «Omstilling» med knappen «Valider» "
    "kommer da i båndet. Åpne handlingsplanen og trykk Valider.\n"
    "Blokkerer Excel makroer eller tillegget? Se «Knappen i Excel» i README."
)

LITE_NEXT_STEPS = N_(
    "Neste steg: åpne handlingsplanen i Excel (på nettet eller på PC-en), trykk xlwings Lite på fanen Hjem, lim "
    "inn requirements.txt i fanen requirements.txt og main.py i fanen main.py, og trykk Valider.\n"
    "Se «Excel på nettet (xlwings Lite)» i README."
)


def _norwegian(sp: argparse.ArgumentParser) -> None:
    sp._positionals.title = _("argumenter")
    sp._optionals.title = _("valg")
    sp.add_argument("-h", "--help", action="help", help=_("vis hjelp for handlingen"))


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(
        dest="handling", metavar="HANDLING", title=_("handlinger"), required=True, parser_class=type(p)
    )
    b = sub.add_parser(
        "build",
        help=_("bygg tillegget omstill_xl.xlam fra xlwings-malen"),
        description=_(
            "Bygger tillegget fra ribbon-malen i den installerte xlwings-versjonen (samme bytes hver gang). Fila må "
            "hete omstill_xl.xlam."
        ),
        formatter_class=p.formatter_class,
        add_help=False,
    )
    _norwegian(b)
    b.add_argument(
        "--out",
        metavar="UT",
        type=Path,
        default=Path("omstill_xl.xlam"),
        help=_(
            "fil for ett tillegg (omstill_xl.xlam eller omstill_xl.arsrapport.xlam), eller en mappe for begge "
            "(standard: omstill_xl.xlam her)"
        ),
    )
    b.add_argument("--overwrite", action="store_true", help=_("erstatt fila hvis den finnes"))
    i = sub.add_parser(
        "install",
        help=_("installer tillegget og innstillingene (Windows)"),
        description=_(
            "Legger tillegget i Excels oppstartsmappe (XLSTART) og skriver innstillingene i "
            "%USERPROFILE%\\.myaddin\\myaddin.conf. Start Excel på nytt etterpå."
        ),
        formatter_class=p.formatter_class,
        add_help=False,
    )
    _norwegian(i)
    i.add_argument("--python", metavar="STI", help=_("python.exe som knappen skal bruke (standard: denne)"))
    i.add_argument(
        "--addin",
        metavar="FIL.xlam",
        type=Path,
        action="append",
        help=_(
            "installer dette tillegget uendret (f.eks. signert av IT) i stedet for å bygge det; kan gis to ganger "
            "(omstill_xl.xlam og omstill_xl.arsrapport.xlam)"
        ),
    )
    lite = sub.add_parser(
        "lite",
        help=_("skriv main.py og requirements.txt for xlwings Lite (Excel på nettet, uten Python på PC-en)"),
        description=_(
            "Skriver main.py (skriptet Valider) og requirements.txt (omstill-xl og xlwings låst til versjonene her) "
            "i MAPPE. Lim dem inn i fanene main.py og requirements.txt i xlwings Lite. Se «Excel på nettet (xlwings "
            "Lite)» i README."
        ),
        formatter_class=p.formatter_class,
        add_help=False,
    )
    _norwegian(lite)
    lite.add_argument("--out", metavar="MAPPE", type=Path, required=True, help=_("mappe for de to filene"))
    lite.add_argument(
        "--wheel-url",
        metavar="URL",
        help=_("https-adresse til omstill-xl-hjulet hos IT (i stedet for PyPI); serveren må tillate CORS"),
    )
    lite.add_argument("--overwrite", action="store_true", help=_("erstatt filene hvis de finnes"))
    u = sub.add_parser(
        "uninstall",
        help=_("fjern tillegget og innstillingene (Windows)"),
        description=_("Fjerner tillegget fra XLSTART og våre innstillinger fra myaddin.conf."),
        formatter_class=p.formatter_class,
        add_help=False,
    )
    _norwegian(u)
    u.add_argument("--python", metavar="STI", help=_("python.exe som ble brukt ved installasjonen (standard: denne)"))


def _is_windows() -> bool:
    return sys.platform.startswith("win")


def _system_name() -> str:
    return "macOS" if sys.platform == "darwin" else ("Linux" if sys.platform.startswith("linux") else sys.platform)


def _built(path: object, version: str, button: str) -> str:
    return _("Laget {path} fra xlwings {version} (fanen Omstilling, knappen {button}).").format(
        path=path, version=version, button=button
    )


def run(args: argparse.Namespace) -> int:
    from ..excel import addin

    if args.handling == "build":
        if args.out.is_dir() or not args.out.suffix:
            for out in addin.build_all(args.out, overwrite=args.overwrite):
                button = addin.BY_FILE[out.name].button
                print(_built(out, addin.xlwings_version(), button))
        else:
            out = addin.build(args.out, overwrite=args.overwrite)
            button = addin.BY_FILE[out.name].button
            print(_built(out, addin.xlwings_version(), button))
        print(
            _(
                "Installer det med «omstill excel install» på Windows, eller legg det i XLSTART-mappen og skriv "
                "innstillingene selv (se README)."
            )
        )
        return 0
    if args.handling == "lite":
        from ..excel import litefiles

        written = litefiles.write(args.out, wheel_url=args.wheel_url, overwrite=args.overwrite)
        for path in written:
            print(f"  ✓ {path}")
        print(_(LITE_NEXT_STEPS))
        return 0
    if not _is_windows():
        print(_(NOT_WINDOWS).format(action=args.handling, system=_system_name()), file=sys.stderr)
        return 2
    loc = addin.Locations.from_environment()
    interpreter = args.python or sys.executable
    conda = addin.conda_settings() if not args.python else None
    if args.handling == "install":
        given = [addin.read_addin_file(p) for p in args.addin or []]
        if len({g.spec.file for g in given}) < len(given):
            print(_("omstill: samme tillegg er gitt to ganger med --addin."), file=sys.stderr)
            return 2
        for line in addin.install(loc, interpreter, conda=conda, addins=given or None):
            print(f"  ✓ {line}")
        for warning in _warnings(interpreter, conda, given):
            print(f"  ! {warning}")
        print(_(NEXT_STEPS))
        return 0
    done = addin.uninstall(loc, interpreter, conda=conda)
    for line in done or [_("Fant verken tillegget eller innstillingene; ingenting å fjerne.")]:
        print(f"  ✓ {line}")
    if done:
        print(_("Start Excel på nytt, så er fanen Omstilling borte."))
    return 0


def _warnings(interpreter: str, conda: tuple[str, str] | None = None, given: list | None = None) -> list[str]:
    from importlib import util

    from ..excel import addin

    out = []
    if conda is None and addin.is_conda_python(interpreter):
        out.append(
            _(
                "Dette er en conda-Python, men conda-miljøet er ikke aktivert, så knappen kan ikke aktivere det (da "
                "mangler ofte DLL-er). Åpne «Anaconda Prompt», skriv  conda activate MILJØ  og kjør installasjonen "
                "derfra."
            )
        )
    for g in given or []:
        if not g.signed:
            out.append(
                _("{file} er ikke signert. Krever IT signerte makroer, slår Excel det av uten å si fra.").format(
                    file=g.spec.file
                )
            )
    if "WindowsApps" in interpreter:
        out.append(
            _(
                "Python fra Microsoft Store finner Excel ofte ikke («Could not find Interpreter»). Installer "
                "Python fra python.org og kjør installasjonen på nytt med den."
            )
        )
    if util.find_spec("win32com") is None:
        out.append(_("pywin32 mangler, og uten det når ikke Python Excel. Kjør: py -m pip install pywin32"))
    return out
