"""The one nb-NO formatter (``omstill_xl.fmt``) gives exactly what Babel gives for ``nb_NO`` — so the validator
(core install, no Babel) and the report (the ``rapport`` extra) write numbers the same way."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from omstill_xl import fmt
from omstill_xl.report import formatting

MINUS = "\u2212"


def babel(text: str) -> str:
    """Babel's text with the typographic minus, and without «−0» (what every output prints)."""
    text = text.replace("-", MINUS)
    return text[1:] if text.startswith(MINUS) and not any(c in "123456789" for c in text) else text


numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False, allow_infinity=False).map(float),
)


@given(numbers)
def test_numbers_are_babels(x):
    assert fmt.tall(x) == babel(format_decimal(x, format="#,##0.##", locale="nb_NO"))
    assert fmt.tall(x, 0) == babel(format_decimal(x, format="#,##0", locale="nb_NO"))
    assert fmt.tall(x, 2) == babel(format_decimal(x, format="#,##0.00", locale="nb_NO"))
    assert fmt.kr(x) == babel(format_decimal(x, format="#,##0", locale="nb_NO")) + "\u00a0kr"


@given(st.floats(-100, 100, allow_nan=False, allow_infinity=False))
def test_percentages_are_babels(x):
    for decimals in (0, 1, 2):
        pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "\u00a0%"
        assert fmt.prosent(x, decimals) == babel(format_percent(x, format=pattern, locale="nb_NO"))


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_dates_are_babels(d):
    assert fmt.dato(d) == format_date(d, format="long", locale="nb_NO")


def test_one_formatter_for_messages_and_reports():
    for x in (-1234567, -0.001, 0, 2.675, 1234.5):
        assert fmt.kr(x) == formatting.kr(x) and fmt.number(x) == formatting.tall(x, 0)
    assert fmt.kr(-150_000) == "\u2212150\u00a0000\u00a0kr"  # the same minus in messages and in the report
    assert fmt.kr(None) == fmt.tall(None) == "–" and fmt.fortegn(-12_500) == "\u221212\u00a0500"


def test_the_formatter_needs_no_babel():
    code = (
        "import sys; sys.modules['babel'] = None; from omstill_xl import fmt; "
        "print(fmt.kr(-1234567), fmt.prosent(0.125), fmt.dato('2026-03-01'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "\u22121\u00a0234\u00a0567\u00a0kr 12,5\u00a0% 1. mars 2026"


def test_huge_and_non_finite_numbers_print():
    """Babel itself raises on 1e308; a message about such a cell must still print."""
    assert fmt.kr(1e308).startswith("100\u00a0000\u00a0000") and fmt.kr(1e308).endswith("\u00a0kr")
    assert fmt.tall(float("inf")) == "∞" and fmt.tall(float("-inf")) == "\u2212∞" and fmt.tall(float("nan")) == "NaN"
    assert fmt.prosent(-1e308).startswith("\u2212")
