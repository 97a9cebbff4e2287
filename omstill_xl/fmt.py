"""Norwegian number text for messages, without Babel (the validator must start fast).

The report uses Babel; these helpers give the same shapes: ``1 234 567 kr``, ``−150 000 kr``, ``12,5 %``.
"""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"  # typographic minus, as the report writes it


def number(x: float | int | None, decimals: int = 0) -> str:
    if x is None:
        return "–"
    text = f"{abs(x):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS if x < 0 and float(text.replace(NBSP, "").replace(",", ".")) != 0 else "") + text


def kr(x: float | int | None) -> str:
    return "–" if x is None else f"{number(x)}{NBSP}kr"


def pct(x: float | None, decimals: int = 1) -> str:
    if x is None:
        return "–"
    text = number(x * 100, decimals)
    if decimals and text.endswith("," + "0" * decimals):
        text = text[: -decimals - 1]
    return f"{text}{NBSP}%"
