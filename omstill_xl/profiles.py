"""Financing profiles per fylke, as data (``data/profiler.toml``, overridable by the user)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class Profile:
    maks_fylkesandel: float = 0.75
    admin_terskel: float = 0.25
    eur_nok: float = 11.5
    de_minimis_eur: float = 300_000
    regnskap_toleranse: float = 0.10
    regnskap_toleranse_kr: float = 10_000
    name: str = "standard"

    @property
    def de_minimis_nok(self) -> float:
        return self.de_minimis_eur * self.eur_nok


@dataclass(frozen=True)
class Profiles:
    standard: Profile
    by_fylke: dict[str, Profile]

    def for_fylke(self, fylke: str | None) -> Profile:
        return self.by_fylke.get(fylke or "", self.standard)


_KEYS = {f.name for f in fields(Profile)} - {"name"}


def _apply(base: Profile, table: dict[str, object], name: str, source: str) -> Profile:
    unknown = set(table) - _KEYS
    if unknown:
        raise InputError(
            f"Ukjent innstilling {', '.join(sorted(unknown))} i [{name}]. Gyldige: {', '.join(sorted(_KEYS))}.", source
        )
    values = {}
    for k, v in table.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise InputError(f"{k} i [{name}] må være et tall, ikke «{v}».", source)
        values[k] = float(v)
    return replace(base, name=name, **values)


def load_profiles(path: str | Path | None = None) -> Profiles:
    """The shipped profiles, or a user's file (same shape) when ``path`` is given."""
    if path is None:
        text = resources.files("omstill_xl.data").joinpath("profiler.toml").read_text("utf-8")
        source = "profiler.toml"
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as e:
            raise InputError(f"Kan ikke lese profilfilen: {e.strerror}.", path) from e
        source = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"Profilfilen er ikke gyldig TOML: {e}.", source) from e
    standard = _apply(Profile(), data.get("standard", {}), "standard", source)
    by_fylke = {name: _apply(standard, table, f"fylke.{name}", source) for name, table in data.get("fylke", {}).items()}
    return Profiles(standard, by_fylke)
