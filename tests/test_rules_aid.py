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


# --- fylkeskommunens andel ---------------------------------------------------------------------------------


def _financing(fylke: int, kommune: int):
    def change(d):
        d["Finansiering"]["fields"].update(fylkeskommunens_tilskudd=fylke, kommunens_egenandel=kommune)
        d["Finansiering"]["rows"][0].update(fylkeskommune=fylke, kommune=kommune)

    return change


def test_whole_krone_rounding_is_not_over_the_maximum(tmp_path):
    # 2 500 000 / 3 333 333 = 75,0000075 %: 0,25 kr over 75 %, which is rounding.
    findings = validate(_write(tmp_path, _financing(2_500_000, 833_333)))
    assert "OX-F001" not in {f.code for f in findings}


def test_a_share_just_over_shows_the_kroner_over(tmp_path):
    (f,) = validate(_write(tmp_path, _financing(1_800_240, 599_760)))  # 75,01 % of 2 400 000
    assert f.code == "OX-F001" and f.severity == "feil"
    assert "75,01\u00a0%" in f.message and "240\u00a0kr over maksimum 75\u00a0%" in f.message
    assert "er 75\u00a0%, over" not in f.message and "Reduser fylkeskommunens tilskudd med 240\u00a0kr" in f.hint


def test_a_stricter_county_profile_binds_over_the_workbooks_default(tmp_path):
    from omstill_xl.profiles import Profile, Profiles, load_profiles

    base = load_profiles()
    strict = Profile(**{**base.standard.__dict__, "maks_fylkesandel": 0.70, "name": "fylke.Innlandet"})
    path = _write(tmp_path, lambda d: None)  # 75 % in the cell (the template's default), 75 % financing
    findings = validate(path, profiles=Profiles(base.standard, {"Innlandet": strict}))
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"OX-F001", "OX-F005"}
    assert by_code["OX-F001"].severity == "feil" and "profilen for Innlandet" in by_code["OX-F001"].message
    assert by_code["OX-F001"].expected == 0.70


def test_a_stricter_workbook_binds_over_the_profile(tmp_path):
    (f,) = validate(_write(tmp_path, _program(maks_fylkesandel=0.70)))
    assert f.code == "OX-F001" and "maksimum fra arbeidsboka" in f.message and f.expected == 0.70


def test_new_prefills_the_maximum_from_the_countys_profile(tmp_path):
    from omstill_xl.cli import main
    from omstill_xl.workbook.xlsx import read_file

    prof = tmp_path / "profiler.toml"
    prof.write_text('[standard]\nmaks_fylkesandel = 0.75\n\n[fylke."Nordland"]\nmaks_fylkesandel = 0.6\n', "utf-8")
    out = tmp_path / "ny.xlsx"
    assert main(["new", str(out), "--kommune", "1804", "--aar", "2026", "--profiler", str(prof)]) == 0
    assert read_file(out).program.get("maks_fylkesandel") == 0.6
    assert main(["new", str(tmp_path / "b.xlsx"), "--kommune", "3424", "--aar", "2026", "--profiler", str(prof)]) == 0
    assert read_file(tmp_path / "b.xlsx").program.get("maks_fylkesandel") == 0.75
