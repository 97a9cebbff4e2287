"""The shipped example programmes (all fictional), as plain handlingsplan data.

``python -m omstill_xl.examples workbooks/`` regenerates the example workbooks in ``workbooks/``;
``tests/test_examples.py`` proves the committed files match.

*Eksempel kommune* follows domain.md §7: status 2025–2030, 75/25 financing, 15 tiltak in 2025 with
regnskap and results, and the 2026 plan with last year's unspent 450 000 carried over. The second
programme, *Omstilling Fjellbygd*, is smaller (2,4 MNOK a year) and organised as an AS.
Org.nr are invented but carry valid mod-11 check digits.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

K = 1000  # the tables below are in kNOK, like domain.md

# id, io, strategi, navn, type, fase, prosjekteier, orgnr, omst, IN, nl, andre, status, innvilget, utbetalt, regnskap, kommentar
_EKS_2025 = [
    (
        "A",
        None,
        None,
        "Administrasjon/drift (lønn 850, styre 50, kontor/kommunikasjon 100)",
        "administrasjon",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        1000,
        0,
        0,
        0,
        "pågår",
        1000,
        1000,
        1000,
        None,
    ),
    (
        "T1.1",
        "IO1",
        "A",
        "Bedriftsnettverk industri",
        "tilretteleggende",
        "hovedprosjekt",
        "Eksempel Vekst KF",
        None,
        400,
        0,
        200,
        0,
        "pågår",
        400,
        250,
        250,
        "Siste utbetaling kommer i februar.",
    ),
    (
        "T1.2",
        "IO1",
        "A",
        "Forstudie automatisering",
        "bedriftsrettet",
        "forstudie",
        "Verksted AS",
        "913579240",
        100,
        0,
        100,
        0,
        "avsluttet",
        100,
        100,
        100,
        None,
    ),
    (
        "T1.3",
        "IO1",
        "B",
        "Forprosjekt nytt produkt",
        "bedriftsrettet",
        "forprosjekt",
        "Eksempel Trebruk AS",
        "924681357",
        250,
        150,
        200,
        0,
        "avsluttet",
        250,
        250,
        250,
        None,
    ),
    (
        "T1.4",
        "IO1",
        "B",
        "Kompetanseløft industri",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        300,
        0,
        100,
        100,
        "avsluttet",
        300,
        300,
        300,
        None,
    ),
    (
        "T2.1",
        "IO2",
        "A",
        "Forstudie destinasjonsutvikling",
        "tilretteleggende",
        "forstudie",
        "Eksempel Vekst KF",
        None,
        150,
        0,
        50,
        0,
        "avsluttet",
        150,
        150,
        150,
        None,
    ),
    (
        "T2.2",
        "IO2",
        "A",
        "Forprosjekt helårsprodukt",
        "bedriftsrettet",
        "forprosjekt",
        "Fjordopplevelser AS",
        "935792460",
        200,
        100,
        150,
        0,
        "avsluttet",
        200,
        200,
        200,
        None,
    ),
    (
        "T2.3",
        "IO2",
        "B",
        "Pakketering og markedsnettverk",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        200,
        0,
        100,
        0,
        "avsluttet",
        200,
        200,
        200,
        None,
    ),
    (
        "T2.4",
        "IO2",
        "B",
        "Vertskapskurs",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        150,
        0,
        0,
        50,
        "avsluttet",
        150,
        150,
        150,
        None,
    ),
    (
        "T3.1",
        "IO3",
        "A",
        "Forprosjekt leverandørutvikling havbruk",
        "tilretteleggende",
        "forprosjekt",
        "Eksempel Vekst KF",
        None,
        300,
        200,
        300,
        0,
        "utsatt",
        150,
        0,
        0,
        "Oppstart utsatt til 2026 fordi havbruksselskapene ba om det. Midlene overføres.",
    ),
    (
        "T3.2",
        "IO3",
        "A",
        "Forstudie restråstoff",
        "bedriftsrettet",
        "forstudie",
        "Eksempel Fisk AS",
        "946813575",
        150,
        0,
        100,
        0,
        "avsluttet",
        150,
        150,
        150,
        None,
    ),
    (
        "T3.3",
        "IO3",
        "B",
        "Mulighetsstudie næringsareal sjø",
        "tilretteleggende",
        "forstudie",
        "Eksempel kommune",
        None,
        200,
        0,
        0,
        100,
        "avsluttet",
        200,
        200,
        200,
        None,
    ),
    (
        "T4.1",
        "IO4",
        "A",
        "Rekrutteringskampanje",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        200,
        0,
        100,
        0,
        "avsluttet",
        200,
        200,
        200,
        None,
    ),
    (
        "T4.2",
        "IO4",
        "A",
        "Etablererprogram og gründerhus",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        250,
        0,
        0,
        50,
        "pågår",
        250,
        250,
        250,
        None,
    ),
    (
        "T4.3",
        "IO4",
        "B",
        "Forstudie næringsvennlig kommune",
        "tilretteleggende",
        "forstudie",
        "Eksempel kommune",
        None,
        150,
        0,
        0,
        0,
        "avsluttet",
        150,
        150,
        150,
        None,
    ),
]

_EKS_2026 = [
    (
        "A",
        None,
        None,
        "Administrasjon/drift",
        "administrasjon",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        1000,
        0,
        0,
        0,
        "planlagt",
    ),
    (
        "T1.1",
        "IO1",
        "A",
        "Bedriftsnettverk industri",
        "tilretteleggende",
        "hovedprosjekt",
        "Eksempel Vekst KF",
        None,
        400,
        0,
        200,
        0,
        "pågår",
    ),
    (
        "T1.4",
        "IO1",
        "B",
        "Kompetanseløft industri",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        300,
        0,
        100,
        100,
        "planlagt",
    ),
    (
        "T1.5",
        "IO1",
        "A",
        "Forprosjekt automatisering",
        "bedriftsrettet",
        "forprosjekt",
        "Verksted AS",
        "913579240",
        200,
        150,
        250,
        0,
        "søkt",
    ),
    (
        "T1.6",
        "IO1",
        "B",
        "Digitaliseringsprogram for industrien",
        "tilretteleggende",
        "forprosjekt",
        "Eksempel Vekst KF",
        None,
        300,
        0,
        100,
        0,
        "planlagt",
    ),
    (
        "T2.3",
        "IO2",
        "B",
        "Pakketering og markedsnettverk",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        250,
        0,
        100,
        0,
        "planlagt",
    ),
    (
        "T2.4",
        "IO2",
        "B",
        "Vertskapskurs",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        150,
        0,
        0,
        50,
        "planlagt",
    ),
    (
        "T2.5",
        "IO2",
        "A",
        "Forprosjekt vinterprodukt",
        "bedriftsrettet",
        "forprosjekt",
        "Fjordopplevelser AS",
        "935792460",
        250,
        100,
        150,
        0,
        "søkt",
    ),
    (
        "T3.1",
        "IO3",
        "A",
        "Forprosjekt leverandørutvikling havbruk",
        "tilretteleggende",
        "forprosjekt",
        "Eksempel Vekst KF",
        None,
        300,
        200,
        300,
        0,
        "innvilget",
    ),
    (
        "T3.4",
        "IO3",
        "A",
        "Hovedprosjekt restråstoff",
        "bedriftsrettet",
        "hovedprosjekt",
        "Eksempel Fisk AS",
        "946813575",
        300,
        300,
        400,
        0,
        "søkt",
    ),
    (
        "T3.5",
        "IO3",
        "B",
        "Forprosjekt næringsareal sjø",
        "tilretteleggende",
        "forprosjekt",
        "Eksempel kommune",
        None,
        300,
        0,
        0,
        100,
        "planlagt",
    ),
    (
        "T4.1",
        "IO4",
        "A",
        "Rekrutteringskampanje",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        250,
        0,
        100,
        0,
        "planlagt",
    ),
    (
        "T4.2",
        "IO4",
        "A",
        "Etablererprogram og gründerhus",
        "tilretteleggende",
        "ikke relevant",
        "Eksempel Vekst KF",
        None,
        300,
        0,
        0,
        50,
        "pågår",
    ),
    (
        "T4.4",
        "IO4",
        "B",
        "Forprosjekt næringsvennlig kommune",
        "tilretteleggende",
        "forprosjekt",
        "Eksempel kommune",
        None,
        150,
        0,
        0,
        0,
        "planlagt",
    ),
]

_EKS_IO = [
    (
        "IO1",
        "Eksisterende næringsliv",
        "Styrke konkurransekraften i industrien og sikre 25 arbeidsplasser.",
        "A: Nettverk og samarbeid. B: Kompetanse og ny teknologi.",
    ),
    (
        "IO2",
        "Reiseliv",
        "Utvikle helårsprodukter og 12 nye arbeidsplasser i reiselivet.",
        "A: Produktutvikling. B: Vertskap og markedsføring.",
    ),
    (
        "IO3",
        "Sjømat",
        "Utvikle leverandørindustrien rundt havbruket og 15 nye arbeidsplasser.",
        "A: Leverandørutvikling. B: Areal og infrastruktur.",
    ),
    (
        "IO4",
        "Attraktivitet",
        "Øke innflyttingen og gjøre det enklere å starte bedrift.",
        "A: Rekruttering og etablerere. B: Næringsvennlig kommune.",
    ),
]

_EKS_RAMME = [
    (2025, 3_000_000, 1_000_000),
    (2026, 3_000_000, 1_000_000),
    (2027, 3_000_000, 1_000_000),
    (2028, 2_400_000, 800_000),
    (2029, 2_400_000, 800_000),
    (2030, 1_800_000, 600_000),
]

_EKS_JOBS = {  # year: (nye, sikrede) targets — 5/8/10/12/12/13, 60 in all
    2025: (3, 2),
    2026: (5, 3),
    2027: (6, 4),
    2028: (7, 5),
    2029: (7, 5),
    2030: (8, 5),
}


# Resultatmål (what the tiltak shall lead to, measurable) and prosjektmål (what the project delivers), per id,
# the way a handlingsplan states them. The same id is the same tiltak in every year of a programme.
_EKS_MAAL = {
    "T1.1": (
        "12 bedrifter i nettverket; 5 felles utviklingsprosjekter innen 2027",
        "Et aktivt bedriftsnettverk med årsplan og fire samlinger i året",
    ),
    "T1.2": (
        "3 bedrifter vurderer automatisering med Innovasjon Norge",
        "Forstudierapport om automatisering i 6 bedrifter",
    ),
    "T1.3": ("Nytt produkt i markedet innen 2026; 4 nye arbeidsplasser", "Prototyp og markedsplan for produktet"),
    "T1.4": ("40 ansatte med fagbrev eller kurs i ny teknologi", "Kursrekke i automasjon og digital produksjon"),
    "T1.5": (
        "2 bedrifter investerer i automatisering; 6 arbeidsplasser sikret",
        "Forprosjekt med investeringsplan for to bedrifter",
    ),
    "T1.6": (
        "10 bedrifter tar i bruk digitale verktøy i produksjonen",
        "Program med rådgiving og samlinger for 10 bedrifter",
    ),
    "T2.1": (
        "Felles destinasjonsstrategi vedtatt av reiselivsbedriftene",
        "Forstudie om destinasjonsselskap og samarbeid",
    ),
    "T2.2": ("Helårsprodukt med 2 nye arbeidsplasser", "Produktutvikling og testsesong vinteren 2025/26"),
    "T2.3": (
        "Pakker solgt av 8 bedrifter; 15 % flere gjestedøgn utenom sommer",
        "Fem bookbare pakker og felles markedsføring",
    ),
    "T2.4": ("30 deltakere; bedre gjestetilfredshet", "Tre vertskapskurs for reiselivet"),
    "T2.5": (
        "Vinterprodukt i salg fra 2027; 3 nye arbeidsplasser",
        "Forprosjekt med produkt, pris og samarbeidspartnere",
    ),
    "T3.1": ("5 lokale leverandører med avtale i havbruket", "Leverandørprogram med kartlegging og kompetansetiltak"),
    "T3.2": ("Beslutning om hovedprosjekt for restråstoff", "Forstudie om volum, marked og teknologi"),
    "T3.3": ("Areal for sjøbasert næring avklart i kommuneplanen", "Mulighetsstudie med kart over egnede arealer"),
    "T3.4": (
        "Anlegg for restråstoff i produksjon; 8 nye arbeidsplasser",
        "Hovedprosjekt med teknisk løsning og finansiering",
    ),
    "T3.5": ("Ferdig regulert næringsareal i sjø", "Forprosjekt med reguleringsgrunnlag"),
    "T4.1": ("20 tilflyttere til ledige stillinger", "Kampanje med nettside, annonser og karrieredag"),
    "T4.2": (
        "6 nye bedrifter i året; gründerhus med 10 plasser",
        "Etablererprogram to ganger i året og faste tilbud i gründerhuset",
    ),
    "T4.3": ("Kortere saksbehandlingstid for næringssaker", "Forstudie om kommunens service til næringslivet"),
    "T4.4": ("Næringsvennlig kommune-sertifisering innen 2027", "Forprosjekt med tiltaksplan for kommunen"),
}
_FJELL_MAAL = {
    "T1.1": ("Beslutning om tresentral; 4 arbeidsplasser på sikt", "Forstudie om marked, råstoff og lønnsomhet"),
    "T1.2": ("8 trebedrifter samarbeider om innkjøp og salg", "Leverandørnettverk med fellesprosjekter"),
    "T2.1": ("Helårsdrift hos 4 reiselivsbedrifter", "Forprosjekt om produkter og markeder utenom sesong"),
    "T2.2": ("2 nye arbeidsplasser i fisketurisme", "Forprosjekt med produkt og sikkerhetsplan"),
    "T3.1": ("15 tilflyttere i året", "Program med mottak, bolighjelp og jobbformidling"),
    "T3.2": ("Fagskoletilbud i kommunen fra 2028", "Forstudie med behov og samarbeidspartnere"),
}
# Started tiltak (innvilget or pågår) have a tilsagn: innvilget omstillingsmidler at the start of the year.
_EKS_2026_INNVILGET = {"T1.1": 400, "T3.1": 300, "T4.2": 300}
_FJELL_INNVILGET = {"A": 600, "T1.1": 150}


def _program(
    kommunenr: str, navn: str, form: str, org: str, leder: str, fra: int, til: int, aar: int, hovedmaal: str
) -> dict[str, Any]:
    return {
        "fields": {
            "kommunenummer": kommunenr,
            "programnavn": navn,
            "organisasjonsform": form,
            "organisasjon": org,
            "programleder": leder,
            "status_fra": fra,
            "status_til": til,
            "planaar": aar,
            "maks_fylkesandel": 0.75,
            "hovedmaal": hovedmaal,
        }
    }


def _tiltak_rows(
    rows: list[tuple[Any, ...]],
    goals: dict[str, tuple[str, str]] | None = None,
    innvilget: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        (tid, io, strat, navn, typ, fase, eier, orgnr, omst, inn, nl, andre, status, *rest) = r
        row: dict[str, Any] = {
            "id": tid,
            "innsatsomrade": io,
            "strategi": strat,
            "navn": navn,
            "type": typ,
            "plp_fase": fase,
            "prosjekteier": eier,
            "orgnr": orgnr,
            "budsjett": (omst + inn + nl + andre) * K,
            "omstillingsmidler": omst * K,
            "innovasjon_norge": inn * K or None,
            "naeringsliv": nl * K or None,
            "andre": andre * K or None,
            "status": status,
        }
        if tid in (goals or {}):
            row["resultatmaal"], row["prosjektmaal"] = (goals or {})[tid]
        if tid in (innvilget or {}):
            row["innvilget"] = (innvilget or {})[tid] * K
        if rest:
            innv, utb, regn, kommentar = rest
            row.update(innvilget=innv * K, utbetalt=utb * K, regnskap=regn * K, kommentar=kommentar)
        out.append({k: v for k, v in row.items() if v is not None})
    return out


def _io_rows(rows: list[tuple[str, str, str, str]]) -> list[dict[str, Any]]:
    return [{"id": a, "navn": b, "maal": c, "strategier": d} for a, b, c, d in rows]


# Baseline (value, year) and period target per indicator, written on the indicator's first row («Mål og
# resultater»). A flow's period target is the sum over the years; a level's or distinct count's the end value.
_EKS_GOALS = {
    "Nye arbeidsplasser": (0, 2024, 36),
    "Sikrede arbeidsplasser": (0, 2024, 24),
    "Nyetableringer": (3, 2024, 25),
    "Bedrifter i prosjekter": (6, 2024, 40),
    "Søknader til Innovasjon Norge": (4, 2024, 50),
    "Privat andel av sysselsettingen (%)": (38, 2024, 45),
}
_FJELL_GOALS = {
    "Nye arbeidsplasser": (0, 2025, 15),
    "Sikrede arbeidsplasser": (0, 2025, 8),
    "Nyetableringer": (1, 2025, 6),
    "Bedrifter i prosjekter": (3, 2025, 15),
    "Søknader til Innovasjon Norge": (2, 2025, 12),
}


def _with_goals(rows: list[dict[str, Any]], goals: dict[str, tuple[int, int, int]]) -> list[dict[str, Any]]:
    """``rows`` with each indicator's baseline and period target on its first row."""
    done: set[str] = set()
    for row in rows:
        name = row["indikator"]
        if name in goals and name not in done:
            done.add(name)
            row["utgangsverdi"], row["utgangsaar"], row["maal_perioden"] = goals[name]
    return rows


def eksempel(aar: int) -> dict[str, Any]:
    """Eksempel kommune's handlingsplan for 2025 (with regnskap and results) or 2026."""
    if aar not in (2025, 2026):
        raise ValueError(aar)
    indikatorer = []
    for year, (nye, sikrede) in _EKS_JOBS.items():
        indikatorer.append({"indikator": "Nye arbeidsplasser", "aar": year, "maal": nye})
        indikatorer.append({"indikator": "Sikrede arbeidsplasser", "aar": year, "maal": sikrede})
    for year in (2025, 2026):
        indikatorer += [
            {"indikator": "Nyetableringer", "aar": year, "maal": 4 if year == 2025 else 5},
            {"indikator": "Bedrifter i prosjekter", "aar": year, "maal": 15 if year == 2025 else 18},
            {"indikator": "Søknader til Innovasjon Norge", "aar": year, "maal": 10},
        ]
    indikatorer.append(
        {
            "indikator": "Privat andel av sysselsettingen (%)",
            "aar": 2030,
            "maal": 45,
            "kommentar": "Robusthet: fra 38 % i 2024 til 45 % i 2030 (SSB).",
        }
    )
    if aar == 2025:
        results = {
            ("Nye arbeidsplasser", 2025): 4,
            ("Sikrede arbeidsplasser", 2025): 3,
            ("Nyetableringer", 2025): 5,
            ("Bedrifter i prosjekter", 2025): 18,
            ("Søknader til Innovasjon Norge", 2025): 7,
        }
        for ind in indikatorer:
            key = (ind["indikator"], ind["aar"])
            if key in results:
                ind["resultat"] = results[key]
    tiltak = (
        _tiltak_rows(_EKS_2025, _EKS_MAAL) if aar == 2025 else _tiltak_rows(_EKS_2026, _EKS_MAAL, _EKS_2026_INNVILGET)
    )
    return {
        "Program": _program(
            "4626",
            "Omstilling Eksempel",
            "kommunalt foretak (KF)",
            "Eksempel Vekst KF",
            "Kari Nordmann",
            2025,
            2030,
            aar,
            "60 nye eller sikrede arbeidsplasser innen 2030.",
        ),
        "Innsatsområder": {"rows": _io_rows(_EKS_IO)},
        "Tiltak": {"rows": tiltak},
        "Finansiering": {
            "fields": {
                "fylkeskommunens_tilskudd": 3_000_000,
                "kommunens_egenandel": 1_000_000,
                "overfort": 0 if aar == 2025 else 450_000,
            },
            "rows": [{"aar": y, "fylkeskommune": f, "kommune": k} for y, f, k in _EKS_RAMME],
        },
        "Mål og resultater": {"rows": _with_goals(indikatorer, _EKS_GOALS)},
    }


_FJELL_TILTAK = [
    (
        "A",
        None,
        None,
        "Administrasjon/drift",
        "administrasjon",
        "ikke relevant",
        "Fjellbygd Utvikling AS",
        None,
        600,
        0,
        0,
        0,
        "pågår",
    ),
    (
        "T1.1",
        "IO1",
        "A",
        "Forstudie tresentral",
        "bedriftsrettet",
        "forstudie",
        "Rendal Tre AS",
        "957924689",
        150,
        0,
        100,
        0,
        "innvilget",
    ),
    (
        "T1.2",
        "IO1",
        "B",
        "Leverandørnettverk tre",
        "tilretteleggende",
        "forprosjekt",
        "Fjellbygd Utvikling AS",
        None,
        300,
        100,
        100,
        0,
        "planlagt",
    ),
    (
        "T2.1",
        "IO2",
        "A",
        "Forprosjekt helårsturisme",
        "tilretteleggende",
        "forprosjekt",
        "Fjellbygd Utvikling AS",
        None,
        350,
        150,
        100,
        0,
        "planlagt",
    ),
    (
        "T2.2",
        "IO2",
        "A",
        "Forprosjekt fiskeopplevelser",
        "bedriftsrettet",
        "forprosjekt",
        "Villmarksguidene AS",
        "968135791",
        200,
        100,
        200,
        0,
        "søkt",
    ),
    (
        "T3.1",
        "IO3",
        "A",
        "Tilflyttingsprogram «Kom hjem»",
        "tilretteleggende",
        "ikke relevant",
        "Fjellbygd Utvikling AS",
        None,
        400,
        0,
        0,
        100,
        "planlagt",
    ),
    (
        "T3.2",
        "IO3",
        "B",
        "Forstudie fagskoletilbud",
        "tilretteleggende",
        "forstudie",
        "Rendalen kommune",
        None,
        400,
        0,
        0,
        200,
        "planlagt",
    ),
]


def fjellbygd() -> dict[str, Any]:
    """The second example programme: Omstilling Fjellbygd, 2026."""
    indikatorer = []
    for year, nye, sikrede in ((2026, 3, 2), (2027, 5, 3), (2028, 7, 3)):
        indikatorer += [
            {"indikator": "Nye arbeidsplasser", "aar": year, "maal": nye},
            {"indikator": "Sikrede arbeidsplasser", "aar": year, "maal": sikrede},
        ]
    indikatorer += [
        {"indikator": "Nyetableringer", "aar": 2026, "maal": 2},
        {"indikator": "Bedrifter i prosjekter", "aar": 2026, "maal": 8},
        {"indikator": "Søknader til Innovasjon Norge", "aar": 2026, "maal": 5},
    ]
    return {
        "Program": _program(
            "3424",
            "Omstilling Fjellbygd",
            "aksjeselskap (AS)",
            "Fjellbygd Utvikling AS",
            "Ola Fjellheim",
            2026,
            2028,
            2026,
            "25 nye eller sikrede arbeidsplasser innen 2028.",
        ),
        "Innsatsområder": {
            "rows": _io_rows(
                [
                    ("IO1", "Tre og industri", "Mer foredling av tre lokalt.", "A: Bedriftsutvikling. B: Nettverk."),
                    (
                        "IO2",
                        "Reiseliv og opplevelser",
                        "Helårs reiseliv med 8 nye arbeidsplasser.",
                        "A: Produktutvikling.",
                    ),
                    ("IO3", "Bosetting og kompetanse", "Snu fraflyttingen.", "A: Rekruttering. B: Utdanning."),
                ]
            )
        },
        "Tiltak": {"rows": _tiltak_rows(_FJELL_TILTAK, _FJELL_MAAL, _FJELL_INNVILGET)},
        "Finansiering": {
            "fields": {"fylkeskommunens_tilskudd": 1_800_000, "kommunens_egenandel": 600_000, "overfort": 0},
            "rows": [{"aar": y, "fylkeskommune": 1_800_000, "kommune": 600_000} for y in (2026, 2027, 2028)],
        },
        "Mål og resultater": {"rows": _with_goals(indikatorer, _FJELL_GOALS)},
    }


# --- Omstilling Fjordbygd (Høyanger, Vestland), 2026: the nynorsk example --------------------------------------
# A programme that writes nynorsk: its Målform is nynorsk and its own texts are nynorsk; the code words are given
# canonically (bokmål) here and written in nynorsk by the builder, as everything else in the workbook.
_FJORD_TILTAK = [
    ("A", None, None, "Administrasjon/drift", "administrasjon", "ikke relevant", "Fjordbygd Utvikling AS", None,
     500, 0, 0, 0, "pågår"),
    ("T1.1", "IO1", "A", "Forstudie grøn aluminiumsleverandør", "bedriftsrettet", "forstudie", "Fjordmetall AS",
     "957924689", 250, 150, 200, 0, "innvilget"),
    ("T1.2", "IO1", "B", "Leverandørnettverk for industrien", "tilretteleggende", "forprosjekt",
     "Fjordbygd Utvikling AS", None, 500, 100, 100, 0, "planlagt"),
    ("T2.1", "IO2", "A", "Forprosjekt sjømat og foredling", "bedriftsrettet", "forprosjekt", "Fjordlaks AS",
     "968135791", 200, 100, 200, 0, "søkt"),
    ("T2.2", "IO2", "B", "Heilårsreiseliv i fjordane", "tilretteleggende", "forprosjekt", "Fjordbygd Utvikling AS",
     None, 300, 100, 100, 0, "planlagt"),
    ("T3.1", "IO3", "A", "Rekrutteringsprogrammet «Kom heim»", "tilretteleggende", "ikke relevant",
     "Fjordbygd Utvikling AS", None, 350, 0, 0, 100, "planlagt"),
]  # fmt: skip
_FJORD_MAAL = {
    "T1.1": ("Avgjerd om ny leverandørbedrift; 6 arbeidsplassar på sikt", "Forstudie om marknad og lønsemd"),
    "T1.2": ("10 industribedrifter samarbeider om innkjøp og kompetanse", "Leverandørnettverk med fellesprosjekt"),
    "T2.1": ("3 nye arbeidsplassar i foredling av sjømat", "Forprosjekt med produkt og marknadsplan"),
    "T2.2": ("Heilårsdrift hos 4 reiselivsbedrifter", "Forprosjekt om produkt og marknader utanom sesongen"),
    "T3.1": ("20 tilflyttarar i året", "Program med mottak, hjelp til bustad og jobbformidling"),
}
_FJORD_INNVILGET = {"A": 500, "T1.1": 250}
_FJORD_GOALS = {
    "Nye arbeidsplasser": (0, 2025, 20),
    "Sikrede arbeidsplasser": (0, 2025, 40),
    "Nyetableringer": (1, 2025, 8),
    "Bedrifter i prosjekter": (4, 2025, 18),
    "Søknader til Innovasjon Norge": (3, 2025, 15),
}


def fjordbygd() -> dict[str, Any]:
    """The nynorsk example programme: Omstilling Fjordbygd (Høyanger), 2026 — a workbook in nynorsk."""
    indikatorer = []
    for year, nye, sikrede in ((2026, 4, 10), (2027, 6, 15), (2028, 10, 15)):
        indikatorer += [
            {"indikator": "Nye arbeidsplasser", "aar": year, "maal": nye},
            {"indikator": "Sikrede arbeidsplasser", "aar": year, "maal": sikrede},
        ]
    indikatorer += [
        {"indikator": "Nyetableringer", "aar": 2026, "maal": 2},
        {"indikator": "Bedrifter i prosjekter", "aar": 2026, "maal": 10},
        {"indikator": "Søknader til Innovasjon Norge", "aar": 2026, "maal": 5},
    ]
    program = _program(
        "4638",
        "Omstilling Fjordbygd",
        "aksjeselskap (AS)",
        "Fjordbygd Utvikling AS",
        "Kari Nesheim",
        2026,
        2031,
        2026,
        "60 nye eller sikra arbeidsplassar innan 2031, og eit næringsliv som er mindre avhengig av éi verksemd.",
    )
    program["fields"]["maalform"] = "nn"
    return {
        "Program": program,
        "Innsatsområder": {
            "rows": _io_rows(
                [
                    ("IO1", "Industri og leverandørar", "Fleire leverandørbedrifter rundt industrien.", "A: Nye "
                     "bedrifter. B: Nettverk."),
                    ("IO2", "Sjømat og reiseliv", "Meir foredling lokalt og reiseliv heile året.", "A: Sjømat. "
                     "B: Reiseliv."),
                    ("IO3", "Kompetanse og busetjing", "Snu fråflyttinga.", "A: Rekruttering."),
                ]
            )
        },
        "Tiltak": {"rows": _tiltak_rows(_FJORD_TILTAK, _FJORD_MAAL, _FJORD_INNVILGET)},
        "Finansiering": {
            "fields": {"fylkeskommunens_tilskudd": 1_575_000, "kommunens_egenandel": 525_000, "overfort": 0},
            "rows": [{"aar": y, "fylkeskommune": 1_575_000, "kommune": 525_000} for y in range(2026, 2032)],
        },
        "Mål og resultater": {"rows": _with_goals(indikatorer, _FJORD_GOALS)},
    }  # fmt: skip


# Eksempel kommune compared the organisasjonsformer before the gjennomføringsfase (its own weights, in %, and
# scores 1–5 per form in the order stiftelse, KF, IKS, kommunal avdeling, AS, program). It weighs owner control
# and observers in the board highest; KF ranks first (4,05 against AS 3,70) and is the form it chose.
_EKS_ORGFORM = {
    "eier": (5, (2, 5, 3, 5, 3, 4)),
    "eierinnflytelse": (20, (1, 5, 2, 5, 3, 4)),
    "eierforpliktelse": (5, (5, 2, 2, 2, 4, 2)),
    "styret": (5, (4, 4, 4, 1, 4, 3)),
    "innsyn": (10, (2, 5, 5, 5, 2, 4)),
    "partnerskap": (5, (1, 2, 4, 1, 5, 3)),
    "observatorer": (15, (3, 5, 4, 2, 4, 4)),
    "juridisk_enhet": (5, (4, 3, 4, 2, 5, 1)),
    "arbeidsgiveransvar": (5, (4, 3, 4, 3, 4, 2)),
    "regnskapsregler": (5, (3, 5, 3, 5, 3, 4)),
    "videreforing": (10, (2, 4, 3, 3, 5, 1)),
    "okonomisk_risiko": (10, (5, 2, 2, 2, 4, 2)),
}


def eksempel_orgform() -> dict[str, Any]:
    """Eksempel kommune's filled organisasjonsform comparison (the «Organisasjonsform» sheet's data)."""
    from .schema import ORGANISASJONSFORMER

    forms = ORGANISASJONSFORMER.values
    return {
        "weights": {k: w / 100 for k, (w, _) in _EKS_ORGFORM.items()},
        "scores": {k: dict(zip(forms, scores)) for k, (_, scores) in _EKS_ORGFORM.items()},
    }


def eksempel_workbook(aar: int) -> dict[str, Any]:
    """Everything in Eksempel kommune's workbook for ``aar``: the handlingsplan and the filled comparison.
    (``eksempel(aar)`` is the handlingsplan alone; a workbook built from it has the default comparison.)"""
    from .schema import ORGFORM_SHEET

    return {**eksempel(aar), ORGFORM_SHEET: eksempel_orgform()}


# Fjellbygd keeps the comparison as a new workbook has it (default weights, no scores).
EXAMPLES = {
    "eksempel-2025.xlsx": lambda: eksempel_workbook(2025),
    "eksempel-2026.xlsx": lambda: eksempel_workbook(2026),
    "fjellbygd-2026.xlsx": fjellbygd,
}
# The nynorsk example, in a folder of its own (the three above are the bokmål set the demo and tests count on).
NYNORSK_FOLDER = "nynorsk"
NYNORSK_EXAMPLES = {"fjordbygd-2026.xlsx": fjordbygd}


def build_examples(folder: str | Path) -> list[Path]:
    """Write every example workbook into ``folder`` (replacing what is there)."""
    from .workbook.build import write_workbook

    folder = Path(folder)
    return [write_workbook(make(), folder / name, overwrite=True) for name, make in EXAMPLES.items()]


def build_nynorsk_examples(folder: str | Path) -> list[Path]:
    """Write the nynorsk example workbooks into ``folder`` (replacing what is there)."""
    from .workbook.build import write_workbook

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_workbook(make(), folder / name, overwrite=True) for name, make in NYNORSK_EXAMPLES.items()]


# --- Eksempel kommune over the whole status period (2025–2030), for the sluttrapport and the PSV trend --------
# 2025 is the shipped 2025 workbook; 2026 is the shipped plan with year-end figures filled in; 2027–2030 are
# rolled forward from the year before exactly as «omstill new --from» does (nextyear.py), a new tiltak takes
# what the frame leaves unallocated, and each year gets year-end figures, results and, from 2026 to 2029, a
# programstatusvurdering. The three shipped example workbooks are not changed by any of this.
SIX_YEAR_FOLDER = "seksaar"
_PSV_SCORES = {  # year: the twelve scores in PSV_INDIKATORER order
    2026: (3, 3, 3, 3, 2, 3, 2, 2, 2, 2, 2, 2),
    2027: (4, 3, 4, 3, 3, 3, 3, 3, 2, 3, 2, 3),
    2028: (4, 4, 4, 4, 3, 4, 3, 3, 3, 3, 3, 3),
    2029: (4, 4, 4, 4, 4, 4, 4, 3, 3, 4, 3, 4),
}
_PSV_WHY = ("ikke til stede", "svak", "tilfredsstillende", "betydelig", "topp")


def _year_end(data: dict[str, Any], year: int) -> None:
    """Fill in a year's year-end figures: tilsagn, payments, regnskap and results (deterministic)."""
    from .schema import PSV, PSV_INDIKATORER, PSV_SKALA

    for t in data["Tiltak"]["rows"]:
        omst = t.get("omstillingsmidler", 0)
        carried = str(t.get("kommentar") or "").startswith("Videreført")
        if t["type"] == "administrasjon":
            t.update(status="pågår", innvilget=omst, utbetalt=omst, regnskap=omst)
        elif carried:
            t.update(status="avsluttet", innvilget=omst, utbetalt=omst, regnskap=omst)
        else:
            used = round(omst * 0.6 / 1000) * 1000
            t.update(status="pågår", innvilget=omst, utbetalt=used, regnskap=used)
    for r in data["Mål og resultater"]["rows"]:
        if r.get("aar") == year and isinstance(r.get("maal"), (int, float)) and "andel" not in r["indikator"]:
            r["resultat"] = r["maal"] + (1 if year % 2 else 0)
    if year in _PSV_SCORES:
        rows = data.setdefault(PSV.name, {"fields": {}, "rows": []})["rows"]
        for ind, score in zip(PSV_INDIKATORER.values, _PSV_SCORES[year], strict=True):
            rows.append(
                {
                    "indikator": ind,
                    "aar": year,
                    "skaar": PSV_SKALA.values[score - 1],
                    "begrunnelse": f"Deltakerne vurderer «{ind.lower()}» som {_PSV_WHY[score - 1]} i {year}.",
                }
            )
        data[PSV.name]["fields"] = {
            "deltakere": "Styret, programleder, rådmann, observatører fra Vestland fylkeskommune og Innovasjon Norge",
            "prosessleder": "Prosessleder fra Innovasjon Norge",
        }


def six_year() -> dict[str, dict[str, Any]]:
    """File name → data for Eksempel kommune 2025–2030 (built by rolling each year forward)."""
    import copy
    import tempfile

    from .nextyear import next_year_data
    from .workbook.build import write_workbook
    from .workbook.xlsx import read_file

    out: dict[str, dict[str, Any]] = {"eksempel-2025.xlsx": eksempel_workbook(2025)}
    data = copy.deepcopy(eksempel_workbook(2026))
    _year_end(data, 2026)
    out["eksempel-2026.xlsx"] = data
    with tempfile.TemporaryDirectory(prefix="omstill-eks-") as tmp:
        for year in range(2027, 2031):
            plan = read_file(write_workbook(data, Path(tmp) / f"{year - 1}.xlsx"))
            data, carried = next_year_data(plan, year)
            frame = data["Finansiering"]["fields"]
            free = frame["fylkeskommunens_tilskudd"] + frame["kommunens_egenandel"] + frame["overfort"]
            free -= sum(t.get("omstillingsmidler", 0) for t in data["Tiltak"]["rows"])
            if free > 0:
                data["Tiltak"]["rows"].append(
                    {
                        "id": f"T{year}",
                        "innsatsomrade": "IO1" if year % 2 else "IO3",
                        "navn": f"Bedriftsutvikling {year}",
                        "type": "tilretteleggende",
                        "plp_fase": "forprosjekt",
                        "budsjett": free,
                        "omstillingsmidler": free,
                        "status": "planlagt",
                    }
                )
            _year_end(data, year)
            out[f"eksempel-{year}.xlsx"] = data
    return out


def build_six_year(folder: str | Path) -> list[Path]:
    """Write the six-year programme into ``folder`` (replacing what is there)."""
    from .workbook.build import write_workbook

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_workbook(d, folder / name, overwrite=True) for name, d in six_year().items()]


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "workbooks")
    built = [*build_examples(target), *build_six_year(target / SIX_YEAR_FOLDER)]
    for p in [*built, *build_nynorsk_examples(target / NYNORSK_FOLDER)]:
        print(p)
