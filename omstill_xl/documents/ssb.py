"""SSB statbank tables as the user downloads them (CSV, semicolon separated), read without network.

Statbank's CSV export starts with the table's title, then a blank line, then a header line and data lines,
fields in double quotes, ``;`` between them, «..» (and «.», «:», «-») for a missing value. The layout may be
long (a column «år» and one value column) or wide (one column per year, «2020» or «Personer 2020»). Regions
are written «4626 Øygarden» (or «K-4626 Øygarden»; a county «46 Vestland»). Other dimensions (kjønn, alder,
næring) are summed, except that rows marked as a total («Begge kjønn», «I alt», «Alle næringer», «Total») are
used alone when present. The file may be UTF-8 (with or without BOM) or Windows-1252.

``read_table(path) -> SsbTable``; ``SsbTable.series(code)`` gives {year: value} for a kommune or fylke.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import translator

_ = translator("documents")

MISSING = {"..", ".", ":", "-", "…", ""}
_YEAR = re.compile(r"(?:^|\D)((?:19|20)\d\d)(?:\D|$)")
_REGION = re.compile(r"^(?:[KF]-)?(\d{2}|\d{4})\b\s*(.*)$")
_TOTAL = re.compile(r"begge kjønn|\bi alt\b|alle næringer|\btotal|\balle\b|0-105|00-99", re.IGNORECASE)


@dataclass(frozen=True)
class SsbTable:
    title: str
    source: str
    values: dict[str, dict[int, float]]  # region code → year → value
    names: dict[str, str]

    def series(self, code: str) -> dict[int, float]:
        return dict(sorted(self.values.get(code, {}).items()))

    def county(self, kommunenummer: str) -> dict[int, float]:
        """The county's series: its own row when the file has one, else the sum of its kommuner in the file."""
        fylke = kommunenummer[:2]
        if fylke in self.values:
            return self.series(fylke)
        out: dict[int, float] = {}
        for code, ys in self.values.items():
            if len(code) == 4 and code.startswith(fylke):
                for y, v in ys.items():
                    out[y] = out.get(y, 0.0) + v
        return dict(sorted(out.items()))


def _number(text: str) -> float | None:
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if t in MISSING:
        return None
    try:
        return float(t.replace(",", "."))
    except ValueError:
        return None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def parse(text: str, source: str = "SSB-fila") -> SsbTable:
    lines = text.splitlines()
    rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=";")]
    header_at = next(
        (i for i, r in enumerate(rows) if len(r) >= 2 and any(_YEAR.search(c) or c.strip().lower() == "år" for c in r)),
        None,
    )
    if header_at is None:
        raise InputError(
            _(
                "Fila ser ikke ut som en tabell fra SSBs statistikkbank (semikolonseparert CSV med overskrift): "
                "fant ingen overskriftslinje med år."
            ),
            source,
        )
    title = " ".join(" ".join(r).strip() for r in rows[:header_at] if any(c.strip() for c in r)).strip()
    header = [c.strip() for c in rows[header_at]]
    lower = [h.lower() for h in header]
    region_col = next((i for i, h in enumerate(lower) if h.startswith("region")), 0)
    year_col = next((i for i, h in enumerate(lower) if h in ("år", "tid", "year")), None)
    wide = {i: int(m.group(1)) for i, h in enumerate(header) if i != region_col and (m := _YEAR.search(h))}
    values: dict[tuple[str, int], list[tuple[bool, float]]] = {}
    names: dict[str, str] = {}
    dims = [i for i in range(len(header)) if i != region_col and i != year_col and i not in wide]
    value_col = dims[-1] if year_col is not None and dims else None
    other = [i for i in dims if i != value_col]
    for n, r in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(c.strip() for c in r):
            continue
        if len(r) < len(header):
            raise InputError(
                _("Linje {n} har {found} felt, men overskriften har {expected}.").format(
                    n=n, found=len(r), expected=len(header)
                ),
                source,
            )
        m = _REGION.match(r[region_col].strip())
        if not m:
            continue
        code = m.group(1)
        names.setdefault(code, m.group(2).strip())
        total = any(_TOTAL.search(r[i]) for i in other)
        if year_col is not None and value_col is not None:
            ym = _YEAR.search(r[year_col])
            v = _number(r[value_col])
            if ym and v is not None:
                values.setdefault((code, int(ym.group(1))), []).append((total, v))
        else:
            for i, year in wide.items():
                v = _number(r[i])
                if v is not None:
                    values.setdefault((code, year), []).append((total, v))
    if not values:
        raise InputError(_("Fant ingen tall for noen region og noe år i fila."), source)
    out: dict[str, dict[int, float]] = {}
    for (code, year), got in values.items():
        totals = [v for t, v in got if t]
        out.setdefault(code, {})[year] = sum(totals) if totals else sum(v for _, v in got)
    return SsbTable(title, source, out, names)


def read_table(path: str | Path) -> SsbTable:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(_("Kan ikke lese SSB-fila: {error}.").format(error=e.strerror), p) from e
    return parse(_decode(data), str(p))


def trend_line(series: dict[int, float], before: int, years: int = 5) -> tuple[float, float] | None:
    """The least-squares line (a, b: value = a + b·year) through the last ``years`` years before ``before``."""
    pts = [(y, v) for y, v in series.items() if before - years <= y < before]
    if len(pts) < 2:
        return None
    n = len(pts)
    mx = sum(y for y, _ in pts) / n
    my = sum(v for _, v in pts) / n
    sxx = sum((y - mx) ** 2 for y, _ in pts)
    b = sum((y - mx) * (v - my) for y, v in pts) / sxx
    return my - b * mx, b
