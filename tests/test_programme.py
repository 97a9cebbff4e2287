"""The programme core: one identity rule for every command, and each krone counted once over the years.

Reproduces what was found (issue 12): a two-year programme made with ``omstill new --from`` counted a carried
tilsagn once per year in the cumulative figures; a renamed programme was split in two by ``omstill report``;
«Bedrifter i prosjekter» was summed over the years.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omstill_xl import consolidate
from omstill_xl.examples import eksempel
from omstill_xl.nextyear import next_year_data
from omstill_xl.programme import group_plans, load
from omstill_xl.report.context import Source, build_context
from omstill_xl.rules import check_plan
from omstill_xl.validate import validate_files
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file


def _row(data: dict[str, Any], tid: str) -> dict[str, Any]:
    return next(r for r in data["Tiltak"]["rows"] if r["id"] == tid)


def rolled_forward(tmp: Path) -> tuple[Path, Path]:
    """Eksempel 2025, and 2026 made from it with ``new --from``, then filled in as a user would.

    2025: innvilget 3 850 000. Carried into 2026: T1.1 (open tilsagn 150 000, remaining budget 150 000) and T3.1
    (open 150 000, remaining 300 000); overført 450 000. In 2026 the user pays T1.1's rest, raises T3.1's tilsagn
    to 300 000 (150 000 new) and pays it, adds T5.1 (200 000 granted, 50 000 paid) and pays administrasjon.
    New tilsagn 2026: 1 000 000 + 150 000 + 200 000 = 1 350 000, so 5 200 000 over the two years (summing the
    workbooks gives 5 500 000). New on tiltak 2026: 1 650 000 − 450 000 carried = 1 200 000 (5 200 000 in all).
    """
    first = write_workbook(eksempel(2025), tmp / "eksempel-2025.xlsx")
    data, _ = next_year_data(read_file(first))
    data = copy.deepcopy(data)
    admin = _row(data, "A")
    admin.update(status="pågår", innvilget=1_000_000, utbetalt=1_000_000)
    _row(data, "T1.1").update(status="avsluttet", utbetalt=150_000)
    _row(data, "T3.1").update(status="avsluttet", innvilget=300_000, utbetalt=300_000)
    data["Tiltak"]["rows"].append(
        {
            "id": "T5.1",
            "innsatsomrade": "IO4",
            "navn": "Forstudie sjøfront",
            "type": "tilretteleggende",
            "budsjett": 200_000,
            "omstillingsmidler": 200_000,
            "status": "pågår",
            "innvilget": 200_000,
            "utbetalt": 50_000,
        }
    )
    second = write_workbook(data, tmp / "eksempel-2026.xlsx")
    return first, second


def test_carried_tilsagn_counted_once_in_the_consolidated_workbook(tmp_path):
    paths = rolled_forward(tmp_path)
    c = consolidate.load(paths, workers=1)
    (prog,) = c.programmes
    per = {r["tiltak"]: r for r in c.per_tiltak().to_dict("records")}
    assert per["T1.1"]["innvilget"] == 400_000  # granted once in 2025 (summing the years: 550 000)
    assert per["T3.1"]["innvilget"] == 300_000  # 150 000 in 2025, 150 000 more in 2026 (summing: 450 000)
    assert per["T1.1"]["omstillingsmidler"] == 400_000  # budgeted once (summing: 550 000)
    summary = c.per_programme().to_dict("records")[0]
    assert summary["innvilget"] == 5_200_000 and summary["omstillingsmidler"] == 5_200_000
    assert prog.ledger.cumulative()["innvilget"] == 5_200_000


def test_finished_tiltak_has_nothing_left_granted_but_unspent(tmp_path):
    """The issue's «203 500 kr Innvilget, ikke brukt» on a finished tiltak: with the tilsagn once, it is 0."""
    c = consolidate.load(rolled_forward(tmp_path), workers=1)
    per = {r["tiltak"]: r for r in c.per_tiltak().to_dict("records")}
    assert per["T1.1"]["innvilget"] - per["T1.1"]["brukt"] == 0
    assert per["T3.1"]["innvilget"] - per["T3.1"]["brukt"] == 0


def _sources(paths: tuple[Path, ...]) -> list[Source]:
    out = []
    for p in paths:
        plan = read_file(p)
        out.append(Source(plan, p.name, hashlib.sha256(p.read_bytes()).hexdigest(), tuple(check_plan(plan))))
    return out


def test_report_period_table_counts_each_tilsagn_once(tmp_path):
    first, second = _sources(rolled_forward(tmp_path))
    fin = build_context(second, [first])["finansiering"]
    total = fin["aar_for_aar_sum"]
    assert total["fylkeskommune"] + total["kommune"] == 8_000_000
    assert total["innvilget"] == 5_200_000 and total["omstillingsmidler"] == 5_200_000
    rows = {r["aar"]: r for r in fin["aar_for_aar"]}
    assert rows[2026]["innvilget"] == 1_350_000 and rows[2026]["omstillingsmidler"] == 1_200_000
    assert sum(r["innvilget"] for r in rows.values()) == total["innvilget"]


def test_overfort_is_last_years_unspent_everywhere(tmp_path):
    paths = rolled_forward(tmp_path)
    c = consolidate.load(paths, workers=1)
    (prog,) = c.programmes
    y25, y26 = prog.ledger.years
    assert y25.unspent == 450_000 == y26.overfort
    assert [f.code for f in c.findings] == []  # OX-X009 agrees


def test_renamed_programme_is_one_programme_everywhere(tmp_path):
    data = eksempel(2026)
    data["Program"]["fields"]["programnavn"] = "Eksempel Vekst"
    paths = (
        write_workbook(eksempel(2025), tmp_path / "eksempel-2025.xlsx"),
        write_workbook(data, tmp_path / "vekst-2026.xlsx"),
    )
    portfolio = load(paths, workers=1)
    assert len(portfolio.programmes) == 1
    assert portfolio.programmes[0].names == ("Omstilling Eksempel", "Eksempel Vekst")
    assert len(consolidate.load(paths, workers=1).programmes) == 1
    codes = [f.code for r in validate_files(paths) for f in r.findings if f.code.startswith("OX-X")]
    assert codes == ["OX-X005"]  # a warning, never a second programme
    from omstill_xl.report.programmes import plan_jobs

    jobs, problems = plan_jobs(portfolio.programmes, 2026)
    assert problems == [] and len(jobs) == 1
    assert [Path(p.source).name for p in jobs[0].earlier] == ["eksempel-2025.xlsx"]


def test_identity_is_kommune_and_status_period(tmp_path):
    """Same kommune, adjoining periods: one programme; a later status after a gap: a new programme; the same
    name in another kommune: another programme."""
    plans = []
    for aar, fra, til, knr in ((2025, 2025, 2027, "4626"), (2028, 2028, 2030, "4626"), (2035, 2035, 2037, "4626")):
        d = eksempel(2025)
        d["Program"]["fields"].update(planaar=aar, status_fra=fra, status_til=til, kommunenummer=knr)
        plans.append(read_file(write_workbook(d, tmp_path / f"p-{aar}.xlsx")))
    groups = group_plans(plans)
    assert [g.years for g in groups] == [(2025, 2028), (2035,)]
    assert [g.key for g in groups] == ["4626:2025-2030", "4626:2035-2037"]


@pytest.mark.parametrize("name", ["Bedrifter i prosjekter"])
def test_distinct_counts_are_not_summed_over_years(example_paths, name):
    paths = [example_paths["eksempel-2025.xlsx"], example_paths["eksempel-2026.xlsx"]]
    c = consolidate.load(paths, workers=1)
    ind = c.indicators()
    rows = ind[ind["indikator"] == name]
    assert len(rows) and rows["resultat_kumulativt"].isna().all()
    first, second = _sources(tuple(paths))
    row = next(r for r in build_context(second, [first])["maal"]["indikatorer"] if r["navn"] == name)
    assert row["resultat_hittil"] is None and row["summerbar"] is False


# --- Property: over generated programmes rolled forward with ``new --from``, each krone once everywhere --------


@st.composite
def rolled_programmes(draw):
    """A programme of 2–4 years: year one from the generator, each later year made from the one before with
    ``next_year_data`` (the roll-forward of ``omstill new --from``) and then filled in: carried tilsagn raised
    or not, payments up to the tilsagn, tiltak finished, a new tiltak granted. Returns the yearly data and what
    the test itself granted each year (its own bookkeeping, independent of the code under test)."""
    from .generate import synthetic_plan

    start = draw(st.integers(2024, 2026))
    years = draw(st.integers(2, 4))
    data = synthetic_plan(
        draw(st.integers(2, 6)), seed=draw(st.integers(0, 10_000)), aar=start, fra=start, til=start + 5
    )
    granted: list[int] = []
    out: list[dict[str, Any]] = []
    for i in range(years):
        if i:
            plan = _read_data(out[-1])
            data, _ = next_year_data(plan)
            data = copy.deepcopy(data)
            if draw(st.booleans()):
                data["Tiltak"]["rows"].append(
                    {
                        "id": f"N{i}",
                        "innsatsomrade": "IO1",
                        "navn": f"Nytt tiltak {i}",
                        "type": "tilretteleggende",
                        "budsjett": 100_000,
                        "omstillingsmidler": 100_000,
                        "status": "planlagt",
                    }
                )
        new = 0
        for row in data["Tiltak"]["rows"]:
            omst = int(row.get("omstillingsmidler") or 0)
            carried = int(row.get("innvilget") or 0)  # open tilsagn the roll-forward carried in (0 in year one)
            raise_to = draw(st.integers(carried // 10_000, max(carried, omst) // 10_000)) * 10_000
            innvilget = max(carried, raise_to)
            if innvilget or "innvilget" in row:
                row["innvilget"] = innvilget
            new += innvilget - carried
            row["utbetalt"] = draw(st.integers(0, innvilget // 10_000)) * 10_000
            if row.get("type") != "administrasjon":
                row["status"] = draw(st.sampled_from(("planlagt", "pågår", "avsluttet")))
        granted.append(new)
        out.append(data)
    return out, granted


def _read_data(data: dict[str, Any]):
    import tempfile

    from omstill_xl.workbook.build import build_workbook, workbook_bytes

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.xlsx"
        path.write_bytes(workbook_bytes(build_workbook(copy.deepcopy(data))))
        return read_file(path)


def _overview_value(wb, expected, label: str, column: str) -> float:
    ws = wb["Oversikt"]
    heads = {str(c.value): c.column_letter for c in ws[4] if c.value is not None}
    for row in ws.iter_rows(min_row=5):
        if row[1].value == label:
            cell = ws[f"{heads[column]}{row[1].row}"]
            return expected.get((ws.title, cell.coordinate), cell.value)
    raise KeyError(label)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rolled_programmes())
def test_each_tilsagn_once_over_rolled_forward_programmes(tmp_path_factory, generated):
    from omstill_xl.consolidate.writer import build
    from omstill_xl.workbook.build import build_workbook, workbook_bytes

    yearly, granted = generated
    folder = tmp_path_factory.mktemp("rolled")
    paths = []
    for data in yearly:
        path = folder / f"plan-{data['Program']['fields']['planaar']}.xlsx"
        path.write_bytes(workbook_bytes(build_workbook(copy.deepcopy(data))))
        paths.append(path)
    c = consolidate.load(paths, workers=1)
    (prog,) = c.programmes
    total = sum(granted)
    # new tilsagn summed over the years = cumulative innvilget in the core, the consolidated workbook, the report
    assert prog.ledger.cumulative()["innvilget"] == total
    summary = c.per_programme().to_dict("records")[0]
    assert summary["innvilget"] == total
    assert float(c.per_tiltak()["innvilget"].sum()) == total
    wb, expected = build(c)
    last = str(prog.years[-1])
    assert _overview_value(wb, expected, "Innvilget, kumulativt (hvert tilsagn én gang)", last) == total
    sources = _sources(tuple(paths))
    fin = build_context(sources[-1], sources[:-1])["finansiering"]
    assert (fin["aar_for_aar_sum"]["innvilget"] or 0) == total
    assert [r["innvilget"] or 0 for r in fin["aar_for_aar"]] == granted
    # cumulative utbetalt ≤ cumulative innvilget, in all three
    utbetalt = prog.ledger.cumulative()["utbetalt"]
    assert utbetalt <= total and summary["utbetalt"] == utbetalt
    assert (fin["aar_for_aar_sum"]["utbetalt"] or 0) == utbetalt <= (fin["aar_for_aar_sum"]["innvilget"] or 0)
    # overført equals last year's unspent: in the workbooks (written by the roll-forward), in the consolidated
    # overview, in the report, and the cross-year rule agrees
    for before, after in zip(prog.ledger.years, prog.ledger.years[1:]):
        assert after.overfort == round(before.unspent) >= 0
        ov = _overview_value(wb, expected, "Overført fra fjoråret", str(after.year))
        assert (
            ov == after.overfort == _overview_value(wb, expected, "Ubrukt (disponibelt minus brukt)", str(before.year))
        )
    assert fin["overfort"] == prog.ledger.years[-1].overfort
    assert not [f for f in c.findings if f.code == "OX-X009"]


def test_a_users_indicator_takes_its_kind_from_the_dropdown(tmp_path):
    """«Type» in «Mål og resultater» (a dropdown of schema.INDICATOR_KINDS) decides how a user's own indicator adds
    up — the same in the consolidated workbook and the report."""
    import openpyxl

    from omstill_xl import schema as S

    def with_rows(year: int) -> dict[str, Any]:
        d = eksempel(year)
        for y in (2025, 2026):
            d["Mål og resultater"]["rows"] += [
                {"indikator": "Turister i gjestehavna", "type": S.FLOW, "aar": y, "maal": 100, "resultat": 120},
                {"indikator": "Bedrifter med ISO-sertifikat", "type": S.DISTINCT, "aar": y, "maal": 4, "resultat": 5},
                {"indikator": "Andel kvinner i styret %", "aar": y, "maal": 40, "resultat": 45},
            ]
        return d

    paths = (
        write_workbook(with_rows(2025), tmp_path / "eksempel-2025.xlsx"),
        write_workbook(with_rows(2026), tmp_path / "eksempel-2026.xlsx"),
    )
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["Mål og resultater"]
    assert any("Liste_Indikatortype" in str(dv.formula1) for dv in ws.data_validations.dataValidation)
    c = consolidate.load(paths, workers=1)
    ind = c.indicators().set_index(["indikator", "year"])
    assert ind.loc[("Turister i gjestehavna", 2026), "resultat_kumulativt"] == 240
    assert ind.loc[("Turister i gjestehavna", 2026), "serie"] == S.FLOW
    for name in ("Bedrifter med ISO-sertifikat", "Andel kvinner i styret %"):
        assert ind.loc[(name, 2026), "resultat_kumulativt"] != ind.loc[(name, 2026), "resultat_kumulativt"]  # NaN
    first, second = _sources(paths)
    rows = {r["navn"]: r for r in build_context(second, [first])["maal"]["indikatorer"]}
    assert rows["Turister i gjestehavna"]["resultat_hittil"] == 240  # a flow: 120 + 120
    assert rows["Turister i gjestehavna"]["maal_hittil"] == 200
    assert rows["Bedrifter med ISO-sertifikat"]["maal_hittil"] is None
    assert rows["Andel kvinner i styret %"]["summerbar"] is False and rows["Andel kvinner i styret %"]["nivaa"]


def test_a_programme_across_the_kommune_reforms_is_one_programme(tmp_path):
    """Kragerø's workbooks carry 0815 (2019), 3814 (2020–2023) and 4014 (2024–): one programme under today's
    number, with no «kommunenummer changed» warning for an official renumbering."""
    paths = []
    for aar, nr in ((2019, "0815"), (2020, "3814"), (2023, "3814"), (2024, "4014")):
        d = eksempel(2025)
        d["Program"]["fields"].update(planaar=aar, status_fra=2019, status_til=2024, kommunenummer=nr)
        d["Program"]["fields"]["programnavn"] = "Omstilling Kragerø"
        paths.append(write_workbook(d, tmp_path / f"kragero-{aar}.xlsx"))
    (prog,) = load(paths, workers=1).programmes
    assert prog.kommunenummer == "4014" and prog.kommune == "Kragerø" and prog.years == (2019, 2020, 2023, 2024)
    assert prog.key == "4014:2019-2024"
    codes = {f.code for r in validate_files(paths) for f in r.findings if f.code.startswith("OX-X")}
    assert "OX-X004" not in codes


def test_baseline_and_period_target_follow_the_kind(tmp_path):
    """Baseline and period target («Mål og resultater», schema.INDICATOR_GOAL_KEYS) are carried by ``new --from``
    and reached the way totals add up — a flow by its sum to date, a distinct count by its latest result — with
    the same share in the consolidated workbook and the report."""
    from omstill_xl.consolidate.writer import build
    from omstill_xl.programme.indicators import goals

    first = write_workbook(eksempel(2025), tmp_path / "eksempel-2025.xlsx")
    data, _ = next_year_data(read_file(first))
    for r in data["Mål og resultater"]["rows"]:
        if r.get("aar") == 2026 and r["indikator"] in ("Nye arbeidsplasser", "Bedrifter i prosjekter"):
            r["resultat"] = 6 if r["indikator"] == "Nye arbeidsplasser" else 20
    second = write_workbook(data, tmp_path / "eksempel-2026.xlsx")
    carried = goals([read_file(second)])
    assert carried == goals([read_file(first)])
    nye, firms = carried["Nye arbeidsplasser"], carried["Bedrifter i prosjekter"]
    assert (nye.utgangsverdi, nye.utgangsaar, nye.maal_perioden) == (0, 2024, 36)
    assert (firms.utgangsverdi, firms.maal_perioden) == (6, 40)
    want = {"Nye arbeidsplasser": (4 + 6) / 36, "Bedrifter i prosjekter": 20 / 40}  # 2025: 4 new jobs, 18 firms

    c = consolidate.load([first, second], workers=1)
    wb, expected = build(c)
    ws = wb["Indikatorer"]
    heads = {str(cell.value): cell.column_letter for cell in ws[4] if cell.value is not None}
    got = {}
    for row in ws.iter_rows(min_row=5):
        name, year = row[2].value, row[3].value
        if name in want and year == 2026:
            assert ws[f"{heads['Mål for perioden']}{row[0].row}"].value == carried[name].maal_perioden
            got[name] = expected[(ws.title, f"{heads['Oppnådd av målet for perioden']}{row[0].row}")]
    assert got == pytest.approx(want)
    a, b = _sources((first, second))
    rows = {r["navn"]: r for r in build_context(b, [a])["maal"]["indikatorer"]}
    assert {n: rows[n]["andel_perioden"] for n in want} == pytest.approx(want)
    assert rows["Bedrifter i prosjekter"]["utgangsverdi"] == 6 and rows["Nye arbeidsplasser"]["utgangsaar"] == 2024


def test_a_standard_indicator_with_yearly_targets_needs_a_period_target(tmp_path):
    d = eksempel(2025)
    for r in d["Mål og resultater"]["rows"]:
        if r["indikator"] == "Søknader til Innovasjon Norge":
            r.pop("maal_perioden", None)
    plan = read_file(write_workbook(d, tmp_path / "uten-periodemaal.xlsx"))
    found = [f for f in check_plan(plan) if f.code == "OX-S015"]
    assert len(found) == 1 and found[0].severity == "advarsel" and found[0].sheet == "Mål og resultater"
    assert "«Søknader til Innovasjon Norge»" in found[0].message and "2025, 2026" in found[0].message
    assert not [
        f for f in check_plan(read_file(write_workbook(eksempel(2025), tmp_path / "e.xlsx"))) if f.code == "OX-S015"
    ]
