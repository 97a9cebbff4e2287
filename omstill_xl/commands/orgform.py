"""``omstill orgform``: the organisasjonsform comparison — ranking in the terminal, a Word section on request."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "orgform"
ORDER = 50
HELP = "ranger organisasjonsformene og lag avsnitt til saksframlegget (Word)"
DESCRIPTION = (
    "Leser sammenlikningen av organisasjonsformer (arket «Organisasjonsform») fra en handlingsplan-arbeidsbok "
    "eller fra en egen sammenlikning laget med «omstill new FIL --orgform». Viser rangeringen, om vinneren "
    "endres når én vekt flyttes 10 prosentpoeng, og avvik i arket. Med --out skrives et Word-avsnitt til "
    "saksframlegget: fakta, vekter, poeng, rangering med diagram og følsomhet.\n\n"
    "Eksempel:\n  omstill orgform handlingsplan-2026.xlsx --out organisasjonsform.docx\n\n"
    "Avslutningskode: 0 ferdig, 1 feil i arket (da skrives ikke Word-fila), 2 fila kunne ikke leses eller "
    "skrives."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FIL", type=Path, help="arbeidsbok med arket Organisasjonsform (.xlsx/.xlsm)")
    p.add_argument("--out", metavar="UT.docx", type=Path, help="skriv avsnittet til saksframlegget hit (Word)")
    p.add_argument("--overwrite", action="store_true", help="erstatt Word-fila hvis den finnes")


def run(args: argparse.Namespace) -> int:
    from ..errors import OmstillError
    from ..orgform.files import read_orgform_file
    from ..orgform.scoring import rank_orgform, sensitivity
    from ..orgform.text import chosen_sentence, result_sentence, sensitivity_sentence
    from ..rules.orgform import check_orgform

    if args.out is not None and args.out.suffix.lower() != ".docx":
        raise OmstillError(f"--out må være en Word-fil som slutter på .docx (fikk «{args.out.name}»).")
    src = read_orgform_file(args.file)
    ranking = rank_orgform(src.orgform)
    print(f"Organisasjonsform – {args.file.name}")
    for line in ranking_lines(ranking):
        print("  " + line)
    for text in (
        result_sentence(ranking),
        chosen_sentence(ranking, src.chosen),
        "Følsomhet: " + sensitivity_sentence(sensitivity(src.orgform.weights, src.orgform.scores)),
    ):
        if text:
            print(text)
    findings = check_orgform(src.orgform, src.chosen, src.chosen_cell)
    for f in findings:
        print(f"{f.severity:<8} {f.code} {f.location}: {f.message}")
    if any(f.severity == "feil" for f in findings):
        if args.out is not None:
            print(f"Skrev ikke {args.out}: rett feilene i arket først.")
        return 1
    if args.out is not None:
        from ..orgform.section import write_orgform_docx

        model = src.plan if src.plan is not None else src.orgform
        path = write_orgform_docx(model, args.out, overwrite=args.overwrite, chosen=src.chosen)
        print(f"Skrev {path}. Avsnittet kan limes inn i saksframlegget.")
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
        total = "ingen poeng" if ranking.totals[f] is None else decimal(ranking.totals[f] or 0.0)
        lines.append(
            f"{rank:>3} {form_heading(f):<{width}}  {total:>11}  ({ranking.scored[f]} av {len(CRITERIA)} kriterier)"
        )
    return lines
