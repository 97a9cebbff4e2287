"""The comparison's conclusions as Norwegian sentences (Word section and terminal alike)."""

from __future__ import annotations

from .criteria import BY_KEY, FORMS
from .numbers import decimal, percent, points
from .scoring import Ranking, Sensitivity

MAX_SHIFTS_LISTED = 4


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_forms(forms: tuple[str, ...] | list[str]) -> str:
    names = list(forms)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def runner_up(ranking: Ranking) -> str | None:
    rest = [(t, FORMS.index(f), f) for f, t in ranking.totals.items() if t is not None and f not in ranking.winners]
    return min(rest, key=lambda x: (-x[0], x[1]))[2] if rest else None


def result_sentence(ranking: Ranking) -> str:
    if not ranking.winners:
        return (
            "Formene har ennå ikke fått poeng. Gi hver form 1–5 poeng per kriterium på arket "
            "«Organisasjonsform», så regnes rangeringen ut."
        )
    top = ranking.winners[0]
    total = decimal(ranking.totals[top] or 0.0)
    if len(ranking.winners) > 1:
        return f"{_cap(join_forms(ranking.winners))} står likt øverst med {total} poeng hver."
    second = runner_up(ranking)
    if second is None:
        return f"Best rangert er {top} med {total} poeng. Ingen andre former har fått poeng."
    gap = (ranking.totals[top] or 0.0) - (ranking.totals[second] or 0.0)
    return (
        f"Best rangert er {top} med {total} poeng, {decimal(gap)} poeng foran {second} "
        f"({decimal(ranking.totals[second] or 0.0)})."
    )


def chosen_sentence(ranking: Ranking, chosen: str | None) -> str:
    if not chosen or chosen not in FORMS:
        return ""
    if not ranking.winners:
        return f"Valgt organisasjonsform er {chosen}."
    if chosen in ranking.winners:
        return f"Kommunen har valgt {chosen}, som også er best rangert."
    total = ranking.totals.get(chosen)
    top = ranking.winners[0]
    if total is None:
        return (
            f"Kommunen har valgt {chosen}, men den formen har ikke fått poeng i sammenlikningen. Best rangert er {top}."
        )
    gap = (ranking.totals[top] or 0.0) - total
    return (
        f"Kommunen har valgt {chosen}. Den har {decimal(total)} poeng, {decimal(gap)} poeng "
        f"bak {top}. Begrunn valget i saksframlegget."
    )


def sensitivity_sentence(s: Sensitivity) -> str:
    if not s.assessed:
        return "Følsomheten kan vurderes når formene har fått poeng."
    step = points(s.step)
    if len(s.winners) > 1:
        return f"{_cap(join_forms(s.winners))} står likt øverst, så selv små endringer i vektene avgjør rekkefølgen."
    winner = s.winners[0]
    if not s.changes:
        return (
            f"Vinneren er robust: {winner} er best rangert også om én av vektene flyttes {step} opp eller "
            "ned (de andre vektene uendret)."
        )
    parts = []
    for shift in s.shifts[:MAX_SHIFTS_LISTED]:
        direction = "opp" if shift.delta > 0 else "ned"
        name = BY_KEY[shift.criterion].name if shift.criterion in BY_KEY else shift.criterion
        new_total = decimal(shift.totals[shift.winners[0]] or 0.0)
        if len(shift.winners) == 1:
            outcome = f"blir {shift.winners[0]} best ({new_total} mot {decimal(shift.totals[winner] or 0.0)})"
        else:
            outcome = f"står {join_forms(shift.winners)} likt øverst ({new_total} poeng)"
        parts.append(
            f"går vekten for «{name}» {direction} fra {percent(shift.old)} til {percent(shift.new)}, " + outcome
        )
    more = len(s.shifts) - MAX_SHIFTS_LISTED
    tail = ""
    if more > 0:
        tail = (
            f"; og {more} annen endring" if more == 1 else f"; og {more} andre endringer"
        ) + " av samme størrelse gir også en annen vinner"
    return f"Vinneren er følsom for vektene. {_cap(winner)} er best nå, men " + "; ".join(parts) + tail + "."


def caveats(ranking: Ranking, weights_in_use: bool = True) -> list[str]:
    """What the reader must know about the numbers: weights not summing to 100 %, forms scored in part."""
    from .criteria import CRITERIA

    out = []
    if weights_in_use and abs(ranking.weight_sum - 1) > 0.0005:
        out.append(
            f"Vektene summerer til {percent(ranking.weight_sum)}, ikke 100 %, så vektet poengsum kan ikke "
            "leses som 1–5. Rekkefølgen påvirkes ikke."
        )
    partial = [f for f in FORMS if 0 < ranking.filled[f] < len(CRITERIA)]
    for f in partial:
        out.append(
            f"{_cap(f)} har poeng på bare {ranking.filled[f]} av {len(CRITERIA)} kriterier; tomme celler "
            "teller som 0, så formen kommer for lavt ut."
        )
    return out


def sensitivity_summary(s: Sensitivity) -> str:
    """One short line for the top of the section; ``sensitivity_sentence`` has the details."""
    if not s.assessed:
        return ""
    if len(s.winners) > 1:
        return "To eller flere former står likt øverst; vektene avgjør."
    if not s.changes:
        return f"Vinneren er den samme om én vekt flyttes {points(s.step)} opp eller ned."
    n = len(s.shifts)
    return (
        f"Vinneren kan skifte: {n} {'endring' if n == 1 else 'endringer'} av én vekt med {points(s.step)} gir "
        "en annen best rangert form (se «Følsomhet» nedenfor)."
    )
