"""Cross-year rules (OX-X…): one set of workbooks per code that triggers exactly that code, built by code from
the shipped examples and the synthetic generator; the clean examples trigger none."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from omstill_xl.cli import main
from omstill_xl.examples import eksempel, fjellbygd
from omstill_xl.rules.catalogue import BY_CODE, RULES
from omstill_xl.rules.crossyear import check_all, check_programme, different_tiltak
from omstill_xl.validate import validate, validate_files
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

from .generate import synthetic_plan

Data = dict[str, Any]


def _tiltak(data: Data, tid: str) -> dict[str, Any]:
    return next(r for r in data["Tiltak"]["rows"] if r["id"] == tid)


def _write(tmp: Path, *items: tuple[str, Data]) -> list[Path]:
    return [write_workbook(d, tmp / name) for name, d in items]


def _e(year: int) -> Data:
    return copy.deepcopy(eksempel(year))


def dup_year(tmp: Path) -> list[Path]:
    return _write(
        tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", _e(2026)), ("eksempel-2026-kopi.xlsx", _e(2026))
    )


def missing_year(tmp: Path) -> list[Path]:
    later = _e(2026)
    later["Program"]["fields"]["planaar"] = 2027
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2027.xlsx", later))


def long_span(tmp: Path) -> list[Path]:
    """Seven consecutive years: a first period 2020–2025 and a new status 2026–2031 under the same name."""
    out = []
    for year in range(2020, 2027):
        fra, til = (2020, 2025) if year <= 2025 else (2026, 2031)
        d = synthetic_plan(4, seed=1, kommunenummer="1812", aar=year, fra=fra, til=til, programnavn="Omstilling Sømna")
        out.append(write_workbook(d, tmp / f"somna-{year}.xlsx"))
    return out


def kommune_changed(tmp: Path) -> list[Path]:
    later = _e(2026)
    later["Program"]["fields"]["kommunenummer"] = "4627"
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", later))


def name_changed(tmp: Path) -> list[Path]:
    later = _e(2026)
    later["Program"]["fields"]["programnavn"] = "Omstilling Eksempel kommune"
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", later))


def frame_exceeded(tmp: Path) -> list[Path]:
    """2027's workbook cuts the frame for 2026 and 2028: what was granted for 2026–2027 is over the period's frame."""
    first = copy.deepcopy(fjellbygd())
    second = copy.deepcopy(fjellbygd())
    second["Program"]["fields"]["planaar"] = 2027
    second["Finansiering"]["rows"] = [
        {"aar": 2026, "fylkeskommune": 600_000, "kommune": 200_000},
        {"aar": 2027, "fylkeskommune": 1_800_000, "kommune": 600_000},
        {"aar": 2028, "fylkeskommune": 600_000, "kommune": 200_000},
    ]
    return _write(tmp, ("fjellbygd-2026.xlsx", first), ("fjellbygd-2027.xlsx", second))


def id_reused(tmp: Path) -> list[Path]:
    later = _e(2026)
    _tiltak(later, "T2.4")["navn"] = "Digital markedsføring for sjømatbedrifter"
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", later))


def vanished(tmp: Path) -> list[Path]:
    """T3.1 was granted 150 000 in 2025 and postponed, but is gone from 2026 (its money moved to T3.5)."""
    later = _e(2026)
    rows = later["Tiltak"]["rows"]
    t31 = _tiltak(later, "T3.1")
    rows.remove(t31)
    t35 = _tiltak(later, "T3.5")
    t35["omstillingsmidler"] += t31["omstillingsmidler"]
    t35["budsjett"] += t31["omstillingsmidler"]
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", later))


def overfort_wrong(tmp: Path) -> list[Path]:
    later = _e(2026)
    later["Finansiering"]["fields"]["overfort"] = 400_000
    t44 = _tiltak(later, "T4.4")
    t44["omstillingsmidler"] -= 50_000
    t44["budsjett"] -= 50_000
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", later))


def de_minimis(tmp: Path) -> list[Path]:
    """Fjordopplevelser AS: 1 800 000 in 2025 and 1 750 000 in 2026 — each under, together over 3 450 000."""
    first, later = _e(2025), _e(2026)
    for data, tid, extra in ((first, "T2.2", 1_500_000), (later, "T2.5", 1_400_000)):
        t = _tiltak(data, tid)
        t["innovasjon_norge"] += extra
        t["budsjett"] += extra
    return _write(tmp, ("eksempel-2025.xlsx", first), ("eksempel-2026.xlsx", later))


def indicator_back(tmp: Path) -> list[Path]:
    later = _e(2026)
    row = next(
        r for r in later["Mål og resultater"]["rows"] if r["indikator"] == "Nye arbeidsplasser" and r["aar"] == 2025
    )
    row["resultat"] = 2  # the 2025 workbook reported 4
    return _write(tmp, ("eksempel-2025.xlsx", _e(2025)), ("eksempel-2026.xlsx", later))


def tilsagn_reduced(tmp: Path) -> list[Path]:
    """2026 made from 2025 with the roll-forward (T1.1 carries 150 000 open tilsagn), then T1.1's innvilget is
    written as 100 000: the open tilsagn looks reduced by 50 000."""
    from omstill_xl.nextyear import next_year_data

    first = write_workbook(_e(2025), tmp / "eksempel-2025.xlsx")
    data, _ = next_year_data(read_file(first))
    _tiltak(data, "T1.1")["innvilget"] = 100_000
    return [first, write_workbook(data, tmp / "eksempel-2026.xlsx")]


FIXTURES: dict[str, Callable[[Path], list[Path]]] = {
    "OX-X001": dup_year,
    "OX-X002": missing_year,
    "OX-X003": long_span,
    "OX-X004": kommune_changed,
    "OX-X005": name_changed,
    "OX-X006": frame_exceeded,
    "OX-X007": id_reused,
    "OX-X008": vanished,
    "OX-X009": overfort_wrong,
    "OX-X010": de_minimis,
    "OX-X011": indicator_back,
    "OX-X012": tilsagn_reduced,
}


def test_every_crossyear_code_has_a_fixture():
    codes = {r.code for r in RULES if r.code.startswith("OX-X")}
    assert codes == set(FIXTURES)


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_fixture_triggers_exactly_its_rule(tmp_path, code):
    paths = FIXTURES[code](tmp_path)
    results = validate_files(paths)
    cross = [f for r in results for f in r.findings if f.code.startswith("OX-X")]
    assert {f.code for f in cross} == {code}, [(f.code, f.file, f.location, f.message) for f in cross]
    for r, p in zip(results, paths):
        # the single-file findings are unchanged: the cross-year rules only add
        assert [f for f in r.findings if not f.code.startswith("OX-X")] == validate(p)
    for f in cross:
        assert f.file in {str(p) for p in paths}
        assert f.sheet and f.cell and f.message and f.hint and f.severity == BY_CODE[code].severity
        assert any(f in r.findings for r in results if r.file == f.file)


def test_clean_examples_have_no_crossyear_findings(example_paths):
    plans = [read_file(p) for p in example_paths.values()]
    assert check_all(plans) == []


def test_overfort_matches_last_years_unspent_on_the_examples(example_paths):
    """2025: 4 000 000 disponibelt − 3 550 000 regnskap = 450 000, and 2026 carries 450 000 over."""
    plans = [read_file(example_paths[n]) for n in ("eksempel-2025.xlsx", "eksempel-2026.xlsx")]
    assert [f.code for f in check_programme(plans)] == []


def test_overfort_message_states_the_definition(tmp_path):
    (f,) = check_all([read_file(p) for p in overfort_wrong(tmp_path)])
    assert f.location == "Finansiering!B7" and f.file.endswith("eksempel-2026.xlsx")
    assert "400\u00a0000\u00a0kr" in f.message and "450\u00a0000\u00a0kr" in f.message
    assert "minus regnskap 3\u00a0550\u00a0000\u00a0kr" in f.message and f.expected == 450000


def test_de_minimis_across_years_states_rate_and_points_at_the_grant(tmp_path):
    (f,) = check_all([read_file(p) for p in de_minimis(tmp_path)])
    assert f.file.endswith("eksempel-2026.xlsx") and f.sheet == "Tiltak"
    assert "935792460" in f.message and "i 2025 og 2026" in f.message
    assert "EUR 300\u00a0000" in f.message and "11,50" in f.message and "3\u00a0450\u00a0000\u00a0kr" in f.message
    assert f.value == 3_550_000


def test_de_minimis_uses_the_profile_rate(tmp_path):
    from omstill_xl.profiles import Profile, Profiles

    cheap = Profiles(Profile(eur_nok=10.0), {})
    plans = [read_file(p) for p in de_minimis(tmp_path)]
    (f,) = check_all(plans, cheap)
    assert "10,00" in f.message and "3\u00a0000\u00a0000\u00a0kr" in f.message


def test_de_minimis_window_is_three_years(tmp_path):
    """The same two grants four years apart are not in one three-year window."""
    first, later = _e(2025), _e(2026)
    for data, tid, extra in ((first, "T2.2", 1_500_000), (later, "T2.5", 1_400_000)):
        t = _tiltak(data, tid)
        t["innovasjon_norge"] += extra
        t["budsjett"] += extra
    later["Program"]["fields"]["planaar"] = 2028
    later["Finansiering"]["fields"]["overfort"] = 450_000
    paths = _write(tmp_path, ("a.xlsx", first), ("b.xlsx", later))
    codes = {f.code for f in check_all([read_file(p) for p in paths])}
    assert "OX-X010" not in codes and "OX-X002" in codes


def test_de_minimis_sums_across_programmes(tmp_path):
    """Two programmes granting to the same org.nr in the same year: summed over all workbooks given."""
    a = copy.deepcopy(fjellbygd())
    b = _e(2026)
    t = _tiltak(a, "T2.2")
    t.update(
        orgnr="935792460",
        prosjekteier="Fjordopplevelser AS",
        innovasjon_norge=1_700_000,
        budsjett=t["omstillingsmidler"] + 1_700_000 + t.get("naeringsliv", 0),
    )
    t = _tiltak(b, "T2.5")
    t["innovasjon_norge"] += 1_500_000
    t["budsjett"] += 1_500_000
    paths = _write(tmp_path, ("fjellbygd.xlsx", a), ("eksempel.xlsx", b))
    findings = check_all([read_file(p) for p in paths])
    assert [f.code for f in findings] == ["OX-X010"]
    assert "fjellbygd.xlsx" in findings[0].message and "eksempel.xlsx" in findings[0].message


def test_cumulative_indicator_going_down(tmp_path):
    first, later = _e(2025), _e(2026)
    for data, year, value in ((first, 2025, 12), (later, 2026, 9)):
        data["Mål og resultater"]["rows"].append({"indikator": "Arbeidsplasser i alt", "aar": year, "resultat": value})
    paths = _write(tmp_path, ("a.xlsx", first), ("b.xlsx", later))
    (f,) = check_all([read_file(p) for p in paths])
    assert f.code == "OX-X011" and f.file == str(paths[1]) and f.sheet == "Mål og resultater"
    assert "kumulativ" in f.message and "2026" in f.message


def test_same_id_for_the_same_tiltak_is_fine():
    from omstill_xl.model import Record

    def rec(**v: Any) -> Record:
        return Record("Tiltak", 5, v, {})

    same = [
        ("Forstudie restråstoff", "Hovedprosjekt restråstoff"),
        ("Bedriftsnettverk industri", "Bedriftsnettverk for industrien"),
        ("Administrasjon/drift (lønn 850)", "Administrasjon/drift"),
    ]
    for a, b in same:
        assert different_tiltak(rec(navn=a, type="tilretteleggende"), rec(navn=b, type="tilretteleggende")) is None
    assert different_tiltak(rec(navn="Rekrutteringskampanje"), rec(navn="Etablererprogram og gründerhus"))
    assert different_tiltak(rec(navn="X", innsatsomrade="IO1"), rec(navn="X", innsatsomrade="IO2"))
    assert different_tiltak(rec(navn="X", orgnr="913579240"), rec(navn="X", orgnr="924681357"))


def test_validate_cli_runs_crossyear_rules_and_exits_1(capsys, tmp_path):
    paths = de_minimis(tmp_path)
    code = main(["validate", *map(str, paths)])
    out = capsys.readouterr().out
    assert code == 1 and "OX-X010" in out and "Fjordopplevelser AS" in out


def test_validate_cli_single_file_unchanged(capsys, tmp_path):
    paths = dup_year(tmp_path)
    code = main(["validate", str(paths[1])])
    out = capsys.readouterr().out
    assert code == 0 and "OX-X" not in out


def test_two_versions_of_one_year_are_validated_side_by_side(tmp_path):
    """Without another year there is nothing across years: no «same year twice» in validate (consolidate says it)."""
    from omstill_xl import consolidate

    paths = dup_year(tmp_path)[1:]
    assert not [f for r in validate_files(paths) for f in r.findings if f.code.startswith("OX-X")]
    assert {f.code for f in consolidate.load(paths, workers=1).findings} == {"OX-X001"}


def test_validate_json_puts_crossyear_findings_on_the_right_file(capsys, tmp_path):
    import json

    paths = vanished(tmp_path)
    main(["validate", "--format", "json", *map(str, paths)])
    doc = json.loads(capsys.readouterr().out)
    (x,) = [f for f in doc["findings"] if f["code"] == "OX-X008"]
    assert x["file"] == str(paths[0]) and x["sheet"] == "Tiltak" and x["cell"] == "A14"
    assert "T3.1" in x["message"] and "150\u00a0000\u00a0kr" in x["message"]


def test_unreadable_file_in_a_batch_does_not_stop_crossyear_rules(tmp_path):
    paths = overfort_wrong(tmp_path)
    broken = tmp_path / "skadet.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    results = validate_files([paths[0], broken, paths[1]])
    assert results[1].error and [f.code for f in results[2].findings if f.code.startswith("OX-X")] == ["OX-X009"]
