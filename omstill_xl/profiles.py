"""Financing profiles per fylke, as data (``data/profiler.toml``, overridable by the user)."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .data import text as data_text
from .errors import InputError
from .i18n import N_, translator

_ = translator("core")


@dataclass(frozen=True)
class Profile:
    """The rule thresholds of one fylkeskommune (or the national default)."""

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
    """The default profile and the profile of each fylke that has its own."""

    standard: Profile
    by_fylke: dict[str, Profile]

    def for_fylke(self, fylke: str | None) -> Profile:
        return self.by_fylke.get(fylke or "", self.standard)


_KEYS = {f.name for f in fields(Profile)} - {"name"}
# Allowed range per key: (lowest, highest, Norwegian description). A value outside it would switch a check off.
_RANGES: dict[str, tuple[float, float, str]] = {
    "maks_fylkesandel": (0.0, 1.0, N_("en andel mellom 0 og 1 (0,75 = 75 %)")),
    "admin_terskel": (0.0, 1.0, N_("en andel mellom 0 og 1 (0,25 = 25 %)")),
    "regnskap_toleranse": (0.0, 10.0, N_("et tall mellom 0 og 10 (0,10 = 10 %)")),
    "eur_nok": (0.01, 1000.0, N_("en kurs i kroner per euro større enn 0 (f.eks. 11,5)")),
    "de_minimis_eur": (0.0, 1e9, N_("et beløp i euro, 0 eller mer")),
    "regnskap_toleranse_kr": (0.0, 1e12, N_("et beløp i kroner, 0 eller mer")),
}
MAX_PROFILE_BYTES = 1024 * 1024


def _apply(base: Profile, table: object, name: str, source: str) -> Profile:
    if not isinstance(table, dict):
        raise InputError(
            _("[{name}] i profilfilen må være en tabell med innstillinger, ikke «{value}».").format(
                name=name, value=table
            ),
            source,
        )
    unknown = set(table) - _KEYS
    if unknown:
        raise InputError(
            _("Ukjent innstilling {keys} i [{name}]. Gyldige: {valid}.").format(
                keys=", ".join(sorted(unknown)), name=name, valid=", ".join(sorted(_KEYS))
            ),
            source,
        )
    values = {}
    for k, v in table.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise InputError(
                _("{key} i [{name}] må være et tall, ikke «{value}».").format(key=k, name=name, value=str(v)[:40]),
                source,
            )
        low, high, what = _RANGES[k]
        if not math.isfinite(v) or not low <= v <= high:
            raise InputError(
                _("{key} i [{name}] er {value}, men må være {what}.").format(key=k, name=name, value=v, what=_(what)),
                source,
            )
        values[k] = float(v)
    return replace(base, name=name, **values)


def load_profiles(path: str | Path | None = None) -> Profiles:
    """The shipped profiles, or a user's file (same shape) when ``path`` is given."""
    if path is None:
        text = data_text("profiler.toml")
        source = "profiler.toml"
    else:
        try:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_PROFILE_BYTES + 1)
        except OSError as e:
            raise InputError(_("Kan ikke lese profilfilen: {reason}.").format(reason=e.strerror), path) from e
        if len(raw) > MAX_PROFILE_BYTES:
            raise InputError(_("Profilfilen er større enn 1 MB; en profilfil er noen få linjer."), path)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(
                _(
                    "Profilfilen er ikke lagret som UTF-8 (æ, ø og å er skrevet i en annen tegnkoding). Lagre den "
                    "som UTF-8 i editoren og prøv igjen."
                ),
                path,
            ) from e
        source = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(_("Profilfilen er ikke gyldig TOML: {reason}.").format(reason=e), source) from e
    except RecursionError as e:  # thousands of nested [ or { (tomllib recurses)
        raise InputError(
            _("Profilfilen har verdier nøstet for mange nivåer dypt. Den er ikke en profilfil."), source
        ) from e
    standard = _apply(Profile(), data.get("standard", {}), "standard", source)
    fylker = data.get("fylke", {})
    if not isinstance(fylker, dict):
        raise InputError(
            _("[fylke] i profilfilen må være tabeller som [fylke.Nordland], ikke «{value}».").format(value=fylker),
            source,
        )
    by_fylke = {name: _apply(standard, table, f"fylke.{name}", source) for name, table in fylker.items()}
    return Profiles(standard, by_fylke)
