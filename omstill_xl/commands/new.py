"""``omstill new``: a new handlingsplan workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import OmstillError

NAME = "new"
ORDER = 10
HELP = "lag en ny handlingsplan-arbeidsbok"
DESCRIPTION = (
    "Lager en ny, tom arbeidsbok for årets handlingsplan med nedtrekkslister, formler og veiledning.\n\n"
    "Eksempel:\n  omstill new handlingsplan-2026.xlsx --kommune 4626 --program \"Omstilling Eksempel\" --aar 2026"
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="FIL", type=Path, help="arbeidsboka som skal lages (.xlsx)")
    p.add_argument("--kommune", metavar="NR", help="kommunenummer (fire sifre, 2024-inndeling)")
    p.add_argument("--program", metavar="NAVN", help="programmets navn")
    p.add_argument("--aar", metavar="ÅR", type=int, help="handlingsplanens år")
    p.add_argument("--fra", metavar="ÅR", type=int, help="første år med omstillingsstatus (standard: --aar)")
    p.add_argument("--til", metavar="ÅR", type=int, help="siste år med omstillingsstatus (standard: fra + 5)")
    p.add_argument("--overwrite", action="store_true", help="erstatt fila hvis den finnes")


def run(args: argparse.Namespace) -> int:
    from ..kommuner import lookup
    from ..schema import INDIKATORER
    from ..workbook.build import write_workbook

    fields: dict[str, object] = {}
    if args.kommune:
        k = lookup(args.kommune)
        if k is None:
            raise OmstillError(f"Kommunenummer «{args.kommune}» finnes ikke i kommunelisten for 2024. "
                               "Bruk fire sifre, f.eks. 4626.")
        fields["kommunenummer"] = k.nummer
    if args.program:
        fields["programnavn"] = args.program
    if args.aar:
        fields["planaar"] = args.aar
    fra = args.fra or args.aar
    if fra:
        fields["status_fra"] = fra
        fields["status_til"] = args.til or fra + 5
    fields["maks_fylkesandel"] = 0.75
    data: dict[str, object] = {"Program": {"fields": fields}}
    if args.aar:
        data["Mål og resultater"] = {"rows": [{"indikator": i, "aar": args.aar} for i in INDIKATORER.values]}
    path = write_workbook(data, args.out, overwrite=args.overwrite)
    print(f"Laget {path}. Åpne den i Excel og fyll ut de gule cellene; arket Veiledning forklarer resten.")
    return 0
