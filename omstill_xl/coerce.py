"""Raw cell values → typed values, per schema kind. Pure functions.

Each parser returns ``(value, problem_code)``. A number typed as text (``"1 000"``, ``"1.000,50"``,
``"75 %"``) is read as the number the user meant *and* reported (``number_as_text``), never a silent zero.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from .model import CellError

Result = tuple[Any, str | None]

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def parse_number_text(text: str) -> float | None:
    """Read a Norwegian (or English) number written as text: ``1 000``, ``1.000,50``, ``1,5``, ``kr 200``."""
    t = _SPACES.sub("", text.strip().lower())
    t = t.removeprefix("kr").removesuffix("kr").removesuffix(",-").removesuffix("nok").removesuffix("%")
    if not t:
        return None
    if "," in t and "." in t:  # 1.000,50 (Norwegian) or 1,000.50 (English): the last one is decimal
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif t.count(".") > 1 or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")  # 1.000.000 — dots as thousands separators
    elif t.count(",") > 1:
        t = t.replace(",", "")
    else:
        t = t.replace(",", ".")
    if not _NUMBER_TEXT.match(t.replace(",", ".")):
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def as_text(raw: Any) -> Result:
    if _is_empty(raw):
        return None, None
    if isinstance(raw, CellError):
        return None, "error_value"
    if isinstance(raw, bool):
        return ("SANN" if raw else "USANN"), None
    if isinstance(raw, float):
        return str(_num(raw)), None
    if isinstance(raw, (datetime, date)):
        return raw.isoformat(), None
    return str(raw).strip(), None


def as_amount(raw: Any) -> Result:
    if _is_empty(raw):
        return None, None
    if isinstance(raw, CellError):
        return None, "error_value"
    if isinstance(raw, (bool, datetime, date)):
        return None, "bad_type"
    if isinstance(raw, float) and not math.isfinite(raw):
        return None, "error_value"  # NaN and infinities are findings, never numbers
    if isinstance(raw, (int, float)):
        return _num(raw), None
    parsed = parse_number_text(str(raw))
    if parsed is None or not math.isfinite(parsed):
        return None, "not_a_number"
    return _num(parsed), "number_as_text"


def as_percent(raw: Any) -> Result:
    if isinstance(raw, str) and raw.strip().endswith("%"):
        parsed = parse_number_text(raw)
        if parsed is None or not math.isfinite(parsed):
            return None, "not_a_number"
        return parsed / 100, "number_as_text"
    return as_amount(raw)


def as_year(raw: Any) -> Result:
    value, problem = as_amount(raw)
    if value is None:
        return None, problem
    if not float(value).is_integer():
        return None, "not_integer"
    return int(value), problem


_DATE_TEXT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
EXCEL_EPOCH = date(1899, 12, 30)


def as_date(raw: Any) -> Result:
    """A date: a date cell, the text ``15.12.2025`` or ``2025-12-15``, or an Excel serial day number."""
    if _is_empty(raw):
        return None, None
    if isinstance(raw, CellError):
        return None, "error_value"
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, bool):
        return None, "bad_type"
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw) or not 1 <= raw < 2958466 or not float(raw).is_integer():
            return None, "bad_type"
        from datetime import timedelta

        return EXCEL_EPOCH + timedelta(days=int(raw)), None
    text = str(raw).strip()
    m = _DATE_TEXT.match(text)
    parts = (int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    if parts is None and (m := _ISO_DATE.match(text)):
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if parts is None:
        return None, "bad_type"
    try:
        return date(*parts), None
    except ValueError:
        return None, "bad_type"


def as_digits(raw: Any, width: int) -> Result:
    """Org.nr and kommunenummer: digits, spaces allowed; numbers keep their leading zeros (``301`` → ``0301``)."""
    if _is_empty(raw):
        return None, None
    if isinstance(raw, CellError):
        return None, "error_value"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw).zfill(width), None
    text = _SPACES.sub("", str(raw))
    return text, None


def as_code(raw: Any, values: tuple[str, ...] | None) -> Result:
    """A choice from a code list, matched without regard to case and spacing; unknown values stay as typed."""
    text, problem = as_text(raw)
    if text is None or not values:
        return text, problem
    wanted = " ".join(text.lower().split())
    for v in values:
        if v.lower() == wanted:
            return v, None
    return text, None


def coerce(kind: str, raw: Any, codes: tuple[str, ...] | None = None) -> Result:
    if kind in ("amount", "number"):
        return as_amount(raw)
    if kind == "percent":
        return as_percent(raw)
    if kind == "year":
        return as_year(raw)
    if kind == "date":
        return as_date(raw)
    if kind == "orgnr":
        return as_digits(raw, 9)
    if kind == "kommunenr":
        return as_digits(raw, 4)
    if kind == "code":
        return as_code(raw, codes)
    return as_text(raw)  # text, id


def orgnr_valid(orgnr: str) -> bool:
    """Nine digits with a correct mod-11 check digit (weights 3 2 7 6 5 4 3 2)."""
    if not (isinstance(orgnr, str) and len(orgnr) == 9 and orgnr.isdigit()):
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    rest = sum(int(d) * w for d, w in zip(orgnr[:8], weights)) % 11
    check = 0 if rest == 0 else 11 - rest
    return check != 10 and check == int(orgnr[8])
