"""The committed example workbooks are exactly what the script builds."""

from pathlib import Path

import pytest

from omstill_xl.examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_committed_example_matches_script(examples_dir, name):
    committed = ROOT / "workbooks" / name
    assert committed.exists(), "run: python -m omstill_xl.examples workbooks/"
    assert committed.read_bytes() == (examples_dir / name).read_bytes(), (
        "workbooks/ is stale: run python -m omstill_xl.examples workbooks/"
    )


def test_committed_six_year_programme_matches_script(tmp_path):
    from omstill_xl.examples import SIX_YEAR_FOLDER, build_six_year

    built = build_six_year(tmp_path)
    assert [p.name for p in built] == [f"eksempel-{y}.xlsx" for y in range(2025, 2031)]
    for p in built:
        committed = ROOT / "workbooks" / SIX_YEAR_FOLDER / p.name
        assert committed.exists(), "run: python -m omstill_xl.examples workbooks/"
        assert committed.read_bytes() == p.read_bytes(), f"workbooks/{SIX_YEAR_FOLDER}/{p.name} is stale"


def test_six_year_programme_is_clean_and_keeps_the_shipped_2025(tmp_path):
    from omstill_xl.examples import SIX_YEAR_FOLDER, eksempel_workbook, six_year
    from omstill_xl.programme import load

    assert six_year()["eksempel-2025.xlsx"] == eksempel_workbook(2025)
    portfolio = load([ROOT / "workbooks" / SIX_YEAR_FOLDER], workers=1)
    (prog,) = portfolio.programmes
    assert prog.years == (2025, 2026, 2027, 2028, 2029, 2030)
    assert not any(f.severity == "feil" for lf in portfolio.files for f in lf.findings)
    from omstill_xl.rules.crossyear import check_programme

    assert not [f for f in check_programme(prog.chain) if f.severity == "feil"]
