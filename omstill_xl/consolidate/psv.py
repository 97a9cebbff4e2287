"""«Programstatusvurdering» in the consolidated workbook: each programme's PSV scores per main indicator with the
years as columns, and the change from the first to the last assessment (``documents.psv.psv_trend``)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from ..programme import Programme
from ..workbook.styles import FMT_INT
from .sheetstyle import FIRST_ROW, add_table, finish, header, heading, set_value

SHEET = "Programstatusvurdering"


def has_psv(programmes: Sequence[Programme]) -> bool:
    return any(p.psv for prog in programmes for p in prog.chain)


def write_psv_trend(ws: Worksheet, programmes: Sequence[Programme]) -> None:
    from ..documents.psv import psv_trend

    trends = [(prog, *psv_trend(prog)) for prog in programmes]
    years = sorted({y for _, ys, _ in trends for y in ys})
    heading(
        ws,
        "Programstatusvurdering over år",
        "Skår 1–5 per hovedindikator (1 ikke til stede … 5 topp) fra arket Programstatusvurdering. Endring er "
        "siste skår minus første.",
    )
    headers = ["Program", "Kommunenr.", "Hovedindikator", "Gruppe", *map(str, years), "Endring"]
    header(ws, headers, [26, 12, 36, 10, *([7] * len(years)), 9])
    r = FIRST_ROW
    for prog, _, trend in trends:
        for t in trend:
            if not t["skaar"]:
                continue
            values = [prog.programnavn, prog.kommunenummer, t["indikator"], t["gruppe"]]
            values += [t["skaar"].get(y) for y in years] + [t["endring"]]
            for ci, v in enumerate(values, start=1):
                set_value(ws.cell(r, ci), v)
                if ci > 4:
                    ws.cell(r, ci).number_format = FMT_INT
            r += 1
    add_table(ws, "tblPSV", len(headers), r - 1)
    finish(ws, "D5")
