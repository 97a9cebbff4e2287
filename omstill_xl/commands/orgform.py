"""``omstill orgform``: the organisasjonsform comparison — ranking in the terminal, a Word section on request."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import N_, translator

_ = translator("cli")

NAME = "orgform"
ORDER = 50
HELP = N_("ranger organisasjonsformene og lag avsnitt til saksframlegget (Word)")
DESCRIPTION = N_(
    "Leser sammenlikningen av organisasjonsformer (arket «Organisasjonsform») fra en handlingsplan-arbeidsbok "
    "eller fra en egen sammenlikning laget med «omstill new FIL --orgform». Viser rangeringen, om vinneren "
    "endres når én vekt flyttes 10 prosentpoeng, og avvik i arket. Med --out skrives et Word-avsnitt til "
    "saksframlegget: fakta, vekter, poeng, rangering med diagram og følsomhet.\n\n"
    "Eksempel:\n  omstill orgform handlingsplan-2026.xlsx --out organisasjonsform.docx\n\n"
    "Avslutningskode: 0 ferdig, 1 feil i arket (da skrives ikke Word-fila), 2 fila kunne ikke leses eller "
    "skrives."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FIL", type=Path, help=_("arbeidsbok med arket Organisasjonsform (.xlsx/.xlsm)"))
    p.add_argument("--out", metavar="UT.docx", type=Path, help=_("skriv avsnittet til saksframlegget hit (Word)"))
    p.add_argument("--overwrite", action="store_true", help=_("erstatt Word-fila hvis den finnes"))


def run(args: argparse.Namespace) -> int:
    from .. import i18n
    from ..errors import OmstillError
    from ..orgform.files import read_orgform_file
    from ..rules.context import maalform

    if args.out is not None and args.out.suffix.lower() != ".docx":
        raise OmstillError(
            _("--out må være en Word-fil som slutter på .docx (fikk «{name}»).").format(name=args.out.name)
        )
    src = read_orgform_file(args.file)
    with i18n.use(maalform(src.plan) if src.plan is not None else None):  # the workbook's own målform
        return _show(args, src)


def _show(args: argparse.Namespace, src) -> int:  # type: ignore[no-untyped-def]
    from ..findings import severity_name
    from ..orgform.scoring import rank_orgform, sensitivity
    from ..orgform.text import chosen_sentence, result_sentence, sensitivity_sentence
    from ..rules.orgform import check_orgform

    ranking = rank_orgform(src.orgform)
    print(_("Organisasjonsform – {name}").format(name=args.file.name))
    for line in ranking_lines(ranking):
        print("  " + line)
    for text in (
        result_sentence(ranking),
        chosen_sentence(ranking, src.chosen),
        _("Følsomhet: ") + sensitivity_sentence(sensitivity(src.orgform.weights, src.orgform.scores)),
    ):
        if text:
            print(text)
    findings = check_orgform(src.orgform, src.chosen, src.chosen_cell)
    for f in findings:
        print(f"{severity_name(f.severity):<8} {f.code} {f.location}: {f.message}")
    if any(f.severity == "feil" for f in findings):
        if args.out is not None:
            print(_("Skrev ikke {path}: rett feilene i arket først.").format(path=args.out))
        return 1
    if args.out is not None:
        from ..orgform.section import write_orgform_docx

        model = src.plan if src.plan is not None else src.orgform
        path = write_orgform_docx(model, args.out, overwrite=args.overwrite, chosen=src.chosen)
        print(_("Skrev {path}. Avsnittet kan limes inn i saksframlegget.").format(path=path))
    return 0


def ranking_lines(ranking) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per form, best first: rank, name, weighted total, criteria scored."""
    from ..orgform.criteria import CRITERIA, FORMS, form_heading
    from ..orgform.numbers import decimal

    if not ranking.winners:
        return []
    order = sorted(FORMS, key=lambda f: (ranking.ranks[f] is None, ranking.ranks[f] or 0, FORMS.index(f)))
    width = max(len(form_heading(f)) for f in FORMS)
    lines = []
    for f in order:
        rank = "–" if ranking.ranks[f] is None else f"{ranking.ranks[f]}."
        total = _("ingen poeng") if ranking.totals[f] is None else decimal(ranking.totals[f] or 0.0)
        lines.append(
            f"{rank:>3} {form_heading(f):<{width}}  {total:>11}  "
            + _("({n} av {total} kriterier)").format(n=ranking.scored[f], total=len(CRITERIA))
        )
    return lines
