"""The other sheets of the consolidated workbook: fylke overview, tiltak across years, tiltak per year,
sources, indicators, cross-year findings, the files read, and «Om»."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.chart import Reference, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from .. import schema as S
from ..findings import counts as count_findings
from ..output import settings_line
from ..totals import SOURCES
from ..workbook.styles import BOLD, FMT_AMOUNT, FMT_PERCENT, INTRO_FONT, TITLE_FONT
from .overview import bar_chart
from .sheetstyle import (
    FIRST_ROW,
    FMT_DEC,
    FMT_INT,
    HEADER_ROW,
    SEVERITY_LABELS,
    SOURCE_LABELS,
    TOP,
    WRAP_TOP,
    Expected,
    add_table,
    finish,
    fit_height,
    header,
    heading,
    num,
    set_value,
    sum_row,
)
from .sheetxml import SheetRows

if TYPE_CHECKING:  # pragma: no cover
    from . import Consolidation


def write_fylke(
    ws: Worksheet, c: Consolidation, summary: Any, finding_counts: dict[str, dict[str, int]], expected: Expected
) -> None:
    heading(ws, "Fylkesoversikt", "Én rad per omstillingsprogram. Beløp i kroner, summert over årene i utvalget.")
    headers = [
        "Program",
        "Kommunenr.",
        "Kommune",
        "Fylke",
        "Statusperiode",
        "År i utvalget",
        "Arbeidsbøker",
        "Ramme for perioden",
        "Tilført (tilskudd og egenandel)",
        "Andel av rammen tilført",
        "Budsjett (total kostnad)",
        "Omstillingsmidler på tiltak",
        "Innvilget",
        "Utbetalt",
        "Regnskap",
        "Utbetalt av tilført",
        "Arbeidsplasser, mål",
        "Arbeidsplasser, resultat",
        "Feil over år",
        "Advarsler over år",
    ]
    header(ws, headers, [30, 12, 16, 14, 13, 13, 14, 15, 16, 12, 15, 15, 14, 14, 14, 12, 15, 15, 10, 10])
    money_cols = {8: "ramme", 11: "budsjett", 12: "omstillingsmidler", 13: "innvilget", 14: "utbetalt", 15: "regnskap"}
    sums: dict[int, float] = {}
    last = HEADER_ROW
    for i, rec in enumerate(summary.to_dict("records")):
        r = FIRST_ROW + i
        last = r
        prog = c.programmes[i]
        period = f"{rec['status_fra']}–{rec['status_til']}" if rec["status_fra"] and rec["status_til"] else ""
        span = (
            f"{rec['first_year']}–{rec['last_year']}"
            if rec["first_year"] != rec["last_year"]
            else str(rec["first_year"])
        )
        fc = finding_counts.get(prog.key, {})
        for ci, v in enumerate(
            (rec["programme"], rec["kommune"], rec["kommunenavn"], rec["fylke"], period, span, rec["workbooks"]),
            start=1,
        ):
            set_value(ws.cell(r, ci), v)
        tilfort = rec["tilskudd_fylkeskommune"] + rec["tilskudd_kommune"]
        set_value(ws.cell(r, 9), tilfort)
        for ci, key in money_cols.items():
            set_value(ws.cell(r, ci), rec[key])
        values = {8: rec["ramme"], 9: tilfort, **{ci: rec[k] for ci, k in money_cols.items()}}
        for ci in (8, 9, 11, 12, 13, 14, 15):
            ws.cell(r, ci).number_format = FMT_AMOUNT
            sums[ci] = sums.get(ci, 0.0) + values[ci]
        ws.cell(r, 10, f'=IF(H{r}=0,"",I{r}/H{r})').number_format = FMT_PERCENT
        expected[(ws.title, f"J{r}")] = None if not rec["ramme"] else tilfort / rec["ramme"]
        ws.cell(r, 16, f'=IF(I{r}=0,"",N{r}/I{r})').number_format = FMT_PERCENT
        expected[(ws.title, f"P{r}")] = None if not tilfort else rec["utbetalt"] / tilfort
        set_value(ws.cell(r, 17), rec["arbeidsplasser_maal"])
        set_value(ws.cell(r, 18), rec["arbeidsplasser_resultat"])
        for ci in (17, 18):
            ws.cell(r, ci).number_format = FMT_INT
            sums[ci] = sums.get(ci, 0.0) + (
                num(rec["arbeidsplasser_maal" if ci == 17 else "arbeidsplasser_resultat"]) or 0.0
            )
        set_value(ws.cell(r, 19), fc.get("feil", 0))
        set_value(ws.cell(r, 20), fc.get("advarsel", 0))
    add_table(ws, "tblFylke", len(headers), last)
    total_row = last + 1
    sum_row(ws, total_row, FIRST_ROW, last, [8, 9, 11, 12, 13, 14, 15, 17, 18], 1, expected, sums)
    ws.cell(total_row, 10, f'=IF(H{total_row}=0,"",I{total_row}/H{total_row})').number_format = FMT_PERCENT
    expected[(ws.title, f"J{total_row}")] = sums[9] / sums[8] if sums.get(8) else None
    ws.cell(total_row, 16, f'=IF(I{total_row}=0,"",N{total_row}/I{total_row})').number_format = FMT_PERCENT
    expected[(ws.title, f"P{total_row}")] = sums[14] / sums[9] if sums.get(9) else None
    for ci in (17, 18):
        ws.cell(total_row, ci).number_format = FMT_INT
    finish(ws, "B5")

    ws.row_breaks.append(Break(id=total_row + 1))
    ch = bar_chart("Ramme, tilført og utbetalt per program", "kroner")
    for ci, title in ((8, "Ramme for perioden"), (9, "Tilført"), (14, "Utbetalt")):
        ch.series.append(Series(Reference(ws, min_col=ci, max_col=ci, min_row=FIRST_ROW, max_row=last), title=title))
    ch.set_categories(Reference(ws, min_col=1, max_col=1, min_row=FIRST_ROW, max_row=last))
    if len(c.programmes) > 6:  # many programmes: horizontal bars, one band per programme, readable names
        ch.type = "bar"
        ch.x_axis.scaling.orientation = "maxMin"  # the first programme at the top, as in the table
        ch.y_axis.crosses = "max"  # ... and the amounts along the bottom
        ch.width = 24
        ch.height = min(80.0, 4 + 1.2 * len(c.programmes))
    ws.add_chart(ch, f"A{total_row + 3}")


def _year_cells(
    ws: Worksheet, r: int, first_col: int, values: list[float | None], totals: dict[int, float], expected: Expected
) -> Any:
    """One amount per year from ``first_col``, then a live SUM over them; totals and expected values kept.
    Returns the SUM cell."""
    row_sum = 0.0
    for j, v in enumerate(values):
        cell = ws.cell(r, first_col + j)
        cell.number_format = FMT_AMOUNT
        if v is not None:
            set_value(cell, v)
            row_sum += v
            totals[first_col + j] = totals.get(first_col + j, 0.0) + v
    sum_col = first_col + len(values)
    first, last = get_column_letter(first_col), get_column_letter(sum_col - 1)
    cell = ws.cell(r, sum_col, f"=SUM({first}{r}:{last}{r})")
    cell.number_format = FMT_AMOUNT
    expected[(ws.title, f"{get_column_letter(sum_col)}{r}")] = row_sum
    totals[sum_col] = totals.get(sum_col, 0.0) + row_sum
    return cell


TILTAK_ATTRS = (
    ("programme", "Program", 26),
    ("kommune", "Kommunenr.", 12),
    ("tiltak", "ID", 8),
    ("innsatsomrade", "Innsatsområde", 14),
    ("tiltak_navn", "Tiltak", 36),
    ("type", "Type", 16),
    ("status", "Status (siste år)", 14),
    ("first_year", "Første år", 9),
    ("last_year", "Siste år", 9),
)
# measures over the years, each krone once (``frames.per_tiltak``)
TILTAK_SUMS = (
    ("budsjett", "Budsjett sum"),
    ("innvilget", "Innvilget sum"),
    ("utbetalt", "Utbetalt sum"),
    ("regnskap", "Regnskap sum"),
    ("brukt", "Brukt sum"),
)


def write_tiltak(ws: Worksheet, per_tiltak: Any, years: list[int], expected: Expected) -> SheetRows:
    """The sheet, its data rows kept as tuples (``sheetxml``)."""
    heading(
        ws,
        "Tiltak over år",
        "Ett tiltak per rad (samme ID er samme tiltak), med omstillingsmidler per år slik hvert års arbeidsbok "
        "viser dem, og summene over årene der hver krone telles én gang: det et tiltak har fått videreført fra "
        "året før (gjenstående budsjett og åpent tilsagn), er talt med året før. Navn, innsatsområde og status "
        "er fra siste år.",
    )
    headers = [
        *(h for _, h, _ in TILTAK_ATTRS),
        *(f"Omstillingsmidler {y}" for y in years),
        "Herav videreført fra året før",
        "Omstillingsmidler sum",
        *(h for _, h in TILTAK_SUMS),
        "Innvilget, ikke brukt",
    ]
    widths = [*(w for _, _, w in TILTAK_ATTRS), *([18] * len(years)), 18, 18, *([14] * len(TILTAK_SUMS)), 14]
    header(ws, headers, widths)
    first_year_col = len(TILTAK_ATTRS) + 1
    carried_col = first_year_col + len(years)
    sum_col = carried_col + 1
    measure_cols = {key: sum_col + 1 + i for i, (key, _) in enumerate(TILTAK_SUMS)}
    open_col = sum_col + 1 + len(TILTAK_SUMS)
    totals: dict[int, float] = {}
    last = HEADER_ROW
    rows = SheetRows(ws)
    money = rows.style(number_format=FMT_AMOUNT)

    def amount(r: int, ci: int, v: float) -> None:
        rows.number(r, ci, int(v) if float(v).is_integer() else v, money)
        totals[ci] = totals.get(ci, 0.0) + v

    n = len(per_tiltak)
    attrs = [per_tiltak[key].tolist() for key, _, _ in TILTAK_ATTRS]
    year_values = [per_tiltak[y].tolist() if y in per_tiltak.columns else [None] * n for y in years]
    carried_values = per_tiltak["omstillingsmidler_videreført"].tolist()
    measures = [(ci, per_tiltak[key].tolist()) for key, ci in measure_cols.items()]
    innvilget, brukt = per_tiltak["innvilget"].tolist(), per_tiltak["brukt"].tolist()
    first, last_year = get_column_letter(first_year_col), get_column_letter(carried_col - 1)
    cl = get_column_letter(carried_col)
    sum_letter, open_letter = get_column_letter(sum_col), get_column_letter(open_col)
    il, bl = get_column_letter(measure_cols["innvilget"]), get_column_letter(measure_cols["brukt"])
    for i in range(n):
        r = FIRST_ROW + i
        last = r
        for ci, values in enumerate(attrs, start=1):
            rows.value(r, ci, values[i])
        stated = 0.0
        for j, values in enumerate(year_values):
            v = num(values[i])
            rows.value(r, first_year_col + j, v, money)
            if v is not None:
                stated += v
                totals[first_year_col + j] = totals.get(first_year_col + j, 0.0) + v
        carried = float(carried_values[i])
        amount(r, carried_col, carried)
        rows.formula(r, sum_col, f"=SUM({first}{r}:{last_year}{r})-{cl}{r}", money)
        expected[(ws.title, f"{sum_letter}{r}")] = stated - carried
        totals[sum_col] = totals.get(sum_col, 0.0) + stated - carried
        for ci, values in measures:
            amount(r, ci, float(values[i]))
        rows.formula(r, open_col, f"=MAX(0,{il}{r}-{bl}{r})", money)
        open_amount = max(0.0, float(innvilget[i]) - float(brukt[i]))
        expected[(ws.title, f"{open_letter}{r}")] = open_amount
        totals[open_col] = totals.get(open_col, 0.0) + open_amount
    add_table(ws, "tblTiltak", len(headers), last)
    sum_row(ws, last + 1, FIRST_ROW, last, list(range(first_year_col, open_col + 1)), 1, expected, totals)
    finish(ws, "F5")
    return rows


# «Tiltak per år»: (key, header, width); the amounts and the sources come from schema.py
TILTAK_YEAR_ATTRS = (
    ("programme", "Program", 26),
    ("kommune", "Kommunenr.", 12),
    ("year", "År", 7),
    ("tiltak", "ID", 8),
    ("innsatsomrade", "Innsatsområde", 14),
    ("tiltak_navn", "Tiltak", 36),
    ("type", "Type", 16),
    ("status", "Status", 12),
)
TILTAK_YEAR_AMOUNTS = (
    ("budsjett", "Budsjett", 14),
    *((c.key, c.short, max(12.0, c.width)) for c in S.FINANCING_SOURCES),
    ("sum_finansiering", "Sum finansiering", 16),
    ("innvilget", "Innvilget", 13),
    ("utbetalt", "Utbetalt", 13),
    ("regnskap", "Regnskap", 13),
    # what the row carried in from the year before (counted that year): subtract it to count each krone once
    (f"videreført_{S.OWN_SOURCE}", "Herav videreført omstillingsmidler", 18),
    ("innvilget_videreført", "Herav videreført tilsagn", 16),
)
TILTAK_YEAR_HEADERS = (*(h for _, h, _ in TILTAK_YEAR_ATTRS), *(h for _, h, _ in TILTAK_YEAR_AMOUNTS), "Fil")


def write_tiltak_year(ws: Worksheet, per_year: Any, expected: Expected) -> SheetRows:
    """The sheet, its data rows kept as tuples (``sheetxml``: written straight as XML, 100 000 cells and more)."""
    heading(
        ws,
        "Tiltak per år",
        "Én rad per tiltak og år, slik tiltaket står i årets arbeidsbok. Bruk filteret i "
        "overskriftsraden; summen nederst viser det som er filtrert fram. Summerer du flere år, trekk fra «Herav "
        "videreført»: det er talt året før.",
    )
    widths = [*(w for _, _, w in TILTAK_YEAR_ATTRS), *(w for _, _, w in TILTAK_YEAR_AMOUNTS), 28]
    header(ws, TILTAK_YEAR_HEADERS, widths)
    col = {key: len(TILTAK_YEAR_ATTRS) + 1 + i for i, (key, _, _) in enumerate(TILTAK_YEAR_AMOUNTS)}
    sum_col = col["sum_finansiering"]
    sum_letter = get_column_letter(sum_col)
    first_src, last_src = get_column_letter(col[SOURCES[0]]), get_column_letter(col[SOURCES[-1]])
    file_col = len(TILTAK_YEAR_HEADERS)
    totals: dict[int, float] = {}
    last = HEADER_ROW
    rows = SheetRows(ws)
    amount = rows.style(number_format=FMT_AMOUNT)
    attrs = [per_year[key].tolist() for key, _, _ in TILTAK_YEAR_ATTRS]
    amounts = [(ci, per_year[key].tolist()) for key, ci in col.items() if key != "sum_finansiering"]
    source_values = [per_year[k].tolist() for k in SOURCES]
    files = per_year["file"].tolist()
    names: dict[str, str] = {}
    for i in range(len(per_year)):
        r = FIRST_ROW + i
        last = r
        for ci, values in enumerate(attrs, start=1):
            rows.value(r, ci, values[i])
        for ci, values in amounts:
            v = float(values[i])
            rows.number(r, ci, int(v) if v.is_integer() else v, amount)
            totals[ci] = totals.get(ci, 0.0) + v
        rows.formula(r, sum_col, f"=SUM({first_src}{r}:{last_src}{r})", amount)
        s = sum(float(values[i]) for values in source_values)
        expected[(ws.title, f"{sum_letter}{r}")] = s
        totals[sum_col] = totals.get(sum_col, 0.0) + s
        name = names.get(files[i])
        if name is None:
            name = names[files[i]] = Path(files[i]).name
        rows.value(r, file_col, name)
    add_table(ws, "tblTiltakPerAar", len(TILTAK_YEAR_HEADERS), last)
    sum_row(ws, last + 1, FIRST_ROW, last, sorted(col.values()), 1, expected, totals)
    finish(ws, "G5")
    return rows


def write_sources(ws: Worksheet, per_source: Any, years: list[int], expected: Expected) -> None:
    heading(ws, "Finansiering per kilde", "Tiltakenes finansiering per kilde og år (arket Tiltak i hver arbeidsbok).")
    headers = ["Program", "Kommunenr.", "Kilde", *(str(y) for y in years), "Sum"]
    header(ws, headers, [26, 12, 18, *([14] * len(years)), 15])
    sum_col = 4 + len(years)
    totals: dict[int, float] = {}
    last = HEADER_ROW
    for i, ((prog, kommune, source), row) in enumerate(per_source.iterrows()):
        r = FIRST_ROW + i
        last = r
        for ci, v in enumerate((prog, kommune, SOURCE_LABELS.get(source, source)), start=1):
            set_value(ws.cell(r, ci), v)
        _year_cells(ws, r, 4, [num(row.get(y)) for y in years], totals, expected).font = BOLD
    add_table(ws, "tblKilder", len(headers), last)
    sum_row(ws, last + 1, FIRST_ROW, last, list(range(4, sum_col + 1)), 1, expected, totals)
    finish(ws, "D5")


def write_indicators(ws: Worksheet, ind: Any, expected: Expected) -> None:
    heading(
        ws,
        "Mål og resultater",
        "Indikatorer per program og år. Finnes et tall i flere arbeidsbøker, gjelder det "
        "fra den nyeste. Kumulativt = summen til og med året (ikke for andeler og nivåer). Oppnådd av målet for "
        "perioden: årlige indikatorer med resultat kumulativt, nivåer og antall ulike med årets resultat.",
    )
    headers = [
        "Program",
        "Kommunenr.",
        "Indikator",
        "År",
        "Mål",
        "Resultat",
        "Resultat minus mål",
        "Serie",
        "Mål kumulativt",
        "Resultat kumulativt",
        "Utgangsverdi",
        "Utgangsår",
        "Mål for perioden",
        "Oppnådd av målet for perioden",
        "Fil",
    ]
    header(ws, headers, [26, 12, 34, 7, 10, 10, 12, 9, 12, 12, 12, 10, 12, 14, 28])
    records = ind.to_dict("records")
    n = max(len(records), 1)
    last_data = FIRST_ROW + n - 1

    def rng(col: str) -> str:
        return f"${col}${FIRST_ROW}:${col}${last_data}"

    running: dict[tuple[str, str, str], list[tuple[int, float, float]]] = {}
    for rec in records:
        running.setdefault((rec["programme"], rec["kommune"], rec["indikator"]), []).append(
            (rec["year"], num(rec["maal"]) or 0.0, num(rec["resultat"]) or 0.0)
        )
    for i, rec in enumerate(records):
        r = FIRST_ROW + i
        for ci, key in enumerate(("programme", "kommune", "indikator", "year", "maal", "resultat"), start=1):
            set_value(ws.cell(r, ci), rec[key])
        maal, res = num(rec["maal"]), num(rec["resultat"])
        fmt = FMT_INT if all(v is None or v.is_integer() for v in (maal, res)) else FMT_DEC
        for ci in (5, 6, 7, 9, 10):
            ws.cell(r, ci).number_format = fmt
        ws.cell(r, 7, f'=IF(OR(E{r}="",F{r}=""),"",F{r}-E{r})')
        expected[(ws.title, f"G{r}")] = None if maal is None or res is None else res - maal
        set_value(ws.cell(r, 8), rec["serie"])
        series = running[(rec["programme"], rec["kommune"], rec["indikator"])]
        for ci, col, idx, own in ((9, "E", 1, maal), (10, "F", 2, res)):
            ws.cell(
                r,
                ci,
                f'=IF(OR(H{r}<>"årlig",{col}{r}=""),"",SUMPRODUCT(({rng("A")}=A{r})*({rng("B")}=B{r})'
                f"*({rng('C')}=C{r})*({rng('D')}<=D{r})*{rng(col)}))",
            )
            expected[(ws.title, f"{get_column_letter(ci)}{r}")] = (
                None if rec["serie"] != "årlig" or own is None else sum(s[idx] for s in series if s[0] <= rec["year"])
            )
        # Baseline and period target (the indicator's, on each of its rows); the share reached follows the kind.
        base, target = num(rec["utgangsverdi"]), num(rec["maal_perioden"])
        set_value(ws.cell(r, 11), base)
        base_year = num(rec["utgangsaar"])
        set_value(ws.cell(r, 12), None if base_year is None else int(base_year))
        set_value(ws.cell(r, 13), target)
        ws.cell(r, 11).number_format = ws.cell(r, 13).number_format = fmt
        ws.cell(r, 14, f'=IF(M{r}="","",IF(H{r}="årlig",IF(J{r}="","",J{r}/M{r}),IF(F{r}="","",F{r}/M{r})))')
        ws.cell(r, 14).number_format = FMT_PERCENT
        reached = expected[(ws.title, f"J{r}")] if rec["serie"] == "årlig" else res
        expected[(ws.title, f"N{r}")] = None if not target or reached is None else reached / target
        set_value(ws.cell(r, 15), Path(rec["file"]).name)
    add_table(ws, "tblIndikatorer", len(headers), last_data)
    finish(ws, "D5")


def write_findings(ws: Worksheet, c: Consolidation) -> None:
    heading(
        ws,
        "Kontroll over år",
        "Avvik som bare synes når flere arbeidsbøker ses sammen (OX-X…). Hvert avvik "
        "peker på arbeidsboka og cellen som gir det. " + settings_line(c.profile),
    )
    headers = ["Alvorlighet", "Kode", "Fil", "Ark", "Celle", "Melding", "Slik retter du"]
    header(ws, headers, [11, 10, 26, 16, 8, 80, 60])
    rows = c.findings or []
    last = HEADER_ROW
    for i, f in enumerate(rows):
        r = FIRST_ROW + i
        last = r
        for ci, v in enumerate(
            (
                SEVERITY_LABELS.get(f.severity, f.severity),
                f.code,
                Path(f.file or "").name,
                f.sheet,
                f.cell,
                f.message,
                f.hint,
            ),
            start=1,
        ):
            cell = ws.cell(r, ci)
            set_value(cell, v)
            cell.alignment = WRAP_TOP if ci >= 6 else TOP
        fit_height(ws, r, ((f.message, 80), (f.hint, 60)))
    if not rows:
        set_value(ws.cell(FIRST_ROW, 6), "Ingen avvik over år.")
        last = FIRST_ROW
    add_table(ws, "tblKontroll", len(headers), last)
    finish(ws, "A5")


def write_files(ws: Worksheet, c: Consolidation) -> None:
    heading(
        ws,
        "Arbeidsbøker",
        "Filene som ble lest, med resultatet av kontrollen av hver fil for seg "
        "(omstill validate), og filene som ikke kunne leses.",
    )
    headers = ["Fil", "Program", "Kommunenr.", "År", "Tiltak", "Feil", "Advarsler", "Merknader", "Brukt", "Merknad"]
    header(ws, headers, [30, 26, 12, 7, 8, 7, 11, 11, 7, 70])
    r = HEADER_ROW
    for info in sorted(c.files, key=lambda f: (str(f.plan.program.get("programnavn") or ""), f.plan.aar or 0, f.path)):
        r += 1
        p = info.plan
        values = (
            Path(info.path).name,
            p.program.get("programnavn"),
            p.program.get("kommunenummer"),
            p.aar,
            len(p.tiltak),
            info.counts.get("feil", 0),
            info.counts.get("advarsel", 0),
            info.counts.get("info", 0),
            "ja" if info.used else "nei",
            "" if info.used else "En annen arbeidsbok for samme program og år er brukt (se arket Kontroll).",
        )
        for ci, v in enumerate(values, start=1):
            set_value(ws.cell(r, ci), v)
    for fail in c.failures:
        r += 1
        set_value(ws.cell(r, 1), Path(fail.path).name)
        set_value(ws.cell(r, 9), "nei")
        cell = ws.cell(r, 10)
        set_value(cell, "Kunne ikke leses: " + fail.message)
        cell.alignment = WRAP_TOP
        fit_height(ws, r, (("Kunne ikke leses: " + fail.message, 70),))
    add_table(ws, "tblFiler", len(headers), r)
    finish(ws, "B5")


def _explained_rows(ws: Worksheet, r: int, rows: Sequence[tuple[str, str]]) -> int:
    """A label in column A and its wrapped explanation in column B, one row each after row ``r``; returns the
    last row written."""
    for label, text in rows:
        r += 1
        set_value(ws.cell(r, 1), label)
        ws.cell(r, 1).alignment = TOP
        cell = ws.cell(r, 2)
        set_value(cell, text)
        cell.alignment = WRAP_TOP
        fit_height(ws, r, ((text, 100),))
    return r


def write_about(ws: Worksheet, c: Consolidation, sheets: list[tuple[str, str]]) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws.cell(1, 1, "Konsolidert oversikt").font = TITLE_FONT
    years = sorted({y for p in c.programmes for y in p.years})
    n_files = sum(1 for f in c.files if f.used)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "–")
    intro = (
        f"{n_files} arbeidsbøker fra {len(c.programmes)} "
        f"{'program' if len(c.programmes) == 1 else 'programmer'}, år {span}. Laget av omstill_xl {__version__} "
        "fra handlingsplan-arbeidsbøkene; endre tallene der og konsolider på nytt."
    )
    cell = ws.cell(2, 1)
    set_value(cell, intro)
    cell.font = INTRO_FONT
    r = 4
    ws.cell(r, 1, "Ark").font = BOLD
    ws.cell(r, 2, "Innhold").font = BOLD
    r = _explained_rows(ws, r, sheets)
    r += 2
    ws.cell(r, 1, "Slik er tallene regnet").font = BOLD
    notes = [
        (
            "Én arbeidsbok per år",
            "Arbeidsbøker hører til samme program når kommunenummeret er likt og statusperiodene overlapper eller "
            "følger rett etter hverandre; et nytt programnavn gir en advarsel, ikke et nytt program. Finnes to "
            "arbeidsbøker for samme program og år, brukes den første (etter filnavn), og arket Kontroll sier fra.",
        ),
        (
            "Sum over år",
            "Kolonnen Sum teller hver krone én gang. Et tiltak som føres videre til neste år, har med seg det som "
            "gjenstår av budsjettet og åpent tilsagn; det står i årets kolonne, men er talt året før, så Sum trekker "
            "det fra (linjene «Videreført fra året før»). «Herav nytt tilsagn i året» og «Innvilget, kumulativt» "
            "teller hvert tilsagn én gang. Overført, disponibelt og ubrukt summeres ikke.",
        ),
        (
            "Brukt og ubrukt",
            "Brukt = regnskap der det er ført, ellers utbetalt. Ubrukt = disponibelt minus brukt. "
            "Ubrukt i ett år skal stå som overført fra fjoråret i neste års arbeidsbok (regel OX-X009).",
        ),
        ("Ramme", "Rammen per år er hentet fra arket Finansiering i den nyeste arbeidsboka for programmet."),
        (
            "Bagatellmessig støtte",
            settings_line(c.profile) + " Støtten per org.nr er omstillingsmidler og "
            "Innovasjon Norge på bedriftsrettede tiltak, summert over alle arbeidsbøkene og tre år av gangen, med hver "
            "krone én gang: det et tiltak har fått videreført fra året før, er talt det året.",
        ),
        (
            "Formler",
            "Summer, andeler og kumulative tall er formler, så de følger med hvis du retter et tall i denne "
            "boka. Tallene de bygger på, er verdiene fra arbeidsbøkene.",
        ),
    ]
    r = _explained_rows(ws, r, notes)
    n = count_findings(c.findings)
    r += 2
    ws.cell(r, 1, "Kontroll over år").font = BOLD
    cell = ws.cell(r, 2)
    set_value(
        cell,
        f"{n['feil']} feil, {n['advarsel']} advarsler og {n['info']} merknader (se arket Kontroll)."
        + (f" {len(c.failures)} filer kunne ikke leses (se arket Arbeidsbøker)." if c.failures else ""),
    )
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
