"""Norwegian numbers for the Word section, through Babel (nb_NO). Imported lazily."""

from __future__ import annotations

LOCALE = "nb_NO"


def decimal(x: float, decimals: int = 2) -> str:
    """``3,85``; decimals fixed."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(x, format=pattern, locale=LOCALE)


def percent(x: float) -> str:
    """``15 %``, ``12,5 %`` (at most one decimal, non-breaking space before %)."""
    from babel.numbers import format_percent

    return format_percent(x, format="#,##0.# %", locale=LOCALE).replace(" ", "\u00a0")


def points(x: float) -> str:
    """Percentage points: ``10 prosentpoeng``."""
    from babel.numbers import format_decimal

    return f"{format_decimal(x * 100, format='#,##0.#', locale=LOCALE)}\u00a0prosentpoeng"


def score_text(value: float | None) -> str:
    """A score as typed: ``4``; a (wrong) decimal one keeps its decimal, ``4,5``; empty for None."""
    if value is None:
        return ""
    return decimal(value, 0 if float(value).is_integer() else 1)
