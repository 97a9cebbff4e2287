"""``omstill okonomirapport``: the board's economic report per programme, as Word and a one-sheet workbook."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

NAME = "okonomirapport"
ORDER = 42
HELP = "lag økonomirapporten til styret per en dato (Word og Excel)"
DESCRIPTION = (
    "Lager økonomirapporten til styret for hvert program: per tiltak budsjett (omstillingsmidler), innvilget,\n"
    "utbetalt og regnskap, avvik og åpne tilsagn, og hva som er igjen å fordele. Arbeidsboka for året datoen\n"
    "hører til brukes. Har arbeidsboka ikke daterte utbetalinger, sier rapporten at tallene er årsslutt-tallene\n"
    "slik de står i arbeidsboka.\n\n"
    "Eksempler:\n"
    "  omstill okonomirapport handlingsplan-2026.xlsx --per 2026-09-30 --out styret/\n"
    "  omstill okonomirapport innkommet/ --per 2026-06-30 --out styret/ --pdf\n\n"
    "Avslutningskode: 0 alle rapportene er laget, 2 minst én fil kunne ikke leses eller én rapport ble ikke laget."
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", metavar="FIL_ELLER_MAPPE", nargs="+", type=Path, help="arbeidsbok eller mappe")
    p.add_argument("--per", metavar="DATO", type=_date, required=True, help="rapportdatoen (ÅÅÅÅ-MM-DD)")
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("okonomirapporter"), help="mappe for rapportene")
    p.add_argument("--pdf", action="store_true", help="lag også PDF (krever LibreOffice)")
    p.add_argument("--allow-errors", action="store_true", help="lag rapport selv om arbeidsboka har feil")
    p.add_argument("--overwrite", action="store_true", help="erstatt rapporter som finnes fra før")


def run(args: argparse.Namespace) -> int:
    from . import require

    require("docx", "openpyxl")
    from ..documents.batch import DocOptions, run_documents
    from ..documents.okonomi import economic_context
    from ..documents.write_okonomi import okonomi_docx, okonomi_xlsx
    from ._documents import check_summary, print_outcomes

    if args.pdf:
        from ..libreoffice import find_soffice

        find_soffice()

    def make(prog: Any, portfolio: Any) -> tuple[int | None, dict[str, bytes]]:
        ctx = economic_context(prog, args.per, files=portfolio.files)
        return ctx["aar"], {".docx": okonomi_docx(ctx), ".xlsx": okonomi_xlsx(ctx)}

    options = DocOptions(
        args.out, f"okonomirapport-{args.per.isoformat()}", args.pdf, args.overwrite, args.allow_errors
    )
    check_summary(args.out, args.overwrite)
    result = run_documents(args.inputs, options, make)
    print_outcomes(result, "økonomirapporter")
    return result.exit_code
