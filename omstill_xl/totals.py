"""Every total of a handlingsplan, recomputed from the inputs. Pure functions; cached formula values are
never trusted (design principle 5).

``expected_formula_values`` gives, for every formula cell the template puts in a workbook, the value the
formula must show — the LibreOffice test and the validator's formula checks both compare against it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import schema as S
from .kommuner import lookup
from .model import Handlingsplan, Record

SOURCES = S.SOURCE_KEYS  # the financing sources, declared in schema.py


def _amount(value: object) -> float:
    """``Record.amount`` of a value already taken from the record (the common types first: this runs for every
    amount of every tiltak, several times)."""
    kind = type(value)
    if kind is float:
        return value  # type: ignore[return-value]
    if kind is int:
        return float(value)  # type: ignore[arg-type]
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def sum_finansiering(t: Record) -> float:
    get = t.values.get
    return sum([_amount(get(k)) for k in SOURCES])


def differanse(t: Record) -> float:
    return _amount(t.values.get("budsjett")) - sum_finansiering(t)


@dataclass(frozen=True)
class PlanTotals:
    """The sums of a handlingsplan that rules and reports compare against."""

    budsjett: float
    by_source: dict[str, float]
    innvilget: float
    utbetalt: float
    regnskap: float
    admin_omstillingsmidler: float
    per_innsatsomrade: dict[str, dict[str, float]]  # id → {"budsjett", "omstillingsmidler"}
    omstillingsmidler_i_alt: float  # fylkeskommune + kommune (Finansiering)
    disponibelt: float
    fylkesandel: float  # fylkeskommunens tilskudd / omstillingsmidler i alt

    @property
    def admin_andel(self) -> float:
        """Administrasjon/drift's share of the omstillingsmidler put into tiltak."""
        total = self.by_source["omstillingsmidler"]
        return self.admin_omstillingsmidler / total if total else 0.0


def plan_totals(plan: Handlingsplan) -> PlanTotals:
    tiltak = plan.tiltak
    # each amount column once, summed in the order the tiltak come (the same sums as summing record by record)
    column = {
        k: [_amount(t.values.get(k)) for t in tiltak]
        for k in dict.fromkeys((*SOURCES, "budsjett", "omstillingsmidler", "innvilget", "utbetalt", "regnskap"))
    }
    by_source = {k: sum(column[k]) for k in SOURCES}
    per_io: dict[str, dict[str, float]] = defaultdict(lambda: {"budsjett": 0.0, "omstillingsmidler": 0.0})
    for t, budsjett, omstillingsmidler in zip(tiltak, column["budsjett"], column["omstillingsmidler"]):
        io = t.get("innsatsomrade")
        if io:
            per_io[io]["budsjett"] += budsjett
            per_io[io]["omstillingsmidler"] += omstillingsmidler
    fin = plan.finansiering
    omst = fin.amount("fylkeskommunens_tilskudd") + fin.amount("kommunens_egenandel")
    return PlanTotals(
        budsjett=sum(column["budsjett"]),
        by_source=by_source,
        innvilget=sum(column["innvilget"]),
        utbetalt=sum(column["utbetalt"]),
        regnskap=sum(column["regnskap"]),
        admin_omstillingsmidler=sum(
            [o for t, o in zip(tiltak, column["omstillingsmidler"]) if t.get("type") == S.TYPE_ADMIN]
        ),
        per_innsatsomrade=dict(per_io),
        omstillingsmidler_i_alt=omst,
        disponibelt=omst + fin.amount("overfort"),
        fylkesandel=fin.amount("fylkeskommunens_tilskudd") / omst if omst else 0.0,
    )


def _field_values(plan: Handlingsplan, totals: PlanTotals) -> dict[str, object]:
    k = lookup(plan.program.get("kommunenummer"))
    fordelt = totals.by_source["omstillingsmidler"]
    return {
        "kommune": k.navn if k else "",
        "fylke": k.fylke if k else "",
        "omstillingsmidler": totals.omstillingsmidler_i_alt,
        "disponibelt": totals.disponibelt,
        "fordelt": fordelt,
        "ikke_fordelt": totals.disponibelt - fordelt,
        "fylkesandel": totals.fylkesandel,
    }


def _row_value(s: S.Sheet, key: str, r: Record, totals: PlanTotals) -> float:
    if key == "sum_finansiering":
        return sum_finansiering(r)
    if key == "differanse":
        return differanse(r)
    if s is S.INNSATSOMRADER:
        return totals.per_innsatsomrade.get(r.get("id") or "", {}).get(key, 0.0)
    if s is S.FINANSIERING and key == "sum":
        return r.amount("fylkeskommune") + r.amount("kommune")
    raise KeyError(f"no rule for formula column {s.name}.{key}")


def expected_formula_values(plan: Handlingsplan, totals: PlanTotals | None = None) -> dict[tuple[str, str], object]:
    """(sheet, A1) → the value every template formula should show, for the rows in use and the sum rows.
    ``totals``: ``plan_totals(plan)`` where the caller has it already (the rules' context)."""
    if totals is None:
        totals = plan_totals(plan)
    out: dict[tuple[str, str], object] = {}
    fields = _field_values(plan, totals)
    for s in S.SHEETS:
        if s.name in plan.missing_sheets:  # a sheet a later layout added, absent in this workbook
            continue
        for f in s.fields:
            if f.formula:
                out[(s.name, plan_cell_ref(plan, s, f.key))] = fields[f.key]
        if not s.table:
            continue
        records = plan.records(s)
        for ci, col in enumerate(s.table.columns, start=1):
            if not col.formula and not (s.table.sum_row and col.total):
                continue  # an input column without a sum: nothing expected of it
            letter = S.col_letter(ci)
            key = col.key
            if col.formula:
                column_values = [_row_value(s, key, r, totals) for r in records]
                for r, value in zip(records, column_values):
                    out[(s.name, f"{letter}{r.row}")] = value
            else:
                column_values = [_amount(r.values.get(key)) for r in records]
            if s.table.sum_row and col.total:
                sum_row = S.table_first_row(s) + plan.capacities.get(s.name, s.table.capacity)
                out[(s.name, f"{letter}{sum_row}")] = sum(column_values)
    return out


def plan_cell_ref(plan: Handlingsplan, s: S.Sheet, key: str) -> str:
    """Where a field actually is in this workbook (the record remembers it)."""
    rec: Record = getattr(plan, s.key)
    return rec.cell(key).ref
