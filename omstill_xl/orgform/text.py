"""The comparison's conclusions as Norwegian sentences (Word section and terminal alike), in the current målform."""

from __future__ import annotations

from ..i18n import translator
from .criteria import BY_KEY, FORMS, form_name
from .numbers import decimal, percent, points
from .scoring import Ranking, Sensitivity

_ = translator("orgform")

MAX_SHIFTS_LISTED = 4


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_forms(forms: tuple[str, ...] | list[str]) -> str:
    names = [form_name(f) for f in forms]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" og ") + names[-1]


def runner_up(ranking: Ranking) -> str | None:
    rest = [(t, FORMS.index(f), f) for f, t in ranking.totals.items() if t is not None and f not in ranking.winners]
    return min(rest, key=lambda x: (-x[0], x[1]))[2] if rest else None


def result_sentence(ranking: Ranking) -> str:
    if not ranking.winners:
        return _(
            "Formene har ennå ikke fått poeng. Gi hver form 1–5 poeng per kriterium på arket "
            "«Organisasjonsform», så regnes rangeringen ut."
        )
    top = ranking.winners[0]
    total = decimal(ranking.totals[top] or 0.0)
    if len(ranking.winners) > 1:
        return _("{forms} står likt øverst med {total} poeng hver.").format(
            forms=_cap(join_forms(ranking.winners)), total=total
        )
    second = runner_up(ranking)
    if second is None:
        return _("Best rangert er {top} med {total} poeng. Ingen andre former har fått poeng.").format(
            top=form_name(top), total=total
        )
    gap = (ranking.totals[top] or 0.0) - (ranking.totals[second] or 0.0)
    return _("Best rangert er {top} med {total} poeng, {gap} poeng foran {second} ({second_total}).").format(
        top=form_name(top),
        total=total,
        gap=decimal(gap),
        second=form_name(second),
        second_total=decimal(ranking.totals[second] or 0.0),
    )


def chosen_sentence(ranking: Ranking, chosen: str | None) -> str:
    if not chosen or chosen not in FORMS:
        return ""
    name = form_name(chosen)
    if not ranking.winners:
        return _("Valgt organisasjonsform er {chosen}.").format(chosen=name)
    if chosen in ranking.winners:
        return _("Kommunen har valgt {chosen}, som også er best rangert.").format(chosen=name)
    total = ranking.totals.get(chosen)
    top = form_name(ranking.winners[0])
    if total is None:
        return _(
            "Kommunen har valgt {chosen}, men den formen har ikke fått poeng i sammenlikningen. Best rangert er {top}."
        ).format(chosen=name, top=top)
    gap = (ranking.totals[ranking.winners[0]] or 0.0) - total
    return _(
        "Kommunen har valgt {chosen}. Den har {total} poeng, {gap} poeng bak {top}. Begrunn valget i saksframlegget."
    ).format(chosen=name, total=decimal(total), gap=decimal(gap), top=top)


def sensitivity_sentence(s: Sensitivity) -> str:
    if not s.assessed:
        return _("Følsomheten kan vurderes når formene har fått poeng.")
    step = points(s.step)
    if len(s.winners) > 1:
        return _("{forms} står likt øverst, så selv små endringer i vektene avgjør rekkefølgen.").format(
            forms=_cap(join_forms(s.winners))
        )
    winner = s.winners[0]
    if not s.changes:
        return _(
            "Vinneren er robust: {winner} er best rangert også om én av vektene flyttes {step} opp eller "
            "ned (de andre vektene uendret)."
        ).format(winner=form_name(winner), step=step)
    parts = []
    for shift in s.shifts[:MAX_SHIFTS_LISTED]:
        name = BY_KEY[shift.criterion].name if shift.criterion in BY_KEY else shift.criterion
        new_total = decimal(shift.totals[shift.winners[0]] or 0.0)
        if len(shift.winners) == 1:
            outcome = _("blir {form} best ({new} mot {old})").format(
                form=form_name(shift.winners[0]), new=new_total, old=decimal(shift.totals[winner] or 0.0)
            )
        else:
            outcome = _("står {forms} likt øverst ({new} poeng)").format(forms=join_forms(shift.winners), new=new_total)
        text = (
            _("går vekten for «{name}» opp fra {old} til {new}, {outcome}")
            if shift.delta > 0
            else _("går vekten for «{name}» ned fra {old} til {new}, {outcome}")
        )
        parts.append(text.format(name=name, old=percent(shift.old), new=percent(shift.new), outcome=outcome))
    more = len(s.shifts) - MAX_SHIFTS_LISTED
    tail = ""
    if more > 0:
        tail = (
            _("; og {n} annen endring av samme størrelse gir også en annen vinner")
            if more == 1
            else _("; og {n} andre endringer av samme størrelse gir også en annen vinner")
        ).format(n=more)
    return _("Vinneren er følsom for vektene. {winner} er best nå, men {changes}{tail}.").format(
        winner=_cap(form_name(winner)), changes="; ".join(parts), tail=tail
    )


def caveats(ranking: Ranking, weights_in_use: bool = True) -> list[str]:
    """What the reader must know about the numbers: weights not summing to 100 %, forms scored in part."""
    from .criteria import CRITERIA

    out = []
    if weights_in_use and abs(ranking.weight_sum - 1) > 0.0005:
        out.append(
            _(
                "Vektene summerer til {sum}, ikke 100 %, så vektet poengsum kan ikke "
                "leses som 1–5. Rekkefølgen påvirkes ikke."
            ).format(sum=percent(ranking.weight_sum))
        )
    partial = [f for f in FORMS if 0 < ranking.filled[f] < len(CRITERIA)]
    for f in partial:
        out.append(
            _(
                "{form} har poeng på bare {n} av {total} kriterier; tomme celler "
                "teller som 0, så formen kommer for lavt ut."
            ).format(form=_cap(form_name(f)), n=ranking.filled[f], total=len(CRITERIA))
        )
    return out


def sensitivity_summary(s: Sensitivity) -> str:
    """One short line for the top of the section; ``sensitivity_sentence`` has the details."""
    if not s.assessed:
        return ""
    if len(s.winners) > 1:
        return _("To eller flere former står likt øverst; vektene avgjør.")
    if not s.changes:
        return _("Vinneren er den samme om én vekt flyttes {step} opp eller ned.").format(step=points(s.step))
    n = len(s.shifts)
    text = (
        _(
            "Vinneren kan skifte: {n} endring av én vekt med {step} gir en annen best rangert form (se «Følsomhet» nedenfor)."
        )
        if n == 1
        else _(
            "Vinneren kan skifte: {n} endringer av én vekt med {step} gir en annen best rangert form "
            "(se «Følsomhet» nedenfor)."
        )
    )
    return text.format(n=n, step=points(s.step))
