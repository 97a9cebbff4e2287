"""``omstill okonomirapport``: the board's economic report per programme, as Word and a one-sheet workbook."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from ..i18n import N_, translator
from ._documents import add_output_options, prepare, run_batch

_ = translator("cli")

NAME = "okonomirapport"
ORDER = 42
HELP = N_("lag økonomirapporten til styret per en dato (Word og Excel)")
DESCRIPTION = N_(
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
        raise argparse.ArgumentTypeError(_("«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD").format(text=text)) from None


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", metavar="FIL_ELLER_MAPPE", nargs="+", type=Path, help=_("arbeidsbok eller mappe"))
    p.add_argument("--per", metavar="DATO", type=_date, required=True, help=_("rapportdatoen (ÅÅÅÅ-MM-DD)"))
    p.add_argument(
        "--out", metavar="MAPPE", type=Path, default=Path("okonomirapporter"), help=_("mappe for rapportene")
    )
    add_output_options(p, N_("lag rapport selv om arbeidsboka har feil"), N_("erstatt rapporter som finnes fra før"))


def run(args: argparse.Namespace) -> int:
    prepare(args)
    from ..documents.okonomi import economic_context
    from ..documents.write_okonomi import okonomi_docx, okonomi_xlsx

    def make(prog: Any, portfolio: Any) -> tuple[int | None, dict[str, bytes]]:
        ctx = economic_context(prog, args.per, files=portfolio.files)
        return ctx["aar"], {".docx": okonomi_docx(ctx), ".xlsx": okonomi_xlsx(ctx)}

    return run_batch(args, f"okonomirapport-{args.per.isoformat()}", make, N_("økonomirapporter"))
