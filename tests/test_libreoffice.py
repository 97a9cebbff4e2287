"""Real client: LibreOffice opens the generated workbooks, recalculates, and agrees with the model."""

from __future__ import annotations

import pytest
import python_calamine as pc

from omstill_xl.examples import EXAMPLES
from omstill_xl.totals import expected_formula_values
from omstill_xl.workbook.grid import split_ref
from omstill_xl.workbook.xlsx import read_file

pytestmark = pytest.mark.libreoffice

ERRORS = ("Err:", "#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A")


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_formula_equals_the_model(example_paths, recalculated, name):
    plan = read_file(example_paths[name])
    expected = expected_formula_values(plan)
    assert len(expected) > 20
    wb = pc.CalamineWorkbook.from_path(str(recalculated[name]))
    for (sheet, ref), want in expected.items():
        row, col = split_ref(ref)
        got = wb.get_sheet_by_name(plan.sheet_title(sheet)).to_python(skip_empty_area=False)[row - 1][col - 1]
        if isinstance(want, str):
            assert got == want, (sheet, ref)
        else:
            assert got == pytest.approx(want), (sheet, ref, got, want)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_error_values_after_recalculation(recalculated, name):
    wb = pc.CalamineWorkbook.from_path(str(recalculated[name]))
    for sheet in wb.sheet_names:
        for row in wb.get_sheet_by_name(sheet).to_python():
            for v in row:
                assert not (isinstance(v, str) and v.startswith(ERRORS)), (sheet, v)
    from omstill_xl.workbook.xlsx import read_file as rf

    assert rf(recalculated[name]).facts.error_cells == ()


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_a_copy_saved_by_libreoffice_reads_the_same(example_paths, recalculated, name):
    original = read_file(example_paths[name])
    saved = read_file(recalculated[name])
    assert saved.to_data() == original.to_data()
    assert [t.address("budsjett") for t in saved.tiltak] == [t.address("budsjett") for t in original.tiltak]
    assert all(c.cached for c in saved.facts.formulas.values())


def test_annotated_copy_opens_in_libreoffice_and_still_computes(tmp_path):
    """The --annotate copy converts without repair, keeps its formulas, and they compute the model's values."""
    from omstill_xl.libreoffice import recalculate
    from omstill_xl.validate import validate
    from omstill_xl.workbook.annotate import write_annotated

    from .conftest import require_soffice
    from .defects import DEFECTS

    require_soffice()
    path, _ = DEFECTS["OX-A001"](tmp_path)
    annotated = write_annotated(path, validate(path), tmp_path / "med-avvik.xlsx")
    saved = recalculate(annotated, tmp_path / "lo")
    wb = pc.CalamineWorkbook.from_path(str(saved))
    assert wb.sheet_names[0] == "Avvik"
    assert wb.get_sheet_by_name("Avvik").to_python()[1][:4] == ["feil", "OX-A001", "Tiltak", "K7"]
    plan = read_file(path)
    for (sheet, ref), want in expected_formula_values(plan).items():
        row, col = split_ref(ref)
        got = wb.get_sheet_by_name(plan.sheet_title(sheet)).to_python(skip_empty_area=False)[row - 1][col - 1]
        assert got == (want if isinstance(want, str) else pytest.approx(want)), (sheet, ref)
