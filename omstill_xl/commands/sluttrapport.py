"""``omstill sluttrapport``: the fact base for the final evaluation over the whole status period."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import N_, translator
from ._documents import add_output_options, prepare, run_batch

_ = translator("cli")

NAME = "sluttrapport"
ORDER = 44
HELP = N_("lag faktagrunnlaget for sluttevalueringen over hele statusperioden (Word og Excel)")
DESCRIPTION = N_(
    "Lager faktagrunnlaget for sluttevalueringen for hvert program fra arbeidsbøkene for alle årene: samlet\n"
    "ressursbruk per år, kilde og innsatsområde, regnskap mot budsjett, mål mot resultater og prosjektporteføljen.\n"
    "Med --ssb og SSB-tabellene 07459 (befolkning) og 11616 (sysselsatte etter arbeidssted), lastet ned som\n"
    "semikolonseparert CSV fra statistikkbanken, kommer befolkning og sysselsetting mot kommunens egen trend før\n"
    "programmet og mot fylket. Verktøyet bruker ikke nettet.\n\n"
    "Eksempler:\n"
    "  omstill sluttrapport arbeidsboker/ --out sluttrapport/\n"
    "  omstill sluttrapport arbeidsboker/ --out sluttrapport/ --ssb 07459.csv 11616.csv --pdf\n\n"
    "Avslutningskode: 0 alle er laget, 2 minst én fil kunne ikke leses eller ett faktagrunnlag ble ikke laget."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs", metavar="MAPPE", nargs="+", type=Path, help=_("mappe(r) eller arbeidsbøker for alle årene")
    )
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("sluttrapport"), help=_("mappe for dokumentene"))
    p.add_argument(
        "--ssb",
        metavar=("07459.csv", "11616.csv"),
        nargs=2,
        type=Path,
        help=_("SSB-tabellene for befolkning (07459) og sysselsatte etter arbeidssted (11616), i den rekkefølgen"),
    )
    add_output_options(p, N_("lag det selv om en arbeidsbok har feil"), N_("erstatt filer som finnes fra før"))


def run(args: argparse.Namespace) -> int:
    prepare(args)
    from ..documents.slutt import final_context
    from ..documents.ssb import read_table
    from ..documents.write_slutt import slutt_docx, slutt_xlsx

    befolkning = sysselsetting = None
    if args.ssb:  # read before any work: a bad SSB file stops here with its message
        befolkning, sysselsetting = (read_table(p) for p in args.ssb)

    def make(prog: Any, portfolio: Any) -> tuple[int | None, dict[str, bytes]]:
        ctx = final_context(prog, befolkning=befolkning, sysselsetting=sysselsetting, files=portfolio.files)
        return prog.years[-1] if prog.years else None, {".docx": slutt_docx(ctx), ".xlsx": slutt_xlsx(ctx)}

    return run_batch(args, "sluttrapport", make, N_("faktagrunnlag"))
