"""``omstill annen-stotte STØTTE.csv ARBEIDSBOK.xlsx --out NY.xlsx``: other givers' de minimis aid from a CSV
file into the sheet «Annen bagatellmessig støtte» of a copy of the workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import i18n
from ..i18n import N_, translator

_ = translator("cli")

NAME = "annen-stotte"
ORDER = 36
HELP = N_("hent annen bagatellmessig støtte fra en CSV-fil (Støtteregisteret) inn i en kopi av arbeidsboka")
DESCRIPTION = N_(
    "Leser bagatellmessig støtte fra andre støttegivere fra en CSV-fil (Støtteregisterets åpne data, eller en\n"
    "liste fra bedriften) og lager en kopi av arbeidsboka der radene står på arket «Annen bagatellmessig støtte».\n"
    "Arbeidsboka du har, endres ikke. En rad som allerede står på arket, tas ikke med to ganger.\n"
    "Formatet på CSV-fila står i README («Annen bagatellmessig støtte fra en CSV-fil»).\n\n"
    "Eksempel:\n  omstill annen-stotte stotte.csv handlingsplan-2026.xlsx --out handlingsplan-2026-med-stotte.xlsx\n\n"
    "Avslutningskode: 0 kopien er laget, 2 en fil kunne ikke leses."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("csv", metavar="STØTTE.csv", type=Path, help=_("CSV-fila med støtten"))
    p.add_argument("workbook", metavar="ARBEIDSBOK.xlsx", type=Path, help=_("handlingsplanen"))
    p.add_argument("--out", metavar="NY.xlsx", type=Path, required=True, help=_("kopien som lages"))
    p.add_argument("--overwrite", action="store_true", help=_("erstatt utfila hvis den finnes"))


def run(args: argparse.Namespace) -> int:
    from .. import schema as S
    from ..errors import shown_name
    from ..programme import read_plan
    from ..safeio import refuse_existing
    from ..stottecsv import merged, read_csv
    from ..workbook.build import write_workbook

    refuse_existing(args.out, args.overwrite)
    new = read_csv(args.csv)
    plan = read_plan(args.workbook)
    data = plan.to_data()
    rows, added = merged(list(data.get(S.ANNEN_STOTTE.name, {}).get("rows", [])), new)
    if rows:
        data[S.ANNEN_STOTTE.name] = {"rows": rows}
    path = write_workbook(data, args.out, overwrite=args.overwrite)
    print(
        i18n.ngettext(
            "cli",
            "Laget {path} fra {workbook}: {n} rad fra {csv} lagt til på arket «{sheet}» ({before} sto der fra før).",
            "Laget {path} fra {workbook}: {n} rader fra {csv} lagt til på arket «{sheet}» ({before} sto der fra før).",
            added,
        ).format(
            path=path,
            workbook=shown_name(args.workbook),
            n=added,
            csv=shown_name(args.csv),
            sheet=S.ANNEN_STOTTE.name,
            before=len(new) - added,
        )
    )
    print("  " + _("Kontroller grensen for bagatellmessig støtte med: omstill validate {name}").format(name=path.name))
    return 0
