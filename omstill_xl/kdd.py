"""The KDD categories of regionalforvaltning.no, as data per year (``data/kdd_kategorier.csv``).

A workbook's dropdown holds the codes in force in its plan year, written as «1375 Forstudier/forprosjekter»;
``code_of`` reads the code back from such a value (or from a bare «1375»).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache

from .data import text as data_text


@dataclass(frozen=True)
class Category:
    kode: str
    navn: str
    fra_aar: int
    til_aar: int | None

    @property
    def label(self) -> str:
        return f"{self.kode} {self.navn}"

    def in_force(self, year: int) -> bool:
        return self.fra_aar <= year and (self.til_aar is None or year <= self.til_aar)


@cache
def categories() -> tuple[Category, ...]:
    text = data_text("kdd_kategorier.csv")
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        til = row["til_aar"].strip()
        out.append(Category(row["kode"].strip(), row["navn"].strip(), int(row["fra_aar"]), int(til) if til else None))
    return tuple(out)


def for_year(year: int | None) -> tuple[Category, ...]:
    """The categories in force in ``year`` (every category in force in the latest year when no year is given)."""
    cats = categories()
    if year is None:
        year = max(c.til_aar or c.fra_aar for c in cats)
        year = max(year, max(c.fra_aar for c in cats))
    return tuple(c for c in cats if c.in_force(year))


def code_of(value: object) -> str | None:
    """The four-digit code of a dropdown value («1375 Forstudier/forprosjekter» → «1375»)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)).zfill(4)
    m = re.match(r"\s*(\d{3,4})\b", str(value))
    return m.group(1).zfill(4) if m else None
