"""Synthetic, valid handlingsplaner of any size (shared by tests and benchmarks)."""

from __future__ import annotations

import random
from typing import Any

from omstill_xl import schema as S

NAMES = ("Forstudie", "Forprosjekt", "Nettverk", "Kompetanseløft", "Mulighetsstudie", "Markedsprosjekt")
TOPICS = ("havbruk", "reiseliv", "industri", "tre", "landbruk", "energi", "kultur", "logistikk")
ORGNR = ("913579240", "924681357", "935792460", "946813575", "957924689", "968135791", "979246811", "981357922")


def synthetic_plan(
    n_tiltak: int = 500,
    *,
    seed: int = 0,
    kommunenummer: str = "4626",
    aar: int = 2026,
    fra: int = 2025,
    til: int = 2030,
    programnavn: str = "Omstilling Syntetisk",
) -> dict[str, Any]:
    """A clean plan with ``n_tiltak`` tiltak (one of them administrasjon at 25 %): validates without findings."""
    rng = random.Random(seed)
    ios = [f"IO{i}" for i in range(1, 5)]
    rows: list[dict[str, Any]] = []
    total = 0
    support: dict[str, int] = {}
    for i in range(1, n_tiltak):
        typ = rng.choice((S.TYPE_TILRETTELEGGENDE, S.TYPE_TILRETTELEGGENDE, S.TYPE_BEDRIFTSRETTET))
        omst = rng.randint(1, 30) * 10_000
        inn = rng.choice((0, 0, rng.randint(1, 20) * 10_000))
        nl = rng.randint(0, 20) * 10_000
        row: dict[str, Any] = {
            "id": f"T{i}",
            "innsatsomrade": rng.choice(ios),
            "strategi": rng.choice("AB"),
            "navn": f"{rng.choice(NAMES)} {rng.choice(TOPICS)} {i}",
            "type": typ,
            "plp_fase": rng.choice(("forstudie", "forprosjekt")),
            "budsjett": omst + inn + nl,
            "omstillingsmidler": omst,
            "status": "planlagt",
        }
        if inn:
            row["innovasjon_norge"] = inn
        if nl:
            row["naeringsliv"] = nl
        if typ == S.TYPE_BEDRIFTSRETTET:
            orgnr = rng.choice(ORGNR)
            if support.get(orgnr, 0) + omst + inn > 3_000_000:  # stay under de minimis
                row["type"] = S.TYPE_TILRETTELEGGENDE
            else:
                support[orgnr] = support.get(orgnr, 0) + omst + inn
                row.update(prosjekteier=f"Bedrift {orgnr[:3]} AS", orgnr=orgnr)
        total += omst
        rows.append(row)
    admin = -(-total // 3 // 40_000) * 40_000  # 25 % of the whole, rounded so 75/25 splits in whole kroner
    rows[-1]["omstillingsmidler"] += admin * 3 - total  # make the non-admin total exactly 3 × admin
    rows[-1]["budsjett"] += admin * 3 - total
    total = admin * 4
    rows.insert(
        0,
        {
            "id": "A",
            "navn": "Administrasjon/drift",
            "type": S.TYPE_ADMIN,
            "plp_fase": "ikke relevant",
            "budsjett": admin,
            "omstillingsmidler": admin,
            "status": "pågår",
        },
    )
    fylke, kommune = total * 3 // 4, total // 4
    return {
        "Program": {
            "fields": {
                "kommunenummer": kommunenummer,
                "programnavn": programnavn,
                "organisasjonsform": "program",
                "status_fra": fra,
                "status_til": til,
                "planaar": aar,
                "maks_fylkesandel": 0.75,
            }
        },
        "Innsatsområder": {"rows": [{"id": io, "navn": f"Innsatsområde {io[-1]}"} for io in ios]},
        "Tiltak": {"rows": rows},
        "Finansiering": {
            "fields": {"fylkeskommunens_tilskudd": fylke, "kommunens_egenandel": kommune, "overfort": 0},
            "rows": [{"aar": y, "fylkeskommune": fylke, "kommune": kommune} for y in range(fra, til + 1)],
        },
        "Mål og resultater": {
            "rows": [
                {"indikator": "Nye arbeidsplasser", "aar": aar, "maal": 10, "utgangsverdi": 0, "maal_perioden": 60}
            ]
        },
    }
