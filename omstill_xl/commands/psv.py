"""``omstill psv``: the programstatusvurdering report with its fact base, as Word (and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import N_, translator
from ._documents import add_output_options, prepare, run_batch

_ = translator("cli")

NAME = "psv"
ORDER = 43
HELP = N_("lag rapporten fra programstatusvurderingen med faktagrunnlaget (Word, og PDF med --pdf)")
DESCRIPTION = N_(
    "Lager rapporten fra programstatusvurderingen (PSV) for hvert program fra arket «Programstatusvurdering»:\n"
    "skår og begrunnelse per hovedindikator, utviklingen over årene, og faktagrunnlaget (økonomi hittil i\n"
    "perioden med hver krone én gang, prosjektporteføljen, mål og resultater). Gi arbeidsbøkene for alle årene\n"
    "for å få utviklingen med.\n\n"
    "Eksempler:\n"
    "  omstill psv handlingsplan-2027.xlsx --out psv/\n"
    "  omstill psv innkommet/ --aar 2027 --out psv/ --pdf\n\n"
    "Avslutningskode: 0 alle rapportene er laget, 2 minst én fil kunne ikke leses eller én rapport ble ikke laget."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", metavar="FIL_ELLER_MAPPE", nargs="+", type=Path, help=_("arbeidsbok eller mappe"))
    p.add_argument("--aar", metavar="ÅR", type=int, help=_("året for vurderingen (standard: den nyeste)"))
    p.add_argument("--out", metavar="MAPPE", type=Path, default=Path("psv"), help=_("mappe for rapportene"))
    add_output_options(p, N_("lag rapport selv om arbeidsboka har feil"), N_("erstatt rapporter som finnes fra før"))


def run(args: argparse.Namespace) -> int:
    prepare(args)
    from ..documents.psv import psv_context
    from ..documents.write_psv import psv_docx

    def make(prog: Any, portfolio: Any) -> tuple[int | None, dict[str, bytes]]:
        ctx = psv_context(prog, args.aar, files=portfolio.files)
        return ctx["aar"], {".docx": psv_docx(ctx)}

    return run_batch(args, "psv" if args.aar is None else f"psv-{args.aar}", make, N_("PSV-rapporter"))
