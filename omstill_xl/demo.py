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


def run_demo(out: Path, workbooks: Path | None = None) -> int:
    from .errors import InputError
    from .output import exit_code, render_json, render_text
    from .profiles import load_profiles
    from .rules import check_plan
    from .totals import plan_totals
    from .workbook.annotate import write_annotated
    from .workbook.build import write_workbook
    from .output import FileResult
    from .workbook.xlsx import read_file
    from .safeio import atomic_write_bytes

    out.mkdir(parents=True, exist_ok=True)
    profiles = load_profiles()
    print(f"omstill demo → {out}/")
    blank = write_workbook({"Program": {"fields": {"maks_fylkesandel": 0.75}}}, out / "ny-handlingsplan.xlsx",
                           overwrite=True)
    print(f"  1. Ny, tom arbeidsbok: {blank}")
    files = _example_workbooks(out, workbooks)
    print(f"  2. Eksempel-arbeidsbøker: {out / 'arbeidsbøker'}/ ({len(files)} filer)")
    results = []
    annotated = out / "med-avvik"
    for f in files:
        try:
            plan = read_file(f)
        except InputError as e:
            results.append(FileResult(str(f), error=e.user_text()))
            print(f"     {f.name}: kunne ikke leses: {e.message}")
            continue
        t = plan_totals(plan)
        print(f"     {f.name}: {plan.program.get('programnavn')} {plan.aar}, {len(plan.tiltak)} tiltak, "
              f"budsjett {kr(t.budsjett)}, omstillingsmidler {kr(t.by_source['omstillingsmidler'])}, "
              f"fylkeskommunens andel {pct(t.fylkesandel)}")
        findings = check_plan(plan, profiles)
        results.append(FileResult(str(f), tuple(findings)))
        write_annotated(f, findings, annotated / f.name, overwrite=True)
    text = render_text(results, profiles.standard)
    atomic_write_bytes(out / "validering.txt", text.encode("utf-8"), overwrite=True)
    atomic_write_bytes(out / "validering.json", render_json(results, profiles.standard).encode("utf-8"),
                       overwrite=True)
    print(f"  3. Kontroll: {out / 'validering.txt'}, {out / 'validering.json'}, kopier med avvik i {annotated}/")
    print()
    print(text)
    code = exit_code(results)
    return 0 if code == 1 else code  # the examples carry deliberate warnings only; errors would show above
