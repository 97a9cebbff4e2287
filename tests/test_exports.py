"""Issue 13 part B: ``omstill export stotteregister|regionalforvaltning`` — one row per award (each tilsagn once
over the years), the frame split per the county's profile, the deadline warning, and the columns as documented."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl

from omstill_xl.cli import main
from omstill_xl.exports.columns import EXPORTS
from omstill_xl.exports.rows import regionalforvaltning_rows, registration_deadline, stotteregister_rows
from omstill_xl.programme import load
from omstill_xl.workbook.build import write_workbook

from .test_aid import _plan, _tilsagn

ROOT = Path(__file__).resolve().parents[1]


def _books(tmp: Path) -> list[Path]:
    a = _tilsagn("2026-1", dt.date(2026, 1, 5), 150_000, tiltak="T1.1", mottaker="Rendal Tre AS", orgnr="957924689")
    b = _tilsagn(
        "2027-1",
        dt.date(2027, 2, 1),
        1_400_000,
        stotteregime="gruppeunntak",
        artikkel="art. 22",
        registrert="ja",
        innovasjon_norge=100_000,
        nace="93.290",
        storrelse="lite",
    )
    c = _tilsagn("2027-2", dt.date(2027, 3, 1), 80_000, stotteregime="ikke støtte", tiltak="T1.2")
    return [
        write_workbook(_plan(2026, [a]), tmp / "fjellbygd-2026.xlsx"),
        write_workbook(_plan(2027, [dict(a), b, c]), tmp / "fjellbygd-2027.xlsx"),
    ]


def test_stotteregister_one_row_per_award_each_once(tmp_path):
    programmes = load(_books(tmp_path), workers=1).programmes
    rows, warnings = stotteregister_rows(programmes, dt.date(2027, 6, 1))
    assert [r["tilsagnsnummer"] for r in rows] == ["2026-1", "2027-1"]  # «ikke støtte» is no aid; 2026-1 once
    a, b = rows
    assert a["fil"].startswith("fjellbygd-2027.xlsx") and a["kommune"] == "3424 Rendalen" and a["fylke"] == "Innlandet"
    assert a["rettsgrunnlag"] == "Forordning (EU) 2023/2831 (bagatellmessig støtte)"
    assert a["kursdato"] == dt.date(2026, 1, 5) and abs(a["belop_eur"] * a["kurs"] - 150_000) < 0.1
    assert b["belop_nok"] == 1_500_000 and b["rettsgrunnlag"] == "Forordning (EU) nr. 651/2014 art. 22"
    assert b["nace"] == "93.290" and b["storrelse"] == "lite" and b["registrert"] == "ja"
    assert a["frist"] == dt.date(2026, 2, 2)  # 20 working days after Monday 5 January 2026
    (w,) = warnings  # 2026-1 past its deadline, not registered; 2027-1 is registered
    assert "2026-1" in w.message and "innen 02.02.2026" in w.message and "«ja»" in w.message


def test_registration_deadlines():
    assert registration_deadline("bagatellmessig støtte", dt.date(2025, 12, 1), 50_000) is None  # before the register
    assert registration_deadline("gruppeunntak", dt.date(2026, 8, 31), 100_000) == dt.date(2027, 2, 28)
    assert registration_deadline("gruppeunntak", dt.date(2026, 8, 31), 99_999) is None
    assert registration_deadline("ikke støtte", dt.date(2026, 8, 31), 1e6) is None


def test_regionalforvaltning_split_follows_financing_and_profile(tmp_path):
    from omstill_xl.profiles import Profile, Profiles, load_profiles

    programmes = load(_books(tmp_path), workers=1).programmes
    rows, warnings = regionalforvaltning_rows(programmes)
    assert [r["tilsagnsnummer"] for r in rows] == ["2026-1", "2027-1", "2027-2"] and warnings == []
    first = rows[0]
    assert (first["aar"], first["kdd_kode"], first["kdd_navn"]) == (2026, "1375", "Forstudier/forprosjekter")
    # Fjellbygd: 1 800 000 from the county, 600 000 from the kommune — 75 %
    assert (first["omstillingsmidler"], first["statens_ramme"], first["kommunens_ramme"]) == (150_000, 112_500, 37_500)
    base = load_profiles()
    strict = Profile(**{**base.standard.__dict__, "maks_fylkesandel": 0.70, "name": "fylke.Innlandet"})
    rows, _ = regionalforvaltning_rows(programmes, Profiles(base.standard, {"Innlandet": strict}))
    assert (rows[0]["statens_ramme"], rows[0]["kommunens_ramme"]) == (105_000, 45_000)


def test_export_cli_writes_the_declared_columns(tmp_path, capsys):
    paths = _books(tmp_path)
    for kind in ("stotteregister", "regionalforvaltning"):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["export", kind, *map(str, paths), "--out", str(out)]) == 0
        ws = openpyxl.load_workbook(out).active
        assert [c.value for c in ws[1]] == [c.header for c in EXPORTS[kind]]
        assert ws.max_row == (3 if kind == "stotteregister" else 4)
    said = capsys.readouterr().out
    assert "Laget" in said and "Advarsel: Tilsagn 2026-1" in said
    assert main(["export", "stotteregister", str(paths[0]), "--out", str(tmp_path / "stotteregister.xlsx")]) == 2


def test_export_cli_reports_an_unreadable_file_and_exports_the_rest(tmp_path, capsys):
    bad = tmp_path / "tull.xlsx"
    bad.write_bytes(b"ikke en arbeidsbok")
    good = _books(tmp_path)
    code = main(["export", "regionalforvaltning", str(bad), *map(str, good), "--out", str(tmp_path / "r.xlsx")])
    assert code == 2 and (tmp_path / "r.xlsx").exists() and "tull.xlsx" in capsys.readouterr().err
    code = main(["export", "regionalforvaltning", str(bad), "--out", str(tmp_path / "s.xlsx")])
    assert code == 2 and not (tmp_path / "s.xlsx").exists()


def _readme_table(title: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(title)
    lines = text[start:].splitlines()[1:]
    table = [ln for ln in lines[: next(i for i, ln in enumerate(lines) if ln.startswith("#"))] if ln.startswith("|")]
    return [re.sub(r"\*\*|`", "", ln.split("|")[1]).strip() for ln in table[2:]]


def test_readme_documents_the_export_columns():
    assert _readme_table("#### Kolonnene til Støtteregisteret") == [c.header for c in EXPORTS["stotteregister"]]
    assert _readme_table("#### Kolonnene til regionalforvaltning.no") == [
        c.header for c in EXPORTS["regionalforvaltning"]
    ]
