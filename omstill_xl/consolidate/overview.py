"""One programme's overview sheet: years as columns, a line per figure, live formulas for sums, shares and
running totals, and the charts (money against the frame, financing by source, jobs target vs result)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema as S
from ..totals import SOURCES
from ..workbook.styles import BOLD, FMT_AMOUNT, FMT_PERCENT, chart_fonts
from .sheetstyle import (
    FIRST_ROW,
    FMT_DEC,
    FMT_INT,
    HEADER_ROW,
    SOURCE_LABELS,
    Expected,
    add_table,
    chart_column,
    finish,
    header,
    set_value,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..programme import Programme


@dataclass
class Line:
    """One row of a programme overview."""

    key: str
    group: str
    label: str
    fmt: str = FMT_AMOUNT
    data: dict[int, float] | None = None  # input values per year (None: a formula line)
    formula: str | None = None  # template, {key} = this column's cell of another line
    calc: Callable[[Callable[[str], float]], float | None] | None = None  # the formula in Python
    years: str = "plan"  # which year columns get a value: "plan" (years with a workbook) or "all"
    running: str | None = None  # a running total of this line
    total: str = "sum"  # the Sum column: "sum", "same" (the formula on the Sum column) or "none"
    net: str | None = None  # Sum column minus the Sum of this line (what was carried in and counted the year before)
    values: dict[Any, float | None] = field(default_factory=dict)  # computed, per year and "sum"


def _ratio(a: str, b: str) -> tuple[str, Callable[[Callable[[str], float]], float | None]]:
    return (f'IF({{{b}}}=0,"",{{{a}}}/{{{b}}})', lambda get: None if get(b) == 0 else get(a) / get(b))


def overview_lines(
    prog: Programme, pivot: Any, indicators: Any, admin: dict[int, float]
) -> tuple[list[Line], list[int], list[int]]:
    """The lines of one programme's overview, the year columns, and the years that have a workbook."""
    plan_years = list(prog.years)

    # the pivot's rows as a dict: a lookup in its MultiIndex (``key in pivot.index``, ``pivot.loc[key]``) costs
    # about 0.5 ms, and an overview asks for twenty rows
    rows = dict(zip(pivot.index, pivot.to_numpy()))
    year_labels = [int(y) for y in pivot.columns]

    prog_name, nummer = prog.programnavn, prog.kommunenummer  # properties: the kommune is looked up each time

    def data(measure: str, source: str) -> dict[int, float]:
        row = rows.get((prog_name, nummer, measure, source))
        if row is None:
            return {}
        return {y: float(v) for y, v in zip(year_labels, row) if v == v}

    ramme_f, ramme_k = data("ramme", "fylkeskommune"), data("ramme", "kommune")
    ind = indicators[(indicators["programme"] == prog_name) & (indicators["kommune"] == nummer)]
    years = sorted(set(plan_years) | set(ramme_f) | set(ramme_k) | {int(y) for y in ind["year"]})
    fin = "Budsjett og finansiering"
    status = "Innvilget, utbetalt og regnskap"
    omst = "Omstillingsmidler"
    frame = "Ramme"
    cum = "Kumulativt"
    carried = "Videreført fra året før (talt med året før)"
    sum_sources = "SUM(" + ",".join("{" + s + "}" for s in SOURCES) + ")"
    lines = [
        Line("budsjett", fin, "Budsjett (total kostnad)", data=data("budsjett", "i alt"), net="vf_budsjett"),
        *(Line(s, fin, SOURCE_LABELS[s], data=data("finansiering", s), net=f"vf_{s}") for s in SOURCES),
        Line(
            "sum_fin",
            fin,
            "Sum finansiering",
            total="same",
            formula=sum_sources,
            calc=lambda g: sum(g(s) for s in SOURCES),
        ),
        Line("admin", fin, "Herav administrasjon/drift", data={y: admin.get(y, 0.0) for y in plan_years}),
        Line(
            "admin_andel",
            fin,
            "Administrasjonsandel",
            FMT_PERCENT,
            total="same",
            formula=_ratio("admin", "omstillingsmidler")[0],
            calc=_ratio("admin", "omstillingsmidler")[1],
        ),
        Line(
            "innvilget",
            status,
            "Innvilget",
            data=data("innvilget", "omstillingsmidler"),
            net="vf_innvilget",
        ),
        Line(
            "innvilget_nytt",
            status,
            "Herav nytt tilsagn i året",
            formula="{innvilget}-{vf_innvilget}",
            calc=lambda g: g("innvilget") - g("vf_innvilget"),
        ),
        Line("utbetalt", status, "Utbetalt", data=data("utbetalt", "omstillingsmidler")),
        Line("regnskap", status, "Regnskap", data=data("regnskap", "omstillingsmidler")),
        Line("brukt", status, "Brukt (regnskap, ellers utbetalt)", data=data("brukt", "omstillingsmidler")),
        Line("tilskudd_f", omst, "Fylkeskommunens tilskudd", data=data("tilskudd", "fylkeskommune")),
        Line("tilskudd_k", omst, "Kommunens egenandel", data=data("tilskudd", "kommune")),
        Line(
            "omst_i_alt",
            omst,
            "Omstillingsmidler i alt",
            formula="{tilskudd_f}+{tilskudd_k}",
            calc=lambda g: g("tilskudd_f") + g("tilskudd_k"),
        ),
        Line(
            "fylkesandel",
            omst,
            "Fylkeskommunens andel",
            FMT_PERCENT,
            total="same",
            formula=_ratio("tilskudd_f", "omst_i_alt")[0],
            calc=_ratio("tilskudd_f", "omst_i_alt")[1],
        ),
        Line("overfort", omst, "Overført fra fjoråret", data=data("overfort", "omstillingsmidler"), total="none"),
        Line(
            "disponibelt",
            omst,
            "Disponibelt",
            formula="{omst_i_alt}+{overfort}",
            total="none",
            calc=lambda g: g("omst_i_alt") + g("overfort"),
        ),
        Line(
            "ubrukt",
            omst,
            "Ubrukt (disponibelt minus brukt)",
            formula="{disponibelt}-{brukt}",
            total="none",
            calc=lambda g: g("disponibelt") - g("brukt"),
        ),
        Line("ramme_f", frame, "Ramme fylkeskommune", data=ramme_f, years="all"),
        Line("ramme_k", frame, "Ramme kommune", data=ramme_k, years="all"),
        Line(
            "ramme",
            frame,
            "Ramme i alt",
            formula="{ramme_f}+{ramme_k}",
            years="all",
            calc=lambda g: g("ramme_f") + g("ramme_k"),
        ),
        Line("cum_omst", cum, "Omstillingsmidler i alt, kumulativt", running="omst_i_alt", total="none"),
        Line("cum_ramme", cum, "Ramme i alt, kumulativt", running="ramme", years="all", total="none"),
        Line(
            "cum_andel",
            cum,
            "Andel av rammen tilført, kumulativt",
            FMT_PERCENT,
            total="none",
            formula=_ratio("cum_omst", "cum_ramme")[0],
            calc=_ratio("cum_omst", "cum_ramme")[1],
        ),
        Line(
            "cum_innvilget",
            cum,
            "Innvilget, kumulativt (hvert tilsagn én gang)",
            running="innvilget_nytt",
            total="none",
        ),
        Line("cum_utbetalt", cum, "Utbetalt, kumulativt", running="utbetalt", total="none"),
        Line("cum_regnskap", cum, "Regnskap, kumulativt", running="regnskap", total="none"),
        Line("vf_budsjett", carried, "Budsjett videreført", data=data("videreført", "i alt")),
        *(Line(f"vf_{s}", carried, f"{SOURCE_LABELS[s]} videreført", data=data("videreført", s)) for s in SOURCES),
        Line(
            "vf_innvilget", carried, "Åpent tilsagn videreført", data=data("innvilget_videreført", "omstillingsmidler")
        ),
    ]
    for i, name in enumerate(dict.fromkeys(ind["indikator"])):
        rows = ind[ind["indikator"] == name]
        level = rows["serie"].iloc[0] != S.FLOW  # how it adds up: frames.indicator_frame, from the core
        values = [v for c in ("maal", "resultat") for v in rows[c] if v == v]
        fmt = FMT_INT if all(float(v).is_integer() for v in values) else FMT_DEC
        for col, what in (("maal", "mål"), ("resultat", "resultat")):
            vals = {int(y): float(v) for y, v in zip(rows["year"], rows[col]) if v == v}
            lines.append(
                Line(
                    f"ind{i}_{col}",
                    "Mål og resultater",
                    f"{name}: {what}",
                    fmt,
                    data=vals,
                    years="all",
                    total="none" if level else "sum",
                )
            )
    return lines, years, plan_years


def _evaluate(lines: list[Line], years: list[int], plan_years: list[int]) -> None:
    """Fill ``Line.values`` per year and for the Sum column, as the formulas will compute them."""
    by_key = {ln.key: ln for ln in lines}

    def active(ln: Line, y: int) -> bool:
        """Does the line have a value in year ``y``? (Running totals follow the line they add up.)"""
        if ln.running:
            return active(by_key[ln.running], y)
        return ln.years == "all" or y in plan_years

    for ln in sorted(lines, key=lambda ln: ln.data is None):  # inputs first: formulas may refer to later lines
        for y in years:
            if not active(ln, y):
                continue
            get = lambda k, y=y: by_key[k].values.get(y) or 0.0  # noqa: E731
            if ln.data is not None:
                ln.values[y] = ln.data.get(y)
            elif ln.running:
                src = by_key[ln.running]
                ln.values[y] = sum(src.values.get(x) or 0.0 for x in years if x <= y and active(src, x))
            else:
                assert ln.calc is not None
                ln.values[y] = ln.calc(get)
    for ln in lines:
        if ln.total == "sum":
            present = [v for k, v in ln.values.items() if k != "sum" and v is not None]
            ln.values["sum"] = sum(present) if present else None
    for ln in lines:  # each krone once: what was carried in is counted the year before
        total = ln.values.get("sum")
        if ln.net and total is not None:
            ln.values["sum"] = total - (by_key[ln.net].values.get("sum") or 0.0)
    for ln in lines:
        if ln.total == "same":
            assert ln.calc is not None
            ln.values["sum"] = ln.calc(lambda k: by_key[k].values.get("sum") or 0.0)


def write_overview(
    ws: Worksheet,
    prog: Programme,
    lines: list[Line],
    years: list[int],
    plan_years: list[int],
    table_name: str,
    expected: Expected,
) -> dict[str, int]:
    """The table of one programme's overview; returns the row of each line."""
    _evaluate(lines, years, plan_years)
    headers = ["Gruppe", "Post", *(str(y) for y in years), "Sum"]
    header(ws, headers, [30, 38, *([13] * len(years)), 14])
    rows = {ln.key: FIRST_ROW + i for i, ln in enumerate(lines)}
    ycol = {y: 3 + i for i, y in enumerate(years)}
    sum_col = 3 + len(years)
    by_key = {ln.key: ln for ln in lines}
    first_letter = get_column_letter(3)

    def formula_at(ln: Line, letter: str) -> str:
        assert ln.formula is not None
        return "=" + re.sub(r"\{(\w+)\}", lambda m: f"{letter}{rows[m.group(1)]}", ln.formula)

    for ln in lines:
        r = rows[ln.key]
        set_value(ws.cell(r, 1), ln.group)
        set_value(ws.cell(r, 2), ln.label)
        for y in years:
            if y not in ln.values:
                continue
            c = ws.cell(r, ycol[y])
            letter = get_column_letter(ycol[y])
            c.number_format = ln.fmt
            if ln.data is not None:
                set_value(c, ln.values[y])
            elif ln.running:
                src = by_key[ln.running]
                src_cols = [ycol[x] for x in years if x <= y and x in src.values]
                if src_cols:
                    c.value = f"=SUM(${first_letter}{rows[src.key]}:{letter}{rows[src.key]})"
                else:
                    c.value = 0
                expected[(ws.title, f"{letter}{r}")] = ln.values[y]
            else:
                c.value = formula_at(ln, letter)
                expected[(ws.title, f"{letter}{r}")] = ln.values[y]
        if "sum" in ln.values:
            c = ws.cell(r, sum_col)
            letter = get_column_letter(sum_col)
            c.number_format = ln.fmt
            c.font = BOLD
            if ln.total == "sum":
                span = f"{first_letter}{r}:{get_column_letter(sum_col - 1)}{r}"
                net = f"-{letter}{rows[ln.net]}" if ln.net else ""
                c.value = f'=IF(COUNT({span})=0,"",SUM({span}){net})'
            else:
                c.value = formula_at(ln, letter)
            expected[(ws.title, f"{letter}{r}")] = ln.values["sum"]
    last = FIRST_ROW + len(lines) - 1
    add_table(ws, table_name, len(headers), last)
    finish(ws, "C5")
    return rows


def bar_chart(title: str, y_title: str, *, stacked: bool = False, fmt: str = FMT_AMOUNT) -> BarChart:
    ch = BarChart()
    ch.type = "col"
    ch.title = title
    ch.y_axis.title = y_title
    ch.y_axis.numFmt = fmt
    ch.x_axis.delete = False
    ch.y_axis.delete = False
    ch.height = 8.5
    ch.width = 17
    ch.legend.position = "b"
    if stacked:
        ch.grouping = "stacked"
        ch.overlap = 100
    return chart_fonts(ch)


def series(ws: Worksheet, row: int, first_col: int, last_col: int, title: str) -> Series:
    ref = Reference(ws, min_col=first_col, max_col=last_col, min_row=row, max_row=row)
    return Series(ref, title=title)


def overview_charts(ws: Worksheet, lines: list[Line], rows: dict[str, int], years: list[int], anchor_row: int) -> None:
    """Money per year against the frame; jobs target vs result; financing by source. On a page of their own."""
    ws.row_breaks.append(Break(id=anchor_row - 1))
    first_col, last_col = 3, 2 + len(years)
    cats = Reference(ws, min_col=first_col, max_col=last_col, min_row=HEADER_ROW, max_row=HEADER_ROW)
    labels = {ln.key: ln.label for ln in lines}
    right = get_column_letter(chart_column(ws, 2, 17))

    money = bar_chart("Omstillingsmidler per år", "kroner")
    for key in ("omstillingsmidler", "utbetalt", "regnskap"):
        money.series.append(
            series(
                ws,
                rows[key],
                first_col,
                last_col,
                "Budsjettert på tiltak" if key == "omstillingsmidler" else labels[key],
            )
        )
    money.set_categories(cats)
    frame = LineChart()  # drawn on the bar chart's axes
    frame.x_axis.delete = False
    frame.y_axis.delete = False
    line = series(ws, rows["ramme"], first_col, last_col, labels["ramme"])
    line.smooth = False
    frame.series.append(line)
    money += frame
    ws.add_chart(money, f"B{anchor_row}")

    sources = bar_chart("Finansiering per kilde", "kroner", stacked=True)
    for src in SOURCES:
        sources.series.append(series(ws, rows[src], first_col, last_col, SOURCE_LABELS[src]))
    sources.set_categories(cats)
    ws.add_chart(sources, f"B{anchor_row + 18}")

    wanted = [k for k in rows if k.startswith("ind") and labels[k].split(":")[0] in S.JOB_INDICATORS]
    if wanted:
        jobs = bar_chart("Arbeidsplasser: mål og resultat", "arbeidsplasser", fmt=FMT_INT)
        for k in wanted:
            jobs.series.append(series(ws, rows[k], first_col, last_col, labels[k]))
        jobs.set_categories(cats)
        ws.add_chart(jobs, f"{right}{anchor_row}")
