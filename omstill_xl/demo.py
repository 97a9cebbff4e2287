"""``omstill demo``: every capability, run on the example workbooks, results in one folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import i18n
from .fmt import kr, pct
from .i18n import translator

_ = translator("cli")


def _example_workbooks(out: Path, given: Path | None) -> list[Path]:
    target = out / "arbeidsbøker"
    target.mkdir(parents=True, exist_ok=True)
    source = given or (Path("workbooks") if Path("workbooks").is_dir() else None)
    if source is not None:
        files = sorted(source.glob("*.xlsx")) + sorted(source.glob("*.xlsm"))
        for f in files:
            shutil.copyfile(f, target / f.name)
        return [target / f.name for f in files]
    from .examples import build_examples

    return build_examples(target)


def _step(n: int, text: str) -> None:
    print(f"  {n}. {text}")


def run_demo(out: Path, workbooks: Path | None = None) -> int:
    from .consolidate import consolidate_files
    from .errors import InputError
    from .excel.addin import build as build_addin
    from .nextyear import next_year_data
    from .orgform import write_orgform_docx, write_orgform_workbook
    from .output import render_json, render_text
    from .profiles import load_profiles
    from .report.batch import BatchOptions, run_batch
    from .safeio import atomic_write_bytes
    from .totals import plan_totals
    from .validate import validate_files
    from .workbook.annotate import write_annotated
    from .workbook.build import write_workbook
    from .workbook.xlsx import read_file

    out.mkdir(parents=True, exist_ok=True)
    profiles = load_profiles()
    problems = 0
    print(f"omstill demo → {out}/")

    blank = write_workbook(
        {"Program": {"fields": {"maks_fylkesandel": 0.75}}}, out / "ny-handlingsplan.xlsx", overwrite=True
    )
    _step(1, _("Ny, tom arbeidsbok: {path}").format(path=blank))

    files = _example_workbooks(out, workbooks)
    _step(2, _("Eksempel-arbeidsbøker: {folder}/ ({n} filer)").format(folder=out / "arbeidsbøker", n=len(files)))
    plans = {}
    for f in files:
        try:
            plans[f] = plan = read_file(f)
        except InputError as e:
            print("     " + _("{name}: kunne ikke leses: {reason}").format(name=f.name, reason=e.message))
            problems += 1
            continue
        t = plan_totals(plan)
        print(
            "     "
            + _(
                "{name}: {programme} {year}, {n} tiltak, budsjett {budget}, omstillingsmidler {omst}, "
                "fylkeskommunens andel {share}"
            ).format(
                name=f.name,
                programme=plan.program.get("programnavn"),
                year=plan.aar,
                n=len(plan.tiltak),
                budget=kr(t.budsjett),
                omst=kr(t.by_source["omstillingsmidler"]),
                share=pct(t.fylkesandel),
            )
        )

    results = validate_files(files, profiles=profiles)  # each file, and across the years of a programme
    annotated = out / "med-avvik"
    for r in results:
        if not r.error:
            write_annotated(r.file, r.findings, annotated / Path(r.file).name, overwrite=True)
    text = render_text(results, profiles.standard)
    atomic_write_bytes(out / "validering.txt", text.encode("utf-8"), overwrite=True)
    atomic_write_bytes(out / "validering.json", render_json(results, profiles.standard).encode("utf-8"), overwrite=True)
    _step(
        3,
        _("Kontroll: {text}, {json}, kopier med avvik i {folder}/").format(
            text=out / "validering.txt", json=out / "validering.json", folder=annotated
        ),
    )

    konsolidert = out / "konsolidert.xlsx"
    c = consolidate_files(files, konsolidert, overwrite=True, profiles=profiles)
    _step(4, _("Konsolidert over år og programmer: {path}").format(path=konsolidert))
    for line in c.summary_lines(konsolidert):
        print(f"     {line}")

    latest = max(
        (p for p in plans.values() if p.program.get("programnavn") == "Omstilling Eksempel"),
        key=lambda p: p.aar or 0,
        default=None,
    )
    if latest is not None:
        data, done = next_year_data(latest, (latest.aar or 0) + 1)
        nxt = write_workbook(data, out / f"handlingsplan-{done.aar}.xlsx", overwrite=True)
        note = (
            ""
            if done.reported
            else _("; ingen regnskap for {year} ennå, så alt disponibelt er regnet som overført").format(
                year=done.from_year
            )
        )
        _step(
            5,
            _("Neste års arbeidsbok fra {source}: {path} ({n} tiltak videreført, overført {amount}{note})").format(
                source=Path(latest.source).name, path=nxt, n=done.tiltak_carried, amount=kr(done.overfort), note=note
            ),
        )

    # The main report folder holds the last complete year (regnskap and results are in); the plans for the
    # year after, with little to report yet, go in a folder of their own.
    newest = max((p.aar or 0 for p in plans.values()), default=0)
    complete = max(
        (p.aar or 0 for p in plans.values() if any(t.get("regnskap") is not None for t in p.tiltak)), default=0
    )
    if complete and complete < newest:
        reports = run_batch(
            [p.source for p in plans.values() if p.aar == complete],
            BatchOptions(out=out / "rapporter", aar=complete, overwrite=True),
        )
        later = run_batch(files, BatchOptions(out=out / f"rapporter-{newest}", overwrite=True))
        where = _("{folder}/ ({year}, hele året) og {later}/ (planene for {newest})").format(
            folder=out / "rapporter", year=complete, later=out / f"rapporter-{newest}", newest=newest
        )
    else:
        reports, later = run_batch(files, BatchOptions(out=out / "rapporter", overwrite=True)), None
        where = f"{out / 'rapporter'}/"
    _step(6, _("Årsrapporter (Word): {where}").format(where=where))
    older = later
    for o in (*reports.outcomes, *(older.outcomes if older else ())):
        status = i18n.gettext("report", o.status)  # the batch's status words are the report catalogue's
        print(f"     {o.programnavn} {o.aar}: {status}" + (f" → {Path(o.report).name}" if o.report else ""))
        problems += 0 if o.ok else 1

    orgform_docx = None
    for plan in plans.values():
        if getattr(plan, "orgform", None) is not None and plan.program.get("programnavn") == "Omstilling Eksempel":
            orgform_docx = write_orgform_docx(plan, out / "organisasjonsform.docx", overwrite=True)
            break
    sammenlikning = write_orgform_workbook(out / "ny-sammenlikning.xlsx", overwrite=True)
    _step(
        7,
        _("Organisasjonsform: {docx} og tom sammenlikning {workbook}").format(
            docx=orgform_docx or _("(ingen poeng i eksemplene)"), workbook=sammenlikning
        ),
    )

    addin = build_addin(out / "omstill_xl.xlam", overwrite=True)
    _step(
        8,
        _("Excel-tillegget med knappen Valider: {path} (installeres på Windows med «omstill excel install»)").format(
            path=addin
        ),
    )

    print()
    print(text)
    return 0 if not problems else 2
