"""Catalogue entries for rules across workbooks and years (OX-X…).

They run when several workbooks are given (``omstill validate a.xlsx b.xlsx``, ``omstill consolidate``);
the rule functions are in ``crossyear.py``. Each finding names the workbook and cell that causes it.
"""

from __future__ import annotations

from ..i18n import N_
from .spec import RuleSpec

SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        "OX-X001",
        "feil",
        N_("Samme år i flere arbeidsbøker"),
        N_("{program}: handlingsplanen for {year} finnes også i {others}. Hvert år skal ha én arbeidsbok."),
        N_(
            "Ta bare med den gjeldende arbeidsboka for året (konsolideringen bruker {used}), eller rett "
            "handlingsplanens år på arket {ark_program}."
        ),
        "design",
    ),
    RuleSpec(
        "OX-X002",
        "advarsel",
        N_("År mangler"),
        N_("{program} har arbeidsbøker for {years}, men ikke for {missing}."),
        N_("Ta med arbeidsboka for {missing}, så blir summene over år og kontrollen av overført beløp fullstendige."),
        "design",
    ),
    RuleSpec(
        "OX-X003",
        "feil",
        N_("Arbeidsbøkene spenner over mer enn seks år"),
        N_("{program} har arbeidsbøker for {fra}–{til}, {n} år. Omstillingsstatus gis for inntil seks år."),
        N_(
            "Sjekk handlingsplanens år på arket {ark_program}. Hører arbeidsbøkene til to ulike programperioder, gi "
            "dem ulike programnavn og konsolider dem hver for seg."
        ),
        "formal",
    ),
    RuleSpec(
        "OX-X004",
        "advarsel",
        N_("Kommunenummer endret mellom år"),
        N_("Kommunenummer er {value} her, men {previous} i arbeidsboka for {prev_year} ({prev_file})."),
        N_(
            "Et program er kommunenummer og statusperiode, så arbeidsbøkene regnes nå som to programmer. Bruk samme "
            "kommunenummer hvert år. Er kommunen slått sammen eller har fått nytt nummer, forklar det i årsrapporten."
        ),
        "design",
    ),
    RuleSpec(
        "OX-X005",
        "advarsel",
        N_("Programnavn endret mellom år"),
        N_("Programmets navn er «{value}» her, men «{previous}» i arbeidsboka for {prev_year} ({prev_file})."),
        N_("Bruk samme programnavn hvert år, så hører årene sammen i oversikter og rapporter."),
        "design",
    ),
    RuleSpec(
        "OX-X006",
        "feil",
        N_("Rammen for statusperioden er overskredet"),
        N_(
            "{what} for {years} er til sammen {found}, mer enn rammen for statusperioden {fra}–{til} på "
            "{expected_pretty} (rammen på arket {ark_finansiering} i {frame_file})."
        ),
        N_(
            "Rett tilskudd og egenandel på arket {ark_finansiering}, eller oppdater rammen per år hvis "
            "fylkeskommunen har endret den."
        ),
        "formal",
    ),
    RuleSpec(
        "OX-X007",
        "advarsel",
        N_("Tiltaks-ID brukt om et annet tiltak"),
        N_("Tiltak {tid} er «{value}» her, men {tid} var «{previous}» i {prev_year} ({prev_file}): {why}."),
        N_("Gi nye tiltak en ny ID, og bruk samme ID bare når tiltaket videreføres. Da kan tiltaket følges over år."),
        "design",
    ),
    RuleSpec(
        "OX-X008",
        "advarsel",
        N_("Tiltak forsvunnet med ubrukte midler"),
        N_(
            "Tiltak {tiltak} har status «{status}» og {found} innvilget som ikke er brukt i {year}, men er ikke "
            "med i handlingsplanen for {next_year} ({next_file})."
        ),
        N_(
            "Ta tiltaket med i handlingsplanen for {next_year} med det som gjenstår, eller sett status "
            "«avsluttet» og frigjør tilsagnet, så inngår beløpet i overført fra fjoråret."
        ),
        "convention",
    ),
    RuleSpec(
        "OX-X009",
        "advarsel",
        N_("Overført fra fjoråret stemmer ikke"),
        N_(
            "Overført fra fjoråret er {found}, men ubrukte omstillingsmidler i {prev_year} var {expected_pretty}: "
            "disponibelt {disponibelt} minus {basis} {spent} ({prev_file})."
        ),
        N_(
            "Før inn fjorårets ubrukte omstillingsmidler. Ubrukt = disponibelt i fjor minus det tiltakene brukte "
            "(regnskap der det er ført, ellers utbetalt)."
        ),
        "convention",
    ),
    RuleSpec(
        "OX-X010",
        "feil",
        N_("Over grensen for bagatellmessig støtte over tre år"),
        N_(
            "{name} (org.nr {orgnr}) får {found} i bagatellmessig støtte {period} i arbeidsbøkene som er gitt "
            "({where}), mer enn grensen på EUR {eur}{limit_text} over tre år.{approx}"
        ),
        N_(
            "Reduser støtten, eller meld den under et annet støtteregelverk. Regn også med bagatellmessig "
            "støtte fra andre støttegivere i de samme tre årene."
        ),
        "formal",
    ),
    RuleSpec(
        "OX-X011",
        "advarsel",
        N_("Resultat går tilbake"),
        N_("Indikatoren «{indikator}»: {detail}"),
        N_("Sjekk resultatet på arket {ark_maal}. Er det rettet, forklar endringen i kolonnen {kol_kommentar}."),
        "design",
    ),
    RuleSpec(
        "OX-X012",
        "advarsel",
        N_("Innvilget lavere enn åpent tilsagn fra fjoråret"),
        N_(
            "Tiltak {tiltak} har {found} innvilget her, men {expected_pretty} i åpent tilsagn fra {prev_year} "
            "(innvilget minus brukt i {prev_file}). Innvilget i årets arbeidsbok er åpent tilsagn fra året før pluss "
            "nytt tilsagn, så tilsagnet regnes som redusert med {gap}."
        ),
        N_(
            "Er en del av tilsagnet trukket tilbake, forklar det i kolonnen {kol_kommentar}. Er nytt tilsagn ført alene, "
            "legg til det åpne tilsagnet fra året før (slik neste års arbeidsbok laget fra årets gjør), ellers blir summene over år for lave."
        ),
        "design",
    ),
)
