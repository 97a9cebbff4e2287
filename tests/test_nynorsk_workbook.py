"""The handlingsplan workbook in nynorsk: built in the chosen målform, read back into the same model as its bokmål
twin, validated with the same findings, and holding no bokmål forms in what the user reads."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from omstill_xl import i18n
from omstill_xl import schema as S
from omstill_xl.examples import eksempel_workbook, fjordbygd
from omstill_xl.totals import plan_totals
from omstill_xl.validate import validate
from omstill_xl.workbook.build import build_workbook, write_workbook
from omstill_xl.workbook.xlsx import read_file

ROOT = Path(__file__).resolve().parents[1]
BOKMAAL_WORDS = re.compile(r"\b(ikke|hvordan|hvis|også|fra)\b", re.IGNORECASE)
NN_SHEETS = {
    "Veiledning": "Rettleiing",
    "Innsatsområder": "Innsatsområde",
    "Mål og resultater": "Mål og resultat",
    "Tilsagn": "Tilsegn",
    "Utbetalinger": "Utbetalingar",
    "Annen bagatellmessig støtte": "Anna bagatellmessig støtte",
}


def _twins(tmp_path: Path, data: dict) -> tuple[Path, Path]:
    nb = write_workbook(data, tmp_path / "bokmaal.xlsx", maalform="bokmål")
    nn = write_workbook(data, tmp_path / "nynorsk.xlsx", maalform="nynorsk")
    return nb, nn


def _texts(path: Path) -> dict[str, list[str]]:
    """Every text the user reads, per sheet: cells, input prompts and data-validation messages."""
    wb = load_workbook(path)
    out: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        for dv in ws.data_validations.dataValidation:
            texts += [t for t in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle) if t]
        out[ws.title] = texts
    return out


def test_the_nynorsk_workbook_has_nynorsk_sheet_names_and_its_maalform_field(tmp_path):
    _, nn = _twins(tmp_path, eksempel_workbook(2025))
    wb = load_workbook(nn)
    for nb_name, nn_name in NN_SHEETS.items():
        assert nn_name in wb.sheetnames and nb_name not in wb.sheetnames
    program = wb["Program"]
    row = S.field_row(S.PROGRAM, "maalform")
    assert S.PROGRAM.fields[-1].key == "maalform"  # the last field: older workbooks keep their rows
    assert program.cell(row, 1).value == "Målform" and program.cell(row, 2).value == "nynorsk"
    assert wb.defined_names["Maalform"].attr_text == f"Program!$B${row}"
    # the dynamic list of innsatsområder points at the nynorsk sheet name
    assert wb.defined_names["Liste_Innsatsomrader"].attr_text.startswith("Innsatsområde!")
    statuses = [c.value for c in wb["Lister"]["C"][1:8]]
    assert statuses == ["planlagd", "søkt", "innvilga", "pågår", "avslutta", "utsett", "avslått"]
    tiltak = wb["Tiltak"]
    headers = [c.value for c in tiltak[S.table_header_row(S.TILTAK)]]
    assert "Rekneskap" in headers and "Omstillingsmidlar" in headers and "Regnskap" not in headers


def test_read_back_into_the_same_model_as_the_bokmaal_twin(tmp_path):
    data = eksempel_workbook(2025)
    nb, nn = _twins(tmp_path, data)
    a, b = read_file(nb), read_file(nn)
    assert (a.maalform, b.maalform) == ("nb", "nn")
    da, db = a.to_data(), b.to_data()
    assert db["Program"]["fields"].pop("maalform") == "nn"
    assert da == db == data  # canonical (bokmål) code words, the same numbers
    assert {t.status for t in b.tiltak} <= set(S.STATUSER.values)
    assert plan_totals(a) == plan_totals(b)
    assert b.sheet_names["Innsatsområder"] == "Innsatsområde"
    # the cells know the canonical sheet, the model the workbook's own name for it
    assert b.innsatsomrader[0].cell("id").sheet == "Innsatsområder"


def test_validates_with_the_same_findings_as_the_bokmaal_twin_on_the_workbooks_own_sheets(tmp_path):
    data = copy.deepcopy(eksempel_workbook(2025))
    data["Innsatsområder"]["rows"][0]["navn"] = None  # OX-S001 on the Innsatsområder sheet
    data["Tiltak"]["rows"][1]["status"] = "ukjent"  # OX-S004
    data["Mål og resultater"]["rows"][0]["maal"] = -3  # OX-S013
    nb, nn = _twins(tmp_path, data)
    fa, fb = validate(nb), validate(nn)
    assert [(f.code, f.cell) for f in fa] == [(f.code, f.cell) for f in fb]
    assert {"OX-S001", "OX-S004", "OX-S013"} <= {f.code for f in fb}
    sheets = {f.sheet for f in fb if f.sheet}
    names = load_workbook(nn, read_only=True).sheetnames
    assert sheets <= set(names), sheets - set(names)
    assert {"Innsatsområde", "Mål og resultat"} <= sheets
    assert [f.sheet for f in fa] == [S.canonical_sheet(f.sheet) if f.sheet else None for f in fb]


def test_a_cell_named_in_a_message_is_on_the_workbooks_own_sheet(tmp_path):
    data = copy.deepcopy(eksempel_workbook(2025))
    rows = data["Innsatsområder"]["rows"]
    rows[1]["id"] = rows[0]["id"]  # OX-S005: the same ID twice, the message names the first one's cell
    _, nn = _twins(tmp_path, data)
    plan = read_file(nn)
    assert plan.innsatsomrader[0].address("id") == "Innsatsområde!A5"
    (f,) = [f for f in validate(plan) if f.code == "OX-S005"]
    assert f.sheet == "Innsatsområde" and "Innsatsområde!A5" in f.message and "Innsatsområder!" not in f.message


def test_the_annotated_copy_of_a_nynorsk_workbook_links_to_its_sheets(tmp_path):
    from omstill_xl.workbook.annotate import write_annotated

    data = copy.deepcopy(eksempel_workbook(2025))
    data["Innsatsområder"]["rows"][0]["navn"] = None
    _, nn = _twins(tmp_path, data)
    findings = validate(nn)
    with i18n.use("nynorsk"):
        out = write_annotated(nn, findings, tmp_path / "med-avvik.xlsx")
    wb = load_workbook(out)
    avvik = wb["Avvik"]
    assert [c.value for c in avvik[1]][:3] == ["Alvorsgrad", "Kode", "Ark"]
    target = next(r for r in avvik.iter_rows(min_row=2) if r[1].value == "OX-S001")
    assert target[2].value == "Innsatsområde" and "'Innsatsområde'!" in str(target[3].hyperlink.target)
    assert wb["Innsatsområde"][target[3].value].comment is not None


def test_an_empty_nynorsk_workbook_holds_no_bokmaal_forms(tmp_path):
    """Every label, header, help text, prompt, code word and the Rettleiing sheet: nynorsk, no «ikke, hvordan,
    hvis, også, fra». The Organisasjonsform sheet's texts (and its part of Rettleiing) are the orgform catalogue's."""
    from omstill_xl.orgform.layout import GUIDE_INTRO, GUIDE_ITEMS

    path = write_workbook({}, tmp_path / "tom.xlsx", maalform="nn")
    orgform_texts = {GUIDE_INTRO, *(t for _, _, t in GUIDE_ITEMS), *(t for t, _, _ in GUIDE_ITEMS)}
    orgform_texts |= {i18n.gettext("orgform", t, "nn") for t in orgform_texts}
    kdd_and_kommuner = set(_texts(write_workbook({}, tmp_path / "nb.xlsx", maalform="nb"))["Lister"])
    bad = []
    for sheet, texts in _texts(path).items():
        if sheet == S.ORGFORM_SHEET:
            continue
        for text in texts:
            if text in orgform_texts or (sheet == "Lister" and text in kdd_and_kommuner):
                continue
            if BOKMAAL_WORDS.search(text):
                bad.append((sheet, text))
    assert not bad, bad


def test_every_text_the_catalogue_translates_differs_in_the_nynorsk_workbook(tmp_path):
    nb = _texts(write_workbook({}, tmp_path / "nb.xlsx", maalform="nb"))
    nn = _texts(write_workbook({}, tmp_path / "nn.xlsx", maalform="nn"))
    nb_all = {t for texts in nb.values() for t in texts}
    nn_all = {t for texts in nn.values() for t in texts}
    changed = {}
    for message in sorted(nb_all):
        bare = message.removesuffix(" *").removeprefix("• ")
        translated = i18n.gettext("workbook", bare, "nn")
        if translated != bare:
            changed[bare] = translated
    assert len(changed) > 150
    nn_forms = set(changed.values()) | {i18n.gettext("workbook", t, "nn") for t in nn_all}
    for bokmaal, nynorsk in changed.items():
        assert any(nynorsk == t.removesuffix(" *").removeprefix("• ") for t in nn_all), nynorsk
        if bokmaal not in nn_forms:  # «Innsatsområde» is the nynorsk of «Innsatsområder» and a bokmål header
            assert all(bokmaal != t.removesuffix(" *").removeprefix("• ") for t in nn_all), bokmaal
    guide = nn["Rettleiing"]
    assert "Rettleiing — handlingsplan for omstillingsprogram" in guide
    assert "Arket «Innsatsområde»" in guide and "Arket «Innsatsområder»" not in guide


def test_a_workbook_without_the_maalform_field_reads_as_bokmaal(tmp_path):
    """A workbook made before the field existed: no row, no defined name — bokmål, no finding about it."""
    path = write_workbook(eksempel_workbook(2025), tmp_path / "ny.xlsx")
    wb = load_workbook(path)
    row = S.field_row(S.PROGRAM, "maalform")
    for col in (1, 2, 3):
        wb["Program"].cell(row, col).value = None
    del wb.defined_names["Maalform"]
    wb["Program"].data_validations.dataValidation = [
        dv for dv in wb["Program"].data_validations.dataValidation if f"B{row}" not in str(dv.sqref)
    ]
    old = tmp_path / "gammel.xlsx"
    wb.save(old)
    plan = read_file(old)
    assert plan.maalform == "nb" and plan.program.maalform is None  # no choice of its own: the run's målform applies
    assert "maalform" not in plan.to_data()["Program"]["fields"]
    assert [f.code for f in validate(plan) if f.severity == "feil"] == []


def test_a_workbook_of_the_first_layout_reads_as_bokmaal(tmp_path):
    from .defects import DEFECTS

    old, _ = DEFECTS["OX-S021"](tmp_path)
    assert read_file(old).maalform == "nb"


def test_an_unknown_maalform_is_a_finding_and_reads_as_bokmaal(tmp_path):
    path = write_workbook(eksempel_workbook(2025), tmp_path / "a.xlsx")
    wb = load_workbook(path)
    wb["Program"].cell(S.field_row(S.PROGRAM, "maalform"), 2).value = "svensk"
    wb.save(path)
    plan = read_file(path)
    assert plan.maalform == "nb"
    (f,) = [f for f in validate(plan) if f.cell == f"B{S.field_row(S.PROGRAM, 'maalform')}"]
    assert f.code == "OX-S003" and f.sheet == "Program"


def test_a_mixed_workbook_reads(tmp_path):
    """Bokmål sheet names with nynorsk code words and headers typed in, and the other way round."""
    nb, nn = _twins(tmp_path, eksempel_workbook(2025))
    wb = load_workbook(nb)
    ws = wb["Tiltak"]
    header = S.table_header_row(S.TILTAK)
    status_col = S.TILTAK.table.index("status") + 1
    regnskap_col = S.TILTAK.table.index("regnskap") + 1
    ws.cell(header, regnskap_col).value = "Rekneskap"
    ws.cell(header + 1, status_col).value = "Innvilga"
    ws.cell(header + 2, status_col).value = "  avslutta "
    mixed = tmp_path / "blanda.xlsx"
    wb.save(mixed)
    plan = read_file(mixed)
    assert [plan.tiltak[0].status, plan.tiltak[1].status] == ["innvilget", "avsluttet"]
    wb = load_workbook(nn)
    wb["Tiltak"].cell(header + 1, status_col).value = "pågår"
    wb["Innsatsområde"].title = "Innsatsområder"  # a sheet renamed to bokmål in a nynorsk workbook
    wb.save(mixed)
    plan = read_file(mixed)
    assert plan.tiltak[0].status == "pågår" and plan.sheet_names["Innsatsområder"] == "Innsatsområder"
    assert len(plan.innsatsomrader) == 4


def test_the_builder_follows_the_current_maalform_and_an_explicit_choice(tmp_path):
    with i18n.use("nynorsk"):
        assert "Rettleiing" in build_workbook().sheetnames
    assert "Veiledning" in build_workbook().sheetnames
    recorded = {"Program": {"fields": {"maalform": "nn"}}}
    assert "Rettleiing" in build_workbook(recorded).sheetnames  # a roll-forward keeps the workbook's målform
    assert "Veiledning" in build_workbook(recorded, "bokmål").sheetnames
    with i18n.use("bokmål", explicit=True):  # the user's choice for this run wins over the workbook's
        assert "Veiledning" in build_workbook(recorded).sheetnames
    with pytest.raises(ValueError):
        build_workbook(None, "svensk")


def test_a_nynorsk_workbook_rolls_forward_in_nynorsk(tmp_path):
    from omstill_xl.nextyear import next_year_data

    path = write_workbook(fjordbygd(), tmp_path / "fjordbygd-2026.xlsx")
    plan = read_file(path)
    assert plan.maalform == "nn" and [f.code for f in validate(plan)] == []
    data, _ = next_year_data(plan, 2027)
    new = read_file(write_workbook(data, tmp_path / "fjordbygd-2027.xlsx"))
    assert new.maalform == "nn" and "Rettleiing" in new.facts.sheet_names


def test_the_committed_nynorsk_example_is_what_the_script_builds(tmp_path):
    from omstill_xl.examples import NYNORSK_EXAMPLES, NYNORSK_FOLDER, build_nynorsk_examples

    built = build_nynorsk_examples(tmp_path)
    assert [p.name for p in built] == list(NYNORSK_EXAMPLES)
    for p in built:
        committed = ROOT / "workbooks" / NYNORSK_FOLDER / p.name
        assert committed.exists() and committed.read_bytes() == p.read_bytes(), (
            "workbooks/nynorsk is stale: run python -m omstill_xl.examples workbooks/"
        )
        plan = read_file(committed)
        assert plan.maalform == "nn" and validate(plan) == []


@pytest.mark.parametrize("which", ["eksempel-2025-nynorsk", "fjordbygd-2026"])
def test_the_nynorsk_workbook_recalculates_in_libreoffice(tmp_path, which):
    """LibreOffice opens the nynorsk workbook, computes every formula (no Err:, #NAME?, #REF!) to the model's
    values, and the saved copy reads into the same model."""
    import python_calamine as pc

    from omstill_xl.libreoffice import recalculate
    from omstill_xl.totals import expected_formula_values
    from omstill_xl.workbook.grid import split_ref

    from .conftest import require_soffice

    require_soffice()
    if which == "fjordbygd-2026":
        nn = write_workbook(fjordbygd(), tmp_path / "fjordbygd-2026.xlsx")
    else:
        _, nn = _twins(tmp_path, eksempel_workbook(2025))
    plan = read_file(nn)
    assert plan.maalform == "nn"
    done = recalculate(nn, tmp_path / "lo")
    wb = pc.CalamineWorkbook.from_path(str(done))
    for sheet in wb.sheet_names:
        for row in wb.get_sheet_by_name(sheet).to_python():
            assert not any(isinstance(v, str) and v.startswith(("Err:", "#")) for v in row), (sheet, row)
    expected = expected_formula_values(plan)
    assert len(expected) > 20
    for (sheet, ref), want in expected.items():
        r, c = split_ref(ref)
        got = wb.get_sheet_by_name(plan.sheet_title(sheet)).to_python(skip_empty_area=False)[r - 1][c - 1]
        assert got == (want if isinstance(want, str) else pytest.approx(want)), (sheet, ref)
    assert read_file(done).to_data() == plan.to_data()


def test_the_current_maalform_does_not_change_what_a_workbook_reads_as(tmp_path):
    """Reading and checking depend on the workbook, not on the målform the messages are written in."""
    nb, nn = _twins(tmp_path, eksempel_workbook(2025))
    for path in (nb, nn):
        plain = [(f.code, f.sheet, f.cell) for f in validate(path)]
        data = read_file(path).to_data()
        with i18n.use("nynorsk", explicit=True):
            assert [(f.code, f.sheet, f.cell) for f in validate(path)] == plain
            assert read_file(path).to_data() == data


def test_cross_year_findings_name_the_workbooks_own_sheets(tmp_path):
    from omstill_xl.findings import Finding
    from omstill_xl.programme import group_plans
    from omstill_xl.rules.crossyear import _located

    plan = read_file(write_workbook(fjordbygd(), tmp_path / "fjordbygd-2026.xlsx"))
    found = [
        Finding("OX-X011", "advarsel", "t", "m", "h", file=Path(plan.source).name, sheet="Mål og resultater"),
        Finding("OX-X002", "feil", "t", "m", "h", file=plan.source, sheet="Program"),
        Finding("OX-X004", "feil", "t", "m", "h", file=None, sheet=None),
    ]
    assert [f.sheet for f in _located(found, group_plans([plan]))] == ["Mål og resultat", "Program", None]
