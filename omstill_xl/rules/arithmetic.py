"""Arithmetic: financing sums to budget, plan totals, granted/paid/booked, and the template's formulas."""

from __future__ import annotations

from collections.abc import Iterator

from .. import i18n
from .. import schema as S
from ..findings import Finding
from ..fmt import kr, number, pct
from ..i18n import N_
from ..model import Cell, Handlingsplan, Record
from ..totals import differanse, expected_formula_values, sum_finansiering
from .catalogue import make
from .context import Context
from .structure import _tiltak_name

_ = i18n.translator("rules")

TOLERANCE_KR = 0.5  # rounding: amounts are whole kroner


def tiltak_sums(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    for t in plan.tiltak:
        if t.get("budsjett") is None:
            continue
        diff = differanse(t)
        if abs(diff) > TOLERANCE_KR:
            yield make(
                "OX-A001",
                t.cell("budsjett"),
                value=sum_finansiering(t),
                expected=t.amount("budsjett"),
                tiltak=_tiltak_name(t),
                found=kr(sum_finansiering(t)),
                expected_pretty=kr(t.amount("budsjett")),
                diff=kr(diff),
            )
        omst = t.amount("omstillingsmidler")
        innvilget, utbetalt = t.get("innvilget"), t.get("utbetalt")
        yield from _above("OX-A004", t, "innvilget", innvilget, omst)
        yield from _above("OX-A005", t, "utbetalt", utbetalt, innvilget or 0)
        regnskap = t.get("regnskap")
        if innvilget is not None and regnskap is not None:
            yield from _above("OX-A010", t, "regnskap", regnskap, innvilget, over=kr(regnskap - innvilget))
        yield from _regnskap(t, omst, ctx)


def _above(code: str, t, key: str, value: float | None, limit: float, **extra: str) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    """``code`` at the tiltak's ``key`` cell when ``value`` is more than ``limit`` (beyond the krone tolerance)."""
    if value is not None and value > limit + TOLERANCE_KR:
        yield make(
            code,
            t.cell(key),
            value=value,
            expected=limit,
            tiltak=_tiltak_name(t),
            found=kr(value),
            expected_pretty=kr(limit),
            **extra,
        )


def _regnskap(t, omst: float, ctx: Context) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    regnskap = t.get("regnskap")
    if regnskap is None:
        return
    deviation = regnskap - omst
    rel = abs(deviation) / omst if omst else (1.0 if deviation else 0.0)
    if rel > ctx.profile.regnskap_toleranse and abs(deviation) >= ctx.profile.regnskap_toleranse_kr:
        yield make(
            "OX-A006",
            t.cell("regnskap"),
            value=regnskap,
            expected=omst,
            tiltak=_tiltak_name(t),
            found=kr(regnskap),
            expected_pretty=kr(omst),
            pct=("+" if deviation > 0 else "−") + pct(rel, 0),
        )


def plan_sums(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    fin = plan.finansiering
    if fin.get("fylkeskommunens_tilskudd") is None and fin.get("kommunens_egenandel") is None:
        return
    fordelt = ctx.totals.by_source["omstillingsmidler"]
    disponibelt = ctx.totals.disponibelt
    where = plan.finansiering.cell("fordelt")
    if fordelt > disponibelt + TOLERANCE_KR:
        yield make(
            "OX-A002", where, value=fordelt, expected=disponibelt, found=kr(fordelt), expected_pretty=kr(disponibelt)
        )
    elif disponibelt - fordelt > TOLERANCE_KR:
        yield make(
            "OX-A003",
            plan.finansiering.cell("ikke_fordelt"),
            value=disponibelt - fordelt,
            expected=0,
            found=kr(disponibelt - fordelt),
            expected_pretty=kr(disponibelt),
        )
    yield from _spent(plan, disponibelt)
    year = plan.program.get("planaar")
    ramme = next((r for r in plan.ramme if r.get("aar") == year), None)
    if ramme is None:
        return
    for field_key, frame_key, what in (
        ("fylkeskommunens_tilskudd", "fylkeskommune", N_("Fylkeskommunens tilskudd")),
        ("kommunens_egenandel", "kommune", N_("Kommunens egenandel")),
    ):
        found, frame = fin.amount(field_key), ramme.amount(frame_key)
        if abs(found - frame) > TOLERANCE_KR:
            yield make(
                "OX-A009",
                fin.cell(field_key),
                value=found,
                expected=frame,
                what=_(what),
                year=year,
                found=kr(found),
                expected_pretty=kr(frame),
            )


def spent(plan: Handlingsplan) -> tuple[float, bool]:
    """What the year used of the omstillingsmidler: regnskap per tiltak, or utbetalt where no regnskap is ført.

    The flag says whether any tiltak has a regnskap or an utbetaling at all.
    """
    total, any_spent = 0.0, False
    for t in plan.tiltak:
        value = t.get("regnskap") if t.get("regnskap") is not None else t.get("utbetalt")
        if value is not None:
            total += value
            any_spent = True
    return total, any_spent


def _spent(plan: Handlingsplan, disponibelt: float) -> Iterator[Finding]:
    used, any_spent = spent(plan)
    if any_spent and used > disponibelt + TOLERANCE_KR:
        year = plan.program.get("planaar")
        yield make(
            "OX-A011",
            plan.finansiering.cell("disponibelt"),
            value=used,
            expected=disponibelt,
            year=year if year is not None else _("året"),
            found=kr(used),
            expected_pretty=kr(disponibelt),
            over=kr(used - disponibelt),
        )


def _plain(raw: object, formula: str) -> str:
    """A value found where a formula belongs, as a user reads it: «4 000 000 kr», «75 %», ««tekst»»."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return f"«{raw}»"
    if "/" in formula and abs(raw) <= 1:
        return pct(raw)
    return kr(raw) if float(raw).is_integer() else number(raw, 2)


# The last plan's template formulas: two rules of every plan ask for them (``formulas``, ``constants_in_formulas``).
# A plan is immutable (a frozen dataclass), so the same object gives the same mapping; callers only read it.
_LAST_TEMPLATE: list[tuple[Handlingsplan, dict[tuple[str, str], str]]] = []


def template_formulas(plan: Handlingsplan) -> dict[tuple[str, str], str]:
    """(sheet, A1) → the formula the template has there, for fields, rows in use and sum rows (not to be changed:
    the mapping is shared by the rules of one plan)."""
    if _LAST_TEMPLATE and _LAST_TEMPLATE[0][0] is plan:
        return _LAST_TEMPLATE[0][1]
    out = _template_formulas(plan)
    _LAST_TEMPLATE[:] = [(plan, out)]
    return out


def forget_template() -> None:
    """Drop the kept template formulas (and with them the plan): ``check_plan`` does so when its rules are done."""
    _LAST_TEMPLATE.clear()


def _template_formulas(plan: Handlingsplan) -> dict[tuple[str, str], str]:
    caps = {s.name: plan.capacities.get(s.name, s.table.capacity) for s in S.SHEETS if s.table}
    out: dict[tuple[str, str], str] = {}
    for s in S.SHEETS:
        if s.name in plan.missing_sheets:  # a sheet a later layout added, absent in this workbook
            continue
        for f in s.fields:
            if f.formula:
                rec = getattr(plan, s.key)
                cell = rec.cell(f.key)
                out[(s.name, cell.ref)] = S.render_formula(f.formula, s, cell.row, caps, plan.sheet_names)
        if not s.table:
            continue
        first = S.table_first_row(s)
        for ci, col in enumerate(s.table.columns, start=1):
            letter = S.col_letter(ci)
            if col.formula:
                # S.render_formula once per column, not per row: the placeholders it fills never contain the row
                # mark «{r}», so filling the pieces between the marks and joining them with the row number is the
                # same text (and a twentieth of the cost at 5 000 tiltak)
                pieces = [
                    S.render_formula(piece, s, None, caps, plan.sheet_names) for piece in col.formula.split("{r}")
                ]
                for r in plan.records(s):
                    out[(s.name, f"{letter}{r.row}")] = str(r.row).join(pieces)
            if s.table.sum_row and col.total:
                last = first + caps[s.name] - 1
                out[(s.name, f"{letter}{last + 1}")] = f"=SUM({letter}{first}:{letter}{last})"
    return out


def formulas(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """A template formula overwritten or deleted (OX-A008), or showing a value that disagrees (OX-A007)."""
    expected = expected_formula_values(plan, ctx.totals)  # the context's totals: computed once a plan
    cells: dict[tuple[str, str], Cell] | None = None  # every cell by address, built when a formula is missing
    for (sheet, ref), formula in template_formulas(plan).items():
        found = plan.facts.formulas.get((sheet, ref))
        if found is None:
            if cells is None:
                cells = {(s.name, c.ref): c for s, rec in plan.all_records() for c in rec.cells.values()}
                cells.update(plan.sum_cells)  # the «Sum» rows, which are no record
            cell = cells.get((sheet, ref))
            raw = cell.raw if cell else None
            shown = (
                _("ingenting (tom celle)")
                if raw is None or raw == ""
                else _("verdien {value}").format(value=_plain(raw, formula))
            )
            yield make(
                "OX-A008", sheet=sheet, ref=ref, value=raw, expected=formula, formula=formula.lstrip("="), found=shown
            )
            continue
        if not found.cached or (sheet, ref) not in expected:
            continue
        want, got = expected[(sheet, ref)], found.raw
        if isinstance(want, str):
            ok = (got or "") == want
        else:
            ok = (
                isinstance(got, (int, float))
                and isinstance(want, (int, float))
                and abs(float(got) - float(want)) <= TOLERANCE_KR + abs(want) * 1e-9
            )
            if isinstance(want, float) and 0 < abs(want) <= 1 and isinstance(got, (int, float)):
                ok = abs(float(got) - want) <= 1e-6  # shares
        if not ok:
            is_share = isinstance(want, float) and abs(want) <= 1 and "/" in (found.formula or "")

            def show(v: object, is_share: bool = is_share) -> str:
                if not isinstance(v, (int, float)):
                    return f"«{v}»"
                return pct(v) if is_share else kr(v)

            yield make(
                "OX-A007", sheet=sheet, ref=ref, value=got, expected=want, found=show(got), expected_pretty=show(want)
            )


def payments(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """OX-A012: the payments to a tilsagn (arket Utbetalinger) sum to more than the tilsagn's omstillingsmidler."""
    paid: dict[str, float] = {}
    last: dict[str, Record] = {}
    for u in plan.utbetalinger:
        nr = u.get("tilsagnsnummer")
        if nr is None:
            continue
        key = str(nr).strip().casefold()
        paid[key] = paid.get(key, 0.0) + u.amount("belop")
        last[key] = u
    for r in plan.tilsagn:
        key = str(r.get("tilsagnsnummer") or "").strip().casefold()
        granted = r.amount("omstillingsmidler")
        if key in paid and paid[key] > granted + TOLERANCE_KR:
            yield make(
                "OX-A012",
                last[key].cell("belop"),
                value=paid[key],
                expected=granted,
                tilsagn=r.get("tilsagnsnummer"),
                found=kr(paid[key]),
                over=kr(paid[key] - granted),
                expected_pretty=kr(granted),
            )


RULES = (tiltak_sums, plan_sums, formulas, payments)
