"""``omstill export stotteregister|regionalforvaltning FILER… --out FIL.xlsx``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import i18n
from ..i18n import N_, translator

_ = translator("cli")

NAME = "export"
ORDER = 35
HELP = N_("eksporter tilsagn til Støtteregisteret eller regionalforvaltning.no")
DESCRIPTION = N_(
    "Lager et regneark fra tilsagnsregisteret (arket Tilsagn) i arbeidsbøkene:\n"
    "  stotteregister       én rad per støttetildeling, med feltene Støtteregisteret ber om\n"
    "  regionalforvaltning  hvert tilsagn med KDD-kategori og fordelingen mellom statens ramme\n"
    "                       «Omstillingsmidlar (551.60)» og kommunens egen ramme\n\n"
    "Hvert tilsagn kommer med én gang, også når det er ført videre i senere års arbeidsbøker. En tildeling som er\n"
    "over fristen for registrering og ikke er merket registrert, gir en advarsel.\n\n"
    "Eksempel:\n  omstill export stotteregister innkommet/ --out stotteregister.xlsx\n\n"
    "Avslutningskode: 0 eksportert, 2 en fil kunne ikke leses (de andre er eksportert)."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=("stotteregister", "regionalforvaltning"), help=_("hvilken eksport"))
    p.add_argument("inputs", metavar="FILER_ELLER_MAPPER", nargs="+", type=Path, help=_("arbeidsbøker eller mapper"))
    p.add_argument("--out", metavar="UT.xlsx", type=Path, required=True, help=_("regnearket som lages"))
    p.add_argument("--profiler", metavar="FIL", type=Path, help=_("egne finansieringsprofiler (TOML)"))
    p.add_argument("--overwrite", action="store_true", help=_("erstatt utfila hvis den finnes"))


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..exports.columns import EXPORTS
    from ..exports.rows import regionalforvaltning_rows, stotteregister_rows, without_register
    from ..exports.writer import write_export
    from ..profiles import load_profiles
    from ..programme import load
    from ..safeio import refuse_existing

    refuse_existing(args.out, args.overwrite)
    profiles = load_profiles(args.profiler)
    portfolio = load(args.inputs, profiles=profiles, exclude=[args.out])
    programmes = portfolio.programmes
    if not portfolio.files:
        for fail in portfolio.failures:
            print("  " + _("Kunne ikke lese: {reason}").format(reason=fail.message), file=sys.stderr)
        print(_("Ingen arbeidsbok kunne leses; ingenting er eksportert."), file=sys.stderr)
        return 2
    if args.kind == "stotteregister":
        rows, warnings = stotteregister_rows(programmes, dt.date.today())
        title = "Støtteregisteret"
    else:
        rows, warnings = regionalforvaltning_rows(programmes, profiles)
        title = "Regionalforvaltning"
    path = write_export(args.out, title, EXPORTS[args.kind], rows, overwrite=args.overwrite)
    print(
        i18n.ngettext(
            "cli",
            "Laget {path}: {n} rad fra {files} arbeidsbøker.",
            "Laget {path}: {n} rader fra {files} arbeidsbøker.",
            len(rows),
        ).format(path=path, n=len(rows), files=len(portfolio.files))
    )
    empty = without_register(programmes)
    if empty:
        names = ", ".join(Path(p.source).name for p in empty[:5]) + (
            _(" og {n} til").format(n=len(empty) - 5) if len(empty) > 5 else ""
        )
        print("  " + _("Uten tilsagn på arket Tilsagn (ingenting å eksportere): {names}.").format(names=names))
    for w in warnings:
        print("  " + _("Advarsel: {message}").format(message=w.message))
    for fail in portfolio.failures:
        print("  " + _("Hoppet over: {reason}").format(reason=fail.message), file=sys.stderr)
    return 2 if portfolio.failures else 0
