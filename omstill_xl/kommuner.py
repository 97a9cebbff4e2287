"""Kommuner as data: the 2024 list and the kommunenummer history (SSB classification 131).

``kommuner()``/``lookup()`` give the 357 kommuner of 2024 (the current list). The history answers what a
number meant in a given year and what it became: ``valid_in(code, year)``, ``name_in(code, year)``,
``history(code)`` (SSB's number changes from 2018 on through that number), ``successors(code)``,
``in_force(code, year)`` (the number that applied in another year), ``current(code, year)`` (the one kommune of
today the number leads to), ``same_kommune(a, b)`` and ``renumbering_hint(code, year)`` (a sentence for messages). Sources: ``data/README.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache

from .data import text as data_text


@dataclass(frozen=True)
class Kommune:
    """One kommune in SSB's register: number, name, fylke."""

    nummer: str
    navn: str
    """The name as SSB writes it, with the Sami/Kven forms: «Deatnu - Tana», «Porsanger - Porsángu - Porsanki»."""
    fylkesnummer: str
    fylke: str

    @property
    def navneformer(self) -> tuple[str, ...]:
        """Each language form of the name (``("Deatnu", "Tana")``; SSB separates them with « - »), without SSB's
        disambiguation («Herøy (Nordland)» → ``("Herøy",)``)."""
        return tuple(part.strip() for part in self.navn.split(" (")[0].split(" - "))


@dataclass(frozen=True)
class Nummerperiode:
    """A kommunenummer with the name it had, from year ``fra`` to ``til`` (``None``: open-ended)."""

    nummer: str
    navn: str
    fra: int | None
    til: int | None

    def covers(self, year: int) -> bool:
        return (self.fra is None or self.fra <= year) and (self.til is None or year <= self.til)


@dataclass(frozen=True)
class Endring:
    """One of SSB's number changes: on ``dato`` the kommune ``gammelt_nummer`` became (part of) ``nytt_nummer``."""

    dato: dt.date
    gammelt_nummer: str
    gammelt_navn: str
    nytt_nummer: str
    nytt_navn: str


def _rows(name: str) -> list[dict[str, str]]:
    text = data_text(name)
    return list(csv.DictReader(text.splitlines(), delimiter=";"))


@cache
def kommuner() -> dict[str, Kommune]:
    """All kommuner of 2024 keyed by four-digit kommunenummer."""
    return {
        r["kommunenummer"]: Kommune(r["kommunenummer"], r["kommunenavn"], r["fylkesnummer"], r["fylkesnavn"])
        for r in _rows("kommuner_2024.csv")
    }


def normalise(nummer: object) -> str | None:
    """Four-digit text for a number given as text or number (``301`` → ``"0301"``), or ``None``."""
    if isinstance(nummer, bool):
        return None
    if isinstance(nummer, float) and nummer.is_integer():
        nummer = int(nummer)
    text = str(nummer).strip() if nummer is not None else ""
    return text.zfill(4) if text.isdigit() and len(text) <= 4 else None


def lookup(nummer: object) -> Kommune | None:
    """The kommune of 2024 for a number given as text or number (``301`` and ``"0301"`` both find Oslo)."""
    code = normalise(nummer)
    return kommuner().get(code) if code else None


def fylker() -> dict[str, str]:
    """Fylkesnummer → fylkesnavn, in number order."""
    return {k.fylkesnummer: k.fylke for k in sorted(kommuner().values(), key=lambda k: k.fylkesnummer)}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("ŋ", "n").replace("á", "a").replace("š", "s")


def find_all_by_name(name: str) -> tuple[Kommune, ...]:
    """The kommuner of 2024 whose name, or one of its language forms, is ``name`` (case and á/ŋ/š folded)."""
    want = _fold(name.strip())
    return tuple(k for k in kommuner().values() if want == _fold(k.navn) or want in map(_fold, k.navneformer))


def find_by_name(name: str) -> Kommune | None:
    """The kommune of 2024 whose name, or one of its language forms, is ``name`` (``"Tana"``, ``"Deatnu"``).

    ``None`` when no kommune or more than one (``"Herøy"``, ``"Våler"``) has that name.
    """
    hits = find_all_by_name(name)
    return hits[0] if len(hits) == 1 else None


# --- history -----------------------------------------------------------------------------------------


@cache
def periods() -> dict[str, tuple[Nummerperiode, ...]]:
    """Every kommunenummer in force since 2017, with its name per period."""
    out: dict[str, list[Nummerperiode]] = {}
    for r in _rows("kommunenummer_historikk.csv"):
        p = Nummerperiode(
            r["kommunenummer"],
            r["kommunenavn"],
            int(r["fra"]) if r["fra"] else None,
            int(r["til"]) if r["til"] else None,
        )
        out.setdefault(p.nummer, []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@cache
def changes() -> tuple[Endring, ...]:
    """SSB's kommunenummer changes from 1 January 2018 on, in date order."""
    return tuple(
        Endring(
            dt.date.fromisoformat(r["dato"]), r["gammelt_nummer"], r["gammelt_navn"], r["nytt_nummer"], r["nytt_navn"]
        )
        for r in _rows("kommunenummer_endringer.csv")
    )


def first_year() -> int:
    """The first year the history covers; a number in force then counts as in force in earlier years too."""
    return min(p.fra for ps in periods().values() for p in ps if p.fra is not None) - 1


def last_year() -> int:
    """The year of SSB's newest version in the data; its numbers count as in force in later years too."""
    return max(p.fra for ps in periods().values() for p in ps if p.fra is not None)


def _period(code: str, year: int) -> Nummerperiode | None:
    return next((p for p in periods().get(code, ()) if p.covers(year)), None)


def valid_in(nummer: object, year: int) -> bool:
    """Whether ``nummer`` was a kommunenummer in force in ``year`` (``valid_in("3005", 2022)`` is true)."""
    code = normalise(nummer)
    return code is not None and _period(code, year) is not None


def name_in(nummer: object, year: int) -> str | None:
    """The kommune's name under ``nummer`` in ``year``, or ``None`` when the number was not in force then."""
    code = normalise(nummer)
    p = _period(code, year) if code else None
    return p.navn if p else None


def known(nummer: object) -> bool:
    """Whether ``nummer`` has been a kommunenummer at any time the history covers."""
    code = normalise(nummer)
    return code is not None and code in periods()


def years_valid(nummer: object) -> tuple[int | None, int | None]:
    """The first and last year ``nummer`` was in force (``None``: before the history / still in force)."""
    code = normalise(nummer)
    ps = periods().get(code or "", ())
    if not ps:
        return None, None
    fra = None if any(p.fra is None for p in ps) else min(p.fra for p in ps if p.fra is not None)
    til = None if any(p.til is None for p in ps) else max(p.til for p in ps if p.til is not None)
    return fra, til


def history(nummer: object) -> tuple[Endring, ...]:
    """SSB's number changes connected with ``nummer``, in date order.

    ``history("4014")`` gives 0815 → 3814 (2020) and 3814 → 4014 (2024). The changes are followed both ways
    through every number they touch, so a merger lists all the numbers that went into the new one and a split
    lists every new kommune.
    """
    code = normalise(nummer)
    if code is None:
        return ()
    found: set[Endring] = set()
    todo, done = [code], set()
    while todo:
        c = todo.pop()
        done.add(c)
        for e in changes():
            if c in (e.gammelt_nummer, e.nytt_nummer) and e not in found:
                found.add(e)
                todo.extend(n for n in (e.gammelt_nummer, e.nytt_nummer) if n not in done)
    return tuple(sorted(found, key=lambda e: (e.dato, e.gammelt_nummer, e.nytt_nummer)))


def predecessors(nummer: object, year: int) -> tuple[str, ...]:
    """The numbers in force in ``year`` that became (part of) ``nummer`` (``predecessors("4014", 2019)`` is 0815)."""
    code = normalise(nummer)
    if code is None:
        return ()
    if valid_in(code, year):
        return (code,)
    return tuple(sorted(c for c in periods() if valid_in(c, year) and code in {k.nummer for k in successors(c, year)}))


def successors(nummer: object, year: int | None = None) -> tuple[Kommune, ...]:
    """The kommuner of today that ``nummer`` (as it was in ``year``, if given) became, in number order.

    One for a renumbering or a merger, several for a split (1507 Ålesund → 1508 Ålesund and 1580 Haram),
    the kommune itself when the number is still in force, none when the number is unknown.
    """
    code = normalise(nummer)
    if code is None or (year is not None and not valid_in(code, year)):
        return ()
    since = dt.date(year, 12, 31) if year is not None else dt.date.min
    found: set[str] = set()
    todo = [(code, since)]
    while todo:
        c, after = todo.pop()
        onward = [e for e in changes() if e.gammelt_nummer == c and e.dato > after]
        if c in kommuner() and not any(e.nytt_nummer != c for e in onward):
            found.add(c)
            continue
        if not onward:
            if c in kommuner():
                found.add(c)
            continue
        first = min(e.dato for e in onward)
        todo.extend((e.nytt_nummer, e.dato) for e in onward if e.dato == first)
    return tuple(kommuner()[c] for c in sorted(found))


def in_force(nummer: object, year: int | None = None) -> tuple[str, ...]:
    """The number(s) in force in ``year`` (default: today) for the kommune that ``nummer`` is or was.

    ``in_force("0815", 2022)`` is ``("3814",)``, ``in_force("4014", 2019)`` is ``("0815",)``, ``in_force("1507")``
    is ``("1508", "1580")`` (split); the number itself when it is in force in ``year``; ``()`` when unknown.
    """
    code = normalise(nummer)
    if code is None or not known(code):
        return ()
    if year is None:
        return tuple(k.nummer for k in successors(code))
    if valid_in(code, year):
        return (code,)
    til = years_valid(code)[1]
    if til is not None and year > til:  # an older number: follow the changes up to ``year``
        found: set[str] = set()
        todo = [(code, dt.date.min)]
        while todo:
            c, after = todo.pop()
            onward = [e for e in changes() if e.gammelt_nummer == c and after < e.dato and e.dato.year <= year]
            if valid_in(c, year):
                found.add(c)
                continue
            if not onward:
                continue
            first = min(e.dato for e in onward)
            todo.extend((e.nytt_nummer, e.dato) for e in onward if e.dato == first)
        return tuple(sorted(found))
    return predecessors(code, year)  # a newer number: the ones it came from


def current(nummer: object, year: int | None = None) -> Kommune | None:
    """The one kommune of today that ``nummer`` (as it was in ``year``, if given) is now.

    ``current("0815")`` and ``current("3814", 2022)`` are 4014 Kragerø; ``current("3005")`` is 3301 Drammen.
    ``None`` for an unknown number, a number not in force in ``year``, or a kommune that was split.
    """
    found = successors(nummer, year)
    return found[0] if len(found) == 1 else None


def same_kommune(a: object, b: object, year_a: int | None = None, year_b: int | None = None) -> bool:
    """Whether two kommunenummer (each as it was in its year, if given) lead to a common kommune of today.

    ``same_kommune("3814", "4014", 2022, 2025)`` is true (Kragerø renumbered), ``same_kommune("3005", "3301")``
    too; ``same_kommune("1507", "1580", 2022, 2024)`` is true (Haram was part of Ålesund 2020–2023);
    ``same_kommune("4014", "3301")`` is false. For grouping a programme's workbooks across the reforms.
    """
    mine = {k.nummer for k in successors(a, year_a)}
    return bool(mine) and bool(mine & {k.nummer for k in successors(b, year_b)})


def renumbering_hint(nummer: object, year: int | None) -> str | None:
    """A Norwegian sentence on what ``nummer`` is, for messages; ``None`` for a number never in force.

    «3005 er Drammens nummer til 2023; fra 2024 er det 3301.» / «4014 er Kragerøs nummer fra 2024; i 2022 var
    det 3814.»
    """
    from . import i18n

    _ = i18n.translator("rules")
    code = normalise(nummer)
    if code is None or not known(code):
        return None
    fra, til = years_valid(code)
    short = _short(periods()[code][-1].navn)
    # «Drammens nummer» / «nummeret til Drammen» (nynorsk has no s-genitive for names)
    who = f"nummeret til {short}" if i18n.current() == i18n.NYNORSK else f"{_genitive(short)} nummer"
    if til is not None and (year is None or year > til):
        steps = _line(code)
        if steps and not isinstance(steps[-1][1], tuple):
            said = ", ".join(_("fra {year} {number}").format(year=y, number=n) for y, n in steps[1:])
            text = _("{code} er {who} til {til}; fra {year} er det {number}").format(
                code=code, who=who, til=til, year=steps[0][0], number=steps[0][1]
            )
            return text + (f", {said}" if said else "")
        now = successors(code)
        if now:
            listed = ", ".join(f"{k.nummer} {k.navn}" for k in now)
            return _("{code} er {who} til {til}; fra {year} ble kommunen delt: {listed}").format(
                code=code, who=who, til=til, year=til + 1, listed=listed
            )
        return _("{code} var {who} til {til}").format(code=code, who=who, til=til)
    if year is not None and fra is not None and year < fra:
        then = _(" og ").join(predecessors(code, year))
        text = _("{code} er {who} fra {fra}").format(code=code, who=who, fra=fra)
        return text + (_("; i {year} var det {then}").format(year=year, then=then) if then else "")
    return None


def _line(code: str) -> list[tuple[int, str | tuple[str, ...]]]:
    """The numbers ``code`` became, with the year each came into force; a split ends the line as a tuple."""
    steps: list[tuple[int, str | tuple[str, ...]]] = []
    c, after = code, dt.date.min
    while True:
        onward = [e for e in changes() if e.gammelt_nummer == c and e.dato > after]
        if not onward:
            return steps
        first = min(e.dato for e in onward)
        new = sorted({e.nytt_nummer for e in onward if e.dato == first})
        if new == [c]:
            after = first
            continue
        if len(new) > 1:
            steps.append((first.year, tuple(new)))
            return steps
        steps.append((first.year, new[0]))
        c, after = new[0], first


def _short(navn: str) -> str:
    """The first form of the name as SSB orders it, for running text («Hábmer - Hamarøy» → «Hábmer»), without
    SSB's disambiguation «(Nordland)»."""
    name = navn.split(" (")[0]
    return name.split(" - ")[0] if " - " in name else name


def _genitive(name: str) -> str:
    return name + ("'" if name[-1:].lower() in "sxz" else "s")
