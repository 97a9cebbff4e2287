"""Programstatusvurdering (PSV): the scores of the «Programstatusvurdering» sheet over the years, and the fact
base the participants score from. Pure: a programme of the core in, plain data out.

The scores of a year are taken from the newest workbook that holds that year's rows (a later workbook may
carry the earlier assessments for the trend). The fact base is the programme's own numbers: money to date
from the ledger (each krone once), goals against results (the årsrapport's ``_maal``), and the portfolio.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import schema as S
from ..errors import InputError
from ..i18n import translator
from ..programme import LoadedFile, Programme, year_of
from ..report.context import clean, code_word, placeholder
from .docx import checked as _checked

_ = translator("documents")


def psv_rows(prog: Programme) -> dict[tuple[str, int], dict[str, Any]]:
    """(indikator, year) → {skaar, begrunnelse, forbedring, fil}; newer workbooks win for the same year."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for plan in prog.chain:
        for r in plan.psv:
            ind, aar = r.get("indikator"), r.get("aar")
            if ind is None or not isinstance(aar, int):
                continue
            out[(str(ind), aar)] = {
                "skaar": S.psv_score(r.get("skaar")),
                "skaar_tekst": clean(r.get("skaar")),
                "begrunnelse": clean(r.get("begrunnelse")),
                "forbedring": clean(r.get("forbedring")),
                "fil": plan.source,
            }
    return out


def psv_trend(prog: Programme) -> tuple[list[int], list[dict[str, Any]]]:
    """The years with a PSV, and per main indicator its score per year and the change first → last."""
    rows = psv_rows(prog)
    years = sorted({y for (_, y) in rows})
    known = list(S.PSV_INDIKATORER.values)
    extra = sorted({i for (i, _) in rows if i not in known})
    trend = []
    for ind in [*known, *extra]:
        scores = {y: rows[(ind, y)]["skaar"] for y in years if (ind, y) in rows}
        given = [scores[y] for y in years if scores.get(y) is not None]
        trend.append(
            {
                "indikator": ind,
                "gruppe": "prosess" if ind in S.PSV_PROSESS else "effekt" if ind in S.PSV_EFFEKT else "annen",
                "skaar": scores,
                "endring": given[-1] - given[0] if len(given) > 1 else None,
            }
        )
    return years, trend


def psv_context(prog: Programme, aar: int | None = None, *, files: Sequence[LoadedFile] = ()) -> dict[str, Any]:
    """The PSV report for ``aar`` (default: the newest year with a PSV)."""
    from ..report.context import _maal

    years, trend = psv_trend(prog)
    if not years:
        raise InputError(
            _("Arbeidsbøkene har ingen programstatusvurdering (arket «Programstatusvurdering» er tomt eller mangler).")
        )
    aar = aar if aar is not None else years[-1]
    if aar not in years:
        raise InputError(
            _("Det finnes ingen programstatusvurdering for {year} (vurderinger for: {years}).").format(
                year=aar, years=", ".join(map(str, years))
            )
        )
    rows = psv_rows(prog)
    plan = max((p for p in prog.chain if (year_of(p) or 0) <= aar), key=lambda p: year_of(p) or 0, default=None)
    plan = plan or prog.chain[0]
    holder = next(p for p in reversed(prog.chain) if any(r.get("aar") == aar for r in p.psv))
    mote = holder.psv_mote
    scored = []
    for ind in [t["indikator"] for t in trend]:
        r = rows.get((ind, aar))
        scored.append(
            {
                "indikator": ind,
                "gruppe": next(t["gruppe"] for t in trend if t["indikator"] == ind),
                "skaar": r["skaar"] if r else None,
                "skaar_tekst": r["skaar_tekst"] if r else "",
                "begrunnelse": (
                    r["begrunnelse"]
                    if r and r["begrunnelse"]
                    else placeholder(_("begrunnelse for «{indicator}»").format(indicator=code_word(ind)))
                ),
                "forbedring": r["forbedring"] if r else "",
            }
        )
    given = [s["skaar"] for s in scored if s["skaar"] is not None]
    plan_year = year_of(plan) or aar
    fra = prog.years[0]
    non_admin = [t for t in plan.tiltak if t.get("type") != S.TYPE_ADMIN]
    cumulative = prog.ledger.cumulative(plan_year)
    status: dict[str, int] = {}
    for t in non_admin:
        key = code_word(str(t.get("status") or "")) or _("uten status")
        status[key] = status.get(key, 0) + 1
    file = next((f for f in files if f.plan is holder), None)
    return {
        "aar": aar,
        "programnavn": prog.programnavn,
        "kommune": prog.kommune,
        "kommunenummer": prog.kommunenummer,
        "deltakere": clean(mote.get("deltakere")) or placeholder(_("hvem som deltok i vurderingen")),
        "prosessleder": clean(mote.get("prosessleder")) or placeholder(_("den eksterne prosesslederen")),
        "vurdering": scored,
        "snitt": {
            "alle": sum(given) / len(given) if given else None,
            "prosess": _mean(s["skaar"] for s in scored if s["gruppe"] == "prosess"),
            "effekt": _mean(s["skaar"] for s in scored if s["gruppe"] == "effekt"),
        },
        "aar_med_psv": years,
        "trend": trend,
        "fakta": {
            "aar": plan_year,
            "fra": fra,
            "hittil": cumulative,
            "antall_tiltak": len(non_admin),
            "status": status,
            "maal": _maal(plan, list(prog.chain), plan_year, fra)["indikatorer"],
        },
        "konklusjon": placeholder(_("deltakernes samlede konklusjon og forslag til neste års handlingsplan")),
        "kilde": (file.path if file else holder.source, file.sha256 if file else "", _checked(file)),
    }


def _mean(values: Any) -> float | None:
    got = [v for v in values if v is not None]
    return sum(got) / len(got) if got else None
