"""Issue 13 part B: a programme 2022–2026 across the 2024 renumbering (Kragerø 3814 → 4014) is one programme in
the core, one programme in the consolidated workbook and one report, and OX-X004 stays quiet."""

from __future__ import annotations

from omstill_xl.programme import load
from omstill_xl.validate import validate_files
from omstill_xl.workbook.build import write_workbook

from .generate import synthetic_plan


def _kragero(tmp):
    folder = tmp / "kragero"
    folder.mkdir()
    paths = []
    for year in range(2022, 2027):
        nr = "3814" if year < 2024 else "4014"
        d = synthetic_plan(4, seed=3, kommunenummer=nr, aar=year, fra=2022, til=2026, programnavn="Omstilling Kragerø")
        paths.append(write_workbook(d, folder / f"kragero-{year}.xlsx"))
    return folder, paths


def test_a_programme_across_the_2024_renumbering_consolidates_into_one_and_one_report(tmp_path):
    from omstill_xl import consolidate
    from omstill_xl.report import make_reports

    folder, paths = _kragero(tmp_path)
    (prog,) = load([folder], workers=1).programmes
    assert prog.key == "4014:2022-2026" and prog.years == (2022, 2023, 2024, 2025, 2026) and prog.kommune == "Kragerø"
    codes = {f.code for r in validate_files(paths) for f in r.findings}
    assert "OX-X004" not in codes and "OX-S008" not in codes
    c = consolidate.load([folder], workers=1)
    assert set(c.long["programme"]) == {"Omstilling Kragerø"} and set(c.long["kommune"]) == {"4014"}
    assert len(c.per_programme()) == 1
    result = make_reports([folder], tmp_path / "rapporter", aar=2026, workers=1)
    made = [o for o in result.outcomes if o.report]
    assert len(made) == 1 and made[0].aar == 2026, [(o.programnavn, o.status, o.message) for o in result.outcomes]
