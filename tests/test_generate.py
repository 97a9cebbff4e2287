from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

from .generate import synthetic_plan


def test_synthetic_plans_are_clean_and_round_trip(tmp_path):
    for n, seed in ((20, 1), (500, 2)):
        data = synthetic_plan(n, seed=seed)
        path = write_workbook(data, tmp_path / f"syn-{n}.xlsx")
        plan = read_file(path)
        assert len(plan.tiltak) == n and plan.to_data() == data
        assert validate(plan) == [], [(f.code, f.location, f.message) for f in validate(plan)][:5]
