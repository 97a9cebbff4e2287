"""The one Norwegian (nb-NO) formatter for every output: validator messages, the console, the consolidated
workbook's texts, the årsrapport (as Jinja filters, ``report.formatting``) and the orgform section.

Pure Python, so ``omstill validate`` and the Excel button need neither Babel nor the OS locale. The shapes are
Babel's for ``nb_NO`` (the ``rapport`` extra installs Babel, and ``tests/test_fmt.py`` checks that every
function gives exactly what Babel gives): thousands separated by a no-break space (U+00A0), so a number never
wraps; a decimal comma; a real minus sign (U+2212), never «−0»; half-even rounding of the decimal value as
written (2,675 → 2,68). Empty values (``None``) print as an en dash.

>>> kr(-1234567)
'−1\\xa0234\\xa0567\\xa0kr'
>>> prosent(0.125)
'12,5\\xa0%'
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

NBSP = "\u00a0"
MINUS = "\u2212"
EMPTY = "–"
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _decimal(x: float | int) -> Decimal:
    return Decimal(x) if isinstance(x, int) else Decimal(repr(float(x)))


def _digits(value: Decimal, min_dec: int, max_dec: int) -> str:
    """``value`` rounded half-even to ``max_dec`` decimals, trailing zeros dropped down to ``min_dec``."""
    if not value.is_finite():  # what Babel prints for float('inf') and float('nan')
        return "NaN" if value.is_nan() else (MINUS if value < 0 else "") + "∞"
    with localcontext() as ctx:  # enough digits for any float (1e308 has 309)
        ctx.prec = max(28, value.adjusted() + max_dec + 2)
        q = value.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_EVEN)
    sign = MINUS if q < 0 and q != 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    frac = frac.ljust(max_dec, "0")[:max_dec]
    while len(frac) > min_dec and frac.endswith("0"):
        frac = frac[:-1]
    groups: list[str] = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = NBSP.join([whole, *groups])
    return sign + text + ("," + frac if frac else "")


def _other(x: Any) -> str:
    return EMPTY if x is None or x == "" else str(x)


def tall(x: Any, decimals: int | None = None) -> str:
    """A number: ``1 234 567``; up to two decimals when the value has them (``12,5``), or exactly ``decimals``."""
    if not _is_number(x):
        return _other(x)
    if decimals is None:
        return _digits(_decimal(x), 0, 2)
    return _digits(_decimal(x), decimals, decimals)


def number(x: Any, decimals: int = 0) -> str:
    """A number with exactly ``decimals`` decimals (messages): ``1 234 567``, ``11,50``."""
    return tall(x, decimals)


def kr(x: Any) -> str:
    """An amount in whole kroner: ``1 234 567 kr``."""
    if not _is_number(x):
        return _other(x)
    return f"{tall(x, 0)}{NBSP}kr"


def prosent(x: Any, decimals: int = 1) -> str:
    """A share (0.125) as a percentage: ``12,5 %``; whole percentages without decimals (``25 %``)."""
    if not _is_number(x):
        return _other(x)
    return f"{_digits(_decimal(x) * 100, 0, decimals)}{NBSP}%"


pct = prosent  # the name the rules use


def prosentpoeng(x: Any) -> str:
    """A difference of shares in percentage points: ``10 prosentpoeng``."""
    if not _is_number(x):
        return _other(x)
    return f"{_digits(_decimal(x) * 100, 0, 1)}{NBSP}prosentpoeng"


def fortegn(x: Any) -> str:
    """A deviation with its sign: ``+12 500`` / ``−12 500``, ``0`` without a sign."""
    if not _is_number(x):
        return _other(x)
    text = tall(abs(x))
    if text == "0":
        return text
    return ("+" if x > 0 else MINUS) + text


def aar(x: Any) -> str:
    """A year without a thousands separator: ``2025``."""
    if _is_number(x):
        return str(int(x))
    return _other(x)


def dato(x: Any) -> str:
    """A date in words: ``1. mars 2026``; ISO text (``2026-03-01``) is accepted too."""
    if x is None or x == "":
        return EMPTY
    if isinstance(x, str):
        x = _dt.date.fromisoformat(x)
    if isinstance(x, _dt.datetime):
        x = x.date()
    return f"{x.day}. {MONTHS[x.month - 1]} {x.year}"
