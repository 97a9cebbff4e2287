"""Rules across the yearly workbooks of a programme, and de minimis across all workbooks given (OX-X…).

Pure functions: plans in, findings out. Every finding carries the file (``Finding.file`` = the plan's
source) and the cell that causes it. ``check_all(plans)`` groups the plans into programmes
(``programme``: the one identity rule) and runs everything; ``check_programme(plans)`` runs the per-programme rules on
the workbooks of one programme.

Definitions used by the rules (also stated in their messages):
- *ubrukt* (unspent) in a year = disponibelt − what the tiltak spent (regnskap where filled in, else
  utbetalt) — ``omstill_xl.programme.ledger.unspent``;
- *rammen for statusperioden* = the sum of the ramme rows (fylkeskommune, and fylkeskommune + kommune) in the
  latest workbook, compared with the tilskudd of the workbooks whose year lies in that workbook's period;
- *bagatellmessig støtte* per org.nr = omstillingsmidler + Innovasjon Norge on bedriftsrettede tiltak, each krone
  once over the years (``programme.ledger``: the budget a tiltak carried in from the year before was counted
  that year; new money under the same ID in a later year counts).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from .. import i18n
from .. import schema as S
from ..aid import (
    PUBLIC_SOURCES,
    Award,
    finding_args,
    is_aid,
    other_awards,
    over_limit,
    plan_awards,
    register_awards,
    tiltak_award,
    unique,
    uses_register,
    worst_windows,
)
from ..findings import Finding, sort_key
from ..fmt import kr, number
from ..i18n import N_
from ..kommuner import lookup
from ..model import Handlingsplan, Record
from ..profiles import Profile, Profiles, load_profiles
from ..programme import Programme, group_plans, normalise_name, plan_order, year_of
from ..programme.ledger import basis_text, is_reported, open_tilsagn, spent_total, unspent
from ..totals import plan_totals
from .catalogue import make
from .context import maalform
from .structure import MAX_STATUS_YEARS, _tiltak_name

TOLERANCE_KR = 1.0
PHASE_WORDS = {"forstudie", "forprosjekt", "hovedprosjekt", "prosjekt", "og", "for", "i", "til", "av", "med"}


def _file(plan: Handlingsplan) -> str:
    return Path(plan.source).name


def _profile(plan: Handlingsplan, profiles: Profiles) -> Profile:
    k = lookup(plan.program.get("kommunenummer"))
    return profiles.for_fylke(k.fylke if k else None)


def _years_text(years: Sequence[int]) -> str:
    """2025, 2026 og 2028 — consecutive runs as ranges: 2025–2027 og 2029."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [p for r in runs for p in ([f"{r[0]}–{r[-1]}"] if len(r) > 2 else map(str, r))]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _(" og ") + parts[-1]


@dataclass(frozen=True)
class Series:
    """One programme's workbooks for the rules: the chain (one per year) and the profile."""

    programme: Programme
    profile: Profile

    @property
    def chain(self) -> tuple[Handlingsplan, ...]:
        return self.programme.chain

    @property
    def name(self) -> str:
        return self.programme.programnavn or _("Programmet")

    def consecutive(self) -> Iterator[tuple[Handlingsplan, Handlingsplan]]:
        for a, b in zip(self.chain, self.chain[1:]):
            if year_of(b) == (year_of(a) or 0) + 1:
                yield a, b

    def neighbours(self) -> Iterator[tuple[Handlingsplan, Handlingsplan]]:
        yield from zip(self.chain, self.chain[1:])


Rule = Callable[[Series], Iterator[Finding]]

_ = i18n.translator("rules")
# How «spent» was found (``programme.ledger.basis_text``), for OX-X009's message.
BASIS_WORDS = (N_("utbetalt"), N_("regnskap"), N_("regnskap (utbetalt der regnskap mangler)"))


# --- Years ---------------------------------------------------------------------------------------------


def duplicate_years(s: Series) -> Iterator[Finding]:
    by_year: dict[int, list[Handlingsplan]] = defaultdict(list)
    for p in s.programme.plans:
        y = year_of(p)
        if y is not None:
            by_year[y].append(p)
    for year, plans in by_year.items():
        if len(plans) < 2:
            continue
        for p in plans:
            others = ", ".join(_file(o) for o in plans if o is not p)
            yield make(
                "OX-X001",
                p.program.cell("planaar"),
                value=year,
                program=s.name,
                year=year,
                others=others,
                used=_file(plans[0]),
            ).with_file(p.source)


def missing_years(s: Series) -> Iterator[Finding]:
    for a, b in s.neighbours():
        ya, yb = year_of(a), year_of(b)
        assert ya is not None and yb is not None
        if yb - ya > 1:
            missing = list(range(ya + 1, yb))
            yield make(
                "OX-X002",
                b.program.cell("planaar"),
                value=yb,
                expected=ya + 1,
                program=s.name,
                years=_years_text(s.programme.years),
                missing=_years_text(missing),
            ).with_file(b.source)


def year_span(s: Series) -> Iterator[Finding]:
    years = s.programme.years
    if not years:
        return
    n = years[-1] - years[0] + 1
    if n > MAX_STATUS_YEARS:
        last = s.chain[-1]
        yield make(
            "OX-X003",
            last.program.cell("planaar"),
            value=n,
            expected=MAX_STATUS_YEARS,
            program=s.name,
            fra=years[0],
            til=years[-1],
            n=n,
        ).with_file(last.source)


# --- Identity ------------------------------------------------------------------------------------------


def identity(s: Series) -> Iterator[Finding]:
    """OX-X005: the name changed within one programme (the identity rule keeps it one programme)."""
    for a, b in s.neighbours():
        na, nb = a.program.get("programnavn"), b.program.get("programnavn")
        if na and nb and normalise_name(na) != normalise_name(nb):
            yield make(
                "OX-X005",
                b.program.cell("programnavn"),
                value=nb,
                expected=na,
                previous=na,
                prev_year=year_of(a),
                prev_file=_file(a),
            ).with_file(b.source)


def other_kommunenummer(programmes: Sequence[Programme]) -> Iterator[Finding]:
    """OX-X004: two programmes under different kommunenummer with the same name and overlapping status periods —
    by the identity rule (kommunenummer + status period) they are two programmes; most likely one number is
    wrong."""
    for i, a in enumerate(programmes):
        for b in programmes[i + 1 :]:
            if not a.chain or not b.chain or a.kommunenummer == b.kommunenummer:
                continue
            if not {normalise_name(n) for n in a.names} & {normalise_name(n) for n in b.names}:
                continue
            ia, ib = a.id, b.id
            if ia is None or ib is None or None in (ia.fra, ia.til, ib.fra, ib.til):
                continue
            if ia.fra > ib.til or ib.fra > ia.til:  # type: ignore[operator]
                continue
            first, later = sorted((a, b), key=lambda p: (p.chain[0].aar or 0, p.chain[0].source))
            before, after = first.chain[0], later.chain[0]
            with i18n.use(maalform(after)):
                finding = make(
                    "OX-X004",
                    after.program.cell("kommunenummer"),
                    value=later.kommunenummer,
                    expected=first.kommunenummer,
                    previous=first.kommunenummer,
                    prev_year=year_of(before),
                    prev_file=_file(before),
                )
            yield finding.with_file(after.source)


# --- Money over the period -----------------------------------------------------------------------------


def frame_exceeded(s: Series) -> Iterator[Finding]:
    latest = s.chain[-1] if s.chain else None
    if latest is None or not latest.ramme:
        return
    fra, til = latest.program.get("status_fra"), latest.program.get("status_til")
    if not isinstance(fra, int) or not isinstance(til, int):
        return
    inside = [p for p in s.chain if fra <= (year_of(p) or 0) <= til]
    frame_fylke = sum(r.amount("fylkeskommune") for r in latest.ramme)
    frame_total = frame_fylke + sum(r.amount("kommune") for r in latest.ramme)
    checks = (
        (_("Fylkeskommunens tilskudd"), lambda p: p.finansiering.amount("fylkeskommunens_tilskudd"), frame_fylke),
        (
            _("Omstillingsmidlene (tilskudd og egenandel)"),
            lambda p: plan_totals(p).omstillingsmidler_i_alt,
            frame_total,
        ),
    )
    for what, amount, frame in checks:
        if frame <= 0:
            continue
        running = 0.0
        for p in inside:
            running += amount(p)
            if running > frame + TOLERANCE_KR:
                total = sum(amount(q) for q in inside)
                yield make(
                    "OX-X006",
                    p.finansiering.cell("fylkeskommunens_tilskudd"),
                    value=total,
                    expected=frame,
                    what=what,
                    years=_years_text([year_of(q) for q in inside]),  # type: ignore[misc]
                    found=kr(total),
                    expected_pretty=kr(frame),
                    fra=fra,
                    til=til,
                    frame_file=_file(latest),
                ).with_file(p.source)
                return


def overfort(s: Series) -> Iterator[Finding]:
    for a, b in s.consecutive():
        if not is_reported(a):
            continue  # last year has no utbetalt or regnskap yet: nothing to compare with
        expected = max(0.0, unspent(a))
        found = b.finansiering.amount("overfort")
        if abs(found - expected) > TOLERANCE_KR:
            yield make(
                "OX-X009",
                b.finansiering.cell("overfort"),
                value=found,
                expected=round(expected),
                found=kr(found),
                expected_pretty=kr(expected),
                prev_year=year_of(a),
                disponibelt=kr(plan_totals(a).disponibelt),
                basis=_(basis_text(a)),
                spent=kr(spent_total(a)),
                prev_file=_file(a),
            ).with_file(b.source)


# --- Tiltak over years ---------------------------------------------------------------------------------


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-zæøå0-9]+", name) if len(w) >= 4 and w not in PHASE_WORDS}


def _plain(name: object) -> str:
    text = re.sub(r"\([^)]*\)", " ", str(name or "").casefold())
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def different_tiltak(a: Record, b: Record) -> str | None:
    """Why two rows with the same ID look like different tiltak (Norwegian), or None when they look alike."""
    if a.get("type") == S.TYPE_ADMIN and b.get("type") == S.TYPE_ADMIN:
        return None
    ia, ib = a.get("innsatsomrade"), b.get("innsatsomrade")
    if ia and ib and str(ia).casefold() != str(ib).casefold():
        return _("innsatsområdet er endret fra {before} til {after}").format(before=ia, after=ib)
    oa, ob = a.get("orgnr"), b.get("orgnr")
    if oa and ob and oa != ob:
        return _("org.nr er endret fra {before} til {after}").format(before=oa, after=ob)
    if (a.get("type") == S.TYPE_ADMIN) != (b.get("type") == S.TYPE_ADMIN):
        return _("bare det ene året er det administrasjon/drift")
    na, nb = _plain(a.get("navn")), _plain(b.get("navn"))
    if not na or not nb or na == nb or na.startswith(nb) or nb.startswith(na):
        return None
    if SequenceMatcher(None, na, nb).ratio() >= 0.5 or _words(na) & _words(nb):
        return None
    return _("navnet er helt annerledes")


def _by_id(plan: Handlingsplan) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for t in plan.tiltak:
        tid = t.get("id")
        if tid is not None:
            out.setdefault(str(tid).strip().casefold(), t)
    return out


def reused_ids(s: Series) -> Iterator[Finding]:
    for a, b in s.neighbours():
        before = _by_id(a)
        for key, t in _by_id(b).items():
            old = before.get(key)
            if old is None:
                continue
            why = different_tiltak(old, t)
            if why:
                yield make(
                    "OX-X007",
                    t.cell("navn"),
                    value=t.get("navn"),
                    expected=old.get("navn"),
                    tid=t.get("id"),
                    previous=old.get("navn"),
                    prev_year=year_of(a),
                    prev_file=_file(a),
                    why=why,
                ).with_file(b.source)


def vanished(s: Series) -> Iterator[Finding]:
    for a, b in s.consecutive():
        after = _by_id(b)
        has_admin = any(t.get("type") == S.TYPE_ADMIN for t in b.tiltak)
        for key, t in _by_id(a).items():
            if key in after or t.get("status") in S.FERDIGE_STATUSER:
                continue
            if t.get("type") == S.TYPE_ADMIN and has_admin:
                continue
            open_amount = open_tilsagn(t)
            if open_amount > TOLERANCE_KR:
                yield make(
                    "OX-X008",
                    t.cell("id"),
                    value=open_amount,
                    expected=0,
                    tiltak=_tiltak_name(t),
                    status=i18n.gettext("workbook", t.get("status")) if t.get("status") else _("uten status"),
                    found=kr(open_amount),
                    year=year_of(a),
                    next_year=year_of(b),
                    next_file=_file(b),
                ).with_file(a.source)


def tilsagn_reduced(s: Series) -> Iterator[Finding]:
    """OX-X012: a continuing tiltak states less innvilget than the open tilsagn it carried in (``ledger``)."""
    for ty in s.programme.ledger.rows:
        if ty.row.get("innvilget") is None or ty.granted >= -TOLERANCE_KR:
            continue
        before = next(p for p in s.chain if year_of(p) == ty.year - 1)
        yield make(
            "OX-X012",
            ty.row.cell("innvilget"),
            value=ty.innvilget,
            expected=ty.carried_tilsagn,
            tiltak=_tiltak_name(ty.row),
            found=kr(ty.innvilget),
            expected_pretty=kr(ty.carried_tilsagn),
            prev_year=ty.year - 1,
            prev_file=_file(before),
            gap=kr(-ty.granted),
        ).with_file(ty.plan.source)


# --- Indicators ----------------------------------------------------------------------------------------


def indicators_backwards(s: Series) -> Iterator[Finding]:
    last_seen: dict[tuple[str, int], tuple[Handlingsplan, float]] = {}
    merged: dict[str, dict[int, tuple[Handlingsplan, Record, float]]] = defaultdict(dict)
    for p in s.chain:
        for r in p.indikatorer:
            name, year, value = r.get("indikator"), r.get("aar"), r.get("resultat")
            if not name or not isinstance(year, int) or not isinstance(value, (int, float)):
                continue
            key = (str(name).strip(), year)
            if key in last_seen:
                prev_plan, prev_value = last_seen[key]
                if value < prev_value - 1e-9:
                    detail = _(
                        "resultatet for {year} er {value} her, men var {previous} i {file}. Det samlede "
                        "resultatet går dermed tilbake."
                    ).format(
                        year=year,
                        value=number(value, 2 if value % 1 else 0),
                        previous=number(prev_value, 2 if prev_value % 1 else 0),
                        file=_file(prev_plan),
                    )
                    yield make(
                        "OX-X011",
                        r.cell("resultat"),
                        value=value,
                        expected=prev_value,
                        indikator=i18n.gettext("workbook", str(name)),
                        detail=detail,
                    ).with_file(p.source)
            last_seen[key] = (p, value)
            merged[key[0]][year] = (p, r, value)
    from ..programme.indicators import declarations, declared

    table = declarations(s.chain)
    for name, by_year in merged.items():
        if not declared(table, name).running_total:  # totals to date never fall (schema.indicator)
            continue
        years = sorted(by_year)
        for y0, y1 in zip(years, years[1:]):
            _p0, _r0, v0 = by_year[y0]
            p1, r1, v1 = by_year[y1]
            if v1 < v0 - 1e-9:
                detail = _(
                    "serien er kumulativ, men resultatet for {year} ({value}) er lavere enn for {before} ({previous})."
                ).format(
                    year=y1,
                    value=number(v1, 2 if v1 % 1 else 0),
                    before=y0,
                    previous=number(v0, 2 if v0 % 1 else 0),
                )
                yield make(
                    "OX-X011",
                    r1.cell("resultat"),
                    value=v1,
                    expected=v0,
                    indikator=i18n.gettext("workbook", name),
                    detail=detail,
                ).with_file(p1.source)


PROGRAMME_RULES: tuple[Rule, ...] = (
    duplicate_years,
    missing_years,
    year_span,
    identity,
    frame_exceeded,
    reused_ids,
    vanished,
    overfort,
    tilsagn_reduced,
    indicators_backwards,
)


# --- De minimis across years and programmes ------------------------------------------------------------


def programme_awards(programmes: Sequence[Programme]) -> list[Award]:
    """Every aid award in the workbooks given, each once (``omstill_xl.aid``): a year with a tilsagn register gives
    its dated de minimis tilsagn (a tilsagn carried into later registers is one award; one dated in an earlier year
    whose workbook has no register was counted there from the tiltak columns); a year without gives, per
    bedriftsrettet tiltak, the *new* omstillingsmidler and Innovasjon Norge money (``programme.ledger``), so new
    money under the same ID in a later year (forprosjekt → hovedprosjekt) counts again; and other givers' aid."""
    out: list[Award] = []
    for prog in programmes:
        without_register = {p.aar for p in prog.chain if not uses_register(p)}
        for plan in prog.chain:
            if uses_register(plan):
                out += [
                    a
                    for a in register_awards(plan, scope=prog.key)
                    if not (a.day and a.day.year < (plan.aar or 0) and a.day.year in without_register)
                ]
            out += other_awards(plan)
        for ty in prog.ledger.rows:
            t = ty.row
            if uses_register(ty.plan) or not is_aid(t):
                continue
            new = ty.new_sources
            amount = sum(new.get(k, 0.0) for k in PUBLIC_SOURCES)
            if amount > 0:
                out.append(tiltak_award(ty.plan, t, amount))
    return unique(out)


def de_minimis(programmes: Sequence[Programme], profiles: Profiles) -> Iterator[Finding]:
    """OX-X010: more than EUR 300 000 of de minimis aid to one org.nr in any rolling three-year window (grant
    dates; plan years where a workbook has no dates), all workbooks and other givers' aid summed.

    An org.nr over the ceiling in a single workbook alone is left to OX-F004 in that workbook.
    """
    awards = programme_awards(programmes)
    if not awards:
        return
    latest = max((prog.latest for prog in programmes), key=plan_order)
    profile = _profile(latest, profiles)
    alone = {
        w.orgnr
        for prog in programmes
        for plan in prog.plans
        for w in worst_windows(plan_awards(plan), profile.eur_nok)
        if over_limit(w, profile.de_minimis_eur, profile.eur_nok)
    }
    for w in worst_windows(awards, profile.eur_nok):
        if w.orgnr in alone or not over_limit(w, profile.de_minimis_eur, profile.eur_nok):
            continue
        with i18n.use(maalform(w.last.plan)):  # in the målform of the workbook it points at
            finding = make("OX-X010", w.last.cell, **finding_args(w, profile.de_minimis_eur, profile.eur_nok))
        yield finding.with_file(w.last.plan.source)


# --- Entry points --------------------------------------------------------------------------------------


def check_series(programme: Programme, profiles: Profiles | None = None) -> list[Finding]:
    """The per-programme rules for one grouped programme."""
    profiles = profiles or load_profiles()
    s = Series(programme, _profile(programme.latest, profiles))
    with i18n.use(maalform(programme.latest)):  # one programme, one kommune: its latest workbook's målform
        return [f for rule in PROGRAMME_RULES for f in rule(s)]


def check_programme(plans: Sequence[Handlingsplan], profiles: Profiles | None = None) -> list[Finding]:
    """The cross-year rules for the workbooks of one programme (de minimis included), sorted."""
    profiles = profiles or load_profiles()
    programme = Programme(tuple(sorted(plans, key=plan_order)))
    found = check_series(programme, profiles) + list(de_minimis([programme], profiles))
    return sorted(found, key=sort_key)


def check_all(plans: Sequence[Handlingsplan], profiles: Profiles | None = None, *, min_years: int = 1) -> list[Finding]:
    """Group ``plans`` into programmes, run the per-programme rules on each and de minimis over all.

    ``min_years``: run the per-programme rules only for programmes with workbooks for at least this many
    different years. ``omstill validate`` uses 2, so two versions of the same year's workbook can be checked
    side by side without a «same year twice» finding; consolidation uses 1.
    """
    return check_programmes(group_plans(plans), profiles, min_years=min_years)


def check_programmes(
    programmes: Sequence[Programme], profiles: Profiles | None = None, *, min_years: int = 1
) -> list[Finding]:
    """Every cross-year rule for programmes the core has grouped: per programme (with workbooks for at least
    ``min_years`` years), across programmes (OX-X004), and de minimis over all; sorted."""
    profiles = profiles or load_profiles()
    found = [f for prog in programmes if len(prog.chain) >= min_years for f in check_series(prog, profiles)]
    found += other_kommunenummer(programmes)
    found += de_minimis(programmes, profiles)
    return _located(sorted(found, key=sort_key), programmes)


def _located(found: list[Finding], programmes: Sequence[Programme]) -> list[Finding]:
    """Each finding's sheet named as its workbook names it (a nynorsk workbook's own sheet names)."""
    from dataclasses import replace

    by_file: dict[str, Handlingsplan] = {}
    for p in (p for prog in programmes for p in prog.plans):
        by_file.setdefault(p.source, p)
        by_file.setdefault(_file(p), p)
    out = []
    for f in found:
        plan = by_file.get(f.file or "")
        sheet = plan.sheet_title(f.sheet) if plan is not None else f.sheet
        out.append(f if sheet == f.sheet else replace(f, sheet=sheet))
    return out
