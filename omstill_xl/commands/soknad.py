"""``omstill soknad``: the søknad om omstillingsmidler to fylkeskommunen for a year, as Word (and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import N_, translator
from ._documents import add_output_options, prepare, run_batch

_ = translator("cli")

NAME = "soknad"
ORDER = 41
HELP = N_("lag søknaden om omstillingsmidler for et år (Word, og PDF med --pdf)")
DESCRIPTION = N_(
    "Lager søknaden om omstillingsmidler til fylkeskommunen fra handlingsplanen for året: mål og strategier,\n"
    "tiltakene, kostnadsoverslag og finansieringsplan per kilde, kommunens egenandel, status for inneværende år\n"
    "(fra arbeidsboka for året før, om den er gitt) og rammen for resten av statusperioden. Tekst bare et\n"
    "menneske kan skrive (bakgrunn, organisering, bærekraftsmål, kommunestyrets vedtak), står som gul\n"
    "«[Skriv her: …]».\n\n"
    "Eksempler:\n"
    "  omstill soknad handlingsplan-2025.xlsx handlingsplan-2026.xlsx --aar 2026 --out soknad/\n"
    "  omstill soknad innkommet/ --aar 2027 --out soknad/ --pdf\n\n"
    "Avslutningskode: 0 alle søknadene er laget, 2 minst én fil kunne ikke leses eller én søknad ble ikke laget."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", metavar="FIL_ELLER_MAPPE", nargs="+", type=Path, help=_("arbeidsbok eller mappe"))
    p.add_argument("--aar", metavar="ÅR", type=int, required=True, help=_("året det søkes for"))
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("soknader"), help=_("mappe for søknadene"))
    add_output_options(p, N_("lag søknad selv om arbeidsboka har feil"), N_("erstatt søknader som finnes fra før"))


def run(args: argparse.Namespace) -> int:
    prepare(args)
    from ..documents.soknad import application_context
    from ..documents.write_soknad import soknad_docx

    def make(prog: Any, portfolio: Any) -> tuple[int | None, dict[str, bytes]]:
        ctx = application_context(prog, args.aar, files=portfolio.files)
        return args.aar, {".docx": soknad_docx(ctx)}

    return run_batch(args, f"soknad-{args.aar}", make, N_("søknader"))
