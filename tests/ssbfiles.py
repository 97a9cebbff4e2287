"""Files in SSB statbank's own CSV format (semicolon separated, with the title line, quoted fields, «..» for a
missing value), for 4626 Øygarden and its county 46 Vestland, made up for the tests."""

from __future__ import annotations

from pathlib import Path

YEARS = range(2018, 2031)
# population: 100 a year up before the programme (2025), 180 a year after
POP = {y: 38_000 + 100 * (y - 2018) if y < 2025 else 38_700 + 180 * (y - 2025) for y in YEARS}
POP_COUNTY = {y: 640_000 + 2_000 * (y - 2018) for y in YEARS}
JOBS = {y: 14_000 + 50 * (y - 2018) for y in YEARS}
JOBS_COUNTY = {y: 320_000 + 1_000 * (y - 2018) for y in YEARS}


def write_07459(path: Path, *, encoding: str = "utf-8-sig") -> Path:
    """Long layout with a kjønn dimension (two halves and the total «Begge kjønn»); 2019 missing («..»)."""
    lines = [
        '"07459: Befolkning, etter region, kjønn, statistikkvariabel og år"',
        "",
        '"region";"kjønn";"år";"Personer"',
    ]
    for code, name, series in (("4626", "Øygarden", POP), ("46", "Vestland", POP_COUNTY)):
        for y, v in series.items():
            value = ".." if (code == "4626" and y == 2019) else str(v)
            lines.append(f'"{code} {name}";"Begge kjønn";"{y}";{value}')
            half = ".." if value == ".." else str(v // 2)
            lines.append(f'"{code} {name}";"Menn";"{y}";{half}')
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_11616(path: Path) -> Path:
    """Wide layout (years as columns «Sysselsatte 2018» …), kommuner only (the county is their sum), cp1252."""
    header = ['"region"', *(f'"Sysselsatte {y}"' for y in YEARS)]
    rows = ['"11616: Sysselsatte per 4. kvartal, etter arbeidsstedskommune"', "", ";".join(header)]
    rows.append(";".join(['"K-4626 Øygarden"', *(str(JOBS[y]) for y in YEARS)]))
    rows.append(";".join(['"K-4601 Bergen"', *(str(JOBS_COUNTY[y] - JOBS[y]) for y in YEARS)]))
    rows.append(";".join(['"K-3424 Rendalen"', *(".." for _ in YEARS)]))
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    return path
