"""Next year's handlingsplan from this year's: the yearly chore as one pure function.

``next_year_data(plan, aar)`` returns the plain data ``workbook.build.write_workbook`` takes:

- the programme data (the Program sheet) with the new year as handlingsplanens år;
- the innsatsområder, the ramme per year and every indicator row (targets and results so far), plus an
  empty row for the new year for each indicator that has none;
- administrasjon/drift again with this year's omstillingsmidler (a yearly running cost);
- every unfinished tiltak (status other than «avsluttet»/«avslått») with its *remaining* budget: the
  omstillingsmidler not yet spent, the other sources scaled by the same share, and the open tilsagn
  (innvilget minus spent) as innvilget; finished tiltak are left out;
- the tilsagn register: every open tilsagn (status innvilget, pågår or empty) with its payments; closed ones are
  left out; other givers' de minimis aid granted in the three years before the new year;
- a workbook made by the previous layout (without the register) comes out in the current one (upgraded);
- fylkeskommunens tilskudd and kommunens egenandel from the ramme row for the new year (this year's amounts
  when the ramme has no such row), and the computed *overført fra fjoråret*.

«Spent» for a tiltak is its regnskap where regnskap is filled in, otherwise its utbetalt. «Unspent» for the
year is disponibelt (omstillingsmidler i alt + overført) minus what the tiltak spent. These definitions live in
``programme.ledger``, which every cumulative figure uses to count a carried tilsagn once; the cross-year rule
OX-X009 (overført fra fjoråret) uses the same.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from . import schema as S
from .errors import InputError, OutsidePeriodError
from .fmt import kr
from .i18n import translator
from .model import Handlingsplan, Record
from .programme.ledger import (
    basis_text,
    continues,
    is_reported,
    open_tilsagn,
    remaining_sources,
    spent,
    spent_total,
    unspent,
)
from .totals import SOURCES, plan_totals

_ = translator("core")

__all__ = ["Carried", "next_year_data", "spent", "spent_total", "unspent", "is_reported", "basis_text"]


@dataclass(frozen=True)
class Carried:
    """What ``next_year_data`` did, for the command's summary."""

    aar: int
    from_year: int
    tiltak_carried: int
    tiltak_dropped: int
    remaining: float  # omstillingsmidler left on the carried tiltak
    overfort: float
    disponibelt: float
    spent: float
    basis: str
    reported: bool
    tilsagn_carried: int = 0  # open tilsagn carried in the register (with their payments)
    tilsagn_dropped: int = 0
    upgraded_from: int | None = None  # the source's layout version when older than the current one


def _remaining_tiltak(t: Record, from_year: int) -> dict[str, Any]:
    omst = t.amount("omstillingsmidler")
    remaining = max(0.0, omst - spent(t))
    row: dict[str, Any] = {
        c.key: t.get(c.key)
        for c in S.TILTAK.table.input_columns  # type: ignore[union-attr]
        if c.key not in ("budsjett", *SOURCES, "innvilget", "utbetalt", "regnskap", "kommentar")
    }
    sources = remaining_sources(t)
    row.update({k: v for k, v in sources.items() if v or k == "omstillingsmidler"})
    row["budsjett"] = sum(sources.values())
    if t.get("innvilget") is not None:
        carried = open_tilsagn(t)
        if carried:
            row["innvilget"] = round(carried)
    note = _("Videreført fra {year}: {left} av {total} i omstillingsmidler gjenstår.").format(
        year=from_year, left=kr(remaining), total=kr(omst)
    )
    old = t.get("kommentar")
    row["kommentar"] = f"{note} {old}" if old else note
    return {k: v for k, v in row.items() if v is not None}


def _admin_tiltak(t: Record) -> dict[str, Any]:
    row: dict[str, Any] = {
        c.key: t.get(c.key)
        for c in S.TILTAK.table.input_columns  # type: ignore[union-attr]
        if c.key not in ("innvilget", "utbetalt", "regnskap", "kommentar", "status")
    }
    row["status"] = "planlagt"
    return {k: v for k, v in row.items() if v is not None}


def _indicator_rows(plan: Handlingsplan, aar: int) -> list[dict[str, Any]]:
    cols = [c.key for c in S.MAAL.table.input_columns]  # type: ignore[union-attr]
    rows = [{k: r.get(k) for k in cols if r.get(k) is not None} for r in plan.indikatorer]
    names: list[str] = []
    for r in rows:
        if r.get("indikator") and r["indikator"] not in names:
            names.append(r["indikator"])
    for name in names:
        if any(r.get("indikator") == name and r.get("aar") == aar for r in rows):
            continue
        last = max(i for i, r in enumerate(rows) if r.get("indikator") == name)
        rows.insert(last + 1, {"indikator": name, "aar": aar})
    return rows


def next_year_data(
    plan: Handlingsplan, aar: int | None = None, *, status_til: int | None = None
) -> tuple[dict[str, Any], Carried]:
    """Plain data for next year's workbook, and a summary of what was carried over.

    Raises ``InputError`` (Norwegian, naming the cell) when the plan has no year, when ``aar`` is not the
    year after it, and ``OutsidePeriodError`` when ``aar`` is outside the status period (extend it with
    ``status_til``).
    """
    from_year = plan.aar
    where = plan.program.address("planaar")
    if not isinstance(from_year, int):
        raise InputError(
            _("Handlingsplanens år mangler ({where}), så neste år kan ikke regnes ut.").format(where=where), plan.source
        )
    aar = from_year + 1 if aar is None else aar
    if aar != from_year + 1:
        raise InputError(
            _(
                "Arbeidsboka gjelder {year} ({where}), så neste års arbeidsbok må gjelde {next}, ikke {asked}. "
                "Overført beløp regnes fra året rett før."
            ).format(year=from_year, where=where, next=from_year + 1, asked=aar),
            plan.source,
        )
    data = copy.deepcopy(plan.to_data())
    fields = data.setdefault(S.PROGRAM.name, {}).setdefault("fields", {})
    fields["planaar"] = aar
    if status_til is not None:
        fields["status_til"] = status_til
    til = fields.get("status_til")
    if isinstance(til, int) and aar > til:
        raise OutsidePeriodError(
            _(
                "{year} er etter statusperioden, som slutter i {end} ({where}). Er statusen forlenget, oppgi det "
                "nye sluttåret."
            ).format(year=aar, end=til, where=plan.program.address("status_til")),
            plan.source,
        )

    tiltak_rows: list[dict[str, Any]] = []
    carried = dropped = 0
    remaining = 0.0
    for t in plan.tiltak:
        if t.get("type") == S.TYPE_ADMIN:
            tiltak_rows.append(_admin_tiltak(t))
        elif not continues(t):
            dropped += 1
        else:
            row = _remaining_tiltak(t, from_year)
            tiltak_rows.append(row)
            remaining += row.get("omstillingsmidler", 0)
            carried += 1
    data[S.TILTAK.name] = {"rows": tiltak_rows}

    fin_fields = data.setdefault(S.FINANSIERING.name, {}).setdefault("fields", {})
    frame = next((r for r in plan.ramme if r.get("aar") == aar), None)
    if frame is not None:
        for field_key, frame_key in (("fylkeskommunens_tilskudd", "fylkeskommune"), ("kommunens_egenandel", "kommune")):
            if frame.get(frame_key) is not None:
                fin_fields[field_key] = frame.get(frame_key)
    left = unspent(plan)
    fin_fields["overfort"] = max(0, round(left))
    data[S.MAAL.name] = {"rows": _indicator_rows(plan, aar)}
    open_rows, closed = _register_rows(plan, data, aar)
    summary = Carried(
        aar=aar,
        from_year=from_year,
        tiltak_carried=carried,
        tiltak_dropped=dropped,
        remaining=remaining,
        overfort=fin_fields["overfort"],
        disponibelt=plan_totals(plan).disponibelt,
        spent=spent_total(plan),
        basis=basis_text(plan),
        reported=is_reported(plan),
        tilsagn_carried=open_rows,
        tilsagn_dropped=closed,
        upgraded_from=plan.layout_version if plan.layout_version < S.SCHEMA_VERSION else None,
    )
    return data, summary


def _register_rows(plan: Handlingsplan, data: dict[str, Any], aar: int) -> tuple[int, int]:
    """Carry the open tilsagn and their payments, and other givers' aid still inside a three-year window."""
    import datetime as dt

    def keep(t: Record) -> bool:
        return t.get("status") is None or t.get("status") in S.TILSAGN_APEN

    def plain(sheet: S.Sheet, rows: tuple[Record, ...]) -> list[dict[str, Any]]:
        cols = sheet.table.input_columns  # type: ignore[union-attr]
        return [{c.key: r.get(c.key) for c in cols if r.get(c.key) is not None} for r in rows]

    kept = tuple(t for t in plan.tilsagn if keep(t))
    numbers = {str(t.get("tilsagnsnummer")).strip().casefold() for t in kept}
    paid = tuple(u for u in plan.utbetalinger if str(u.get("tilsagnsnummer")).strip().casefold() in numbers)
    since = dt.date(aar - 3, 1, 1)
    other = tuple(a for a in plan.annen_stotte if not isinstance(a.get("dato"), dt.date) or a.get("dato") >= since)
    for sheet, rows in ((S.TILSAGN, kept), (S.UTBETALINGER, paid), (S.ANNEN_STOTTE, other)):
        if rows:
            data[sheet.name] = {"rows": plain(sheet, rows)}
        else:
            data.pop(sheet.name, None)
    return len(kept), len(plan.tilsagn) - len(kept)
