"""Faktagrunnlag for sluttevalueringen over the whole status period: what Innovasjon Norge's outline asks for
(«samlet ressursbruk», «regnskapsanalyse», «kvantitative mål», the portfolio) from the programme's workbooks,
and, with SSB's tables, population and employment against the kommune's own pre-programme trend and the county.
Pure: a programme of the core (and parsed SSB tables) in, a context out. Every sum over years is the ledger's
(each carried tilsagn and budget counted once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import schema as S
from ..errors import InputError
from ..i18n import N_, translator
from ..programme import LoadedFile, Programme
from ..report.context import placeholder
from ..totals import SOURCES
from .docx import checked as _checked
from .soknad import SOURCE_LABELS
from .ssb import SsbTable, trend_line

_ = translator("documents")

SMALL_PROJECT_KR = 250_000  # «små prosjekter»: under this in omstillingsmidler over the period
SIZE_BANDS: tuple[tuple[str, float, float], ...] = (
    (N_("under 100 000 kr"), 0, 100_000),
    (N_("100 000–249 999 kr"), 100_000, 250_000),
    (N_("250 000–499 999 kr"), 250_000, 500_000),
    (N_("500 000–999 999 kr"), 500_000, 1_000_000),
    (N_("1 mill. kr og mer"), 1_000_000, float("inf")),
)  # the labels are shown through the catalogue (write_slutt)
# The rows of «brukt per innsatsområde» that are no innsatsområde (shown through the catalogue too).
ADMIN_ROW = N_("Administrasjon/drift")
NO_IO_ROW = N_("Uten innsatsområde")
TREND_YEARS = 5


def _resources(prog: Programme) -> dict[str, Any]:
    ledger = prog.ledger
    years = [y.year for y in ledger.years]
    per_year = [
        {
            "aar": y.year,
            "fylkeskommune": y.fylkeskommune,
            "kommune": y.kommune,
            "tilfort": y.tilfort,
            "fordelt": y.fordelt_nytt,
            "innvilget": y.innvilget_nytt,
            "brukt": y.brukt,
        }
        for y in ledger.years
    ]
    sources = {k: {y: 0.0 for y in years} for k in SOURCES}
    io_names = {str(io.get("id")): str(io.get("navn") or "") for p in prog.chain for io in p.innsatsomrader}
    by_io: dict[str, dict[int, float]] = {}
    for r in ledger.rows:
        for k, v in r.new_sources.items():
            sources[k][r.year] += v
        key = ADMIN_ROW if r.row.get("type") == S.TYPE_ADMIN else str(r.row.get("innsatsomrade") or NO_IO_ROW)
        by_io.setdefault(key, {y: 0.0 for y in years})[r.year] += r.brukt
    return {
        "years": years,
        "per_year": per_year,
        "sum": {
            k: float(sum(row[k] for row in per_year))
            for k in ("fylkeskommune", "kommune", "tilfort", "fordelt", "innvilget", "brukt")
        },
        "sources": [
            {"kilde": SOURCE_LABELS[k], "per_year": v, "sum": float(sum(v.values()))} for k, v in sources.items()
        ],
        "by_io": [
            {"id": k, "navn": io_names.get(k, ""), "per_year": v, "sum": float(sum(v.values()))}
            for k, v in sorted(by_io.items(), key=lambda kv: (kv[0].startswith(("Adm", "Uten")), kv[0]))
        ],
    }


def _accounts(prog: Programme) -> list[dict[str, Any]]:
    out = []
    for y in prog.ledger.years:
        out.append(
            {
                "aar": y.year,
                "disponibelt": y.disponibelt,
                "budsjett": y.fordelt,
                "brukt": y.brukt,
                "avvik": y.brukt - y.fordelt,
                "andel": y.brukt / y.fordelt if y.fordelt else None,
                "ubrukt": y.unspent,
            }
        )
    return out


def _portfolio(prog: Programme) -> dict[str, Any]:
    per_tiltak: dict[str, dict[str, Any]] = {}
    for r in prog.ledger.rows:
        if r.row.get("type") == S.TYPE_ADMIN:
            continue
        entry = per_tiltak.setdefault(
            r.key, {"navn": str(r.row.get("navn") or ""), "omst": 0.0, "type": r.row.get("type")}
        )
        entry["omst"] += r.new_sources.get("omstillingsmidler", 0.0)
    sizes = [e["omst"] for e in per_tiltak.values()]
    bands = [{"band": label, "antall": sum(1 for s in sizes if lo <= s < hi)} for label, lo, hi in SIZE_BANDS]
    small = sum(1 for s in sizes if s < SMALL_PROJECT_KR)
    return {
        "antall": len(sizes),
        "bedriftsrettede": sum(1 for e in per_tiltak.values() if e["type"] == S.TYPE_BEDRIFTSRETTET),
        "storrelse": bands,
        "smaa": small,
        "andel_smaa": small / len(sizes) if sizes else None,
        "grense_smaa": SMALL_PROJECT_KR,
        "sum": float(sum(sizes)),
        "snitt": sum(sizes) / len(sizes) if sizes else None,
    }


def _context_series(table: SsbTable | None, knr: str, fra: int, til: int) -> dict[str, Any] | None:
    if table is None:
        return None
    own = table.series(knr)
    if not own:
        raise InputError(_("SSB-fila har ingen tall for kommune {knr}.").format(knr=knr), table.source)
    county = table.county(knr)
    line = trend_line(own, fra, TREND_YEARS)
    base_year = fra - 1
    rows: list[dict[str, Any]] = []
    for y in sorted(own):
        if y < fra - TREND_YEARS:
            continue
        trend = line[0] + line[1] * y if line else None
        rows.append(
            {
                "aar": y,
                "kommune": own[y],
                "trend": trend,
                "avvik": own[y] - trend if trend is not None and y >= fra else None,
                "indeks": own[y] / own[base_year] * 100 if own.get(base_year) else None,
                "fylke_indeks": county[y] / county[base_year] * 100 if county.get(base_year) and y in county else None,
            }
        )
    last = max((r for r in rows if r["aar"] <= til), key=lambda r: r["aar"], default=None)
    return {
        "tittel": table.title,
        "kilde": table.source,
        "basisaar": base_year,
        "trendaar": f"{fra - TREND_YEARS}–{fra - 1}",
        "har_trend": line is not None,
        "rader": rows,
        "siste": last,
    }


def final_context(
    prog: Programme,
    *,
    befolkning: SsbTable | None = None,
    sysselsetting: SsbTable | None = None,
    files: Sequence[LoadedFile] = (),
) -> dict[str, Any]:
    from ..report.context import _maal

    if not prog.chain:
        raise InputError(_("Programmet har ingen arbeidsbøker med år."))
    latest = prog.latest.program
    fra = latest.get("status_fra") if isinstance(latest.get("status_fra"), int) else prog.years[0]
    til = latest.get("status_til") if isinstance(latest.get("status_til"), int) else prog.years[-1]
    last = prog.years[-1]
    knr = prog.kommunenummer
    return {
        "programnavn": prog.programnavn,
        "kommune": prog.kommune,
        "kommunenummer": knr,
        "fylke": prog.fylke,
        "fra": fra,
        "til": til,
        "aar": list(prog.years),
        "mangler": [y for y in range(fra, til + 1) if y not in prog.years],
        "ressurser": _resources(prog),
        "regnskap": _accounts(prog),
        "maal": _maal(prog.latest, list(prog.chain), last, fra)["indikatorer"],
        "portefolje": _portfolio(prog),
        "befolkning": _context_series(befolkning, knr, fra, til),
        "sysselsetting": _context_series(sysselsetting, knr, fra, til),
        "tekst": {
            "innledning": placeholder(_("innledning og sammendrag for evaluator: programmets historie og hovedfunn")),
            "vurdering": placeholder(
                _("vurdering av utviklingsevne og overgangen til en varig utviklingsorganisasjon")
            ),
        },
        "kilder": [(f.path, f.sha256, _checked(f)) for f in files if f.plan in prog.chain],
    }
