"""The report context: its declared shape, its numbers (equal to the model's), free text and placeholders,
the cumulative figures over several years, Norwegian formatting, and grouping workbooks into programmes."""

from __future__ import annotations

import hashlib
import locale
from pathlib import Path

import pytest

from omstill_xl.findings import Finding
from omstill_xl.report import formatting as F
from omstill_xl.report.context import PLACEHOLDER_PREFIX, Source, build_context, clean
from omstill_xl.report.programmes import output_name, plan_jobs
from omstill_xl.report.variables import CONTEXT, check_context, variables_markdown, walk
from omstill_xl.rules import check_plan
from omstill_xl.totals import plan_totals
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

from .generate import synthetic_plan


def source(path: Path) -> Source:
    plan = read_file(path)
    return Source(plan, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), tuple(check_plan(plan)))


@pytest.fixture(scope="module")
def sources(example_paths) -> dict[str, Source]:
    return {name: source(p) for name, p in example_paths.items()}


# --- the shape ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["eksempel-2025.xlsx", "eksempel-2026.xlsx", "fjellbygd-2026.xlsx"])
def test_context_matches_the_declared_schema(sources, name):
    assert check_context(build_context(sources[name])) == []


def test_context_with_earlier_years_and_extra_sections_matches_the_schema(sources):
    extra = [
        {
            "tittel": "Vurdering av organisasjonsform",
            "avsnitt": ["Tekst."],
            "tabell": {"kolonner": ["Kriterium", "KF"], "rader": [["Eier", "Kommunen"]]},
        }
    ]
    ctx = build_context(sources["eksempel-2026.xlsx"], [sources["eksempel-2025.xlsx"]], extra_sections=extra)
    assert check_context(ctx) == []
    assert ctx["organisering"]["tillegg"] == extra


def test_check_context_finds_drift():
    assert "kontekst.program: mangler" in check_context({"aar": 2025}, CONTEXT)
    assert "kontekst.aar: ventet år, fikk '2025'" in check_context({"aar": "2025"}, CONTEXT)
    ctx_problems = check_context({**{f.key: None for f in CONTEXT.fields}, "ukjent": 1})
    assert "kontekst.ukjent: ikke deklarert" in ctx_problems


def test_readme_variable_section_is_the_generated_one():
    """Once README.md carries the section between the markers, it must be exactly what the schema generates."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- report-variables:start -->", "<!-- report-variables:end -->"
    if start not in readme:
        pytest.skip("README.md has no report variable section yet (python -m omstill_xl.report.variables)")
    section = readme.split(start, 1)[1].split(end, 1)[0]
    assert section.strip() == variables_markdown().strip(), "run: python -m omstill_xl.report.variables"


def test_readme_section_lists_every_variable_and_filter():
    text = variables_markdown()
    for path, _var in walk():
        assert f"`{path}`" in text
    for name in F.FILTERS:
        assert f"`|{name}`" in text


# --- numbers equal the model's -------------------------------------------------------------------------------


def test_numbers_equal_the_model(sources):
    src = sources["eksempel-2025.xlsx"]
    ctx = build_context(src)
    t = plan_totals(src.plan)
    assert ctx["totalt"]["budsjett"] == t.budsjett == 6_150_000
    assert ctx["totalt"]["omstillingsmidler"] == t.by_source["omstillingsmidler"] == 4_000_000
    assert (
        (ctx["totalt"]["innvilget"], ctx["totalt"]["utbetalt"]) == (t.innvilget, t.utbetalt) == (3_850_000, 3_550_000)
    )
    fin = ctx["finansiering"]
    assert fin["fylkeskommunens_tilskudd"] == 3_000_000 and fin["kommunens_egenandel"] == 1_000_000
    assert fin["fylkesandel"] == pytest.approx(0.75) and fin["egenandel_andel"] == pytest.approx(0.25)
    assert fin["ikke_utbetalt"] == 450_000  # domain.md §7: 450 000 unspent
    assert [k["belop"] for k in fin["kilder"]] == [
        t.by_source[k] for k in ("omstillingsmidler", "innovasjon_norge", "naeringsliv", "andre")
    ]
    assert fin["kilder_sum"] == t.budsjett
    by_io = {io["id"]: io for io in ctx["innsatsomrader"]}
    assert (
        {k: v["omstillingsmidler"] for k, v in by_io.items()}
        == {k: v["omstillingsmidler"] for k, v in t.per_innsatsomrade.items()}
        == {"IO1": 1_050_000, "IO2": 700_000, "IO3": 650_000, "IO4": 600_000}
    )
    assert ctx["organisering"]["administrasjon"]["andel"] == pytest.approx(t.admin_andel) == pytest.approx(0.25)
    assert sum(io["antall_tiltak"] for io in ctx["innsatsomrader"]) == ctx["nokkeltall"]["antall_tiltak"] == 14


def test_large_deviations_carry_the_workbook_comment(sources):
    ctx = build_context(sources["eksempel-2025.xlsx"])
    avvik = {a["id"]: a for a in ctx["regnskap"]["store_avvik"]}
    assert set(avvik) == {"T1.1", "T3.1"}  # the same two the validator warns about (OX-A006)
    assert avvik["T1.1"]["kommentar"] == "Siste utbetaling kommer i februar."
    assert avvik["T3.1"]["avvik"] == -300_000 and avvik["T3.1"]["avvik_andel"] == -1.0
    warned = {f.cell for f in sources["eksempel-2025.xlsx"].findings if f.code == "OX-A006"}
    assert len(warned) == len(avvik)


def test_no_regnskap_gives_empty_sums_not_zero(sources):
    ctx = build_context(sources["fjellbygd-2026.xlsx"])
    assert ctx["regnskap"]["har_regnskap"] is False
    assert ctx["totalt"]["regnskap"] is None and ctx["totalt"]["utbetalt"] is None
    assert ctx["totalt"]["innvilget"] == 750_000  # the two started tiltak have their tilsagn, nothing else
    assert (
        ctx["totalt"]["omstillingsmidler"]
        == plan_totals(sources["fjellbygd-2026.xlsx"].plan).by_source["omstillingsmidler"]
    )


# --- free text and placeholders -----------------------------------------------------------------------------


def test_free_text_from_the_workbook_flows_to_its_place(sources):
    ctx = build_context(sources["eksempel-2025.xlsx"])
    assert ctx["program"]["hovedmaal"] == "60 nye eller sikrede arbeidsplasser innen 2030."
    io3 = next(io for io in ctx["innsatsomrader"] if io["id"] == "IO3")
    assert io3["maal"].startswith("Utvikle leverandørindustrien")
    assert io3["kommentarer"] == [
        {
            "id": "T3.1",
            "navn": "Forprosjekt leverandørutvikling havbruk",
            "tekst": "Oppstart utsatt til 2026 fordi havbruksselskapene ba om det. Midlene overføres.",
        }
    ]
    later = ctx["maal"]["senere"]
    assert later == [
        {
            "navn": "Privat andel av sysselsettingen (%)",
            "aar": 2030,
            "maal": 45,
            "kommentar": "Robusthet: fra 38 % i 2024 til 45 % i 2030 (SSB).",
        }
    ]


def test_placeholders_where_the_workbook_has_no_text(tmp_path):
    data = synthetic_plan(6, seed=3)
    data["Innsatsområder"]["rows"][0]["maal"] = None
    data["Tiltak"]["rows"][2].update(regnskap=0)
    path = write_workbook(data, tmp_path / "p.xlsx")
    ctx = build_context(source(path))
    assert ctx["program"]["hovedmaal"].startswith(PLACEHOLDER_PREFIX)
    assert ctx["innsatsomrader"][0]["maal"].startswith(PLACEHOLDER_PREFIX)
    assert ctx["innledning"]["tekst"].startswith(PLACEHOLDER_PREFIX)
    assert all(a["kommentar"].startswith(PLACEHOLDER_PREFIX) for a in ctx["regnskap"]["store_avvik"])
    assert ctx["regnskap"]["store_avvik"], "a tiltak booked at 0 is a large deviation"


def test_clean_keeps_text_safe_for_word():
    assert clean("  a\tb\r\nc\x0bd\x07 ") == "a b\ncd"
    assert clean(12.0) == "12" and clean(None) == ""


def test_stamp_when_made_from_a_workbook_with_errors(sources):
    src = sources["eksempel-2025.xlsx"]
    bad = Source(
        src.plan,
        src.name,
        src.sha256,
        src.findings + (Finding("OX-A001", "feil", "t", "m", "h", src.name, "Tiltak", "K6"),),
    )
    ctx = build_context(bad)
    assert ctx["validert"] is False and ctx["ikke_validert"].startswith("IKKE VALIDERT")
    assert build_context(src)["validert"] is True and build_context(src)["ikke_validert"] == ""


# --- several years ------------------------------------------------------------------------------------------


def test_cumulative_figures_use_earlier_workbooks(sources):
    ctx = build_context(sources["eksempel-2026.xlsx"], [sources["eksempel-2025.xlsx"]])
    assert ctx["maal"]["fra_aar"] == 2025 and ctx["maal"]["kildeaar"] == [2025, 2026]
    jobs = {i["navn"]: i for i in ctx["maal"]["indikatorer"]}
    nye = jobs["Nye arbeidsplasser"]
    assert (nye["maal"], nye["resultat"]) == (5, None)  # 2026: target, no result yet
    assert (nye["maal_hittil"], nye["resultat_hittil"]) == (3 + 5, 4)  # 2025 result from the 2025 workbook
    assert nye["maal_perioden"] == 3 + 5 + 6 + 7 + 7 + 8
    years = {r["aar"]: r for r in ctx["finansiering"]["aar_for_aar"]}
    assert years[2025]["utbetalt"] == 3_550_000 and years[2025]["kilde"] == "eksempel-2025.xlsx"
    # 2026 puts 4 450 000 on tiltak, of which 450 000 is 2025's budget carried over (T1.1 150 000, T3.1 300 000):
    # counted in 2025 already, so 4 000 000 is new — and 8 000 000 over the two years, what was put in
    assert years[2026]["omstillingsmidler"] == 4_000_000 and years[2026]["utbetalt"] is None
    assert ctx["finansiering"]["aar_for_aar_sum"]["omstillingsmidler"] == 8_000_000
    assert ctx["finansiering"]["aar_for_aar_sum"]["fylkeskommune"] == 6_000_000
    assert [t["fil"] for t in ctx["kilde"]["tidligere"]] == ["eksempel-2025.xlsx"]
    chart = ctx["diagrammer"]["arbeidsplasser"]
    assert chart["kategorier"][:2] == ["2025", "2026"]
    assert chart["serier"][1]["verdier"][:2] == [7, None]  # no 2026 results: the line stops, never flat


def test_later_workbooks_are_ignored(sources):
    alone = build_context(sources["eksempel-2025.xlsx"])
    with_later = build_context(sources["eksempel-2025.xlsx"], [sources["eksempel-2026.xlsx"]])
    assert alone == with_later


def test_percent_indicators_are_not_summed(tmp_path):
    data = synthetic_plan(4, seed=1, aar=2026, fra=2025)
    data["Mål og resultater"]["rows"] = [
        {"indikator": "Privat andel (%)", "aar": 2025, "maal": 40, "resultat": 39},
        {"indikator": "Privat andel (%)", "aar": 2026, "maal": 41, "resultat": 42},
    ]
    ctx = build_context(source(write_workbook(data, tmp_path / "a.xlsx")))
    row = ctx["maal"]["indikatorer"][0]
    assert row["summerbar"] is False and row["maal_hittil"] is None and (row["maal"], row["resultat"]) == (41, 42)


# --- formatting -----------------------------------------------------------------------------------------------


def test_norwegian_formatting_never_uses_the_os_locale():
    old = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, "C")
        assert F.kr(1234567) == "1\u00a0234\u00a0567\u00a0kr"
        assert F.prosent(0.125) == "12,5\u00a0%" and F.prosent(0.25) == "25\u00a0%"
        assert F.dato("2026-03-01") == "1. mars 2026"
        assert F.tall(12.5) == "12,5" and F.tall(1234.567, 1) == "1\u00a0234,6"
        assert F.tall(-1500) == "\u22121\u00a0500" and F.prosent(-0.0001, 0) == "0\u00a0%"
        assert F.fortegn(-12500) == "\u221212\u00a0500" and F.fortegn(3) == "+3" and F.fortegn(0) == "0"
        assert F.kr(None) == "–" and F.aar(2025) == "2025"
    finally:
        locale.setlocale(locale.LC_ALL, old)


# --- programmes -----------------------------------------------------------------------------------------------


def _plans(tmp_path, *specs):
    """Workbooks (file name, kommunenummer, programnavn, year) from the synthetic generator, read back."""
    from omstill_xl.programme import group_plans

    plans = []
    for name, knr, navn, aar in specs:
        data = synthetic_plan(3, kommunenummer=knr, aar=aar, fra=2024, til=2029, programnavn=navn)
        plans.append(read_file(write_workbook(data, tmp_path / name)))
    return group_plans(plans)


def test_plan_jobs_groups_years_of_one_programme(tmp_path):
    programmes = _plans(
        tmp_path,
        ("eks-2025.xlsx", "4626", "Omstilling Eksempel", 2025),
        ("eks-2026.xlsx", "4626", "omstilling  eksempel", 2026),
        ("fjell-2026.xlsx", "3424", "Omstilling Fjellbygd", 2026),
        ("gammel-2024.xlsx", "3424", "Omstilling Fjellbygd", 2024),
    )
    jobs, problems = plan_jobs(programmes, 2026)
    assert problems == []
    assert [(j.kommunenummer, Path(j.current.source).name, [Path(p.source).name for p in j.earlier]) for j in jobs] == [
        ("3424", "fjell-2026.xlsx", ["gammel-2024.xlsx"]),
        ("4626", "eks-2026.xlsx", ["eks-2025.xlsx"]),
    ]
    jobs, problems = plan_jobs(programmes, 2025)
    assert [Path(j.current.source).name for j in jobs] == ["eks-2025.xlsx"] and jobs[0].earlier == ()
    assert len(problems) == 1 and "Ingen arbeidsbok for 2025" in problems[0].message
    newest, _ = plan_jobs(programmes, None)
    assert sorted(j.aar for j in newest) == [2026, 2026]


def test_plan_jobs_refuses_two_workbooks_for_the_same_year(tmp_path):
    programmes = _plans(tmp_path, ("x.xlsx", "4626", "P", 2025), ("y.xlsx", "4626", "P", 2025))
    jobs, problems = plan_jobs(programmes, 2025)
    assert jobs == [] and "Flere arbeidsbøker for 2025: x.xlsx, y.xlsx" in problems[0].message


@pytest.mark.parametrize("name", ["../../etc/passwd", "CON", "a/b\\c:d*e?f", " .. ", "x" * 400, "Omstilling Æøå"])
def test_output_names_are_safe(name):
    out = output_name(2025, "4626", name, set())
    assert "/" not in out and "\\" not in out and ".." not in out and out.endswith(".docx")
    assert len(out.encode()) <= 150 and Path(out).name == out


def test_output_names_are_unique():
    taken: set[str] = set()
    assert output_name(2025, "4626", "P", taken) != output_name(2025, "4626", "p", taken)


def test_variable_reference_in_nynorsk():
    """The same table in nynorsk: every description through the catalogues (schema-derived ones through the
    workbook's), the filters' too; the bokmål README stays as generated."""
    from omstill_xl import i18n

    with i18n.use("nn"):
        nn = variables_markdown()
    nb = variables_markdown()
    assert nn != nb and len(nn.splitlines()) == len(nb.splitlines())
    assert "dersom det ikkje er data" in nn and "tusenskiljeteikn" in nn and "(kan vere tom)" in nn
    assert "Filter (norsk formatering" in nn and "hvis det ikke" not in nn and " fra " not in nn
    assert "Tilskot" in nn or "tilskot" in nn
