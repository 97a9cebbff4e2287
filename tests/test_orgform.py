"""The organisasjonsform comparison: data, sheet, reading, scoring, sensitivity, the Word section, the command."""

from __future__ import annotations

import copy
import io
import math
import zipfile

import docx
import openpyxl
import pytest

from omstill_xl import schema as S
from omstill_xl.cli import main
from omstill_xl.errors import NotOmstillWorkbookError, OutputError
from omstill_xl.examples import eksempel_orgform, fjellbygd
from omstill_xl.orgform import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    FORMS,
    Orgform,
    add_orgform_section,
    default_data,
    rank_orgform,
    ranks,
    read_orgform_file,
    score,
    sensitivity,
    weighted_totals,
    write_orgform_docx,
    write_orgform_workbook,
)
from omstill_xl.orgform import layout as L
from omstill_xl.orgform.section import hyphenate, orgform_docx_bytes
from omstill_xl.orgform.text import sensitivity_sentence
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

KF, AS, IKS = "kommunalt foretak (KF)", "aksjeselskap (AS)", "interkommunalt selskap (IKS)"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- the data -----------------------------------------------------------------------------------------


def test_criteria_are_complete_and_default_weights_sum_to_100():
    assert S.ORGANISASJONSFORMER.values == FORMS
    assert len(CRITERIA) == 12 and len({c.key for c in CRITERIA}) == 12
    assert math.isclose(sum(DEFAULT_WEIGHTS.values()), 1.0)
    for c in CRITERIA:
        assert len(c.facts) == len(FORMS) and all(f.strip() for f in c.facts), c.key
        assert c.description.endswith(".") and c.hint.startswith("5 = ")
        assert all(0 <= i < len(FORMS) for i in c.inferred)
    seed = [c.key for c in CRITERIA if c.source == "slide"]
    assert seed == ["eier", "eierinnflytelse", "eierforpliktelse", "styret", "innsyn", "partnerskap"]
    facts = {c.key: dict(zip(FORMS, c.facts)) for c in CRITERIA}
    assert facts["eier"]["stiftelse"] == "Ingen betydning"  # the slide, as stated
    assert facts["eierforpliktelse"]["program"] == "Stor. Programmet er ikke juridisk enhet"
    assert next(c for c in CRITERIA if c.key == "styret").fact(4).endswith(" *")  # inferred cells are marked


# -- the sheet in every handlingsplan workbook --------------------------------------------------------


def test_sheet_sits_before_lister_and_existing_addresses_do_not_move(eksempel_2025):
    wb = openpyxl.load_workbook(eksempel_2025)
    assert wb.sheetnames == list(S.TEMPLATE_SHEETS)
    assert wb.sheetnames.index("Organisasjonsform") == wb.sheetnames.index("Lister") - 1
    assert wb.sheetnames.index("Tiltak") == 3  # xl/worksheets/sheet4.xml, as tests/defects.py relies on
    plan = read_file(eksempel_2025)
    assert next(t for t in plan.tiltak if t.id == "T1.1").address("budsjett") == "Tiltak!K6"


def test_sheet_layout_inputs_formulas_and_protection(eksempel_2025):
    wb = openpyxl.load_workbook(eksempel_2025)
    ws = wb["Organisasjonsform"]
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws["A1"].value == "Valg av organisasjonsform" and "Slik gjør du det" in ws["A3"].value
    # facts: locked text
    assert ws["A7"].value == "Eier" and ws["D7"].value == "Ingen betydning" and ws["D7"].protection.locked
    # inputs: weights (percent) and scores, unlocked, with validation
    assert ws["C23"].value == 0.05 and ws["C23"].protection.locked is False and "%" in ws["C23"].number_format
    assert ws["E24"].value == 5 and ws["E24"].protection.locked is False
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == "=Liste_Poeng" and "D23:I34" in str(lists[0].sqref)
    from omstill_xl.orgform.sheet import POENG_COLUMN
    from omstill_xl.schema import col_letter

    col = col_letter(POENG_COLUMN)  # after the code lists (schema.CODE_LISTS) and the kommune list
    assert col == "S" and wb.defined_names["Liste_Poeng"].attr_text == f"Lister!${col}$2:${col}$6"
    assert [wb["Lister"].cell(r, POENG_COLUMN).value for r in range(2, 7)] == [1, 2, 3, 4, 5]
    # live formulas
    assert ws["C35"].value == "=SUM(C23:C34)"
    assert "SUMPRODUCT($C$23:$C$34,D23:D34)" in ws["D37"].value
    assert ws["E38"].value == '=IF(ISNUMBER(E37),RANK(E37,$D$37:$I$37),"")'
    assert "Program!$B$8" in ws["D41"].value
    for ref in ("C35", "D36", "D37", "D38", "D40"):
        assert ws[ref].protection.locked
    assert ws.conditional_formatting, "the best-ranked form is highlighted"
    for name in (L.NAME_WEIGHTS, L.NAME_SCORES, L.NAME_TOTALS, L.NAME_RANKS):
        assert name in wb.defined_names


def test_guide_explains_the_sheet(eksempel_2025):
    ws = openpyxl.load_workbook(eksempel_2025)["Veiledning"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Arket «Organisasjonsform»" in texts and "Vektet poengsum" in texts


def test_user_text_in_data_is_never_a_formula(tmp_path):
    path = write_orgform_workbook(tmp_path / "o.xlsx", data={"scores": {"eier": {KF: "=1+1"}}})
    ws = openpyxl.load_workbook(path)["Organisasjonsform"]
    assert ws["E23"].data_type == "s" and ws["E23"].value == "=1+1"


def test_unknown_keys_in_data_are_refused(tmp_path):
    with pytest.raises(ValueError, match="criterion"):
        write_orgform_workbook(tmp_path / "a.xlsx", data={"scores": {"pris": {KF: 3}}})
    with pytest.raises(ValueError, match="organisasjonsform"):
        write_orgform_workbook(tmp_path / "b.xlsx", data={"scores": {"eier": {"andelslag": 3}}})


# -- reading --------------------------------------------------------------------------------------------


def test_round_trip_keeps_the_filled_comparison(example_paths):
    plan = read_file(example_paths["eksempel-2025.xlsx"])
    assert plan.orgform is not None and plan.to_data()["Organisasjonsform"] == eksempel_orgform()
    assert plan.orgform.score_cell("eier", KF).address == "Organisasjonsform!E23"


def test_default_comparison_is_left_out_of_to_data(example_paths, tmp_path):
    plan = read_file(example_paths["fjellbygd-2026.xlsx"])
    assert plan.orgform.is_default and "Organisasjonsform" not in plan.to_data()
    data = fjellbygd()
    data["Organisasjonsform"] = {"weights": {}, "scores": {}}  # weights cleared on purpose: kept as such
    cleared = read_file(write_workbook(data, tmp_path / "tom.xlsx"))
    assert cleared.to_data()["Organisasjonsform"] == {"weights": {}, "scores": {}}


def test_older_workbook_without_the_sheet_reads_and_validates_as_before(example_paths, tmp_path):
    for name in ("fjellbygd-2026.xlsx", "eksempel-2025.xlsx"):
        wb = openpyxl.load_workbook(example_paths[name])
        del wb["Organisasjonsform"]
        old = tmp_path / name
        wb.save(old)
        plan = read_file(old)
        assert plan.orgform is None
        assert plan.to_data() == {
            k: v for k, v in read_file(example_paths[name]).to_data().items() if k != "Organisasjonsform"
        }
        assert [(f.code, f.location) for f in validate(old)] == [
            (f.code, f.location) for f in validate(example_paths[name])
        ]
    with pytest.raises(NotOmstillWorkbookError, match="Organisasjonsform"):
        score(plan)


def test_moved_layout_is_a_clear_error(example_paths, tmp_path):
    wb = openpyxl.load_workbook(example_paths["fjellbygd-2026.xlsx"])
    wb["Organisasjonsform"]["A25"] = "Pris"
    bad = tmp_path / "flyttet.xlsx"
    wb.save(bad)
    with pytest.raises(NotOmstillWorkbookError, match=r"Organisasjonsform!A25.*Pris"):
        read_file(bad)


def test_orgform_only_workbook(tmp_path):
    path = write_orgform_workbook(tmp_path / "sammenlikning.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Organisasjonsform", "Lister"] and wb["Lister"].sheet_state == "hidden"
    assert wb["Organisasjonsform"]["A41"].value is None  # no Program sheet to show the chosen form from
    src = read_orgform_file(path)
    assert src.plan is None and src.chosen is None and src.orgform.is_default
    with pytest.raises(OutputError, match="finnes allerede"):
        write_orgform_workbook(path)
    assert write_orgform_workbook(path, overwrite=True) == path


def test_a_file_without_the_sheet_is_refused_by_name(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Budsjett"
    path = tmp_path / "annet.xlsx"
    wb.save(path)
    with pytest.raises(NotOmstillWorkbookError, match="«Organisasjonsform».*«Budsjett»"):
        read_orgform_file(path)


# -- scoring ---------------------------------------------------------------------------------------------


def test_score_dataframe_for_the_example(example_paths):
    frame = score(read_file(example_paths["eksempel-2025.xlsx"]))
    assert list(frame.columns) == ["form", "heading", "weighted_total", "rank", "scored", "complete"]
    assert list(frame["form"]) == list(FORMS)
    best = frame.sort_values("rank").iloc[0]
    assert best["form"] == KF and best["weighted_total"] == pytest.approx(4.05) and best["rank"] == 1
    assert frame.set_index("form").loc[AS, "weighted_total"] == pytest.approx(3.70)
    assert frame["complete"].all() and list(frame["rank"]) == [6, 1, 4, 3, 2, 5]


def test_score_of_an_unscored_comparison_is_empty_not_zero():
    frame = score(Orgform.from_data(None))
    assert frame["weighted_total"].isna().all() and frame["rank"].isna().all() and not frame["complete"].any()


def test_totals_follow_the_sheet_rules():
    weights = {"a": 0.5, "b": 0.5, "c": None}
    scores = {"a": {KF: 4, AS: 2, IKS: None}, "b": {KF: None, AS: 2, IKS: "tre"}, "c": {KF: 5}}
    totals = weighted_totals(weights, scores)
    # blank and text count as 0; a weight that is empty counts as 0; a form with no number at all is None
    assert totals == {KF: 2.0, IKS: None, AS: 2.0}
    assert ranks(totals) == {KF: 1, IKS: None, AS: 1}  # a tie shares the rank, as RANK does


def test_sensitivity_flips_when_one_weight_moves_ten_points():
    weights = {"pris": 0.52, "kvalitet": 0.48}
    scores = {"pris": {KF: 5, AS: 1}, "kvalitet": {KF: 1, AS: 5}}
    s = sensitivity(weights, scores)
    assert s.winners == (KF,) and s.changes
    moves = {(x.criterion, round(x.new, 2)): x.winners for x in s.shifts}
    assert moves == {("pris", 0.42): (AS,), ("kvalitet", 0.58): (AS,)}
    shift = next(x for x in s.shifts if x.criterion == "pris")
    assert shift.totals[AS] == pytest.approx(0.42 + 2.4) and shift.totals[KF] == pytest.approx(2.1 + 0.48)
    text = sensitivity_sentence(s)
    assert "følsom" in text
    assert "«pris» ned fra 52\u00a0% til 42\u00a0%, blir aksjeselskap (AS) best (2,82 mot 2,58)" in text


def test_sensitivity_is_stable_when_the_lead_is_large():
    weights = {"pris": 0.7, "kvalitet": 0.3}
    scores = {"pris": {KF: 5, AS: 1}, "kvalitet": {KF: 4, AS: 5}}
    s = sensitivity(weights, scores)
    assert s.winners == (KF,) and not s.changes and s.shifts == ()
    assert "robust" in sensitivity_sentence(s)


def test_sensitivity_never_moves_a_weight_below_zero():
    s = sensitivity({"a": 0.05, "b": 0.95}, {"a": {KF: 1, AS: 5}, "b": {KF: 5, AS: 1}})
    assert all(x.new >= 0 for x in s.shifts) and not s.changes


def test_sensitivity_without_scores_is_not_assessed():
    s = sensitivity(DEFAULT_WEIGHTS, {})
    assert not s.assessed and not s.changes and "når formene har fått poeng" in sensitivity_sentence(s)


def test_the_example_winner_is_robust(example_paths):
    orgform = read_file(example_paths["eksempel-2025.xlsx"]).orgform
    assert rank_orgform(orgform).winners == (KF,)
    assert not sensitivity(orgform.weights, orgform.scores).changes


# -- the Word section ---------------------------------------------------------------------------------


def _texts(document):
    out = [p.text for p in document.paragraphs]
    for t in document.tables:
        out += [c.text for row in t.rows for c in row.cells]
    return out


def test_docx_has_headings_tables_chart_and_sensitivity(example_paths, tmp_path):
    plan = read_file(example_paths["eksempel-2025.xlsx"])
    path = write_orgform_docx(plan, tmp_path / "organisasjonsform.docx")
    doc = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Valg av organisasjonsform – Omstilling Eksempel")
    assert ("Heading 2", "Fakta om formene") in headings and ("Heading 3", "Følsomhet") in headings
    assert len(doc.tables) == 3 and len(doc.tables[0].rows) == 1 + len(CRITERIA)
    assert len(doc.inline_shapes) == 1
    text = "\n".join(_texts(doc))
    assert "4,05" in text and "3,70" in text and "20\u00a0%" in text  # Norwegian numbers
    assert "Vinneren er robust" in text and "som også er best rangert" in text
    assert "Ingen betydning" in text and "Kilde:" in text
    with zipfile.ZipFile(path) as z:
        assert '<w:lang w:val="nb-NO"/>' in z.read("word/styles.xml").decode()


def test_docx_bytes_are_reproducible(example_paths):
    plan = read_file(example_paths["eksempel-2025.xlsx"])
    assert orgform_docx_bytes(plan) == orgform_docx_bytes(plan)


def test_section_goes_into_an_existing_document_at_a_lower_level(example_paths):
    plan = read_file(example_paths["eksempel-2026.xlsx"])
    doc = docx.Document()
    doc.add_heading("Organisering og drift", 1)
    add_orgform_section(doc, plan, level=2)
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:3] == [
        ("Heading 1", "Organisering og drift"),
        ("Heading 2", "Valg av organisasjonsform"),
        ("Heading 3", "Fakta om formene"),
    ]
    assert ("Heading 4", "Følsomhet") in heads


def test_unscored_section_says_so_without_chart(example_paths):
    plan = read_file(example_paths["fjellbygd-2026.xlsx"])
    doc = docx.Document(io.BytesIO(orgform_docx_bytes(plan)))
    text = "\n".join(_texts(doc))
    assert "ennå ikke fått poeng" in text and len(doc.inline_shapes) == 0


def test_chosen_form_behind_the_winner_is_explained(tmp_path):
    data = copy.deepcopy(eksempel_orgform())
    orgform = Orgform.from_data(data)
    doc = docx.Document()
    add_orgform_section(doc, orgform, chosen=AS)
    text = "\n".join(_texts(doc))
    assert "Kommunen har valgt aksjeselskap (AS)" in text and "0,35 poeng bak kommunalt foretak (KF)" in text
    assert "Aksjeselskap (AS) (valgt)" in text


def test_hyphenation_only_at_compound_joints():
    assert hyphenate("Stor. Generalforsamlingen") == "Stor. General\u00adforsamlingen"
    assert hyphenate("Kommunen") == "Kommunen"


# -- the command ----------------------------------------------------------------------------------------


def test_help_is_norwegian(capsys):
    with pytest.raises(SystemExit) as e:
        main(["orgform", "--help"])
    out = capsys.readouterr().out
    assert e.value.code == 0 and "bruk: omstill orgform" in out and "--out" in out and "usage" not in out


def test_command_prints_ranking_and_writes_docx(capsys, example_paths, tmp_path):
    src = example_paths["eksempel-2025.xlsx"]
    before = src.read_bytes()
    out = tmp_path / "organisasjonsform.docx"
    code, stdout, _ = run(capsys, "orgform", src, "--out", out)
    assert code == 0 and out.exists() and src.read_bytes() == before
    assert "1. Kommunalt foretak (KF)" in stdout and "4,05" in stdout and "Skrev" in stdout
    code, _, err = run(capsys, "orgform", src, "--out", out)
    assert code == 2 and "finnes allerede" in err
    assert run(capsys, "orgform", src, "--out", out, "--overwrite")[0] == 0


def test_command_accepts_an_orgform_only_workbook(capsys, tmp_path):
    book = write_orgform_workbook(tmp_path / "s.xlsx", data=eksempel_orgform())
    code, stdout, _ = run(capsys, "orgform", book, "--out", tmp_path / "s.docx")
    assert code == 0 and "Kommunalt foretak (KF)" in stdout and (tmp_path / "s.docx").exists()


def test_command_refuses_to_write_from_invalid_scores(capsys, tmp_path):
    data = eksempel_orgform()
    data["scores"]["eier"][KF] = 9
    book = write_orgform_workbook(tmp_path / "s.xlsx", data=data)
    code, stdout, _ = run(capsys, "orgform", book, "--out", tmp_path / "s.docx")
    assert code == 1 and "OX-O002" in stdout and "Organisasjonsform!E23" in stdout
    assert not (tmp_path / "s.docx").exists()


def test_command_errors_exit_2_in_norwegian(capsys, tmp_path):
    wb = openpyxl.Workbook()
    path = tmp_path / "annet.xlsx"
    wb.save(path)
    code, _, err = run(capsys, "orgform", path)
    assert code == 2 and "Fant ikke arket «Organisasjonsform»" in err and "Traceback" not in err
    code, _, err = run(capsys, "orgform", tmp_path / "finnes-ikke.xlsx")
    assert code == 2 and err.startswith("omstill:")
    book = write_orgform_workbook(tmp_path / "s.xlsx")
    code, _, err = run(capsys, "orgform", book, "--out", tmp_path / "s.pdf")
    assert code == 2 and ".docx" in err


def test_default_data_is_what_a_new_sheet_has():
    assert Orgform.from_data(default_data()).is_default and Orgform.from_data(None).is_default


def test_ranking_chart_is_native_with_the_ranking_numbers(example_paths):
    """The ranking is a Word chart (chart part + data workbook), best first, the totals as its values."""
    from omstill_xl.orgform.chart import ranking_spec
    from omstill_xl.orgform.criteria import form_heading

    from .test_report_charts import charts_in

    totals = {KF: 4.05, AS: 3.7, IKS: None}
    spec = ranking_spec(totals, chosen=AS)
    assert spec.categories == (form_heading(KF), form_heading(AS) + " (valgt)")
    assert spec.series[0].values == (4.05, 3.7) and spec.points[1][1] is not None  # the chosen form outlined
    with pytest.raises(ValueError):
        ranking_spec({KF: None})
    plan = read_file(example_paths["eksempel-2025.xlsx"])
    (chart,) = charts_in(orgform_docx_bytes(plan))
    assert chart["kind"] == "bar" and chart["series"][0][1][0] == 4.05
    assert chart["categories"][0] == "Kommunalt foretak (KF) (valgt)"
    assert chart["descr"].startswith("Liggende søylediagram: vektet poengsum") and "4,05" in chart["descr"]


def test_section_warns_about_partial_scores_and_weights():
    data = copy.deepcopy(eksempel_orgform())
    del data["scores"]["eier"]["program"]
    data["weights"]["eier"] = 0.10
    doc = docx.Document()
    add_orgform_section(doc, Orgform.from_data(data))
    text = "\n".join(_texts(doc))
    assert "Vektene summerer til 105\u00a0%" in text
    assert "Program har poeng på bare 11 av 12 kriterier" in text


def test_report_section_for_the_arsrapport_hook(example_paths):
    from omstill_xl.orgform import report_section

    section = report_section(read_file(example_paths["eksempel-2025.xlsx"]))
    assert set(section) == {"tittel", "avsnitt", "tabell"} and section["tittel"] == "Vurdering av organisasjonsform"
    assert all(isinstance(a, str) and a for a in section["avsnitt"])
    assert any("Vektene: Eierinnflytelse 20\u00a0%, Styre med observatører 15\u00a0%" in a for a in section["avsnitt"])
    table = section["tabell"]
    assert table["kolonner"] == ["Rang", "Organisasjonsform", "Vektet poengsum", "Kriterier med poeng"]
    assert table["rader"][0] == ["1", "Kommunalt foretak (KF) (valgt)", "4,05", "12 av 12"]
    assert all(isinstance(c, str) for row in table["rader"] for c in row) and len(table["rader"]) == 6
    assert report_section(read_file(example_paths["fjellbygd-2026.xlsx"])) is None  # nothing scored
