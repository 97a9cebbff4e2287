"""Next year's workbook from this year's (``omstill new --from``; ``omstill_xl.nextyear``)."""

from __future__ import annotations

import copy

import openpyxl
import pytest

from omstill_xl.cli import main
from omstill_xl.errors import InputError
from omstill_xl.examples import eksempel
from omstill_xl.nextyear import next_year_data, spent, unspent
from omstill_xl.rules.crossyear import check_all
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_from_eksempel_2026_validates_without_feil(capsys, tmp_path, example_paths):
    out = tmp_path / "handlingsplan-2027.xlsx"
    code, stdout, _ = run(capsys, "new", out, "--from", example_paths["eksempel-2026.xlsx"], "--aar", "2027")
    assert code == 0 and "Laget" in stdout and "4\u00a0450\u00a0000\u00a0kr" in stdout
    assert not [f for f in validate(out) if f.severity == "feil"]
    source, plan = read_file(example_paths["eksempel-2026.xlsx"]), read_file(out)
    # programme data carried, year moved on
    for key in (
        "kommunenummer",
        "programnavn",
        "organisasjonsform",
        "organisasjon",
        "programleder",
        "status_fra",
        "status_til",
        "maks_fylkesandel",
        "hovedmaal",
    ):
        assert plan.program.get(key) == source.program.get(key), key
    assert plan.aar == 2027
    assert [r.values for r in plan.innsatsomrader] == [r.values for r in source.innsatsomrader]
    assert [(r.aar, r.fylkeskommune, r.kommune) for r in plan.ramme] == [
        (r.aar, r.fylkeskommune, r.kommune) for r in source.ramme
    ]
    # every tiltak of 2026 is unfinished: all carried, with their whole budget (nothing spent yet)
    assert [t.id for t in plan.tiltak] == [t.id for t in source.tiltak]
    assert (
        plan.finansiering.fylkeskommunens_tilskudd == 3_000_000 and plan.finansiering.kommunens_egenandel == 1_000_000
    )
    assert plan.finansiering.overfort == 4_450_000
    # indicator targets carried, and a row for 2027 for each indicator
    targets = {(i.indikator, i.aar): i.get("maal") for i in plan.indikatorer}
    assert targets[("Nye arbeidsplasser", 2030)] == 8 and ("Nyetableringer", 2027) in targets
    # and the two years together pass the cross-year rules
    assert check_all([source, plan]) == []


def test_next_year_from_2025_carries_what_remains(tmp_path, example_paths):
    plan = read_file(example_paths["eksempel-2025.xlsx"])
    assert unspent(plan) == 450_000 and spent(plan.tiltak[1]) == 250_000
    data, done = next_year_data(plan)
    assert done.aar == 2026 and done.overfort == 450_000 and done.basis == "regnskap" and done.reported
    rows = {r["id"]: r for r in data["Tiltak"]["rows"]}
    assert set(rows) == {"A", "T1.1", "T3.1", "T4.2"}  # admin + the unfinished ones; avsluttet are dropped
    assert done.tiltak_dropped == 11 and done.tiltak_carried == 3
    t11 = rows["T1.1"]  # 400 000 budgeted, 250 000 spent: 150 000 left, næringsliv scaled by the same share
    assert (t11["omstillingsmidler"], t11["naeringsliv"], t11["budsjett"], t11["innvilget"]) == (
        150_000,
        75_000,
        225_000,
        150_000,
    )
    assert t11["kommentar"].startswith("Videreført fra 2025") and "februar" in t11["kommentar"]
    t31 = rows["T3.1"]  # postponed: nothing spent, the whole budget and the open tilsagn remain
    assert (t31["omstillingsmidler"], t31["budsjett"], t31["innvilget"], t31["status"]) == (
        300_000,
        800_000,
        150_000,
        "utsatt",
    )
    assert rows["A"]["omstillingsmidler"] == 1_000_000 and rows["A"]["status"] == "planlagt"
    out = write_workbook(data, tmp_path / "2026.xlsx")
    assert not [f for f in validate(out) if f.severity == "feil"]
    assert [f.code for f in check_all([plan, read_file(out)])] == []


def test_spent_is_regnskap_else_utbetalt():
    from omstill_xl.model import Record

    assert spent(Record("Tiltak", 5, {"utbetalt": 100, "regnskap": 80}, {})) == 80
    assert spent(Record("Tiltak", 5, {"utbetalt": 100, "regnskap": None}, {})) == 100
    assert spent(Record("Tiltak", 5, {}, {})) == 0


def test_next_year_must_be_the_year_after(capsys, tmp_path, example_paths):
    code, _, err = run(
        capsys, "new", tmp_path / "x.xlsx", "--from", example_paths["eksempel-2026.xlsx"], "--aar", "2029"
    )
    assert code == 2 and "2027" in err and "Program!B13" in err and not (tmp_path / "x.xlsx").exists()


def test_next_year_outside_status_period_needs_til(capsys, tmp_path, example_paths):
    source = tmp_path / "fjellbygd-2028.xlsx"
    data = copy.deepcopy(read_file(example_paths["fjellbygd-2026.xlsx"]).to_data())
    data["Program"]["fields"]["planaar"] = 2028
    write_workbook(data, source)
    code, _, err = run(capsys, "new", tmp_path / "2029.xlsx", "--from", source)
    assert code == 2 and "2028" in err and "--til" in err
    code, _, _ = run(capsys, "new", tmp_path / "2029.xlsx", "--from", source, "--til", "2029")
    assert code == 0 and read_file(tmp_path / "2029.xlsx").program.status_til == 2029


def test_from_cannot_be_combined_with_programme_options(capsys, tmp_path, example_paths):
    code, _, err = run(
        capsys, "new", tmp_path / "x.xlsx", "--from", example_paths["eksempel-2026.xlsx"], "--program", "Annet"
    )
    assert code == 2 and "--program" in err


def test_unreadable_source_exits_2(capsys, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    code, _, err = run(capsys, "new", tmp_path / "x.xlsx", "--from", bad)
    assert code == 2 and "bad.xlsx" in err


def test_refuses_to_overwrite(capsys, tmp_path, example_paths):
    out = tmp_path / "2027.xlsx"
    out.write_bytes(b"mine")
    code, _, err = run(capsys, "new", out, "--from", example_paths["eksempel-2026.xlsx"])
    assert code == 2 and "finnes allerede" in err and out.read_bytes() == b"mine"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    data = eksempel(2025)
    t = next(r for r in data["Tiltak"]["rows"] if r["id"] == "T3.1")
    t["kommentar"] = '=HYPERLINK("http://x","klikk")'
    t["navn"] = "+Forprosjekt"
    src = write_workbook(data, tmp_path / "2025.xlsx")
    new, _ = next_year_data(read_file(src))
    out = write_workbook(new, tmp_path / "2026.xlsx")
    ws = openpyxl.load_workbook(out)["Tiltak"]
    cells = [
        c
        for row in ws.iter_rows(min_row=5)
        for c in row
        if isinstance(c.value, str) and ("HYPERLINK" in c.value or c.value == "+Forprosjekt")
    ]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def test_plan_without_year_is_refused(tmp_path):
    data = eksempel(2025)
    del data["Program"]["fields"]["planaar"]
    plan = read_file(write_workbook(data, tmp_path / "x.xlsx"))
    with pytest.raises(InputError, match="Program!B13"):
        next_year_data(plan)
