"""``omstill soknad``: the søknad om omstillingsmidler to fylkeskommunen for a year, as Word (and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

NAME = "soknad"
ORDER = 41
HELP = "lag søknaden om omstillingsmidler for et år (Word, og PDF med --pdf)"
DESCRIPTION = (
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
    p.add_argument("inputs", metavar="FIL_ELLER_MAPPE", nargs="+", type=Path, help="arbeidsbok eller mappe")
    p.add_argument("--aar", metavar="ÅR", type=int, required=True, help="året det søkes for")
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("soknader"), help="mappe for søknadene")
    p.add_argument("--pdf", action="store_true", help="lag også PDF (krever LibreOffice)")
    p.add_argument("--allow-errors", action="store_true", help="lag søknad selv om arbeidsboka har feil")
    p.add_argument("--overwrite", action="store_true", help="erstatt søknader som finnes fra før")


def run(args: argparse.Namespace) -> int:
    from . import require

    require("docx", "openpyxl")
    from ..documents.batch import DocOptions, run_documents
    from ..documents.soknad import application_context
    from ..documents.write_soknad import soknad_docx
    from ._documents import check_summary, print_outcomes

    if args.pdf:
        from ..libreoffice import find_soffice

        find_soffice()

    def make(prog: Any, portfolio: Any) -> tuple[int | None, dict[str, bytes]]:
        ctx = application_context(prog, args.aar, files=portfolio.files)
        return args.aar, {".docx": soknad_docx(ctx)}

    options = DocOptions(args.out, f"soknad-{args.aar}", args.pdf, args.overwrite, args.allow_errors)
    check_summary(args.out, args.overwrite)
    result = run_documents(args.inputs, options, make)
    print_outcomes(result, "søknader")
    return result.exit_code
