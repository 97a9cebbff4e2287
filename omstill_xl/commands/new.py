"""``omstill new``: a new handlingsplan workbook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n
from ..errors import OmstillError, OutsidePeriodError, shown_name
from ..i18n import N_, translator

_ = translator("cli")

if TYPE_CHECKING:
    from ..kommuner import Kommune

NAME = "new"
ORDER = 10
HELP = N_("lag en ny handlingsplan-arbeidsbok")
DESCRIPTION = N_(
    "Lager en ny, tom arbeidsbok for årets handlingsplan med nedtrekkslister, formler og veiledning.\n"
    "--kommune tar kommunenummeret eller navnet; fylkeskommunens maksimale andel fylles ut fra fylkets profil.\n"
    "Statusperioden kan være inntil seks år, og handlingsplanens år må ligge i den.\n\n"
    "Med --from lages neste års arbeidsbok fra årets: programdata, innsatsområder, ramme og mål føres videre,\n"
    "tiltak som ikke er avsluttet tas med det som gjenstår av budsjettet, administrasjon/drift tas med som i år,\n"
    "tilskudd og egenandel hentes fra rammen for det nye året, og overført fra fjoråret regnes ut\n"
    "(disponibelt minus regnskap, eller utbetalt der regnskap ikke er ført). Arbeidsboka du har, endres ikke.\n\n"
    'Eksempler:\n  omstill new handlingsplan-2026.xlsx --kommune 4626 --program "Omstilling Eksempel" --aar 2026\n'
    "  omstill new handlingsplan-2027.xlsx --from handlingsplan-2026.xlsx --aar 2027\n"
    "  omstill new sammenlikning.xlsx --orgform"
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="FIL", type=Path, help=_("arbeidsboka som skal lages (.xlsx)"))
    p.add_argument("--kommune", metavar="NR", help=_("kommunenummer (fire sifre, 2024-inndeling) eller kommunens navn"))
    p.add_argument("--program", metavar="NAVN", help=_("programmets navn"))
    p.add_argument("--aar", metavar="ÅR", type=int, help=_("handlingsplanens år"))
    p.add_argument("--fra", metavar="ÅR", type=int, help=_("første år med omstillingsstatus (standard: --aar)"))
    p.add_argument(
        "--til",
        metavar="ÅR",
        type=int,
        help=_("siste år med omstillingsstatus (standard: fra + 5; med --from: som i fjorårets bok)"),
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="FIL",
        type=Path,
        help=_("lag neste års arbeidsbok fra denne (årets) arbeidsboka"),
    )
    p.add_argument(
        "--orgform",
        action="store_true",
        help=_("lag bare arket Organisasjonsform (sammenlikning av organisasjonsformer) i en egen arbeidsbok"),
    )
    p.add_argument(
        "--profiler",
        metavar="FIL",
        type=Path,
        help=_("egne finansieringsprofiler (TOML); fylkeskommunens maksimale andel fylles ut fra fylkets profil"),
    )
    p.add_argument("--overwrite", action="store_true", help=_("erstatt fila hvis den finnes"))


def run(args: argparse.Namespace) -> int:
    if args.orgform:
        return _run_orgform(args)
    if args.source is not None:
        return _run_from(args)
    from ..schema import INDIKATORER
    from ..workbook.build import write_workbook

    fields: dict[str, object] = {}
    if args.kommune:
        fields["kommunenummer"] = _kommune(args.kommune).nummer
    if args.program:
        fields["programnavn"] = args.program
    if args.aar:
        fields["planaar"] = args.aar
    fra = args.fra or args.aar
    if fra:
        fields["status_fra"] = fra
        fields["status_til"] = args.til or fra + MAX_STATUS_YEARS - 1
    elif args.til:
        raise OmstillError(_("--til trenger --fra eller --aar (første år med omstillingsstatus)."))
    check_period(fields.get("status_fra"), fields.get("status_til"), fields.get("planaar"))
    fields["maks_fylkesandel"] = _county_max_share(args, fields.get("kommunenummer"))
    data: dict[str, object] = {"Program": {"fields": fields}}
    if args.aar:
        data["Mål og resultater"] = {"rows": [{"indikator": i, "aar": args.aar} for i in INDIKATORER.values]}
    path = write_workbook(data, args.out, overwrite=args.overwrite)
    print(
        _("Laget {path}. Åpne den i Excel og fyll ut de gule cellene; arket Veiledning forklarer resten.").format(
            path=path
        )
    )
    return 0


MAX_STATUS_YEARS = 6  # omstillingsstatus is given for up to six years
FIRST_YEAR, LAST_YEAR = 1980, 2100  # a year outside these is a typo («--aar 26»)


def _check_year(option: str, year: object) -> None:
    if isinstance(year, int) and not FIRST_YEAR <= year <= LAST_YEAR:
        raise OmstillError(
            _("{option} {year} er ikke et årstall. Skriv året med fire sifre, f.eks. {option} 2026.").format(
                option=option, year=year
            )
        )


def check_period(fra: object, til: object, aar: object, *, source: str | None = None) -> None:
    """The status period and the plan year a new workbook gets: at most six years, in order, the plan year inside.

    Raises ``OmstillError`` (exit code 2) with the Norwegian reason; ``source`` names the workbook the period
    came from (``--from``).
    """
    for option, year in (("--aar", aar), ("--fra", fra), ("--til", til)):
        _check_year(option, year)
    where = _(" (fra {source})").format(source=source) if source else ""
    if isinstance(fra, int) and isinstance(til, int):
        if til < fra:
            raise OmstillError(
                _(
                    "Statusperioden {fra}–{til}{where} slutter før den begynner: sluttåret (--til) må være {fra} "
                    "eller senere."
                ).format(fra=fra, til=til, where=where)
            )
        years = til - fra + 1
        if years > MAX_STATUS_YEARS:
            raise OmstillError(
                _(
                    "Statusperioden {fra}–{til}{where} er {years} år, men omstillingsstatus gis for inntil "
                    "{max} år (f.eks. {fra}–{last}). Rett --fra eller --til."
                ).format(
                    fra=fra, til=til, where=where, years=years, max=MAX_STATUS_YEARS, last=fra + MAX_STATUS_YEARS - 1
                )
            )
        if isinstance(aar, int) and not fra <= aar <= til:
            raise OmstillError(
                _(
                    "Handlingsplanens år {aar} er utenfor statusperioden {fra}–{til}{where}. Velg et år i perioden "
                    "med --aar, eller rett --fra/--til."
                ).format(aar=aar, fra=fra, til=til, where=where)
            )


def _kommune(given: str) -> Kommune:
    """``--kommune`` as a number of today (4626) or a name (Vardø, Tana, Deatnu); an old number says the new one."""
    from ..kommuner import find_all_by_name, lookup, renumbering_hint

    text = given.strip()
    if not text.isdigit():
        hits = find_all_by_name(text)
        if len(hits) == 1:
            return hits[0]
        if hits:
            listed = ", ".join(f"{k.nummer} {k.navn}" for k in hits)
            raise OmstillError(
                _("Flere kommuner heter «{name}»: {listed}. Bruk kommunenummeret, f.eks. --kommune {number}.").format(
                    name=text, listed=listed, number=hits[0].nummer
                )
            )
        raise OmstillError(
            _(
                "Fant ingen kommune som heter «{name}». Bruk kommunenummeret med fire sifre, f.eks. --kommune 4626."
            ).format(name=text)
        )
    k = lookup(text)
    if k is not None:
        return k
    said = renumbering_hint(text, None)
    if said:
        raise OmstillError(
            _("Kommunenummer «{number}» gjelder ikke lenger: {said}. Bruk nummeret som gjelder i dag.").format(
                number=text, said=said
            )
        )
    raise OmstillError(
        _("Kommunenummer «{number}» finnes ikke i kommunelisten for 2024. Bruk fire sifre, f.eks. 4626.").format(
            number=text
        )
    )


def _county_max_share(args: argparse.Namespace, kommunenummer: object) -> float:
    """The fylkeskommune's maximum share from the county's profile (``data/profiler.toml`` or ``--profiler``)."""
    from ..kommuner import lookup
    from ..profiles import load_profiles

    k = lookup(kommunenummer) if kommunenummer else None
    return load_profiles(getattr(args, "profiler", None)).for_fylke(k.fylke if k else None).maks_fylkesandel


def _run_from(args: argparse.Namespace) -> int:
    """``omstill new NEXT.xlsx --from THIS.xlsx [--aar ÅR] [--til ÅR]``."""
    from ..findings import counts
    from ..fmt import kr
    from ..nextyear import next_year_data
    from ..programme import read_plan
    from ..rules import check_plan
    from ..workbook.build import write_workbook

    clash = [
        opt for opt, value in (("--kommune", args.kommune), ("--program", args.program), ("--fra", args.fra)) if value
    ]
    if clash:
        raise OmstillError(
            _("{options} kan ikke brukes sammen med --from: programdata hentes fra {source}.").format(
                options=", ".join(clash), source=shown_name(args.source)
            )
        )
    for opt, value in (("--aar", args.aar), ("--til", args.til)):
        _check_year(opt, value)
    plan = read_plan(args.source)
    try:
        data, done = next_year_data(plan, args.aar, status_til=args.til)
    except OutsidePeriodError as e:
        raise OutsidePeriodError(_("{message} med --til.").format(message=e.message.rstrip(".")), e.path) from e
    program = data.get("Program", {}).get("fields", {})
    check_period(program.get("status_fra"), program.get("status_til"), program.get("planaar"), source=args.source.name)
    path = write_workbook(data, args.out, overwrite=args.overwrite)
    print(
        _("Laget {path} for {year} fra {source} ({from_year}).").format(
            path=path, year=done.aar, source=shown_name(args.source), from_year=done.from_year
        )
    )
    print(
        "  "
        + _(
            "Tiltak videreført: {carried} (gjenstående omstillingsmidler {remaining}); avsluttede tiltak tatt ut: "
            "{dropped}."
        ).format(carried=done.tiltak_carried, remaining=kr(done.remaining), dropped=done.tiltak_dropped)
    )
    print(
        "  "
        + _("Overført fra fjoråret: {overfort} = disponibelt {disponibelt} minus {basis} {spent} i {year}.").format(
            overfort=kr(done.overfort),
            disponibelt=kr(done.disponibelt),
            basis=i18n.gettext("rules", done.basis),
            spent=kr(done.spent),
            year=done.from_year,
        )
    )
    if done.tilsagn_carried or done.tilsagn_dropped:
        print(
            "  "
            + _(
                "Tilsagnsregisteret: {carried} åpne tilsagn videreført med utbetalingene; {dropped} avsluttede, "
                "avslåtte eller trukne tatt ut."
            ).format(carried=done.tilsagn_carried, dropped=done.tilsagn_dropped)
        )
    if done.upgraded_from is not None:
        from .. import schema as S

        added = ", ".join(f"«{s.name}»" for s in S.SHEETS if s.since > done.upgraded_from)
        print(
            "  "
            + _(
                "{source} er laget med mal versjon {old}; den nye arbeidsboka har versjon {new}, med arkene {added}."
            ).format(source=shown_name(args.source), old=done.upgraded_from, new=S.SCHEMA_VERSION, added=added)
        )
    if not done.reported:
        print(
            "  "
            + _(
                "Merk: ingen utbetalinger eller regnskap er ført for {year}, så hele det disponible beløpet er regnet "
                "som overført. Rett beløpet på arket Finansiering når regnskapet er klart."
            ).format(year=done.from_year)
        )
    n = counts(check_plan(plan))
    if n["feil"]:
        print(
            "  "
            + _("Merk: {source} har {n} feil (kjør omstill validate {source}); de kan være ført videre.").format(
                source=shown_name(args.source), n=n["feil"]
            )
        )
    print("  " + _("Legg inn nye tiltak og budsjett for året i de gule cellene, og kontroller med omstill validate."))
    return 0


def _run_orgform(args: argparse.Namespace) -> int:
    """``omstill new FIL --orgform``: only the comparison of organisasjonsformer, before a handlingsplan exists."""
    from ..orgform import write_orgform_workbook

    path = write_orgform_workbook(args.out, overwrite=args.overwrite)
    print(
        _(
            "Laget {path}. Fyll ut vekter og poeng på arket Organisasjonsform; "
            "«omstill orgform {name} --out organisasjonsform.docx» lager avsnittet til saksframlegget."
        ).format(path=path, name=path.name)
    )
    return 0
