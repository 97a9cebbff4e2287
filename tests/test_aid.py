"""Issue 13 part B: the tilsagn register and de minimis by the rule (rolling three years from the grant date, EUR at
the grant date's ECB rate, only the de minimis regime, other givers' aid, each tilsagn once)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from omstill_xl.aid import in_window
from omstill_xl.examples import fjellbygd
from omstill_xl.rules.crossyear import check_all
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

ORGNR = "968135791"  # Villmarksguidene AS, T2.2 in Fjellbygd


def _plan(year: int, tilsagn: list[dict[str, Any]] = (), annen: list[dict[str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    d = copy.deepcopy(fjellbygd())
    d["Program"]["fields"].update(planaar=year, status_fra=2025, status_til=2030)
    d["Finansiering"]["rows"] = [{"aar": y, "fylkeskommune": 1_800_000, "kommune": 600_000} for y in range(2025, 2031)]
    if tilsagn:
        d["Tilsagn"] = {"rows": list(tilsagn)}
    if annen:
        d["Annen bagatellmessig støtte"] = {"rows": list(annen)}
    return d


def _tilsagn(number: str, day: dt.date, nok: int, **extra: Any) -> dict[str, Any]:
    row = {
        "tilsagnsnummer": number,
        "tiltak": "T2.2",
        "mottaker": "Villmarksguidene AS",
        "orgnr": ORGNR,
        "tilsagnsdato": day,
        "omstillingsmidler": nok,
        "stotteregime": "bagatellmessig støtte",
        "kdd_kategori": "1375 Forstudier/forprosjekter",
        "status": "innvilget",
    }
    row.update(extra)
    return row


def _codes(tmp: Path, *plans: tuple[str, dict[str, Any]]) -> list[Any]:
    paths = [write_workbook(d, tmp / name) for name, d in plans]
    return check_all([read_file(p) for p in paths])


def _x010(findings: list[Any]) -> list[Any]:
    return [f for f in findings if f.code == "OX-X010"]


def test_rolling_window_is_three_years_from_the_grant_date():
    assert in_window(dt.date(2025, 12, 15), dt.date(2028, 1, 10))
    assert not in_window(dt.date(2025, 1, 1), dt.date(2028, 1, 2))
    assert not in_window(dt.date(2025, 1, 1), dt.date(2028, 1, 1))
    assert in_window(dt.date(2025, 1, 1), dt.date(2027, 12, 31))


def test_grants_under_three_years_apart_are_added_up(tmp_path):
    """15 December 2025 and 10 January 2028: under three years apart, so the two grants are added up."""
    found = _codes(
        tmp_path,
        ("a-2025.xlsx", _plan(2025, [_tilsagn("2025-7", dt.date(2025, 12, 15), 1_900_000)])),
        ("a-2028.xlsx", _plan(2028, [_tilsagn("2028-1", dt.date(2028, 1, 10), 1_900_000)])),
    )
    (f,) = _x010(found)
    assert "968135791" in f.message and "bagatellmessig støtte tre år fra 15.12.2025" in f.message
    assert "tilsagn 2025-7 (T2.2) 15.12.2025" in f.message and "tilsagn 2028-1 (T2.2) 10.01.2028" in f.message
    assert "ECBs referansekurs 15. desember 2025" in f.message and "11,9075" in f.message
    assert "omtrentlig" not in f.message and f.expected == 300_000 and f.value > 300_000


def test_the_same_grants_more_than_three_years_apart_are_not(tmp_path):
    found = _codes(
        tmp_path,
        ("a-2025.xlsx", _plan(2025, [_tilsagn("2025-1", dt.date(2025, 1, 1), 1_900_000)])),
        ("a-2028.xlsx", _plan(2028, [_tilsagn("2028-1", dt.date(2028, 1, 2), 1_900_000)])),
    )
    assert _x010(found) == []


def test_only_the_de_minimis_regime_counts(tmp_path):
    found = _codes(
        tmp_path,
        ("a-2025.xlsx", _plan(2025, [_tilsagn("2025-7", dt.date(2025, 12, 15), 1_900_000)])),
        (
            "a-2026.xlsx",
            _plan(
                2026, [_tilsagn("2026-1", dt.date(2026, 3, 1), 1_900_000, stotteregime="gruppeunntak", artikkel="22")]
            ),
        ),
    )
    assert _x010(found) == []


def test_a_rejected_or_withdrawn_tilsagn_is_no_aid(tmp_path):
    for status in ("avslått", "trukket tilbake"):
        rows = [
            _tilsagn("2026-1", dt.date(2026, 3, 1), 1_900_000),
            _tilsagn("2026-2", dt.date(2026, 6, 1), 1_900_000, status=status),
        ]
        path = write_workbook(_plan(2026, rows), tmp_path / f"{status}.xlsx")
        assert "OX-F004" not in {f.code for f in validate(path)}


def test_in_one_workbook_the_register_is_summed_with_dates_and_rates(tmp_path):
    rows = [_tilsagn("2026-1", dt.date(2026, 3, 2), 1_900_000), _tilsagn("2026-2", dt.date(2026, 6, 1), 1_900_000)]
    (f,) = [f for f in validate(write_workbook(_plan(2026, rows), tmp_path / "a.xlsx")) if f.code == "OX-F004"]
    assert f.sheet == "Tilsagn" and "ECBs referansekurs 2. mars 2026" in f.message and "omtrentlig" not in f.message


def test_other_givers_aid_in_eur_counts(tmp_path):
    annen = [
        {
            "orgnr": ORGNR,
            "mottaker": "Villmarksguidene AS",
            "giver": "Innovasjon Norge",
            "dato": dt.date(2024, 9, 1),
            "belop_eur": 150_000,
            "kilde": "Støtteregisteret",
        }
    ]
    plan = _plan(2026, [_tilsagn("2026-1", dt.date(2026, 3, 2), 1_900_000)], annen)
    (f,) = [f for f in validate(write_workbook(plan, tmp_path / "a.xlsx")) if f.code == "OX-F004"]
    assert "Innovasjon Norge 01.09.2024" in f.message and "EUR 150\u00a0000 (oppgitt i euro)" in f.message
    annen[0]["dato"] = dt.date(2023, 3, 1)  # more than three years before the tilsagn
    plan = _plan(2026, [_tilsagn("2026-1", dt.date(2026, 3, 2), 1_900_000)], annen)
    assert "OX-F004" not in {f.code for f in validate(write_workbook(plan, tmp_path / "b.xlsx"))}


def test_a_workbook_without_dates_says_the_result_is_approximate(tmp_path):
    d = copy.deepcopy(fjellbygd())
    t = next(r for r in d["Tiltak"]["rows"] if r["id"] == "T2.2")
    t["innovasjon_norge"] = 3_500_000
    t["budsjett"] += 3_400_000
    (f,) = [f for f in validate(write_workbook(d, tmp_path / "a.xlsx")) if f.code == "OX-F004"]
    assert "omtrentlig" in f.message and "11,50" in f.message and f.sheet == "Tiltak"


def test_a_carried_tilsagn_counts_once(tmp_path):
    """The 2025 tilsagn stands in the 2026 register too (carried by new --from): counted once, not twice."""
    first = _tilsagn("2025-7", dt.date(2025, 12, 15), 1_900_000)
    found = _codes(tmp_path, ("a-2025.xlsx", _plan(2025, [first])), ("a-2026.xlsx", _plan(2026, [dict(first)])))
    assert _x010(found) == []
    second = _tilsagn("2026-3", dt.date(2026, 5, 1), 1_900_000)
    found = _codes(tmp_path, ("b-2025.xlsx", _plan(2025, [first])), ("b-2026.xlsx", _plan(2026, [dict(first), second])))
    assert [f.code for f in found if f.code in ("OX-X010", "OX-F004")] == []  # 2026 alone is over: F004 there
    assert "OX-F004" in {f.code for f in validate(tmp_path / "b-2026.xlsx")}


def test_new_money_under_the_same_id_in_a_later_year_counts_both_grants(tmp_path):
    """Forprosjekt 2026 → hovedprosjekt 2027 under T2.2, without a register: each year's new money counts."""
    a, b = copy.deepcopy(fjellbygd()), copy.deepcopy(fjellbygd())
    t = next(r for r in a["Tiltak"]["rows"] if r["id"] == "T2.2")
    t.update(innovasjon_norge=1_500_000, budsjett=1_900_000, status="avsluttet", innvilget=200_000, regnskap=200_000)
    b["Program"]["fields"]["planaar"] = 2027
    t = next(r for r in b["Tiltak"]["rows"] if r["id"] == "T2.2")
    t.update(omstillingsmidler=300_000, innovasjon_norge=1_500_000, budsjett=2_000_000, plp_fase="hovedprosjekt")
    found = _codes(tmp_path, ("f-2026.xlsx", a), ("f-2027.xlsx", b))
    (f,) = _x010(found)
    assert "tiltak T2.2 2026" in f.message and "tiltak T2.2 2027" in f.message and f.value == 3_500_000


def test_the_ledger_counts_each_register_tilsagn_once(tmp_path):
    """With the register filled, cumulative innvilget is the sum of distinct tilsagn (the one carried into 2027
    counts in 2026); without it the tiltak columns are used, as before."""
    from omstill_xl.programme import load

    a = _tilsagn("2026-1", dt.date(2026, 3, 1), 150_000)
    b = _tilsagn("2027-1", dt.date(2027, 2, 1), 200_000)
    gone = _tilsagn("2027-2", dt.date(2027, 2, 1), 999_000, status="avslått")
    paths = [
        write_workbook(_plan(2026, [a]), tmp_path / "r-2026.xlsx"),
        write_workbook(_plan(2027, [dict(a), b, gone]), tmp_path / "r-2027.xlsx"),
    ]
    (prog,) = load(paths).programmes
    assert [(y.year, y.innvilget, y.innvilget_nytt) for y in prog.ledger.years] == [
        (2026, 150_000, 150_000),
        (2027, 350_000, 200_000),
    ]
    assert prog.ledger.cumulative()["innvilget"] == 350_000
    empty = load([write_workbook(_plan(2026), tmp_path / "t-2026.xlsx")]).programmes[0]
    assert empty.ledger.cumulative()["innvilget"] == sum(r.get("innvilget", 0) for r in fjellbygd()["Tiltak"]["rows"])


def test_new_from_carries_open_tilsagn_with_their_payments(tmp_path, capsys):
    from omstill_xl.cli import main

    rows = [
        _tilsagn("2026-1", dt.date(2026, 3, 1), 150_000),
        _tilsagn("2026-2", dt.date(2026, 4, 1), 100_000, status="avsluttet"),
    ]
    d = _plan(2026, rows)
    d["Utbetalinger"] = {
        "rows": [
            {"tilsagnsnummer": "2026-1", "dato": dt.date(2026, 6, 1), "belop": 50_000},
            {"tilsagnsnummer": "2026-2", "dato": dt.date(2026, 6, 1), "belop": 100_000},
        ]
    }
    src = write_workbook(d, tmp_path / "a-2026.xlsx")
    assert main(["new", str(tmp_path / "a-2027.xlsx"), "--from", str(src), "--aar", "2027"]) == 0
    assert "1 åpne tilsagn videreført med utbetalingene; 1 avsluttede" in capsys.readouterr().out
    plan = read_file(tmp_path / "a-2027.xlsx")
    assert [r.tilsagnsnummer for r in plan.tilsagn] == ["2026-1"]
    assert plan.tilsagn[0].tilsagnsdato == dt.date(2026, 3, 1)
    assert [(u.tilsagnsnummer, u.belop) for u in plan.utbetalinger] == [("2026-1", 50_000)]


def test_a_workbook_of_the_previous_layout_reads_validates_and_is_upgraded(tmp_path, capsys):
    from omstill_xl import schema as S
    from omstill_xl.cli import main

    from .defects import DEFECTS

    old, _ = DEFECTS["OX-S021"](tmp_path)
    plan = read_file(old)
    assert plan.layout_version == 1 and plan.missing_sheets == (
        "Tilsagn",
        "Utbetalinger",
        "Annen bagatellmessig støtte",
        "Programstatusvurdering",
    )
    (note,) = validate(plan)
    assert note.code == "OX-S021" and note.severity == "info" and "omstill new" in note.hint
    assert main(["validate", str(old)]) == 0
    assert main(["new", str(tmp_path / "ny.xlsx"), "--from", str(old)]) == 0
    assert "mal versjon 1; den nye arbeidsboka har versjon 2" in capsys.readouterr().out
    new = read_file(tmp_path / "ny.xlsx")
    assert new.layout_version == S.SCHEMA_VERSION and new.missing_sheets == ()


STOTTE_CSV = (
    "\ufeffMottakers organisasjonsnummer;Mottaker;Støttegiver;Tildelingsdato;Beløp NOK;Beløp EUR;Støtteregime\n"
    "968135791;Villmarksguidene AS;Innovasjon Norge;01.09.2025;1 500 000,00;;Bagatellmessig støtte\n"
    "968135791;Villmarksguidene AS;Rendalen kommune;2025-10-01;;20000;bagatellmessig støtte\n"
    "968135791;Villmarksguidene AS;Innovasjon Norge;01.10.2025;5 000 000;;Gruppeunntak art. 22\n"
)


def test_csv_import_of_other_givers_aid(tmp_path, capsys):
    """The Støtteregister CSV (our documented format): de minimis rows only, NOK and EUR, into a copy; with a
    tilsagn of 1 900 000 kr the undertaking is then over EUR 300 000."""
    from omstill_xl.cli import main

    csv_path = tmp_path / "stotte.csv"
    csv_path.write_text(STOTTE_CSV, encoding="utf-8")
    src = write_workbook(_plan(2026, [_tilsagn("2026-1", dt.date(2026, 3, 2), 1_900_000)]), tmp_path / "a.xlsx")
    assert "OX-F004" not in {f.code for f in validate(src)}
    before = src.read_bytes()
    out = tmp_path / "med-stotte.xlsx"
    assert main(["annen-stotte", str(csv_path), str(src), "--out", str(out)]) == 0
    assert "2 rader fra stotte.csv lagt til" in capsys.readouterr().out and src.read_bytes() == before
    plan = read_file(out)
    assert [(r.giver, r.dato, r.get("belop_nok"), r.get("belop_eur")) for r in plan.annen_stotte] == [
        ("Innovasjon Norge", dt.date(2025, 9, 1), 1_500_000, None),
        ("Rendalen kommune", dt.date(2025, 10, 1), None, 20_000),
    ]
    (f,) = [f for f in validate(plan) if f.code == "OX-F004"]
    assert "Innovasjon Norge 01.09.2025" in f.message and "EUR 20\u00a0000 (oppgitt i euro)" in f.message
    again = tmp_path / "igjen.xlsx"
    assert main(["annen-stotte", str(csv_path), str(out), "--out", str(again)]) == 0
    assert "0 rader fra stotte.csv lagt til" in capsys.readouterr().out


def test_csv_import_names_the_line_and_the_missing_column(tmp_path, capsys):
    from omstill_xl.cli import main

    src = write_workbook(_plan(2026), tmp_path / "a.xlsx")
    bad = tmp_path / "feil.csv"
    bad.write_text("orgnr;giver;dato;belop_nok\n968135791;IN;31.02.2025;100\n", encoding="utf-8")
    assert main(["annen-stotte", str(bad), str(src), "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "Linje 2: datoen «31.02.2025»" in capsys.readouterr().err
    bad.write_text("orgnr,dato\n968135791,01.02.2025\n", encoding="utf-8")
    assert main(["annen-stotte", str(bad), str(src), "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "mangler kolonnene giver, belop_nok eller belop_eur" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
