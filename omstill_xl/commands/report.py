"""``omstill report``: the årsrapport to fylkeskommunen as Word (and PDF), for one programme or many."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import i18n
from ..i18n import N_, translator

_ = translator("cli")

NAME = "report"
ORDER = 40
HELP = N_("lag årsrapporten til fylkeskommunen (Word, og PDF med --pdf)")
DESCRIPTION = N_(
    "Lager årsrapporten i Word for hvert program: forside, innledning, mål og resultater, ett kapittel per\n"
    "innsatsområde, organisering og drift, kommunikasjon, finansiering og innvilgningsstatus, regnskap mot\n"
    "budsjett, utfordringer og risiko, behandling og vedlegg. Med LibreOffice får innholdsfortegnelsen sidetall.\n"
    "Tekst bare et menneske kan skrive, står som gul «[Skriv her: …]».\n\n"
    "Gi én eller flere arbeidsbøker eller mapper. Arbeidsbøker for samme program (kommunenummer og statusperiode)\n"
    "og tidligere år brukes til tallene «hittil i perioden», med hver krone én gang. Rapporten lages bare fra\n"
    "arbeidsbøker uten feil.\n\n"
    "Eksempler:\n"
    "  omstill report handlingsplan-2025.xlsx --aar 2025\n"
    "  omstill report innkommet/ --aar 2025 --out rapporter/ --pdf\n\n"
    "Avslutningskode: 0 alle rapportene er laget, 2 minst én fil kunne ikke leses eller minst én rapport ble\n"
    "ikke laget (se sammendrag.xlsx i mappen fra --out)."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        metavar="FIL_ELLER_MAPPE",
        nargs="+",
        type=Path,
        help=_("arbeidsbok (.xlsx/.xlsm) eller mappe med arbeidsbøker"),
    )
    p.add_argument("--aar", metavar="ÅR", type=int, help=_("rapportåret (standard: det nyeste året for hvert program)"))
    p.add_argument(
        "--out",
        metavar="MAPPE",
        type=Path,
        default=Path("rapporter"),
        help=_("mappe for rapportene og sammendrag.xlsx (standard: rapporter/)"),
    )
    p.add_argument("--pdf", action="store_true", help=_("lag også PDF (krever LibreOffice)"))
    p.add_argument(
        "--allow-errors",
        action="store_true",
        help=_("lag rapport selv om arbeidsboka har feil; rapporten stemples «IKKE VALIDERT»"),
    )
    p.add_argument(
        "--template",
        metavar="EGEN.docx",
        type=Path,
        help=_("egen Word-mal (kontrolleres før noe lages; se README for variablene)"),
    )
    p.add_argument("--profiler", metavar="FIL", type=Path, help=_("egne finansieringsprofiler (TOML)"))
    p.add_argument("--overwrite", action="store_true", help=_("erstatt rapporter som finnes fra før"))
    p.add_argument(
        "--uten-sidetall",
        action="store_true",
        help=_(
            "ikke la LibreOffice sette sidetall i innholdsfortegnelsen (raskere for mange rapporter; Word spør "
            "da om å oppdatere feltene)"
        ),
    )


# what the library's outcomes need (``Outcome.remedy``), in terms of this command's flags
REMEDIES = {
    "allow_errors": N_("Bruk --allow-errors for å lage rapporten likevel (stemplet «IKKE VALIDERT»)."),
    "overwrite": N_("Bruk --overwrite for å erstatte den."),
    "report_bug": N_("Kjør på nytt med --debug og meld fra."),
}


def _progress() -> tuple[Any, Any]:
    """A rich progress bar on a terminal; nothing when output goes to a file or a pipe.

    The bar (and its refresh thread) starts with the first update, not before: ``run_batch`` forks its workers
    first, and a process forked while another thread runs may inherit a lock that thread held."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(label: str, done: int, total: int) -> None:
        if not tasks:
            bar.start()
        if label not in tasks:
            tasks[label] = bar.add_task(label, total=total)
        bar.update(tasks[label], completed=done, total=total)

    return bar, update


def _print_summary(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..report.batch import IKKE_AKTUELT, LAGET, LAGET_IKKE_VALIDERT, OK_STATUSES

    console = Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 120)
    table = Table(title=_("Årsrapporter"), title_justify="left", show_lines=False)
    for header, justify in (
        (_("Program"), "left"),
        (_("År"), "right"),
        (_("Status"), "left"),
        (_("Rapport"), "left"),
        (_("Funn"), "right"),
    ):
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for o in result.outcomes:
        style = "green" if o.status in OK_STATUSES else "red"
        report = o.report or ""
        if o.pdf:
            report += " + PDF"
        table.add_row(
            o.programnavn,
            str(o.aar or ""),
            f"[{style}]{i18n.gettext('report', o.status)}[/{style}]",
            report,
            str(o.findings),
        )
    console.print(table)
    for o in result.outcomes:
        if o.message:
            console.print(
                f"\n[bold]{o.programnavn}[/bold]{f' ({o.aar})' if o.aar else ''}: {i18n.gettext('report', o.status)}",
                markup=True,
                soft_wrap=True,
            )
            console.print(o.message, markup=False, soft_wrap=True)
            if o.remedy in REMEDIES:
                console.print(_(REMEDIES[o.remedy]), markup=False, soft_wrap=True)
    made = sum(1 for o in result.outcomes if o.status in (LAGET, LAGET_IKKE_VALIDERT))
    due = sum(1 for o in result.outcomes if o.status != IKKE_AKTUELT)
    console.print(
        "\n"
        + _("{made} av {n} rapporter laget. Sammendrag: {summary}").format(made=made, n=due, summary=result.summary),
        markup=False,
        soft_wrap=True,
    )


def run(args: argparse.Namespace) -> int:
    from . import require

    require("docxtpl", "docx", "jinja2", "rich")
    from ..errors import FileMissingError
    from ..profiles import load_profiles
    from ..report.batch import BatchOptions, run_batch

    load_profiles(args.profiler)  # a broken profile file stops here, not once per programme
    from ..errors import OutputError
    from ..report.batch import SUMMARY_NAME

    summary = args.out / SUMMARY_NAME
    if summary.exists() and not args.overwrite:
        raise OutputError(
            _("{path} finnes allerede. Velg en annen mappe med --out, eller bruk --overwrite.").format(path=summary),
            summary,
        )
    if args.pdf:
        from ..fonts import pdf_font_warning
        from ..libreoffice import find_soffice

        find_soffice()  # no LibreOffice: say so before any work is done
        warning = pdf_font_warning()
        if warning:
            print(f"omstill: {warning}", file=sys.stderr)
    template = None
    template_name = "arsrapport.docx"
    if args.template:
        from ..report.lint import require_clean

        try:
            template = args.template.read_bytes()
        except OSError as e:
            raise FileMissingError(_("Kan ikke lese malen: {reason}.").format(reason=e.strerror), args.template) from e
        template_name = args.template.name
        for issue in require_clean(template, template_name):
            print(f"omstill: {template_name}: {issue.line()}", file=sys.stderr)
    options = BatchOptions(
        out=args.out,
        aar=args.aar,
        pdf=args.pdf,
        allow_errors=args.allow_errors,
        overwrite=args.overwrite,
        template=template,
        template_name=template_name,
        profiles_path=str(args.profiler) if args.profiler else None,
        toc_pages=not args.uten_sidetall,
    )
    bar, update = _progress()
    if bar is not None:
        try:
            result = run_batch(args.inputs, options, progress=update)
        finally:
            bar.stop()  # rich: a bar never started stops as a no-op
    else:
        result = run_batch(args.inputs, options)
    _print_summary(result)
    return result.exit_code
