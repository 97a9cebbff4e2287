"""``omstill demo``: every capability, run on the example workbooks, results in one folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from .fmt import kr, pct


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
    _step(1, f"Ny, tom arbeidsbok: {blank}")

    files = _example_workbooks(out, workbooks)
    _step(2, f"Eksempel-arbeidsbøker: {out / 'arbeidsbøker'}/ ({len(files)} filer)")
    plans = {}
    for f in files:
        try:
            plans[f] = plan = read_file(f)
        except InputError as e:
            print(f"     {f.name}: kunne ikke leses: {e.message}")
            problems += 1
            continue
        t = plan_totals(plan)
        print(
            f"     {f.name}: {plan.program.get('programnavn')} {plan.aar}, {len(plan.tiltak)} tiltak, "
            f"budsjett {kr(t.budsjett)}, omstillingsmidler {kr(t.by_source['omstillingsmidler'])}, "
            f"fylkeskommunens andel {pct(t.fylkesandel)}"
        )

    results = validate_files(files, profiles=profiles)  # each file, and across the years of a programme
    annotated = out / "med-avvik"
    for r in results:
        if not r.error:
            write_annotated(r.file, r.findings, annotated / Path(r.file).name, overwrite=True)
    text = render_text(results, profiles.standard)
    atomic_write_bytes(out / "validering.txt", text.encode("utf-8"), overwrite=True)
    atomic_write_bytes(out / "validering.json", render_json(results, profiles.standard).encode("utf-8"), overwrite=True)
    _step(3, f"Kontroll: {out / 'validering.txt'}, {out / 'validering.json'}, kopier med avvik i {annotated}/")

    konsolidert = out / "konsolidert.xlsx"
    c = consolidate_files(files, konsolidert, overwrite=True, profiles=profiles)
    _step(4, f"Konsolidert over år og programmer: {konsolidert}")
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
            else f"; ingen regnskap for {done.from_year} ennå, så alt disponibelt er regnet som overført"
        )
        _step(
            5,
            f"Neste års arbeidsbok fra {Path(latest.source).name}: {nxt} "
            f"({done.tiltak_carried} tiltak videreført, overført {kr(done.overfort)}{note})",
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
        where = f"{out / 'rapporter'}/ ({complete}, hele året) og {out / f'rapporter-{newest}'}/ (planene for {newest})"
    else:
        reports, later = run_batch(files, BatchOptions(out=out / "rapporter", overwrite=True)), None
        where = f"{out / 'rapporter'}/"
    _step(6, f"Årsrapporter (Word): {where}")
    older = later
    for o in (*reports.outcomes, *(older.outcomes if older else ())):
        print(f"     {o.programnavn} {o.aar}: {o.status}" + (f" → {Path(o.report).name}" if o.report else ""))
        problems += 0 if o.ok else 1

    orgform_docx = None
    for plan in plans.values():
        if getattr(plan, "orgform", None) is not None and plan.program.get("programnavn") == "Omstilling Eksempel":
            orgform_docx = write_orgform_docx(plan, out / "organisasjonsform.docx", overwrite=True)
            break
    sammenlikning = write_orgform_workbook(out / "ny-sammenlikning.xlsx", overwrite=True)
    _step(7, f"Organisasjonsform: {orgform_docx or '(ingen poeng i eksemplene)'} og tom sammenlikning {sammenlikning}")

    addin = build_addin(out / "omstill_xl.xlam", overwrite=True)
    _step(8, f"Excel-tillegget med knappen Valider: {addin} (installeres på Windows med «omstill excel install»)")

    print()
    print(text)
    return 0 if not problems else 2
