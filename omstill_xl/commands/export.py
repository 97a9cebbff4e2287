"""``omstill export stotteregister|regionalforvaltning FILER… --out FIL.xlsx``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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

    from ..errors import OutputError
    from ..exports.columns import EXPORTS
    from ..exports.rows import regionalforvaltning_rows, stotteregister_rows, without_register
    from ..exports.writer import write_export
    from ..profiles import load_profiles
    from ..programme import load

    if args.out.exists() and not args.overwrite:
        raise OutputError(
            f"Filen {args.out} finnes allerede. Velg et annet navn, eller bruk --overwrite for å erstatte den.",
            args.out,
        )
    profiles = load_profiles(args.profiler)
    portfolio = load(args.inputs, profiles=profiles, exclude=[args.out])
    programmes = portfolio.programmes
    if not portfolio.files:
        for fail in portfolio.failures:
            print(f"  Kunne ikke lese: {fail.message}", file=sys.stderr)
        print("Ingen arbeidsbok kunne leses; ingenting er eksportert.", file=sys.stderr)
        return 2
    if args.kind == "stotteregister":
        rows, warnings = stotteregister_rows(programmes, dt.date.today())
        title = "Støtteregisteret"
    else:
        rows, warnings = regionalforvaltning_rows(programmes, profiles)
        title = "Regionalforvaltning"
    path = write_export(args.out, title, EXPORTS[args.kind], rows, overwrite=args.overwrite)
    print(f"Laget {path}: {len(rows)} {'rad' if len(rows) == 1 else 'rader'} fra {len(portfolio.files)} arbeidsbøker.")
    empty = without_register(programmes)
    if empty:
        names = ", ".join(Path(p.source).name for p in empty[:5]) + (
            f" og {len(empty) - 5} til" if len(empty) > 5 else ""
        )
        print(f"  Uten tilsagn på arket Tilsagn (ingenting å eksportere): {names}.")
    for w in warnings:
        print(f"  Advarsel: {w.message}")
    for fail in portfolio.failures:
        print(f"  Hoppet over: {fail.message}", file=sys.stderr)
    return 2 if portfolio.failures else 0
