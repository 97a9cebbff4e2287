"""The 2024 kommune list (SSB classification 131), shipped as data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Kommune:
    nummer: str
    navn: str
    fylkesnummer: str
    fylke: str


@cache
def kommuner() -> dict[str, Kommune]:
    """All kommuner keyed by four-digit kommunenummer."""
    text = resources.files("omstill_xl.data").joinpath("kommuner_2024.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter=";")
    return {
        r["kommunenummer"]: Kommune(r["kommunenummer"], r["kommunenavn"], r["fylkesnummer"], r["fylkesnavn"])
        for r in rows
    }


def lookup(nummer: object) -> Kommune | None:
    """The kommune for a number given as text or number (``301`` and ``"0301"`` both find Oslo)."""
    if isinstance(nummer, float) and nummer.is_integer():
        nummer = int(nummer)
    text = str(nummer).strip() if nummer is not None else ""
    if text.isdigit() and len(text) <= 4:
        return kommuner().get(text.zfill(4))
    return None


def fylker() -> dict[str, str]:
    """Fylkesnummer → fylkesnavn, in number order."""
    return {k.fylkesnummer: k.fylke for k in sorted(kommuner().values(), key=lambda k: k.fylkesnummer)}
