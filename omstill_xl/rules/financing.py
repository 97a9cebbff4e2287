"""Financing rules: the fylkeskommune's share, admin share, what omstillingsmidler may pay for, de minimis, and
started tiltak without a tilsagn."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import i18n
from .. import schema as S
from ..aid import STATUS_REJECTED, is_aid, public_support, support_by_enterprise  # noqa: F401 - re-exported
from ..findings import Finding
from ..fmt import kr, pct
from ..i18n import N_
from ..model import Handlingsplan, Record
from .catalogue import make
from .context import Context
from .structure import _tiltak_name

_ = i18n.translator("rules")

# Words that suggest business drift or investment (formal: no drift, no investments — Nesna's rules).
DRIFT_WORDS = {
    "drift": "drift",
    "driftsstøtte": "drift",
    "driftskostnad": "drift",
    "lønn til ansatte": "drift",
    "husleie": "drift",
    "investering": "investering",
    "investeringer": "investering",
    "innkjøp": "investering",
    "maskin": "investering",
    "maskiner": "investering",
    "utstyr": "investering",
    "bygg": "investering",
    "nybygg": "investering",
    "kjøretøy": "investering",
    "båt": "investering",
}
DRIFT_KINDS = {"drift": N_("drift"), "investering": N_("investering")}  # what a finding calls them
_WORD = re.compile(r"[a-zæøå]+(?: til ansatte)?", re.IGNORECASE)


# Whole-krone amounts: a share that is over the maximum by less than one krone is rounding, not a breach
# (2 500 000 from the county and 833 333 from the kommune is 75,0000075 %).
KRONE_TOLERANCE = 1.0


def max_share(plan: Handlingsplan, ctx: Context) -> float:
    """The maximum share that binds: the stricter of the workbook's cell and the county's profile.

    The workbook may set a lower maximum than the county (its own tilsagn), never a higher one; a cell left
    empty or outside 0–100 % leaves the profile's.
    """
    value = plan.program.get("maks_fylkesandel")
    in_book = value if isinstance(value, (int, float)) and 0 < value <= 1 else None
    return min(in_book, ctx.profile.maks_fylkesandel) if in_book is not None else ctx.profile.maks_fylkesandel


def share_text(share: float, limit: float) -> str:
    """The share with as many decimals as it takes to differ from the limit (75,01 %, not 75 %)."""
    for decimals in (1, 2, 3, 4):
        if pct(share, decimals) != pct(limit, decimals):
            return pct(share, decimals)
    return pct(share, 4)


def fylkesandel(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    limit = max_share(plan, ctx)
    in_book = plan.program.get("maks_fylkesandel")
    if (
        isinstance(in_book, (int, float))
        and 0 < in_book <= 1
        and ctx.fylke
        and in_book > ctx.profile.maks_fylkesandel + 1e-9
        and ctx.profile.name != "standard"
    ):
        yield make(
            "OX-F005",
            plan.program.cell("maks_fylkesandel"),
            value=in_book,
            expected=ctx.profile.maks_fylkesandel,
            found=pct(in_book),
            expected_pretty=pct(ctx.profile.maks_fylkesandel),
            fylke=ctx.fylke,
            label=i18n.gettext("workbook", S.PROGRAM.field("maks_fylkesandel").label),
        )
    total = ctx.totals.omstillingsmidler_i_alt
    if total <= 0:
        return
    tilskudd = plan.finansiering.amount("fylkeskommunens_tilskudd")
    over = tilskudd - limit * total
    if over >= KRONE_TOLERANCE:
        share = ctx.totals.fylkesandel
        book = in_book if isinstance(in_book, (int, float)) and 0 < in_book <= 1 else None
        if book is not None and abs(book - ctx.profile.maks_fylkesandel) <= 1e-9:
            profile = (
                _("profilen for {fylke}").format(fylke=ctx.fylke) if ctx.profile.name != "standard" else _("profilen")
            )
            source = _("arbeidsboka og {profile}").format(profile=profile)
        elif book is not None and book < ctx.profile.maks_fylkesandel:
            source = _("arbeidsboka")
        elif ctx.profile.name != "standard":
            source = _("profilen for {fylke}").format(fylke=ctx.fylke)
        else:
            source = _("standardprofilen")
        yield make(
            "OX-F001",
            plan.finansiering.cell("fylkeskommunens_tilskudd"),
            value=round(share, 6),
            expected=limit,
            found=share_text(share, limit),
            expected_pretty=pct(limit),
            tilskudd=kr(tilskudd),
            total=kr(total),
            over=kr(over),
            allowed=kr(limit * total),
            source=source,
        )


def admin_andel(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    share = ctx.totals.admin_andel
    if share > ctx.profile.admin_terskel + 1e-9:
        admin = next((t for t in plan.tiltak if t.get("type") == S.TYPE_ADMIN), None)
        cell = admin.cell("omstillingsmidler") if admin else None
        yield make(
            "OX-F002",
            cell,
            sheet="Tiltak",
            value=round(share, 4),
            expected=ctx.profile.admin_terskel,
            found=pct(share),
            expected_pretty=pct(ctx.profile.admin_terskel),
        )


def _drift_word(t: Record) -> tuple[str, str] | None:
    text = " ".join(str(t.get(k) or "") for k in ("navn", "prosjektmaal", "resultatmaal")).lower()
    for m in _WORD.finditer(text):
        w = m.group(0)
        if w in DRIFT_WORDS:
            return w, DRIFT_WORDS[w]
    return None


def allowed_use(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    for t in plan.tiltak:
        if t.get("type") != S.TYPE_BEDRIFTSRETTET or t.amount("omstillingsmidler") <= 0:
            continue
        hit = _drift_word(t)
        if hit:
            yield make(
                "OX-F003",
                t.cell("navn"),
                value=t.get("navn"),
                expected=_("utviklingsarbeid"),
                tiltak=_tiltak_name(t),
                word=hit[0],
                what=_(DRIFT_KINDS[hit[1]]),
            )
        if t.get("plp_fase") == "hovedprosjekt":
            yield make(
                "OX-F006",
                t.cell("plp_fase"),
                value=i18n.gettext("workbook", t.get("plp_fase")),
                expected=_("forstudie/forprosjekt"),
                tiltak=_tiltak_name(t),
                found=kr(t.amount("omstillingsmidler")),
            )


def de_minimis(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """OX-F004: more than EUR 300 000 of de minimis aid to one org.nr in a rolling three-year window in this
    workbook (its tilsagn register with dates, or its tiltak columns, and other givers' aid; ``omstill_xl.aid``)."""
    from ..aid import finding_args, over_limit, plan_awards, worst_windows

    p = ctx.profile
    for w in worst_windows(plan_awards(plan), p.eur_nok):
        if over_limit(w, p.de_minimis_eur, p.eur_nok):
            yield make("OX-F004", w.last.cell, **finding_args(w, p.de_minimis_eur, p.eur_nok))


STARTED = frozenset({"innvilget", "pågår"})


def started_without_innvilget(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """A tiltak marked innvilget or pågår has a tilsagn: its innvilget amount must be there. Administration and
    drift of the programme is budgeted, not granted, so it is left out."""
    for t in plan.tiltak:
        status = t.get("status")
        if status not in STARTED or t.amount("omstillingsmidler") <= 0 or t.get("type") == S.TYPE_ADMIN:
            continue
        if t.amount("innvilget") <= 0 and not isinstance(t.get("innvilget"), str):
            yield make(
                "OX-F007",
                t.cell("innvilget"),
                value=t.get("innvilget"),
                expected=_("innvilget beløp"),
                tiltak=_tiltak_name(t),
                status=i18n.gettext("workbook", status),
            )


RULES = (fylkesandel, admin_andel, allowed_use, de_minimis, started_without_innvilget)
