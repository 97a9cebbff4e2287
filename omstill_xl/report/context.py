"""Plans → the plain report context (dicts, lists, numbers, text). Pure: no files, no Word, no Babel.

``build_context(current, earlier)`` takes the report year's workbook and, for the cumulative figures, the same
programme's workbooks for earlier years. The shape is declared once in ``variables.CONTEXT``; the template
formats numbers with the Norwegian filters from ``formatting``. Free text comes from the workbook (Program
«Hovedmål», Innsatsområder «Mål», Tiltak «Kommentar», indicator comments); where the workbook has none, the
context holds a placeholder «[Skriv her: …]» that the renderer highlights — never invented prose.

>>> ctx = build_context(Source(plan, "eksempel-2025.xlsx", sha256, findings))   # doctest: +SKIP
>>> ctx["finansiering"]["disponibelt"]                                            # doctest: +SKIP
4000000.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__, i18n
from .. import schema as S
from ..findings import Finding, severity_name, summary_line
from ..kommuner import lookup
from ..model import Handlingsplan, Record
from ..profiles import Profile
from ..totals import SOURCES, plan_totals
from .variables import CONTEXT, check_context  # noqa: F401 - re-exported: the schema lives beside the builder

_ = i18n.translator("report")

PLACEHOLDER_PREFIX = "[Skriv her: "  # the same in nynorsk

SOURCE_NAMES = {c.key: c.short for c in S.FINANCING_SOURCES}  # declared in schema.py (its catalogue: workbook)
JOB_INDICATORS = S.JOB_INDICATORS
_MONEY = ("budsjett", S.OWN_SOURCE, "innvilget", "utbetalt", "regnskap")
_AMOUNT_KEYS = ("budsjett", *SOURCES, "innvilget", "utbetalt", "regnskap")  # the tiltak amounts, from schema.py
_TEXT_KEYS = tuple(c.key for c in S.TILTAK.table.input_columns if c.kind != "amount")  # type: ignore[union-attr]
_CODE_KEYS = tuple(c.key for c in S.TILTAK.table.input_columns if isinstance(c.codelist, S.CodeList))  # type: ignore[union-attr]
# XML 1.0 forbids most control characters; docxtpl gives \a, \f and \t special meaning. \n stays (line break).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Source:
    """One workbook the report is built from: the model, its file name, checksum and findings."""

    plan: Handlingsplan
    name: str  # file name as shown in the report (never a full path)
    sha256: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "feil" for f in self.findings)


# --- small pure helpers ------------------------------------------------------------------------------------


def clean(value: object) -> str:
    """Text from a cell, safe for Word: no control characters, \\r\\n → \\n, tabs → spaces, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def code_word(value: str) -> str:
    """A code-list word from the workbook (status, type, PLP-fase, a source's name) in the current målform:
    the words are declared in schema.py, so their nynorsk forms are in the workbook's catalogue (a word the
    report uses itself, such as «Omstillingsmidler», is also in the report's)."""
    if not value:
        return value
    found = i18n.gettext("workbook", value)
    return found if found != value else _(value)


def placeholder(what: str) -> str:
    """The marked paragraph an author replaces: ``[Skriv her: …]`` (highlighted by the renderer)."""
    return f"{PLACEHOLDER_PREFIX}{what}]"


def free_text(value: object, what: str) -> str:
    text = clean(value)
    return text if text else placeholder(what)


def _num(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _year(value: object) -> int | None:
    n = _num(value)
    return int(n) if n is not None and float(n).is_integer() else None


# --- records → dicts -----------------------------------------------------------------------------------------


def _is_admin(t: Record) -> bool:
    return t.get("type") == S.TYPE_ADMIN


def _tiltak(t: Record) -> dict[str, Any]:
    out: dict[str, Any] = {k: clean(t.get(k)) for k in _TEXT_KEYS}
    for k in _CODE_KEYS:
        out[k] = code_word(out[k])
    for k in _AMOUNT_KEYS:
        out[k] = _num(t.get(k))
    return out


def _sum(rows: Sequence[Record], key: str) -> float | None:
    """The sum of a column; None when no row has a value (a plan whose year has not started)."""
    if key in ("budsjett", "omstillingsmidler") or any(_num(t.get(key)) is not None for t in rows):
        return float(sum(t.amount(key) for t in rows))
    return None


def _money(tiltak: Iterable[Record]) -> dict[str, float | None]:
    rows = list(tiltak)
    return {k: _sum(rows, k) for k in _MONEY}


def _deviation(budsjett: float, regnskap: float) -> dict[str, Any]:
    return {
        "budsjett": budsjett,
        "regnskap": regnskap,
        "avvik": regnskap - budsjett,
        "avvik_andel": _ratio(regnskap - budsjett, budsjett),
    }


# --- the chapters --------------------------------------------------------------------------------------------


def _program(plan: Handlingsplan, aar: int) -> dict[str, Any]:
    p = plan.program
    k = lookup(p.get("kommunenummer"))
    fra, til = _year(p.get("status_fra")), _year(p.get("status_til"))
    return {
        "navn": clean(p.get("programnavn")),
        "kommunenummer": k.nummer if k else clean(p.get("kommunenummer")),
        "kommune": k.navn if k else "",
        "fylke": k.fylke if k else "",
        "fylkeskommune": f"{k.fylke} fylkeskommune" if k else _("fylkeskommunen"),
        "organisasjonsform": code_word(clean(p.get("organisasjonsform"))),
        "organisasjon": clean(p.get("organisasjon")),
        "programleder": clean(p.get("programleder")),
        "status_fra": fra,
        "status_til": til,
        "programaar": aar - fra + 1 if fra is not None and fra <= aar else None,
        "antall_aar": til - fra + 1 if fra is not None and til is not None and til >= fra else None,
        "hovedmaal": free_text(p.get("hovedmaal"), _("programmets hovedmål fra omstillingsplanen")),
    }


def _indicator_values(plans: Sequence[Handlingsplan]) -> tuple[list[str], dict[tuple[str, int], dict[str, Any]]]:
    """(indicator names in order, (name, year) → {maal, resultat, kommentar}); newer workbooks win per value."""
    names: list[str] = []
    values: dict[tuple[str, int], dict[str, Any]] = {}
    for plan in sorted(plans, key=lambda p: p.aar or 0):
        for r in plan.indikatorer:
            name, year = clean(r.get("indikator")), _year(r.get("aar"))
            if not name or year is None:
                continue
            if name not in names:
                names.append(name)
            slot = values.setdefault((name, year), {"maal": None, "resultat": None, "kommentar": ""})
            for key in ("maal", "resultat"):
                if _num(r.get(key)) is not None:
                    slot[key] = _num(r.get(key))
            if clean(r.get("kommentar")):
                slot["kommentar"] = clean(r.get("kommentar"))
    current_names = [clean(r.get("indikator")) for r in plans[-1].indikatorer] if plans else []
    ordered = [n for n in dict.fromkeys(current_names) if n] + [n for n in names if n not in current_names]
    return ordered, values


def _maal(current: Handlingsplan, plans: Sequence[Handlingsplan], aar: int, fra: int) -> dict[str, Any]:
    from ..programme.indicators import achieved, declarations, declared, goal, goals

    table = declarations(plans)
    targets_for_period = goals(plans)
    names, values = _indicator_values(plans)
    years_to_date = range(fra, aar + 1)
    rows, later, comments = [], [], []
    for name in names:
        own = {y: v for (n, y), v in values.items() if n == name}
        kind = declared(table, name)
        summable = kind.summed
        if not any(y <= aar for y in own):
            y_last = max(own)
            later.append(
                {
                    "navn": code_word(name),
                    "aar": y_last,
                    "maal": own[y_last]["maal"],
                    "kommentar": own[y_last]["kommentar"],
                }
            )
            continue
        this = own.get(aar, {"maal": None, "resultat": None, "kommentar": ""})
        maal, resultat = this["maal"], this["resultat"]
        row: dict[str, Any] = {
            "navn": code_word(name),
            "maal": maal,
            "resultat": resultat,
            "avvik": resultat - maal if maal is not None and resultat is not None else None,
            "maal_hittil": None,
            "resultat_hittil": None,
            "andel_hittil": None,
            "maal_perioden": None,
            "andel_perioden": None,
            "utgangsverdi": None,
            "utgangsaar": None,
            "summerbar": summable,
            "nivaa": kind.kind == S.LEVEL,
        }
        if summable:
            targets = [own[y]["maal"] for y in years_to_date if y in own and own[y]["maal"] is not None]
            results = [own[y]["resultat"] for y in years_to_date if y in own and own[y]["resultat"] is not None]
            row["maal_hittil"] = sum(targets) if targets else None
            row["resultat_hittil"] = sum(results) if results else None
            if row["maal_hittil"] and row["resultat_hittil"] is not None:
                row["andel_hittil"] = row["resultat_hittil"] / row["maal_hittil"]
            period = [v["maal"] for v in own.values() if v["maal"] is not None]
            row["maal_perioden"] = sum(period) if period else None
        # The stated period target wins over the sum of the yearly ones; it is reached the way totals add up:
        # a flow by its sum to date, a level or distinct count by its latest result.
        stated = goal(targets_for_period, name)
        if stated.maal_perioden is not None:
            row["maal_perioden"] = stated.maal_perioden
        latest = next(
            (own[y]["resultat"] for y in sorted(own, reverse=True) if y <= aar and own[y]["resultat"] is not None), None
        )
        row["andel_perioden"] = achieved(kind, row["maal_perioden"], row["resultat_hittil"], latest)
        row["utgangsverdi"], row["utgangsaar"] = stated.utgangsverdi, stated.utgangsaar
        rows.append(row)
        if this["kommentar"]:
            comments.append({"indikator": code_word(name), "aar": aar, "tekst": this["kommentar"]})
    source_years = sorted({p.aar for p in plans if p.aar is not None and fra <= p.aar <= aar})
    return {
        "fra_aar": fra,
        "kildeaar": source_years,
        "indikatorer": rows,
        "senere": later,
        "kommentarer": comments,
        "vurdering": placeholder(
            _(
                "vurdering av måloppnåelsen: hva gikk som planlagt, hva gjorde ikke det, og "
                "erfaringer og læring fra året (gjerne med resultatet av programstatusvurderingen)"
            )
        ),
    }


def _jobs_chart(plans: Sequence[Handlingsplan], aar: int, fra: int, til: int) -> dict[str, Any] | None:
    _names, values = _indicator_values(plans)
    if not any(n in JOB_INDICATORS for n, _ in values):
        return None
    years = list(range(fra, max(til, aar) + 1))
    target_sum = results_sum = 0.0
    targets: list[float | None] = []
    results: list[float | None] = []
    for y in years:
        target_sum += sum(values.get((n, y), {}).get("maal") or 0 for n in JOB_INDICATORS)
        targets.append(target_sum)
        found = [
            values[(n, y)]["resultat"]
            for n in JOB_INDICATORS
            if (n, y) in values and values[(n, y)]["resultat"] is not None
        ]
        if y <= aar and found:
            results_sum += sum(found)
            results.append(results_sum)
        else:
            results.append(None)
    return {
        "tittel": _("Nye og sikrede arbeidsplasser, kumulativt"),
        "type": "linje",
        "enhet": "antall",
        "kategorier": [str(y) for y in years],
        "serier": [{"navn": _("Mål"), "verdier": targets}, {"navn": _("Resultat"), "verdier": results}],
    }


def _indicator_chart(rows: list[dict[str, Any]], aar: int) -> dict[str, Any] | None:
    counts = [r for r in rows if not r["nivaa"]]  # counts on one axis; shares and levels not
    shown = [r for r in counts if r["maal"] is not None or r["resultat"] is not None]
    if not shown:
        return None
    series = [
        {"navn": _("Mål"), "verdier": [r["maal"] for r in shown]},
        {"navn": _("Resultat"), "verdier": [r["resultat"] for r in shown]},
    ]
    return {
        "tittel": _("Mål og resultat {aar}").format(aar=aar),
        "type": "liggende",
        "enhet": "antall",
        "kategorier": [r["navn"] for r in shown],
        "serier": _with_values(series),
    }


def _with_values(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the series that have at least one value (no empty legend entries)."""
    return [s for s in series if any(v is not None for v in s["verdier"])]


def _io_chart(ios: list[dict[str, Any]], admin: dict[str, Any] | None) -> dict[str, Any] | None:
    groups = [(io["id"] or io["navn"], io) for io in ios]
    if admin is not None and admin["omstillingsmidler"]:
        groups.append((_("Adm."), admin))
    if not groups:
        return None
    return {
        "tittel": _("Omstillingsmidler per innsatsområde"),
        "type": "stolper",
        "enhet": "kr",
        "kategorier": [g for g, _ in groups],
        "serier": _with_values(
            [
                {"navn": label, "verdier": [d[key] for _, d in groups]}
                for key, label in (
                    ("omstillingsmidler", _("Budsjett")),
                    ("innvilget", _("Innvilget")),
                    ("utbetalt", _("Utbetalt")),
                )
            ]
        ),
    }


def _innsatsomrader(plan: Handlingsplan) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ios, seen = [], set()
    for nr, io in enumerate((r for r in plan.innsatsomrader if clean(r.get("id"))), start=1):
        io_id = clean(io.get("id"))
        seen.add(io_id)
        tiltak = [t for t in plan.tiltak if not _is_admin(t) and clean(t.get("innsatsomrade")) == io_id]
        ios.append(
            {
                "nr": nr,
                "id": io_id,
                "navn": clean(io.get("navn")),
                "maal": free_text(io.get("maal"), _("målet for innsatsområdet {id}").format(id=io_id)),
                "strategier": clean(io.get("strategier")),
                **_money(tiltak),
                "antall_tiltak": len(tiltak),
                "tiltak": [_tiltak(t) for t in tiltak],
                "kommentarer": [
                    {"id": clean(t.get("id")), "navn": clean(t.get("navn")), "tekst": clean(t.get("kommentar"))}
                    for t in tiltak
                    if clean(t.get("kommentar"))
                ],
                "vurdering": placeholder(
                    _("resultater og vurdering for {name}").format(name=clean(io.get("navn")) or io_id)
                ),
            }
        )
    orphans = [_tiltak(t) for t in plan.tiltak if not _is_admin(t) and clean(t.get("innsatsomrade")) not in seen]
    return ios, orphans


def _organisering(plan: Handlingsplan, profile: Profile, extra: Sequence[dict[str, Any]]) -> dict[str, Any]:
    admin_rows = [t for t in plan.tiltak if _is_admin(t)]
    totals = plan_totals(plan)
    andel = totals.admin_andel
    return {
        "organisasjonsform": code_word(clean(plan.program.get("organisasjonsform"))),
        "organisasjon": clean(plan.program.get("organisasjon")),
        "programleder": clean(plan.program.get("programleder")),
        "styret": placeholder(
            _(
                "styrets sammensetning (leder, medlemmer, observatører fra fylkeskommunen og "
                "Innovasjon Norge), antall møter og viktige saker"
            )
        ),
        "samarbeid": placeholder(_("samarbeid med kommunen, næringslivet, Innovasjon Norge og andre aktører i året")),
        "administrasjon": {
            **_money(admin_rows),
            "andel": andel,
            "terskel": profile.admin_terskel,
            "over_terskel": andel > profile.admin_terskel,
        },
        "tillegg": [dict(s) for s in extra],
    }


def _finansiering(plan: Handlingsplan, aar: int) -> dict[str, Any]:
    t = plan_totals(plan)
    fin = plan.finansiering
    fylke, kommune = fin.amount("fylkeskommunens_tilskudd"), fin.amount("kommunens_egenandel")
    omst = t.omstillingsmidler_i_alt
    fordelt = t.by_source["omstillingsmidler"]
    maks = _num(plan.program.get("maks_fylkesandel"))
    by_status: dict[str, list[Record]] = {}
    for r in plan.tiltak:
        by_status.setdefault(clean(r.get("status")) or "", []).append(r)
    order = {s: i for i, s in enumerate(S.STATUSER.values)}
    ramme = [r for r in plan.ramme if _year(r.get("aar")) is not None]
    ramme_rows = [
        {
            "aar": _year(r.get("aar")),
            "fylkeskommune": r.amount("fylkeskommune"),
            "kommune": r.amount("kommune"),
            "sum": r.amount("fylkeskommune") + r.amount("kommune"),
            "i_aar": _year(r.get("aar")) == aar,
        }
        for r in ramme
    ]
    return {
        "fylkeskommunens_tilskudd": fylke,
        "kommunens_egenandel": kommune,
        "omstillingsmidler": omst,
        "overfort": fin.amount("overfort"),
        "disponibelt": t.disponibelt,
        "fordelt": fordelt,
        "ikke_fordelt": t.disponibelt - fordelt,
        "fylkesandel": t.fylkesandel,
        "egenandel_andel": kommune / omst if omst else 0.0,
        "maks_fylkesandel": maks,
        "over_maks": maks is not None and t.fylkesandel > maks + 1e-9,
        "kilder": [
            {
                "navn": code_word(SOURCE_NAMES[k]),
                "belop": t.by_source[k],
                "andel": _ratio(t.by_source[k], t.budsjett) or 0.0,
            }
            for k in SOURCES
        ],
        "kilder_sum": sum(t.by_source.values()),
        "innvilget": t.innvilget,
        "utbetalt": t.utbetalt,
        "ikke_innvilget": t.disponibelt - t.innvilget,
        "innvilget_ikke_utbetalt": t.innvilget - t.utbetalt,
        "ikke_utbetalt": t.disponibelt - t.utbetalt,
        "status": [
            {
                "status": code_word(name) if name else _("uten status"),
                "antall": len(rows),
                **{k: _sum(rows, k) for k in ("omstillingsmidler", "innvilget", "utbetalt")},
            }
            for name, rows in sorted(by_status.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
        ],
        "ramme": ramme_rows,
        "ramme_sum": {k: sum(float(r[k] or 0) for r in ramme_rows) for k in ("fylkeskommune", "kommune", "sum")},
    }


def _year_by_year(
    sources: Sequence[Source], aar: int, fra: int
) -> tuple[list[dict[str, Any]], dict[str, float | None]]:
    """The period table: per year what was put in, and what was *new* on the tiltak and *newly* granted that year
    (what a tiltak carried in from the year before was counted then — ``programme.ledger``), so the rows add up
    to the figures to date with each krone once."""
    from ..programme.ledger import Ledger

    current = sources[-1].plan
    ledger = Ledger([s.plan for s in sources])
    by_year = {y.year: y for y in ledger.years}
    names = {s.plan.aar: s.name for s in sources}
    ramme = {_year(r.get("aar")): r for r in current.ramme}
    rows = []
    for y in range(fra, aar + 1):
        yt = by_year.get(y)
        if yt is not None:
            p = yt.plan
            has = {k: any(r.get(k) is not None for r in p.tiltak) for k in ("innvilget", "utbetalt", "regnskap")}
            rows.append(
                {
                    "aar": y,
                    "fylkeskommune": yt.fylkeskommune,
                    "kommune": yt.kommune,
                    "omstillingsmidler": yt.fordelt_nytt,
                    "innvilget": yt.innvilget_nytt if has["innvilget"] else None,
                    "utbetalt": yt.utbetalt if has["utbetalt"] else None,
                    "regnskap": yt.regnskap if has["regnskap"] else None,
                    "kilde": names.get(y, ""),
                }
            )
        else:
            r = ramme.get(y)
            rows.append(
                {
                    "aar": y,
                    "fylkeskommune": r.amount("fylkeskommune") if r else None,
                    "kommune": r.amount("kommune") if r else None,
                    "omstillingsmidler": None,
                    "innvilget": None,
                    "utbetalt": None,
                    "regnskap": None,
                    "kilde": _("ingen arbeidsbok (rammen)") if r else _("ingen arbeidsbok"),
                }
            )
    keys = ("fylkeskommune", "kommune", "omstillingsmidler", "innvilget", "utbetalt", "regnskap")
    return rows, {k: sum(float(r[k] or 0) for r in rows) if any(r[k] is not None for r in rows) else None for k in keys}


def _regnskap(plan: Handlingsplan, ios: list[dict[str, Any]], profile: Profile) -> dict[str, Any]:
    booked = [t for t in plan.tiltak if t.get("regnskap") is not None]
    budsjett = float(sum(t.amount("omstillingsmidler") for t in plan.tiltak))
    regnskap = float(sum(t.amount("regnskap") for t in plan.tiltak))
    per_io = [
        {"id": io["id"], "navn": io["navn"], **_deviation(io["omstillingsmidler"], io["regnskap"] or 0.0)} for io in ios
    ]
    admin = [t for t in plan.tiltak if _is_admin(t)]
    if admin:
        m = _money(admin)
        per_io.append(
            {
                "id": "",
                "navn": _("Administrasjon og drift"),
                **_deviation(m["omstillingsmidler"] or 0.0, m["regnskap"] or 0.0),
            }
        )
    large = []
    for t in booked:
        omst, reg = t.amount("omstillingsmidler"), t.amount("regnskap")
        dev = reg - omst
        rel = abs(dev) / omst if omst else (1.0 if dev else 0.0)
        if rel > profile.regnskap_toleranse and abs(dev) >= profile.regnskap_toleranse_kr:
            large.append(
                {
                    "id": clean(t.get("id")),
                    "navn": clean(t.get("navn")),
                    **_deviation(omst, reg),
                    "kommentar": free_text(
                        t.get("kommentar"), _("forklar avviket for {id}").format(id=clean(t.get("id")))
                    ),
                }
            )
    return {
        "har_regnskap": bool(booked),
        **_deviation(budsjett, regnskap),
        "per_innsatsomrade": per_io,
        "store_avvik": large,
        "toleranse": profile.regnskap_toleranse,
        "toleranse_kr": profile.regnskap_toleranse_kr,
        "kommentar": placeholder(
            _(
                "kommentar til regnskapet: revisjon, hvordan ubrukte midler overføres, og "
                "andre forhold styret og fylkeskommunen bør kjenne til"
            )
        ),
    }


def _vedlegg(plan: Handlingsplan, sources: Sequence[Source]) -> dict[str, Any]:
    keys = _AMOUNT_KEYS
    findings = [
        {
            "fil": s.name,
            "kode": f.code,
            "alvorlighet": severity_name(f.severity),
            "sted": f.location,
            "melding": clean(f.message),
        }
        for s in sources
        for f in s.findings
    ]
    if len(sources) == 1:
        summary = summary_line(list(sources[0].findings))
    else:
        summary = "; ".join(f"{s.name}: {summary_line(list(s.findings))}" for s in sources)
    return {
        "tiltak": [_tiltak(t) for t in plan.tiltak],
        "tiltak_sum": {k: _sum(plan.tiltak, k) for k in keys},
        "kontroll": {"sammendrag": summary, "funn": findings},
    }


def _stamp(sources: Sequence[Source]) -> str:
    bad = [s for s in sources if s.has_errors]
    if not bad:
        return ""
    n = sum(1 for s in bad for f in s.findings if f.severity == "feil")
    files = ", ".join(s.name for s in bad)
    return _(
        "IKKE VALIDERT – laget selv om kontrollen fant {n} feil ({files}). "
        "Tallene kan være feil; se vedlegget Kontroll av tallgrunnlaget."
    ).format(n=n, files=files)


def build_context(
    current: Source,
    earlier: Sequence[Source] = (),
    *,
    profile: Profile | None = None,
    version: str = __version__,
    extra_sections: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The report context for ``current`` (the report year's workbook) with ``earlier`` years' workbooks.

    ``earlier`` may hold workbooks of any year: only those before the report year are used. ``extra_sections``
    go to ``organisering.tillegg`` (the hook for later sections, e.g. the organisasjonsform comparison).
    """
    profile = profile or Profile()
    plan = current.plan
    aar = plan.aar
    if aar is None:
        raise ValueError("the workbook has no planaar")
    older = sorted((s for s in earlier if s.plan.aar is not None and s.plan.aar < aar), key=lambda s: s.plan.aar or 0)
    sources = [*older, current]
    plans = [s.plan for s in sources]
    program = _program(plan, aar)
    fra = program["status_fra"] if program["status_fra"] is not None and program["status_fra"] <= aar else aar
    til = program["status_til"] if program["status_til"] is not None and program["status_til"] >= aar else aar
    totals = plan_totals(plan)
    ios, orphans = _innsatsomrader(plan)
    non_admin = [t for t in plan.tiltak if not _is_admin(t)]
    admin_rows = [t for t in plan.tiltak if _is_admin(t)]
    omst = totals.by_source["omstillingsmidler"]
    andre = totals.budsjett - omst
    maal = _maal(plan, plans, aar, fra)
    finansiering = _finansiering(plan, aar)
    finansiering["aar_for_aar"], finansiering["aar_for_aar_sum"] = _year_by_year(sources, aar, fra)
    admin_money = _money(admin_rows) if admin_rows else None
    stamp = _stamp(sources)
    ctx: dict[str, Any] = {
        "aar": aar,
        "tittel": _("Årsrapport {aar}").format(aar=aar),
        "periode_fra": f"{aar:04d}-01-01",
        "periode_til": f"{aar:04d}-12-31",
        "validert": not stamp,
        "ikke_validert": stamp,
        "program": program,
        "nokkeltall": {
            "antall_tiltak": len(non_admin),
            "antall_innsatsomrader": len(ios),
            "antall_avsluttet": sum(1 for t in non_admin if t.get("status") == "avsluttet"),
            "antall_bedriftsrettede": sum(1 for t in non_admin if t.get("type") == S.TYPE_BEDRIFTSRETTET),
            "andre_kilder": andre,
            "utlosning": andre / omst if omst else None,
        },
        "innledning": {
            "tekst": placeholder(
                _(
                    "programlederens innledning: året i korte trekk, de viktigste "
                    "resultatene og hendelsene, og planene for neste år"
                )
            )
        },
        "maal": maal,
        "diagrammer": {
            "indikatorer": _indicator_chart(maal["indikatorer"], aar),
            "arbeidsplasser": _jobs_chart(plans, aar, fra, til),
            "innsatsomrader": _io_chart(ios, admin_money),
        },
        "innsatsomrader": ios,
        "uten_innsatsomrade": orphans,
        "totalt": _money(plan.tiltak),
        "organisering": _organisering(plan, profile, extra_sections),
        "finansiering": finansiering,
        "regnskap": _regnskap(plan, ios, profile),
        "vedlegg": _vedlegg(plan, sources),
        "kilde": {
            "fil": current.name,
            "sha256": current.sha256,
            "validering": summary_line(list(current.findings)),
            "verktoy": f"omstill_xl {version}",
            "tidligere": [
                {"fil": s.name, "aar": s.plan.aar, "sha256": s.sha256, "validering": summary_line(list(s.findings))}
                for s in older
            ],
        },
    }
    return ctx
