"""Plans → tidy pandas DataFrames, and the convenience pivots built from them.

The long table has one row per number: ``programme, kommune, kommunenavn, fylke, year, innsatsomrade,
tiltak, tiltak_navn, type, status, source, measure, amount, file``. Measures and their sources:

==============  ========================================================  ==================================
measure         source                                                    from
==============  ========================================================  ==================================
budsjett        ``i alt``                                                 Tiltak: Budsjett (total kostnad)
finansiering    omstillingsmidler, innovasjon_norge, naeringsliv, andre   Tiltak: one column per source
innvilget       omstillingsmidler                                         Tiltak: Innvilget
utbetalt        omstillingsmidler                                         Tiltak: Utbetalt
regnskap        omstillingsmidler                                         Tiltak: Regnskap
brukt           omstillingsmidler                                         regnskap where filled in, else utbetalt
videreført      i alt, omstillingsmidler, innovasjon_norge, naeringsliv,  the remaining budget a tiltak carried in
                andre                                                     from the year before (``programme.ledger``)
innvilget_      omstillingsmidler                                         the open tilsagn a tiltak carried in
videreført
tilskudd        fylkeskommune, kommune                                    Finansiering: tilskudd, egenandel
overfort        omstillingsmidler                                         Finansiering: Overført fra fjoråret
ramme           fylkeskommune, kommune                                    Finansiering: ramme per år (latest
                                                                          workbook of the programme)
==============  ========================================================  ==================================

Summed over years, the stated measures count what a tiltak carried in once per year; subtract ``videreført``
(and ``innvilget_videreført``) to count each krone once — ``per_tiltak`` and ``programme_summary`` do.
Tiltak-level rows have ``innsatsomrade``/``tiltak`` set; programme-level rows (tilskudd, overfort, ramme) have
them empty. ``year`` is the handlingsplan's year (for ramme: the ramme row's year). Only one workbook per
year and programme is used (see ``grouping.Programme.chain``). pandas is imported here and only here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .. import schema as S
from ..programme import Programme, year_of
from ..programme.ledger import spent
from ..totals import SOURCES

LONG_COLUMNS = (
    "programme",
    "kommune",
    "kommunenavn",
    "fylke",
    "year",
    "innsatsomrade",
    "tiltak",
    "tiltak_navn",
    "type",
    "status",
    "source",
    "measure",
    "amount",
    "file",
)
TILTAK_MEASURES = ("budsjett", "innvilget", "utbetalt", "regnskap")


def is_level_indicator(name: str, kind: object = None) -> bool:
    """Indicators whose values are not summed over years (levels, shares, distinct counts): ``schema.indicator``."""
    return not S.indicator(name, kind).summed


def long_rows(programmes: Sequence[Programme]) -> list[tuple[Any, ...]]:
    """The tidy rows, as plain tuples in ``LONG_COLUMNS`` order (pure Python)."""
    rows: list[tuple[Any, ...]] = []
    for prog in programmes:
        head = (prog.programnavn, prog.kommunenummer, prog.kommune, prog.fylke)
        ledger = prog.ledger.rows
        for plan in prog.chain:
            year = year_of(plan)
            file = plan.source
            for ty in (r for r in ledger if r.plan is plan):
                t = ty.row
                tid = str(t.get("id") if t.get("id") is not None else f"rad {t.row}")
                base = (
                    *head,
                    year,
                    t.get("innsatsomrade") or "",
                    tid,
                    t.get("navn") or "",
                    t.get("type") or "",
                    t.get("status") or "",
                )
                rows.append((*base, "i alt", "budsjett", t.amount("budsjett"), file))
                for src in SOURCES:
                    rows.append((*base, src, "finansiering", t.amount(src), file))
                for m in ("innvilget", "utbetalt", "regnskap"):
                    rows.append((*base, "omstillingsmidler", m, t.amount(m), file))
                rows.append((*base, "omstillingsmidler", "brukt", spent(t), file))
                # what the row carried in from the year before (counted there already; see programme.ledger)
                rows.append((*base, "i alt", "videreført", ty.carried_budsjett, file))
                for src in SOURCES:
                    rows.append((*base, src, "videreført", ty.carried_sources.get(src, 0.0), file))
                rows.append((*base, "omstillingsmidler", "innvilget_videreført", ty.innvilget - ty.granted, file))
            fin = plan.finansiering
            base = (*head, year, "", "", "", "", "")
            rows.append((*base, "fylkeskommune", "tilskudd", fin.amount("fylkeskommunens_tilskudd"), file))
            rows.append((*base, "kommune", "tilskudd", fin.amount("kommunens_egenandel"), file))
            rows.append((*base, "omstillingsmidler", "overfort", fin.amount("overfort"), file))
        if prog.chain:
            latest = prog.latest
            for r in latest.ramme:
                y = r.get("aar")
                if not isinstance(y, int):
                    continue
                base = (*head, y, "", "", "", "", "")
                rows.append((*base, "fylkeskommune", "ramme", r.amount("fylkeskommune"), latest.source))
                rows.append((*base, "kommune", "ramme", r.amount("kommune"), latest.source))
    return rows


def long_frame(programmes: Sequence[Programme]) -> pd.DataFrame:
    df = pd.DataFrame(long_rows(programmes), columns=list(LONG_COLUMNS))
    df["year"] = df["year"].astype("int64")
    df["amount"] = df["amount"].astype("float64")
    return df


def indicator_frame(programmes: Sequence[Programme]) -> pd.DataFrame:
    """Targets and results per programme, indicator and year: the latest workbook that gives a value wins.

    Columns: programme, kommune, indikator, year, maal, resultat, serie (``schema`` kind: «årlig», «nivå» or «antall ulike»),
    maal_kumulativt, resultat_kumulativt (running sums for yearly indicators; empty for levels), utgangsverdi,
    utgangsaar, maal_perioden (the indicator's baseline and period target, ``programme.indicators.goals``), file.
    """
    from ..programme.indicators import declarations, declared, goal, goals

    records: list[dict[str, Any]] = []
    for prog in programmes:
        table = declarations(prog.chain)
        targets = goals(prog.chain)
        merged: dict[tuple[str, int], dict[str, Any]] = {}
        order: list[str] = []
        for plan in prog.chain:
            for r in plan.indikatorer:
                name, year = r.get("indikator"), r.get("aar")
                if not name or not isinstance(year, int):
                    continue
                name = str(name).strip()
                if name not in order:
                    order.append(name)
                entry = merged.setdefault(
                    (name, year), {"maal": None, "resultat": None, "file_maal": plan.source, "file_resultat": None}
                )
                for k in ("maal", "resultat"):
                    v = r.get(k)
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        entry[k] = float(v)
                        entry[f"file_{k}"] = plan.source
        for name in order:
            kind = declared(table, name)
            target = goal(targets, name)
            level = not kind.summed
            cum_m = cum_r = 0.0
            any_m = any_r = False
            for year in sorted(y for (n, y) in merged if n == name):
                e = merged[(name, year)]
                if e["maal"] is not None:
                    cum_m += e["maal"]
                    any_m = True
                if e["resultat"] is not None:
                    cum_r += e["resultat"]
                    any_r = True
                records.append(
                    {
                        "programme": prog.programnavn,
                        "kommune": prog.kommunenummer,
                        "indikator": name,
                        "year": year,
                        "maal": e["maal"],
                        "resultat": e["resultat"],
                        "serie": kind.kind,
                        "maal_kumulativt": None if level or not any_m else cum_m,
                        "resultat_kumulativt": None if level or not any_r else cum_r,
                        "utgangsverdi": target.utgangsverdi,
                        "utgangsaar": target.utgangsaar,
                        "maal_perioden": target.maal_perioden,
                        "file": e["file_resultat"] or e["file_maal"],
                    }
                )
    cols = [
        "programme",
        "kommune",
        "indikator",
        "year",
        "maal",
        "resultat",
        "serie",
        "maal_kumulativt",
        "resultat_kumulativt",
        "utgangsverdi",
        "utgangsaar",
        "maal_perioden",
        "file",
    ]
    df = pd.DataFrame(records, columns=cols)
    for c in (
        "maal",
        "resultat",
        "maal_kumulativt",
        "resultat_kumulativt",
        "utgangsverdi",
        "utgangsaar",
        "maal_perioden",
    ):
        df[c] = df[c].astype("float64")
    df["year"] = df["year"].astype("int64")
    return df


# --- Pivots --------------------------------------------------------------------------------------------


def pivot_years(long: pd.DataFrame) -> pd.DataFrame:
    """(programme, kommune, measure, source) × year, summed; NaN where a year has no workbook."""
    return long.pivot_table(
        index=["programme", "kommune", "measure", "source"], columns="year", values="amount", aggfunc="sum", sort=True
    )


def per_source(long: pd.DataFrame) -> pd.DataFrame:
    """Financing by source: (programme, kommune, source) × year, with the sources in the template's order."""
    fin = long[long["measure"] == "finansiering"]
    table = fin.pivot_table(index=["programme", "kommune", "source"], columns="year", values="amount", aggfunc="sum")
    order = {s: i for i, s in enumerate(SOURCES)}
    return table.sort_index(key=lambda idx: idx.map(order) if idx.name == "source" else idx)


CARRIED_COLUMNS = ("videreført_i alt", *(f"videreført_{s}" for s in SOURCES), "innvilget_videreført")
COUNTED_ONCE = {
    "budsjett": "videreført_i alt",
    **{s: f"videreført_{s}" for s in SOURCES},
    "innvilget": "innvilget_videreført",
}


def per_tiltak_year(long: pd.DataFrame) -> pd.DataFrame:
    """One row per programme, year and tiltak; the measures as columns (budsjett, the four sources,
    innvilget, utbetalt, regnskap, brukt) as the year's workbook states them, and what the row carried in
    from the year before (``videreført_<source>``, ``videreført_i alt``, ``innvilget_videreført``)."""
    t = long[long["tiltak"] != ""].copy()
    t["column"] = t["measure"].where(t["measure"] != "finansiering", t["source"])
    carried = t["measure"] == "videreført"
    t.loc[carried, "column"] = "videreført_" + t.loc[carried, "source"]
    keys = ["programme", "kommune", "year", "tiltak"]
    wide = t.pivot_table(index=keys, columns="column", values="amount", aggfunc="sum", sort=False)
    attrs = t.drop_duplicates(keys).set_index(keys)[["innsatsomrade", "tiltak_navn", "type", "status", "file"]]
    cols = [
        "budsjett",
        *SOURCES,
        "innvilget",
        "utbetalt",
        "regnskap",
        "brukt",
        *CARRIED_COLUMNS,
    ]
    out = attrs.join(wide[cols]).reset_index()
    order = {k: i for i, k in enumerate(dict.fromkeys(zip(out["programme"], out["kommune"])))}
    out["_p"] = [order[k] for k in zip(out["programme"], out["kommune"])]
    out = out.sort_values(["_p", "year"], kind="stable").drop(columns="_p")
    return out.reset_index(drop=True)


def per_tiltak(long: pd.DataFrame, ty: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per programme and tiltak ID across the years: the latest name, innsatsområde, type and status,
    first and last year, omstillingsmidler per year as each year states it (integer column names), what of
    that was carried in from an earlier year (``omstillingsmidler_videreført``), and each measure over the
    years with each krone once (budsjett, sources and innvilget net of what was carried in). ``ty``: the
    ``per_tiltak_year`` frame of ``long`` when it is at hand."""
    if ty is None:
        ty = per_tiltak_year(long)
    keys = ["programme", "kommune", "tiltak"]
    latest = ty.groupby(keys, sort=False).last()[["innsatsomrade", "tiltak_navn", "type", "status"]]
    span = ty.groupby(keys, sort=False)["year"].agg(first_year="min", last_year="max")
    by_year = ty.pivot_table(index=keys, columns="year", values="omstillingsmidler", aggfunc="sum", sort=False)
    measures = ["budsjett", *SOURCES, "innvilget", "utbetalt", "regnskap", "brukt"]
    sums = ty.groupby(keys, sort=False)[[*measures, *CARRIED_COLUMNS]].sum()
    for measure, carried in COUNTED_ONCE.items():  # each krone once: what was carried in is counted the year before
        sums[measure] = sums[measure] - sums[carried]
    sums = sums.rename(columns={"videreført_omstillingsmidler": "omstillingsmidler_videreført"})
    sums = sums[[*measures, "omstillingsmidler_videreført"]]
    out = latest.join(span).join(by_year).join(sums).reset_index()
    order = {k: i for i, k in enumerate(dict.fromkeys(zip(out["programme"], out["kommune"])))}
    out["_p"] = [order[k] for k in zip(out["programme"], out["kommune"])]
    out["_t"] = [natural_key(t) for t in out["tiltak"]]
    out = out.sort_values(["_p", "_t"], kind="stable").drop(columns=["_p", "_t"])
    return out.reset_index(drop=True)


def natural_key(text: str) -> tuple[Any, ...]:
    """«T1.10» after «T1.9»: digits compared as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.findall(r"\d+|\D+", str(text))
    )


def programme_summary(long: pd.DataFrame, indicators: pd.DataFrame, programmes: Sequence[Programme]) -> pd.DataFrame:
    """One row per programme (the fylke overview): period, years given, frame and the money summed over years,
    and the job targets and results."""
    money = long.groupby(["programme", "kommune", "measure", "source"])["amount"].sum()
    by_measure = money.groupby(level=["programme", "kommune", "measure"]).sum()
    jobs = indicators[indicators["indikator"].isin(S.JOB_INDICATORS)]
    job_sums = jobs.groupby(["programme", "kommune"])[["maal", "resultat"]].sum(min_count=1)
    rows = []
    for prog in programmes:
        key = (prog.programnavn, prog.kommunenummer)

        def total(measure: str, source: str | None = None, key: tuple = key) -> float:
            if source is None:
                return float(by_measure.get((*key, measure), 0.0))
            return float(money.get((*key, measure, source), 0.0))

        def once(measure: str, source: str, carried: str = "videreført") -> float:
            """Summed over the years with each krone once (``programme.ledger``)."""
            stated = total(measure) if source == "i alt" else total(measure, source)
            return stated - total(carried, source)

        js = job_sums.loc[key] if key in job_sums.index else None
        latest = prog.latest.program
        rows.append(
            {
                "programme": prog.programnavn,
                "kommune": prog.kommunenummer,
                "kommunenavn": prog.kommune,
                "fylke": prog.fylke,
                "status_fra": latest.get("status_fra"),
                "status_til": latest.get("status_til"),
                "first_year": min(prog.years) if prog.years else None,
                "last_year": max(prog.years) if prog.years else None,
                "workbooks": len(prog.chain),
                "ramme": total("ramme"),
                "tilskudd_fylkeskommune": total("tilskudd", "fylkeskommune"),
                "tilskudd_kommune": total("tilskudd", "kommune"),
                "budsjett": once("budsjett", "i alt"),
                "omstillingsmidler": once("finansiering", "omstillingsmidler"),
                "innvilget": once("innvilget", "omstillingsmidler", "innvilget_videreført"),
                "utbetalt": total("utbetalt"),
                "regnskap": total("regnskap"),
                "brukt": total("brukt"),
                "arbeidsplasser_maal": float(js["maal"]) if js is not None else float("nan"),
                "arbeidsplasser_resultat": float(js["resultat"]) if js is not None else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def tiltak_types(long: pd.DataFrame) -> pd.Series:
    """Omstillingsmidler on administrasjon/drift per (programme, kommune, year)."""
    sel = long[
        (long["measure"] == "finansiering") & (long["source"] == "omstillingsmidler") & (long["type"] == S.TYPE_ADMIN)
    ]
    return sel.groupby(["programme", "kommune", "year"])["amount"].sum()
