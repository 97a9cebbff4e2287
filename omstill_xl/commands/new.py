"""``omstill new``: a new handlingsplan workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import OmstillError, shown_name

NAME = "new"
ORDER = 10
HELP = "lag en ny handlingsplan-arbeidsbok"
DESCRIPTION = (
    "Lager en ny, tom arbeidsbok for årets handlingsplan med nedtrekkslister, formler og veiledning.\n\n"
    "Med --from lages neste års arbeidsbok fra årets: programdata, innsatsområder, ramme og mål føres videre,\n"
    "tiltak som ikke er avsluttet tas med det som gjenstår av budsjettet, administrasjon/drift tas med som i år,\n"
    "tilskudd og egenandel hentes fra rammen for det nye året, og overført fra fjoråret regnes ut\n"
    "(disponibelt minus regnskap, eller utbetalt der regnskap ikke er ført). Arbeidsboka du har, endres ikke.\n\n"
    'Eksempler:\n  omstill new handlingsplan-2026.xlsx --kommune 4626 --program "Omstilling Eksempel" --aar 2026\n'
    "  omstill new handlingsplan-2027.xlsx --from handlingsplan-2026.xlsx --aar 2027\n"
    "  omstill new sammenlikning.xlsx --orgform"
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="FIL", type=Path, help="arbeidsboka som skal lages (.xlsx)")
    p.add_argument("--kommune", metavar="NR", help="kommunenummer (fire sifre, 2024-inndeling)")
    p.add_argument("--program", metavar="NAVN", help="programmets navn")
    p.add_argument("--aar", metavar="ÅR", type=int, help="handlingsplanens år")
    p.add_argument("--fra", metavar="ÅR", type=int, help="første år med omstillingsstatus (standard: --aar)")
    p.add_argument(
        "--til",
        metavar="ÅR",
        type=int,
        help="siste år med omstillingsstatus (standard: fra + 5; med --from: som i fjorårets bok)",
    )
    p.add_argument(
        "--from", dest="source", metavar="FIL", type=Path, help="lag neste års arbeidsbok fra denne (årets) arbeidsboka"
    )
    p.add_argument(
        "--orgform",
        action="store_true",
        help="lag bare arket Organisasjonsform (sammenlikning av organisasjonsformer) i en egen arbeidsbok",
    )
    p.add_argument("--overwrite", action="store_true", help="erstatt fila hvis den finnes")


def run(args: argparse.Namespace) -> int:
    if args.orgform:
        return _run_orgform(args)
    if args.source is not None:
        return _run_from(args)
    from ..kommuner import lookup
    from ..schema import INDIKATORER
    from ..workbook.build import write_workbook

    fields: dict[str, object] = {}
    if args.kommune:
        k = lookup(args.kommune)
        if k is None:
            raise OmstillError(
                f"Kommunenummer «{args.kommune}» finnes ikke i kommunelisten for 2024. Bruk fire sifre, f.eks. 4626."
            )
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


def _run_from(args: argparse.Namespace) -> int:
    """``omstill new NEXT.xlsx --from THIS.xlsx [--aar ÅR] [--til ÅR]``."""
    from ..findings import counts
    from ..fmt import kr
    from ..nextyear import next_year_data
    from ..rules import check_plan
    from ..workbook.build import write_workbook
    from ..workbook.xlsx import read_file

    clash = [
        opt for opt, value in (("--kommune", args.kommune), ("--program", args.program), ("--fra", args.fra)) if value
    ]
    if clash:
        raise OmstillError(
            f"{', '.join(clash)} kan ikke brukes sammen med --from: programdata hentes fra {shown_name(args.source)}."
        )
    plan = read_file(args.source)
    data, done = next_year_data(plan, args.aar, status_til=args.til)
    path = write_workbook(data, args.out, overwrite=args.overwrite)
    print(f"Laget {path} for {done.aar} fra {shown_name(args.source)} ({done.from_year}).")
    print(
        f"  Tiltak videreført: {done.tiltak_carried} (gjenstående omstillingsmidler {kr(done.remaining)}); "
        f"avsluttede tiltak tatt ut: {done.tiltak_dropped}."
    )
    print(
        f"  Overført fra fjoråret: {kr(done.overfort)} = disponibelt {kr(done.disponibelt)} minus {done.basis} "
        f"{kr(done.spent)} i {done.from_year}."
    )
    if not done.reported:
        print(
            f"  Merk: ingen utbetalinger eller regnskap er ført for {done.from_year}, så hele det disponible beløpet "
            "er regnet som overført. Rett beløpet på arket Finansiering når regnskapet er klart."
        )
    n = counts(check_plan(plan))
    if n["feil"]:
        print(
            f"  Merk: {shown_name(args.source)} har {n['feil']} feil (kjør omstill validate {shown_name(args.source)}); "
            "de kan være ført videre."
        )
    print("  Legg inn nye tiltak og budsjett for året i de gule cellene, og kontroller med omstill validate.")
    return 0


def _run_orgform(args: argparse.Namespace) -> int:
    """``omstill new FIL --orgform``: only the comparison of organisasjonsformer, before a handlingsplan exists."""
    from ..orgform import write_orgform_workbook

    path = write_orgform_workbook(args.out, overwrite=args.overwrite)
    print(
        f"Laget {path}. Fyll ut vekter og poeng på arket Organisasjonsform; "
        f"«omstill orgform {path.name} --out organisasjonsform.docx» lager avsnittet til saksframlegget."
    )
    return 0
