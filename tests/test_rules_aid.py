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


def test_todays_number_in_an_old_plan_year_is_accepted(tmp_path):
    # The template lists today's numbers, so a 2023 handlingsplan made now may carry 4014 for Kragerø.
    def change(d):
        d["Program"]["fields"].update(kommunenummer="4014", planaar=2023, status_fra=2021, status_til=2026)

    assert [f for f in validate(_write(tmp_path, change)) if f.code == "OX-S008"] == []


def test_a_number_from_before_the_plan_year_names_the_ones_after(tmp_path):
    def change(d):
        d["Program"]["fields"].update(kommunenummer="0815", planaar=2023, status_fra=2021, status_til=2026)

    (f,) = [f for f in validate(_write(tmp_path, change)) if f.code == "OX-S008"]
    assert "gjelder ikke i 2023: 0815 er Kragerøs nummer til 2019; fra 2020 er det 3814, fra 2024 4014" in f.message
    assert "Skriv 3814 (Kragerø)" in f.hint and f.expected == "3814"


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


# --- missing checks and messages ---------------------------------------------------------------------------


def _tiltak_update(tid: str, **values):
    from .defects import _tiltak

    return lambda d: _tiltak(d, tid).update(values)


def test_regnskap_above_the_tilsagn(tmp_path):
    (f,) = validate(_write(tmp_path, _tiltak_update("T1.1", innvilget=150_000, regnskap=155_000)))
    assert f.code == "OX-A010" and f.location == "Tiltak!U6"
    assert "155\u00a0000\u00a0kr er 5\u00a0000\u00a0kr mer enn innvilget 150\u00a0000\u00a0kr" in f.message


def test_a_year_that_spent_more_than_disponibelt(tmp_path):
    from .defects import DEFECTS

    path, _ = DEFECTS["OX-A011"](tmp_path)
    (f,) = validate(path)
    assert f.code == "OX-A011" and f.sheet == "Finansiering" and f.expected == 2_400_000
    assert "2\u00a0405\u00a0000\u00a0kr i 2026" in f.message and "5\u00a0000\u00a0kr mer enn disponibelt" in f.message


def test_utbetalt_counts_where_no_regnskap_is_fort(tmp_path):
    def change(d):
        for t in d["Tiltak"]["rows"]:
            t.update(innvilget=t["omstillingsmidler"], utbetalt=t["omstillingsmidler"])
        d["Finansiering"]["fields"]["overfort"] = 0
        d["Finansiering"]["fields"]["kommunens_egenandel"] = 590_000  # disponibelt 2 390 000
        d["Finansiering"]["rows"][0]["kommune"] = 590_000

    codes = [f.code for f in validate(_write(tmp_path, change))]
    assert "OX-A011" in codes


def test_an_orgnr_must_start_with_8_or_9(tmp_path):
    # 112345698 has a correct mod-11 check digit, but Enhetsregisteret gives out numbers from 8 and 9 only.
    (f,) = validate(_write(tmp_path, _tiltak_update("T1.1", orgnr="112345698")))
    assert f.code == "OX-S009" and "begynner på 8 eller 9" in f.message


def test_negative_amount_is_written_the_norwegian_way(tmp_path):
    (f,) = validate(_write(tmp_path, _tiltak_update("T3.1", andre=-150_000, budsjett=250_000)))
    assert f.code == "OX-S013" and "(\u2212150\u00a0000\u00a0kr)" in f.message and "-150000" not in f.message


def test_an_overwritten_sum_cell_says_what_it_holds(tmp_path):
    import openpyxl

    from omstill_xl import schema as S

    path = _write(tmp_path, lambda d: None)
    wb = openpyxl.load_workbook(path)
    ws = wb["Tiltak"]
    sheet = S.sheet("Tiltak")
    sum_row = S.table_first_row(sheet) + sheet.table.capacity
    assert ws.cell(sum_row, 1).value == "Sum"
    col = S.table_col_letter(sheet, "budsjett")
    ws[f"{col}{sum_row}"] = 4000000.0
    out = tmp_path / "overskrevet.xlsx"
    wb.save(out)
    (f,) = [f for f in validate(out) if f.code == "OX-A008"]
    assert f.location == f"Tiltak!{col}{sum_row}"
    assert "verdien 4\u00a0000\u00a0000\u00a0kr" in f.message
    assert "ingenting" not in f.message and "4000000" not in f.message


def test_no_message_prints_a_raw_float(tmp_path):
    from .defects import DEFECTS

    # «4000000.0», «-150000»: digits with a decimal point (not an ID like T1.2) or five digits without spaces
    raw = __import__("re").compile(r"(?<![A-Za-z\d.])\d+\.\d|\d{5,}")
    for code, make in sorted(DEFECTS.items()):
        path, profiles = make(tmp_path / code)
        for f in validate(path, profiles=profiles):
            if f.code == "OX-H003":  # quotes the formula as Excel stores it («…*0.98»), which is right there
                continue
            text = __import__("re").sub(r"[Oo]rg\.nr «?\d+»?", "org.nr", f.message)  # an org.nr is digits
            assert not raw.search(text), (code, f.message)


# --- omstill new: the period and the plan year --------------------------------------------------------------

import pytest  # noqa: E402


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--aar", "2026", "--fra", "2026", "--til", "2032"], "Statusperioden 2026–2032 er 7 år"),
        (["--aar", "2026", "--til", "2032"], "er 7 år, men omstillingsstatus gis for inntil 6 år"),
        (["--aar", "2026", "--fra", "2026", "--til", "2024"], "slutter før den begynner"),
        (["--aar", "2030", "--fra", "2022", "--til", "2027"], "Handlingsplanens år 2030 er utenfor statusperioden"),
        (["--aar", "2021", "--fra", "2022"], "Handlingsplanens år 2021 er utenfor statusperioden 2022–2027"),
        (["--aar", "26"], "--aar 26 er ikke et årstall"),
        (["--til", "2030"], "--til trenger --fra eller --aar"),
        (["--kommune", "3005", "--aar", "2026"], "3005 er Drammens nummer til 2023; fra 2024 er det 3301"),
        (["--kommune", "Herøy", "--aar", "2026"], "1515 Herøy (Møre og Romsdal), 1818 Herøy (Nordland)"),
    ],
)
def test_new_refuses_a_period_it_cannot_make(tmp_path, capsys, args, said):
    from omstill_xl.cli import main

    out = tmp_path / "ny.xlsx"
    assert main(["new", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not out.exists()


def test_new_accepts_six_years_and_a_kommune_by_name(tmp_path):
    from omstill_xl.cli import main
    from omstill_xl.workbook.xlsx import read_file

    out = tmp_path / "vardo.xlsx"
    assert main(["new", str(out), "--kommune", "Vardø", "--aar", "2027", "--fra", "2025", "--til", "2030"]) == 0
    p = read_file(out).program
    assert (p.get("kommunenummer"), p.get("status_fra"), p.get("status_til"), p.get("planaar")) == (
        "5634",
        2025,
        2030,
        2027,
    )


def test_new_from_refuses_an_extension_past_six_years(tmp_path, capsys, example_paths):
    from omstill_xl.cli import main

    out = tmp_path / "neste.xlsx"
    src = example_paths["fjellbygd-2026.xlsx"]  # status 2026–2028
    assert main(["new", str(out), "--from", str(src), "--aar", "2027", "--til", "2032"]) == 2
    err = capsys.readouterr().err
    assert "Statusperioden 2026–2032 (fra fjellbygd-2026.xlsx) er 7 år" in err and not out.exists()
    assert main(["new", str(out), "--from", str(src), "--aar", "2027", "--til", "2031"]) == 0
