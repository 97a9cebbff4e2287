"""Norwegian (nb_NO) formatting for reports, through Babel — never the OS locale.

The functions are registered as Jinja filters under the names in ``FILTERS``, so a template writes
``{{ t.budsjett|kr }}`` → ``1 234 567 kr``, ``{{ andel|prosent }}`` → ``12,5 %``, ``{{ dato|dato }}`` →
``1. mars 2026``. Babel separates thousands with a no-break space (U+00A0), so a number never wraps in
a table cell, and writes negative numbers with a real minus sign (U+2212). Empty values (``None``) print as an
en dash.

>>> kr(1234567)
'1\\xa0234\\xa0567\\xa0kr'
>>> prosent(0.125)
'12,5\\xa0%'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

LOCALE = "nb_NO"
NBSP = "\u00a0"
MINUS = "\u2212"
EMPTY = "–"


def _decimal(x: float | int, pattern: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(x, format=pattern, locale=LOCALE)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def tall(x: Any, decimals: int | None = None) -> str:
    """A number: ``1 234 567``; up to two decimals when the value has them (``12,5``), or exactly ``decimals``."""
    if not _is_number(x):
        return EMPTY if x is None or x == "" else str(x)
    if decimals is None:
        pattern = "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = _decimal(x, pattern)
    return _minus(text)


def _minus(text: str) -> str:
    """Typographic minus (U+2212) as Norwegian typesetting wants it; never «−0»."""
    text = text.replace("-", MINUS)
    if text.startswith(MINUS) and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


def kr(x: Any) -> str:
    """An amount in whole kroner: ``1 234 567 kr``."""
    if not _is_number(x):
        return EMPTY if x is None or x == "" else str(x)
    return f"{tall(x, 0)}{NBSP}kr"


def prosent(x: Any, decimals: int = 1) -> str:
    """A share (0.125) as a percentage: ``12,5 %``; whole percentages without decimals (``25 %``)."""
    if not _is_number(x):
        return EMPTY if x is None or x == "" else str(x)
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "\u00a0%"
    return _minus(format_percent(x, format=pattern, locale=LOCALE))


def dato(x: Any) -> str:
    """A date in words: ``1. mars 2026``; ISO text (``2026-03-01``) is accepted too."""
    if x is None or x == "":
        return EMPTY
    if isinstance(x, str):
        x = _dt.date.fromisoformat(x)
    if isinstance(x, _dt.datetime):
        x = x.date()
    from babel.dates import format_date

    return format_date(x, format="long", locale=LOCALE)


def fortegn(x: Any) -> str:
    """A deviation with its sign: ``+12 500`` / ``−12 500``, ``0`` without a sign."""
    if not _is_number(x):
        return EMPTY if x is None or x == "" else str(x)
    text = tall(abs(x))
    if text == "0":
        return text
    return ("+" if x > 0 else MINUS) + text


def aar(x: Any) -> str:
    """A year without a thousands separator: ``2025``."""
    if _is_number(x):
        return str(int(x))
    return EMPTY if x is None or x == "" else str(x)


FILTERS: dict[str, Callable[..., str]] = {
    "kr": kr,
    "tall": tall,
    "prosent": prosent,
    "dato": dato,
    "fortegn": fortegn,
    "aar": aar,
}

FILTER_DOCS: dict[str, str] = {
    "kr": "beløp i hele kroner: `1 234 567 kr`",
    "tall": "tall med mellomrom som tusenskille: `1 234 567`, `12,5`; `tall(0)` gir ingen desimaler",
    "prosent": "andel som prosent: `0.125` → `12,5 %`, `0.25` → `25 %`",
    "dato": "dato med ord: `1. mars 2026`",
    "fortegn": "avvik med fortegn: `+12 500`, `−12 500`",
    "aar": "årstall uten tusenskille: `2025`",
}
