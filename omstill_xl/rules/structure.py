"""Structure: required values, types, code lists, ids, references, kommunenummer, org.nr, years."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .. import i18n
from .. import kommuner as K
from .. import schema as S
from ..coerce import orgnr_valid
from ..findings import Finding
from ..fmt import kr, number, tall
from ..i18n import N_
from ..model import Handlingsplan, Problem, Record
from .catalogue import make
from .context import Context

_ = i18n.translator("rules")

KIND_NAMES = {
    "amount": N_("et beløp i kroner"),
    "number": N_("et tall"),
    "percent": N_("en prosent"),
    "year": N_("et årstall"),
    "date": N_("en dato (dd.mm.åååå)"),
    "orgnr": N_("et org.nr"),
    "kommunenr": N_("et kommunenummer"),
    "text": N_("tekst"),
    "id": N_("en ID"),
    "code": N_("et valg fra listen"),
}
MAX_STATUS_YEARS = 6
ORGNR_FIRST_DIGITS = "89"  # Enhetsregisteret gives out organisasjonsnummer from 8 and 9 only


def _label(sheet: S.Sheet, key: str) -> str:
    """The field's label or the column's header as the workbook shows it, in the current målform."""
    if sheet.fields and key in {f.key for f in sheet.fields}:
        return i18n.gettext("workbook", sheet.field(key).label)
    assert sheet.table is not None
    return i18n.gettext("workbook", sheet.table.column(key).header)


def _kind(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def _indicator(name: object) -> str:
    """An indicator's name: a standard indicator's in the current målform, the workbook's own as written."""
    return i18n.gettext("workbook", str(name)) if name else str(name or "")


def _choices(values: object) -> str:
    """A code list's words as the dropdown shows them, in the current målform: «søkt, innvilget, pågår»."""
    return ", ".join(i18n.gettext("workbook", str(v)) for v in values)  # type: ignore[attr-defined]


def _context(rec: Record, sheet: S.Sheet) -> str:
    if rec.row is None or sheet.table is None:
        return ""
    ident = rec.get(sheet.table.key_column)
    return _(" (rad {row})").format(row=f"{rec.row}{', ' + str(ident) if ident else ''}")


def _plain(x: float | int) -> str:
    """A number as a user reads it: «75», «1 500», «0,5», «−3» (never «1500.0»)."""
    return number(x, 0 if float(x).is_integer() else 2)


def _raw_text(x: object) -> str:
    """What a cell holds, as typed: «2026» for 2026.0, «0,5» for 0.5 (Python's «2026.0» never reaches a user)."""
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else str(x).replace(".", ",")
    return str(x)


def _tiltak_name(t: Record) -> str:
    no_id = _("(uten ID)")
    return f"{t.get('id') or no_id} «{t.get('navn') or ''}»".replace(" «»", "")


def _sheet_of(sheet_name: str) -> S.Sheet:
    return S.sheet(sheet_name)


def problems(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """Values that could not be read as their type (recorded by the reader)."""
    for p in plan.problems:
        yield from _problem(plan, p)


def _key_at(plan: Handlingsplan, p: Problem) -> tuple[S.Sheet, Record | None, str]:
    sheet = _sheet_of(p.cell.sheet)
    for s, rec in plan.all_records():
        if s is sheet:
            for key, cell in rec.cells.items():
                if cell.ref == p.cell.ref:
                    return s, rec, key
    return sheet, None, p.cell.ref


def _problem(plan: Handlingsplan, p: Problem) -> Iterator[Finding]:
    sheet, rec, key = _key_at(plan, p)
    label = _label(sheet, key) if rec else key
    context = _context(rec, sheet) if rec else ""
    if p.code == "number_as_text":
        parsed = p.parsed if isinstance(p.parsed, (int, float)) else 0
        plain = str(int(parsed)) if float(parsed).is_integer() else str(parsed).replace(".", ",")
        pretty = number(parsed, 0 if float(parsed).is_integer() else 2) if p.kind != "percent" else f"{parsed:.0%}"
        yield make(
            "OX-S002",
            p.cell,
            value=p.cell.raw,
            expected=parsed,
            label=label,
            context=context,
            parsed_plain=plain,
            parsed_pretty=pretty,
        )
    elif p.code == "error_value":
        yield make("OX-H001", p.cell, value=str(p.cell.raw))
    elif p.code == "uncached_formula":
        yield make(
            "OX-H007",
            p.cell,
            value=f"={p.cell.formula}",
            expected=_("utregnet verdi"),
            label=label,
            formula=p.cell.formula,
        )
    else:
        yield make(
            "OX-S003",
            p.cell,
            value=p.cell.raw,
            shown=_raw_text(p.cell.raw),
            expected=_kind(p.kind),
            label=label,
            context=context,
            kind=_kind(p.kind),
        )


def required_and_codes(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """Required values, values outside fixed code lists, negative amounts, shares outside 0–100 %."""
    problem_cells = {(p.cell.sheet, p.cell.ref) for p in plan.problems}
    checked: dict[tuple[str, bool], list[Any]] = {}  # per sheet (form or table): the specs to check, with a
    for sheet, rec in plan.all_records():  # strict code list or not (built once, not once per row)
        part = (sheet.name, rec.row is None)
        specs = checked.get(part)
        if specs is None:
            specs = checked[part] = [
                (spec, isinstance(spec.codelist, S.CodeList) and spec.codelist.strict)
                for spec in (
                    list(sheet.fields) if rec.row is None else list(sheet.table.columns if sheet.table else ())
                )
                if not spec.formula
            ]
        for spec, strict in specs:
            key = spec.key
            value = rec.values.get(key)
            # the common cases, decided without building a label: none of the checks below can fire
            if value is None:
                if not spec.required:
                    continue
            elif not strict and (not isinstance(value, (int, float)) or (value >= 0 and spec.kind != "percent")):
                continue
            cell = rec.cell(key)
            if (cell.sheet, cell.ref) in problem_cells:
                continue
            # the label and context are made only for a finding (in the målform: a catalogue look-up each)
            if spec.required and value is None:
                yield make("OX-S001", cell, label=_label(sheet, key), context=_context(rec, sheet))
                continue
            codelist = spec.codelist
            if (
                isinstance(codelist, S.CodeList)
                and codelist.strict
                and value is not None
                and value not in codelist.values
            ):
                yield make(
                    "OX-S004",
                    cell,
                    value=value,
                    shown=_raw_text(value),
                    expected=list(codelist.values),
                    label=_label(sheet, key),
                    context=_context(rec, sheet),
                    allowed=_choices(codelist.values),
                )
            if spec.kind in ("amount", "number") and isinstance(value, (int, float)) and value < 0:
                shown = kr(value) if spec.kind == "amount" else _plain(value)
                yield make(
                    "OX-S013",
                    cell,
                    value=value,
                    expected=">= 0",
                    label=_label(sheet, key),
                    context=_context(rec, sheet),
                    shown=shown,
                )
            if spec.kind == "percent" and isinstance(value, (int, float)) and not 0 <= value <= 1:
                yield make("OX-S014", cell, value=value, expected="0–1", label=_label(sheet, key), shown=_plain(value))


def _duplicates(records: tuple[Record, ...], key: str, what: str) -> Iterator[Finding]:
    seen: dict[object, Record] = {}
    for rec in records:
        value = rec.get(key)
        if value is None:
            continue
        norm = str(value).strip().lower() if isinstance(value, str) else value
        if norm in seen:
            first = seen[norm]
            yield make("OX-S005", rec.cell(key), value=value, what=_(what), other=first.address(key))
        else:
            seen[norm] = rec


def ids_and_references(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    yield from _duplicates(plan.innsatsomrader, "id", N_("Innsatsområde-ID"))
    yield from _duplicates(plan.tiltak, "id", N_("Tiltaks-ID"))
    yield from _duplicates(plan.ramme, "aar", N_("Året"))
    io_ids = {str(io.id).strip().lower() for io in plan.innsatsomrader if io.get("id")}
    allowed = ", ".join(str(io.id) for io in plan.innsatsomrader if io.get("id")) or _("ingen ennå")
    for t in plan.tiltak:
        io = t.get("innsatsomrade")
        if io is None:
            if t.get("type") != S.TYPE_ADMIN:
                yield make("OX-S007", t.cell("innsatsomrade"), tiltak=_tiltak_name(t))
        elif str(io).strip().lower() not in io_ids:
            yield make(
                "OX-S006", t.cell("innsatsomrade"), value=io, expected=allowed, tiltak=_tiltak_name(t), allowed=allowed
            )
    seen: dict[tuple[str, int], Record] = {}
    for ind in plan.indikatorer:
        key = (str(ind.get("indikator", "")).lower(), ind.get("aar"))
        if key in seen and key[1] is not None:
            yield make(
                "OX-S005",
                ind.cell("indikator"),
                value=f"{ind.indikator} {ind.aar}",
                what=_("Indikatoren for året"),
                other=seen[key].address("indikator"),
            )
        seen.setdefault(key, ind)


def kommune_and_orgnr(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    yield from _kommunenummer(plan)
    for t in plan.tiltak:
        orgnr = t.get("orgnr")
        if orgnr is None:
            if t.get("type") == S.TYPE_BEDRIFTSRETTET:
                yield make("OX-S010", t.cell("orgnr"), tiltak=_tiltak_name(t))
            continue
        yield from _orgnr_finding(t, lambda t=t: _("tiltak {tiltak}").format(tiltak=_tiltak_name(t)))


def _kommunenummer(plan: Handlingsplan) -> Iterator[Finding]:
    """Today's number (the workbook's list) or the number in force in the plan year is accepted (4014 or 3814 for
    Kragerø in 2022); the message for any other says what the number was and which one applies (SSB's history,
    ``kommuner.renumbering_hint``)."""
    nr = plan.program.get("kommunenummer")
    if nr is None:
        return
    year = plan.program.get("planaar")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    if K.lookup(nr) is not None or (year is not None and K.valid_in(nr, year)):
        return  # today's number (the template's list) or the one in force in the plan year
    cell = plan.program.cell("kommunenummer")
    said = K.renumbering_hint(nr, year)
    when = _("i {year}").format(year=year) if year is not None else _("i dag")
    if said is None:
        why = _("finnes ikke i SSBs kommuneinndeling ({first}–{last})").format(first=K.first_year(), last=K.last_year())
        fix = _("Bruk det firesifrede kommunenummeret som gjelder i handlingsplanens år, f.eks. 4626 for Øygarden.")
        expected: object = _("kommunenummer")
    else:
        why = _("gjelder ikke {when}: {said}").format(when=when, said=said)
        now = K.in_force(nr, year)
        named = [f"{c} ({K.name_in(c, year or K.last_year())})" for c in now]
        if len(named) == 1:
            fix = _("Skriv {number} i «{label}» på arket {ark_program}.").format(
                number=named[0], label=_label(S.PROGRAM, "kommunenummer"), ark_program=S.tr(S.PROGRAM.name)
            )
        else:
            fix = _("Skriv nummeret som gjelder for kommunen {when}: {numbers}.").format(
                when=when, numbers=", ".join(named) or _("se SSBs kommuneliste")
            )
        expected = now[0] if len(now) == 1 else list(now)
    yield make("OX-S008", cell, value=nr, expected=expected, why=why, fix=fix)


def years(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    p = plan.program
    fra, til = p.get("status_fra"), p.get("status_til")
    if fra is None or til is None:
        return
    if til < fra:
        yield make(
            "OX-S012",
            p.cell("status_til"),
            value=f"{fra}–{til}",
            expected=_("til ≥ fra"),
            fra=fra,
            til=til,
            why=_("slutter før den begynner"),
        )
        return
    length = til - fra + 1
    if length > MAX_STATUS_YEARS:
        yield make(
            "OX-S012",
            p.cell("status_til"),
            value=_("{n} år").format(n=length),
            expected=_("høyst {n} år").format(n=MAX_STATUS_YEARS),
            fra=fra,
            til=til,
            why=_("er {n} år, mer enn de seks årene omstillingsstatus kan gis for").format(n=length),
        )

    def outside(y: object) -> bool:
        return isinstance(y, int) and not fra <= y <= til

    if outside(p.get("planaar")):
        yield make(
            "OX-S011",
            p.cell("planaar"),
            value=p.planaar,
            expected=f"{fra}–{til}",
            what=_("Handlingsplanens år"),
            fra=fra,
            til=til,
        )
    for r in plan.ramme:
        if outside(r.get("aar")):
            yield make(
                "OX-S011", r.cell("aar"), value=r.aar, expected=f"{fra}–{til}", what=_("Rammeåret"), fra=fra, til=til
            )
    for ind in plan.indikatorer:
        if outside(ind.get("aar")):
            yield make(
                "OX-S011",
                ind.cell("aar"),
                value=ind.aar,
                expected=f"{fra}–{til}",
                what=_("Året for indikatoren «{indikator}»").format(indikator=_indicator(ind.get("indikator"))),
                fra=fra,
                til=til,
            )


def period_targets(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """A standard indicator with yearly targets needs a target for the period (``schema.INDICATOR_GOAL_KEYS``)."""
    standard = {i.name.casefold(): i.name for i in S.STANDARD_INDICATORS}
    rows: dict[str, list[Record]] = {}
    for ind in plan.indikatorer:
        name = " ".join(str(ind.get("indikator", "")).split()).casefold()
        if name in standard:
            rows.setdefault(name, []).append(ind)
    yield from _goal_disagreements(plan)
    for name, found in rows.items():
        if any(r.get("maal_perioden") is not None for r in found):
            continue
        years = sorted({r.aar for r in found if r.get("maal") is not None and isinstance(r.get("aar"), int)})
        if years:
            yield make(
                "OX-S015",
                found[0].cell("maal_perioden"),
                indikator=_indicator(standard[name]),
                label=_label(S.MAAL, "maal_perioden"),
                years=(_("årene {years}") if len(years) > 1 else "{years}").format(
                    years=", ".join(str(y) for y in years)
                ),
            )


def _goal_disagreements(plan: Handlingsplan) -> Iterator[Finding]:
    """Baseline and period target are per indicator: a second row that says otherwise is ignored, so say so."""
    first: dict[tuple[str, str], Record] = {}
    for ind in plan.indikatorer:
        name = " ".join(str(ind.get("indikator", "")).split())
        for key in S.INDICATOR_GOAL_KEYS:
            value = ind.get(key)
            if not name or value is None:
                continue
            seen = first.setdefault((name.casefold(), key), ind)
            if seen is not ind and seen.get(key) != value:
                yield make(
                    "OX-S016",
                    ind.cell(key),
                    value=tall(value) if key != "utgangsaar" else value,
                    expected=tall(seen.get(key)) if key != "utgangsaar" else seen.get(key),
                    label=_label(S.MAAL, key),
                    indikator=_indicator(name),
                    other=seen.cell(key).ref,
                )


def _orgnr_why(orgnr: str) -> str | None:
    """Why an org.nr cannot be one (None: it can)."""
    if orgnr_valid(orgnr) and orgnr[0] in ORGNR_FIRST_DIGITS:
        return None
    if not (len(orgnr) == 9 and orgnr.isdigit()):
        return _("det må ha 9 sifre")
    if orgnr[0] not in ORGNR_FIRST_DIGITS:
        return _("et organisasjonsnummer begynner på 8 eller 9")
    return _("kontrollsifferet (det siste sifferet) stemmer ikke")


def _orgnr_finding(r: Record, whose: Callable[..., str]) -> Iterator[Finding]:
    """OX-S009 for a row whose org.nr cannot be one; ``whose`` names the row in the message (made only then)."""
    orgnr = r.get("orgnr")
    if orgnr is not None and (why := _orgnr_why(orgnr)):
        yield make(
            "OX-S009",
            r.cell("orgnr"),
            value=orgnr,
            expected=_("9 sifre med gyldig kontrollsiffer"),
            tiltak=whose(),
            why=why,
        )


def register(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """The tilsagn register, its payments and other givers' aid (layout version 2); a note when the sheets are
    missing (a workbook made with the previous layout)."""
    from pathlib import Path

    from ..kdd import code_of, for_year

    if plan.missing_sheets:
        sheets = ", ".join(f"«{n}»" for n in plan.missing_sheets)  # sheet names stay as in the file
        yield make(
            "OX-S021",
            sheet=S.PROGRAM.name,
            ref="A1",
            value=plan.layout_version,
            expected=S.SCHEMA_VERSION,
            sheets=sheets,
            file=Path(plan.source).name,
        )
    yield from _duplicates(plan.tilsagn, "tilsagnsnummer", N_("Tilsagnsnummeret"))
    tiltak_ids = {str(t.id).strip().casefold() for t in plan.tiltak if t.get("id") is not None}
    allowed = ", ".join(str(t.id) for t in plan.tiltak if t.get("id") is not None) or _("ingen ennå")
    year = plan.aar if isinstance(plan.aar, int) else None
    kdd = {c.kode: c for c in for_year(year)}
    for r in plan.tilsagn:
        name = str(r.get("tilsagnsnummer") or _("i rad {row}").format(row=r.row))
        tid = r.get("tiltak")
        if tid is not None and str(tid).strip().casefold() not in tiltak_ids:
            yield make("OX-S017", r.cell("tiltak"), value=tid, expected=allowed, tilsagn=name, allowed=allowed)
        yield from _orgnr_finding(r, lambda name=name: _("tilsagn {tilsagn}").format(tilsagn=name))
        if r.get("stotteregime") == S.STOTTE_GRUPPEUNNTAK and not r.get("artikkel"):
            yield make("OX-S019", r.cell("artikkel"), tilsagn=name)
        category = r.get("kdd_kategori")
        if category is not None and code_of(category) not in kdd:
            labels = [i18n.gettext("workbook", c.label) for c in kdd.values()]
            yield make(
                "OX-S004",
                r.cell("kdd_kategori"),
                value=category,
                shown=_raw_text(category),
                expected=labels,
                label=_label(S.TILSAGN, "kdd_kategori"),
                context=_(" (tilsagn {tilsagn}; listen for {year})").format(tilsagn=name, year=year or _("året")),
                allowed=", ".join(labels),
            )
    numbers = {str(r.tilsagnsnummer).strip().casefold() for r in plan.tilsagn if r.get("tilsagnsnummer")}
    for u in plan.utbetalinger:
        nr = u.get("tilsagnsnummer")
        if nr is not None and str(nr).strip().casefold() not in numbers:
            yield make("OX-S018", u.cell("tilsagnsnummer"), value=nr, row=u.row)
    for a in plan.annen_stotte:
        orgnr = a.get("orgnr")
        yield from _orgnr_finding(
            a, lambda a=a: _("støtten fra {giver}").format(giver=a.get("giver") or _("annen støttegiver"))
        )
        if a.get("belop_nok") is None and a.get("belop_eur") is None and orgnr is not None:
            yield make(
                "OX-S020", a.cell("belop_nok"), giver=a.get("giver") or _("annen støttegiver"), orgnr=orgnr, row=a.row
            )


RULES = (problems, required_and_codes, ids_and_references, kommune_and_orgnr, years, period_targets, register)

__all__ = ["RULES"]
