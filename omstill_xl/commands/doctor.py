"""``omstill doctor``: what this machine can do, and what to install for what is missing."""

from __future__ import annotations

import argparse

from ..i18n import N_, translator

_ = translator("cli")

NAME = "doctor"
ORDER = 80
HELP = N_("sjekk hva maskinen kan: Python, pakker, LibreOffice, skrifttyper, Excel-tillegget")
DESCRIPTION = N_(
    "Sjekker Python, kjernepakkene og tilleggspakkene «rapport», LibreOffice (for --pdf), skrifttypene\n"
    "rapportene bruker, xlwings og (på Windows) Excel-tillegget med innstillingsfila. For hver del som mangler,\n"
    "står det hva du gjør.\n\n"
    "Avslutningskode: 0 kjernen (new, validate, knappen Valider) virker, 1 noe kjernen trenger mangler."
)


def configure(p: argparse.ArgumentParser) -> None:
    del p  # no options


def run(args: argparse.Namespace) -> int:
    from ..doctor import checks, core_ready, render

    rows = checks()
    print(render(rows))
    return 0 if core_ready(rows) else 1
