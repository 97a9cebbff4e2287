"""The consolidated workbook (openpyxl): «Om», a fylke overview when there are several programmes, an overview
per programme with years as columns and charts, tiltak across years, tiltak per year, sources, indicators,
cross-year findings and the files read.

Sums, shares and running totals are live formulas; the numbers they add up are the yearly workbooks'
values. ``build(c)`` returns the workbook and, for every formula cell, the value it must show (the
LibreOffice test recalculates and compares). Text from users' cells is always written as text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from openpyxl import Workbook

from ..workbook.styles import new_workbook, workbook_bytes
from .overview import overview_charts, overview_lines, write_overview
from .sheets import (
    write_about,
    write_files,
    write_findings,
    write_fylke,
    write_indicators,
    write_sources,
    write_tiltak,
    write_tiltak_year,
)
from .sheetstyle import FIRST_ROW, Expected, heading, sheet_title
from .sheetxml import SheetRows, save

if TYPE_CHECKING:  # pragma: no cover
    from . import Consolidation


def build(c: Consolidation) -> tuple[Workbook, Expected]:
    """The consolidated workbook, every cell an openpyxl cell, and the value every formula cell must show."""
    wb, expected, kept = build_rows(c)
    for rows in kept:
        rows.materialize()
    return wb, expected


def build_rows(c: Consolidation) -> tuple[Workbook, Expected, list[SheetRows]]:
    """The consolidated workbook with the big sheets' data rows kept as tuples (``sheetxml``), the value every
    formula cell must show, and the kept rows."""
    from .frames import tiltak_types

    expected: Expected = {}
    kept: list[SheetRows] = []
    wb = new_workbook()
    about = wb.active
    about.title = "Om"
    taken = {"Om", "Fylkesoversikt", "Tiltak", "Tiltak per år", "Kilder", "Indikatorer", "Kontroll", "Arbeidsbøker"}
    sheets: list[tuple[str, str]] = [("Om", "Dette arket: hva boka inneholder og hvordan tallene er regnet.")]
    long = c.long
    pivot = c.pivot_years()
    ind = c.indicators()
    admin_series = tiltak_types(long)
    finding_counts: dict[str, dict[str, int]] = {}
    by_file = {p.source: prog.key for prog in c.programmes for p in prog.plans}
    for f in c.findings:
        key = by_file.get(f.file or "", "")
        finding_counts.setdefault(key, {"feil": 0, "advarsel": 0, "info": 0})[f.severity] += 1

    several = len(c.programmes) > 1
    if several:
        ws = wb.create_sheet("Fylkesoversikt")
        write_fylke(ws, c, c.per_programme(), finding_counts, expected)
        sheets.append(
            (
                "Fylkesoversikt",
                "Én rad per program: ramme, tilført, budsjett, innvilget, utbetalt, regnskap "
                "og arbeidsplasser, summert over årene, med diagram.",
            )
        )
    for i, prog in enumerate(c.programmes, start=1):
        name = (
            "Oversikt"
            if not several
            else sheet_title(
                re.sub(r"^omstilling\s+", "", prog.programnavn, flags=re.IGNORECASE) + f" {prog.kommunenummer}", taken
            )
        )
        ws = wb.create_sheet(name)
        prog_key = (prog.programnavn, prog.kommunenummer)
        admin = {int(y): float(v) for (p, k, y), v in admin_series.items() if (p, k) == prog_key}
        lines, years, plan_years = overview_lines(prog, pivot, ind, admin)
        where = ", ".join(x for x in (prog.kommune, prog.fylke) if x)
        latest = prog.latest.program
        period = f"{latest.get('status_fra')}–{latest.get('status_til')}"
        heading(
            ws,
            f"{prog.programnavn or 'Program'}: oversikt over år",
            f"{where} (kommunenr. {prog.kommunenummer}). Statusperiode {period}. Arbeidsbøker for "
            f"{', '.join(map(str, plan_years))}. Beløp i kroner.",
        )
        rows = write_overview(ws, prog, lines, years, plan_years, f"tblOversikt{i}", expected)
        overview_charts(ws, lines, rows, years, FIRST_ROW + len(lines) + 2)
        sheets.append(
            (
                name,
                f"{prog.label}: år som kolonner — budsjett og finansiering per kilde, innvilget, "
                "utbetalt, regnskap, tilskudd og egenandel, overført, ramme, administrasjonsandel, "
                "kumulative tall og mål og resultater, med diagrammer.",
            )
        )

    per_t = c.per_tiltak()
    t_years = sorted(int(col) for col in per_t.columns if str(col).isdigit())
    kept.append(write_tiltak(wb.create_sheet("Tiltak"), per_t, t_years, expected))
    sheets.append(("Tiltak", "Ett tiltak per rad over årene: omstillingsmidler per år og summer."))
    kept.append(write_tiltak_year(wb.create_sheet("Tiltak per år"), c.per_tiltak_year(), expected))
    sheets.append(("Tiltak per år", "Én rad per tiltak og år med alle beløp; egnet for filter og pivottabeller."))
    src = c.per_source()
    write_sources(wb.create_sheet("Kilder"), src, [int(y) for y in src.columns], expected)
    sheets.append(("Kilder", "Finansiering per kilde og år."))
    write_indicators(wb.create_sheet("Indikatorer"), ind, expected)
    sheets.append(("Indikatorer", "Mål og resultater per indikator og år, med kumulative tall."))
    from .psv import SHEET as PSV_SHEET
    from .psv import has_psv, write_psv_trend

    if has_psv(c.programmes):  # only programmes that use the sheet get it
        write_psv_trend(wb.create_sheet(PSV_SHEET), c.programmes)
        sheets.append((PSV_SHEET, "Skår per hovedindikator og år fra programstatusvurderingene, med endring."))
    write_findings(wb.create_sheet("Kontroll"), c)
    sheets.append(("Kontroll", "Avvik over år (OX-X…) med fil og celle."))
    write_files(wb.create_sheet("Arbeidsbøker"), c)
    sheets.append(("Arbeidsbøker", "Filene som ble lest, kontrollen av hver fil, og filer som ikke kunne leses."))
    write_about(about, c, sheets)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 1
    return wb, expected, kept


def consolidated_bytes(c: Consolidation) -> bytes:
    """The workbook's bytes: the same as ``workbook_bytes(build(c)[0])``, without an openpyxl cell per value of
    the big sheets."""
    wb, _, kept = build_rows(c)
    return workbook_bytes(wb, save=lambda book, out: save(book, kept, out))


__all__ = ["build", "build_rows", "consolidated_bytes", "sheet_title"]
