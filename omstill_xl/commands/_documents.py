"""What the document commands (okonomirapport, soknad, psv, sluttrapport) share: their output options, the checks
before any work (packages, LibreOffice and its font for --pdf, an existing sammendrag.xlsx), the batch run, and
what they print: one line per programme, then where sammendrag.xlsx is. The library's outcomes name what is needed
(``remedy``); the flags are named here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from ..i18n import N_, translator

_ = translator("cli")

REMEDIES = {
    "allow_errors": N_("Bruk --allow-errors for å lage dokumentet likevel."),
}


def check_summary(out: Any, overwrite: bool) -> None:
    """Stop before any work when the folder already has a sammendrag.xlsx and --overwrite is not given."""
    from ..errors import OutputError
    from ..report.batch import SUMMARY_NAME

    summary = out / SUMMARY_NAME
    if summary.exists() and not overwrite:
        raise OutputError(
            _("{path} finnes allerede. Velg en annen mappe med --out, eller bruk --overwrite.").format(path=summary),
            summary,
        )


def print_outcomes(result: Any, what: str) -> None:
    made = 0
    for o in result.outcomes:
        line = f"{o.programnavn}{f' ({o.aar})' if o.aar else ''}: {o.status}"
        if o.report:
            made += 1
            line += f" – {o.report}" + (" + PDF" if o.pdf else "")
        print(line)
        if o.message:
            print(f"  {o.message}")
        if o.remedy in REMEDIES:
            print(f"  {_(REMEDIES[o.remedy])}")
    print(
        _("{made} av {n} {what} laget. Sammendrag: {summary}").format(
            made=made, n=len(result.outcomes), what=_(what), summary=result.summary
        )
    )


def add_output_options(p: argparse.ArgumentParser, allow_errors: str, overwrite: str) -> None:
    """--pdf, --allow-errors and --overwrite, with the command's own help for the last two."""
    p.add_argument("--pdf", action="store_true", help=_("lag også PDF (krever LibreOffice)"))
    p.add_argument("--allow-errors", action="store_true", help=_(allow_errors))
    p.add_argument("--overwrite", action="store_true", help=_(overwrite))


def prepare(args: argparse.Namespace) -> None:
    """Before any work: the packages the documents need, and for --pdf LibreOffice (and a warning when the house
    font's metric twin is missing — the same check as «omstill report --pdf»)."""
    from . import require

    require("docx", "openpyxl")
    if args.pdf:
        from ..fonts import pdf_font_warning
        from ..libreoffice import find_soffice

        find_soffice()
        warning = pdf_font_warning()
        if warning:
            print(f"omstill: {warning}", file=sys.stderr)


def run_batch(args: argparse.Namespace, stem: str, make: Callable[[Any, Any], Any], what: str) -> int:
    """One document per programme of ``args.inputs`` (``make(programme, portfolio)``), printed and summarised."""
    from ..documents.batch import DocOptions, run_documents

    options = DocOptions(args.out, stem, args.pdf, args.overwrite, args.allow_errors)
    check_summary(args.out, args.overwrite)
    result = run_documents(args.inputs, options, make)
    print_outcomes(result, what)
    return result.exit_code
