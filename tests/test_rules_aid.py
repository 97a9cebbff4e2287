"""Rules and messages of issue 13 part A: kommunenummer through the reforms, fylkesandel, missing checks."""

from __future__ import annotations

import copy

from omstill_xl.examples import fjellbygd
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook


def _write(tmp_path, change, name="bok.xlsx"):
    data = copy.deepcopy(fjellbygd())
    change(data)
    return write_workbook(data, tmp_path / name)


def _program(**values):
    return lambda d: d["Program"]["fields"].update(values)


def test_a_number_in_force_in_the_plan_year_is_accepted(tmp_path):
    # Kragerø's 2023 handlingsplan under 3814 (Vestfold og Telemark), status 2021–2026.
    def change(d):
        d["Program"]["fields"].update(kommunenummer="3814", planaar=2023, status_fra=2021, status_til=2026)

    findings = validate(_write(tmp_path, change))
    assert [f for f in findings if f.code == "OX-S008"] == []


def test_an_old_number_suggests_the_current_one(tmp_path):
    (f,) = validate(_write(tmp_path, _program(kommunenummer="3005")))
    assert f.code == "OX-S008" and f.sheet == "Program"
    assert "3005 er Drammens nummer til 2023; fra 2024 er det 3301" in f.message
    assert "3301 (Drammen)" in f.hint and f.expected == "3301"


def test_a_new_number_in_an_old_plan_year_names_the_number_then(tmp_path):
    def change(d):
        d["Program"]["fields"].update(kommunenummer="4014", planaar=2023, status_fra=2021, status_til=2026)

    (f,) = [f for f in validate(_write(tmp_path, change)) if f.code == "OX-S008"]
    assert "i 2023 var det 3814" in f.message and "3814 (Kragerø)" in f.hint


def test_an_unknown_number_says_so(tmp_path):
    (f,) = validate(_write(tmp_path, _program(kommunenummer="3099")))
    assert f.code == "OX-S008" and "finnes ikke i SSBs kommuneinndeling (2017–2024)" in f.message
